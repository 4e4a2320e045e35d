"""What a template of each kind may name: the view model, described from the code itself.

The description is never a hand-written list. It is read from what the renderer really gives
templates:

1. A case is *synthesised* from the pydantic case model (``model.Case``): every field filled in
   (a "full" case), the same with every confidentiality flag set, and a "sparse" case with only
   required values, whose gaps become :class:`~permdocs.missing.Missing` markers. Synthesising
   from the model, rather than reading a sample folder, means a field added to the model is in
   the description at once, and the check works in an installed copy with no samples.
2. Each case goes through the real view builders (``viewmodel.build_view`` and
   ``document_context`` for reports, ``letters.letter_context`` for letters, with each letter's
   own audience), as a final document and as a draft.
3. Each context is walked: dataclasses by their declared field types (so an empty list still
   describes its items), lists to the shape of their items, dicts by their keys, and a
   ``Missing`` marker to the case field it stands for. The descriptions of the variants are
   merged; a name present in some contexts only (a birth parent's letter is given the carers'
   names only when the placement is not confidential) is marked *optional*.

Descriptions for the field reference come from the view dataclasses' attribute docstrings, then
from the case model's field descriptions (``fields.description_of``) for the case field a value is
drawn from.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import textwrap
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from ..model.fields import normalise
from ..policy.documents import DocumentKind, checked_kinds

ShapeKind = Literal["group", "list", "mapping", "tuple", "text", "flag", "number", "any"]

# Every date in a synthesised case, and the date documents are prepared on: the child is five.
_SYNTHETIC_DATE = date(2020, 1, 6)
_AS_OF = date(2025, 1, 6)
_SYNTHETIC_TEXT = "Example"


@dataclass
class Shape:
    """What one value in a template's context is."""

    kind: ShapeKind
    type_name: str = ""
    """The view class for a group ("ChildView")."""
    description: str = ""
    members: dict[str, Member] = field(default_factory=dict)
    """A group's fields or a mapping's keys."""
    element: Shape | None = None
    """A list's items, or a mapping's values."""
    items: tuple[Shape, ...] = ()
    """A tuple's items (the pairs ``.items()`` gives)."""
    may_be_missing: bool = False
    """Text that is a Missing marker when the case does not hold it yet."""
    source: str = ""
    """The case field a missing value stands for (``child.gender``)."""
    choices: tuple[str, ...] = ()

    def member(self, name: str) -> Member | None:
        return self.members.get(name) if self.kind in ("group", "mapping") else None


@dataclass
class Member:
    shape: Shape
    optional: bool = False
    """Present in some contexts of the kind only: guard it with ``{% if NAME is defined %}``."""
    description: str = ""


ANY = Shape("any")
TEXT = Shape("text")
FLAG = Shape("flag")
NUMBER = Shape("number")


@dataclass
class ContextSchema:
    """Every name one kind of template may use."""

    kind: str
    audience: str
    roots: Shape
    """A group whose members are the context's top-level names."""

    def paths(self) -> Iterator[tuple[str, Member]]:
        """Every dotted path (``siblings[].name``) with its member, depth first."""
        yield from _paths("", self.roots)


def _paths(prefix: str, shape: Shape) -> Iterator[tuple[str, Member]]:
    for name, member in shape.members.items():
        path = f"{prefix}.{name}" if prefix else name
        yield path, member
        yield from _walk_below(path, member.shape)


def _walk_below(path: str, shape: Shape) -> Iterator[tuple[str, Member]]:
    if shape.kind in ("group", "mapping"):
        yield from _paths(path, shape)
    elif shape.kind == "list" and shape.element is not None:
        yield from _walk_below(path + "[]", shape.element)


# --- describing values ------------------------------------------------------------------------


def describe(value: Any, declared: Any = None) -> Shape:
    """The shape of ``value``, using its declared type where the value alone cannot tell."""
    from ..render.missing import Missing

    declared = _strip_annotated(declared)
    if isinstance(value, Missing):
        return _scalar(value, declared)
    cls = _dataclass_of(value, declared)
    if cls is not None:
        return _describe_dataclass(cls, value if isinstance(value, cls) else None)
    origin = typing.get_origin(declared)
    if isinstance(value, list | tuple) or origin is list:
        args = typing.get_args(declared) if origin is list else ()
        element_type = args[0] if args else None
        items = list(value) if isinstance(value, list | tuple) else []
        shapes = [describe(item, element_type) for item in items] or [describe(None, element_type)]
        return Shape("list", element=merge_all(shapes))
    if isinstance(value, dict) or origin is dict:
        args = typing.get_args(declared) if origin is dict else ()
        value_type = args[1] if len(args) == 2 else None
        entries = value if isinstance(value, dict) else {}
        members = {str(key): Member(describe(item, value_type)) for key, item in entries.items()}
        element = merge_all(
            [member.shape for member in members.values()] or [describe(None, value_type)]
        )
        return Shape("mapping", members=members, element=element)
    return _scalar(value, declared)


def _describe_dataclass(cls: type, value: Any) -> Shape:
    hints = _hints(cls)
    docs = attribute_docs(cls)
    members: dict[str, Member] = {}
    for item in fields(cls):
        current = getattr(value, item.name) if value is not None else None
        members[item.name] = Member(
            describe(current, hints.get(item.name)), description=docs.get(item.name, "")
        )
    return Shape("group", type_name=cls.__name__, description=class_doc(cls), members=members)


def _scalar(value: Any, declared: Any) -> Shape:
    from ..render.missing import Missing

    options = _union_options(declared) if declared is not None else []
    missing = any(option is Missing for option in options) or isinstance(value, Missing)
    options = [option for option in options if option is not Missing and option is not type(None)]
    choices: tuple[str, ...] = ()
    kinds: set[ShapeKind] = set()
    for option in options:
        if typing.get_origin(option) is Literal:
            choices += tuple(str(arg) for arg in typing.get_args(option))
            kinds.add("text")
        else:
            kinds.add(_kind_of_type(option))
    if not kinds and value is not None and not isinstance(value, Missing):
        kinds.add(_kind_of_type(type(value)))
    if not kinds and isinstance(value, Missing):
        kinds.add("text")
    kind: ShapeKind = kinds.pop() if len(kinds) == 1 else "any"
    return Shape(
        kind,
        may_be_missing=missing and kind == "text",
        source=normalise(value.path) if isinstance(value, Missing) else "",
        choices=choices,
    )


def _kind_of_type(option: Any) -> ShapeKind:
    if option is bool:
        return "flag"
    if option in (int, float):
        return "number"
    if option is str or option is date:
        return "text"  # dates print as "6 January 2020" (jinja_env.finalize_for_word)
    if isinstance(option, type) and issubclass(option, str):
        return "text"
    return "any"


def _union_options(declared: Any) -> list[Any]:
    origin = typing.get_origin(declared)
    if origin in (typing.Union, types.UnionType):
        found: list[Any] = []
        for arg in typing.get_args(declared):
            found += _union_options(_strip_annotated(arg))
        return found
    return [declared]


def _strip_annotated(declared: Any) -> Any:
    while typing.get_origin(declared) is typing.Annotated:
        declared = typing.get_args(declared)[0]
    return declared


def _dataclass_of(value: Any, declared: Any) -> type | None:
    if is_dataclass(value) and not isinstance(value, type):
        return type(value)
    if isinstance(declared, type) and is_dataclass(declared):
        return declared
    return None


@cache
def _hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except (NameError, TypeError):  # an annotation that cannot be resolved: use the values
        return {}


@cache
def attribute_docs(cls: type) -> dict[str, str]:
    """A dataclass's attribute docstrings (the string literal under a field), by field name.

    Read from the source, so in an installation without sources they are simply absent.
    """
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    docs: dict[str, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        body = node.body
        for previous, current in itertools.pairwise(body):
            if (
                isinstance(previous, ast.AnnAssign)
                and isinstance(previous.target, ast.Name)
                and isinstance(current, ast.Expr)
                and isinstance(current.value, ast.Constant)
                and isinstance(current.value.value, str)
            ):
                docs[previous.target.id] = " ".join(current.value.value.split())
        break
    return docs


def class_doc(cls: type) -> str:
    doc = cls.__doc__ or ""
    # A dataclass without a docstring gets its signature as one; that is not a description.
    if doc.startswith(f"{cls.__name__}("):
        return ""
    return " ".join(doc.split("\n\n")[0].split())


# --- merging ----------------------------------------------------------------------------------


def merge_all(shapes: Iterable[Shape]) -> Shape:
    found: Shape | None = None
    for shape in shapes:
        found = shape if found is None else merge(found, shape)
    return found if found is not None else Shape("any")


def merge(a: Shape, b: Shape) -> Shape:
    """One shape for values seen as ``a`` in one context and ``b`` in another."""
    if a.kind == "any" and not a.members:
        return _copy(b)
    if b.kind == "any" and not b.members:
        return _copy(a)
    if a.kind != b.kind:
        return Shape("any", description=a.description or b.description)
    members: dict[str, Member] = {}
    for name in [*a.members, *(n for n in b.members if n not in a.members)]:
        first, second = a.members.get(name), b.members.get(name)
        if first is not None and second is not None:
            members[name] = Member(
                merge(first.shape, second.shape),
                optional=first.optional or second.optional,
                description=first.description or second.description,
            )
        else:
            only = first or second
            assert only is not None
            members[name] = Member(_copy(only.shape), optional=True, description=only.description)
    element = None
    if a.element is not None and b.element is not None:
        element = merge(a.element, b.element)
    else:
        element = a.element or b.element
    items = a.items if len(a.items) == len(b.items) else ()
    return Shape(
        a.kind,
        type_name=a.type_name or b.type_name,
        description=a.description or b.description,
        members=members,
        element=element,
        items=items,
        may_be_missing=a.may_be_missing or b.may_be_missing,
        source=a.source or b.source,
        choices=tuple(dict.fromkeys(a.choices + b.choices)),
    )


def _copy(shape: Shape) -> Shape:
    return Shape(
        shape.kind,
        type_name=shape.type_name,
        description=shape.description,
        members={
            name: Member(_copy(m.shape), m.optional, m.description)
            for name, m in shape.members.items()
        },
        element=_copy(shape.element) if shape.element is not None else None,
        items=shape.items,
        may_be_missing=shape.may_be_missing,
        source=shape.source,
        choices=shape.choices,
    )


def same_shape(a: Shape, b: Shape) -> bool:
    """Whether two shapes offer a template exactly the same names (descriptions aside)."""
    if a.kind != b.kind or set(a.members) != set(b.members):
        return False
    for name, member in a.members.items():
        other = b.members[name]
        if member.optional != other.optional or not same_shape(member.shape, other.shape):
            return False
    if (a.element is None) != (b.element is None):
        return False
    return a.element is None or b.element is None or same_shape(a.element, b.element)


# --- synthesising cases -----------------------------------------------------------------------

Variant = Literal["full", "confidential", "sparse"]
VARIANTS: tuple[Variant, ...] = ("full", "confidential", "sparse")


def synthetic_case(variant: Variant) -> Any:
    """A case built from the model alone: every field filled ("full"), the same with the
    confidentiality flags set ("confidential"), or only what the model requires ("sparse")."""
    from ..model import Case

    return _synthesise(Case, variant)


def _synthesise(model: type[BaseModel], variant: Variant) -> BaseModel:
    values = {
        name: _value_for(info.annotation, variant, name)
        for name, info in model.model_fields.items()
    }
    # model_construct: the values are made to fit the types, and cross-field rules (an agency
    # only for agency carers) do not matter for which names a template may use.
    return model.model_construct(**values)


def _value_for(annotation: Any, variant: Variant, name: str) -> Any:
    annotation = _strip_annotated(annotation)
    options = [
        _strip_annotated(arg)
        for arg in _union_options(annotation)
        if _strip_annotated(arg) is not type(None)
    ]
    optional = len(options) < len(_union_options(annotation))
    inner = options[0] if options else annotation
    is_model = isinstance(inner, type) and issubclass(inner, BaseModel)
    if optional and variant == "sparse" and not is_model:
        return None
    if is_model:
        return _synthesise(inner, variant)
    origin = typing.get_origin(inner)
    if origin is list:
        (item,) = typing.get_args(inner) or (str,)
        return [_value_for(item, variant, name)]
    if origin is dict:
        return {}
    if origin is Literal:
        return typing.get_args(inner)[0]
    if inner is bool:
        # The confidential variant restricts everything a birth parent must not see; the others
        # leave the flags off so the context shows what a non-confidential case is given.
        return variant == "confidential" or (variant == "full" and "confidential" not in name)
    if inner is int:
        return 1
    if inner is date:
        return _SYNTHETIC_DATE
    return _SYNTHETIC_TEXT


# --- the contexts of each kind ----------------------------------------------------------------


def template_kinds() -> dict[str, DocumentKind]:
    """Every kind a template can be for, by name: the reports, the letters, then the panel
    pack's index page."""
    from ..policy.documents import PANEL_PACK

    return {kind.kind: kind for kind in (*checked_kinds(), PANEL_PACK)}


@dataclass(frozen=True)
class _Declared:
    """A context value known by its type alone."""

    type: Any


def _pack_index_type() -> Any:
    # The pack's index page is rendered with the report context plus ``pack``, the view
    # ``render_index`` is given; its type is read from that function's signature.
    from ..pack.index import render_index

    return typing.get_type_hints(render_index)["index"]


def sample_contexts(kind: DocumentKind) -> Iterator[dict[str, Any]]:
    """The contexts a ``kind`` template is described from: each synthetic case (full,
    confidential, sparse), final and draft. The pack index's ``pack`` is only declared here (a
    :class:`_Declared` type); ``lint.trial`` gives it a real value to render with."""
    return _contexts(kind)


def is_declared(value: Any) -> bool:
    return isinstance(value, _Declared)


def _contexts(kind: DocumentKind) -> Iterator[dict[str, Any]]:
    from ..load.profiles import load_profile
    from ..render.viewmodel import build_view, document_context

    profile = load_profile("default")
    for variant in VARIANTS:
        case = synthetic_case(variant)
        view = build_view(case, profile, as_of=_AS_OF)
        for draft in (False, True):
            if kind.family == "letter":
                yield _letter_context(kind, case, profile, view, draft)
            elif kind.family == "pack":
                context = document_context(view, kind, draft=draft, as_of=_AS_OF)
                yield {**context, "pack": _Declared(_pack_index_type())}
            else:
                yield document_context(view, kind, draft=draft, as_of=_AS_OF)


def _letter_context(
    kind: DocumentKind, case: Any, profile: Any, view: Any, draft: bool
) -> dict[str, Any]:
    from ..letters.context import letter_context
    from ..letters.plan import LETTER_KINDS, LetterPlan, PlannedLetter, Recipient

    letter_kind = LETTER_KINDS.get(kind.kind, kind)
    planned = PlannedLetter(
        letter_kind,
        Recipient(letter_kind.audience, _SYNTHETIC_TEXT, f"Dear {_SYNTHETIC_TEXT}"),
        parent_index=0 if letter_kind.audience == "birth-parent" else None,
    )
    context: dict[str, Any] = letter_context(
        planned,
        case=case,
        profile=profile,
        plan=LetterPlan((planned,), ()),
        view=view,
        draft=draft,
        as_of=_AS_OF,
    )
    return context


@cache
def schema_for(kind_name: str) -> ContextSchema:
    """The description of everything a ``kind_name`` template may use."""
    kind = template_kinds()[kind_name]
    roots: Shape | None = None
    for context in _contexts(kind):
        shape = Shape(
            "group",
            type_name="context",
            members={name: _root_member(value) for name, value in context.items()},
        )
        roots = shape if roots is None else merge(roots, shape)
    assert roots is not None
    return ContextSchema(kind=kind.kind, audience=kind.audience, roots=roots)


def _root_member(value: Any) -> Member:
    shape = describe(None, value.type) if isinstance(value, _Declared) else describe(value)
    return Member(shape, description=shape.description)


@cache
def everything_schema() -> ContextSchema:
    """Every name any template of any audience but a birth parent's may use: what a name missing
    from a birth parent's letter is "restricted" against."""
    roots = merge_all(
        schema_for(name).roots
        for name, kind in template_kinds().items()
        if kind.audience != "birth-parent"
    )
    return ContextSchema(kind="*", audience="*", roots=roots)
