"""The JSON Schema of case files, generated from the model (``permdocs schema``)."""

from __future__ import annotations

import json
from typing import Any

from .case import Case


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of case files, generated from the models."""
    schema = Case.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "permdocs case file"
    return schema


def case_json_schema_text() -> str:
    return json.dumps(case_json_schema(), indent=2, ensure_ascii=False) + "\n"
