"""The public functions. The library does the work and never prints or exits; the CLI calls these."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .loading import LoadedCase, load_case_file
from .model import Case
from .validation import validate_case


@dataclass(frozen=True)
class CaseFolder:
    """A validated case and where it came from."""

    case: Case
    source: LoadedCase

    @property
    def folder(self) -> Path:
        return self.source.folder


def load_case(folder: Path) -> CaseFolder:
    """Read and validate a case folder. Raises CaseDataError / CaseFolderError."""
    loaded = load_case_file(Path(folder))
    return CaseFolder(case=validate_case(loaded), source=loaded)


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of case files, generated from the models."""
    schema = Case.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "permdocs case file"
    return schema


def case_json_schema_text() -> str:
    return json.dumps(case_json_schema(), indent=2, ensure_ascii=False) + "\n"


def create_case(folder: Path, reference: str) -> Path:
    """Create a case folder with a commented blank case.yaml and attachments/. Never overwrites."""
    from .errors import CaseFolderError
    from .loading import CASE_FILE_NAMES
    from .output import ensure_output_folder, write_new_file
    from .scaffold import blank_case_yaml

    existing = [name for name in CASE_FILE_NAMES if (folder / name).exists()]
    if existing:
        raise CaseFolderError(
            f"{folder}: already holds {existing[0]}",
            hint="choose a new folder name; the existing case was left as it was",
        )
    path = folder / "case.yaml"
    write_new_file(path, blank_case_yaml(reference).encode("utf-8"))
    ensure_output_folder(folder / "attachments")
    return path
