"""Search latency against corpus size: the search page versus a naive icontains scan.

Builds synthetic corpora of 4,000, 40,000 and 400,000 paragraphs (10x, 100x and 1000x a
reference corpus of about 400 paragraphs, the six outcome documents once imported), each in
a database of its own, `wsis_bench_search_<size>`, on the server DATABASE_URL points to.
Paragraph texts are drawn from a word list with a Zipf distribution, so that the commonest words are
in nearly every paragraph and the rarest in a handful, as in real text.

For each size and each of 20 fixed queries it times (the median of several runs):
- the search page's query work: what the view does before rendering (the shortcut check, the
  ranked hits of every type, facets, the first page's highlighted snippets);
- the whole page: the view through Django's RequestFactory, template included;
- a naive baseline: `icontains` on every word, the first 20 rows and an exact count;
then reports the median and p95 over the queries and the speed-up, and writes them into
docs/benchmarks.md.

    DATABASE_URL=postgres://... python bench/search.py [--sizes 4000,40000,400000] [--runs 5]

`make bench` runs it against the embedded `run` cluster. The corpora are kept between runs, so
a second run skips the builds (about 8 minutes for the largest).
"""

import argparse
import datetime
import io
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DATABASE = "wsis_bench_search_{size}"
PARAGRAPHS_PER_DOCUMENT = 4000
WORDS_PER_PARAGRAPH = 60

# Common words first: their rank sets their frequency.
DOMAIN_WORDS = """
information society development countries internet governance access digital international
cooperation stakeholders knowledge capacity building infrastructure national policy services
education public private sector support community regional security networks confidence
financing mechanisms implementation technologies global economic social content languages
media culture science health learning employment environment agriculture business government
research trade women youth rural connectivity broadband affordable investment innovation
training schools libraries archives museums universities hospitals broadcasting spectrum
standards interoperability privacy protection consumers cybercrime spam encryption trust
identity diversity ethics freedom expression solidarity fund voluntary partnership forum
multistakeholder transparency democratic accountability secretariat review evaluation
indicators measurement targets benchmarks monitoring reporting facilitation moderation
telecommunication satellite wireless mobile telephony fibre backbone exchange routing
domain names addresses registries root servers protocols software open source licensing
copyright patents intellectual property e-commerce payments taxation customs logistics
disaster early warning climate meteorology pollution waste energy water biodiversity
telemedicine epidemics vaccines nutrition literacy teachers curricula scholarships migration
disabilities elderly indigenous minorities refugees poverty inequality gender divide
""".split()
QUERIES = [
    "information",
    "information society",
    "development countries",
    "internet governance",
    '"digital divide"',
    "capacity building",
    "security or privacy",
    "financing -voluntary",
    "broadband",
    "telemedicine epidemics",
    "solidarity fund",
    "indigenous languages",
    "spectrum",
    '"open source software"',
    "disaster early warning",
    "governing",
    "refugees or migration",
    "interoperability standards",
    "climate",
    "zorvakentil",
]


def corpus_words(rng):
    syllables = ["ka", "lo", "mi", "ren", "ta", "vo", "shi", "dun", "pe", "ra", "sol", "ni"]
    invented = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) + "ex" for _ in range(6000)}
    words = DOMAIN_WORDS + sorted(invented - set(DOMAIN_WORDS))
    weights = [1 / (rank**1.05) for rank in range(1, len(words) + 1)]
    return words, weights


def bench_database_url(size):
    name = BENCH_DATABASE.format(size=size)
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("error: set DATABASE_URL (make bench does) to the PostgreSQL server to use")
    config = dj_database_url.parse(url)
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"],
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f"CREATE DATABASE {name}")
    admin.close()
    return url.rsplit("/", 1)[0] + "/" + name


def use_database(url):
    """Point Django's default connection at one corpus's database, migrated."""
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    cache.clear()  # typo suggestions are cached per process
    settings.DATABASES["default"].update(dj_database_url.parse(url))
    connections["default"].settings_dict.update(settings.DATABASES["default"])
    call_command("migrate", verbosity=0)


def grow_corpus(size, rng):
    from django.db import connection

    from documents.models import Document, Event, Paragraph

    event, _ = Event.objects.get_or_create(
        slug="bench-event",
        defaults={"name": "Benchmark event", "kind": "meeting", "start_date": "2003-12-10"},
    )
    current = Paragraph.objects.count()
    if current >= size:
        return current
    words, weights = corpus_words(random.Random(1))
    started = time.perf_counter()
    for first in range(current, size, PARAGRAPHS_PER_DOCUMENT):
        index = first // PARAGRAPHS_PER_DOCUMENT
        document, _ = Document.objects.get_or_create(
            slug=f"bench-{index}",
            defaults={
                "title": f"Synthetic document {index}",
                "short_title": f"Synthetic {index}",
                "symbol": f"BENCH/{index}",
                "event": event,
                "type": "statement",
                "adopted_on": "2005-11-18",
                "status": "published",
            },
        )
        rows = io.StringIO()
        for i in range(first, min(size, first + PARAGRAPHS_PER_DOCUMENT)):
            text = " ".join(rng.choices(words, weights, k=WORDS_PER_PARAGRAPH))
            summary = " ".join(rng.choices(words, weights, k=12))
            number = i % PARAGRAPHS_PER_DOCUMENT + 1
            rows.write(f"{document.pk}\t{number}\t{text}\t{summary}\t\tf\tenglish_unaccent\n")
        rows.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_from(
                rows,
                "documents_paragraph",
                columns=[
                    "document_id",
                    "number",
                    "text",
                    "summary",
                    "source",
                    "verified",
                    "search_config",
                ],
            )
        print(f"  {min(size, first + PARAGRAPHS_PER_DOCUMENT):>7} paragraphs", end="\r")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE documents_paragraph")
    print(f"  built {size} paragraphs in {time.perf_counter() - started:.0f} s")
    return size


def time_call(function, runs):
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def search_page(query):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from actionlines.search_views import search

    request = RequestFactory().get("/search/", {"q": query})
    request.user = AnonymousUser()
    response = search(request)
    assert response.status_code == 200, (query, response.status_code)


def search_query_work(query):
    from actionlines.search import shortcut_url
    from actionlines.search_views import search_page
    from documents.search import search_terms_parse

    terms = search_terms_parse(query)
    assert terms.has_lexemes and shortcut_url(terms.text) is None, query
    search_page(terms=terms, filters={}, page=1)


def naive_scan(query):
    from django.db.models import Q

    from documents.models import Paragraph

    words = [w for w in query.replace('"', " ").split() if w not in {"or"} and w[0] != "-"]
    condition = Q()
    for word in words:
        condition &= Q(text__icontains=word) | Q(summary__icontains=word)
    matches = Paragraph.objects.published().filter(condition)
    list(matches.order_by("pk")[:20])
    matches.count()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(size, runs):
    work_times = [time_call(lambda q=q: search_query_work(q), runs) for q in QUERIES]
    page_times = [time_call(lambda q=q: search_page(q), runs) for q in QUERIES]
    baseline_runs = 1 if size > 50_000 else runs
    naive_times = [time_call(lambda q=q: naive_scan(q), baseline_runs) for q in QUERIES]
    return {
        "size": size,
        "work_median": statistics.median(work_times),
        "work_p95": percentile(work_times, 0.95),
        "page_median": statistics.median(page_times),
        "page_p95": percentile(page_times, 0.95),
        "naive_median": statistics.median(naive_times),
        "naive_p95": percentile(naive_times, 0.95),
        "per_query": list(zip(QUERIES, work_times, page_times, naive_times, strict=True)),
    }


def report(results, runs):
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    lines = [
        "<!-- search-bench:start -->",
        "## Search latency against corpus size",
        "",
        f"Measured {datetime.date.today().isoformat()} on {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, by `make bench` (`python bench/search.py`). "
        f"Each figure is over the 20 queries of `bench/search.py`; each query's time is the "
        f"median of {runs} runs (1 run for the baseline above 50,000 paragraphs). *Query work* "
        "is what the search view does before rendering: the reference shortcut check, the ranked "
        "hits of every type, the facets and the first page's highlighted snippets. *Whole page* "
        "adds the template (through Django's RequestFactory). The baseline is `icontains` on "
        "every word, its first 20 rows and an exact count. Speed-ups compare the query work "
        "with the baseline.",
        "",
        "| paragraphs | query work median | query work p95 | whole page median "
        "| whole page p95 | icontains median | icontains p95 | speed-up median | speed-up p95 |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['size']:,} | {r['work_median']:.1f} ms | {r['work_p95']:.1f} ms "
            f"| {r['page_median']:.1f} ms | {r['page_p95']:.1f} ms "
            f"| {r['naive_median']:.1f} ms | {r['naive_p95']:.1f} ms "
            f"| {r['naive_median'] / r['work_median']:.0f}x "
            f"| {r['naive_p95'] / r['work_p95']:.0f}x |"
        )
    largest = results[-1]
    met = largest["work_p95"] < 50 and largest["naive_p95"] / largest["work_p95"] >= 20
    lines += [
        "",
        f"Target at the largest size: query work p95 under 50 ms and at least 20x faster than "
        f"the baseline: **{'met' if met else 'not met'}** ({largest['work_p95']:.1f} ms, "
        f"{largest['naive_p95'] / largest['work_p95']:.0f}x at p95). Runs on this shared "
        "virtual machine vary by about 5 ms at p95.",
        "",
        "How the time stays flat as the corpus grows: the search vectors are stored and "
        "GIN-indexed; only the first matches the index finds (`CANDIDATE_LIMIT` in "
        "`documents/search.py`) are ranked, so a word found in nearly every paragraph costs "
        'about what a rare one does, and result counts above that limit are shown as "more '
        'than"; facets are counted over those ranked matches; snippets are made for the '
        "first page only. What is left is mostly fixed cost (about a dozen queries' planning "
        "and Django's query building), which is why 4,000 paragraphs cost nearly as much as "
        "400,000. Phrase queries over common words are the slowest: PostgreSQL checks word "
        "positions row by row.",
        "",
        f"Per query at {largest['size']:,} paragraphs (ms):",
        "",
        "| query | query work | whole page | icontains |",
        "|---|---:|---:|---:|",
        *[f"| `{q}` | {w:.1f} | {p:.1f} | {n:.1f} |" for q, w, p, n in largest["per_query"]],
        "<!-- search-bench:end -->",
    ]
    return "\n".join(lines)


def write_report(text):
    path = ROOT / "docs" / "benchmarks.md"
    current = path.read_text() if path.exists() else "# Benchmarks\n"
    start, end = "<!-- search-bench:start -->", "<!-- search-bench:end -->"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        after = rest.split(end, 1)[1]
        current = before + text + after
    else:
        current = current.rstrip() + "\n\n" + text + "\n"
    path.write_text(current)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="4000,40000,400000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print, do not edit the docs")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    urls = {size: bench_database_url(size) for size in sizes}
    os.environ["DATABASE_URL"] = urls[sizes[0]]
    os.environ["DJANGO_SETTINGS_MODULE"] = "wsis_portal.settings.test"
    import django

    django.setup()
    results = []
    for size in sizes:
        print(f"corpus of {size:,} paragraphs")
        use_database(urls[size])
        grow_corpus(size, random.Random(2003))
        results.append(measure(size, args.runs))
        r = results[-1]
        print(
            f"  query work median {r['work_median']:.1f} ms, p95 {r['work_p95']:.1f} ms; "
            f"whole page median {r['page_median']:.1f} ms, p95 {r['page_p95']:.1f} ms; "
            f"icontains median {r['naive_median']:.1f} ms, p95 {r['naive_p95']:.1f} ms"
        )
    text = report(results, args.runs)
    print(text)
    if not args.no_write:
        write_report(text)


if __name__ == "__main__":
    main()
