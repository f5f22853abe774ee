"""A small curated corpus, written for these tests (no official text)."""

import datetime

import pytest
from django.core.cache import cache

from actionlines.models import ActionLine, Facilitation, Organization, ParagraphLink
from documents.models import Document, Event, Paragraph, Section, Theme


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def corpus(db):
    tunis = Event.objects.create(
        slug="tunis-2005",
        name="Summit second phase",
        kind="summit_phase",
        city="Tunis",
        start_date=datetime.date(2005, 11, 16),
        summary="The second phase of the summit.",
    )
    geneva = Event.objects.create(
        slug="geneva-2003",
        name="Summit first phase",
        kind="summit_phase",
        city="Genève",
        start_date=datetime.date(2003, 12, 10),
        summary="The first phase, held in Genève.",
    )
    agenda = Document.objects.create(
        slug="tunis-agenda",
        title="Tunis Agenda for the Information Society",
        short_title="Tunis Agenda",
        symbol="WSIS-05/TUNIS/DOC/6(Rev.1)-E",
        event=tunis,
        type="agenda",
        adopted_on=datetime.date(2005, 11, 18),
        summary="The second phase's plan on financing and Internet governance.",
        status="published",
    )
    resolution = Document.objects.create(
        slug="a-res-70-125",
        title="Outcome document of the overall review",
        short_title="A/RES/70/125",
        symbol="A/RES/70/125",
        event=tunis,
        type="resolution",
        adopted_on=datetime.date(2015, 12, 16),
        status="published",
    )
    draft = Document.objects.create(
        slug="draft-notes",
        title="Unpublished notes",
        short_title="Notes",
        symbol="DRAFT/1",
        event=geneva,
        type="statement",
        adopted_on=datetime.date(2003, 12, 12),
        status="draft",
    )
    security = Section.objects.create(document=agenda, heading="Security matters", order=1)
    finance = Section.objects.create(document=agenda, heading="Financing", order=2)
    igf = Theme.objects.create(slug="igf", name="Internet Governance Forum")
    paragraphs = {
        n: Paragraph.objects.create(document=agenda, number=n, section=section, **fields)
        for n, section, fields in [
            (1, security, {"text": "Cybersecurity is a shared duty of every stakeholder."}),
            (2, security, {"summary": "Asks for cybersecurity cooperation between countries."}),
            (3, finance, {"summary": "Welcomes a voluntary solidarity fund for inclusion."}),
            (4, finance, {"text": "Governing the network needs open and inclusive forums."}),
            (5, finance, {"text": "Filters against spam <script>alert(1)</script> help users."}),
            (6, finance, {"summary": "Notes the facilitators met in Genève."}),
            (7, finance, {"summary": "Mentions spam and also phishing as threats."}),
        ]
    }
    paragraphs[4].themes.add(igf)
    Paragraph.objects.create(
        document=resolution, number=40, summary="Notes challenges of the fund."
    )
    Paragraph.objects.create(document=draft, number=1, summary="A secretword only drafts hold.")
    itu = Organization.objects.create(slug="itu", acronym="ITU")
    c5 = ActionLine.objects.create(
        code="C5",
        slug="c5",
        order=5,
        official_title="Building confidence and security in the use of ICTs",
        summary="Trust, safety and cybersecurity online.",
    )
    c7 = ActionLine.objects.create(code="C7", slug="c7", order=7, official_title="ICT applications")
    ActionLine.objects.create(
        code="C7 e-health",
        slug="c7-e-health",
        order=8,
        parent=c7,
        official_title="E-health",
        summary="Health care and medical information.",
    )
    Facilitation.objects.create(action_line=c5, organization=itu, role="lead")
    ParagraphLink.objects.create(action_line=c5, paragraph=paragraphs[1])
    return {"agenda": agenda, "paragraphs": paragraphs, "c5": c5, "draft": draft}
