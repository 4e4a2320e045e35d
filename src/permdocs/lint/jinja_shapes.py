"""What Jinja's own pieces give a template, as shapes: loop variables, filters by what they
return, constants, and ``is defined`` guards (used by ``names`` to follow every expression).
"""

from __future__ import annotations

from jinja2 import nodes

from .schema import ANY, FLAG, NUMBER, TEXT, Member, Shape

_LOOP_NUMBERS = ("index", "index0", "revindex", "revindex0", "length", "depth", "depth0")


_LOOP_FLAGS = ("first", "last")


_LOOP_OTHER = ("cycle", "changed", "previtem", "nextitem")


_MAPPING_METHODS = frozenset({"items", "keys", "values", "get"})


_ELEMENT_FILTERS = frozenset({"first", "last", "random", "min", "max"})


_SAME_FILTERS = frozenset(
    {"sort", "reverse", "unique", "list", "select", "reject", "selectattr", "rejectattr"}
)


_NUMBER_FILTERS = frozenset({"length", "count", "wordcount", "int", "float", "sum", "round", "abs"})


_TEXT_FILTERS = frozenset(
    {
        "join",
        "string",
        "upper",
        "lower",
        "title",
        "capitalize",
        "trim",
        "replace",
        "truncate",
        "center",
        "format",
        "indent",
        "wordwrap",
        "striptags",
        "urlencode",
        "escape",
        "e",
        "forceescape",
        "filesizeformat",
    }
)


_ATTRIBUTE_FILTERS = frozenset(
    {"map", "sort", "sum", "join", "groupby", "unique", "min", "max", "selectattr", "rejectattr"}
)


def _loop_shape(element: Shape | None) -> Shape:
    members = {name: Member(NUMBER) for name in _LOOP_NUMBERS}
    members.update({name: Member(FLAG) for name in _LOOP_FLAGS})
    members.update({name: Member(ANY) for name in _LOOP_OTHER})
    if element is not None:
        members["previtem"] = Member(element)
        members["nextitem"] = Member(element)
    return Shape("group", type_name="loop", members=members)


def defined_guards(test: nodes.Node) -> tuple[frozenset[str], frozenset[str]]:
    """The names known to be defined when ``test`` is true, and when it is false."""
    if isinstance(test, nodes.Test) and test.name in ("defined", "undefined"):
        written = _written(test.node)
        names = frozenset({written}) if written else frozenset()
        return (names, frozenset()) if test.name == "defined" else (frozenset(), names)
    if isinstance(test, nodes.Not):
        positive, negative = defined_guards(test.node)
        return negative, positive
    if isinstance(test, nodes.And):
        left, _ = defined_guards(test.left)
        right, _ = defined_guards(test.right)
        return left | right, frozenset()
    if isinstance(test, nodes.Or):
        _, left = defined_guards(test.left)
        _, right = defined_guards(test.right)
        return frozenset(), left | right
    return frozenset(), frozenset()


def _written(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        inner = _written(node.node)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def _keyword(node: nodes.Filter, name: str) -> str | None:
    for keyword in node.kwargs:
        if keyword.key == name and isinstance(keyword.value, nodes.Const):
            value = keyword.value.value
            return value if isinstance(value, str) else None
    return None


def _const_shape(value: object) -> Shape:
    if isinstance(value, bool):
        return FLAG
    if isinstance(value, int | float):
        return NUMBER
    if isinstance(value, str):
        return TEXT
    return ANY


def _resolves(roots: Shape, path: str) -> bool:
    shape: Shape | None = roots
    for step in path.replace("[]", ".[]").split("."):
        if shape is None or not step:
            return False
        if step == "[]":
            shape = shape.element
            continue
        member = shape.members.get(step) if shape.kind in ("group", "mapping") else None
        shape = member.shape if member is not None else None
    return shape is not None


def _deeper(shape: Shape, attr: str) -> str:
    """``education.school`` for ``school`` asked of the child: the name one level further down."""
    if shape.kind not in ("group", "mapping"):
        return ""
    for name, member in shape.members.items():
        inner = member.shape
        if inner.kind in ("group", "mapping") and attr in inner.members:
            return f"{name}.{attr}"
    return ""
