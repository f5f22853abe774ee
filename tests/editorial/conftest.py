"""Editorial fixtures: a small draft document with placeholder text (no official wording)."""

import datetime

import pytest

from actionlines.models import ActionLine
from documents.models import Document, Event, Paragraph, Section
from documents.services import editorial_groups_ensure


@pytest.fixture
def groups(db):
    # The groups come from a migration; a transactional test (live_server) flushes them.
    return editorial_groups_ensure()


def _member(django_user_model, groups, username, group):
    user = django_user_model.objects.create_user(
        username, password="correct horse battery", is_staff=True
    )
    user.groups.add(groups[group])
    return user


@pytest.fixture
def editor(django_user_model, groups):
    return _member(django_user_model, groups, "edna", "Editors")


@pytest.fixture
def publisher(django_user_model, groups):
    return _member(django_user_model, groups, "pablo", "Publishers")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client


@pytest.fixture
def event(db):
    return Event.objects.create(
        slug="sample-summit",
        name="Sample summit",
        kind="summit_phase",
        start_date=datetime.date(2003, 12, 10),
    )


@pytest.fixture
def document(event):
    return Document.objects.create(
        slug="sample-declaration",
        title="Sample declaration of placeholder principles",
        short_title="Sample declaration",
        symbol="SAMPLE/1",
        event=event,
        type="declaration",
        adopted_on=datetime.date(2003, 12, 12),
        paragraph_count=4,
    )


@pytest.fixture
def paragraphs(document):
    section = Section.objects.create(document=document, label="A", heading="Vision", order=1)
    return [
        Paragraph.objects.create(
            document=document,
            section=section,
            number=n,
            text=f"Placeholder sentence number {n} about shared goals.",
            summary=f"Summary {n}.",
        )
        for n in (1, 2, 3)
    ]


@pytest.fixture
def action_line(db):
    return ActionLine.objects.create(
        code="C5", slug="c5", official_title="A placeholder action line title", order=5
    )
