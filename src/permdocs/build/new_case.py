"""``permdocs new``: a case folder with a commented blank case.yaml and attachments/."""

from __future__ import annotations

from pathlib import Path

from ..errors import CaseFolderError
from ..load.files import CASE_FILE_NAMES
from ..model.case import REFERENCE_PATTERN
from ..model.scaffold import SCHEMA_FILE, blank_case_yaml
from ..model.schema import case_json_schema_text
from ..write.output import ensure_output_folder, write_new_file


def create_case(folder: Path, reference: str) -> Path:
    """Create a case folder with a commented blank case.yaml, the case.schema.json its first line
    names (for editors that check as you type) and attachments/. Never overwrites."""
    if not REFERENCE_PATTERN.fullmatch(reference):
        raise CaseFolderError(
            f"'{reference}' cannot be used as a case reference",
            hint="use letters, digits, '.', '_' or '-' only (at most 40), "
            "e.g. --reference PF-2026-0150",
        )
    existing = [name for name in CASE_FILE_NAMES if (folder / name).exists()]
    if existing:
        raise CaseFolderError(
            f"{folder}: already holds {existing[0]}",
            hint="choose a new folder name; the existing case was left as it was",
        )
    path = folder / "case.yaml"
    write_new_file(path, blank_case_yaml(reference).encode("utf-8"))
    # The file the case's first line names, so that an editor checks the case as it is typed.
    schema = folder / SCHEMA_FILE
    if not schema.exists():
        write_new_file(schema, case_json_schema_text().encode("utf-8"))
    ensure_output_folder(folder / "attachments")
    return path
