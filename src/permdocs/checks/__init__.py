"""Completeness and timescale checks: who owes what, what is late, what stops a final build.

One module per family: ``requirements`` (what each document must carry), ``timescales``
(deadlines against the as-of date) and ``consistency`` (dates in order, ages, policy rules). All
are pure functions of the case, the council profile and the as-of date.
"""

from .findings import SEVERITIES, Finding, Severity, blockers_for, count_by_severity, fails
from .runner import all_codes, run_checks

__all__ = [
    "SEVERITIES",
    "Finding",
    "Severity",
    "all_codes",
    "blockers_for",
    "count_by_severity",
    "fails",
    "run_checks",
]
