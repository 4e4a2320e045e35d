"""The template contract version a Word file declares, in a custom document property.

``permdocs templates copy`` writes it and every bundled template carries it; the template check,
the build and ``templates upgrade`` read it (see ``lint.contract``).
"""

from __future__ import annotations

from lxml import etree

from .verify import strict_parser

PROPERTY = "permdocs-template-contract"
"""The custom document property naming the contract version a template was written for."""
UNVERSIONED = "1.0.0"
"""The contract of a template that does not say (templates made before contracts had versions)."""

_CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_CP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the standard set for user-defined properties


def declared_contract(contents: dict[str, bytes]) -> str:
    """The contract version a template's parts declare, or :data:`UNVERSIONED`."""
    data = contents.get(_CUSTOM_PART)
    if data is None:
        return UNVERSIONED
    try:
        root = etree.fromstring(data, strict_parser())
    except etree.XMLSyntaxError:
        return UNVERSIONED
    for prop in root.iter(f"{{{_CP_NS}}}property"):
        if prop.get("name") == PROPERTY:
            return "".join(prop.itertext()).strip() or UNVERSIONED
    return UNVERSIONED


def with_declared_contract(contents: dict[str, bytes], version: str) -> dict[str, bytes]:
    """``contents`` (a .docx's parts) declaring ``version``: the custom property set, the part,
    its relationship and content type added where missing; every other part as it was."""
    out = dict(contents)
    if _CUSTOM_PART in out:
        root = etree.fromstring(out[_CUSTOM_PART], strict_parser())
    else:
        root = etree.Element(f"{{{_CP_NS}}}Properties", nsmap={None: _CP_NS, "vt": _VT_NS})
    props = list(root.iter(f"{{{_CP_NS}}}property"))
    mine = next((p for p in props if p.get("name") == PROPERTY), None)
    if mine is None:
        pid = max((int(p.get("pid", "1")) for p in props), default=1) + 1
        mine = etree.SubElement(
            root, f"{{{_CP_NS}}}property", fmtid=_FMTID, pid=str(pid), name=PROPERTY
        )
    for child in list(mine):
        mine.remove(child)
    etree.SubElement(mine, f"{{{_VT_NS}}}lpwstr").text = version
    out[_CUSTOM_PART] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    out["[Content_Types].xml"] = _with_override(out["[Content_Types].xml"])
    out["_rels/.rels"] = _with_relationship(out["_rels/.rels"])
    return out


def _with_override(data: bytes) -> bytes:
    root = etree.fromstring(data, strict_parser())
    namespace = root.nsmap.get(None, "")
    if any(o.get("PartName") == f"/{_CUSTOM_PART}" for o in root):
        return data
    etree.SubElement(
        root, f"{{{namespace}}}Override", PartName=f"/{_CUSTOM_PART}", ContentType=_CUSTOM_TYPE
    )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _with_relationship(data: bytes) -> bytes:
    root = etree.fromstring(data, strict_parser())
    namespace = root.nsmap.get(None, "")
    if any(r.get("Type") == _CUSTOM_REL for r in root):
        return data
    taken = {r.get("Id") for r in root}
    number = 1
    while f"rId{number}" in taken:
        number += 1
    etree.SubElement(
        root,
        f"{{{namespace}}}Relationship",
        Id=f"rId{number}",
        Type=_CUSTOM_REL,
        Target=_CUSTOM_PART,
    )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
