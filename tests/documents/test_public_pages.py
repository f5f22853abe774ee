"""The public event, document and paragraph pages, on the small data of tests/conftest.py."""

import re

import pytest
from django.urls import reverse

from actionlines.models import ParagraphLink
from documents.models import Paragraph, Theme

pytestmark = pytest.mark.django_db


def anchors(response):
    return re.findall(r'id="para-(\d+)"', response.content.decode())


# --- Events ---------------------------------------------------------------------------------


def test_event_list_in_date_order_with_published_documents_only(client, browse_data):
    response = client.get("/events/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("ITU Plenipotentiary") < html.index("Geneva") < html.index("Tunis)")
    assert "Tunis Agenda" in html
    assert "Draft" not in html and "unpublished draft" not in html


def test_event_detail_shows_dates_place_figures_source_and_documents(client, browse_data):
    response = client.get("/events/geneva-2003/")
    assert response.status_code == 200
    assert b"10 December 2003" in response.content and b"12 December 2003" in response.content
    assert b"More than 11,000 participants" in response.content
    assert b"S10: the test sheet" in response.content
    assert b'href="/documents/geneva-plan-of-action/"' in response.content


def test_unconfirmed_event_is_flagged(client, browse_data):
    response = client.get("/events/tunis-2005/")
    assert b"not confirmed" in response.content
    assert b"The number of heads of state is not confirmed." in response.content
    assert b"secret-draft" not in response.content


def test_year_precision_event_shows_only_the_year(client, browse_data):
    response = client.get("/events/itu-pp-1998/")
    assert b"1998" in response.content and b"January" not in response.content


# --- Document list, filters and facets -------------------------------------------------------


def test_document_list_hides_drafts_and_counts_facets(client, browse_data):
    response = client.get("/documents/")
    assert response.status_code == 200
    assert [d.slug for d in response.context["page_obj"]] == [
        "geneva-plan-of-action",
        "tunis-agenda",
    ]
    facets = {f.name: f for f in response.context["facets"]}
    assert [(c.value, c.count, c.selected) for c in facets["event"].choices] == [
        ("geneva-2003", 1, False),
        ("tunis-2005", 1, False),  # the draft at Tunis is not counted
    ]
    assert [(c.value, c.count) for c in facets["type"].choices] == [
        ("plan_of_action", 1),
        ("agenda", 1),
    ]
    assert [(c.value, c.count) for c in facets["year"].choices] == [("2003", 1), ("2005", 1)]


def test_filter_by_event_and_type(client, browse_data):
    response = client.get("/documents/?event=tunis-2005&type=agenda")
    assert [d.slug for d in response.context["page_obj"]] == ["tunis-agenda"]
    facets = {f.name: f for f in response.context["facets"]}
    event = facets["event"]
    # The event facet is counted without the event filter but with the type filter.
    assert [(c.value, c.count, c.selected) for c in event.choices] == [("tunis-2005", 1, True)]
    # The type facet counts what each type would give at the selected event.
    assert [(c.value, c.count) for c in facets["type"].choices] == [("agenda", 1)]


def test_facet_links_toggle_and_reset_the_page(client, browse_data):
    response = client.get("/documents/?event=tunis-2005&page=1")
    html = response.content.decode()
    # The selected event links to the list without it; another choice replaces it.
    assert 'href="?" aria-current="true"' in html or 'href="?"\n aria-current' in html
    assert 'href="?event=tunis-2005&amp;year=2005"' in html
    assert 'href="?event=geneva-2003"' in html


def test_filter_by_year(client, browse_data):
    response = client.get("/documents/?year=2003")
    assert [d.slug for d in response.context["page_obj"]] == ["geneva-plan-of-action"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("event=atlantis", "There is no event “atlantis”."),
        ("type=novel", "“novel” is not a document type."),
        ("year=abc", "The year must be a four-digit number"),
        ("year=99999999999999999999", "There are no documents after 2100."),
        ("year=-5", "There are no documents before 1900."),
        ("page=abc", "The page number must be a whole number."),
        ("page=-1", "The page number must be 1 or more."),
        ("page=0", "The page number must be 1 or more."),
        ("event=%00", "Null characters are not allowed."),
        ("type=%00", "is not a document type."),
    ],
)
def test_bad_filter_values_give_a_message_not_an_error(client, browse_data, query, message):
    response = client.get(f"/documents/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert b"That filter was ignored." in response.content
    # The bad value is ignored; the list is still shown.
    assert len(response.context["page_obj"].object_list) == 2


def test_page_past_the_end_shows_the_last_page_and_says_so(client, browse_data):
    response = client.get("/documents/?page=99999")
    assert response.status_code == 200
    assert b"There is no page 99999" in response.content
    assert response.context["page_obj"].number == 1


def test_pagination_links_keep_the_filters(client, browse_data):
    from documents.models import Document

    for n in range(25):
        Document.objects.create(
            slug=f"statement-{n}",
            title=f"Statement {n}",
            short_title=f"S{n}",
            event=browse_data["events"]["tunis"],
            type="statement",
            adopted_on="2005-11-18",
            status="published",
        )
    response = client.get("/documents/?type=statement")
    assert response.context["page_obj"].paginator.num_pages == 2
    html = response.content.decode()
    assert 'href="?type=statement&amp;page=2"' in html
    assert 'aria-current="page">1<' in html
    second = client.get("/documents/?type=statement&page=2")
    assert len(second.context["page_obj"].object_list) == 5


def test_document_list_query_count_is_fixed(
    render_page, browse_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):  # event check, 3 facets, count, page
        render_page("/documents/?event=tunis-2005&type=agenda&year=2005")


# --- Document page ----------------------------------------------------------------------------


def test_document_page_has_an_anchor_per_paragraph_and_its_metadata(client, browse_data):
    response = client.get("/documents/tunis-agenda/")
    assert response.status_code == 200
    assert anchors(response) == [str(n) for n in range(1, 13)]
    html = response.content.decode()
    assert "WSIS-05/TUNIS/DOC/6(Rev.1)-E" in html
    assert "18 November 2005" in html
    assert 'href="https://example.org/agenda"' in html
    assert 'href="/events/tunis-2005/"' in html
    # The paragraph count is not confirmed in the test data.
    assert re.search(r"12\s*<span class=\"flag\">not confirmed</span>", html)


def test_document_page_sections_are_headings_with_a_table_of_contents(client, browse_data):
    response = client.get("/documents/tunis-agenda/")
    html = response.content.decode()
    assert re.search(r'<h2 id="section-a"><span class="sec-label">A</span> Introduction</h2>', html)
    assert '<h3 id="section-b1">' in html  # a sub-section is one level down
    assert 'href="#section-b1"' in html
    # Paragraphs 9–12 have no section key but fall in section C's range.
    section_c = html.index('id="section-c"')
    assert section_c < html.index('id="para-9"')
    assert html.index('id="para-8"') < section_c
    # An unconfirmed section is flagged; a confirmed one is not.
    assert "heading and paragraph range" in html


def test_document_page_labels_summary_and_official_text(client, browse_data):
    html = client.get("/documents/tunis-agenda/").content.decode()
    assert 'Summary <span class="muted">(the portal\'s words)</span>' in html
    assert "Official text</p>" in html and "Official words of paragraph seven." in html
    # An empty official text links to the official source instead.
    assert "read it at the official source" in html
    # Paragraph 8's summary is not confirmed.
    para8 = html[html.index('id="para-8"') : html.index('id="para-9"')]
    assert "not confirmed" in para8


def test_document_page_links_paragraphs_to_their_action_lines_and_themes(client, browse_data):
    html = client.get("/documents/tunis-agenda/").content.decode()
    para8 = html[html.index('id="para-8"') : html.index('id="para-9"')]
    assert 'href="/action-lines/c5/"' in para8
    assert 'href="/action-lines/c7-e-health/"' in para8
    assert "Internet governance" in para8
    for link in ParagraphLink.objects.filter(paragraph__document__slug="tunis-agenda"):
        assert f'href="{link.action_line.get_absolute_url()}"' in html


def test_document_page_has_a_search_form_for_q(client, browse_data):
    html = client.get("/documents/tunis-agenda/").content.decode()
    assert 'action="/documents/tunis-agenda/"' in html and 'name="q"' in html
    assert 'id="doc-q"' in html and 'for="doc-q"' in html


def test_document_page_queries_do_not_grow_with_paragraphs(
    render_page, browse_data, django_assert_max_num_queries
):
    agenda = browse_data["agenda"]
    theme = Theme.objects.create(slug="more", name="More")
    line = browse_data["lines"]["c2"]
    for number in range(13, 123):
        paragraph = Paragraph.objects.create(document=agenda, number=number, summary="More.")
        paragraph.themes.add(theme)
        ParagraphLink.objects.create(action_line=line, paragraph=paragraph)
    with django_assert_max_num_queries(5):  # document, sections, paragraphs, themes, lines
        response = render_page("/documents/tunis-agenda/")
    assert len(anchors(response)) == 122


def test_draft_document_is_404_to_the_public(client, browse_data):
    assert client.get("/documents/secret-draft/").status_code == 404
    assert client.get("/documents/secret-draft/1/").status_code == 404
    assert b"secret-draft" not in client.get("/documents/").content


def test_staff_may_preview_a_draft_with_a_banner(staff_client, browse_data):
    response = staff_client.get("/documents/secret-draft/")
    assert response.status_code == 200
    assert b"Preview \xe2\x80\x94 not published." in response.content
    paragraph = staff_client.get("/documents/secret-draft/1/")
    assert paragraph.status_code == 200
    assert b"Preview \xe2\x80\x94 not published." in paragraph.content
    # Published pages carry no banner, and drafts stay out of the lists even for staff.
    assert b"not published" not in staff_client.get("/documents/tunis-agenda/").content
    assert b"secret-draft" not in staff_client.get("/documents/").content


# --- Paragraph page ---------------------------------------------------------------------------


def test_paragraph_page_has_breadcrumb_neighbours_links_and_citation(client, browse_data):
    response = client.get("/documents/tunis-agenda/8/")
    assert response.status_code == 200
    html = response.content.decode()
    breadcrumb = html[
        html.index('aria-label="Breadcrumb"') : html.index(
            "</nav>", html.index('aria-label="Breadcrumb"')
        )
    ]
    assert "Tunis Agenda" in breadcrumb
    assert "B Internet governance" in breadcrumb and "B1 The forum" in breadcrumb
    assert 'href="/documents/tunis-agenda/7/" rel="prev"' in html
    assert 'href="/documents/tunis-agenda/9/" rel="next"' in html
    assert 'href="/action-lines/c5/"' in html and 'href="/action-lines/c7-e-health/"' in html
    # Other paragraphs on the same action lines: ¶7 and the Plan's ¶3, not the draft's.
    assert 'href="/documents/tunis-agenda/7/">' in html
    assert 'href="/documents/geneva-plan-of-action/3/"' in html
    assert "secret-draft" not in html
    citation = re.search(r'<p class="citation" id="citation">(.*?)</p>', html, re.S).group(1)
    assert citation == (
        "Tunis Agenda for the Information Society, WSIS-05/TUNIS/DOC/6(Rev.1)-E, "
        "paragraph 8 (adopted 18 November 2005). WSIS Outcomes Portal, "
        "http://testserver/documents/tunis-agenda/8/"
    )
    assert 'data-copy-target="citation" hidden' in html  # shown by JS only


def test_first_and_last_paragraph_have_one_neighbour(client, browse_data):
    first = client.get("/documents/tunis-agenda/1/").content.decode()
    assert "First paragraph" in first and 'rel="next"' in first and 'rel="prev"' not in first
    last = client.get("/documents/tunis-agenda/12/").content.decode()
    assert "Last paragraph" in last and 'rel="prev"' in last


def test_paragraph_page_shows_targets_set_out_in_it(client, browse_data):
    assert b"Villages connected" in client.get("/documents/geneva-plan-of-action/2/").content


def test_paragraph_page_query_count(render_page, browse_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(
        8
    ):  # paragraph, themes, lines, targets, sections, prev, next, related
        render_page("/documents/tunis-agenda/8/")


@pytest.mark.parametrize(
    "path",
    [
        "/documents/nope/",
        "/documents/tunis-agenda/999/",
        "/documents/tunis-agenda/0/",
        "/documents/tunis-agenda/99999999999999999999999/",
        "/documents/tunis-agenda/abc/",
        "/documents/tunis%00agenda/",
        "/documents/%E2%9C%93/",
        "/events/nowhere/",
        "/documents/tunis-agenda/-1/",
    ],
)
def test_unknown_addresses_are_404_in_the_site_design(client, browse_data, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'class="site-header"' in response.content


def test_error_templates_render_without_a_request():
    from django.template.loader import render_to_string

    for name in ("400.html", "404.html", "500.html"):
        assert "WSIS Outcomes Portal" in render_to_string(name)


def test_pages_have_one_h1_and_landmarks(client, browse_data):
    for path in [
        "/",
        "/events/",
        "/events/geneva-2003/",
        "/documents/",
        "/documents/tunis-agenda/",
        "/documents/tunis-agenda/8/",
    ]:
        html = client.get(path).content.decode()
        assert html.count("<h1") == 1, path
        assert '<main id="main"' in html and '<nav aria-label="Main">' in html, path
        assert 'class="skip-link" href="#main"' in html, path
        assert "<script>" not in html and "style=" not in html, path


def test_nav_marks_the_current_section(client, browse_data):
    html = client.get("/documents/").content.decode()
    assert 'href="/documents/" aria-current="page"' in html
    html = client.get("/documents/tunis-agenda/").content.decode()
    assert 'href="/documents/" aria-current="true"' in html


def test_reverse_names():
    assert reverse("documents:document_list") == "/documents/"
    assert reverse("documents:event_list") == "/events/"


def test_event_pages_query_count(render_page, browse_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        render_page("/events/")
    with django_assert_max_num_queries(2):
        render_page("/events/tunis-2005/")
