"""The JSON Schema of case files, generated from the model (``permdocs schema``)."""

from __future__ import annotations

import json
from typing import Any

from .case import Case
from .versions import Change, Contract

CASE_SCHEMA = Contract(
    version="1.1.0",
    changes=(
        Change("1.1.0", "added", "child.legal_status_since"),
        Change("1.1.0", "added", "child.education.school_since"),
        Change("1.1.0", "added", "panel.papers_prepared_on"),
        Change("1.1.0", "added", "decision.carers_told_on"),
    ),
)
"""The fields a case file can hold, versioned like the template contract: a new field is a minor
change, a renamed or removed one a major change. Record every change here and in CHANGELOG.md
(tests/checks/test_checks_versions.py keeps them in step). A case file says which version it was
written for with ``schema_version:``."""


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of case files, generated from the models."""
    schema = Case.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "permdocs case file"
    schema["$comment"] = f"permdocs case schema {CASE_SCHEMA.version}"
    return schema


def case_json_schema_text() -> str:
    return json.dumps(case_json_schema(), indent=2, ensure_ascii=False) + "\n"
