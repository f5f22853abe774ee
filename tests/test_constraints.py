"""Database constraints that keep the reference data sound whoever writes it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from actionlines.models import ActionLine
from documents.models import Document, Event, Paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    event = Event.objects.create(
        slug="e", name="E", kind=Event.Kind.SUMMIT_PHASE, start_date=datetime.date(2003, 12, 10)
    )
    return Document.objects.create(
        slug="d", title="D", short_title="D", symbol="X/1", event=event,
        type=Document.Type.DECLARATION, adopted_on=datetime.date(2003, 12, 12),
    )  # fmt: skip


def test_duplicate_document_symbol(document):
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            slug="d2", title="D2", short_title="D2", symbol="X/1", event=document.event,
            type=Document.Type.DECLARATION, adopted_on=document.adopted_on,
        )  # fmt: skip


def test_several_documents_without_symbol(document):
    for slug in ("n1", "n2"):
        Document.objects.create(
            slug=slug, title=slug, short_title=slug, symbol=None, event=document.event,
            type=Document.Type.STATEMENT, adopted_on=document.adopted_on,
        )  # fmt: skip


def test_duplicate_paragraph_number(document):
    Paragraph.objects.create(document=document, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Paragraph.objects.create(document=document, number=1)


@pytest.mark.parametrize("code", ["C12", "X1", "C0", "c5", "C7e-health", "C5 e-health"])
def test_bad_action_line_code(code):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionLine.objects.create(code=code, slug="bad", official_title="Bad")


@pytest.mark.parametrize("code", ["C1", "C11", "C7 e-health"])
def test_good_action_line_code(code):
    ActionLine.objects.create(code=code, slug="good", official_title="Good")
