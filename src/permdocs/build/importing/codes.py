"""The DfE code lists, read from ``codelists.json`` (shipped in the package).

Each coded item of the SSDA903 return and the Standard Safeguarding Dataset (legal status,
placement type, reason for a new episode, ethnicity ...) is a list of codes with a label and,
where the case model has one, the case's own value. The data lives in a file rather than in code
so that a new year's guidance is a data change, and the file names the guidance it follows.

A value is looked up by its code or, for the Standard Safeguarding Dataset (whose columns are
free text in some councils' extracts), by its label or a known alias; comparison ignores case
and spacing. A value that matches nothing is an unknown code: it is reported, never guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any, Literal

Dataset = Literal["SSDA903", "SSD"]
LIST_NAMES = (
    "legal_status",
    "placement_type",
    "reason_new_episode",
    "reason_episode_ceased",
    "reason_placement_change",
    "placement_provider",
    "ethnicity",
    "sex",
    "ssd_sex",
    "ssd_gender",
    "ssd_permanence_plan",
)


@dataclass(frozen=True)
class Code:
    """One code of a list: its label, the case's value for it (None: the model has none)."""

    code: str
    label: str
    case_value: str | None = None
    aliases: tuple[str, ...] = ()
    dataset: Dataset | None = None
    """Set when only one dataset uses the code (the SSD's permanence orders)."""
    flags: dict[str, bool] = field(default_factory=dict)

    def flag(self, name: str) -> bool:
        return self.flags.get(name, False)


@dataclass(frozen=True)
class CodeList:
    name: str
    item: str
    source: Dataset
    codes: tuple[Code, ...]

    def find(self, text: str, dataset: Dataset) -> Code | None:
        """The code ``text`` stands for: its code exactly (any case) or, for the Standard
        Safeguarding Dataset, its label, case value or an alias (ignoring case and spacing)."""
        key = _key(text)
        usable = [code for code in self.codes if code.dataset in (None, dataset)]
        for code in usable:
            if _key(code.code) == key:
                return code
        if dataset == "SSD":
            for code in usable:
                names = (code.label, code.case_value or "", *code.aliases)
                if any(_key(name) == key for name in names if name):
                    return code
        return None

    def codes_text(self, dataset: Dataset) -> str:
        """The codes a value may take, for an error message."""
        return ", ".join(code.code for code in self.codes if code.dataset in (None, dataset))


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@cache
def _data() -> dict[str, Any]:
    text = files(__package__).joinpath("codelists.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def code_list(name: str) -> CodeList:
    raw = _data()["lists"][name]
    codes = tuple(
        Code(
            code=entry["code"],
            label=entry["label"],
            case_value=entry.get("case_value"),
            aliases=tuple(entry.get("aliases", ())),
            dataset=entry.get("dataset"),
            flags={key: value for key, value in entry.items() if isinstance(value, bool)},
        )
        for entry in raw["codes"]
    )
    return CodeList(name=name, item=raw["item"], source=raw["source"], codes=codes)


def guidance(dataset: Dataset) -> str:
    """The guidance a dataset's code lists follow, as a citation."""
    source = _data()["sources"][dataset]
    return f"{source['publisher']}, {source['title']} ({source['year']}), {source['url']}"
