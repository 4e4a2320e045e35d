"""The catalogue of rules a council profile can switch on or off and re-time.

Each rule is named here once, with where it comes from and its default timescale, so that the
profile loader can refuse an unknown rule code (with a did-you-mean) and the checks can cite their
source. Statutory rules are on unless a profile turns them off; local rules (a council's own
procedure) are off unless a profile turns them on. Required document content is not here: that is
the document registry's (``documents.py``) and is not optional.
"""

from __future__ import annotations

from dataclasses import dataclass

from .calendar import Timescale

CARE_PLANNING_REGS = "Care Planning, Placement and Case Review (England) Regulations 2010"
NMS_14 = "Fostering Services: National Minimum Standards (2011), standard 14"
# Councils' published procedures, cited as a reader can find them.
SOUTHWARK = "Southwark Children's Social Care procedures, 3.2.2 Permanence Fostering Procedure"
MILTON_KEYNES = "Milton Keynes Children's Services procedures: Permanent Fostering"
LUTON = "Luton Council Children's Services procedures: Permanence Planning Guidance"
LONDON = "London Child Protection Procedures, 3.1.8 Permanence Planning Protocol"


@dataclass(frozen=True)
class RuleInfo:
    code: str
    title: str
    source: str
    statutory: bool
    # None for a rule that is about order or content rather than a period of time.
    timescale: Timescale | None = None


def _t(text: str) -> Timescale:
    return Timescale.parse(text)


RULES: tuple[RuleInfo, ...] = (
    # Statutory: on by default.
    RuleInfo(
        "first-lac-review",
        "First LAC review within 20 working days of becoming looked after",
        f"{CARE_PLANNING_REGS}, reg 33",
        statutory=True,
        timescale=_t("20 working days"),
    ),
    RuleInfo(
        "second-lac-review",
        "Second LAC review within 3 months of the first",
        f"{CARE_PLANNING_REGS}, reg 33",
        statutory=True,
        timescale=_t("3 months"),
    ),
    RuleInfo(
        "later-lac-reviews",
        "Later LAC reviews within 6 months of the previous review",
        f"{CARE_PLANNING_REGS}, reg 33",
        statutory=True,
        timescale=_t("6 months"),
    ),
    RuleInfo(
        "permanence-plan-by-second-review",
        "The care plan holds a permanence plan by the second LAC review",
        "Children Act 1989 guidance and regulations, volume 2: care planning, placement and"
        " case review (2015)",
        statutory=True,
    ),
    RuleInfo(
        "long-term-placement",
        "Long-term fostering: fostering is the permanence plan, the carers have agreed to care"
        " until the child leaves care, and the council has confirmed the arrangement to the"
        " carers, the child and the birth parents",
        f"SI 2015/495 amending the {CARE_PLANNING_REGS} (reg 2(1), reg 22B)",
        statutory=True,
    ),
    RuleInfo(
        "panel-papers",
        "Panel papers to members at least 5 working days before panel",
        NMS_14,
        statutory=True,
        timescale=_t("5 working days"),
    ),
    RuleInfo(
        "adm-decision",
        "ADM decides within 7 working days of receiving the recommendation and final minutes",
        NMS_14,
        statutory=True,
        timescale=_t("7 working days"),
    ),
    # Local: off by default; the example profiles switch them on.
    RuleInfo(
        "ppm-after-entering-care",
        "Permanency Planning Meeting within 4 weeks of entering care",
        LUTON,
        statutory=False,
        timescale=_t("4 weeks"),
    ),
    RuleInfo(
        "ppm-after-permanence-review",
        "Permanency Planning Meeting within 12 weeks of the LAC review that agreed permanent"
        " fostering",
        SOUTHWARK,
        statutory=False,
        timescale=_t("12 weeks"),
    ),
    RuleInfo(
        "ppm-minutes",
        "PPM minutes available within 7 working days of the meeting",
        LONDON,
        statutory=False,
        timescale=_t("7 working days"),
    ),
    RuleInfo(
        "ppm-minutes-adoption",
        "PPM minutes within 10 working days when adoption is being considered",
        LONDON,
        statutory=False,
        timescale=_t("10 working days"),
    ),
    RuleInfo(
        "parts-before-matching",
        "Matching meeting report Parts 2 and 3 complete before the matching meeting",
        MILTON_KEYNES,
        statutory=False,
    ),
    RuleInfo(
        "panel-after-matching",
        "Fostering panel within 2 months of the matching meeting",
        MILTON_KEYNES,
        statutory=False,
        timescale=_t("2 months"),
    ),
    RuleInfo(
        "adm-ratification",
        "ADM ratifies the permanence care plan within 2 months of the second LAC review",
        LUTON,
        statutory=False,
        timescale=_t("2 months"),
    ),
    RuleInfo(
        "carers-told-orally",
        "The carers are told the ADM's decision in person or by telephone within 2 working days",
        "Agency practice following Fostering NMS 2011, standard 14 (not statutory)",
        statutory=False,
        timescale=_t("2 working days"),
    ),
    RuleInfo(
        "carers-told-in-writing",
        "The carers are sent the ADM's decision in writing within 5 working days",
        "Agency practice following Fostering NMS 2011, standard 14 (not statutory)",
        statutory=False,
        timescale=_t("5 working days"),
    ),
    RuleInfo(
        "under-13-to-panel",
        "Children under 13 go to panel unless a reason is recorded",
        LUTON,
        statutory=False,
    ),
    RuleInfo(
        "siblings-apart-assessed",
        "Siblings are placed apart only after a sibling assessment",
        f"{LONDON}; {LUTON}",
        statutory=False,
    ),
)

RULES_BY_CODE: dict[str, RuleInfo] = {rule.code: rule for rule in RULES}


def get_rule(code: str) -> RuleInfo:
    return RULES_BY_CODE[code]
