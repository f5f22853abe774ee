"""Differences between two versions of a record, for people to read.

Everything is escaped first; only our own <ins>/<del> markers are trusted markup.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Words, runs of white space and single punctuation marks: a change of one comma shows
# as one comma, not as the whole word around it.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def _tokens(text):
    return TOKEN.findall(text or "")


def word_diff_html(old, new):
    """The new text with deleted words in <del> and inserted words in <ins>, all escaped."""
    a, b = _tokens(old), _tokens(new)
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))


def word_diff_text(old, new):
    """The same difference as plain text, [-deleted-] and {+inserted+}, for the terminal."""
    a, b = _tokens(old), _tokens(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(a[i1:i2]))
            continue
        if op in ("delete", "replace"):
            out.append("[-" + "".join(a[i1:i2]) + "-]")
        if op in ("insert", "replace"):
            out.append("{+" + "".join(b[j1:j2]) + "+}")
    return "".join(out)


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    html: str  # escaped, with <ins>/<del> marks


class Labels:
    """Names of related records, looked up once per page rather than once per version."""

    def __init__(self):
        self.known = {}

    def get(self, model, pk):
        key = (model, pk)
        if key not in self.known:
            related = model._default_manager.filter(pk=pk).first()
            self.known[key] = str(related) if related is not None else f"#{pk} (deleted)"
        return self.known[key]


def _display(record, field, labels):
    """A field's value in a historical record as people read it."""
    value = getattr(record, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return labels.get(field.related_model, value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def tracked_fields(history_model):
    """The fields a historical model copies from its live model (not its own history_* ones)."""
    names = [f.name for f in history_model.instance_type._meta.concrete_fields]
    return [f for f in history_model._meta.concrete_fields if f.name in names or f.attname in names]


def record_changes(old, new, labels=None):
    """Field-level changes from historical record `old` (or None: created) to `new`."""
    labels = labels or Labels()
    changes = []
    for field in tracked_fields(type(new)):
        if field.primary_key:
            continue
        before = _display(old, field, labels) if old is not None else ""
        after = _display(new, field, labels)
        if before == after:
            continue
        label = new.instance_type._meta.get_field(field.name).verbose_name
        changes.append(
            FieldChange(field.name, str(label), before, after, word_diff_html(before, after))
        )
    for m2m_field in getattr(new, "_history_m2m_fields", []):
        before = sorted(_m2m_labels(old, m2m_field, labels)) if old is not None else []
        after = sorted(_m2m_labels(new, m2m_field, labels))
        if before != after:
            old_text, new_text = ", ".join(before), ", ".join(after)
            changes.append(
                FieldChange(
                    m2m_field.name,
                    str(m2m_field.verbose_name),
                    old_text,
                    new_text,
                    word_diff_html(old_text, new_text),
                )
            )
    return changes


def _m2m_labels(record, m2m_field, labels):
    """The related records' names; the rows are cached on the record (it is compared twice)."""
    cache = record.__dict__.setdefault("_m2m_ids", {})
    if m2m_field.name not in cache:
        column = m2m_field.related_model._meta.model_name + "_id"
        rows = getattr(record, m2m_field.name).values_list(column, flat=True)
        cache[m2m_field.name] = [pk for pk in rows if pk]
    return [labels.get(m2m_field.related_model, pk) for pk in cache[m2m_field.name]]
