"""The public functions and types: what a program (or the CLI) calls.

Only re-exports, imported lazily: ``from permdocs.api import check_case`` loads the checks and not
the document machinery, so ``permdocs check`` stays quick to start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build.batch import BatchResult, CaseOutcome, build_many
    from .build.diff import DiffResult, case_diff
    from .build.dispatch import DispatchResult, make_dispatch
    from .build.importing import ImportResult, import_into_case
    from .build.letters import LettersResult, build_letters
    from .build.new_case import create_case, create_example
    from .build.new_profile import create_profile
    from .build.options import BuildOptions
    from .build.pack import PackResult, build_pack
    from .build.panel_item import build_panel_item_pack
    from .build.paper_commands import (
        MarkResult,
        StatusResult,
        mark_checked,
        mark_sent,
        papers_status,
    )
    from .build.reports import BuildResult, build_case
    from .build.tracker import Tracker
    from .build.tracker_export import track_cases
    from .build.verify import VerifyResult, verify_documents
    from .checks import Finding, blockers_for
    from .checks.runner import check_case
    from .load.folder import CaseFolder, case_profile, load_case
    from .model.schema import case_json_schema, case_json_schema_text

# Name -> the module that defines it.
_EXPORTS = {
    "BatchResult": "build.batch",
    "CaseOutcome": "build.batch",
    "build_many": "build.batch",
    "DiffResult": "build.diff",
    "DispatchResult": "build.dispatch",
    "make_dispatch": "build.dispatch",
    "case_diff": "build.diff",
    "LettersResult": "build.letters",
    "build_letters": "build.letters",
    "create_case": "build.new_case",
    "create_example": "build.new_case",
    "ImportResult": "build.importing",
    "import_into_case": "build.importing",
    "create_profile": "build.new_profile",
    "BuildOptions": "build.options",
    "PackResult": "build.pack",
    "build_pack": "build.pack",
    "MarkResult": "build.paper_commands",
    "StatusResult": "build.paper_commands",
    "mark_checked": "build.paper_commands",
    "mark_sent": "build.paper_commands",
    "papers_status": "build.paper_commands",
    "build_panel_item_pack": "build.panel_item",
    "BuildResult": "build.reports",
    "build_case": "build.reports",
    "VerifyResult": "build.verify",
    "verify_documents": "build.verify",
    "Finding": "checks",
    "blockers_for": "checks",
    "check_case": "checks.runner",
    "CaseFolder": "load.folder",
    "case_profile": "load.folder",
    "load_case": "load.folder",
    "case_json_schema": "model.schema",
    "Tracker": "build.tracker",
    "track_cases": "build.tracker_export",
    "case_json_schema_text": "model.schema",
}

__all__ = [
    "BatchResult",
    "BuildOptions",
    "BuildResult",
    "CaseFolder",
    "CaseOutcome",
    "DiffResult",
    "DispatchResult",
    "Finding",
    "ImportResult",
    "LettersResult",
    "MarkResult",
    "PackResult",
    "StatusResult",
    "Tracker",
    "VerifyResult",
    "blockers_for",
    "build_case",
    "build_letters",
    "build_many",
    "build_pack",
    "build_panel_item_pack",
    "case_diff",
    "case_json_schema",
    "case_json_schema_text",
    "case_profile",
    "check_case",
    "create_case",
    "create_example",
    "create_profile",
    "import_into_case",
    "load_case",
    "make_dispatch",
    "mark_checked",
    "mark_sent",
    "papers_status",
    "track_cases",
    "verify_documents",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'permdocs.api' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __package__), name)
    globals()[name] = value  # the next lookup does not come here
    return value


def __dir__() -> list[str]:
    return __all__
