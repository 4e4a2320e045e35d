"""Checking Word templates against what permdocs gives them, and describing what it gives.

- :func:`lint_file` / :func:`lint_folder`: every problem with a council's templates (``permdocs
  templates check``); :func:`ensure_usable`: the build's gate before a council template is used.
- :func:`~.schema.schema_for`: the names a kind of template may use, derived from the view model.
- :func:`~.reference.fields_markdown`: the field reference (docs/fields.md).
"""

from __future__ import annotations

from .check import FolderReport, clear_cache, ensure_usable, lint_file, lint_folder
from .findings import FileReport, LintFinding, Place
from .schema import ContextSchema, schema_for, template_kinds

__all__ = [
    "ContextSchema",
    "FileReport",
    "FolderReport",
    "LintFinding",
    "Place",
    "clear_cache",
    "ensure_usable",
    "lint_file",
    "lint_folder",
    "schema_for",
    "template_kinds",
]
