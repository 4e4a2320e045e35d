"""Generate permdocs' own decision-letter templates into templates/.

Usage: python tools/make_letter_templates.py [--check] [OUTPUT_DIR]
  --check  compare with the committed templates instead of writing (exit 1 if they differ)

The words are in ``letter_wording.py``; this script lays them out with the shared builders in
``docx_builders.py``, so letters share the reports' styles, security marking and footer (title,
case reference, status, Page X of Y). Output is byte-for-byte reproducible.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from docx.oxml import parse_xml
from docx.oxml.ns import qn

sys.path.insert(0, str(Path(__file__).resolve().parent))

import letter_wording as wording
from docx_builders import (
    BASE_STYLES,
    GREY_TEXT,
    NAVY,
    W_NS,
    Style,
    TemplateBuilder,
    tag,
    write_or_check,
)


def _rpr(*, size: int, bold: bool = False, color: str | None = None) -> str:
    parts = ["<w:b/><w:bCs/>" if bold else ""]
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    return "".join(parts)


def _ppr(
    *, before: int = 0, after: int = 0, line: int = 240, jc: str | None = None, extra: str = ""
) -> str:
    # Schema order inside pPr: keepNext, ..., spacing, ind, ..., jc.
    spacing = (
        f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="auto"/>'
    )
    justify = f'<w:jc w:val="{jc}"/>' if jc else ""
    return extra + spacing + justify


# Styles the letters add to the shared set. Councils restyle letters by editing these.
LETTER_STYLES: tuple[Style, ...] = (
    Style(
        "Letterhead",
        "Letterhead",
        ppr=_ppr(jc="right"),
        rpr=_rpr(size=18, color=GREY_TEXT),
        quick=True,
    ),
    Style(
        "LetterheadCouncil",
        "Letterhead Council",
        based_on="Letterhead",
        rpr=_rpr(size=26, bold=True, color=NAVY),
        quick=True,
    ),
    Style("AddressBlock", "Address Block", ppr=_ppr(line=240), quick=True),
    Style(
        "LetterHeading",
        "Letter Heading",
        next_style="Normal",
        ppr=_ppr(before=200, after=80, extra="<w:keepNext/>"),
        rpr=_rpr(size=22, bold=True, color=NAVY),
        quick=True,
    ),
    Style(
        "LetterBullet",
        "Letter Bullet",
        # A hanging indent and a typed bullet: no numbering part for a council's edits to break.
        ppr='<w:spacing w:before="0" w:after="80" w:line="264" w:lineRule="auto"/>'
        '<w:ind w:left="425" w:hanging="283"/>',
        quick=True,
    ),
    Style(
        "LetterClosing",
        "Letter Closing",
        next_style="AddressBlock",
        ppr=_ppr(before=200, after=240, extra="<w:keepNext/><w:keepLines/>"),
        quick=True,
    ),
    Style(
        "LetterLabel",
        "Letter Label",
        next_style="AddressBlock",
        ppr=_ppr(before=120, extra="<w:keepNext/>"),
        rpr=_rpr(size=22, bold=True),
        quick=True,
    ),
    Style(
        "ChildText",
        "Child Letter Text",
        ppr=_ppr(after=200, line=300),
        rpr=_rpr(size=28),
        quick=True,
    ),
    Style(
        "CertificateTitle",
        "Certificate Title",
        ppr=_ppr(before=1200, after=480, jc="center"),
        rpr=_rpr(size=64, bold=True, color=NAVY),
        quick=True,
    ),
    Style(
        "CertificateText",
        "Certificate Text",
        ppr=_ppr(before=120, after=120, line=276, jc="center"),
        rpr=_rpr(size=32),
        quick=True,
    ),
    Style(
        "CertificateName",
        "Certificate Name",
        based_on="CertificateText",
        ppr=_ppr(before=120, after=240, jc="center"),
        rpr=_rpr(size=52, bold=True, color=NAVY),
        quick=True,
    ),
)

_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")


def pieces(line: str) -> list[str]:
    """A line cut so that every Jinja tag is a run of its own (see ``add_pieces``)."""
    return [piece for piece in _TAG.split(line) if piece]


def add_wording(builder: TemplateBuilder, text: str, *, body_style: str = "Normal") -> None:
    """Lay out one block of ``letter_wording`` (its line format is described there)."""
    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("%"):
            builder.control(line[1:].strip())
        elif line.startswith("# "):
            builder.paragraph(*pieces(line[2:]), style="Letter Heading")
        elif line.startswith("- "):
            builder.paragraph("•\t", *pieces(line[2:]), style="Letter Bullet")
        else:
            builder.paragraph(*pieces(line), style=body_style)


def _new(title: str) -> TemplateBuilder:
    builder = TemplateBuilder(title, styles=(*BASE_STYLES, *LETTER_STYLES))
    builder.marking_header()
    builder.report_footer()
    return builder


def _letterhead(builder: TemplateBuilder, *, full: bool = True) -> None:
    builder.paragraph(tag("letter.letterhead.council"), style="Letterhead Council")
    builder.paragraph(tag("letter.letterhead.service"), style="Letterhead")
    if full:
        builder.control("for line in letter.letterhead.address_lines")
        builder.paragraph(tag("line"), style="Letterhead")
        builder.control("endfor")
        builder.control("if letter.letterhead.phone")
        builder.paragraph("Telephone: ", tag("letter.letterhead.phone"), style="Letterhead")
        builder.control("endif")
        builder.control("if letter.letterhead.email")
        builder.paragraph(tag("letter.letterhead.email"), style="Letterhead")
        builder.control("endif")
    builder.spacer()


def _address_and_date(builder: TemplateBuilder, *, reference: bool = True) -> None:
    builder.control("for line in letter.recipient_lines")
    builder.paragraph(tag("line"), style="Address Block")
    builder.control("endfor")
    builder.spacer()
    builder.paragraph(tag("letter.date"), style="Address Block")
    if reference:
        builder.paragraph("Our reference: ", tag("letter.reference"), style="Address Block")
    builder.spacer()
    builder.paragraph(tag("letter.greeting"), ",")


def _signature(builder: TemplateBuilder, closing: str = "Yours sincerely,") -> None:
    # Room to sign by hand between the closing and the name; the block stays on one page.
    builder.paragraph(closing, style="Letter Closing")
    builder.paragraph("", style="Letter Closing")
    builder.paragraph(tag("letter.signatory.name"), style="Address Block", bold=(0,))
    builder.paragraph(tag("letter.signatory.title"), style="Address Block")
    builder.paragraph(
        tag("letter.signatory.service"),
        ", ",
        tag("letter.signatory.council"),
        style="Address Block",
    )


def _copies(builder: TemplateBuilder, label: str = "Copies to:") -> None:
    builder.control("if letter.copies")
    builder.paragraph(label, style="Letter Label")
    builder.control("for copy in letter.copies")
    builder.paragraph(tag("copy"), style="Address Block")
    builder.control("endfor")
    builder.control("endif")


def letter(title: str, text: str) -> bytes:
    """A formal letter: letterhead, address block, date and reference, words, signature, cc."""
    builder = _new(title)
    _letterhead(builder)
    _address_and_date(builder)
    add_wording(builder, text)
    _signature(builder)
    _copies(builder)
    return builder.to_bytes()


def child_letter() -> bytes:
    """The child's letter: the same frame, but larger type, no reference line and a warm close."""
    builder = _new("Decision letter to the child")
    _letterhead(builder, full=False)
    _address_and_date(builder, reference=False)
    add_wording(builder, wording.CHILD, body_style="Child Letter Text")
    builder.spacer()
    builder.paragraph("With best wishes,", style="Child Letter Text")
    builder.spacer()
    builder.paragraph(tag("letter.signatory.name"), style="Child Letter Text", bold=(0,))
    builder.paragraph(
        "I make decisions about foster homes for ",
        tag("letter.letterhead.council"),
        ".",
        style="Child Letter Text",
    )
    _copies(builder, "A copy of this letter goes to:")
    return builder.to_bytes()


def certificate() -> bytes:
    """A celebratory certificate inside a double page border."""
    builder = _new("Permanency certificate")
    builder.paragraph("Certificate of Permanence", style="Certificate Title")
    for index, raw in enumerate(wording.CERTIFICATE.strip().splitlines()):
        style = "Certificate Name" if index in (1, 3) else "Certificate Text"
        builder.paragraph(*pieces(raw.strip()), style=style)
    builder.spacer()
    builder.spacer()
    builder.paragraph(tag("letter.signatory.name"), style="Certificate Text", bold=(0,))
    builder.paragraph(tag("letter.signatory.title"), style="Certificate Text")
    builder.paragraph(tag("decision.date"), style="Certificate Text")
    _page_border(builder)
    return builder.to_bytes()


def _page_border(builder: TemplateBuilder) -> None:
    sides = "".join(
        f'<w:{side} w:val="double" w:sz="18" w:space="12" w:color="{NAVY}"/>'
        for side in ("top", "left", "bottom", "right")
    )
    border = parse_xml(f'<w:pgBorders xmlns:w="{W_NS}" w:offsetFrom="page">{sides}</w:pgBorders>')
    sect_pr = builder.document.sections[0]._sectPr
    # pgBorders follows pgMar (and paperSrc) in a section's properties.
    sect_pr.find(qn("w:pgMar")).addnext(border)


BUILDERS: dict[str, Callable[[], bytes]] = {
    "letter-carers": lambda: letter("Decision letter to the foster carers", wording.CARERS),
    "letter-social-worker": lambda: letter(
        "Decision letter: copy for the child's file", wording.SOCIAL_WORKER
    ),
    "letter-child": child_letter,
    "letter-birth-parent": lambda: letter(
        "Decision letter to a birth parent", wording.BIRTH_PARENT
    ),
    "letter-agency": lambda: letter("Decision letter to the fostering agency", wording.AGENCY),
    "permanency-certificate": certificate,
}


def build_all() -> dict[str, bytes]:
    """Every letter template, by file name."""
    return {f"{kind}.docx": build() for kind, build in BUILDERS.items()}


def main(argv: list[str]) -> int:
    return write_or_check(build_all(), argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
