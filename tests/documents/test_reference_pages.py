"""The public pages with the real reference data (load_reference_data)."""

import re

import pytest
from django.core.management import call_command

from actionlines.models import ParagraphLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_data(db):
    call_command("load_reference_data", verbosity=0)


def test_tunis_agenda_has_122_paragraph_anchors(client, reference_data):
    response = client.get("/documents/tunis-agenda/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r'id="para-\d+"', html)) == 122
    assert "WSIS-05/TUNIS/DOC/6(Rev.1)-E" in html
    for link in ParagraphLink.objects.filter(paragraph__document__slug="tunis-agenda"):
        assert f'href="{link.action_line.get_absolute_url()}"' in html


def test_tunis_agenda_page_does_no_per_paragraph_queries(
    render_page, reference_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        render_page("/documents/tunis-agenda/")


def test_plan_of_action_links_its_paragraphs_to_the_action_lines(client, reference_data):
    html = client.get("/documents/geneva-plan-of-action/").content.decode()
    for link in ParagraphLink.objects.filter(paragraph__document__slug="geneva-plan-of-action"):
        assert f'href="{link.action_line.get_absolute_url()}"' in html


def test_c5_names_itu_as_facilitator(client, reference_data):
    html = client.get("/action-lines/c5/").content.decode()
    facilitators = html[html.index('id="fac-heading"') :]
    assert 'href="/organizations/itu/">ITU</a>' in facilitators
    assert "Lead facilitator" in facilitators
    assert 'href="/documents/geneva-plan-of-action/12/"' in html  # PoA para 12 inline


def test_every_page_type_renders_with_the_reference_data(client, reference_data):
    for path in [
        "/",
        "/events/",
        "/events/geneva-2003/",
        "/documents/",
        "/documents/?event=tunis-2005&type=agenda",
        "/documents/geneva-declaration/",
        "/documents/tunis-commitment/",
        "/documents/a-res-70-125/",
        "/documents/tunis-agenda/72/",
        "/action-lines/",
        "/action-lines/c7-e-health/",
        "/organizations/itu/",
    ]:
        assert client.get(path).status_code == 200, path


def test_home_counts_eleven_action_lines(client, reference_data):
    assert client.get("/").context["counts"]["action_lines"] == 11


def test_documents_filter_by_event_and_type(client, reference_data):
    response = client.get("/documents/?event=tunis-2005&type=agenda")
    assert [d.slug for d in response.context["page_obj"]] == ["tunis-agenda"]
