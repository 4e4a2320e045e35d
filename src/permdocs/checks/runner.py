"""Run every family of checks on one case: a pure function of (case, profile, as-of date, and the
linked siblings' cases when the case was read from its folder)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..load.folder import CaseFolder, case_profile, load_case
from ..load.siblings import linked_siblings
from ..model import Case
from ..policy.conditions import Context, LinkedSibling
from ..policy.profiles import Profile
from . import consistency, currency, requirements, routes, siblings, timescales, versions
from .findings import Finding, sorted_findings


def run_checks(
    case: Case, profile: Profile, as_of: date, linked: tuple[LinkedSibling, ...] = ()
) -> list[Finding]:
    """Everything owed or wrong in ``case`` as of ``as_of``, blockers first, then by owner.
    ``linked`` are the cases of siblings matched with the same carers (``load.siblings``)."""
    context = Context(case=case, profile=profile, as_of=as_of, linked=linked)
    return sorted_findings(
        [
            *requirements.check_requirements(context),
            *timescales.check_timescales(context),
            *consistency.check_consistency(context),
            *currency.check_currency(context),
            *routes.check_routes(context),
            *siblings.check_siblings(context),
            *versions.check_schema_version(context),
        ]
    )


def all_codes() -> dict[str, str]:
    """Every finding code the checks can report, with what it means."""
    return {
        **requirements.CODES,
        **timescales.CODES,
        **consistency.CODES,
        **currency.CODES,
        **routes.CODES,
        **siblings.CODES,
        **versions.CODES,
    }


def check_case(
    folder_or_casefolder: Path | str | CaseFolder,
    *,
    as_of: date | None = None,
    profile: Profile | str | None = None,
) -> list[Finding]:
    """What is owed, late or inconsistent in a case, as of ``as_of`` (default: today).

    Takes a case folder (loaded and validated first, so it raises CaseDataError /
    CaseFolderError as ``load_case`` does) or an already loaded :class:`CaseFolder`.
    Findings come blockers first, then warnings, then information, each group by owner.
    """
    folder = (
        folder_or_casefolder
        if isinstance(folder_or_casefolder, CaseFolder)
        else load_case(Path(folder_or_casefolder))
    )
    chosen = case_profile(folder, profile)
    return run_checks(folder.case, chosen, as_of or date.today(), linked_siblings(folder))
