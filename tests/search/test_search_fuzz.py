import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Every query carries "<zq", a tag opening that the page's own markup never holds, so finding it
# in the page means the query was reflected unescaped.
MARKER = "<zq"
ODD_TEXT = st.one_of(
    st.text(max_size=200),
    st.text(alphabet="<>&\"'|!:*()-\x00 abc", max_size=40),
    st.sampled_from(["C5", "TA 72", "A/RES/70/125", "c7 e-health", "PoA 6", "&", ":*"]),
)
QUERIES = st.builds(lambda before, after: f"{before}{MARKER}{after}", ODD_TEXT, ODD_TEXT)


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/search/", "/action-lines/", "/documents/tunis-agenda/"])
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.one_of(ODD_TEXT, QUERIES), page=st.one_of(st.none(), st.text(max_size=8)))
def test_any_query_gives_a_page_with_nothing_unescaped(client, corpus, address, query, page):
    params = {"q": query} if page is None else {"q": query, "page": page}
    response = client.get(address, params)
    assert response.status_code in (200, 302)
    assert MARKER not in response.text
