"""The task list: the case's pages, which fields each holds, and each page's status and owners.

A page is one or more *parts*, each a group of the case model (``child.history``) or some fields
of one (``child``: the identity fields). Which fields a page holds is all that is written here;
the fields themselves come from the model (``forms``). Each page's status follows from the case
file and ``check``'s findings:

- *Cannot start yet*: something it depends on is not recorded (the carers' assessment needs the
  carers; the decision needs the panel date or the reason the child is not going to panel);
- *There is a problem*: a value on the page cannot be read (the command line's message);
- *Not yet started*: nothing written on it (an answer equal to the default, such as
  ``needed: false``, is an answer);
- *In progress*: something entered, and a blocker or warning still stands on one of its fields;
- *Completed*: something entered, and no blocker or warning on its fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..checks import Finding
from ..errors import Problem
from .forms import ABSENT, Path, Spec, group_spec, on_a_page, parse_field, value_at

Status = Literal["cannot-start", "problem", "not-started", "in-progress", "completed"]
STATUS_TEXT: dict[Status, str] = {
    "cannot-start": "Cannot start yet",
    "problem": "There is a problem",
    "not-started": "Not yet started",
    "in-progress": "In progress",
    "completed": "Completed",
}


@dataclass(frozen=True)
class Part:
    """Some fields (all, if ``fields`` is None) of the group at ``base``."""

    base: tuple[str, ...]
    fields: tuple[str, ...] | None = None

    def spec(self) -> Spec:
        return group_spec(self.base, self.fields)

    def holds(self, path: Path) -> bool:
        """Whether ``path`` (a field, or something inside one) is on this part."""
        if tuple(path[: len(self.base)]) != self.base:
            return False
        rest = path[len(self.base) :]
        if not rest:
            return bool(self.base)  # the group itself: its page (the root group is no page's)
        return self.fields is None or rest[0] in self.fields


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    group: str
    parts: tuple[Part, ...]
    intro: str = ""
    needs: Callable[[dict[str, Any]], str] | None = None
    """Returns why the page cannot be started yet ('' when it can)."""

    def holds(self, path: Path) -> bool:
        return any(part.holds(path) for part in self.parts)

    def blocked_by(self, data: dict[str, Any]) -> str:
        return self.needs(data) if self.needs is not None else ""

    def started(self, data: dict[str, Any]) -> bool:
        for part in self.parts:
            spec = part.spec()
            value = value_at(data, part.base)
            if value is ABSENT or not isinstance(value, dict):
                continue
            if any(_written(value.get(child.name)) for child in spec.children):
                return True
        return False


def _written(value: Any) -> bool:
    """Whether the file holds an answer here: any value at all, a default written out included
    (``needed: false`` is an answer)."""
    if isinstance(value, dict):
        return any(_written(item) for item in value.values())
    if isinstance(value, list):
        return any(_written(item) for item in value)
    return value is not None and value != ""


def _needs_carers(data: dict[str, Any]) -> str:
    carers = data.get("carers")
    if isinstance(carers, dict) and carers:
        return ""
    return "Record the carers first."


def _needs_panel_or_reason(data: dict[str, Any]) -> str:
    panel = data.get("panel")
    if isinstance(panel, dict) and (panel.get("date") or panel.get("reason_not_to_panel")):
        return ""
    if isinstance(data.get("decision"), dict):
        return ""  # a decision already recorded can always be corrected
    return "Record the panel date, or the reason the child is not going to panel, first."


_CHILD = ("child",)
SECTIONS: tuple[Section, ...] = (
    Section(
        "case",
        "Case reference and council",
        "The case and the child",
        (Part((), ("reference", "profile", "schema_version")),),
        intro="The reference appears on every document and in every file name.",
    ),
    Section(
        "child",
        "About the child",
        "The case and the child",
        (
            Part(
                _CHILD,
                (
                    "first_names",
                    "last_name",
                    "preferred_name",
                    "date_of_birth",
                    "gender",
                    "ethnicity",
                    "religion",
                    "first_language",
                    "nationality",
                    "immigration_status",
                    "disability",
                    "receives_letter",
                ),
            ),
        ),
    ),
    Section(
        "legal",
        "Legal status and placement",
        "The case and the child",
        (
            Part(
                _CHILD,
                (
                    "legal_status",
                    "legal_status_since",
                    "court",
                    "looked_after_since",
                    "placed_with_carers_since",
                    "current_placement",
                ),
            ),
        ),
    ),
    Section(
        "reviews",
        "Looked-after child reviews",
        "The case and the child",
        (Part(_CHILD, ("lac_reviews",)),),
        intro="List the reviews oldest first.",
    ),
    Section("history", "History", "The case and the child", (Part(("child", "history")),)),
    Section(
        "needs",
        "Needs, and how the carers will meet them",
        "The case and the child",
        (Part(("child", "needs")),),
    ),
    Section(
        "education",
        "Education",
        "The case and the child",
        (
            Part(("child", "education")),
            Part((), ("school_confidential",)),
            Part(_CHILD, ("latest_health_assessment",)),
        ),
    ),
    Section(
        "views",
        "Wishes, views and plans",
        "The case and the child",
        (
            Part(
                _CHILD,
                (
                    "wishes_and_feelings",
                    "how_views_gathered",
                    "iro_view",
                    "delegated_authority",
                    "carers_may_consent_to",
                    "council_decides",
                    "life_story_work",
                    "risks",
                ),
            ),
        ),
    ),
    Section("siblings", "Brothers and sisters", "Family", (Part((), ("siblings",)),)),
    Section("parents", "Birth parents", "Family", (Part((), ("birth_parents",)),)),
    Section("people", "Other significant people", "Family", (Part((), ("significant_people",)),)),
    Section("professionals", "Professionals", "Plans and meetings", (Part(("professionals",)),)),
    Section("care-plan", "Care plan", "Plans and meetings", (Part(("care_plan",)),)),
    Section(
        "ppm",
        "Permanency Planning Meeting",
        "Plans and meetings",
        (
            Part(
                ("ppm",),
                (
                    "referral_date",
                    "reason_for_referral",
                    "manager_comments",
                    "manager_authorised_on",
                    "meeting_date",
                    "chair",
                    "invitees",
                    "minutes_received",
                    "minutes_summary",
                    "expert_reports",
                ),
            ),
        ),
    ),
    Section(
        "family-finding", "Family finding", "Plans and meetings", (Part(("ppm", "family_finding")),)
    ),
    Section(
        "carers",
        "The carers",
        "Carers and the match",
        (
            Part(
                ("carers",),
                (
                    "route",
                    "carers",
                    "reference",
                    "approval",
                    "household",
                    "address",
                    "contact",
                    "address_confidential",
                    "names_confidential",
                    "shared_surname_agreed",
                    "commitment_until_leaves_care",
                    "staying_put",
                    "wishes_and_feelings",
                    "agency",
                    "connected_person",
                    "planned_respite",
                ),
            ),
        ),
    ),
    Section(
        "assessment",
        "The carers' assessment (Part 3)",
        "Carers and the match",
        (Part(("carers", "assessment")),),
        needs=_needs_carers,
    ),
    Section(
        "matching",
        "Matching meeting",
        "Carers and the match",
        (
            Part(
                ("matching_meeting",),
                (
                    "date",
                    "chair",
                    "attendees",
                    "apologies",
                    "minuted_by",
                    "discussion",
                    "actions",
                    "part2_completed_by",
                    "part2_completed_on",
                    "part2_agreed_on",
                    "part3_completed_by",
                    "part3_completed_on",
                    "part3_agreed_on",
                    "recommendation",
                    "sign_offs",
                ),
            ),
        ),
    ),
    Section(
        "support-plan",
        "Support plan",
        "Carers and the match",
        (Part(("matching_meeting",), ("support_plan",)),),
    ),
    Section("panel", "Fostering panel", "Panel and decision", (Part(("panel",)),)),
    Section(
        "decision",
        "The Agency Decision Maker's decision",
        "Panel and decision",
        (Part(("decision",)),),
        needs=_needs_panel_or_reason,
    ),
    Section(
        "attachments",
        "Papers attached",
        "Papers",
        (Part((), ("attachments",)),),
        intro="Each paper must already be in the case folder, for example in attachments/.",
    ),
)
BY_SLUG = {section.slug: section for section in SECTIONS}


def section_for(path: Path) -> Section | None:
    """The page that shows ``path``; for a path no page shows, the page of its nearest parent."""
    probe = tuple(path)
    while probe:
        for section in SECTIONS:
            if section.holds(probe):
                return section
        probe = probe[:-1]
    return None


@dataclass(frozen=True)
class Task:
    """One row of the task list."""

    section: Section
    status: Status
    reason: str
    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...]

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]

    @property
    def owners(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.owner] = counts.get(finding.owner, 0) + 1
        return sorted(counts.items(), key=lambda item: -item[1])


def findings_on(section: Section, findings: Iterable[Finding]) -> list[Finding]:
    return [
        finding
        for finding in findings
        if finding.severity in ("blocker", "warning")
        and finding.field
        and section_for(parse_field(finding.field)) is section
    ]


def problems_on(section: Section, problems: Iterable[Problem]) -> list[Problem]:
    """The problems a page shows (those at a field no page shows are listed on the task list,
    to be corrected in the file)."""
    found = []
    for problem in problems:
        path = parse_field(problem.field)
        if on_a_page(path) and section_for(path) is section:
            found.append(problem)
    return found


def tasks(
    data: dict[str, Any],
    findings: Sequence[Finding],
    problems: Sequence[Problem],
    *,
    checked: bool = True,
) -> list[Task]:
    """Each page's task. ``checked`` is false when the case could not be checked (it has
    problems): then no page can be known to be complete, and a started one is in progress."""
    result = []
    for section in SECTIONS:
        owed = tuple(findings_on(section, findings))
        wrong = tuple(problems_on(section, problems))
        reason = section.blocked_by(data)
        status: Status
        if wrong:
            status = "problem"
        elif reason:
            status = "cannot-start"
        elif not section.started(data):
            status = "not-started"
        elif owed or not checked:
            status = "in-progress"
        else:
            status = "completed"
        result.append(Task(section, status, reason, owed, wrong))
    return result
