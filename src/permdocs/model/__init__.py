"""The case model: the single source of truth for validation, the JSON Schema and the field reference."""

from .case import Case

__all__ = ["Case"]
