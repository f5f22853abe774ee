"""History: every create, change and delete is recorded with who and when; revert restores."""

import pytest
from django.urls import reverse

from actionlines.models import Facilitation, Organization, ParagraphLink
from documents.diffs import word_diff_html
from documents.models import Document, Event, Paragraph, Section, Theme
from documents.services import history_revert

pytestmark = pytest.mark.django_db


def test_word_diff_escapes_everything_and_marks_changes():
    html = word_diff_html("Keep <b>old</b> & words.", "Keep <b>new</b> & words, too.")
    assert str(html) == (
        "Keep &lt;b&gt;<del>old</del><ins>new</ins>&lt;/b&gt; &amp; words<ins>, too</ins>."
    )


@pytest.mark.parametrize("model", [Event, Document, Section, Paragraph])
def test_documents_models_are_tracked(model):
    assert hasattr(model, "history")


def test_actionlines_models_are_tracked():
    from actionlines.models import ActionLine

    for model in (ActionLine, Facilitation, ParagraphLink):
        assert hasattr(model, "history")


def test_admin_create_change_delete_are_recorded_with_the_user(
    editor_client, editor, publisher, document, paragraphs
):
    from django.test import Client

    publisher_client = Client()
    publisher_client.force_login(publisher)
    paragraph = paragraphs[0]
    url = reverse("admin:documents_paragraph_change", args=[paragraph.pk])
    data = {
        "document": document.pk,
        "number": 1,
        "section": paragraph.section_id,
        "text": paragraph.text,
        "summary": "A better summary.",
        "source": "",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302
    latest = paragraph.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == editor
    assert latest.summary == "A better summary."
    assert latest.prev_record.summary == "Summary 1."

    publisher_client.post(
        reverse("admin:documents_paragraph_delete", args=[paragraph.pk]), {"post": "yes"}
    )
    deleted = Paragraph.history.filter(id=paragraph.pk).first()
    assert deleted.history_type == "-"
    assert deleted.history_user == publisher
    assert Paragraph.history.filter(id=paragraph.pk, history_type="+").exists()


def test_facilitation_and_link_changes_are_recorded(paragraphs, action_line):
    org = Organization.objects.create(slug="org", acronym="ORG")
    facilitation = Facilitation.objects.create(
        action_line=action_line, organization=org, role="lead"
    )
    facilitation.role = "partner"
    facilitation.save()
    pk = facilitation.pk
    facilitation.delete()
    assert list(Facilitation.history.filter(id=pk).values_list("history_type", "role")) == [
        ("-", "partner"),
        ("~", "partner"),
        ("+", "lead"),
    ]
    link = ParagraphLink.objects.create(paragraph=paragraphs[0], action_line=action_line)
    pk = link.pk
    link.delete()
    assert ParagraphLink.history.filter(id=pk).count() == 2


def test_revert_restores_the_exact_earlier_values_and_is_recorded(document, paragraphs, editor):
    paragraph = paragraphs[1]
    theme = Theme.objects.create(slug="access", name="Access")
    paragraph.themes.add(theme)
    original = paragraph.history.first()  # text, summary and themes as they were
    paragraph.text = "Completely different words."
    paragraph.summary = "Changed."
    paragraph.verified = True
    paragraph.save()
    paragraph.themes.clear()

    history_revert(record=original, user=editor)
    paragraph.refresh_from_db()
    assert paragraph.text == original.text
    assert paragraph.summary == "Summary 2."
    assert paragraph.verified is False
    assert list(paragraph.themes.all()) == [theme]
    latest = paragraph.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Reverted to the version of")


def test_revert_brings_back_a_deleted_paragraph(document, paragraphs, editor):
    paragraph = paragraphs[2]
    pk = paragraph.pk
    paragraph.delete()
    created = Paragraph.history.filter(id=pk, history_type="+").get()
    history_revert(record=created, user=editor)
    restored = Paragraph.objects.get(pk=pk)
    assert restored.text == "Placeholder sentence number 3 about shared goals."


def test_an_editor_revert_never_changes_publication_status(document, editor):
    draft_version = document.history.first()
    document.status = Document.Status.PUBLISHED
    document.title = "A new title"
    document.save()
    history_revert(record=draft_version, user=editor)
    document.refresh_from_db()
    assert document.title == "Sample declaration of placeholder principles"
    assert document.status == Document.Status.PUBLISHED


def test_history_page_shows_word_diffs_and_reverts_in_one_action(
    editor_client, editor, document, paragraphs
):
    paragraph = paragraphs[0]
    paragraph.text = "Placeholder sentence number 1 about <common> goals."
    paragraph.save()
    url = reverse("admin:documents_paragraph_history", args=[paragraph.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert "<del>shared</del><ins>&lt;common&gt;</ins>" in page.text
    first = paragraph.history.last()
    revert = reverse("admin:documents_paragraph_revert", args=[paragraph.pk, first.history_id])
    assert revert in page.text
    assert editor_client.get(revert).status_code == 403  # POST only
    response = editor_client.post(revert)
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.text == "Placeholder sentence number 1 about shared goals."
    page = editor_client.get(url)
    assert "Reverted to the version of" in page.text
    assert "<del>&lt;common&gt;</del><ins>shared</ins>" in page.text


def test_document_history_lists_its_paragraph_changes(editor_client, document, paragraphs):
    page = editor_client.get(reverse("admin:documents_document_history", args=[document.pk]))
    assert page.status_code == 200
    assert "Recent paragraph changes" in page.text
    assert reverse("admin:documents_paragraph_history", args=[paragraphs[0].pk]) in page.text


def test_history_page_queries_are_bounded(
    editor_client, document, paragraphs, django_assert_max_num_queries
):
    paragraph = paragraphs[0]
    for i in range(40):
        paragraph.summary = f"Version {i}."
        paragraph.save()
    url = reverse("admin:documents_paragraph_history", args=[paragraph.pk])
    with django_assert_max_num_queries(80):
        assert editor_client.get(url).status_code == 200
