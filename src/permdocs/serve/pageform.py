"""A page's form: what the file holds or what was submitted, part by part, laid over the case;
"add another" and "remove"; and the words a page uses for its fields and values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..render.formatting import uk_date
from .forms import (
    FormRead,
    Path,
    Spec,
    Widget,
    build_widgets,
    field_id,
    label_for,
    overlay,
    place,
    read_form,
    singular,
    value_at,
)
from .sections import Section


@dataclass
class SectionForm:
    """A page's fields: what the file holds, or what was submitted, part by part."""

    section: Section
    reads: list[FormRead] = field(default_factory=list)

    @classmethod
    def from_data(cls, section: Section, data: dict[str, Any]) -> SectionForm:
        reads = []
        for part in section.parts:
            value = value_at(data, part.base)
            reads.append(FormRead(value if isinstance(value, dict) else {}))
        return cls(section, reads)

    @classmethod
    def from_request(cls, section: Section, values: Any, *, keep_blank: bool) -> SectionForm:
        reads = [
            read_form(part.spec(), part.base, values, keep_blank_items=keep_blank)
            for part in section.parts
        ]
        return cls(section, reads)

    def widgets(self) -> list[Widget]:
        return [
            build_widgets(
                part.spec(),
                part.base,
                read.data,
                origins=read.origins,
                typed_dates=read.typed_dates,
            )
            for part, read in zip(self.section.parts, self.reads, strict=True)
        ]

    def merged(self, data: dict[str, Any]) -> dict[str, Any]:
        merged = data
        for part, read in zip(self.section.parts, self.reads, strict=True):
            # Laid over what the earlier parts made: a part at the case's root (the education
            # page's school_confidential) would otherwise put back the file's other groups as
            # they were, undoing the parts before it.
            old = value_at(merged, part.base)
            new = overlay(old, read.data, part.spec(), at=part.base, origins=read.origins)
            merged = place(merged, part.base, new)
        return merged

    def origins(self) -> dict[Path, list[int | None]]:
        found: dict[Path, list[int | None]] = {}
        for read in self.reads:
            found.update(read.origins)
        return found

    def problems(self) -> dict[Path, str]:
        found: dict[Path, str] = {}
        for read in self.reads:
            found.update(read.problems)
        return found

    def act(self, action: str) -> str:
        """Add an item to a list or remove one; returns the id to move focus to."""
        verb, _, target = action.partition(":")
        path = tuple(int(p) if p.isdigit() else p for p in target.split("."))
        for part, read in zip(self.section.parts, self.reads, strict=True):
            if path[: len(part.base)] != part.base:
                continue
            inner = path[len(part.base) :]
            if verb == "add":
                items = value_at(read.data, inner)
                spec = _spec_at(part.spec(), inner)
                if spec is None or spec.kind != "list":
                    continue
                if not isinstance(items, list):
                    items = []
                    _set_at(read.data, inner, items)
                if spec.max_items is not None and len(items) >= spec.max_items:
                    return field_id(path) + "-add"
                items.append({} if spec.item is not None and spec.item.kind == "group" else None)
                read.origins.setdefault(path, [None] * (len(items) - 1)).append(None)
                new_path = (*path, len(items) - 1)
                widget = build_widgets(spec.item, new_path, items[-1]) if spec.item else None
                return widget.target_id if widget is not None else ""
            if verb == "remove" and inner and isinstance(inner[-1], int):
                items = value_at(read.data, inner[:-1])
                index = inner[-1]
                if isinstance(items, list) and 0 <= index < len(items):
                    del items[index]
                    known = read.origins.get(path[:-1])
                    if known is not None and index < len(known):
                        del known[index]
                    _shift(read, path[:-1], index)
                return field_id(path[:-1]) + "-add"
        return ""


def _shift(read: FormRead, list_path: Path, removed: int) -> None:
    """Renumber what was typed into dates (and nested lists' origins) after an item is removed."""
    depth = len(list_path)
    for table in (read.typed_dates, read.origins):
        moved: dict[Any, Any] = {}
        for key in list(table):
            if key[:depth] == list_path and len(key) > depth and isinstance(key[depth], int):
                value = table.pop(key)
                index = int(key[depth])
                if index == removed:
                    continue
                new_index = index - 1 if index > removed else index
                moved[(*list_path, new_index, *key[depth + 1 :])] = value
        table.update(moved)


def _spec_at(spec: Spec, path: Sequence[str | int]) -> Spec | None:
    current: Spec | None = spec
    for part in path:
        if current is None:
            return None
        current = current.child(part)
    return current


def _set_at(data: Any, path: Sequence[str | int], value: Any) -> None:
    current = data
    for part in path[:-1]:
        current = current[part]
    current[path[-1]] = value


def full_label(widget: Widget, by_path: Mapping[Path, Widget]) -> str:
    """A field's label with the groups it is in, below the page itself ("Court: case number")."""
    top = min(len(path) for path in by_path) if by_path else 0
    labels: list[str] = []
    for depth in range(top + 1, len(widget.path) + 1):
        ancestor = by_path.get(widget.path[:depth])
        if ancestor is None or (ancestor.spec.kind == "list" and ancestor is not widget):
            continue  # a list's items carry its name ("LAC review 2")
        labels.append(ancestor.label if not labels else ancestor.inline_label)
    return ": ".join(labels) if labels else widget.label


def path_label(path: Path) -> str:

    words: list[str] = []
    for part in path:
        if isinstance(part, int) and words:
            item = singular(words[-1])
            words[-1] = f"{item[:1].upper()}{item[1:]} {part + 1}"
        else:
            words.append(label_for(str(part)))
    return ": ".join(words[-3:])


def shown_value(widget: Widget) -> str:
    if widget.spec.kind == "date":
        day, month, year = widget.value
        if not (day or month or year):
            return ""
        try:
            return uk_date(date(int(year), int(month), int(day)))
        except ValueError:
            return f"{day}/{month}/{year}"
    if widget.spec.kind in ("yesno", "choice"):
        for value, label in widget.spec.choices:
            if value == widget.value:
                return label
        return str(widget.value or "")
    return str(widget.value or "")
