"""``permdocs new``: a case folder with a commented blank case.yaml and attachments/, or (with
``--example``) a copy of one of the bundled fictional sample cases to try permdocs on."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import CaseFolderError
from ..load.files import CASE_FILE_NAMES
from ..model.case import REFERENCE_PATTERN
from ..model.scaffold import SCHEMA_COMMENT, SCHEMA_FILE, blank_case_yaml
from ..model.schema import case_json_schema_text
from ..resources import bundled_dir
from ..write.output import ensure_output_folder, write_all, write_new_file


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


def sample_names() -> list[str]:
    """The bundled sample cases, by folder name (``01-existing-carer-agreed`` ...)."""
    return sorted(path.name for path in bundled_dir("samples").iterdir() if path.is_dir())


def create_example(folder: Path, sample: str | None = None) -> Path:
    """Copy a bundled sample case (default: the first) into ``folder``, which must not hold a
    case already, with the JSON Schema its first line points editors at. Returns the case file."""
    names = sample_names()
    chosen = sample or names[0]
    matches = [name for name in names if name == chosen or name.startswith(f"{chosen}-")]
    if len(matches) != 1:
        raise CaseFolderError(
            f"there is no sample case called '{chosen}'",
            hint="use one of: " + ", ".join(names),
        )
    existing = [name for name in CASE_FILE_NAMES if (folder / name).exists()]
    if existing:
        raise CaseFolderError(
            f"{folder}: already holds {existing[0]}",
            hint="choose a new folder name; the existing case was left as it was",
        )
    source = bundled_dir("samples") / matches[0]
    _copy_sample(source, folder)
    # A sibling matched together with this child has a case of its own that this one links to
    # (siblings: linked_case): it is copied too, where the link points, unless a case is there.
    for linked_source, linked_folder in linked_samples(source, folder):
        if not any((linked_folder / name).exists() for name in CASE_FILE_NAMES):
            _copy_sample(linked_source, linked_folder)
    return folder / "case.yaml"


def linked_samples(source: Path, folder: Path) -> list[tuple[Path, Path]]:
    """For the bundled sample at ``source`` copied to ``folder``: each bundled sample its case
    links to (a sibling matched together), and where that link points from ``folder``."""
    from ..load.folder import load_case

    found = []
    for sibling in load_case(source).case.siblings:
        link = sibling.linked_case
        if link is None:
            continue
        linked_source = (source / link.folder).resolve()
        if linked_source.parent == source.resolve().parent and linked_source.is_dir():
            found.append((linked_source, Path(os.path.normpath(folder / link.folder))))
    return found


def _copy_sample(source: Path, folder: Path) -> None:
    """The sample's case file (pointing at the schema written beside it) and its papers."""
    text = (source / "case.yaml").read_text(encoding="utf-8")
    # The sample points at the schema in the repository; the copy at the one written beside it.
    first, _, rest = text.partition("\n")
    if "$schema=" in first:
        text = f"{SCHEMA_COMMENT}\n{rest}"
    files = {"case.yaml": text.encode("utf-8"), SCHEMA_FILE: case_json_schema_text().encode()}
    for paper in sorted((source / "attachments").glob("*")):
        if paper.is_file():
            files[f"attachments/{paper.name}"] = paper.read_bytes()
    ensure_output_folder(folder / "attachments")
    write_all(folder, files, force=False)
