"""What changed between two versions of a case, field by field, in plain words.

Used to say what has changed since a paper was sent (``checks.records``) and since the last pack
the panel received (``permdocs diff``). Fields are compared as the model holds them; a list of
people or papers is compared item by item, so a brother added reads "Siblings: added Kai" rather
than a list of shifted fields; a long text reads as edited rather than quoted in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model import Case
from ..model.fields import label_of
from ..policy.calendar import long_date

_CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")
_SHORT = 80
_NAMING = ("name", "title", "option", "need", "role", "kind", "date")


@dataclass(frozen=True)
class Change:
    """One field (or list item) that differs."""

    path: str
    before: str
    """The earlier value in words; "" when it was not there."""
    after: str
    """The later value in words; "" when it is no longer there."""

    @property
    def label(self) -> str:
        return label_of(self.path)

    def words(self) -> str:
        """ "Child: legal status changed from interim care order to care order"."""
        if self.before == self.after:  # a long text edited: both read the same in short
            return f"{self.label}: {self.after}"
        if not self.before:
            return f"{self.label} added: {self.after}"
        if not self.after:
            return f"{self.label} removed (was {self.before})"
        return f"{self.label} changed from {self.before} to {self.after}"


def case_changes(old: Case, new: Case) -> list[Change]:
    """Every field that differs between ``old`` and ``new``, in the model's order."""
    changes: list[Change] = []
    _compare(old.model_dump(), new.model_dump(), "", changes)
    return changes


def _compare(old: Any, new: Any, path: str, changes: list[Change]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*old, *new]):
            _compare(old.get(key), new.get(key), f"{path}.{key}" if path else key, changes)
        return
    if (
        (_items(old) and _items(new))
        or (_items(old) and new in (None, []))
        or (_items(new) and old in (None, []))
    ):
        old_items, new_items = list(old or []), list(new or [])
        for index in range(max(len(old_items), len(new_items))):
            before = old_items[index] if index < len(old_items) else None
            after = new_items[index] if index < len(new_items) else None
            where = f"{path}[{index}]"
            if before is None or after is None:
                changes.append(Change(where, _item(before), _item(after)))
            else:
                _compare(before, after, where, changes)
        return
    if isinstance(old, dict) or isinstance(new, dict):
        changes.append(Change(path, "details" if old else "", "details" if new else ""))
        return
    if _long(old) and _long(new):
        changes.append(Change(path, "text edited", "text edited"))
        return
    changes.append(Change(path, _words(old), _words(new)))


def _items(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _item(value: Any) -> str:
    """A list item named by its most telling field: a name, a title, a date."""
    if value is None:
        return ""
    for key in _NAMING:
        if isinstance(value, dict) and value.get(key):
            return _words(value[key])
    return "an entry"


def _long(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > _SHORT or "\n" in value.strip())


def _words(value: Any) -> str:
    if value is None or value == []:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, list):
        return "; ".join(_words(item) for item in value)
    text = " ".join(str(value).split())
    if _CODE.match(text):
        return text.replace("-", " ")
    if len(text) > _SHORT:
        text = text[: _SHORT - 1] + "…"
    return f"“{text}”"
