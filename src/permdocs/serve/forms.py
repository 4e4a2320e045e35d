"""Forms generated from the case model, and form values read back into plain case data.

Every page is made by walking the pydantic model (:func:`group_spec`): a ``Line`` becomes a text
input, ``Text`` a textarea with a character count, a ``Date`` the GOV.UK day/month/year inputs,
``YesNo`` and ``Literal`` radios, a sub-model a fieldset, and a list "add another" items. A new
field in the model appears on its page with no change here.

What a form sends back is read (:func:`read_form`) into the *plain data* a case file holds, the
same shape the faithful loader produces from YAML: text as text, dates as ``YYYY-MM-DD``, yes/no as
``true``/``false``, nothing as ``None``. That data is overlaid on the file's own data
(:func:`overlay`), keeping every value whose meaning did not change exactly as it was written (a
date typed ``14/03/2025`` stays so), and then validated by the same code as the command line.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..model import Case
from ..model.types import MAX_LINE_CHARS, MAX_TEXT_CHARS, FieldValueError, check_line, parse_date
from ..render.formatting import (
    DECISION_LABELS,
    LEGAL_STATUS_LABELS,
    OPTION_LABELS,
    OUTCOME_LABELS,
    PARENT_ROLE_LABELS,
    ROUTE_LABELS,
)

Kind = Literal["line", "text", "date", "yesno", "choice", "group", "list"]
Path = tuple[str | int, ...]

# Labels for coded values, where the documents already word them; the rest are spelt out.
_CHOICE_LABELS: Mapping[str, Mapping[str, str]] = {
    "legal_status": LEGAL_STATUS_LABELS,
    "route": ROUTE_LABELS,
    "permanence_plan": OPTION_LABELS,
    "option": OPTION_LABELS,
    "outcome": {**OUTCOME_LABELS, **DECISION_LABELS},
    "role": PARENT_ROLE_LABELS,
}
_WORDS = {
    "iro": "IRO",
    "ppm": "PPM",
    "adm": "ADM",
    "lac": "LAC",
    "ehcp": "EHCP",
    "pep": "PEP",
    "childs": "child's",
    "part2": "Part 2",
    "part3": "Part 3",
    "ifa": "IFA",
}
NOT_KNOWN = ""
"""The radio value of "Not known yet" for a question that may be left unanswered."""


@dataclass(frozen=True)
class Spec:
    """One field of the case model, as a form shows it."""

    name: str
    kind: Kind
    label: str
    hint: str = ""
    required: bool = False
    """The model requires a value (no default)."""
    nullable: bool = False
    default: Any = None
    """The model's default for a yes/no or text value (None where there is none)."""
    choices: tuple[tuple[str, str], ...] = ()
    children: tuple[Spec, ...] = ()
    item: Spec | None = None
    min_items: int = 0
    max_items: int | None = None
    max_chars: int = 0

    def child(self, name: str | int) -> Spec | None:
        if self.kind == "list":
            return self.item
        for spec in self.children:
            if spec.name == name:
                return spec
        return None

    @property
    def item_label(self) -> str:
        """What one item of a list is called, e.g. "LAC review" for lac_reviews."""
        return singular(self.label)


def label_for(name: str) -> str:
    """``date_of_birth`` -> "Date of birth"; ``iro_view`` -> "IRO view"."""
    words = [_WORDS.get(word, word) for word in name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def singular(label: str) -> str:
    """What one item of a list is called: "Siblings" -> "Sibling", "LAC reviews" -> "LAC review"."""
    special = {
        "Birth parents": "birth parent",
        "Significant people": "significant person",
        "Siblings": "brother or sister",
        "Carers": "carer",
        "Household": "household member",
        "Attending": "person attending",
        "Parallel plans": "parallel plan",
        "Expert reports": "expert report",
        "Lines": "address line",
        "Options considered": "option considered",
        "Previous appearances": "previous panel appearance",
        "Support plan": "support plan row",
        "Sign offs": "sign-off",
        "Invitees": "invitee",
        "Attendees": "attendee",
        "Attachments": "attachment",
    }
    if label in special:
        return special[label]
    word = label[:-1] if label.endswith("s") else label
    return word if word[:3].isupper() else word[:1].lower() + word[1:]


def _hint(description: str | None, label: str) -> str:
    """The model's description, unless it only repeats the label."""
    text = (description or "").strip()
    if text.rstrip(".").casefold() == label.casefold():
        return ""
    return text


def _strip_none(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(options) == 1:
            return options[0], True
    return annotation, False


def _strip_annotated(annotation: Any) -> tuple[Any, list[Any]]:
    validators: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        validators += [getattr(item, "func", None) for item in metadata]
        annotation = base
    return annotation, validators


def _bounds(info: FieldInfo) -> tuple[int, int | None]:
    low, high = 0, None
    for item in info.metadata:
        low = getattr(item, "min_length", None) or low
        high = getattr(item, "max_length", None) or high
    return low, high


def field_spec(name: str, info: FieldInfo) -> Spec:
    """The form field for one model field."""
    label = label_for(name)
    annotation, nullable = _strip_none(info.annotation)
    default = None if info.is_required() else info.get_default(call_default_factory=False)
    # pydantic keeps a required field's Annotated validators in its metadata, not its annotation.
    metadata = [getattr(item, "func", None) for item in info.metadata]
    base_spec = _spec_of(name, annotation, label, _hint(info.description, label), metadata)
    low, high = _bounds(info)
    return Spec(
        name=name,
        kind=base_spec.kind,
        label=label,
        hint=base_spec.hint,
        required=info.is_required(),
        nullable=nullable,
        default=default if isinstance(default, bool | str) else None,
        choices=base_spec.choices,
        children=base_spec.children,
        item=base_spec.item,
        min_items=low,
        max_items=high,
        max_chars=base_spec.max_chars,
    )


def _spec_of(
    name: str, annotation: Any, label: str, hint: str, metadata: Sequence[Any] = ()
) -> Spec:
    base, validators = _strip_annotated(annotation)
    validators += list(metadata)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return Spec(name, "group", label, hint, children=model_specs(base))
    if typing.get_origin(base) is list:
        item = _spec_of("", typing.get_args(base)[0], singular(label), "")
        return Spec(name, "list", label, hint, item=item)
    if base is date:
        return Spec(name, "date", label, hint)
    if base is bool:
        return Spec(name, "yesno", label, hint, choices=(("true", "Yes"), ("false", "No")))
    if typing.get_origin(base) is typing.Literal:
        labels = _CHOICE_LABELS.get(name, {})
        values = [str(value) for value in typing.get_args(base)]
        choices = tuple(
            (value, labels.get(value) or label_for(value.replace("-", "_"))) for value in values
        )
        if all(value in hint for value in values):
            hint = ""  # a description that only lists the codes: the radios say it better
        return Spec(name, "choice", label, hint, choices=choices)
    if check_line in validators:
        return Spec(name, "line", label, hint, max_chars=MAX_LINE_CHARS)
    return Spec(name, "text", label, hint, max_chars=MAX_TEXT_CHARS)


def model_specs(model: type[BaseModel]) -> tuple[Spec, ...]:
    return tuple(field_spec(name, info) for name, info in model.model_fields.items())


def model_at(path: Sequence[str]) -> type[BaseModel]:
    """The model class of the group at ``path`` (names only), e.g. ("carers",) -> Carers."""
    current: type[BaseModel] = Case
    for name in path:
        annotation, _ = _strip_none(current.model_fields[name].annotation)
        base, _ = _strip_annotated(annotation)
        if not (isinstance(base, type) and issubclass(base, BaseModel)):
            raise KeyError(f"{'.'.join(path)} is not a group of fields")
        current = base
    return current


def group_spec(path: Sequence[str], names: Iterable[str] | None = None) -> Spec:
    """A page: the fields ``names`` (default: all) of the group at ``path``."""
    model = model_at(path)
    wanted = list(names) if names is not None else list(model.model_fields)
    children = tuple(field_spec(name, model.model_fields[name]) for name in wanted)
    if not path:
        return Spec("", "group", "Case", children=children)
    parent = model_at(path[:-1])
    info = parent.model_fields[path[-1]]
    spec = field_spec(path[-1], info)
    return Spec(
        spec.name, "group", spec.label, spec.hint, spec.required, spec.nullable, children=children
    )


# ------------------------------------------------------------------------------- form names


def form_name(path: Path) -> str:
    return ".".join(str(part) for part in path)


def field_id(path: Path) -> str:
    return "f-" + "-".join(str(part) for part in path) if path else "f-page"


def on_a_page(path: Path) -> bool:
    """Whether ``path`` is a field of the case model (so some page shows it). A misspelt key
    typed into the file (``gendre``) is not: it can only be corrected in the file itself."""
    spec: Spec | None = group_spec(())
    for part in path:
        if spec is None:
            return False
        spec = spec.child(part) if spec.kind in ("group", "list") else None
    return spec is not None


def parse_field(field_path: str) -> Path:
    """``child.lac_reviews[0].date`` (a problem's field) -> ("child", "lac_reviews", 0, "date")."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field_path):
        parts.append(int(index) if index else name)
    return tuple(parts)


# ------------------------------------------------------------------------------------ widgets


@dataclass
class Widget:
    """A field as one page shows it: its spec, where it is in the case, its value, its error."""

    spec: Spec
    path: Path
    value: Any = None
    """Text for text, choices and yes/no; (day, month, year) for a date; None for groups and lists."""
    children: list[Widget] = field(default_factory=list)
    origin: int | None = None
    """For a list item: its index in the file when the page was opened (None: added on this page)."""
    error: str = ""

    @property
    def name(self) -> str:
        return form_name(self.path)

    @property
    def id(self) -> str:
        return field_id(self.path)

    @property
    def target_id(self) -> str:
        """The element an error summary's link moves focus to."""
        if self.spec.kind == "date":
            return self.id + "-day"
        if self.spec.kind in ("group", "list"):
            for child in self.children:
                return child.target_id
            return self.id + "-add" if self.spec.kind == "list" else self.id
        return self.id

    @property
    def label(self) -> str:
        if self.spec.name == "" and self.path and isinstance(self.path[-1], int):
            return f"{self.spec.label[:1].upper()}{self.spec.label[1:]} {self.path[-1] + 1}"
        return self.spec.label

    @property
    def inline_label(self) -> str:
        """The label inside a sentence ("Remove brother or sister 1"); acronyms stay capitals."""
        text = self.label
        first = text.split(" ", 1)[0]
        return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]

    def walk(self) -> Iterator[Widget]:
        yield self
        for child in self.children:
            yield from child.walk()


_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_UK = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2,4})\s*$")


def split_date(value: Any) -> tuple[str, str, str]:
    """A date as written in the file -> its day, month and year as the inputs show them."""
    if isinstance(value, date):
        return str(value.day), str(value.month), str(value.year)
    if not isinstance(value, str):
        return "", "", ""
    iso = _ISO.match(value)
    if iso:
        return iso[3], iso[2], iso[1]
    uk = _UK.match(value)
    if uk:
        return uk[1], uk[2], uk[3]
    return "", "", ""


def _scalar_text(value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def build_widgets(
    spec: Spec,
    path: Path,
    data: Any,
    *,
    origins: Mapping[Path, Sequence[int | None]] | None = None,
    typed_dates: Mapping[Path, tuple[str, str, str]] | None = None,
) -> Widget:
    """The widget tree of ``spec`` at ``path`` showing ``data`` (plain case data there)."""
    origins = origins or {}
    typed_dates = typed_dates or {}
    if spec.kind == "group":
        values = data if isinstance(data, dict) else {}
        return Widget(
            spec,
            path,
            children=[
                build_widgets(
                    child,
                    (*path, child.name),
                    values.get(child.name),
                    origins=origins,
                    typed_dates=typed_dates,
                )
                for child in spec.children
            ],
        )
    if spec.kind == "list":
        assert spec.item is not None
        items = list(data) if isinstance(data, list) else []
        known = list(origins.get(path, range(len(items))))
        while len(items) < spec.min_items:  # a list that needs an item shows an empty one
            items.append(None)
            known.append(None)
        widget = Widget(spec, path)
        for index, item in enumerate(items):
            child = build_widgets(
                spec.item, (*path, index), item, origins=origins, typed_dates=typed_dates
            )
            child.origin = known[index] if index < len(known) else None
            widget.children.append(child)
        return widget
    if spec.kind == "date":
        return Widget(spec, path, typed_dates.get(path) or split_date(data))
    if spec.kind in ("yesno", "choice"):
        text = _scalar_text(data)
        if data is None and isinstance(spec.default, bool):
            text = "true" if spec.default else "false"
        elif data is None and isinstance(spec.default, str):
            text = spec.default
        return Widget(spec, path, text)
    return Widget(spec, path, _scalar_text(data))


def attach_errors(root: Widget, errors: Mapping[Path, str]) -> list[tuple[Widget, str]]:
    """Put each error on the widget at its path (or its nearest ancestor shown on the page).

    Returns (widget, message) in page order, for the error summary; errors on no widget of the
    page are left out (the caller lists those separately).
    """
    by_path = {widget.path: widget for widget in root.walk()}
    placed: dict[int, list[str]] = {}
    for path, message in errors.items():
        if path[: len(root.path)] != root.path:
            continue
        probe = path
        while len(probe) > len(root.path) and probe not in by_path:
            probe = probe[:-1]
        if probe not in by_path or (probe == root.path and path != root.path):
            continue  # not a field of this page (the caller lists it elsewhere)
        placed.setdefault(id(by_path[probe]), []).append(message)
    found: list[tuple[Widget, str]] = []
    for widget in root.walk():
        messages = placed.get(id(widget))
        if messages:
            widget.error = "; ".join(dict.fromkeys(messages))
            found.append((widget, widget.error))
    return found


# ------------------------------------------------------------------------------- reading back


@dataclass
class FormRead:
    """A page's form, read back: the group's plain data, and what is needed to show it again."""

    data: dict[str, Any]
    origins: dict[Path, list[int | None]] = field(default_factory=dict)
    typed_dates: dict[Path, tuple[str, str, str]] = field(default_factory=dict)
    problems: dict[Path, str] = field(default_factory=dict)
    """Problems found before validation (a date with a part missing)."""


class FormData(typing.Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...


def read_form(spec: Spec, path: Path, form: FormData, *, keep_blank_items: bool) -> FormRead:
    """The plain data the form holds for the group ``spec`` at ``path``.

    Line breaks typed into a text box arrive as CRLF (browsers send them so) and are read as LF,
    as the YAML file holds them. Items of a list left entirely blank are dropped unless
    ``keep_blank_items`` (the page is shown again after adding an item, which starts blank).
    """
    read = FormRead({})
    value = _read(spec, path, form, read, path, keep_blank_items)
    read.data = value if isinstance(value, dict) else {}
    return read


def _read(
    spec: Spec, path: Path, form: FormData, read: FormRead, at: Path, keep_blank: bool
) -> Any:
    name = form_name(path)
    if spec.kind == "group":
        return {
            child.name: _read(child, (*path, child.name), form, read, (*at, child.name), keep_blank)
            for child in spec.children
        }
    if spec.kind == "list":
        assert spec.item is not None
        keys = [key for key in str(form.get(name + ".__items", "")).split(",") if key.isdigit()]
        items: list[Any] = []
        origins: list[int | None] = []
        for key in keys:
            index = len(items)
            item = _read(spec.item, (*path, int(key)), form, read, (*at, index), keep_blank)
            if not keep_blank and is_blank(item, spec.item):
                _forget(read, (*at, index))
                continue
            origin = str(form.get(f"{name}.{key}.__origin", ""))
            items.append(item)
            origins.append(int(origin) if origin.isdigit() else None)
        read.origins[at] = origins
        return items
    if spec.kind == "date":
        parts = tuple(
            str(form.get(f"{name}.{part}", "") or "").strip() for part in ("day", "month", "year")
        )
        day, month, year = parts
        read.typed_dates[at] = (day, month, year)
        return _date_value(spec, day, month, year, read, at)
    raw = form.get(name)
    if raw is None:
        return None
    text = str(raw).replace("\r\n", "\n").replace("\r", "\n")
    if spec.kind in ("yesno", "choice") and text == NOT_KNOWN:
        return None
    return text if text != "" else None


def _forget(read: FormRead, prefix: Path) -> None:
    for table in (read.typed_dates, read.problems):
        for key in [key for key in table if key[: len(prefix)] == prefix]:
            del table[key]


def _date_value(spec: Spec, day: str, month: str, year: str, read: FormRead, at: Path) -> Any:
    given = {"day": day, "month": month, "year": year}
    if not any(given.values()):
        return None
    missing = [part for part, text in given.items() if not text]
    if missing:
        read.problems[at] = f"{spec.label} must include a {' and a '.join(missing)}"
        return None
    if not all(text.isdigit() for text in given.values()):
        read.problems[at] = f"{spec.label} must be a real date, written in numbers, e.g. 27 3 2025"
        return None
    typed = f"{day}/{month}/{year}"
    try:
        parsed = parse_date(typed)
    except FieldValueError:
        return typed  # validation reports it with the command line's words
    assert isinstance(parsed, date)
    return parsed.isoformat()


def is_blank(value: Any, spec: Spec | None) -> bool:
    """Nothing typed: no value, or only the model's defaults."""
    if value is None or value == "":
        return True
    if spec is not None and spec.default is not None and _same_scalar(value, spec.default, spec):
        return True
    if isinstance(value, dict):
        return all(
            is_blank(item, spec.child(key) if spec is not None else None)
            for key, item in value.items()
        )
    if isinstance(value, list):
        item = spec.item if spec is not None else None
        return all(is_blank(entry, item) for entry in value)
    return False


def has_required(spec: Spec) -> bool:
    return any(child.required for child in spec.children)


# --------------------------------------------------------------------------------- overlaying


class _Absent:
    """A key not in the file at all (as opposed to written with no value)."""

    def __repr__(self) -> str:
        return "<absent>"


ABSENT: Any = _Absent()


def overlay(
    old: Any,
    new: Any,
    spec: Spec,
    *,
    at: Path = (),
    origins: Mapping[Path, Sequence[int | None]] | None = None,
) -> Any:
    """``new`` (from a form) laid over ``old`` (the file's plain data at the same place).

    A value whose meaning did not change is ``old`` itself, so the file keeps it as written; keys
    the page does not show (including misspelt ones a person typed) are kept; a key the file did
    not have stays out when nothing was entered for it. Returns ABSENT for "leave the key out".
    """
    origins = origins or {}
    if spec.kind == "group":
        new_values = new if isinstance(new, dict) else {}
        if old is ABSENT and is_blank(new_values, spec):
            return ABSENT  # nothing entered where the file has nothing: it stays out
        if spec.nullable and is_blank(new_values, spec):
            if old is None:
                return old
            if has_required(spec) or not isinstance(old, dict):
                return None
        merged: dict[str, Any] = dict(old) if isinstance(old, dict) else {}
        for child in spec.children:
            before = merged.get(child.name, ABSENT)
            after = overlay(
                before,
                new_values.get(child.name),
                child,
                at=(*at, child.name),
                origins=origins,
            )
            if after is ABSENT:
                merged.pop(child.name, None)
            else:
                merged[child.name] = after
        if isinstance(old, dict) and merged == old:
            return old
        return merged
    if spec.kind == "list":
        assert spec.item is not None
        new_items = new if isinstance(new, list) else []
        old_items = old if isinstance(old, list) else []
        known = list(origins.get(at, range(len(new_items))))
        result = []
        for index, item in enumerate(new_items):
            origin = known[index] if index < len(known) else None
            before = old_items[origin] if origin is not None and origin < len(old_items) else ABSENT
            after = overlay(before, item, spec.item, at=(*at, index), origins=origins)
            result.append(None if after is ABSENT else after)
        if old is ABSENT and not result:
            return ABSENT
        if isinstance(old, list) and result == old:
            return old
        return result
    if old is ABSENT:
        if new is None or (spec.default is not None and _same_scalar(new, spec.default, spec)):
            return ABSENT
        return new
    return old if _same_scalar(old, new, spec) else new


def _same_scalar(old: Any, new: Any, spec: Spec) -> bool:
    """Whether two written values mean the same for this field (so the old is kept as written)."""
    if old is None or new is None:
        return old is None and new is None
    if spec.kind == "date":
        try:
            return bool(parse_date(old) == parse_date(new))
        except FieldValueError:
            return bool(old == new)
    if spec.kind == "yesno":
        return _yes_no(old) == _yes_no(new) and _yes_no(old) is not None
    return bool(old == new)


def _yes_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    return None


def place(data: dict[str, Any], path: Sequence[str], value: Any) -> dict[str, Any]:
    """A copy of the case's plain ``data`` with the group at ``path`` replaced by ``value``."""
    if not path:
        return dict(value) if isinstance(value, dict) else dict(data)
    result = dict(data)
    head, rest = path[0], path[1:]
    if rest:
        inner = result.get(head)
        result[head] = place(inner if isinstance(inner, dict) else {}, rest, value)
    elif value is ABSENT:
        result.pop(head, None)
    else:
        result[head] = value
    return result


def value_at(data: Any, path: Sequence[str | int]) -> Any:
    """The plain value at ``path`` (ABSENT where the file has nothing there)."""
    current = data
    for part in path:
        if isinstance(part, int) and isinstance(current, list) and part < len(current):
            current = current[part]
            continue
        if isinstance(part, str) and isinstance(current, dict) and part in current:
            current = current[part]
            continue
        return ABSENT
    return current
