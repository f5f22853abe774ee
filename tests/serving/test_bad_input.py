"""Every public URL pattern, with arbitrary segments and query strings: never a 500, and
nothing a visitor sends comes back as markup."""

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PROBE = "<x-probe"
NASTY = [
    "\x00",
    "a\x00b",
    "x" * 5000,
    "%ff%fe",
    "%c3%28",
    "%",
    "%%",
    "<x-probe onmouseover=alert(1)>",
    '"><x-probe>',
    "'><x-probe>",
    "</textarea><x-probe>",
    "&lt;x-probe&gt;",
    "\u202e\ufeff",
    "' OR 1=1 --",
    "-1",
    "0",
    "99999999999999999999",
    "c5",
    "tunis-agenda",
]


def public_patterns(patterns=None, prefix=""):
    """(route, converters) of every public pattern: everything but the admin and /healthz."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from public_patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and entry.name != "healthz":
            yield route


ROUTES = sorted(set(public_patterns()))

values = st.one_of(st.sampled_from(NASTY), st.text(max_size=40), st.text(max_size=300))
# A query string as sent on the wire: repeated keys, raw (maybe broken) escapes.
raw_values = st.one_of(
    values.map(lambda v: quote(v, safe="")),
    st.sampled_from(["%ff", "%00", "%zz", "%e2%82", "a%2", "<x-probe>", "%3Cx-probe%3E"]),
)
keys = st.one_of(st.sampled_from(["q", "page", "event", "type", "theme", "org", "sdg"]), values)
query_strings = st.lists(
    st.tuples(keys.map(lambda k: quote(k, safe="")), raw_values), max_size=6
).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))


def fill(route, segments):
    """The route with each <converter:name> replaced by a (percent-encoded) arbitrary value."""
    parts = iter(segments)
    return "/" + re.sub(r"<[^>]+>", lambda m: quote(next(parts), safe=""), route)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_public_pattern_survives_arbitrary_input(route, data, production_http, browse_data):
    segments = [data.draw(values, label="segment") for _ in re.findall(r"<[^>]+>", route)]
    query = data.draw(query_strings, label="query")
    path = fill(route, segments) + ("?" + query if query else "")
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code < 500, path
    if not response.streaming:
        body = response.content.decode("utf-8", "replace")
        assert PROBE not in body, path
