"""Shared test fixtures. Several helpers add to this file: append, never replace."""

import datetime

import pytest

# --- Browse and filter (public pages): a small world written for the tests, no official text.


def build_browse_data():
    """Events, documents (one a draft), sections, paragraphs, themes, action lines,
    organizations, facilitations and SDGs, enough to exercise every public page."""
    from actionlines.models import (
        SDG,
        ActionLine,
        Facilitation,
        Organization,
        ParagraphLink,
        SDGLink,
        Target,
    )
    from documents.models import Document, Event, Paragraph, Section, Theme

    proposal = Event.objects.create(
        slug="itu-pp-1998",
        name="ITU Plenipotentiary Conference",
        kind="conference",
        city="Minneapolis",
        start_date=datetime.date(1998, 1, 1),
        date_precision="year",
    )
    geneva = Event.objects.create(
        slug="geneva-2003",
        name="Summit first phase (Geneva)",
        kind="summit_phase",
        city="Geneva",
        country="Switzerland",
        start_date=datetime.date(2003, 12, 10),
        end_date=datetime.date(2003, 12, 12),
        participants="More than 11,000 participants from 175 countries.",
        participants_source="S10: the test sheet",
        summary="The first phase.",
    )
    tunis = Event.objects.create(
        slug="tunis-2005",
        name="Summit second phase (Tunis)",
        kind="summit_phase",
        city="Tunis",
        start_date=datetime.date(2005, 11, 16),
        end_date=datetime.date(2005, 11, 18),
        verified=False,
        unconfirmed_note="The number of heads of state is not confirmed.",
    )
    plan = Document.objects.create(
        slug="geneva-plan-of-action",
        title="Geneva Plan of Action",
        short_title="Plan of Action",
        symbol="WSIS-03/GENEVA/DOC/5-E",
        event=geneva,
        type="plan_of_action",
        adopted_on=datetime.date(2003, 12, 12),
        official_url="https://example.org/poa",
        paragraph_count=3,
        paragraph_count_verified=True,
        status="published",
    )
    agenda = Document.objects.create(
        slug="tunis-agenda",
        title="Tunis Agenda for the Information Society",
        short_title="Tunis Agenda",
        symbol="WSIS-05/TUNIS/DOC/6(Rev.1)-E",
        event=tunis,
        type="agenda",
        adopted_on=datetime.date(2005, 11, 18),
        official_url="https://example.org/agenda",
        paragraph_count=12,
        summary="A test summary of the agenda.",
        status="published",
    )
    draft = Document.objects.create(
        slug="secret-draft",
        title="An unpublished draft declaration",
        short_title="Draft",
        symbol="DRAFT/1",
        event=tunis,
        type="declaration",
        adopted_on=datetime.date(2005, 11, 18),
        status="draft",
    )
    intro = Section.objects.create(
        document=agenda,
        label="A",
        heading="Introduction",
        order=1,
        first_paragraph=1,
        last_paragraph=2,
        verified=True,
    )
    gov = Section.objects.create(
        document=agenda,
        label="B",
        heading="Internet governance",
        order=2,
        first_paragraph=3,
        last_paragraph=8,
    )
    igf = Section.objects.create(
        document=agenda,
        parent=gov,
        label="B1",
        heading="The forum",
        order=3,
        first_paragraph=5,
        last_paragraph=8,
        verified=True,
    )
    Section.objects.create(
        document=agenda,
        label="C",
        heading="Follow-up",
        order=4,
        first_paragraph=9,
        last_paragraph=12,
        verified=True,
    )
    theme = Theme.objects.create(slug="internet-governance", name="Internet governance")
    paragraphs = {}
    for number in range(1, 13):
        # Sections 1–8 by foreign key; 9–12 only by the section's paragraph range.
        section = intro if number <= 2 else gov if number <= 4 else igf if number <= 8 else None
        paragraphs[number] = Paragraph.objects.create(
            document=agenda,
            section=section,
            number=number,
            summary=f"Summary of agenda paragraph {number}.",
            text="Official words of paragraph seven." if number == 7 else "",
            verified=number != 8,
        )
    paragraphs[7].themes.add(theme)
    paragraphs[8].themes.add(theme)
    poa = [
        Paragraph.objects.create(document=plan, number=n, summary=f"Plan paragraph {n}.")
        for n in (1, 2, 3)
    ]
    hidden = Paragraph.objects.create(document=draft, number=1, summary="Hidden draft text.")

    c2 = ActionLine.objects.create(
        code="C2",
        slug="c2",
        official_title="Information and communication infrastructure",
        order=2,
    )
    c5 = ActionLine.objects.create(
        code="C5",
        slug="c5",
        official_title="Building confidence and security in the use of ICTs",
        order=5,
        summary="A test summary of C5.",
    )
    c1 = ActionLine.objects.create(
        code="C1",
        slug="c1",
        official_title="The role of governments and all stakeholders in the promotion of ICTs",
        current_title="The role of public governance authorities and all stakeholders",
        order=1,
    )
    c7 = ActionLine.objects.create(
        code="C7",
        slug="c7",
        official_title="ICT applications",
        order=7,
    )
    health = ActionLine.objects.create(
        code="C7 e-health",
        slug="c7-e-health",
        official_title="E-health",
        parent=c7,
        order=75,
        verified=False,
        unconfirmed_note="The lead facilitator is not confirmed.",
    )
    itu = Organization.objects.create(
        slug="itu", acronym="ITU", name="International Telecommunication Union"
    )
    who = Organization.objects.create(slug="who", acronym="WHO")
    unesco = Organization.objects.create(slug="unesco", acronym="UNESCO")
    Facilitation.objects.create(action_line=c5, organization=itu, role="lead", source="S59")
    Facilitation.objects.create(action_line=c2, organization=itu, role="lead")
    Facilitation.objects.create(action_line=c5, organization=unesco, role="partner")
    Facilitation.objects.create(action_line=c1, organization=itu, role="co_facilitator")
    Facilitation.objects.create(action_line=health, organization=who, role="lead", verified=False)
    sdg9 = SDG.objects.create(number=9)
    sdg16 = SDG.objects.create(number=16)
    SDG.objects.create(number=4)
    SDGLink.objects.create(action_line=c5, sdg=sdg9)
    SDGLink.objects.create(action_line=c5, sdg=sdg16)
    SDGLink.objects.create(action_line=c2, sdg=sdg9)
    SDGLink.objects.create(action_line=health, sdg=sdg9)
    ParagraphLink.objects.create(action_line=c5, paragraph=poa[2], kind="defines")
    ParagraphLink.objects.create(action_line=c5, paragraph=paragraphs[7])
    ParagraphLink.objects.create(action_line=c5, paragraph=paragraphs[8])
    ParagraphLink.objects.create(action_line=health, paragraph=paragraphs[8])
    ParagraphLink.objects.create(action_line=c5, paragraph=hidden)
    Target.objects.create(letter="a", label="Villages connected", paragraph=poa[1])
    return {
        "events": {"proposal": proposal, "geneva": geneva, "tunis": tunis},
        "plan": plan,
        "agenda": agenda,
        "draft": draft,
        "paragraphs": paragraphs,
        "theme": theme,
        "lines": {"c1": c1, "c2": c2, "c5": c5, "c7": c7, "health": health},
        "orgs": {"itu": itu, "who": who, "unesco": unesco},
    }


@pytest.fixture
def browse_data(db):
    return build_browse_data()


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def render_page(rf):
    """Call a page's view directly (no middleware), for counting the page's own queries."""
    from urllib.parse import urlsplit

    from django.contrib.auth.models import AnonymousUser
    from django.urls import resolve

    def render(path, *, user=None):
        match = resolve(urlsplit(path).path)
        request = rf.get(path)
        request.user = user or AnonymousUser()
        request.resolver_match = match
        response = match.func(request, *match.args, **match.kwargs)
        assert response.status_code == 200, path
        return response

    return render


# --- Whole suite -------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def close_other_connections_before_teardown(django_db_setup, django_db_blocker):
    """Live-server threads keep persistent connections (CONN_MAX_AGE); close them before the
    test database is dropped, or PostgreSQL refuses to drop a database in use."""
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
