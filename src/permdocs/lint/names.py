"""Every name a template uses, checked against what its kind of document is given.

The Jinja syntax tree of a template is walked with the scopes Jinja itself has: a
``{% for s in siblings %}`` binds ``s`` to an item of ``siblings`` (so ``s.nmae`` is checked
against what a sibling has), ``{% set %}`` and ``{% with %}`` bind names to what they are given,
macros bind their arguments, and ``loop`` exists only inside a loop. Each dotted path
(``child.education.school``) is followed through the kind's :class:`~.schema.ContextSchema`, so a
misspelt name anywhere in a path is found, with the nearest real name suggested.

A name that other documents are given but this one is not is reported as *restricted* rather than
unknown: for a birth parent's letter that is what keeps the carers' address and names and the
child's school out of the letter. A name present only in some cases (a birth parent's letter is
given ``carers`` only when the placement is not confidential) must be used under
``{% if NAME is defined %}``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from jinja2 import nodes

from ..model.versions import Contract
from .contract import current
from .jinja_shapes import (
    _ATTRIBUTE_FILTERS,
    _ELEMENT_FILTERS,
    _MAPPING_METHODS,
    _NUMBER_FILTERS,
    _SAME_FILTERS,
    _TEXT_FILTERS,
    _const_shape,
    _deeper,
    _keyword,
    _loop_shape,
    _resolves,
    _written,
    defined_guards,
)
from .schema import ANY, FLAG, NUMBER, TEXT, ContextSchema, Shape


@dataclass(frozen=True)
class Ref:
    """What an expression stands for."""

    shape: Shape | None
    """None when it cannot be known (or was already reported): nothing further is checked."""
    written: str
    """The expression as the template writes it: ``s.name``."""
    path: str = ""
    """The same, as a path in the context: ``siblings[].name``; "" when not from the context."""


@dataclass(frozen=True)
class NameIssue:
    line: int
    code: str
    subject: str
    message: str
    hint: str


_UNKNOWN = Ref(None, "")


class NameChecker:
    """Walks one part's syntax tree. ``restricted``: what other audiences are given, for a kind
    whose audience is given less (a birth parent's letter)."""

    def __init__(
        self,
        schema: ContextSchema,
        *,
        restricted: ContextSchema | None,
        globals_: Sequence[str],
        kind_title: str,
        contract: Contract | None = None,
    ) -> None:
        self.schema = schema
        self.contract = contract or current()
        self.renames: dict[str, str] = {}
        """Each renamed name the template uses, as written, and the same with the new name."""
        self.restricted = restricted
        self.globals = frozenset(globals_)
        self.kind_title = kind_title
        self.frames: list[dict[str, Ref]] = [{}]
        self.guards: list[frozenset[str]] = [frozenset()]
        self.testing_defined = False
        self.chain = ""
        """The whole dotted name being followed (``child.education.school``), for messages."""
        self.issues: list[NameIssue] = []
        self._seen: set[tuple[int, str, str]] = set()

    def check(self, tree: nodes.Template) -> list[NameIssue]:
        for node in tree.body:
            self.statement(node)
        # A restricted name needs removing, not guarding: say so once.
        restricted = {
            (i.line, i.subject.split(".")[0]) for i in self.issues if i.code == "restricted-field"
        }
        return [
            issue
            for issue in self.issues
            if issue.code != "unguarded-optional" or (issue.line, issue.subject) not in restricted
        ]

    # --- reporting ----------------------------------------------------------------------------

    def issue(self, node: nodes.Node, code: str, subject: str, message: str, hint: str) -> None:
        key = (node.lineno, code, subject)
        if key in self._seen:
            return
        self._seen.add(key)
        self.issues.append(NameIssue(node.lineno, code, subject, message, hint))

    # --- scopes -------------------------------------------------------------------------------

    @contextmanager
    def frame(self, bound: dict[str, Ref] | None = None) -> Iterator[dict[str, Ref]]:
        self.frames.append(dict(bound or {}))
        try:
            yield self.frames[-1]
        finally:
            self.frames.pop()

    @contextmanager
    def guarded(self, names: frozenset[str]) -> Iterator[None]:
        self.guards.append(self.guards[-1] | names)
        try:
            yield
        finally:
            self.guards.pop()

    def lookup_local(self, name: str) -> Ref | None:
        for frame in reversed(self.frames):
            if name in frame:
                return frame[name]
        return None

    def bind(self, target: nodes.Node, ref: Ref, into: dict[str, Ref]) -> None:
        if isinstance(target, nodes.Name):
            into[target.name] = Ref(ref.shape, target.name, ref.path)
        elif isinstance(target, nodes.Tuple):
            items = ref.shape.items if ref.shape is not None and ref.shape.kind == "tuple" else ()
            for index, item in enumerate(target.items):
                shape = items[index] if index < len(items) else ANY
                self.bind(item, Ref(shape, "", ref.path), into)
        # NSRef targets ({% set ns.x = ... %}) bind nothing new.

    # --- statements ---------------------------------------------------------------------------

    def statements(self, body: Sequence[nodes.Node]) -> None:
        for node in body:
            self.statement(node)

    def statement(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    continue
                self.printed(child, self.expr(child))
        elif isinstance(node, nodes.If):
            self.if_(node)
        elif isinstance(node, nodes.For):
            self.for_(node)
        elif isinstance(node, nodes.Assign):
            value = self.expr(node.node)
            self.bind(node.target, value, self.frames[-1])
        elif isinstance(node, nodes.AssignBlock):
            if node.filter is not None:
                self.expr(node.filter)
            self.statements(node.body)
            self.bind(node.target, Ref(TEXT, ""), self.frames[-1])
        elif isinstance(node, nodes.With):
            values = [self.expr(value) for value in node.values]
            with self.frame() as frame:
                for target, value in zip(node.targets, values, strict=False):
                    self.bind(target, value, frame)
                self.statements(node.body)
        elif isinstance(node, nodes.Macro):
            self.frames[-1][node.name] = Ref(ANY, node.name)
            self.callable_body(node.args, node.defaults, node.body)
        elif isinstance(node, nodes.CallBlock):
            self.expr(node.call)
            self.callable_body(node.args, node.defaults, node.body)
        elif isinstance(node, nodes.FilterBlock):
            self.expr(node.filter)
            self.statements(node.body)
        elif isinstance(node, nodes.ScopedEvalContextModifier | nodes.EvalContextModifier):
            self.issue(
                node,
                "autoescape",
                "autoescape",
                "the template switches escaping off or on ({% autoescape %})",
                "remove the autoescape tags: typed text must always be escaped",
            )
            if isinstance(node, nodes.ScopedEvalContextModifier):
                self.statements(node.body)
        elif isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
            self.issue(
                node,
                "include",
                "include",
                "the template tries to use another template file ({% include %}, {% import %}, "
                "{% extends %} or {% from %})",
                "copy what you need into this template: a Word template is rendered on its own",
            )
        else:
            for inner in node.iter_child_nodes():
                if isinstance(inner, nodes.Stmt | nodes.Template):
                    self.statement(inner)
                elif isinstance(inner, nodes.Expr):
                    self.expr(inner)

    def callable_body(
        self, args: Sequence[nodes.Name], defaults: Sequence[nodes.Expr], body: Sequence[nodes.Node]
    ) -> None:
        for default in defaults:
            self.expr(default)
        bound = {arg.name: Ref(ANY, arg.name) for arg in args}
        bound.update({name: Ref(ANY, name) for name in ("varargs", "kwargs", "caller")})
        with self.frame(bound):
            self.statements(body)

    def if_(self, node: nodes.If) -> None:
        self.expr(node.test)
        positive, negative = defined_guards(node.test)
        with self.guarded(positive):
            self.statements(node.body)
        collected = negative
        for branch in node.elif_:
            with self.guarded(collected):
                self.expr(branch.test)
                branch_positive, branch_negative = defined_guards(branch.test)
                with self.guarded(branch_positive):
                    self.statements(branch.body)
            collected = collected | branch_negative
        with self.guarded(collected):
            self.statements(node.else_)

    def for_(self, node: nodes.For) -> None:
        iterable = self.expr(node.iter)
        if iterable.shape is not None and iterable.shape.kind == "mapping":
            element = Ref(TEXT, "")  # looping over a mapping gives its keys
        else:
            element = self.element(iterable, node)
        with self.frame() as frame:
            self.bind(node.target, element, frame)
            if node.test is not None:
                self.expr(node.test)
            frame["loop"] = Ref(_loop_shape(element.shape), "loop")
            self.statements(node.body)
        self.statements(node.else_)

    def printed(self, node: nodes.Expr, ref: Ref) -> None:
        shape = ref.shape
        if shape is None or not ref.written:
            return
        if shape.kind in ("group", "mapping"):
            parts = ", ".join(f"{ref.written}.{name}" for name in list(shape.members)[:3])
            self.issue(
                node,
                "prints-group",
                ref.written,
                f"“{{{{ {ref.written} }}}}” prints a whole group of values, not one piece of text",
                f"print one of its parts instead, e.g. {parts}",
            )
        elif shape.kind == "list":
            self.issue(
                node,
                "prints-list",
                ref.written,
                f"“{{{{ {ref.written} }}}}” prints a whole list at once",
                f"print each item in a loop: {{%p for item in {ref.written} %}} … {{%p endfor %}}"
                f" (or {{%tr for … %}} for table rows)",
            )

    # --- expressions --------------------------------------------------------------------------

    def expr(self, node: nodes.Node | None) -> Ref:
        if node is None:
            return Ref(ANY, "")
        if isinstance(node, nodes.Name):
            return self.name(node)
        if isinstance(node, nodes.Const):
            return Ref(_const_shape(node.value), "")
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            outermost = not self.chain
            if outermost:
                self.chain = _written(node)
            try:
                if isinstance(node, nodes.Getattr):
                    return self.member(self.expr(node.node), node.attr, node)
                return self.getitem(node)
            finally:
                if outermost:
                    self.chain = ""
        if isinstance(node, nodes.Filter):
            return self.filter(node)
        if isinstance(node, nodes.Test):
            return self.test(node)
        if isinstance(node, nodes.Call):
            return self.call(node)
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test)
            positive, negative = defined_guards(node.test)
            with self.guarded(positive):
                self.expr(node.expr1)
            with self.guarded(negative):
                self.expr(node.expr2)
            return Ref(ANY, "")
        if isinstance(node, nodes.And):
            self.expr(node.left)
            with self.guarded(defined_guards(node.left)[0]):
                self.expr(node.right)
            return Ref(FLAG, "")
        if isinstance(node, nodes.Or):
            self.expr(node.left)
            with self.guarded(defined_guards(node.left)[1]):
                self.expr(node.right)
            return Ref(FLAG, "")
        for child in node.iter_child_nodes():
            self.expr(child)
        if isinstance(node, nodes.Not | nodes.Compare):
            return Ref(FLAG, "")
        return Ref(ANY, "")

    def name(self, node: nodes.Name) -> Ref:
        local = self.lookup_local(node.name)
        if local is not None:
            return local
        member = self.schema.roots.members.get(node.name)
        if member is not None:
            if member.optional and not self.testing_defined and node.name not in self.guards[-1]:
                self.issue(
                    node,
                    "unguarded-optional",
                    node.name,
                    f"“{node.name}” is given to a {self.kind_title} in some cases only (for a "
                    "birth parent's letter: only when the placement is not confidential), and "
                    "here it is used without checking",
                    f"use it only inside {{% if {node.name} is defined %}} … {{% endif %}}",
                )
            return Ref(member.shape, node.name, node.name)
        if node.name in self.globals:
            return Ref(ANY, node.name)
        if node.name == "loop":
            self.issue(
                node,
                "loop-outside-for",
                "loop",
                "“loop” is used outside any {% for %} (or {%tr for %}) loop",
                "use loop.index, loop.first … only between a for tag and its endfor",
            )
            return _UNKNOWN
        changed = self.changed(node, None, node.name, node.name)
        if changed is not None:
            return changed
        candidates = [*self.schema.roots.members, *self._local_names()]
        self.unknown(node, node.name, node.name, node.name, candidates)
        return _UNKNOWN

    def _local_names(self) -> list[str]:
        return [name for frame in self.frames for name in frame]

    def member(self, base: Ref, attr: str, node: nodes.Node) -> Ref:
        shape = base.shape
        if shape is None:
            return _UNKNOWN
        written = f"{base.written}.{attr}" if base.written else attr
        path = f"{base.path}.{attr}" if base.path else ""
        if shape.kind in ("group", "mapping"):
            found = shape.members.get(attr)
            if found is not None:
                return Ref(found.shape, written, path)
            if shape.kind == "mapping" and attr in _MAPPING_METHODS:
                return Ref(ANY, written)
            changed = self.changed(node, base, attr, path)
            if changed is not None:
                return changed
            self.unknown(node, written, path, attr, list(shape.members), base=base)
            return _UNKNOWN
        if shape.kind == "list":
            self.issue(
                node,
                "list-attribute",
                written,
                f"“{written}” asks for “{attr}” of “{base.written}”, which is a list",
                f"loop over the list and use each item's {attr}: {{%tr for item in "
                f"{base.written} %}} … {{{{ item.{attr} }}}} … {{%tr endfor %}}",
            )
            return _UNKNOWN
        if shape.kind in ("text", "flag", "number"):
            if shape.kind == "text" and not attr.startswith("_") and hasattr(str, attr):
                return Ref(ANY, written)  # a text method such as upper()
            what = {"text": "a piece of text", "flag": "a yes/no value", "number": "a number"}
            self.unknown(node, written, path, attr, [], base=base, what=what[shape.kind])
            return _UNKNOWN
        return Ref(ANY, written)

    def getitem(self, node: nodes.Getitem) -> Ref:
        base = self.expr(node.node)
        arg = node.arg
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
            return self.member(base, arg.value, node)
        if isinstance(arg, nodes.Slice):
            self.expr(arg)
            return base
        self.expr(arg)
        return self.element(base, node)

    def element(self, base: Ref, node: nodes.Node) -> Ref:
        shape = base.shape
        written = f"{base.written}[]" if base.written else ""
        path = f"{base.path}[]" if base.path else ""
        if shape is None:
            return _UNKNOWN
        if shape.kind == "list":
            return Ref(shape.element or ANY, written, path)
        if shape.kind == "mapping":
            # Indexing a mapping by a name worked out in the template gives one of its values.
            return Ref(shape.element or ANY, written, path)
        if shape.kind in ("flag", "number"):
            self.issue(
                node,
                "not-a-list",
                base.written,
                f"“{base.written}” is a single value, not a list to loop over",
                "loop only over lists (see docs/fields.md for which names are lists)",
            )
            return _UNKNOWN
        return Ref(ANY, written)

    def filter(self, node: nodes.Filter) -> Ref:
        base = self.expr(node.node) if node.node is not None else Ref(ANY, "")
        for arg in [*node.args, *node.kwargs]:
            self.expr(arg)
        for dynamic in (node.dyn_args, node.dyn_kwargs):
            if dynamic is not None:
                self.expr(dynamic)
        if node.name in _ATTRIBUTE_FILTERS:
            self.filter_attribute(base, node)
        if node.name in _ELEMENT_FILTERS:
            return self.element(base, node)
        if node.name in _SAME_FILTERS:
            return base
        if node.name in ("default", "d"):
            return Ref(base.shape, base.written, base.path) if base.shape is not None else base
        if node.name in _NUMBER_FILTERS:
            return Ref(NUMBER, "")
        if node.name in _TEXT_FILTERS:
            return Ref(TEXT, "")
        if node.name == "map":
            attribute = _keyword(node, "attribute")
            if attribute is not None and base.shape is not None and base.shape.kind == "list":
                item = self.attribute_of(self.element(base, node), attribute, node)
                return Ref(Shape("list", element=item.shape or ANY), "")
        return Ref(ANY, "")

    def filter_attribute(self, base: Ref, node: nodes.Filter) -> None:
        attribute = _keyword(node, "attribute")
        if attribute is None and node.name in ("selectattr", "rejectattr", "groupby"):
            first = node.args[0] if node.args else None
            if isinstance(first, nodes.Const) and isinstance(first.value, str):
                attribute = first.value
        if attribute is None or base.shape is None or base.shape.kind != "list":
            return
        self.attribute_of(self.element(base, node), attribute, node)

    def attribute_of(self, item: Ref, attribute: str, node: nodes.Node) -> Ref:
        for part in attribute.split("."):
            item = self.element(item, node) if part.isdigit() else self.member(item, part, node)
        return item

    def test(self, node: nodes.Test) -> Ref:
        defined = node.name in ("defined", "undefined")
        previous = self.testing_defined
        self.testing_defined = defined
        try:
            self.expr(node.node)
        finally:
            self.testing_defined = previous
        for arg in [*node.args, *node.kwargs]:
            self.expr(arg)
        return Ref(FLAG, "")

    def call(self, node: nodes.Call) -> Ref:
        for arg in [*node.args, *node.kwargs]:
            self.expr(arg)
        for dynamic in (node.dyn_args, node.dyn_kwargs):
            if dynamic is not None:
                self.expr(dynamic)
        callee = node.node
        if isinstance(callee, nodes.Getattr):
            base = self.expr(callee.node)
            shape = base.shape
            if shape is not None and shape.kind == "mapping" and callee.attr in _MAPPING_METHODS:
                value = shape.element or ANY
                if callee.attr == "items":
                    return Ref(Shape("list", element=Shape("tuple", items=(TEXT, value))), "")
                if callee.attr == "values":
                    return Ref(Shape("list", element=value), "", base.path)
                if callee.attr == "keys":
                    return Ref(Shape("list", element=TEXT), "")
                first = node.args[0] if node.args else None
                if isinstance(first, nodes.Const) and isinstance(first.value, str):
                    return self.member(base, first.value, node)
                return Ref(value, "")
            self.member(base, callee.attr, callee)
            return Ref(ANY, "")
        self.expr(callee)
        return Ref(ANY, "")

    # --- names the template contract renamed or removed -----------------------------------------

    def changed(self, node: nodes.Node, base: Ref | None, attr: str, path: str) -> Ref | None:
        """A name the contract renamed (reported, and followed under its new name) or removed
        (reported); None for a name the contract never had."""
        if not path:
            return None
        written = f"{base.written}.{attr}" if base is not None and base.written else attr
        renamed = self.contract.renamed(path)
        if renamed is not None:
            new_attr = renamed.new_path.rsplit(".", 1)[-1]
            new_written = (
                f"{base.written}.{new_attr}" if base is not None and base.written else new_attr
            )
            self.renames[written] = new_written
            self.issue(
                node,
                "deprecated-field",
                written,
                f"“{written}” was renamed “{new_written}” in template contract {renamed.version};"
                f" the old name still works until {renamed.major + 1}.0.0",
                f"write {{{{ {new_written} }}}} instead, or let permdocs rewrite the template:"
                " permdocs templates upgrade DIR",
            )
            if base is None:
                return self.name(nodes.Name(new_attr, "load", lineno=node.lineno))
            return self.member(base, new_attr, node)
        removed = self.contract.removed(path)
        if removed is not None:
            instead = f" (it had been renamed “{removed.new_path}”)" if removed.new_path else ""
            self.issue(
                node,
                "removed-field",
                written,
                f"“{written}” was removed from the template contract in {removed.version}"
                f"{instead}" + (f": {removed.note}" if removed.note else ""),
                "remove it from the template"
                + (f", or use {removed.new_path}" if removed.new_path else "")
                + "; CHANGELOG.md says what changed in each version",
            )
            return _UNKNOWN
        return None

    # --- unknown and restricted names ---------------------------------------------------------

    def unknown(
        self,
        node: nodes.Node,
        written: str,
        path: str,
        attr: str,
        candidates: list[str],
        *,
        base: Ref | None = None,
        what: str = "",
    ) -> None:
        if path and self._restricted(path):
            shown = self.chain if self.chain.startswith(written) else written
            self.issue(
                node,
                "restricted-field",
                written,
                f"“{shown}” is never given to a {self.kind_title}: "
                + _restricted_reason(self.schema),
                "remove it from this template (the bundled letter-birth-parent template shows "
                "what such a letter may say)",
            )
            return
        guess = difflib.get_close_matches(attr, candidates, n=1, cutoff=0.6)
        suggestion = ""
        if guess:
            suggestion = (
                f"{base.written}.{guess[0]}" if base is not None and base.written else guess[0]
            )
        elif base is not None and base.shape is not None:
            deeper = _deeper(base.shape, attr)
            if deeper:
                suggestion = f"{base.written}.{deeper}"
        elif base is None:
            deeper = _deeper(self.schema.roots, attr)
            if deeper:
                suggestion = deeper
        if what:
            message = (
                f"“{written}”: {base.written if base else ''} is {what}, which has no “{attr}”"
            )
        elif self.testing_defined:
            message = (
                f"“{written}” is not something permdocs gives a {self.kind_title}, so this "
                "“is defined” test is always false"
            )
        else:
            message = f"“{written}” is not something permdocs gives a {self.kind_title}"
        if (
            base is not None
            and base.path.endswith("[]")
            and base.written
            and "." not in base.written
        ):
            message += f" (“{base.written}” is an item of {base.path[:-2]})"
        hint = f"did you mean {suggestion}? " if suggestion else ""
        hint += "check the spelling against docs/fields.md (or: permdocs templates fields)"
        self.issue(node, "unknown-field", written, message, hint)

    def _restricted(self, path: str) -> bool:
        if self.restricted is None:
            return False
        return _resolves(self.restricted.roots, path)


def _restricted_reason(schema: ContextSchema) -> str:
    allowed = ", ".join(
        f"{name} (in some cases only)" if member.optional else name
        for name, member in schema.roots.members.items()
    )
    return (
        "a birth parent's letter is given only what a birth parent may read (never the carers' "
        f"address or names, or the child's school): {allowed}"
    )
