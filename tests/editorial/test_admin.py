"""The admin for the real work: inline paragraphs with action lines, import, export, protection."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from actionlines.models import ActionLine, ParagraphLink
from documents.models import Document, Paragraph

from .test_roles import _document_form_data

pytestmark = pytest.mark.django_db


def test_document_page_edits_paragraphs_inline_and_links_action_lines(
    editor_client, editor, document, paragraphs, action_line
):
    url = reverse("admin:documents_document_change", args=[document.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert "paragraphs-0-action_lines" in page.text
    assert "Import official text" in page.text and "Export JSON" in page.text
    data = _document_form_data(page)
    index = next(i for i, p in enumerate(paragraphs) if p.number == 2)
    data[f"paragraphs-{index}-summary"] = "An editor's new summary."
    data[f"paragraphs-{index}-action_lines"] = [action_line.pk]
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    paragraph = Paragraph.objects.get(document=document, number=2)
    assert paragraph.summary == "An editor's new summary."
    assert list(paragraph.action_lines.all()) == [action_line]
    link = ParagraphLink.history.get(paragraph_id=paragraph.pk)
    assert link.history_user == editor

    # Unlinking is recorded too.
    page = editor_client.get(url)
    data = _document_form_data(page)
    data.pop(f"paragraphs-{index}-action_lines")
    editor_client.post(url, data)
    assert not paragraph.action_lines.exists()
    assert ParagraphLink.history.filter(paragraph_id=paragraph.pk, history_type="-").exists()


def test_document_page_queries_do_not_grow_with_paragraphs(
    editor_client, document, action_line, django_assert_max_num_queries
):
    for n in range(1, 61):
        p = Paragraph.objects.create(document=document, number=n, text=f"Placeholder {n}.")
        ParagraphLink.objects.create(paragraph=p, action_line=action_line)
    url = reverse("admin:documents_document_change", args=[document.pk])
    with django_assert_max_num_queries(30):
        assert editor_client.get(url).status_code == 200


def test_action_line_autocomplete_answers_editors(editor_client, action_line):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "actionlines",
            "model_name": "paragraphlink",
            "field_name": "action_line",
            "term": "C5",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["id"] == str(action_line.pk)


def test_lists_have_search_and_filters(editor_client, document, paragraphs):
    page = editor_client.get(
        reverse("admin:documents_document_changelist"), {"q": "Sample", "status__exact": "draft"}
    )
    assert page.status_code == 200
    assert "Sample declaration" in page.text
    paragraphs_url = reverse("admin:documents_paragraph_changelist")
    page = editor_client.get(paragraphs_url, {"verified__exact": 0})
    assert page.status_code == 200
    assert "Sample declaration ¶1" in page.text
    page = editor_client.get(reverse("admin:actionlines_actionline_changelist"))
    assert page.status_code == 200


def test_action_line_page_has_facilitations_inline(editor_client, action_line):
    page = editor_client.get(reverse("admin:actionlines_actionline_change", args=[action_line.pk]))
    assert page.status_code == 200
    assert "facilitations-TOTAL_FORMS" in page.text
    assert "View on site" in page.text


def test_admin_pages_are_private_uncached_and_not_indexed(client, editor_client):
    for response in (
        Client().get(reverse("admin:login")),
        editor_client.get(reverse("admin:index")),
        editor_client.get("/admin/no-such-page/"),
    ):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert "noindex" in response["X-Robots-Tag"]
    page = editor_client.get(reverse("admin:index"))
    assert '<meta name="robots" content="noindex, nofollow, noarchive">' in page.text
    assert "WSIS Outcomes Portal" in page.text
    assert "X-Robots-Tag" not in Client().get("/healthz")


def test_repeated_failed_logins_from_one_address_are_locked_out(editor):
    url = reverse("admin:login")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(4):
        response = client.post(url, {"username": "edna", "password": "wrong"})
        assert response.status_code == 200  # the form again, with an error
    response = client.post(url, {"username": "edna", "password": "wrong"})
    assert response.status_code == 429  # the fifth failure locks the address out
    assert "locked" in response.text.lower()
    # Locked out now, even with the right password.
    response = client.post(url, {"username": "edna", "password": "correct horse battery"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.7")
    response = other.post(url, {"username": "edna", "password": "correct horse battery"})
    assert response.status_code == 302


def test_import_through_the_admin_dry_run_then_apply(editor_client, editor, document, paragraphs):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    data = (Path(__file__).parent / "files" / "sample.html").read_bytes()
    url = reverse("admin:documents_document_import", args=[document.pk])
    assert editor_client.get(url).status_code == 200
    page = editor_client.post(url, {"file": SimpleUploadedFile("sample.html", data)})
    assert page.status_code == 200
    assert "Dry run: sample.html" in page.text
    assert "<ins>" in page.text
    assert not Paragraph.objects.filter(document=document, number=4).exists()
    response = editor_client.post(url, {"apply": "1"})
    assert response.status_code == 302
    p4 = Paragraph.objects.get(document=document, number=4)
    assert p4.history.first().history_user == editor


def test_import_through_the_admin_refuses_a_bad_file(editor_client, document, paragraphs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:documents_document_import", args=[document.pk])
    page = editor_client.post(url, {"file": SimpleUploadedFile("x.txt", b"\xff\xfe1. bad")})
    assert page.status_code == 200
    assert "not UTF-8" in page.text
    assert editor_client.post(url, {"apply": "1"}).status_code == 302  # nothing pending
    assert Paragraph.objects.filter(document=document).count() == 3


def test_import_admin_action_goes_to_the_upload_form(editor_client, document):
    response = editor_client.post(
        reverse("admin:documents_document_changelist"),
        {"action": "import_official_text", "_selected_action": [document.pk]},
    )
    assert response["Location"] == reverse("admin:documents_document_import", args=[document.pk])


def test_export_from_the_admin(editor_client, document, paragraphs):
    response = editor_client.get(reverse("admin:documents_document_export", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["paragraphs"][0]["number"] == 1


def test_new_documents_start_as_drafts_for_editors(editor_client, event):
    page = editor_client.get(reverse("admin:documents_document_add"))
    assert 'name="status"' not in page.text
    ActionLine  # noqa: B018 - imported for the autocomplete registration
    response = editor_client.post(
        reverse("admin:documents_document_add"),
        {
            "slug": "new-doc",
            "title": "A new placeholder document",
            "short_title": "New",
            "event": event.pk,
            "type": "statement",
            "adopted_on": datetime.date(2005, 1, 1).isoformat(),
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
            "paragraphs-TOTAL_FORMS": "0",
            "paragraphs-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Document.objects.get(slug="new-doc").status == Document.Status.DRAFT
