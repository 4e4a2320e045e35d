"""The pack's index page: each paper with the pages it fills, rendered from a Word template.

The index is an ordinary permdocs document (``templates/panel-pack.docx``, replaceable by a
council like any report template), rendered with the case view plus ``pack``:

- ``pack.rows``: one row per paper in pack order (``number``, ``title``, ``date``, ``author``,
  ``pages``), then, in a draft, one row per paper still owed;
- ``pack.introduction``, ``pack.summary`` and ``pack.numbering``: sentences about this pack.

There are two versions, because the two packs hold different papers. The PDF pack's index gives
page ranges worked out from the real PDFs. The Word pack cannot hold PDF papers, so its index
says where those are; its page numbers are left as :data:`PAGE_FIELD` marks that the Word pack's
assembly (``pack_docx``) turns into PAGEREF fields, which Word and LibreOffice keep right when the
pack is edited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..policy.conditions import Context
from ..policy.documents import PANEL_PACK
from ..render.engine import PreparedTemplate, render_document
from ..render.viewmodel import document_context, keep_required
from ..render.views import CaseView
from .contents import OwedPaper, PackEntry

Version = Literal["pdf", "docx"]
PDF_ONLY = "in the PDF pack only"
# What a page cell holds until the Word pack replaces it with fields: private-use characters
# around the row number, which no template or case text can contain (loading refuses nothing
# here, but no keyboard or Word feature types U+E000 and U+E001 by accident).
PAGE_FIELD_START = "\ue000"
PAGE_FIELD_END = "\ue001"


def page_field(number: int) -> str:
    return f"{PAGE_FIELD_START}{number}{PAGE_FIELD_END}"


@dataclass(frozen=True)
class IndexRow:
    """One paper of the pack, or one still owed."""

    number: str
    """The paper's place in the pack ("1", "2" ...), the same in both packs; "—" if owed."""
    title: str
    """The document's title, or the attachment's title as the case file gives it."""
    date: str
    """Its date, else "Not recorded"."""
    author: str
    """Who wrote it, else "Not recorded"; for a paper still owed, "Owed by the ..."."""
    pages: str
    """Its pages in this pack ("5", "6–10"), "in the PDF pack only", or "MISSING"."""


@dataclass(frozen=True)
class PackIndexView:
    """The panel pack's index: what it holds and where."""

    introduction: str
    """What the pack is and holds, in a sentence or two (different for the Word and PDF pack)."""
    rows: list[IndexRow]
    """Every paper in pack order, then (in a draft) each paper the checklist shows missing."""
    summary: str
    """How many papers on how many pages, and how many are still owed."""
    numbering: str
    """How the pack's page numbers work, for the reader."""


@dataclass(frozen=True)
class PageRange:
    first: int
    last: int

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"


def page_ranges(counts: Sequence[int], *, first_page: int) -> list[PageRange]:
    """Consecutive ranges for parts of ``counts`` pages, the first starting at ``first_page``."""
    ranges = []
    start = first_page
    for count in counts:
        if count < 1:
            raise ValueError("every part of a pack has at least one page")
        ranges.append(PageRange(start, start + count - 1))
        start += count
    return ranges


def placeholder_ranges(count: int) -> list[PageRange]:
    """Ranges as wide as any real pack's, for laying out an index before the pages are known.

    The first rendering of the index only measures how many pages the index itself takes; the
    widest plausible numbers make sure the real ones can only fit in as many pages or fewer.
    """
    return [PageRange(888, 999)] * count


def index_view(
    entries: Sequence[PackEntry],
    owed: Sequence[OwedPaper],
    *,
    version: Version,
    pages: Sequence[PageRange | None],
    total_pages: int | None,
    fields: bool = False,
) -> PackIndexView:
    """The ``pack`` the index template sees.

    ``pages`` has one item per entry: its range in this version of the pack, or None where the
    version leaves the paper out (a PDF paper in the Word pack). With ``fields`` (the Word pack's
    index as it goes into the pack) the cells hold :func:`page_field` marks instead, whatever
    the ranges say; without, the numbers themselves (to lay the index out and count its pages).
    """
    if len(pages) != len(entries):
        raise ValueError("one page range per entry")
    rows = []
    for number, (entry, where) in enumerate(zip(entries, pages, strict=True), start=1):
        if where is None:
            shown = PDF_ONLY
        elif fields:
            shown = page_field(number)
        else:
            shown = str(where)
        rows.append(IndexRow(str(number), entry.title, entry.date, entry.author, shown))
    rows += [
        IndexRow("—", paper.label, "—", f"Owed by the {paper.owner}", "MISSING") for paper in owed
    ]

    in_this = sum(1 for where in pages if where is not None)
    papers = f"{in_this} paper{'s' if in_this != 1 else ''}"
    size = f" on {total_pages} page{'s' if total_pages != 1 else ''}" if total_pages else ""
    if version == "pdf":
        introduction = (
            "The papers for panel, in the order of the panel checklist: the documents prepared "
            "for panel, then the papers attached to the case. Each paper is also a bookmark."
        )
        numbering = (
            "Page numbers are this pack's own: each page carries its pack page number at the top "
            "right. The page numbers in a paper's own footer count that paper's pages only."
        )
    else:
        left_out = len(entries) - in_this
        introduction = (
            "The papers for panel, in the order of the panel checklist. This Word version holds "
            "the documents prepared for panel and the papers received in Word"
            + (
                f"; the {left_out} paper{'s' if left_out != 1 else ''} received as PDF "
                f"{'are' if left_out != 1 else 'is'} in the PDF pack only."
                if left_out
                else "."
            )
        )
        numbering = (
            "Page numbers are this Word pack's own and are worked out by Word: after editing, "
            "select all and press F9 (or print) to bring the index up to date."
        )
    summary = f"This pack holds {papers}{size}."
    if owed:
        count = len(owed)
        summary += (
            f" {count} paper{'s' if count != 1 else ''} the panel checklist requires "
            f"{'are' if count != 1 else 'is'} still owed (marked MISSING above)."
        )
    return PackIndexView(introduction=introduction, rows=rows, summary=summary, numbering=numbering)


def render_index(
    template: PreparedTemplate,
    view: CaseView,
    index: PackIndexView,
    *,
    conditions: Context,
    draft: bool,
    as_of: date,
    dated: date | None = None,
) -> bytes:
    """The index page as .docx bytes, rendered and verified like every permdocs document;
    ``dated`` is the pack's own date (the panel papers', see ``policy.dating``).

    The pack requires nothing of its own (its reports do), so, as for any document, a gap the
    index shows (the panel's date, say) reads "Not recorded" rather than stopping it.
    """
    context = keep_required(
        document_context(view, PANEL_PACK, draft=draft, as_of=as_of, dated=dated),
        PANEL_PACK,
        conditions,
    )
    context["pack"] = index
    return render_document(
        template, context, document=f"{PANEL_PACK.kind} ({PANEL_PACK.title})", draft=draft
    )
