"""Roles: Editors change content; only Publishers publish and delete documents."""

import contextlib

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from documents.models import Document
from documents.services import EDITORIAL_GROUPS, document_publish

pytestmark = pytest.mark.django_db


def test_migration_groups_match_the_services_definition():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("actionlines.migrations.0004_editorial_groups")
    assert migration.GROUPS == EDITORIAL_GROUPS
    # Run the migration's own function (a transactional test may have flushed its result).
    Group.objects.filter(name__in=EDITORIAL_GROUPS).delete()
    migration.create_groups(apps, None)
    for name, perms in EDITORIAL_GROUPS.items():
        group = Group.objects.get(name=name)
        got = sorted(
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        )
        assert got == perms


def test_editor_cannot_publish_or_delete_documents(editor, publisher):
    assert editor.has_perm("documents.change_paragraph")
    assert editor.has_perm("actionlines.add_paragraphlink")
    assert not editor.has_perm("documents.publish_document")
    assert not editor.has_perm("documents.delete_document")
    assert publisher.has_perm("documents.publish_document")
    assert publisher.has_perm("documents.delete_document")


def test_editor_cannot_publish_through_the_service(editor, document):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        document_publish(document=document, user=editor)
    document.refresh_from_db()
    assert document.status == Document.Status.DRAFT


def test_editor_sees_status_read_only_and_cannot_change_it(editor_client, document, paragraphs):
    url = reverse("admin:documents_document_change", args=[document.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert 'name="status"' not in page.text
    # Posting a status anyway changes nothing: the field is read-only for editors.
    data = _document_form_data(page, status="published", summary="Edited by an editor.")
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    document.refresh_from_db()
    assert document.summary == "Edited by an editor."
    assert document.status == Document.Status.DRAFT


def test_publish_action_is_for_publishers_only(editor_client, publisher, document, client):
    changelist = reverse("admin:documents_document_changelist")
    choices = editor_client.get(changelist).context["action_form"].fields["action"].choices
    assert "publish" not in [value for value, _ in choices]
    editor_client.post(changelist, {"action": "publish", "_selected_action": [document.pk]})
    document.refresh_from_db()
    assert document.status == Document.Status.DRAFT

    client.force_login(publisher)
    response = client.post(changelist, {"action": "publish", "_selected_action": [document.pk]})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED
    record = document.history.first()
    assert record.history_user == publisher
    assert record.history_change_reason == "Published"


def test_editor_cannot_delete_a_document(editor_client, document):
    url = reverse("admin:documents_document_delete", args=[document.pk])
    assert editor_client.get(url).status_code == 403
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_deleting_a_document_lists_what_goes_with_it(publisher_client, document, paragraphs):
    url = reverse("admin:documents_document_delete", args=[document.pk])
    page = publisher_client.get(url)
    assert page.status_code == 200
    for paragraph in paragraphs:
        assert str(paragraph) in page.text
    assert Document.objects.filter(pk=document.pk).exists()  # not before confirming
    publisher_client.post(url, {"post": "yes"})
    assert not Document.objects.filter(pk=document.pk).exists()


def test_action_lines_and_organizations_are_protected_while_linked(
    publisher_client, paragraphs, action_line
):
    from django.db.models import ProtectedError

    from actionlines.models import Facilitation, Organization, ParagraphLink

    ParagraphLink.objects.create(paragraph=paragraphs[0], action_line=action_line)
    org = Organization.objects.create(slug="org", acronym="ORG")
    Facilitation.objects.create(action_line=action_line, organization=org, role="lead")
    with pytest.raises(ProtectedError):
        org.delete()
    with pytest.raises(ProtectedError):
        action_line.delete()


def test_anonymous_gets_the_login_page_for_every_admin_url(client, document, paragraphs):
    from django.contrib import admin
    from django.urls import NoReverseMatch

    urls = [reverse("admin:index"), reverse("admin:autocomplete")]
    for model, _model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        urls += [reverse("admin:{}_{}_changelist".format(*info))]
        urls += [reverse("admin:{}_{}_add".format(*info))]
        obj = model._default_manager.first()
        if obj is None:
            continue
        for name in ("change", "history", "delete"):
            urls.append(reverse("admin:{}_{}_{}".format(*info, name), args=[obj.pk]))
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse("admin:{}_{}_revert".format(*info), args=[obj.pk, 1]))
    urls += [
        reverse("admin:documents_document_import", args=[document.pk]),
        reverse("admin:documents_document_export", args=[document.pk]),
    ]
    assert len(urls) > 40
    login = reverse("admin:login")
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(login), url


def test_a_draft_is_404_publicly(client, document, paragraphs):
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(paragraphs[0].get_absolute_url()).status_code == 404


def test_a_draft_is_previewable_by_staff(editor_client, document, paragraphs):
    response = editor_client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert "preview" in response.text.lower()


def _document_form_data(page, **overrides):
    """The change form's current values as POST data (inlines included)."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            value = ""
        if hasattr(value, "pk"):
            value = value.pk
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        data[name] = value
    for formset in page.context["inline_admin_formsets"]:
        fs = formset.formset
        data.update(
            {
                f"{fs.prefix}-TOTAL_FORMS": str(len(fs.forms)),
                f"{fs.prefix}-INITIAL_FORMS": str(fs.initial_form_count()),
                f"{fs.prefix}-MIN_NUM_FORMS": "0",
                f"{fs.prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for form_ in fs.forms:
            for name, field in form_.fields.items():
                value = form_.initial.get(name, field.initial)
                if name == "id":
                    value = form_.instance.pk
                if value is None or value is False:
                    continue
                if isinstance(value, list | tuple):
                    data[form_.add_prefix(name)] = [getattr(v, "pk", v) for v in value]
                    continue
                if hasattr(value, "pk"):
                    value = value.pk
                data[form_.add_prefix(name)] = value
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not False}
