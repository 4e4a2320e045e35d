"""Run every family of checks on one case: a pure function of (case, profile, as-of date)."""

from __future__ import annotations

from datetime import date

from ..model import Case
from ..policy.conditions import Context
from ..policy.profiles import Profile
from . import consistency, requirements, timescales
from .findings import Finding, sorted_findings


def run_checks(case: Case, profile: Profile, as_of: date) -> list[Finding]:
    """Everything owed or wrong in ``case`` as of ``as_of``, blockers first, then by owner."""
    context = Context(case=case, profile=profile, as_of=as_of)
    return sorted_findings(
        [
            *requirements.check_requirements(context),
            *timescales.check_timescales(context),
            *consistency.check_consistency(context),
        ]
    )


def all_codes() -> dict[str, str]:
    """Every finding code the checks can report, with what it means."""
    return {**requirements.CODES, **timescales.CODES, **consistency.CODES}
