"""A paper uploaded on the attachments page, saved into the case folder's ``attachments/``.

The file comes from someone's browser, so it is treated as untrusted: its name must be a plain
file name (no folder, no hidden or Word lock-file name, no characters Windows refuses, a PDF or
Word ``.docx`` extension) and its content must be what the extension says (a PDF starts
``%PDF-``, a .docx is a ZIP package). ``attachments/`` must be a real folder inside the case
folder and the file a plain file: a symbolic link is never written through, so an upload can
never land outside the case folder. A file already there is replaced only when the person has
said so. The write is the command line's: under the case folder's lock, all at once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError
from ..write.output import output_lock, write_all

ATTACHMENTS = "attachments"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
"""More than a scanned report needs; a bigger file is refused before it is written."""
_SIGNATURES = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04"}
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)", re.IGNORECASE)
_ALLOWED = re.compile(r"^[\w][\w .,()&'+-]*$")


@dataclass(frozen=True)
class Uploaded:
    path: str
    """The paper's path as an attachment entry names it: ``attachments/NAME``."""
    replaced: bool


def upload_problem(name: str) -> str:
    """Why ``name`` cannot be a paper's file name ('' if it can)."""
    if not name:
        return "choose a file to upload"
    if "/" in name or "\\" in name:
        return f"'{name}' is not a plain file name (it names a folder)"
    if unicodedata.normalize("NFC", name) != name or not _ALLOWED.fullmatch(name):
        return (
            f"'{name}' has characters that are not safe in a file name: rename it using"
            " letters, numbers, spaces and . , ( ) & ' + - only"
        )
    if ".." in name or name.endswith((" ", ".")) or _WINDOWS_RESERVED.match(name):
        return f"'{name}' is not a file name every computer accepts: rename it"
    if len(name.encode("utf-8")) > 200:
        return f"'{name[:40]}...' is too long a file name: shorten it"
    if Path(name).suffix.lower() not in _SIGNATURES:
        return f"'{name}' is not a PDF or Word (.docx) file: save the paper as PDF or .docx"
    return ""


def save_upload(folder: Path, name: str, data: bytes, *, replace: bool) -> Uploaded:
    """Save the uploaded ``data`` as ``attachments/NAME`` in the case folder ``folder``.

    Raises OutputError (saying what to do) for an unsafe name, content that is not the paper
    the extension says, a link or folder in the way, a file already there when ``replace`` is
    not set, or a write that fails; in every case nothing is written.
    """
    problem = upload_problem(name)
    if problem:
        raise OutputError(f"The paper was not saved: {problem}", hint="nothing was written")
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        raise OutputError(
            f"The paper was not saved: '{name}' is larger than"
            f" {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
            hint="save a smaller copy (a PDF scanned at a lower resolution, say); nothing was"
            " written",
        )
    if not data.startswith(_SIGNATURES[suffix]):
        kind = "a PDF" if suffix == ".pdf" else "a Word .docx document"
        raise OutputError(
            f"The paper was not saved: '{name}' is not {kind}, although its name says so",
            hint="open it and save it again as PDF or .docx; nothing was written",
        )
    root = folder.resolve()
    attachments = folder / ATTACHMENTS
    if attachments.is_symlink() or (attachments.exists() and not attachments.is_dir()):
        raise OutputError(
            f"The paper was not saved: {ATTACHMENTS} in the case folder is a link or a file,"
            " not a folder of its own",
            hint=f"make {ATTACHMENTS}/ a plain folder inside the case folder; nothing was written",
        )
    relative = f"{ATTACHMENTS}/{name}"
    with output_lock(folder):
        target = attachments / name
        if target.is_symlink() or target.is_dir():
            raise OutputError(
                f"The paper was not saved: {relative} is a link or a folder",
                hint="upload the paper under another name; nothing was written",
            )
        if not target.parent.resolve().is_relative_to(root):
            raise OutputError(
                f"The paper was not saved: {ATTACHMENTS}/ leads outside the case folder",
                hint=f"make {ATTACHMENTS}/ a plain folder inside the case folder",
            )
        exists = target.exists()
        if exists and not replace:
            raise OutputError(
                f"The paper was not saved: {relative} is already in the case folder",
                hint="to replace it, choose the file again and tick 'Replace the file that is"
                " there'; to keep both, rename the new file first. Nothing was written",
            )
        # The name and the folder are checked above; the person said the file may be replaced.
        write_all(folder, {relative: data}, force=True)
    return Uploaded(path=relative, replaced=exists)
