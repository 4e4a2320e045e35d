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
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parent))

import letter_wording as wording
from docx_builders import (
    BASE_STYLES,
    GREY_TEXT,
    MARKING,
    NAVY,
    W_NS,
    Style,
    TemplateBuilder,
    add_pieces,
    field_runs,
    keep_with_next,
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
        # Outline level 1: a letter's only headings, so screen readers list them and a reader
        # can move from section to section (its look stays the letter's own, not Heading 1's).
        ppr=_ppr(before=200, after=80, extra="<w:keepNext/>") + '<w:outlineLvl w:val="0"/>',
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
        "PrivateLine",
        "Private Line",
        next_style="AddressBlock",
        ppr=_ppr(after=120, extra="<w:keepNext/>"),
        rpr=_rpr(size=20, bold=True),
        quick=True,
    ),
    Style(
        "CertificateSignature",
        "Certificate Signature",
        ppr=_ppr(before=720, jc="center", extra="<w:keepNext/>"),
        rpr=_rpr(size=24),
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


def add_wording(
    builder: TemplateBuilder, text: str, *, body_style: str = "Normal"
) -> list[Paragraph]:
    """Lay out one block of ``letter_wording`` (its line format is described there); return
    the paragraphs that print (not the control lines)."""
    printed = []
    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("%"):
            builder.control(line[1:].strip())
        elif line.startswith("# "):
            printed.append(builder.paragraph(*pieces(line[2:]), style="Letter Heading"))
        elif line.startswith("- "):
            printed.append(builder.paragraph("•\t", *pieces(line[2:]), style="Letter Bullet"))
        else:
            printed.append(builder.paragraph(*pieces(line), style=body_style))
    return printed


def _lead_into_closing(printed: list[Paragraph], most: int = 4) -> None:
    """The letter's last section (after its last heading, at most ``most`` paragraphs) keeps
    with the closing, so that a page never holds only the signature and the copies. The whole
    section, because its last paragraphs are often alternatives (one per outcome) of which
    only one prints."""
    headings = [
        i for i, p in enumerate(printed) if p.style is not None and p.style.name == "Letter Heading"
    ]
    start = headings[-1] + 1 if headings and headings[-1] + 1 < len(printed) else 0
    for paragraph in printed[max(start, len(printed) - most) :]:
        keep_with_next(paragraph)


def _new(title: str, *, child: bool = False) -> TemplateBuilder:
    """A letter's frame. A child's letter keeps the marking and page numbers in its footer but
    carries no case reference and no FINAL: those are for files, not for a child to read."""
    builder = TemplateBuilder(title, styles=(*BASE_STYLES, *LETTER_STYLES))
    builder.marking_header()
    if child:
        _child_footer(builder)
    else:
        builder.report_footer()
    return builder


_DRAFT = ["{% if doc.draft %}", " – DRAFT", "{% endif %}"]


def _child_footer(builder: TemplateBuilder) -> None:
    footer = builder.document.sections[0].footer
    footer.is_linked_to_previous = False
    first = footer.paragraphs[0]
    first.style = builder.document.styles["Footer"]
    first.add_run("Page ")
    field_runs(first, "PAGE", "1")
    first.add_run(" of ")
    field_runs(first, "NUMPAGES", "1")
    marking = footer.add_paragraph(style=builder.document.styles["Security Marking"])
    add_pieces(marking, [MARKING, *_DRAFT])


def _certificate_frame(builder: TemplateBuilder) -> None:
    """The certificate's header and footer: the marking as the profile decides
    (``doc.marking`` is empty when the council leaves it off the keepsake), DRAFT in a draft,
    and nothing else: no case reference, no status, no page number."""
    section = builder.document.sections[0]
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        paragraph.style = builder.document.styles["Security Marking"]
        add_pieces(paragraph, [tag("doc.marking"), *_DRAFT])


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
    builder.control("if letter.private")
    builder.paragraph("Private and confidential – addressee only", style="Private Line")
    builder.control("endif")
    builder.control("for line in letter.recipient_lines")
    builder.paragraph(tag("line"), style="Address Block")
    builder.control("endfor")
    builder.spacer()
    builder.paragraph(tag("letter.date"), style="Address Block")
    if reference:
        builder.paragraph("Our reference: ", tag("letter.reference"), style="Address Block")
    builder.spacer()
    builder.paragraph(tag("letter.greeting"), ",")


def _signature(
    builder: TemplateBuilder, closing: str = "Yours sincerely,", *, service: bool = True
) -> None:
    # Room to sign by hand between the closing and the name; the block stays on one page.
    # The whole block, and the copies after it, is one chain of keep-with-next paragraphs.
    builder.paragraph(closing, style="Letter Closing")
    builder.paragraph("", style="Letter Closing")
    block = [
        builder.paragraph(tag("letter.signatory.name"), style="Address Block", bold=(0,)),
        builder.paragraph(tag("letter.signatory.title"), style="Address Block"),
    ]
    if service:
        block.append(
            builder.paragraph(
                tag("letter.signatory.service"),
                ", ",
                tag("letter.signatory.council"),
                style="Address Block",
            )
        )
    else:
        block.append(builder.paragraph(tag("letter.letterhead.council"), style="Address Block"))
    for paragraph in block:
        keep_with_next(paragraph)


def _copies(builder: TemplateBuilder, label: str = "Copies to:") -> None:
    builder.control("if letter.copies")
    builder.paragraph(label, style="Letter Label")
    builder.control("for copy in letter.copies")
    keep_with_next(builder.paragraph(tag("copy"), style="Address Block"))
    builder.control("endfor")
    builder.control("endif")


def letter(title: str, text: str, *, director: bool = False) -> bytes:
    """A formal letter: letterhead, address block, date and reference, words, signature, cc."""
    builder = _new(title)
    _letterhead(builder)
    _address_and_date(builder)
    _lead_into_closing(add_wording(builder, text))
    _signature(builder, service=not director)
    _copies(builder)
    return builder.to_bytes()


def child_letter(title: str, text: str, who: str) -> bytes:
    """A letter to the child: the same frame, but larger type, no reference line, a warm close,
    and a footer without the case reference or FINAL. ``who`` says who signs, in a child's
    words."""
    builder = _new(title, child=True)
    _letterhead(builder, full=False)
    _address_and_date(builder, reference=False)
    _lead_into_closing(add_wording(builder, text, body_style="Child Letter Text"))
    closing = [
        builder.paragraph("", style="Note"),
        builder.paragraph("With best wishes,", style="Child Letter Text"),
        builder.paragraph("", style="Note"),
        builder.paragraph(tag("letter.signatory.name"), style="Child Letter Text", bold=(0,)),
        builder.paragraph(*pieces(who), style="Child Letter Text"),
    ]
    for paragraph in closing:
        keep_with_next(paragraph)
    _copies(builder, "A copy of this letter goes to:")
    return builder.to_bytes()


def information_sheet(title: str, text: str, *, child: bool = False) -> bytes:
    """An information sheet: the council's name, the date, then the words; no address block
    (it goes with the letter, or is handed over)."""
    builder = _new(title, child=child)
    _letterhead(builder, full=False)
    builder.paragraph(tag("letter.date"), style="Address Block")
    builder.spacer()
    add_wording(builder, text, body_style="Child Letter Text" if child else "Normal")
    return builder.to_bytes()


def certificate() -> bytes:
    """A keepsake certificate inside a double page border, centred on its page: the names the
    child and the carers go by, and a line to sign on. No case reference and no status; the
    marking as the council's profile decides (``doc.marking``)."""
    builder = TemplateBuilder("Permanency certificate", styles=(*BASE_STYLES, *LETTER_STYLES))
    _certificate_frame(builder)
    builder.paragraph("Certificate of Permanence", style="Certificate Title")
    for index, raw in enumerate(wording.CERTIFICATE.strip().splitlines()):
        style = "Certificate Name" if index in (1, 3) else "Certificate Text"
        builder.paragraph(*pieces(raw.strip()), style=style)
    builder.paragraph("_______________________________", style="Certificate Signature")
    builder.paragraph(tag("letter.signatory.name"), style="Certificate Text", bold=(0,))
    builder.paragraph(tag("letter.signatory.title"), style="Certificate Text")
    builder.paragraph(tag("letter.letterhead.council"), style="Certificate Text")
    builder.paragraph(tag("decision.date"), style="Certificate Text")
    _page_border(builder)
    _centre_vertically(builder)
    return builder.to_bytes()


def _centre_vertically(builder: TemplateBuilder) -> None:
    # The content sits in the middle of the bordered page instead of stopping half-way down.
    sect_pr = builder.document.sections[0]._sectPr
    align = parse_xml(f'<w:vAlign xmlns:w="{W_NS}" w:val="center"/>')
    # vAlign follows cols, formProt and textDirection, and comes before noEndnote, titlePg ...
    following = [qn(f"w:{name}") for name in ("noEndnote", "titlePg", "textDirection", "bidi")]
    following += [qn(f"w:{name}") for name in ("rtlGutter", "docGrid", "printerSettings")]
    for child in sect_pr:
        if child.tag in following:
            child.addprevious(align)
            return
    sect_pr.append(align)


def _page_border(builder: TemplateBuilder) -> None:
    sides = "".join(
        f'<w:{side} w:val="double" w:sz="18" w:space="12" w:color="{NAVY}"/>'
        for side in ("top", "left", "bottom", "right")
    )
    border = parse_xml(f'<w:pgBorders xmlns:w="{W_NS}" w:offsetFrom="page">{sides}</w:pgBorders>')
    sect_pr = builder.document.sections[0]._sectPr
    # pgBorders follows pgMar (and paperSrc) in a section's properties.
    sect_pr.find(qn("w:pgMar")).addnext(border)


_ADM_FOR_A_CHILD = "I make decisions about foster homes for {{ letter.letterhead.council }}."
_DIRECTOR_FOR_A_CHILD = "Director of Children's Services, {{ letter.letterhead.council }}"

BUILDERS: dict[str, Callable[[], bytes]] = {
    "letter-carers": lambda: letter("Decision letter to the foster carers", wording.CARERS),
    "letter-social-worker": lambda: letter(
        "Decision letter: copy for the child's file", wording.SOCIAL_WORKER
    ),
    "letter-child": lambda: child_letter(
        "Decision letter to the child", wording.CHILD, _ADM_FOR_A_CHILD
    ),
    "letter-birth-parent": lambda: letter(
        "Decision letter to a birth parent", wording.BIRTH_PARENT
    ),
    "letter-agency": lambda: letter("Decision letter to the fostering agency", wording.AGENCY),
    "permanency-certificate": certificate,
    "letter-director-carers": lambda: letter(
        "Letter from the Director to the foster carers", wording.DIRECTOR_CARERS, director=True
    ),
    "letter-director-child": lambda: child_letter(
        "Letter from the Director to the child", wording.DIRECTOR_CHILD, _DIRECTOR_FOR_A_CHILD
    ),
    "information-sheet-carers": lambda: information_sheet(
        "After the decision: information for the foster carers", wording.INFORMATION_CARERS
    ),
    "information-sheet-child": lambda: information_sheet(
        "After the decision: information for the child", wording.INFORMATION_CHILD, child=True
    ),
}


def build_all() -> dict[str, bytes]:
    """Every letter template, by file name."""
    return {f"{kind}.docx": build() for kind, build in BUILDERS.items()}


def main(argv: list[str]) -> int:
    return write_or_check(build_all(), argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
