"""Council profiles: the settings that differ between councils.

A profile is a YAML file validated like case data. The bundled ``default`` applies only statutory
rules; the example profiles carry local rules from published council procedures. A case names its
profile (a bundled name or a path relative to the case folder); ``--profile`` overrides.
"""

from __future__ import annotations

import difflib
import typing
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    field_validator,
)

from ...model.fields import Owner
from ...model.parts import AttachmentKind
from ...model.types import Count, Line, Text, YesNo
from ..calendar import Timescale
from ..conditions import CASE_CONDITIONS, unknown_condition_message
from ..documents import KINDS, Paper
from ..rules import RULES_BY_CODE


class ProfileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CouncilAddress(ProfileModel):
    lines: list[Line] = Field(default_factory=list, description="Address lines for the letterhead.")
    postcode: Line | None = Field(None, description="Postcode.")
    phone: Line | None = Field(None, description="Switchboard or team telephone.")
    email: Line | None = Field(None, description="Team email.")


class LetterSettings(ProfileModel):
    """Who receives the ADM's decision letters."""

    child_letter_min_age: Count = Field(
        8, description="Default age from which the child receives a letter."
    )
    certificate: YesNo = Field(False, description="Produce a permanency certificate for the child.")
    certificate_marking: YesNo = Field(
        True,
        description="Print OFFICIAL-SENSITIVE on the certificate. Every other document is marked"
        " on every page whatever this says; a council may leave the marking off the child's"
        " keepsake only.",
    )
    child_letter_when_not_agreed: YesNo = Field(
        False,
        description="Also write to the child when the match is not agreed or the decision is"
        " deferred. Left false, the child's social worker tells the child in person and no"
        " letter is produced.",
    )
    to_parents_without_parental_responsibility: YesNo = Field(
        True,
        description="Write to a birth parent who does not hold parental responsibility (false:"
        " only to parents who hold it; the child's social worker decides how the others are"
        " told).",
    )
    director_letter: YesNo = Field(
        True,
        description="For an agency (IFA) match that is agreed, a letter from the Director of"
        " Children's Services to the carers and to the child.",
    )
    information_sheets: YesNo = Field(
        False,
        description="After an agreed match, an information sheet for the carers and one for the"
        " child: what happens next, reviews, visits, who to call.",
    )
    copy_to_iro: YesNo = Field(True, description="Copy the carers' letter to the IRO.")
    to_child: YesNo = Field(
        True, description="Write to the child (when of an age and understanding to receive it)."
    )
    to_birth_parents: YesNo = Field(
        True,
        description="Write to each birth parent; false where the child's social worker tells them instead.",
    )
    to_agency: YesNo = Field(True, description="Write to the fostering agency for an agency carer.")
    copy_to_childs_social_worker: YesNo = Field(
        True, description="Copy the decision to the child's social worker for the file."
    )


class PackSettings(ProfileModel):
    """How the panel pack treats what attached papers carry."""

    web_links: YesNo = Field(
        False,
        description="Keep links to web and mail addresses (http, https, mailto) in the PDF "
        "pack's attached papers; false takes them out with everything else a reader could "
        "run (JavaScript, launches, links to files), which is always taken out.",
    )


def _parse_timescale(value: Any) -> Timescale:
    if isinstance(value, Timescale):
        return value
    if not isinstance(value, str):
        raise ValueError("expected a timescale such as '20 working days', '4 weeks' or '2 months'")
    return Timescale.parse(value)


TimescaleText = Annotated[
    Timescale,
    PlainValidator(_parse_timescale),
    PlainSerializer(str),
    WithJsonSchema({"type": "string", "examples": ["20 working days", "4 weeks", "2 months"]}),
]


def _listify(value: Any) -> Any:
    """Let a single value stand for a one-item list: ``when: ifa-route``."""
    return [value] if isinstance(value, str) else value


_PAPER_KINDS: tuple[str, ...] = (*typing.get_args(AttachmentKind), *KINDS)


def _check_paper_kind(value: Any) -> Any:
    if isinstance(value, str) and value not in _PAPER_KINDS:
        guess = difflib.get_close_matches(value, _PAPER_KINDS, n=1, cutoff=0.6)
        hint = f"did you mean '{guess[0]}'?" if guess else "use one of: " + ", ".join(_PAPER_KINDS)
        raise ValueError(f"unknown paper kind '{value}' ({hint})")
    return value


def _check_condition(value: Any) -> Any:
    if isinstance(value, str) and value not in CASE_CONDITIONS:
        raise ValueError(unknown_condition_message(value, CASE_CONDITIONS))
    return value


STATUTORY_CHECKS: tuple[str, ...] = ("dbs-check", "medical")
"""The carers' statutory checks whose age a profile may limit, besides attached papers."""


def _check_age_key(name: str) -> str:
    """What is wrong with a ``max_age`` key ('' when it is a paper kind or a check)."""
    known = (*typing.get_args(AttachmentKind), *STATUTORY_CHECKS)
    if name in known:
        return ""
    guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"did you mean '{guess[0]}'?" if guess else "use one of: " + ", ".join(known)
    return f"max_age: unknown paper or check '{name}' ({hint})"


PaperKind = Annotated[str, BeforeValidator(_check_paper_kind)]
ConditionName = Annotated[str, BeforeValidator(_check_condition)]


class RuleSetting(ProfileModel):
    enabled: YesNo | None = Field(
        None, description="true or false; left out, statutory rules are on and local rules off."
    )
    timescale: TimescaleText | None = Field(
        None, description="The rule's timescale, e.g. '12 weeks' or '7 working days'."
    )


class ChecklistRow(ProfileModel):
    kind: Annotated[list[PaperKind], BeforeValidator(_listify)] = Field(
        min_length=1,
        description="The attachment kind (or a list of kinds, any of which will do), or a document permdocs produces.",
    )
    label: Line = Field(description="The row's wording on the panel checklist.")
    required: YesNo = Field(
        True, description="false for a row shown on the checklist but never owed."
    )
    when: Annotated[list[ConditionName], BeforeValidator(_listify)] = Field(
        default_factory=list,
        description="Conditions under which the paper is required, e.g. ifa-route.",
    )
    owner: Owner | None = Field(None, description="Who supplies it, when not the usual author.")

    def as_paper(self) -> Paper:
        return Paper(tuple(self.kind), self.label, tuple(self.when), self.required, self.owner)


class Profile(ProfileModel):
    name: Line = Field(description="Short name of the profile.")
    council_name: Line = Field(description="The council's name, as on its letterhead.")
    service_name: Line = Field(
        "Children's Services", description="Service name under the council name."
    )
    address: CouncilAddress = Field(
        default_factory=CouncilAddress, description="Letterhead address."
    )
    panel_name: Line = Field("Fostering Panel", description="The fostering panel's name.")
    fictional: YesNo = Field(
        False,
        description="true only for a made-up council (samples, training): its name and contact"
        " details are then allowed in final documents. Never true in a real council's profile.",
    )
    templates: Line | None = Field(
        None,
        description="Folder of the council's own Word templates (relative to the profile file).",
    )
    letters: LetterSettings = Field(default_factory=LetterSettings, description="Letter settings.")
    pack: PackSettings = Field(default_factory=PackSettings, description="Panel pack settings.")
    notes: Text | None = Field(None, description="Where the local rules come from.")
    rules: dict[str, RuleSetting] = Field(
        default_factory=dict,
        description="Rules switched on or off and re-timed, by rule code (see permdocs.rules).",
    )
    at_risk_within: TimescaleText = Field(
        Timescale(5, "working days"),
        description="How close an unmet deadline must be to be reported as at risk.",
    )
    checklist: list[ChecklistRow] | None = Field(
        None, description="The panel checklist's rows; left out, the standard rows are used."
    )
    max_age: dict[str, TimescaleText] = Field(
        default_factory=dict,
        description="How old a paper or a carer's statutory check may be at panel before"
        " check warns, by attachment kind or check (dbs-check, medical), e.g."
        " {sibling-assessment: 24 months, dbs-check: 36 months}.",
    )

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, rules: dict[str, RuleSetting]) -> dict[str, RuleSetting]:
        problems: list[str] = []
        for code, setting in rules.items():
            info = RULES_BY_CODE.get(code)
            if info is None:
                guess = difflib.get_close_matches(code, list(RULES_BY_CODE), n=1, cutoff=0.6)
                hint = (
                    f"did you mean '{guess[0]}'?"
                    if guess
                    else "use one of: " + ", ".join(RULES_BY_CODE)
                )
                problems.append(f"unknown rule '{code}' ({hint})")
            elif setting.timescale is not None and info.timescale is None:
                problems.append(f"rule '{code}' has no timescale to set; remove its 'timescale'")
        if problems:
            raise ValueError("; ".join(problems))
        return rules

    @field_validator("max_age")
    @classmethod
    def _known_ages(cls, ages: dict[str, Timescale]) -> dict[str, Timescale]:
        problems = [problem for problem in map(_check_age_key, ages) if problem]
        if problems:
            raise ValueError("; ".join(problems))
        return ages

    def max_age_of(self, name: str) -> Timescale | None:
        """How old ``name`` (a paper kind, or dbs-check / medical) may be at panel, if limited."""
        return self.max_age.get(name)

    def rule_enabled(self, code: str) -> bool:
        """Whether a rule applies: as the profile says, else on for statutory rules only."""
        setting = self.rules.get(code)
        if setting is not None and setting.enabled is not None:
            return setting.enabled
        return RULES_BY_CODE[code].statutory

    def timescale(self, code: str) -> Timescale:
        """The profile's timescale for a rule, else the rule's own."""
        setting = self.rules.get(code)
        if setting is not None and setting.timescale is not None:
            return setting.timescale
        default = RULES_BY_CODE[code].timescale
        if default is None:
            raise KeyError(f"rule {code} has no timescale")
        return default

    def papers(self) -> tuple[Paper, ...] | None:
        """The council's checklist rows, or None to use the registry's standard rows."""
        if self.checklist is None:
            return None
        return tuple(row.as_paper() for row in self.checklist)


BUNDLED_DIR = Path(str(files(__package__)))
