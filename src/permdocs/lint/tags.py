"""Template tags as Word holds them: found paragraph by paragraph, with docxtpl's rules checked.

Word splits typed text into runs at will, so a tag is found in a paragraph's text (its runs
joined), exactly as docxtpl joins them before Jinja sees the part. What docxtpl does with a part
(``DocxTemplate.patch_xml``, docxtpl 0.20.2), and the mistakes that follow from it:

- Inside a tag, the XML between runs is removed, so ``{{ child.`` and ``name }}`` in two runs of
  one paragraph are one tag. But nothing stops the removal at the end of a paragraph: a tag begun
  in one paragraph and ended in the next silently merges the two paragraphs.
- ``{%p ... %}``, ``{%tr ... %}`` and ``{%tc ... %}`` (and ``{{p }}``, ``{#p #}`` ...) replace the
  *whole* paragraph, table row or table cell holding them with the bare tag. A second such tag in
  the same paragraph, row or cell is thrown away with everything else there; so is any text.
  The prefix must be followed by exactly one space, and the tag may hold no ``%`` or ``}``, or
  docxtpl leaves it alone and Jinja reports an unknown tag ``p``.
- ``{{r ... }}`` / ``{%r ... %}`` replace the run, for docxtpl's rich text; permdocs gives
  templates plain text only, so such a tag prints text outside any run.
- ``{% colspan X %}`` and ``{% cellbg X %}`` become ``{{ X }}`` in a cell property; ``{% vm %}``
  and ``{% hm %}`` use ``loop`` and only work inside a ``{%tr for %}``.
- Curly quotes typed by Word's autocorrect inside a tag are straightened.

So that every finding can name its paragraph, the tags of one part are also written out one per
line (:attr:`PartTags.source`): the same Jinja structure as the real part, in which a line number
is a tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..render.verify import W
from .findings import LintFinding, Place

_OPENERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENER = re.compile(r"\{[{%#]")
_CLOSER = re.compile(r"[}%#]\}")
# docxtpl's own patterns (template.py, patch_xml), anchored to one tag.
_LEVEL_TAG = re.compile(r"\{([{%])(tr|tc|p|r) ([^}%]*)(%\}|\}\})", re.DOTALL)
_LEVEL_COMMENT = re.compile(r"\{#(tr|tc|p) ([^}#]*)#\}", re.DOTALL)
_LEVEL_PREFIX = re.compile(r"\{[{%#]-?\s*(tr|tc|p|r)(?=\s)")
_CELL_PROPERTY = re.compile(r"\{%\s*(colspan|cellbg)\s+(.*?)\s*%\}", re.DOTALL)
_MERGE = re.compile(r"\{%\s*(vm|hm)\s*%\}")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_BLOCK_STARTS = frozenset(
    {"if", "for", "macro", "call", "filter", "with", "block", "raw", "autoescape", "trans"}
)
_BLOCK_MIDDLES = frozenset({"elif", "else", "pluralize"})
_STATEMENT_WORD = re.compile(r"\{%-?\s*([a-zA-Z_]+)")
_LEVEL_WORDS = {"p": "paragraph", "tr": "table row", "tc": "table cell", "r": "run"}


@dataclass(frozen=True)
class Paragraph:
    """One ``w:p`` of a part, with its text and where it is."""

    element: Any
    text: str
    place: Place
    row: Any | None
    """The nearest table row holding it, if any."""
    cell: Any | None


@dataclass(frozen=True)
class Tag:
    raw: str
    """As typed, Word's curly quotes and all: what the paragraph's text holds."""
    source: str
    """As Jinja sees it, after docxtpl's clean-up."""
    level: str
    """"p", "tr", "tc" or "r" for docxtpl's paragraph, row, cell and run tags; "" otherwise."""
    paragraph: Paragraph

    @property
    def container(self) -> Any:
        """The element docxtpl replaces with the tag: its paragraph, row or cell."""
        if self.level == "tr":
            return self.paragraph.row
        if self.level == "tc":
            return self.paragraph.cell
        return self.paragraph.element


@dataclass
class PartTags:
    part: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    findings: list[LintFinding] = field(default_factory=list)

    @property
    def source(self) -> str:
        """The part's tags one per line: line ``n`` is ``tags[n - 1]``."""
        return "\n".join(tag.source for tag in self.tags)

    def tag_at(self, line: int | None) -> Tag | None:
        if not self.tags:
            return None
        if line is None or line < 1:
            return self.tags[0]
        return self.tags[min(line, len(self.tags)) - 1]

    def place_at(self, line: int | None) -> Place:
        tag = self.tag_at(line)
        return tag.paragraph.place if tag is not None else Place(self.part)


def read_part(part: str, root: Any) -> PartTags:
    """Every paragraph and tag of one part, with the findings docxtpl's rules give."""
    found = PartTags(part, paragraphs=list(_paragraphs(part, root)))
    _scan(found)
    for tag in found.tags:
        _check_level(found, tag)
    _check_blocks(found)
    return found


# --- paragraphs -------------------------------------------------------------------------------


def _paragraphs(part: str, root: Any) -> list[Paragraph]:
    tables = {table: number for number, table in enumerate(root.iter(f"{W}tbl"), start=1)}
    found = []
    for number, element in enumerate(root.iter(f"{W}p"), start=1):
        row = _nearest(element, "tr")
        cell = _nearest(element, "tc")
        text = own_text(element)
        if cell is not None and row is not None:
            table = _nearest(row, "tbl")
            rows = [child for child in table if child.tag == f"{W}tr"] if table is not None else []
            cells = [child for child in row if child.tag == f"{W}tc"]
            where = (
                f"table {tables.get(table, '?')}, row {_position(rows, row)}, "
                f"cell {_position(cells, cell)}"
            )
            shown = " / ".join(
                own_text(p) for p in cell.iter(f"{W}p") if _nearest(p, "tc") is cell
            ).strip(" /")
            place = Place(part, where, shown)
        else:
            place = Place(part, f"paragraph {number}", text)
        found.append(Paragraph(element, text, place, row, cell))
    return found


def own_text(paragraph: Any) -> str:
    """A paragraph's text, without paragraphs nested in it (text boxes)."""
    return "".join(
        node.text or ""
        for node in paragraph.iter(f"{W}t")
        if next(node.iterancestors(f"{W}p"), None) is paragraph
    )


def _nearest(element: Any, name: str) -> Any | None:
    return next(element.iterancestors(f"{W}{name}"), None)


def _position(items: list[Any], item: Any) -> int | str:
    for number, candidate in enumerate(items, start=1):
        if candidate is item:
            return number
    return "?"


# --- finding tags -----------------------------------------------------------------------------


@dataclass
class _Open:
    opener: str
    text: str
    paragraph: Paragraph
    spans: int = 1


def _scan(found: PartTags) -> None:
    pending: _Open | None = None
    for paragraph in found.paragraphs:
        text = paragraph.text
        position = 0
        if pending is not None:
            closer = _OPENERS[pending.opener]
            end = text.find(closer)
            opener = _OPENER.search(text)
            if end != -1 and (opener is None or end < opener.start()):
                joined = pending.text + text[: end + 2]
                found.findings.append(_broken(pending, paragraph, joined))
                _add(found, joined, pending.paragraph)
                position = end + 2
                pending = None
            elif opener is None and pending.spans < 3:
                pending.text += text
                pending.spans += 1
                continue
            else:
                found.findings.append(_unclosed(pending))
                pending = None
        while True:
            opener = _OPENER.search(text, position)
            closer_match = _CLOSER.search(text, position)
            if closer_match is not None and (
                opener is None or closer_match.start() < opener.start()
            ):
                found.findings.append(_stray(paragraph, closer_match.group()))
                position = closer_match.end()
                continue
            if opener is None:
                break
            end = text.find(_OPENERS[opener.group()], opener.end())
            if end == -1:
                pending = _Open(opener.group(), text[opener.start() :], paragraph)
                break
            _add(found, text[opener.start() : end + 2], paragraph)
            position = end + 2
    if pending is not None:
        found.findings.append(_unclosed(pending))


def _add(found: PartTags, raw: str, paragraph: Paragraph) -> None:
    straight = raw.translate(_QUOTES)
    if straight != raw:
        found.findings.append(_curly_quotes(raw, straight, paragraph))
    level = ""
    source = straight
    match = _LEVEL_TAG.fullmatch(straight)
    comment = _LEVEL_COMMENT.fullmatch(straight)
    if match is not None:
        level = match.group(2)
        source = f"{{{match.group(1)} {match.group(3)}{match.group(4)}"
    elif comment is not None:
        level = comment.group(1)
        source = f"{{# {comment.group(2)}#}}"
    cell_property = _CELL_PROPERTY.fullmatch(source)
    if cell_property is not None:
        source = f"{{{{ {cell_property.group(2)} }}}}"
    elif _MERGE.fullmatch(source):
        # docxtpl turns these into tests of loop.first and loop.length.
        source = "{{ loop.first }}{{ loop.length }}"
    # A line holds one tag, so a line number is a tag; line breaks inside a tag are spaces.
    found.tags.append(Tag(raw, source.replace("\n", " "), level, paragraph))


def _curly_quotes(raw: str, straight: str, paragraph: Paragraph) -> LintFinding:
    """Word's AutoFormat turns typed quotes curly (‘ ’ “ ”), the commonest slip in a council's
    template. docxtpl reads them inside a tag as straight quotes, so the template still works;
    said so that nobody is puzzled by a tag that looks wrong, and so that the next one typed
    with AutoFormat off stays straight."""
    curly = "".join(dict.fromkeys(char for char in raw if char in "‘’“”"))
    return LintFinding(
        "curly-quotes-in-tag",
        "warning",
        f"Word turned the quotes in “{_short(raw)}” into curly quotes ({curly}); permdocs reads"
        f" them as straight quotes, as “{_short(straight)}”, so the tag still works",
        hint="nothing is needed; to keep quotes straight in tags, switch off File > Options >"
        " Proofing > AutoCorrect Options > AutoFormat As You Type > “Straight quotes” with"
        " “smart quotes” before editing tags",
        place=paragraph.place,
    )


def _broken(pending: _Open, paragraph: Paragraph, joined: str) -> LintFinding:
    return LintFinding(
        "tag-split-across-paragraphs",
        "error",
        f"the tag “{_short(joined)}” starts in this paragraph and ends in the next "
        f"(“{_short(paragraph.text)}”), so docxtpl merges the two paragraphs",
        hint="delete the tag and type it again inside one paragraph (no Enter inside {{ }} or "
        "{% %})",
        place=pending.paragraph.place,
    )


def _unclosed(pending: _Open) -> LintFinding:
    closer = _OPENERS[pending.opener]
    return LintFinding(
        "tag-not-closed",
        "error",
        f"a tag starts here (“{_short(pending.text)}”) but its {closer} never follows",
        hint=f"finish the tag with {closer} in the same paragraph",
        place=pending.paragraph.place,
    )


def _stray(paragraph: Paragraph, closer: str) -> LintFinding:
    opener = {value: key for key, value in _OPENERS.items()}[closer]
    return LintFinding(
        "tag-stray-closer",
        "error",
        f"“{closer}” closes a tag that was never opened with “{opener}”",
        hint=f"add the missing {opener} or delete the {closer}; a tag must be typed whole in "
        "one paragraph",
        place=paragraph.place,
    )


# --- docxtpl's paragraph, row and cell tags ---------------------------------------------------


def _check_level(found: PartTags, tag: Tag) -> None:
    if not tag.level:
        prefix = _LEVEL_PREFIX.match(tag.raw)
        if prefix is not None and not tag.raw.startswith(("{{ ", "{% ", "{# ")):
            word = prefix.group(1)
            found.findings.append(
                LintFinding(
                    "level-tag-malformed",
                    "error",
                    f"“{_short(tag.raw)}” looks like docxtpl's {_LEVEL_WORDS[word]} tag, but "
                    "docxtpl will not recognise it",
                    hint=f"write it as {{%{word} ... %}} with exactly one space after "
                    f"“{word}”, and no % or }} inside the tag",
                    place=tag.paragraph.place,
                )
            )
        return
    what = _LEVEL_WORDS[tag.level]
    if tag.level == "r":
        found.findings.append(
            LintFinding(
                "run-tag",
                "error",
                f"“{_short(tag.raw)}” is docxtpl's rich-text run tag; permdocs gives templates "
                "plain text, which this tag would place outside any run",
                hint="write {{ ... }} instead of {{r ... }}; format the tag itself in Word to "
                "format what it prints",
                place=tag.paragraph.place,
            )
        )
        return
    container = tag.container
    if container is None:
        found.findings.append(
            LintFinding(
                "level-tag-outside-table",
                "error",
                f"“{_short(tag.raw)}” is a {what} tag but is not in a {what}",
                hint="use {%tr %} only inside a table row and {%tc %} only inside a table cell; "
                "use {%p %} for a paragraph",
                place=tag.paragraph.place,
            )
        )
        return
    sharing = [
        other for other in found.tags if other is not tag and _inside(other, container, tag.level)
    ]
    first = next((t for t in found.tags if _inside(t, container, tag.level)), tag)
    if sharing and first is tag:
        found.findings.append(
            LintFinding(
                "level-tag-shared",
                "error",
                f"this {what} holds “{_short(tag.raw)}” and other tags "
                f"({', '.join('“' + _short(t.raw, 40) + '”' for t in sharing[:3])}); docxtpl "
                f"replaces the whole {what} with its first {{%{tag.level} %}} tag, so the others "
                "are lost",
                hint=f"give each {{%{tag.level} ... %}} tag a {what} of its own"
                + (" (a row of its own in the table)" if tag.level == "tr" else ""),
                place=tag.paragraph.place,
            )
        )
    if first is tag:
        words = _other_text(found, container, tag.level)
        if words:
            found.findings.append(
                LintFinding(
                    "level-tag-drops-text",
                    "error",
                    f"the words “{_short(words, 60)}” share a {what} with “{_short(tag.raw)}”; "
                    f"docxtpl replaces the whole {what} with the tag, so they would never appear",
                    hint=f"move the words to another {what}, leaving the tag alone in its {what}",
                    place=tag.paragraph.place,
                )
            )


def _inside(tag: Tag, container: Any, level: str) -> bool:
    if level == "p":
        return tag.paragraph.element is container
    if level == "tr":
        return tag.paragraph.row is container
    return tag.paragraph.cell is container


def _other_text(found: PartTags, container: Any, level: str) -> str:
    pieces = []
    for paragraph in found.paragraphs:
        holder = {
            "p": paragraph.element,
            "tr": paragraph.row,
            "tc": paragraph.cell,
        }[level]
        if holder is not container:
            continue
        text = paragraph.text
        for tag in found.tags:
            if tag.paragraph is paragraph:
                text = text.replace(tag.raw, " ", 1) if tag.raw in text else text
        text = _OPENER.sub(" ", _CLOSER.sub(" ", text))
        pieces.append(text)
    return " ".join(" ".join(pieces).split())


# --- blocks spanning paragraphs ---------------------------------------------------------------


def _check_blocks(found: PartTags) -> None:
    """An ``{% if %}`` and its ``{% endif %}`` (likewise ``for`` ...) must sit at the same level
    of the document: when the section is left out, everything between the two tags goes, and
    unless the two are in sibling paragraphs (or sibling rows for ``{%tr %}``) that cuts a
    table or a cell in half."""
    stack: list[Tag] = []
    for tag in found.tags:
        word = _statement_word(tag)
        if word is None:
            continue
        if word in _BLOCK_STARTS or (word == "set" and "=" not in tag.source):
            stack.append(tag)
        elif word in _BLOCK_MIDDLES or word.startswith("end"):
            if not stack:
                continue  # Jinja reports the unmatched tag itself
            opener = stack[-1]
            if word.startswith("end"):
                stack.pop()
            if _statement_word(opener) == "raw":
                continue
            if not _balanced(opener, tag):
                found.findings.append(
                    LintFinding(
                        "block-crosses-structure",
                        "error",
                        f"“{_short(opener.raw)}” and “{_short(tag.raw)}” (at "
                        f"{tag.paragraph.place.where or 'another place'}) are at different levels "
                        "of the document, so leaving the section out would cut a table, row or "
                        "cell in half",
                        hint="put both tags in the same paragraph; or use {%p ... %} tags in "
                        "paragraphs of their own, or {%tr ... %} tags in rows of their own of the "
                        "same table",
                        place=opener.paragraph.place,
                    )
                )


def _statement_word(tag: Tag) -> str | None:
    match = _STATEMENT_WORD.match(tag.source)
    return match.group(1) if match else None


def _balanced(opener: Tag, closer: Tag) -> bool:
    if opener.paragraph is closer.paragraph and not opener.level and not closer.level:
        return True
    if (opener.level or "") != (closer.level or ""):
        # A paragraph tag and a plain tag can still pair up inside one paragraph's level.
        return {opener.level, closer.level} <= {"", "p"} and opener.paragraph is closer.paragraph
    first, second = opener.container, closer.container
    if first is None or second is None:
        return True  # reported already: a row or cell tag outside a table
    return first is second or first.getparent() is second.getparent()


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unclosed_block(found: PartTags) -> Tag | None:
    """The innermost ``{% if %}``/``{% for %}``... never closed, for "unexpected end" errors."""
    stack: list[Tag] = []
    for tag in found.tags:
        word = _statement_word(tag)
        if word is None:
            continue
        if word in _BLOCK_STARTS or (word == "set" and "=" not in tag.source):
            stack.append(tag)
        elif word.startswith("end") and stack:
            stack.pop()
    return stack[-1] if stack else None


def statement_word(tag: Tag) -> str | None:
    """The first word of a ``{% %}`` tag as Jinja sees it: "if", "endfor" ..."""
    return _statement_word(tag)
