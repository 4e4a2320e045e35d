"""Opening a Word file (a zip package) without trusting it.

A .docx is a zip archive, and a zip archive says how big each part will be before it is unpacked.
A hostile or damaged template can claim a small size on disk and unpack to gigabytes (a "zip
bomb"), so every limit here is checked against the archive's own directory *before* anything is
decompressed, and each part is then read with a hard cap, so a part that unpacks to more than it
declared is refused rather than trusted. Rendering (``render``) and the template linter (``lint``)
both open templates through :func:`read_package`, so a template the linter would refuse can never
be loaded into memory by a build either.

Only what a Word document can legitimately hold is accepted: plain zip entries, stored or
deflated, with relative names, each once. The same checks, with room for the pictures real papers
hold (:data:`ATTACHMENT_LIMITS`), guard the Word papers other agencies attach to a case
(``pack.papers``), which are no more trusted than a template.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TemplateError, UnsafePackageError

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A template file on disk: the largest report template is tens of kilobytes; pictures add a few
megabytes at most."""
MAX_ENTRIES = 2_000
MAX_PART_BYTES = 50 * 1024 * 1024
"""One part once unpacked."""
MAX_TOTAL_BYTES = 100 * 1024 * 1024
"""All parts together once unpacked."""
MAX_RATIO = 100
"""Unpacked size over packed size. Word's XML packs at about 5 to 20 to 1; a bomb at 1000 to 1."""
RATIO_APPLIES_ABOVE = 1024 * 1024
"""Small parts may pack very well (a run of identical empty paragraphs); only large ones count."""


@dataclass(frozen=True)
class ZipLimits:
    """How much a Word package of one sort may hold, and what messages call it."""

    file_bytes: int = MAX_FILE_BYTES
    entries: int = MAX_ENTRIES
    part_bytes: int = MAX_PART_BYTES
    total_bytes: int = MAX_TOTAL_BYTES
    ratio: int = MAX_RATIO
    ratio_above: int = RATIO_APPLIES_ABOVE
    noun: str = "Word template"
    hints: dict[str, str] = field(default_factory=dict)
    """Advice by problem ("size", "bomb", "damaged", "resave"), in place of a template's."""

    def hint(self, problem: str, default: str) -> str:
        return self.hints.get(problem, default)


TEMPLATE_LIMITS = ZipLimits()
_REPLACE_PAPER = (
    "ask whoever sent it for a copy saved again from Word, or as PDF, and replace the file in "
    "attachments/"
)
ATTACHMENT_LIMITS = ZipLimits(
    file_bytes=60 * 1024 * 1024,
    entries=5_000,
    part_bytes=100 * 1024 * 1024,
    total_bytes=200 * 1024 * 1024,
    noun="Word document",
    hints={
        "size": "reduce the pictures in it (Word: File > Compress Pictures), or " + _REPLACE_PAPER,
        "bomb": "do not open it; " + _REPLACE_PAPER,
        "damaged": _REPLACE_PAPER,
        "resave": _REPLACE_PAPER,
    },
)
"""Papers from other agencies: room for scanned pages and photographs, not for a zip bomb."""

# Word 97-2003 documents, and Word files protected with a password, are OLE compound files.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SUPPORTED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


@dataclass(frozen=True)
class PackageEntry:
    name: str
    data: bytes


def read_file(
    path: Path, *, label: str | None = None, limits: ZipLimits = TEMPLATE_LIMITS
) -> bytes:
    """A template file's bytes, refusing one far too large to be a template before reading it."""
    shown = label or str(path)
    try:
        size = path.stat().st_size
        if size > limits.file_bytes:
            raise UnsafePackageError(
                f"{shown}: the file is {size:,} bytes, far larger than a {limits.noun} "
                f"(at most {limits.file_bytes // (1024 * 1024)} MB)",
                hint=limits.hint(
                    "size",
                    "remove embedded videos, large pictures or fonts from the template in Word, "
                    "or use the bundled template",
                ),
            )
        return path.read_bytes()
    except OSError as exc:
        raise TemplateError(
            f"{shown}: cannot read the template ({exc.strerror})",
            hint="check the path given to --templates (or the profile's templates:) and that "
            "the file is readable",
        ) from exc


def read_package(
    data: bytes, *, label: str, limits: ZipLimits = TEMPLATE_LIMITS
) -> tuple[PackageEntry, ...]:
    """Every part of a .docx in archive order, after checking the archive's directory.

    Raises :class:`UnsafePackageError` (a TemplateError) naming the part and what to do.
    """
    archive = _open(data, label, limits)
    with archive:
        infos = archive.infolist()
        check_directory(infos, label=label, limits=limits)
        return tuple(
            PackageEntry(info.filename, _read(archive, info, label, limits)) for info in infos
        )


def check_directory(
    infos: list[zipfile.ZipInfo], *, label: str, limits: ZipLimits = TEMPLATE_LIMITS
) -> None:
    """Refuse an archive whose directory alone shows it is not a plain Word package."""
    resave = limits.hint("resave", "re-save the template from Word as a Word Document (.docx)")
    bomb = limits.hint(
        "bomb",
        "do not use this file; start again from a bundled template (permdocs templates copy DIR)",
    )
    if len(infos) > limits.entries:
        raise UnsafePackageError(
            f"{label}: holds {len(infos):,} parts; a Word document holds a few dozen",
            hint=limits.hint(
                "resave",
                "re-save the template from Word as a Word Document (.docx), or use the bundled "
                "template",
            ),
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if name in seen:
            raise UnsafePackageError(
                f"{label}: holds the part {name} twice, which Word never writes",
                hint=resave,
                part=name,
            )
        seen.add(name)
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
            raise UnsafePackageError(
                f"{label}: holds a part named {name!r}, which points outside the package",
                hint=limits.hint("bomb", "this file was not made by Word; do not use it"),
                part=name,
            )
        if info.flag_bits & 0x1:
            raise UnsafePackageError(
                f"{label}: its part {name} is encrypted",
                hint=limits.hint(
                    "resave",
                    "remove the password in Word (File > Info > Protect Document), then save again",
                ),
                part=name,
            )
        if info.compress_type not in _SUPPORTED_COMPRESSION:
            raise UnsafePackageError(
                f"{label}: its part {name} is packed in a way Word never uses",
                hint=resave,
                part=name,
            )
        if info.file_size > limits.part_bytes:
            raise UnsafePackageError(
                f"{label}: its part {name} would unpack to {info.file_size:,} bytes, far more "
                f"than any part of a {limits.noun}",
                hint=limits.hint(
                    "bomb",
                    "this may be a 'zip bomb' or a huge embedded file; remove it in Word or use "
                    "the bundled template",
                ),
                part=name,
            )
        packed = max(info.compress_size, 1)
        if info.file_size > limits.ratio_above and info.file_size / packed > limits.ratio:
            raise UnsafePackageError(
                f"{label}: its part {name} would unpack to {info.file_size / packed:,.0f} times "
                "its packed size, which only a 'zip bomb' does",
                hint=bomb,
                part=name,
            )
        total += info.file_size
        if total > limits.total_bytes:
            raise UnsafePackageError(
                f"{label}: would unpack to more than {limits.total_bytes // (1024 * 1024)} MB, "
                f"far more than a {limits.noun}",
                hint=limits.hint(
                    "bomb",
                    "this may be a 'zip bomb' or hold huge embedded files; remove them in Word "
                    "or use the bundled template",
                ),
                part=name,
            )


def _open(data: bytes, label: str, limits: ZipLimits) -> zipfile.ZipFile:
    if data.startswith(_OLE_SIGNATURE):
        raise UnsafePackageError(
            f"{label}: is an old-style Word 97-2003 document (.doc) or is protected with a "
            "password",
            hint="open it in Word, remove any password, and save it as a Word Document (.docx)",
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnsafePackageError(
            f"{label}: is not a Word document (.docx)",
            hint=limits.hint("resave", "save the template from Word as a Word Document (.docx)"),
        ) from None


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, limits: ZipLimits) -> bytes:
    # zipfile already stops at the declared size; reading one byte more than it proves the part
    # holds no more than the directory said, whatever the decompressor does.
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise UnsafePackageError(
            f"{label}: its part {info.filename} is damaged ({exc})",
            hint=limits.hint(
                "damaged", "re-save the template from Word, or use the bundled template"
            ),
            part=info.filename,
        ) from None
    except Exception as exc:  # zlib.error and friends: any failure to unpack is damage
        raise UnsafePackageError(
            f"{label}: its part {info.filename} cannot be unpacked ({exc})",
            hint=limits.hint(
                "damaged", "re-save the template from Word, or use the bundled template"
            ),
            part=info.filename,
        ) from None
    if len(data) > info.file_size:
        raise UnsafePackageError(
            f"{label}: its part {info.filename} unpacks to more than it declares",
            hint=limits.hint("bomb", "do not use this file; start again from a bundled template"),
            part=info.filename,
        )
    return data
