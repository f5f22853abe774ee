"""Searching within one document, and searching the action lines."""

import pytest


def test_document_search_lists_matches_in_document_order(client, corpus):
    response = client.get("/documents/tunis-agenda/", {"q": "spam or cybersecurity"})
    assert response.status_code == 200
    assert [p.number for p in response.context["matches"]] == [1, 2, 5, 7]
    assert "4 paragraphs match" in response.text
    assert '<a href="#para-5">Paragraph 5</a>' in response.text
    assert "<mark>spam</mark>" in response.text
    assert 'id="para-7"' in response.text  # the whole document still follows


def test_document_search_only_searches_that_document(client, corpus):
    response = client.get("/documents/a-res-70-125/", {"q": "spam"})
    assert response.context["matches"] == []
    assert "No paragraph of this document matches" in response.text


def test_document_search_with_only_stop_words_or_odd_input(client, corpus):
    for query in ["the", "&", "\x00", "<script>x</script>", "🙂"]:
        response = client.get("/documents/tunis-agenda/", {"q": query})
        assert response.status_code == 200
        assert "<script>x" not in response.text


def test_document_search_runs_a_fixed_number_of_queries(
    client, corpus, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        client.get("/documents/tunis-agenda/", {"q": "spam or cybersecurity or fund"})


def test_action_lines_ranked_by_match(client, corpus):
    response = client.get("/action-lines/", {"q": "medical"})
    assert [entry.line.code for entry in response.context["entries"]] == ["C7 e-health", "C7"]
    assert "best match first" in response.text


def test_action_lines_found_through_facilitator_and_linked_paragraphs(client, corpus):
    by_facilitator = client.get("/action-lines/", {"q": "ITU"})
    assert [entry.line.code for entry in by_facilitator.context["entries"]] == ["C5"]
    by_paragraph = client.get("/action-lines/", {"q": "stakeholder"})  # paragraph 1's text
    assert [entry.line.code for entry in by_paragraph.context["entries"]] == ["C5"]


def test_action_line_search_combines_with_filters(client, corpus):
    response = client.get("/action-lines/", {"q": "security", "org": "itu", "role": "lead"})
    assert [entry.line.code for entry in response.context["entries"]] == ["C5"]
    response = client.get("/action-lines/", {"q": "security", "role": "partner"})
    assert response.context["entries"] == []


@pytest.mark.parametrize("query", ["\x00", "&", ":*", '"', "<b>bold</b>", "x" * 500])
def test_action_line_search_odd_input(client, corpus, query):
    response = client.get("/action-lines/", {"q": query})
    assert response.status_code == 200
    assert "<b>bold" not in response.text
