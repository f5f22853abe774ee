"""The reference data in fixtures/ and its loader (actionlines.reference_data)."""

import datetime

import pytest
from django.core.management import call_command

from actionlines.models import (
    SDG,
    ActionLine,
    Facilitation,
    Organization,
    ParagraphLink,
    SDGLink,
    Target,
)
from actionlines.reference_data import reference_data_load
from documents.models import Document, Event, Paragraph, Section, Theme

pytestmark = pytest.mark.django_db

MODELS = [Event, Document, Section, Paragraph, Theme, Paragraph.themes.through, Organization,
          ActionLine, ParagraphLink, Facilitation, SDG, SDGLink, Target]  # fmt: skip


@pytest.fixture
def loaded():
    return reference_data_load()


def snapshot():
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}


def totals(counts, outcome):
    return sum(row[outcome] for row in counts.values())


# The loader ---------------------------------------------------------------------------------


def test_first_load_creates_everything(loaded):
    assert totals(loaded, "created") > 0
    assert totals(loaded, "updated") == totals(loaded, "kept") == totals(loaded, "unchanged") == 0


@pytest.mark.parametrize("update", [False, True])
def test_second_load_changes_nothing(loaded, update):
    before = snapshot()
    counts = reference_data_load(update=update)
    assert totals(counts, "created") == totals(counts, "updated") == totals(counts, "kept") == 0
    assert snapshot() == before


def test_editor_change_survives_reload_unless_update(loaded):
    Event.objects.filter(slug="tunis-2005").update(summary="Edited by an editor.")
    Paragraph.objects.filter(document__slug="tunis-agenda", number=72).update(
        summary="Edited summary.", text="Official text imported by an operator."
    )

    counts = reference_data_load()
    assert counts["events"]["kept"] == 1 and counts["paragraphs"]["kept"] == 1
    assert Event.objects.get(slug="tunis-2005").summary == "Edited by an editor."

    counts = reference_data_load(update=True)
    assert counts["events"]["updated"] == 1 and counts["paragraphs"]["updated"] == 1
    assert Event.objects.get(slug="tunis-2005").summary.startswith("The second phase")
    para = Paragraph.objects.get(document__slug="tunis-agenda", number=72)
    assert para.summary.startswith("Sets the mandate")
    assert para.text == "Official text imported by an operator."  # official texts are never touched


def test_deleted_record_is_added_again(loaded):
    Target.objects.filter(letter="j").delete()
    counts = reference_data_load()
    assert counts["targets"]["created"] == 1


def test_command_prints_a_summary(capsys):
    call_command("load_reference_data")
    call_command("load_reference_data", "--update")
    out = capsys.readouterr().out
    assert "created" in out and "unchanged" in out and "paragraphs" in out


# The facts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "slug, count",
    [("geneva-declaration", 67), ("geneva-plan-of-action", 29), ("tunis-commitment", 40),
     ("tunis-agenda", 122)],
)  # fmt: skip
def test_paragraph_counts(loaded, slug, count):
    document = Document.objects.get(slug=slug)
    assert document.paragraph_count == count
    assert list(document.paragraphs.values_list("number", flat=True)) == list(range(1, count + 1))


def test_resolutions_have_only_the_paragraphs_the_sheet_mentions(loaded):
    numbers = Paragraph.objects.filter(document__slug="a-res-80-173").values_list(
        "number", flat=True
    )
    assert sorted(numbers) == [67, 113]
    assert Document.objects.get(slug="a-res-80-173").paragraph_count is None
    assert not Document.objects.get(slug="a-res-70-125").paragraph_count_verified


def test_documents_and_symbols(loaded):
    symbols = dict(Document.objects.values_list("slug", "symbol"))
    assert symbols["tunis-agenda"] == "WSIS-05/TUNIS/DOC/6(Rev.1)-E"
    assert symbols["a-res-70-125"] == "A/RES/70/125"
    assert symbols["wsis-10-statement"] is None and symbols["wsis-10-vision"] is None
    assert set(Document.objects.values_list("status", flat=True)) == {"published"}


def test_summit_dates(loaded):
    geneva = Event.objects.get(slug="geneva-2003")
    tunis = Event.objects.get(slug="tunis-2005")
    assert (geneva.start_date, geneva.end_date) == (
        datetime.date(2003, 12, 10), datetime.date(2003, 12, 12))  # fmt: skip
    assert (tunis.start_date, tunis.end_date) == (
        datetime.date(2005, 11, 16), datetime.date(2005, 11, 18))  # fmt: skip
    assert "around 19,000 participants" in tunis.participants.lower()
    assert "174 States" in tunis.participants


def test_no_unsourced_tunis_figures(loaded):
    for event in Event.objects.all():
        text = " ".join([event.name, event.participants, event.participants_source,
                         event.summary, event.source, event.unconfirmed_note])  # fmt: skip
        assert "20,000" not in text and "20 000" not in text
        assert "65 Heads" not in text


def test_c5(loaded):
    c5 = ActionLine.objects.get(code="C5")
    assert c5.official_title == "Building confidence and security in the use of ICTs"
    assert Facilitation.objects.filter(action_line=c5, organization__slug="itu").exists()
    assert c5.links.get(kind="defines").paragraph.number == 12


def test_c1_current_title_differs(loaded):
    c1 = ActionLine.objects.get(code="C1")
    assert c1.current_title and c1.current_title != c1.official_title
    assert "public governance authorities" in c1.current_title


def test_c7_has_eight_sub_lines(loaded):
    c7 = ActionLine.objects.get(code="C7")
    assert c7.sub_lines.count() == 8
    assert ActionLine.objects.top_level().count() == 11
    assert ActionLine.objects.get(slug="c7-e-health").links.get().paragraph.number == 18


def test_every_paragraph_text_is_empty(loaded):
    assert not Paragraph.objects.exclude(text="").exists()


def test_sdg_links_are_all_unverified(loaded):
    assert SDG.objects.count() == 17
    assert SDGLink.objects.exists()
    assert not SDGLink.objects.filter(verified=True).exists()
    assert all(
        "not verified" in s.lower() for s in SDGLink.objects.values_list("source", flat=True)
    )


def test_tunis_agenda_72_is_in_the_igf_theme(loaded):
    para = Paragraph.objects.get(document__slug="tunis-agenda", number=72)
    assert para.themes.filter(slug="igf").exists()


def test_targets_a_to_j(loaded):
    assert list(Target.objects.values_list("letter", flat=True)) == list("abcdefghij")
    assert {t.paragraph.number for t in Target.objects.select_related("paragraph")} == {6}


def test_paragraphs_sit_in_the_innermost_section(loaded):
    def section(slug, number):
        return Paragraph.objects.get(document__slug=slug, number=number).section

    assert section("geneva-declaration", 48).label == "B6"
    assert section("geneva-declaration", 19).label == "B"
    assert section("geneva-plan-of-action", 12).label == "C5"
    assert section("geneva-plan-of-action", 27).label == "D"
    assert section("tunis-agenda", 29).heading == "Internet governance"
    assert section("tunis-commitment", 1) is None


def test_unconfirmed_facts_are_flagged(loaded):
    assert not ActionLine.objects.get(code="C7").verified
    assert not Facilitation.objects.get(action_line__code="C7 e-health").verified
    assert not Paragraph.objects.get(document__slug="tunis-agenda", number=28).verified
    assert Paragraph.objects.get(document__slug="geneva-plan-of-action", number=6).verified


def test_paragraphs_on_the_action_lines_in_general_link_to_each_of_them(loaded):
    from actionlines.models import ActionLine

    for line in ActionLine.objects.top_level():
        linked = set(line.paragraphs.values_list("document__slug", "number"))
        assert {("tunis-agenda", 108), ("a-res-80-173", 113)} <= linked, line.code
    assert not ActionLine.objects.get(slug="c7-e-health").paragraphs.filter(number=108).exists()
