"""Editorial writes with side effects: publishing, reverting to an earlier version, roles.

Keyword-only functions named `<entity>_<action>`, HackSoft style. Each change is saved through
the model (never `update()`), so django-simple-history records it with the user who made it.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import DataError, IntegrityError, transaction

from .diffs import tracked_fields
from .models import Document

PUBLISH_PERMISSION = "documents.publish_document"

# The editorial roles; migration actionlines/0004_editorial_groups created them with these
# same permissions (a test keeps the two in step). Editors change content and may remove
# links between records; only Publishers publish and delete documents, sections, paragraphs.
_CONTENT = [
    "documents.event",
    "documents.document",
    "documents.section",
    "documents.paragraph",
    "documents.theme",
    "actionlines.actionline",
    "actionlines.organization",
    "actionlines.facilitation",
    "actionlines.paragraphlink",
    "actionlines.sdg",
    "actionlines.sdglink",
    "actionlines.target",
]
_LINKS = ["actionlines.facilitation", "actionlines.paragraphlink", "actionlines.sdglink"]


def _perm(model, action):
    app_label, model_name = model.split(".")
    return f"{app_label}.{action}_{model_name}"


EDITOR_PERMISSIONS = sorted(
    [_perm(m, a) for m in _CONTENT for a in ("view", "add", "change")]
    + [_perm(m, "delete") for m in _LINKS]
)
PUBLISHER_PERMISSIONS = sorted(
    EDITOR_PERMISSIONS
    + [PUBLISH_PERMISSION]
    + [_perm(f"documents.{m}", "delete") for m in ("document", "section", "paragraph", "theme")]
)
EDITORIAL_GROUPS = {"Editors": EDITOR_PERMISSIONS, "Publishers": PUBLISHER_PERMISSIONS}


def editorial_groups_ensure():
    """Create or repair the Editors and Publishers groups (after a flush, e.g. in tests)."""
    groups = {}
    for name, perms in EDITORIAL_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
        groups[name] = group
    return groups


def _save_with_history(instance, *, user, reason, **save_kwargs):
    instance._history_user = user
    instance._change_reason = reason
    try:
        instance.save(**save_kwargs)
    finally:
        del instance._history_user
        del instance._change_reason


def _document_set_status(*, document, user, status, reason):
    if not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Only publishers can publish or unpublish documents.")
    if document.status == status:
        return False
    document.status = status
    _save_with_history(document, user=user, reason=reason, update_fields=["status"])
    return True


def document_publish(*, document, user):
    """Make a draft public, with its paragraphs. Returns False if it already was."""
    return _document_set_status(
        document=document, user=user, status=Document.Status.PUBLISHED, reason="Published"
    )


def document_unpublish(*, document, user):
    """Take a document back to draft: it leaves the public pages and search."""
    return _document_set_status(
        document=document, user=user, status=Document.Status.DRAFT, reason="Unpublished"
    )


class RevertError(Exception):
    pass


def history_revert(*, record, user):
    """Bring a record back to the values of historical `record`, as one new recorded change.

    Works for a record that still exists and for one that was deleted (it is recreated with
    its old primary key). A document's publication status is restored only for publishers.
    Returns the live instance.
    """
    model = record.instance_type
    history_model = type(record)
    when = f"{record.history_date:%Y-%m-%d %H:%M} UTC"
    reason = f"Reverted to the version of {when} (version {record.history_id})"
    with transaction.atomic():
        # record.pk is the version's own id; the live record's key is under its usual name.
        pk = getattr(record, model._meta.pk.attname)
        instance = model._default_manager.select_for_update().filter(pk=pk).first()
        if instance is None:
            instance = model(pk=pk)
        for field in tracked_fields(history_model):
            if field.name == model._meta.pk.name:
                continue
            if (
                model is Document
                and field.name == "status"
                and not user.has_perm(PUBLISH_PERMISSION)
                and instance.status  # a deleted document comes back as a draft
            ):
                continue
            setattr(instance, field.attname, getattr(record, field.attname))
        m2m_fields = list(getattr(record, "_history_m2m_fields", []))
        if m2m_fields:
            # One history record for the whole revert: write the many-to-many values without
            # history, then save the row (which records the fields and the m2m together).
            instance.skip_history_when_saving = True
            try:
                if instance._state.adding:
                    instance.save()
                for m2m_field in m2m_fields:
                    target = m2m_field.related_model._meta.model_name
                    rows = getattr(record, m2m_field.name).all()
                    ids = [getattr(row, f"{target}_id") for row in rows]
                    getattr(instance, m2m_field.name).set(ids)
            finally:
                del instance.skip_history_when_saving
        try:
            with transaction.atomic():
                _save_with_history(instance, user=user, reason=reason)
        except (IntegrityError, DataError) as error:  # an old value clashes (a paragraph number)
            raise RevertError(f"This version cannot be restored: {error}") from error
    return instance
