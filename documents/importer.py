"""Official text importer: parse a file, report what it would change, apply it all or nothing.

Three formats are read, told apart by their content:
- plain text: paragraphs numbered `1.`, `72.`; lettered sub-items `a)` stay inside their
  paragraph, one per line; short unpunctuated lines on their own are section headings
  (`B6. Enabling environment` gives label B6);
- HTML in the shape of ITU's WSIS document pages: one `<p>` per paragraph, headings as
  `<h2>`/`<h3>` or a `<p>` that is all `<b>`; parsed with the standard library's html.parser;
- the JSON written by documents.exporter, read back losslessly.

The entry point is `document_import(*, document, source, dry_run, ...)`: it returns an
`ImportReport` (matched, new, changed with a word diff, missing against the official paragraph
count). With `dry_run=False` it applies the changes in one transaction; every paragraph change is
saved through the model, so the history records it with the importing user.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from .diffs import word_diff_html, word_diff_text
from .models import Document, Event, Paragraph, SearchConfig, Section, Theme

MAX_IMPORT_BYTES = 5 * 1024 * 1024
EXPORT_FORMAT = "wsis-portal-document"
EXPORT_VERSION = 1

NUMBERED = re.compile(r"^(\d{1,4})\.(?:\s+(.*)|$)")
SUB_ITEM = re.compile(r"^\(?[a-z]{1,4}\)\s+\S")
SECTION_LABEL = re.compile(r"^(?P<label>[A-Z]\d{0,2})[.)]\s+(?P<heading>\S.*)$")


class ImportFileError(ValueError):
    """A file the importer refuses, with a message meant for the editor."""


# --- parsed source -----------------------------------------------------------------------


@dataclass
class ParsedSection:
    heading: str
    label: str = ""
    # Only the JSON format carries these; text and HTML leave them to the existing record.
    details: dict | None = None
    parent_index: int | None = None


@dataclass
class ParsedParagraph:
    number: int
    lines: list = field(default_factory=list)
    section_index: int | None = None
    line_no: int = 0
    details: dict | None = None  # JSON only: summary, source, verified, search_config, themes

    @property
    def text(self):
        return "\n".join(self.lines).strip()


@dataclass
class ParsedSource:
    format: str
    sections: list
    paragraphs: list
    document: dict | None = None
    themes: list = field(default_factory=list)
    ignored_lines: int = 0


def _decode(data):
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MB. Split the document or check it is the "
            "right file."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"The file is not UTF-8 text (undecodable byte at position {error.start}). "
            "Save it as UTF-8 and import it again."
        ) from None
    if "\x00" in text:
        raise ImportFileError("The file contains NUL bytes: it is not a text or HTML file.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _clean(text):
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _looks_like_heading(line):
    return len(line) <= 200 and not line.endswith((".", ",", ";", ":")) and not line[:1].islower()


def _heading(text):
    text = _clean(text)
    match = SECTION_LABEL.match(text)
    if match:
        return ParsedSection(heading=match["heading"].strip(), label=match["label"])
    return ParsedSection(heading=text)


def _assemble(tokens, fmt):
    """Paragraphs and sections from ('line', text, line_no) / ('blank',) / ('heading', …)."""
    sections, paragraphs = [], []
    current = None
    prev_blank = True
    prev_line = ""
    ignored = 0
    for index, token in enumerate(tokens):
        kind = token[0]
        if kind == "blank":
            prev_blank = True
            continue
        text, line_no = _clean(token[1]), token[2]
        if not text:
            continue
        if kind == "heading":
            if NUMBERED.match(text) and current is not None:
                kind = "line"  # a paragraph set in bold is still a paragraph
            else:
                sections.append(_heading(text))
                prev_blank, prev_line = True, text
                continue
        numbered = NUMBERED.match(text)
        # A number starts a paragraph at the start of a block, or when it is the next number:
        # "… adopted in\n2005. The …" inside a paragraph is not paragraph 2005.
        if numbered and (prev_blank or current is None or int(numbered[1]) == current.number + 1):
            current = ParsedParagraph(
                number=int(numbered[1]),
                lines=[numbered[2]] if numbered[2] else [],
                section_index=len(sections) - 1 if sections else None,
                line_no=line_no,
            )
            paragraphs.append(current)
        elif current is not None and SUB_ITEM.match(text):
            current.lines.append(text)
        elif (
            _looks_like_heading(text)
            and (prev_blank or prev_line.endswith((".", ";", ":")))
            and _next_is_break(tokens, index)
        ):
            sections.append(_heading(text))
        elif current is not None:
            if prev_blank or not current.lines:
                current.lines.append(text)
            else:
                current.lines[-1] += " " + text
        else:
            ignored += 1  # a title or preamble before the first paragraph
        prev_blank, prev_line = False, text
    # Headings before the first paragraph other than the last one are titles, not sections.
    first_section = paragraphs[0].section_index if paragraphs else None
    if first_section:
        ignored += first_section
        sections = sections[first_section:]
        for paragraph in paragraphs:
            if paragraph.section_index is not None:
                paragraph.section_index -= first_section
    return ParsedSource(format=fmt, sections=sections, paragraphs=paragraphs, ignored_lines=ignored)


def _next_is_break(tokens, index):
    """A heading stands alone: what follows is a blank, a heading, a numbered line or the end."""
    for token in tokens[index + 1 :]:
        if token[0] in ("blank", "heading"):
            return True
        return bool(NUMBERED.match(_clean(token[1])))
    return True


def _text_tokens(text):
    tokens = []
    for line_no, line in enumerate(text.split("\n"), start=1):
        tokens.append(("line", line, line_no) if line.strip() else ("blank",))
    return tokens


class _ItuHtmlParser(HTMLParser):
    """Block-level text of an HTML page: one token per paragraph-like element."""

    BLOCKS = {"p", "div", "li", "td", "th", "blockquote", "dd", "dt", "tr", "section", "article"}
    HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
    SKIP = {"script", "style", "head", "title", "nav", "header", "footer", "noscript", "h1"}
    BOLD = {"b", "strong"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []
        self.buffer = []
        self.bold_chars = 0
        self.bold_depth = 0
        self.skip_depth = 0
        self.in_heading = False
        self.lists = []  # per open <ol>/<ul>: [type, counter]

    def _flush(self):
        text = "".join(self.buffer)
        plain = _clean(text.replace("\n", " "))
        if plain:
            line_no = self.getpos()[0]
            letters = sum(1 for c in plain if not c.isspace())
            all_bold = self.bold_chars >= letters
            if self.in_heading or (all_bold and not NUMBERED.match(plain)):
                self.tokens.append(("heading", plain, line_no))
            else:
                for line in text.split("\n"):
                    if line.strip():
                        self.tokens.append(("line", line, line_no))
            self.tokens.append(("blank",))
        self.buffer, self.bold_chars = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip_depth += 1
            return
        if tag in ("ol", "ul"):
            self._flush()
            self.lists.append([dict(attrs).get("type", "1" if tag == "ol" else ""), 0])
        elif tag in self.BLOCKS or tag in self.HEADINGS:
            self._flush()
            self.in_heading = tag in self.HEADINGS
            if tag == "li" and self.lists and self.lists[-1][0] == "a":
                self.lists[-1][1] += 1
                self.buffer.append(f"{chr(ord('a') + self.lists[-1][1] - 1)}) ")
        elif tag == "br":
            self.buffer.append("\n")
        elif tag in self.BOLD:
            self.bold_depth += 1

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.buffer.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in ("ol", "ul"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag in self.BLOCKS or tag in self.HEADINGS:
            self._flush()
            self.in_heading = False
        elif tag in self.BOLD:
            self.bold_depth = max(0, self.bold_depth - 1)

    def handle_data(self, data):
        if self.skip_depth:
            return
        self.buffer.append(data.replace("\n", " "))
        if self.bold_depth:
            self.bold_chars += sum(1 for c in data if not c.isspace())

    def close(self):
        super().close()
        self._flush()


def _html_tokens(text):
    parser = _ItuHtmlParser()
    parser.feed(text)
    parser.close()
    return parser.tokens


def _parse_json(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(f"The JSON file is not valid JSON: {error}.") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ImportFileError(f"This JSON file is not a {EXPORT_FORMAT} export.")
    if data.get("version") != EXPORT_VERSION:
        raise ImportFileError(f"Unsupported export version {data.get('version')!r}.")
    try:
        sections = [
            ParsedSection(
                heading=s["heading"],
                label=s.get("label", ""),
                details={k: s[k] for k in SECTION_DETAILS},
                parent_index=s.get("parent"),
            )
            for s in data.get("sections", [])
        ]
        paragraphs = [
            ParsedParagraph(
                number=p["number"],
                lines=[p["text"]],
                section_index=p.get("section"),
                line_no=i + 1,
                details={k: p[k] for k in PARAGRAPH_DETAILS},
            )
            for i, p in enumerate(data["paragraphs"])
        ]
    except (KeyError, TypeError) as error:
        raise ImportFileError(f"The JSON export is missing a field: {error}.") from None
    for s in sections:
        if s.parent_index is not None and not (
            isinstance(s.parent_index, int) and 0 <= s.parent_index < len(sections)
        ):
            raise ImportFileError(f"Section '{s.heading}' refers to an unknown parent section.")
    for p in paragraphs:
        if not isinstance(p.number, int) or isinstance(p.number, bool) or p.number < 1:
            raise ImportFileError(f"Paragraph number {p.number!r} is not a positive integer.")
        if p.section_index is not None and not 0 <= p.section_index < len(sections):
            raise ImportFileError(f"Paragraph {p.number} refers to an unknown section.")
    return ParsedSource(
        format="json",
        sections=sections,
        paragraphs=paragraphs,
        document=data.get("document"),
        themes=data.get("themes", []),
    )


SECTION_DETAILS = ["order", "first_paragraph", "last_paragraph", "verified", "source"]
PARAGRAPH_DETAILS = ["summary", "source", "verified", "search_config", "themes"]
DOCUMENT_DETAILS = [
    "title",
    "short_title",
    "symbol",
    "type",
    "adopted_on",
    "official_url",
    "paragraph_count",
    "paragraph_count_verified",
    "summary",
    "source",
    "licence_note",
]


def source_parse(*, data):
    """Parse the bytes of an import file, or raise ImportFileError saying what is wrong."""
    text = _decode(data)
    head = text.lstrip()[:1]
    if head == "{":
        parsed = _parse_json(text)
    elif re.search(r"<(?:p|h[1-6]|html|body|div|br)\b", text, re.IGNORECASE):
        parsed = _assemble(_html_tokens(text), "html")
    else:
        parsed = _assemble(_text_tokens(text), "text")
    if not parsed.paragraphs:
        raise ImportFileError(
            "No numbered paragraphs were found: each paragraph must start with its number "
            "and a full stop, as in '1. …'."
        )
    seen = {}
    previous = None
    for paragraph in parsed.paragraphs:
        where = f" (line {paragraph.line_no})" if parsed.format == "text" else ""
        if paragraph.number in seen:
            raise ImportFileError(f"Paragraph {paragraph.number} appears twice{where}.")
        if previous is not None and paragraph.number < previous.number:
            raise ImportFileError(
                f"Paragraph {paragraph.number} comes after paragraph {previous.number}{where}: "
                "the numbers are out of order."
            )
        seen[paragraph.number] = paragraph
        previous = paragraph
    return parsed


# --- report ------------------------------------------------------------------------------


@dataclass
class ParagraphChange:
    number: int
    status: str  # "new", "changed" or "unchanged"
    old_text: str = ""
    new_text: str = ""
    fields: dict = field(default_factory=dict)  # other fields: name -> (old, new)

    @property
    def text_changed(self):
        return self.old_text != self.new_text

    @property
    def diff_html(self):
        return word_diff_html(self.old_text, self.new_text)

    @property
    def diff_text(self):
        return word_diff_text(self.old_text, self.new_text)


@dataclass
class ImportReport:
    document: Document
    format: str
    paragraphs: list
    new_sections: list
    changed_sections: list
    missing: list  # numbers up to the official count that the file lacks
    beyond_count: list  # numbers above the official count
    document_fields: dict = field(default_factory=dict)
    ignored_lines: int = 0
    applied: bool = False

    def _with(self, status):
        return [p for p in self.paragraphs if p.status == status]

    @property
    def matched(self):
        return self._with("unchanged")

    @property
    def new(self):
        return self._with("new")

    @property
    def changed(self):
        return self._with("changed")

    @property
    def has_changes(self):
        return bool(
            self.new
            or self.changed
            or self.new_sections
            or self.changed_sections
            or self.document_fields
        )

    def summary_lines(self):
        lines = [
            f"Format: {self.format}; {len(self.paragraphs)} paragraphs in the file.",
            f"Matched (unchanged): {len(self.matched)}",
            f"New: {len(self.new)}" + _numbers(self.new),
            f"Changed: {len(self.changed)}" + _numbers(self.changed),
        ]
        if self.document.paragraph_count:
            lines.append(
                f"Missing against the official count of {self.document.paragraph_count}: "
                f"{len(self.missing)}" + (f" ({_ranges(self.missing)})" if self.missing else "")
            )
        if self.beyond_count:
            lines.append(f"Numbered beyond the official count: {_ranges(self.beyond_count)}")
        if self.new_sections:
            lines.append("New sections: " + "; ".join(str(s) for s in self.new_sections))
        if self.changed_sections:
            lines.append("Changed sections: " + "; ".join(self.changed_sections))
        if self.document_fields:
            lines.append("Document fields changed: " + ", ".join(self.document_fields))
        if self.ignored_lines:
            lines.append(f"Lines before the first paragraph, not imported: {self.ignored_lines}")
        return lines


def _numbers(changes):
    return f" ({_ranges([c.number for c in changes])})" if changes else ""


def _ranges(numbers):
    """[1, 2, 3, 7] -> '1–3, 7'."""
    parts, start, prev = [], None, None
    for n in sorted(numbers):
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            parts.append(f"{start}–{prev}" if prev != start else str(start))
            start = prev = n
    if start is not None:
        parts.append(f"{start}–{prev}" if prev != start else str(start))
    return ", ".join(parts)


# --- plan and apply ----------------------------------------------------------------------


def _normalise(value):
    return " ".join(value.split()).casefold()


def _match_section(parsed, existing):
    if parsed.label:
        return next((s for s in existing if s.label == parsed.label), None)
    return next((s for s in existing if _normalise(s.heading) == _normalise(parsed.heading)), None)


def _section_name(section):
    return str(section) if section is not None else ""


class _Plan:
    """What an import would do, computed without writing anything."""

    def __init__(self, document, parsed):
        self.document = document
        self.parsed = parsed
        existing_sections = list(document.sections.all())
        self.section_targets = []  # per parsed section: existing Section or None (to create)
        self.section_updates = {}  # parsed index -> {field: new}
        for section in parsed.sections:
            self.section_targets.append(_match_section(section, existing_sections))
        for index, section in enumerate(parsed.sections):
            match = self.section_targets[index]
            if match is not None and section.details is not None:
                updates = self._section_updates(match, section)
                if updates:
                    self.section_updates[index] = updates
        self.existing = {
            p.number: p
            for p in document.paragraphs.select_related("section").prefetch_related("themes")
        }
        self.changes = [self._paragraph_change(p) for p in parsed.paragraphs]
        self.document_updates = self._document_updates()

    def _section_updates(self, match, section):
        """JSON only: the stored section's fields that differ from the export's."""
        wanted = dict(section.details, heading=section.heading, label=section.label)
        updates = {k: v for k, v in wanted.items() if getattr(match, k) != v}
        index = section.parent_index
        parent = self.section_targets[index] if index is not None else None
        if index is not None and parent is None:
            updates["parent"] = "(a new section)"
        elif (parent.pk if parent else None) != match.parent_id:
            updates["parent"] = parent
        return updates

    def _section_of(self, paragraph):
        if paragraph.section_index is None:
            return None
        return self.section_targets[paragraph.section_index]

    def _paragraph_change(self, parsed):
        current = self.existing.get(parsed.number)
        new_text = parsed.text
        if current is None:
            return ParagraphChange(parsed.number, "new", "", new_text)
        fields = {}
        section_index = parsed.section_index
        if section_index is not None or parsed.details is not None:
            target = self._section_of(parsed)
            if target is None and section_index is not None:
                new_name = f"{self.parsed.sections[section_index].label} "
                new_name = (new_name + self.parsed.sections[section_index].heading).strip()
                fields["section"] = (_section_name(current.section), new_name + " (new)")
            elif target != current.section:
                fields["section"] = (_section_name(current.section), _section_name(target))
        if parsed.details is not None:
            for name in ("summary", "source", "verified", "search_config"):
                if getattr(current, name) != parsed.details[name]:
                    fields[name] = (getattr(current, name), parsed.details[name])
            old_themes = sorted(t.slug for t in current.themes.all())
            new_themes = sorted(parsed.details["themes"])
            if old_themes != new_themes:
                fields["themes"] = (", ".join(old_themes), ", ".join(new_themes))
        status = "changed" if fields or current.text != new_text else "unchanged"
        return ParagraphChange(parsed.number, status, current.text, new_text, fields)

    def _document_updates(self):
        data = self.parsed.document
        if not data:
            return {}
        updates = {}
        for name in DOCUMENT_DETAILS:
            if name not in data:
                continue
            value = data[name]
            current = getattr(self.document, name)
            if name == "adopted_on":
                current = current.isoformat()
            if current != value:
                updates[name] = value
        event_slug = data.get("event")
        if event_slug and event_slug != self.document.event.slug:
            updates["event"] = event_slug
        return updates

    def report(self):
        numbers = {p.number for p in self.parsed.paragraphs}
        count = self.document.paragraph_count or 0
        return ImportReport(
            document=self.document,
            format=self.parsed.format,
            paragraphs=self.changes,
            new_sections=[
                ParsedSection(heading=s.heading, label=s.label)
                for s, t in zip(self.parsed.sections, self.section_targets, strict=True)
                if t is None
            ],
            changed_sections=[
                _section_name(self.section_targets[i]) for i in sorted(self.section_updates)
            ],
            missing=[n for n in range(1, count + 1) if n not in numbers],
            beyond_count=sorted(n for n in numbers if count and n > count),
            document_fields=self.document_updates,
            ignored_lines=self.parsed.ignored_lines,
        )


def _save(instance, *, user, reason):
    instance._history_user = user
    instance._change_reason = reason
    instance.save()


def _apply(plan, *, user, reason, progress):
    document = plan.document
    if plan.document_updates:
        for name, value in plan.document_updates.items():
            if name == "event":
                event = Event.objects.filter(slug=value).first()
                if event is None:
                    raise ImportFileError(f"The export names an unknown event '{value}'.")
                document.event = event
            else:
                setattr(document, name, value)
        document.full_clean(exclude=["slug", "status", "event"], validate_unique=False)
        _save(document, user=user, reason=reason)

    targets = list(plan.section_targets)
    next_order = max([s.order for s in document.sections.all()], default=0) + 1
    for index, parsed in enumerate(plan.parsed.sections):
        if targets[index] is None:
            section = Section(document=document, heading=parsed.heading, label=parsed.label)
            if parsed.details is not None:
                for name, value in parsed.details.items():
                    setattr(section, name, value)
            else:
                section.order = next_order
                next_order += 1
            _save(section, user=user, reason=reason)
            targets[index] = section
    for index, parsed in enumerate(plan.parsed.sections):
        section = targets[index]
        updates = dict(plan.section_updates.get(index, {}))
        if parsed.details is not None:
            parent = targets[parsed.parent_index] if parsed.parent_index is not None else None
            if section.parent_id != (parent.pk if parent else None):
                updates["parent"] = parent
        if updates:
            for name, value in updates.items():
                setattr(section, name, value)
            _save(section, user=user, reason=reason)

    themes = {}
    for theme in plan.parsed.themes:
        themes[theme["slug"]], _ = Theme.objects.get_or_create(
            slug=theme["slug"],
            defaults={"name": theme["name"], "description": theme.get("description", "")},
        )

    parsed_by_number = {p.number: p for p in plan.parsed.paragraphs}
    todo = [c for c in plan.changes if c.status != "unchanged"]
    for done, change in enumerate(todo, start=1):
        parsed = parsed_by_number[change.number]
        paragraph = plan.existing.get(change.number) or Paragraph(
            document=document, number=change.number
        )
        paragraph.text = change.new_text
        if parsed.section_index is not None or parsed.details is not None:
            paragraph.section = (
                targets[parsed.section_index] if parsed.section_index is not None else None
            )
        slugs = None
        if parsed.details is not None:
            details = parsed.details
            paragraph.summary = details["summary"]
            paragraph.source = details["source"]
            paragraph.verified = details["verified"]
            if details["search_config"] not in SearchConfig.values:
                raise ImportFileError(
                    f"Paragraph {change.number}: unknown language '{details['search_config']}'."
                )
            paragraph.search_config = details["search_config"]
            slugs = details["themes"]
        if slugs is not None:
            unknown = [s for s in slugs if s not in themes]
            if unknown:
                known = {t.slug: t for t in Theme.objects.filter(slug__in=unknown)}
                if len(known) != len(unknown):
                    raise ImportFileError(
                        f"Paragraph {change.number} names unknown themes: {', '.join(unknown)}."
                    )
                themes.update(known)
            # Set the themes first without history, so that the save below records the text
            # and the themes as one version.
            if paragraph.pk is None:
                paragraph.skip_history_when_saving = True
                paragraph.save()
            else:
                paragraph.skip_history_when_saving = True
            paragraph.themes.set([themes[s] for s in slugs])
            del paragraph.skip_history_when_saving
        _save(paragraph, user=user, reason=reason)
        if progress is not None:
            progress(done, len(todo))


def document_import(
    *,
    document: Document,
    source: bytes,
    dry_run: bool = True,
    user=None,
    filename: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Read `source` into `document`: report only (`dry_run`), or apply all or nothing.

    Raises ImportFileError, with nothing changed, for a file that cannot be imported.
    `progress(done, total)` is called after each paragraph written.
    """
    parsed = source_parse(data=source)
    if dry_run:
        return _Plan(document, parsed).report()
    reason = f"Imported from {filename}" if filename else "Imported"
    try:
        with transaction.atomic():
            # Lock the document: two imports of the same document run one after the other.
            document = (
                Document.objects.select_for_update().select_related("event").get(pk=document.pk)
            )
            plan = _Plan(document, parsed)
            report = plan.report()
            if report.has_changes:
                _apply(plan, user=user, reason=reason, progress=progress)
    except (IntegrityError, DataError) as error:
        raise ImportFileError(f"The import was refused by the database: {error}") from error
    except ValidationError as error:
        raise ImportFileError(f"The import has invalid values: {error}") from error
    report.applied = True
    return report
