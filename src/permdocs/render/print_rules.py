"""The print rules every document gets, whichever template it came from.

permdocs' own templates are generated with them (``tools/docx_builders.py``); a council's
template gets them when it is prepared, before anything is rendered, so the rule costs nothing
per document:

- no table row is split across two pages (half a name on one page, the rest on the next);
- the heading row of a list table (the row above a ``{%tr for ... %}`` row) repeats at the top
  of every page the table runs onto, and is marked as the table's header row for screen readers.

A row taller than a page is still split: Word and LibreOffice both break a row that cannot fit
on any page.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from .verify import W

# Children of a row's properties in schema order (Word refuses some out-of-order files); the
# template generator (tools/docx_builders.py) orders them by this too.
ROW_PROPERTY_ORDER = (
    "cnfStyle",
    "divId",
    "gridBefore",
    "gridAfter",
    "wBefore",
    "wAfter",
    "cantSplit",
    "trHeight",
    "tblHeader",
    "tblCellSpacing",
    "jc",
    "hidden",
)
_LOOP_ROW = re.compile(r"\{%-?\s*tr\s+for\s")


def apply_print_rules(root: Any) -> None:
    """Give every table row in ``root`` (a part's parsed XML) the print rules above."""
    for table in root.iter(f"{W}tbl"):
        rows = table.findall(f"{W}tr")
        for row in rows:
            _set_row_property(row, "cantSplit")
        if len(rows) > 1 and _LOOP_ROW.search(_row_text(rows[1])):
            _set_row_property(rows[0], "tblHeader")


def _row_text(row: Any) -> str:
    return "".join(node.text or "" for node in row.iter(f"{W}t"))


def _set_row_property(row: Any, name: str) -> None:
    properties = row.find(f"{W}trPr")
    if properties is None:
        properties = etree.Element(f"{W}trPr")
        # trPr follows tblPrEx (if any) and comes before the cells.
        exceptions = row.find(f"{W}tblPrEx")
        if exceptions is not None:
            exceptions.addnext(properties)
        else:
            row.insert(0, properties)
    if properties.find(f"{W}{name}") is not None:
        return
    made = etree.SubElement(properties, f"{W}{name}")
    properties.remove(made)
    position = ROW_PROPERTY_ORDER.index(name)
    for index, child in enumerate(properties):
        local = etree.QName(child).localname
        if local in ROW_PROPERTY_ORDER and ROW_PROPERTY_ORDER.index(local) > position:
            properties.insert(index, made)
            return
    properties.append(made)
