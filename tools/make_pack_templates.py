"""Generate the panel pack's index page template into templates/ (run: `make templates`).

Usage: python tools/make_pack_templates.py [--check] [OUTPUT_DIR]
  --check  compare with the committed template instead of writing (exit 1 if it differs)

The index opens the pack: which paper is where, by page. It shares the reports' styles, marking
and footer, so the pack's first page looks like the rest of permdocs' documents, and a council
can restyle or reword it like any other template (``panel-pack.docx`` in its templates folder).
What the tags may name: the report view model (``viewmodel.py``) plus ``pack`` (see
``src/permdocs/pack_index.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx_builders import Column, TemplateBuilder, tag, write_or_check


def panel_pack() -> TemplateBuilder:
    b = TemplateBuilder("Panel pack")
    b.marking_header()
    # No Page X of Y: in the PDF pack the index is converted alone, so it would say "Page 1 of
    # 1" under the pack's own stamp ("page 1 of 26"); the stamp numbers it.
    b.report_footer(page_numbers=False)
    b.title_block(
        "Panel pack",
        [
            tag("match.full_names"),
            " · Case ",
            tag("doc.reference"),
            " · ",
            tag("council.panel_name"),
            " ",
            tag("panel.date"),
            " · Item ",
            tag("panel.item_number"),
            " · Dated ",
            tag("doc.dated"),
        ],
        [tag("pack.introduction")],
    )
    # Everyone handling the pack must see first that the placement is confidential.
    b.banner("confidential.applies", tag("confidential.banner"))
    b.heading("Contents")
    b.list_table(
        [
            Column("No.", 1.0, tag("row.number")),
            Column("Paper", 6.2, tag("row.title")),
            Column("Date", 3.4, tag("row.date")),
            Column("Author", 3.6, tag("row.author")),
            # Wide enough for "in the PDF pack only" on two lines and "123–456" on one.
            Column("Pages", 2.8, tag("row.pages")),
        ],
        "row in pack.rows",
    )
    b.paragraph(tag("pack.summary"))
    b.note(tag("pack.numbering"))
    return b


TEMPLATE_BUILDERS: dict[str, Callable[[], TemplateBuilder]] = {"panel-pack": panel_pack}


def build_all() -> dict[str, bytes]:
    """The pack's bundled templates, by file name."""
    return {f"{kind}.docx": make().to_bytes() for kind, make in TEMPLATE_BUILDERS.items()}


def main(argv: list[str]) -> int:
    return write_or_check(build_all(), argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
