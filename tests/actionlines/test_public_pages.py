"""The home page, the action-line list with its facets, one action line, one organization."""

import pytest

from actionlines.models import ActionLine, Facilitation, Organization, ParagraphLink
from documents.models import Paragraph

pytestmark = pytest.mark.django_db


def codes(response):
    return [
        (entry.line.code, entry.matched, [sub.code for sub in entry.sub_lines])
        for entry in response.context["entries"]
    ]


# --- Home -------------------------------------------------------------------------------------


def test_home_has_timeline_figures_and_entry_points(client, browse_data):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    timeline = html[html.index('class="timeline"') :]
    assert timeline.index("1998") < timeline.index("2003") < timeline.index("2005")
    assert response.context["counts"] == {
        "events": 3,
        "documents": 2,  # the draft is not counted
        "paragraphs": 15,
        "action_lines": 4,
    }
    for href in ('href="/documents/"', 'href="/action-lines/"', 'href="/search/"'):
        assert href in html
    assert "More than 11,000 participants" in html


def test_home_query_count(render_page, browse_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        render_page("/")


# --- Action-line list -------------------------------------------------------------------------


def test_list_nests_c7_sub_lines_and_counts(client, browse_data):
    response = client.get("/action-lines/")
    assert response.status_code == 200
    assert codes(response) == [
        ("C1", True, []),
        ("C2", True, []),
        ("C5", True, []),
        ("C7", True, ["C7 e-health"]),
    ]
    html = response.content.decode()
    assert "3 linked paragraphs" in html  # C5: the draft's link is not counted
    facets = {f.name: f for f in response.context["facets"]}
    assert [(c.value, c.count) for c in facets["org"].choices] == [
        ("itu", 3),
        ("unesco", 1),
        ("who", 1),
    ]
    assert [(c.value, c.count) for c in facets["role"].choices] == [
        ("lead", 3),
        ("co_facilitator", 1),
        ("partner", 1),
    ]
    assert [(c.value, c.count) for c in facets["sdg"].choices] == [("9", 3), ("16", 1)]


def test_organization_and_role_describe_one_facilitation(client, browse_data):
    response = client.get("/action-lines/?org=itu&role=lead")
    assert [code for code, *_ in codes(response)] == ["C2", "C5"]
    # UNESCO is a partner of C5, not a lead: no match.
    response = client.get("/action-lines/?org=unesco&role=lead")
    assert codes(response) == []
    assert b"No action line matches these filters." in response.content
    facets = {f.name: f for f in response.context["facets"]}
    # The organization facet counts leads only; the selected UNESCO stays listed at 0.
    assert [(c.value, c.count, c.selected) for c in facets["org"].choices] == [
        ("itu", 2, False),
        ("who", 1, False),
        ("unesco", 0, True),
    ]
    # The role facet counts UNESCO's roles only; the selected role stays listed.
    assert [(c.value, c.count, c.selected) for c in facets["role"].choices] == [
        ("partner", 1, False),
        ("lead", 0, True),
    ]


def test_matching_sub_line_is_shown_under_its_parent(client, browse_data):
    response = client.get("/action-lines/?org=who")
    assert codes(response) == [("C7", False, ["C7 e-health"])]
    assert response.context["match_count"] == 1
    assert b"Shown for its sub-lines below." in response.content


def test_filter_by_sdg(client, browse_data):
    response = client.get("/action-lines/?sdg=16")
    assert [code for code, *_ in codes(response)] == ["C5"]
    assert 'aria-current="true"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("org=nobody", "There is no organization “nobody”."),
        ("role=king", "“king” is not a facilitation role."),
        ("sdg=99", "There is no SDG “99”"),
        ("sdg=abc", "There is no SDG “abc”"),
        ("sdg=1.5", "There is no SDG “1.5”"),
        ("sdg=99999999999999999999999", "There is no SDG"),
        ("org=%00", "Null characters are not allowed."),
        ("page=x", "The page number must be a whole number."),
    ],
)
def test_bad_values_give_a_message(client, browse_data, query, message):
    response = client.get(f"/action-lines/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert len(response.context["entries"]) == 4  # the bad filter is ignored


def test_list_has_a_search_form_for_q(client, browse_data):
    html = client.get("/action-lines/").content.decode()
    assert 'action="/action-lines/"' in html and 'name="q"' in html


def test_list_query_count_is_fixed(render_page, browse_data, django_assert_max_num_queries):
    for n in range(1, 4):
        org = Organization.objects.create(slug=f"org{n}", acronym=f"ORG{n}")
        for line in ActionLine.objects.all():
            Facilitation.objects.create(action_line=line, organization=org, role="partner")
    with django_assert_max_num_queries(7):  # org check, lines, facilitations, 3 facets (+ sdg)
        render_page("/action-lines/?org=itu&role=lead&sdg=9")


# --- One action line --------------------------------------------------------------------------


def test_action_line_page(client, browse_data):
    response = client.get("/action-lines/c5/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Building confidence and security in the use of ICTs</h1>" in html
    assert "A test summary of C5." in html
    # The Plan of Action paragraph that sets it out, inline.
    poa = html[html.index('id="poa-heading"') : html.index('id="fac-heading"')]
    assert "Plan paragraph 3." in poa and 'href="/documents/geneva-plan-of-action/3/"' in poa
    # Facilitators with roles and sources, lead first.
    facilitators = html[html.index('id="fac-heading"') :]
    assert facilitators.index("ITU") < facilitators.index("UNESCO")
    assert (
        "Lead facilitator" in facilitators and "Partner" in facilitators and "S59" in facilitators
    )
    assert 'href="/organizations/itu/"' in html
    assert "SDG 9" in html and "SDG 16" in html
    assert "not yet checked against ITU" in html  # every SDG link is unconfirmed
    # Other linked paragraphs, grouped by document; not the draft's.
    linked = html[html.index('id="linked-heading"') :]
    assert "Tunis Agenda for the Information Society" in linked
    assert (
        'href="/documents/tunis-agenda/7/"' in linked
        and 'href="/documents/tunis-agenda/8/"' in linked
    )
    assert "Hidden draft text." not in html and "secret-draft" not in html


def test_titles_both_shown_when_different(client, browse_data):
    html = client.get("/action-lines/c1/").content.decode()
    assert "Title in the 2003 Plan of Action" in html
    assert "The role of governments and all stakeholders in the promotion of ICTs" in html
    assert "<h1>The role of public governance authorities and all stakeholders</h1>" in html


def test_parent_lists_sub_lines_and_sub_line_is_flagged(client, browse_data):
    assert b'href="/action-lines/c7-e-health/"' in client.get("/action-lines/c7/").content
    html = client.get("/action-lines/c7-e-health/").content.decode()
    assert "The lead facilitator is not confirmed." in html
    assert html.count('class="flag"') >= 2  # the line and the WHO facilitation
    assert 'href="/action-lines/c7/"' in html  # breadcrumb to the parent


def test_upper_case_code_redirects(client, browse_data):
    response = client.get("/action-lines/C5/")
    assert response.status_code == 301 and response["Location"] == "/action-lines/c5/"


def test_action_line_query_count(render_page, browse_data, django_assert_max_num_queries):
    line = browse_data["lines"]["c5"]
    for number in range(20, 60):
        paragraph = Paragraph.objects.create(document=browse_data["agenda"], number=number)
        ParagraphLink.objects.create(action_line=line, paragraph=paragraph)
    with django_assert_max_num_queries(5):
        response = render_page("/action-lines/c5/")
    assert response.content.count(b'href="/documents/tunis-agenda/') >= 42


@pytest.mark.parametrize(
    "path", ["/action-lines/c99/", "/organizations/nobody/", "/action-lines/%00/"]
)
def test_unknown_is_404(client, browse_data, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Page not found" in response.content


# --- Organization -----------------------------------------------------------------------------


def test_organization_page(render_page, browse_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = render_page("/organizations/itu/")
    html = response.content.decode()
    assert "International Telecommunication Union" in html
    assert html.index("C1") < html.index("C2") < html.index("C5")
    assert "Co-facilitator" in html and "Lead facilitator" in html
    assert 'href="/action-lines/?org=itu"' in html


def test_pages_have_one_h1(client, browse_data):
    for path in ["/action-lines/", "/action-lines/c5/", "/organizations/itu/"]:
        html = client.get(path).content.decode()
        assert html.count("<h1") == 1, path
        assert "<script>" not in html and "style=" not in html, path
