"""The official-text importer: formats, dry run, apply, re-import, bad files, round trip."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from documents.exporter import document_export, document_export_json
from documents.importer import (
    MAX_IMPORT_BYTES,
    ImportFileError,
    document_import,
    source_parse,
)
from documents.models import Paragraph, Section, Theme

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"
TEXT = (FILES / "sample.txt").read_bytes()
HTML = (FILES / "sample.html").read_bytes()


def snapshot(document):
    """Everything an import may touch, to prove that nothing changed."""
    return (
        sorted(
            Paragraph.objects.filter(document=document).values_list(
                "number", "text", "summary", "section_id"
            )
        ),
        sorted(Section.objects.filter(document=document).values_list("label", "heading")),
        Paragraph.history.count(),
        Section.history.count(),
    )


def test_plain_text_is_parsed_into_numbered_paragraphs_with_sub_items_and_headings():
    parsed = source_parse(data=TEXT)
    assert parsed.format == "text"
    assert [p.number for p in parsed.paragraphs] == [1, 2, 3, 4]
    assert parsed.paragraphs[1].text == (
        "Placeholder sentence number 2 about shared goals, wrapped over two lines."
    )
    assert parsed.paragraphs[2].text == (
        "The participants agree on the following:\n"
        "a) a first lettered item;\n"
        "b) a second lettered item, which also wraps onto a second line;\n"
        "c) a third item."
    )
    assert [(s.label, s.heading) for s in parsed.sections] == [
        ("A", "Vision"),
        ("B", "Commitments"),
    ]
    assert parsed.paragraphs[0].section_index == 0
    assert parsed.paragraphs[3].section_index == 1
    assert parsed.ignored_lines == 1  # the title


def test_itu_style_html_is_parsed_the_same_way():
    parsed = source_parse(data=HTML)
    text = source_parse(data=TEXT)
    assert parsed.format == "html"
    assert [p.number for p in parsed.paragraphs] == [1, 2, 3, 4]
    assert [p.text for p in parsed.paragraphs[:3]] == [p.text for p in text.paragraphs[:3]]
    assert parsed.paragraphs[3].text == (
        "A closing placeholder sentence with an entity: café & more."
    )
    assert [(s.label, s.heading) for s in parsed.sections] == [
        ("A", "Vision"),
        ("B", "Commitments"),
    ]


def test_html_lettered_list_items_stay_in_their_paragraph():
    html = b"<p>1. Intro:</p><ol type='a'><li>one;</li><li>two.</li></ol><p>2. Next.</p>"
    parsed = source_parse(data=html)
    assert parsed.paragraphs[0].text == "Intro:\na) one;\nb) two."
    assert parsed.paragraphs[1].text == "Next."


def test_a_year_inside_a_wrapped_paragraph_is_not_a_new_paragraph():
    text = b"1. Agreed at the meeting held in\n2005. The text goes on.\n\n2. Next paragraph.\n"
    parsed = source_parse(data=text)
    assert [p.number for p in parsed.paragraphs] == [1, 2]
    assert "2005. The text goes on." in parsed.paragraphs[0].text


def test_dry_run_reports_matched_new_changed_and_missing_and_changes_nothing(document, paragraphs):
    before = snapshot(document)
    edited = TEXT.replace(b"number 1 about shared goals", b"number 1 about common goals")
    report = document_import(document=document, source=edited, dry_run=True)
    assert snapshot(document) == before
    assert not report.applied
    assert [c.number for c in report.changed] == [1, 2, 3]  # 2 and 3 differ from the fixture
    assert [c.number for c in report.new] == [4]
    assert report.matched == []
    assert report.missing == []  # official count is 4, all present
    change = report.changed[0]
    assert str(change.diff_html) == (
        "Placeholder sentence number 1 about <del>shared</del><ins>common</ins> goals."
    )
    assert [s.heading for s in report.new_sections] == ["Commitments"]
    summary = "\n".join(report.summary_lines())
    assert "New: 1 (4)" in summary


def test_missing_paragraphs_are_counted_against_the_official_count(document):
    document.paragraph_count = 6
    report = document_import(document=document, source=TEXT, dry_run=True)
    assert report.missing == [5, 6]
    assert "Missing against the official count of 6: 2 (5–6)" in report.summary_lines()


def test_apply_writes_everything_in_history_and_reimport_is_a_no_op(document, paragraphs, editor):
    report = document_import(
        document=document, source=TEXT, dry_run=False, user=editor, filename="sample.txt"
    )
    assert report.applied
    texts = dict(Paragraph.objects.filter(document=document).values_list("number", "text"))
    assert texts[3].startswith("The participants agree on the following:\na) a first")
    assert texts[4] == "A closing placeholder sentence written for the tests."
    p4 = Paragraph.objects.get(document=document, number=4)
    assert p4.section.label == "B"
    record = p4.history.first()
    assert record.history_user == editor
    assert record.history_change_reason == "Imported from sample.txt"
    p2 = Paragraph.objects.get(document=document, number=2)
    assert p2.history.count() == 2  # created by the fixture, changed by the import
    assert p2.summary == "Summary 2."  # text imports never touch editorial fields

    before = snapshot(document)
    again = document_import(document=document, source=TEXT, dry_run=False, user=editor)
    assert not again.has_changes
    assert len(again.matched) == 4
    assert snapshot(document) == before


def test_progress_is_reported(document):
    calls = []
    document_import(
        document=document, source=TEXT, dry_run=False, progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


BAD_FILES = {
    "not utf-8": ("Déclaration\n1. Un paragraphe.\n".encode("latin-1"), "not UTF-8"),
    "no numbered paragraphs": (b"Just some prose.\n\nAnd more prose.\n", "No numbered"),
    "out of order": (b"1. One.\n\n3. Three.\n\n2. Two.\n", "out of order"),
    "duplicated": (b"1. One.\n\n2. Two.\n\n2. Two again.\n", "appears twice"),
    "binary": (b"1. One.\x00\x01\x02", "NUL"),
    "too large": (b"1. " + b"x" * (MAX_IMPORT_BYTES + 1), "limit is 5 MB"),
    "bad json": (b'{"format": "wsis-portal-document", "version": 1', "not valid JSON"),
    "foreign json": (b'{"hello": "world"}', "not a wsis-portal-document"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_give_a_clear_error_and_change_nothing(case, document, paragraphs):
    data, message = BAD_FILES[case]
    before = snapshot(document)
    with pytest.raises(ImportFileError, match=message):
        document_import(document=document, source=data, dry_run=False)
    assert snapshot(document) == before


def test_a_failure_halfway_rolls_everything_back(document, paragraphs):
    """All or nothing: a database error on the last paragraph undoes the earlier ones."""
    before = snapshot(document)
    data = json.loads(document_export_json(document=document))
    for p in data["paragraphs"]:
        p["text"] = "Rewritten placeholder."
    data["paragraphs"][-1]["search_config"] = "klingon"
    with pytest.raises(ImportFileError, match="unknown language"):
        document_import(document=document, source=json.dumps(data).encode(), dry_run=False)
    assert snapshot(document) == before


def test_export_then_import_round_trips_losslessly(document, paragraphs, editor):
    theme = Theme.objects.create(slug="access", name="Access")
    paragraphs[0].themes.add(theme)
    paragraphs[1].verified = True
    paragraphs[1].source = "S1: a test source"
    paragraphs[1].save()
    child = Section.objects.create(
        document=document, parent=paragraphs[0].section, label="", heading="Unlabelled", order=2
    )
    paragraphs[2].section = child
    paragraphs[2].save()
    exported = document_export_json(document=document)

    # Damage the document every way an import must repair.
    Paragraph.objects.filter(pk=paragraphs[0].pk).update(text="Damaged.", summary="")
    paragraphs[0].themes.clear()
    Paragraph.objects.filter(pk=paragraphs[1].pk).update(verified=False, source="")
    Paragraph.objects.filter(pk=paragraphs[2].pk).delete()
    document.summary = "Damaged summary."
    document.save()

    report = document_import(document=document, source=exported.encode(), dry_run=False)
    assert report.applied
    document.refresh_from_db()
    assert document_export_json(document=document) == exported
    # And importing the same export again changes nothing.
    assert not document_import(document=document, source=exported.encode()).has_changes


def test_export_is_plain_json_with_the_documents_fields(document, paragraphs):
    data = document_export(document=document)
    assert data["format"] == "wsis-portal-document"
    assert data["document"]["slug"] == "sample-declaration"
    assert [p["number"] for p in data["paragraphs"]] == [1, 2, 3]
    assert data["paragraphs"][0]["section"] == 0


def test_the_commands_print_a_report_and_progress_and_apply(document, paragraphs, tmp_path):
    path = tmp_path / "sample.txt"
    path.write_bytes(TEXT)
    out = StringIO()
    call_command("import_document", str(path), document=document.slug, dry_run=True, stdout=out)
    assert "Dry run only: nothing was changed." in out.getvalue()
    assert "[-shared goals.-]" not in out.getvalue()
    assert not Paragraph.objects.filter(document=document, number=4).exists()

    out = StringIO()
    call_command(
        "import_document", str(path), document=document.slug, interactive=False, stdout=out
    )
    assert "3/3 paragraphs written" in out.getvalue()
    assert "Imported: 1 new, 2 changed, 1 unchanged." in out.getvalue()

    export = tmp_path / "export.json"
    call_command("export_document", document.slug, output=str(export), stderr=StringIO())
    assert json.loads(export.read_text())["paragraphs"][3]["number"] == 4


def test_the_command_refuses_bad_files_without_changing_anything(document, paragraphs, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(BAD_FILES["out of order"][0])
    before = snapshot(document)
    with pytest.raises(CommandError, match="out of order.*Nothing was changed"):
        call_command("import_document", str(path), document=document.slug, interactive=False)
    assert snapshot(document) == before
    big = tmp_path / "big.txt"
    big.write_bytes(b"1. x\n" * (MAX_IMPORT_BYTES // 5 + 1))
    with pytest.raises(CommandError, match="limit is 5 MB"):
        call_command("import_document", str(big), document=document.slug, interactive=False)
