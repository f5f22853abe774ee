import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

SEARCH = reverse("search")


def hits(response):
    return [(hit.kind, str(hit.object)) for hit in response.context["page_obj"].object_list]


def paragraph_numbers(response):
    return [
        hit.object.number
        for hit in response.context["page_obj"].object_list
        if hit.kind == "paragraph"
    ]


def test_empty_query_shows_tips_and_runs_no_search(client, corpus):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEARCH, {"q": "  "})
    assert response.status_code == 200
    assert "Search tips" in response.text
    assert not [q for q in queries if "tsquery" in q["sql"]]


def test_text_ranks_above_summary_above_heading(client, corpus):
    # Paragraph 1 has the word in its text (weight A), 2 in its summary (B); C5 in its summary.
    response = client.get(SEARCH, {"q": "cybersecurity", "type": "paragraph"})
    assert paragraph_numbers(response) == [1, 2]


def test_section_heading_weighs_in_lower(client, corpus):
    # "security" is only in the heading of paragraphs 1 and 2's section, and in paragraph 1's text
    # ("Cybersecurity" is a different word), so both match through the heading.
    response = client.get(SEARCH, {"q": "security matters", "type": "paragraph"})
    assert sorted(paragraph_numbers(response)) == [1, 2]


def test_hits_are_highlighted_and_the_rest_escaped(client, corpus):
    response = client.get(SEARCH, {"q": "spam filters", "type": "paragraph"})
    assert paragraph_numbers(response)[0] == 5
    assert "<mark>spam</mark>" in response.text
    # PostgreSQL's headline drops markup-like tokens; nothing of the text is ever unescaped.
    assert "alert(1)" in response.text
    assert "<script>alert(1)" not in response.text


def test_phrase_or_and_exclusion(client, corpus):
    assert paragraph_numbers(client.get(SEARCH, {"q": '"solidarity fund"'})) == [3]
    assert sorted(paragraph_numbers(client.get(SEARCH, {"q": "phishing or solidarity"}))) == [3, 7]
    assert paragraph_numbers(client.get(SEARCH, {"q": "spam -phishing"})) == [5]


def test_stemming_finds_other_forms(client, corpus):
    response = client.get(SEARCH, {"q": "governance", "type": "paragraph"})
    assert paragraph_numbers(response) == [4]


def test_accents_do_not_matter(client, corpus):
    response = client.get(SEARCH, {"q": "geneve"})
    found = hits(response)
    assert ("paragraph", "Tunis Agenda ¶6") in found
    assert ("event", "Summit first phase") in found


def test_all_types_in_one_ranked_list(client, corpus):
    response = client.get(SEARCH, {"q": "cybersecurity"})
    kinds = {kind for kind, _ in hits(response)}
    assert kinds == {"paragraph", "action_line"}
    assert response.context["results"].counts["action_line"] == 1


def test_action_lines_match_through_facilitators_and_sub_lines(client, corpus):
    assert ("action_line", "C5 Building confidence and security in the use of ICTs") in hits(
        client.get(SEARCH, {"q": "ITU", "type": "action_line"})
    )
    by_sub_line = hits(client.get(SEARCH, {"q": "medical", "type": "action_line"}))
    assert [name for _, name in by_sub_line] == ["C7 e-health E-health", "C7 ICT applications"]


def test_draft_documents_are_never_found(client, corpus):
    response = client.get(SEARCH, {"q": "secretword"})
    assert response.context["results"].total == 0
    assert "Unpublished" not in response.text


def test_facets_count_the_current_query_and_filter(client, corpus):
    response = client.get(SEARCH, {"q": "spam or fund or cybersecurity"})
    facets = {f.name: f.choices for f in response.context["facets"]}
    documents = {c.value: c.count for c in facets["document"]}
    assert documents == {"tunis-agenda": 5, "a-res-70-125": 1}
    narrowed = client.get(
        SEARCH, {"q": "spam or fund or cybersecurity", "document": "a-res-70-125"}
    )
    assert paragraph_numbers(narrowed) == [40]
    chosen = {f.name: f.choices for f in narrowed.context["facets"]}["document"]
    assert chosen[0].selected and 'aria-current="true"' in narrowed.text


def test_theme_and_action_line_filters(client, corpus):
    assert paragraph_numbers(client.get(SEARCH, {"q": "inclusive", "theme": "igf"})) == [4]
    response = client.get(SEARCH, {"q": "cybersecurity", "action_line": "c5"})
    assert set(hits(response)) == {
        ("action_line", str(corpus["c5"])),
        ("paragraph", "Tunis Agenda ¶1"),
    }


def test_unknown_filter_values_are_reported_not_fatal(client, corpus):
    response = client.get(SEARCH, {"q": "spam", "document": "no-such-doc", "type": "poem"})
    assert response.status_code == 200
    assert "could not be used" in response.text
    assert 5 in paragraph_numbers(response)


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("C5", "/action-lines/c5/"),
        ("c5", "/action-lines/c5/"),
        ("c7 e-health", "/action-lines/c7-e-health/"),
        ("Tunis Agenda 2", "/documents/tunis-agenda/2/"),
        ("TA 2", "/documents/tunis-agenda/2/"),
        ("tunis agenda para 3", "/documents/tunis-agenda/3/"),
        ("A/RES/70/125", "/documents/a-res-70-125/"),
        ("A/RES/70/125 40", "/documents/a-res-70-125/40/"),
    ],
)
def test_references_go_straight_to_their_page(client, corpus, query, target):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 302
    assert response.url == target


def test_references_to_missing_things_search_instead(client, corpus):
    assert client.get(SEARCH, {"q": "C9"}).status_code == 200
    assert client.get(SEARCH, {"q": "Tunis Agenda 999"}).status_code == 200
    assert client.get(SEARCH, {"q": "Notes 1"}).status_code == 200  # a draft's short title


def test_typo_gets_a_suggestion_and_its_results(client, corpus):
    response = client.get(SEARCH, {"q": "cybersecurty"})
    assert response.context["suggestion"] == "cybersecurity"
    assert "Showing results for" in response.text
    assert paragraph_numbers(response) == [1, 2]


def test_quoted_typo_is_not_replaced(client, corpus):
    response = client.get(SEARCH, {"q": '"cybersecurty"'})
    assert response.context["suggestion"] == '"cybersecurity"'
    assert response.context["results"].total == 0
    assert "Did you mean" in response.text


def test_query_count_does_not_grow_with_results(client, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        client.get(
            SEARCH, {"q": "spam or fund or cybersecurity or geneve", "document": "tunis-agenda"}
        )


def test_long_query_is_cut_with_a_note(client, corpus):
    response = client.get(SEARCH, {"q": "spam " * 100})
    assert response.status_code == 200
    assert "shortened to its first 200" in response.text
    assert len(response.context["terms"].text) <= 200


@pytest.mark.parametrize(
    "query",
    [
        "\x00",
        "spam\x00filters",
        "&",
        "|",
        "!",
        ":*",
        "!!&|:*",
        '"unbalanced',
        "'; DROP TABLE documents_paragraph; --",
        "<script>alert('x')</script>",
        '"><img src=x onerror=alert(1)>',
        "🙂🙂",
        "حوكمة الإنترنت",
        "the",
        "%",
        "\\",
    ],
)
def test_odd_input_gives_a_normal_page(client, corpus, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "<img src=x" not in response.text


def test_words_only_drafts_hold_are_never_suggested(client, corpus):
    # "secretword" is only in the draft; a near miss must not reveal it.
    response = client.get(SEARCH, {"q": "secretwords"})
    assert "suggestion" not in response.context
    assert "secretword" not in response.text.replace("secretwords", "")


def test_a_filter_that_leaves_nothing_can_still_be_removed(client, corpus):
    response = client.get(SEARCH, {"q": "spam", "theme": "igf"})
    assert response.context["results"].total == 0
    themes = [f for f in response.context["facets"] if f.name == "theme"][0]
    assert [(c.value, c.selected) for c in themes.choices] == [("igf", True)]


def test_total_is_a_floor_only_when_paragraphs_are_capped(client, corpus, monkeypatch):
    monkeypatch.setattr("actionlines.search.CANDIDATE_LIMIT", 2)
    capped = client.get(SEARCH, {"q": "spam or fund or cybersecurity"})
    assert capped.context["total_is_floor"] and "More than" in capped.text
    events_only = client.get(
        SEARCH, {"q": "spam or fund or cybersecurity or geneve", "type": "event"}
    )
    assert not events_only.context["total_is_floor"]
