"""Entering data once: filling a case from the council's SSDA903 return or Standard Safeguarding
Dataset, each value with its source, never over a value someone typed.

The readers (``ssda903``, ``ssd``) turn the files into one child's :class:`record.ChildRecord`;
``plan`` decides what that changes in the case; ``yamledit`` makes the changes to case.yaml keeping
every comment; ``run`` checks the result and writes it. ``codelists.json`` holds the DfE code lists.
"""

from __future__ import annotations

from .plan import Change
from .run import DATASETS, ImportResult, import_into_case

__all__ = ["DATASETS", "Change", "ImportResult", "import_into_case"]
