"""What one render of a council's template may make and how long it may run.

A template is untrusted code, and code can exhaust a machine without any single step looking
large: a list grown by one big string per loop round, ``join`` over many large items, a filter
mapped over a long range, a ``{% set %}`` block that doubles what it captures, a loop inside a
loop that prints nothing and runs for hours. So every render of a document carries a
:class:`Budget`, and the template's code is compiled (:class:`BudgetedCodeGenerator`) to charge
it:

- **size of each value**: no value a template makes (a string, a list, a dict, however nested)
  may hold more than :data:`MAX_MADE` characters or items, measured by :func:`text_size`
  (nested lists counted in full, so ``[a, a, a]`` is three times ``a``); checked before the
  operations that could make more than they are given (``join``, ``~``, repeating, padding)
  and after every filter, call, operator, slice and list or dict written in the template;
- **everything made**: what every filter, call, operator and slice returns and everything
  printed (the template's own text included, inside ``{% set %}`` blocks and macros too) is added
  up, and a render may make at most :data:`MAX_MADE_PER_RENDER`; so what a loop accumulates is
  bounded, whatever it is kept in;
- **steps**: every loop round, call, filter and printed value is a step (a macro call
  :data:`MACRO_STEPS`), and a render may take at most :data:`MAX_STEPS`, so a loop that prints
  nothing, or a macro calling itself twice over, still ends;
- **time**: a render that takes longer than :data:`MAX_SECONDS` is stopped (checked every few
  steps), whatever it is doing.

Each limit raises :class:`LimitError` (a Jinja ``SecurityError``) with a message saying which, so the renderer names
the template and the paragraph holding the tag. The limits are far above anything a document
needs: every document of the samples renders within a hundredth of each (see
``tests/render/test_robust_budget.py``).
"""

from __future__ import annotations

import contextlib
import time
import types
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from datetime import date
from typing import Any

from jinja2 import Template, nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError

MAX_MADE = 1_000_000
"""The most characters (or items) one value in a template may hold: five times the longest text
a case field may hold."""
MAX_MADE_PER_RENDER = 32_000_000
"""Everything one render may make and print, added up."""
MAX_STEPS = 200_000
"""Loop rounds, calls, filters and printed values in one render."""
MAX_SECONDS = 20.0
"""Wall-clock time for one render: a report takes milliseconds."""
_CLOCK_EVERY = 1024
"""Steps between looks at the clock."""
_SMALL = (int, float, bool, date, type(None))


class LimitError(SecurityError):
    """A template went past one of the limits: too big a value, too much made, too many steps,
    too long."""


LIMIT_HINT = (
    "this tag makes, keeps or repeats far more than any document needs; correct it in Word (a "
    "loop's range, what it keeps in a namespace, a width), or remove --templates to use the "
    "bundled template"
)


class Budget:
    """What one render has made and how many steps it has taken."""

    __slots__ = ("deadline", "made", "recent", "steps")

    def __init__(self) -> None:
        self.made = 0
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS
        self.recent: list[tuple[Any, int]] = []
        """The last few values measured, with their sizes: a value made by one tag is often
        measured again by the next (a list grown in a loop and kept in a namespace)."""

    def remembered(self, value: Any) -> int | None:
        for known, size in self.recent:
            if known is value:
                return size
        return None

    def remember(self, value: Any, size: int) -> None:
        if not isinstance(value, list | tuple | dict | set | frozenset):
            return  # strings are measured at once anyway
        self.recent.append((value, size))
        if len(self.recent) > 4:
            del self.recent[0]

    def charge(self, units: int) -> None:
        self.made += units
        if self.made > MAX_MADE_PER_RENDER:
            raise LimitError(
                f"together, the template's tags made more than {MAX_MADE_PER_RENDER:,} "
                "characters or items for one document, far more than a document holds (a loop "
                "that keeps making or keeping large values)"
            )

    def step(self, weight: int = 1) -> None:
        before = self.steps
        self.steps += weight
        if self.steps > MAX_STEPS:
            raise LimitError(
                f"the template took more than {MAX_STEPS:,} steps (loop rounds, calls, filters, "
                "printed values) for one document, far more than a document needs (a loop that "
                "runs too long, or loops inside loops)"
            )
        if (
            before // _CLOCK_EVERY != self.steps // _CLOCK_EVERY
            and time.monotonic() > self.deadline
        ):
            raise LimitError(
                f"the template took more than {MAX_SECONDS:g} seconds to render one document "
                "(a loop that runs too long)"
            )


_current: ContextVar[Budget | None] = ContextVar("permdocs_render_budget", default=None)


@contextlib.contextmanager
def render_budget() -> Iterator[Budget]:
    """A fresh budget for the renders in the block (one document)."""
    budget = Budget()
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


@contextlib.contextmanager
def _budget_for_render() -> Iterator[None]:
    """The current render's budget, or a fresh one for a render made outside ``render_budget``
    (a template rendered directly): no render ever runs without one."""
    if _current.get() is not None:
        yield
        return
    with render_budget():
        yield


class BudgetedTemplate(Template):
    """A template that always renders within a budget."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with _budget_for_render():
            return super().render(*args, **kwargs)

    def generate(self, *args: Any, **kwargs: Any) -> Iterator[str]:
        with _budget_for_render():
            yield from super().generate(*args, **kwargs)


def charge(units: int) -> None:
    """Add ``units`` made to the current render's budget (none outside a render: compiling a
    template works constant values out once, and those are checked value by value)."""
    budget = _current.get()
    if budget is not None:
        budget.charge(units)


MACRO_STEPS = 10
"""A macro call runs a template of its own: it counts as this many steps."""


def step(weight: int = 1) -> None:
    budget = _current.get()
    if budget is not None:
        budget.step(weight)


def printed(size: int) -> None:
    """A value of ``size`` characters printed: one step, and what it made."""
    budget = _current.get()
    if budget is not None:
        budget.step()
        budget.charge(size)


# --- sizes -------------------------------------------------------------------------------------


def text_size(value: Any, cap: int = MAX_MADE) -> int:
    """How much ``value`` holds, in characters and items, counting nested values in full (a
    list holding one list three times counts it three times, as printing it would). Stops as
    soon as it passes ``cap``, so measuring a huge value costs no more than ``cap`` steps."""
    return _measure(value, cap)[0]


def _measure(value: Any, cap: int) -> tuple[int, bool]:
    """:func:`text_size`, and whether the value holds only text, numbers, dates and lists of
    them (whose size can never change: the sandbox changes no list; a namespace it holds can)."""
    kind = type(value)
    if kind is str:
        return len(value), True
    if kind in _SMALL_TYPES:
        return 8, True
    total = 0
    plain = True
    pending: list[Iterator[Any]] = [iter((value,))]
    others: dict[int, int] = {}
    while pending:
        for item in pending[-1]:  # flat runs of text and numbers in one tight loop
            kind = type(item)
            if kind is str:
                total += len(item)
            elif kind in _SMALL_TYPES:
                total += 8
            elif kind is list or kind is tuple or isinstance(item, list | tuple | set | frozenset):
                total += 2 + len(item)
                pending.append(iter(item))
                break
            elif isinstance(item, dict):
                total += 2 + 2 * len(item)
                pending.append(iter(item.items()))
                break
            elif isinstance(item, str | bytes):
                total += len(item)
            elif isinstance(item, _SMALL):
                total += 8
            else:
                # Anything else (a view of the case, a marker) counts as what printing it shows.
                plain = False
                key = id(item)
                if key not in others:
                    others[key] = _printed_size(item, cap)
                total += others[key]
            if total > cap:
                return total, plain
        else:
            pending.pop()
        if total > cap:
            return total, plain
    return total, plain


_SMALL_TYPES = frozenset({int, float, bool, type(None), date})


_END = object()


def _printed_size(item: Any, cap: int) -> int:
    if isinstance(item, types.GeneratorType | range) or callable(item):
        return 8  # printing shows a short description, never the contents
    try:
        return len(repr(item))
    except Exception:  # an object that cannot describe itself prints nothing useful either
        return 8


def too_big(what: str, size: int, limit: int = MAX_MADE) -> LimitError:
    return LimitError(
        f"{what} would make {size:,} characters or items; a template may make at most {limit:,}"
    )


def size_of(value: Any) -> tuple[int, bool]:
    """:func:`text_size` and whether the value is plain (see :func:`_measure`), remembering the
    last few plain values measured: a list kept in a namespace and grown round by round is
    measured once per round, not three times."""
    budget = _current.get()
    known = budget.remembered(value) if budget is not None else None
    return _measure(value, MAX_MADE) if known is None else (known, True)


def check_size(value: Any, what: str) -> int:
    """Refuse ``value`` if it holds more than :data:`MAX_MADE`; returns its size."""
    budget = _current.get()
    known = budget.remembered(value) if budget is not None else None
    if known is not None:
        return known
    size, plain = _measure(value, MAX_MADE)
    if size > MAX_MADE:
        raise too_big(what, size)
    if budget is not None and plain:
        budget.remember(value, size)
    return size


def accounted(value: Any, what: str, size: int | None = None) -> Any:
    """A value a filter, call, operator or slice just made: refused if too big, charged to the
    render, and returned (``size`` when already known, for a sum of two plain values). A lazy
    sequence (``map``, ``select``...) is charged item by item as it is used."""
    if isinstance(value, types.GeneratorType | map | filter | zip | reversed):
        return _counted(value, what)
    if size is None:
        size = check_size(value, what)
    else:
        budget = _current.get()
        if budget is not None:
            budget.remember(value, size)
    charge(size)
    return value


def _counted(items: Iterable[Any], what: str) -> Iterator[Any]:
    for item in items:
        step()
        charge(check_size(item, what) + 1)
        yield item


@pass_context
def loop_steps(context: Any, items: Iterable[Any]) -> Iterator[Any]:
    """Every ``{% for %}`` iterates through this (see :class:`BudgetedCodeGenerator`): each
    round is a step. (``pass_context`` keeps Jinja from running it while compiling.)"""
    for item in items:
        step()
        yield item


LOOP_FILTER = "_permdocs_loop"


# --- compiling templates to charge the budget --------------------------------------------------


class BudgetedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the template's own text charged where it is output, every
    ``{% for %}`` counted round by round, every ``~`` measured before it joins, and every list,
    tuple and dict the template writes measured once made. The environment provides the
    ``_budget_*`` methods the generated code calls (``jinja_env.WordSandbox``)."""

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        text = sum(len(child.data) for child in node.nodes if isinstance(child, nodes.TemplateData))
        if text:
            self.writeline(f"environment._budget_text({text})")
        super().visit_Output(node, frame)

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        # Before anything is generated (the filters a template uses are looked up first).
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, LOOP_FILTER, [], [], None, None, lineno=loop.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment._budget_join({join}, (")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._made(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._made(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx != "load":  # an assignment's target: ``{% for a, b in ... %}``
            super().visit_Tuple(node, frame)
        else:
            self._made(super().visit_Tuple, node, frame)

    def _made(self, visit: Callable[[Any, Frame], None], node: nodes.Node, frame: Frame) -> None:
        self.write("environment._budget_made(")
        visit(node, frame)
        self.write(")")
