"""The one Jinja environment every Word template renders in.

Templates are documents a council edits, so they are treated as untrusted code:

- sandboxed and immutable: a template cannot reach Python internals or change the data;
- strict: a name the view model does not provide is an error, never a blank;
- escaped: everything printed is XML-escaped (docxtpl's own default is not, so ``&`` vanishes and
  ``<select>`` deletes the rest of the document); ``|safe`` is removed because it is the one way
  a template could pass typed text into the XML unescaped, and ``|urlize`` because it writes
  HTML links, which are not Word text;
- bounded: one tag cannot make a value far larger than any document holds, and one render cannot
  make too much in all, take too many steps or run too long (``budget``). Jinja's sandbox already
  refuses a ``range`` of more than ``MAX_RANGE`` items; here ``*`` (``'a' * 10**9``), ``**``,
  printf and ``str.format`` widths, the filters and string methods that multiply their input
  (``center``, ``indent``, ``join``, ``replace``, ``wordwrap``, ``batch``, ``slice``, ``ljust``,
  ``zfill``, ``expandtabs``...) are checked before they run, and every value any filter, call,
  operator, slice or literal makes is measured once made, nested values counted in full; values
  kept in a ``namespace`` are refused beyond :data:`MAX_MADE` characters or items; ``lipsum``
  (which writes any amount of filler text) and ``str.translate`` are removed. ``render`` also
  stops a part whose output grows beyond what any document could hold.

The ``finalize`` hook shapes every printed value for WordprocessingML text: line breaks become
``<w:br/>``, tabs ``<w:tab/>``, and ``{`` / ``}`` are written as character references. The last
is what lets ``render`` tell a leftover template tag (a mistake in the template) from braces a
user typed: after rendering, literal ``{{`` or ``{%`` in the raw XML can only have come from the
template itself.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from datetime import date
from functools import update_wrapper
from typing import Any

from jinja2 import StrictUndefined, pass_environment, pass_eval_context
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment
from jinja2.utils import Namespace
from markupsafe import Markup, escape

from .budget import (
    LOOP_FILTER,
    MACRO_STEPS,
    MAX_MADE,
    BudgetedCodeGenerator,
    BudgetedTemplate,
    LimitError,
    accounted,
    charge,
    check_size,
    loop_steps,
    printed,
    size_of,
    step,
    text_size,
    too_big,
)
from .formatting import uk_date, yes_no

# Closing the current text element and reopening it keeps the run (and its formatting) whole.
_LINE_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'

MAX_WIDTH = 10_000
"""The widest field a format, ``center`` or ``indent`` may pad to."""
MAX_INT_BITS = 10_000
"""The largest whole number (in bits, about 3,000 digits) ``*`` and ``**`` may make."""
_PRINTF_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


class NoneOutputError(Exception):
    """A template printed ``None``: the view model should have given text or a Missing marker."""


def finalize_for_word(value: Any) -> Markup:
    """Turn one printed value into safe WordprocessingML text content."""
    if value is None:
        raise NoneOutputError("a template printed a value that is None")
    if not isinstance(value, str):
        check_size(value, "printing a value")  # before str() spells out a nested list
    if isinstance(value, bool):
        value = yes_no(value)
    elif isinstance(value, date):
        value = uk_date(value)
    # Missing markers and Markup are already escaped (they carry __html__); everything else is
    # escaped here, exactly once.
    text = str(value.__html__()) if hasattr(value, "__html__") else str(escape(str(value)))
    text = text.replace("{", "&#123;").replace("}", "&#125;")
    if "\n" in text or "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", _LINE_BREAK)
    if "\t" in text:
        text = text.replace("\t", _TAB)
    printed(len(text))
    return Markup(text)


# --- limits -------------------------------------------------------------------------------------


def _check_made(size: int, what: str) -> None:
    if size > MAX_MADE:
        raise too_big(what, size)


def _check_width(width: Any, what: str) -> None:
    if isinstance(width, int) and width > MAX_WIDTH:
        raise LimitError(
            f"{what} asks for a width of {width:,}; a template may use at most {MAX_WIDTH:,}"
        )


def _check_repeat(left: Any, right: Any) -> None:
    """``*``: a string or list repeated, or two whole numbers multiplied."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(count, int) and isinstance(sequence, str | list | tuple):
            each = text_size(sequence) if count > 0 else 0
            _check_made(each * count, "repeating a value with *")
    both_numbers = isinstance(left, int) and isinstance(right, int)
    if both_numbers and left.bit_length() + right.bit_length() > MAX_INT_BITS:
        raise LimitError(
            f"multiplying with * would make a number of more than {MAX_INT_BITS:,} bits"
        )


def _check_power(base: Any, exponent: Any) -> None:
    # Worked out before Python does: 10 ** 10 ** 9 would take hours. Floats overflow at once.
    if not (isinstance(base, int) and isinstance(exponent, int)):
        return
    if exponent > 0 and abs(base) > 1 and exponent * (abs(base).bit_length() - 1) > MAX_INT_BITS:
        raise LimitError(
            f"** would make a number of more than {MAX_INT_BITS:,} bits; "
            "templates only print the case's values"
        )


def _check_printf(text: str) -> None:
    for match in _PRINTF_SPEC.finditer(text):
        for number in match.groups():
            if number == "*":
                raise LimitError("a format width taken from the values (%*) is not allowed")
            if number is not None:
                _check_width(int(number), "a % format")


def _check_format_string(text: str) -> None:
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # malformed: str.format itself reports it
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            raise LimitError("a format width taken from the values ({:{}}) is not allowed")
        for number in re.findall(r"\d+", spec):
            _check_width(int(number), "a format")


def _check_kept(value: Any) -> None:
    """A value kept in a namespace: a loop must not double it until memory runs out."""
    if isinstance(value, str | list | tuple | dict):
        check_size(value, "keeping a value in a namespace")
    elif isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise LimitError(f"a namespace may not keep a number of more than {MAX_INT_BITS} bits")


class BoundedNamespace(Namespace):
    """Jinja's ``namespace()``, refusing values larger than :data:`MAX_MADE`."""

    def __init__(*args: Any, **kwargs: Any) -> None:
        Namespace.__init__(*args, **kwargs)
        for value in kwargs.values():
            _check_kept(value)

    def __setitem__(self, name: str, value: Any) -> None:
        _check_kept(value)
        super().__setitem__(name, value)


def _check_sum(left: Any, right: Any) -> int | None:
    """``+``: two strings or lists joined (each already within bounds), or two numbers. Returns
    the size of the joined value when it holds only plain values (whose size cannot change)."""
    if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
        (left_size, left_plain), (right_size, right_plain) = size_of(left), size_of(right)
        size = left_size + right_size
        if isinstance(left, list | tuple) and isinstance(right, list | tuple):
            size -= 2  # one pair of brackets, not two
        _check_made(size, "joining values with +")
        return size if left_plain and right_plain else None
    if (
        isinstance(left, int)
        and isinstance(right, int)
        and max(left.bit_length(), right.bit_length()) > MAX_INT_BITS
    ):
        raise LimitError(f"+ would make a number of more than {MAX_INT_BITS:,} bits")
    return None


_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})


def _check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Before a call: the string methods that can make far more than they are given are held
    to the same limits as the filters that do the same. Returns the arguments to call with
    (``join``'s items, once read, are passed on as a list)."""
    owner = getattr(function, "__self__", None)
    if isinstance(owner, str | bytes):
        counted: Any = owner  # str or bytes: counted in its own kind of text
        name = getattr(function, "__name__", "")
        if name == "translate":
            raise LimitError("str.translate is not allowed in a template")
        if name in _WIDTH_METHODS and args:
            _check_width(args[0], name)
        elif name == "expandtabs":
            size = args[0] if args else kwargs.get("tabsize", 8)
            tab = "\t" if isinstance(owner, str) else b"\t"
            if isinstance(size, int):
                _check_made(len(owner) + counted.count(tab) * size, name)
        elif name == "replace" and len(args) >= 2:
            old, new = args[0], args[1]
            if isinstance(old, str | bytes) and isinstance(new, str | bytes):
                found = counted.count(old) if old else len(owner) + 1
                _check_made(len(owner) + found * max(len(new) - len(old), 0), name)
        elif name == "join" and args:
            items = list(args[0])
            size = len(owner) * max(len(items) - 1, 0)
            for item in items:
                size += text_size(item, MAX_MADE - size)
                _check_made(size, "join")
            args = (items, *args[1:])
    for argument in (*args, *kwargs.values()):
        if isinstance(argument, list | tuple | dict):
            check_size(argument, "a value passed to a function")
    return args


def _bounded_filters(filters: dict[str, Callable[..., Any]]) -> None:
    """Replace, in place, each built-in filter that can multiply its input with a checked one."""
    center, indent, join = filters["center"], filters["indent"], filters["join"]
    replace, wordwrap, batch = filters["replace"], filters["wordwrap"], filters["batch"]
    slice_, format_ = filters["slice"], filters["format"]

    def do_center(value: Any, width: int = 80) -> Any:
        _check_width(width, "center")
        return center(value, width)

    def do_indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> Any:
        _check_width(width, "indent")
        if isinstance(width, str):
            _check_made(len(str(s)) + (str(s).count("\n") + 1) * len(width), "indent")
        return indent(s, width, first, blank)

    @pass_eval_context
    def do_join(eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> Any:
        items = list(value)
        size = len(str(d)) * max(len(items) - 1, 0)
        for item in items if attribute is None else ():
            size += text_size(item, MAX_MADE - size)
            if size > MAX_MADE:
                break
        _check_made(size, "join")
        return join(eval_ctx, items, d, attribute)

    @pass_eval_context
    def do_replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: int | None = None) -> Any:
        text, old_text, new_text = str(s), str(old), str(new)
        found = text.count(old_text)
        if count is not None and count >= 0:
            found = min(found, count)
        _check_made(len(text) + found * max(len(new_text) - len(old_text), 0), "replace")
        return replace(eval_ctx, s, old, new, count)

    @pass_environment
    def do_wordwrap(
        environment: Any,
        s: Any,
        width: int = 79,
        break_long_words: bool = True,
        wrapstring: str | None = None,
        break_on_hyphens: bool = True,
    ) -> Any:
        between = environment.newline_sequence if wrapstring is None else str(wrapstring)
        _check_made(len(str(s)) * (1 + len(between)), "wordwrap")
        return wordwrap(environment, s, width, break_long_words, wrapstring, break_on_hyphens)

    def do_batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
        if isinstance(linecount, int) and linecount > MAX_RANGE:
            raise too_big("batch", linecount, MAX_RANGE)
        return batch(value, linecount, fill_with)

    def do_slice(value: Any, slices: int, fill_with: Any = None) -> Any:
        if isinstance(slices, int) and slices > MAX_RANGE:
            raise too_big("slice", slices, MAX_RANGE)
        return slice_(value, slices, fill_with)

    def do_format(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_printf(str(value))
        return format_(value, *args, **kwargs)

    checked: dict[str, Callable[..., Any]] = {
        "center": do_center,
        "indent": do_indent,
        "join": do_join,
        "replace": do_replace,
        "wordwrap": do_wordwrap,
        "batch": do_batch,
        "slice": do_slice,
        "format": do_format,
    }
    for name, function in checked.items():
        filters[name] = function
    for name, function in list(filters.items()):
        filters[name] = _accounting(name, function)
    filters[LOOP_FILTER] = loop_steps


def _accounting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (a filter) as a step, its input refused if too big to turn into text, and
    its result measured and charged to the render (``budget.accounted``)."""
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    what = f"the {name} filter"

    def filtered(*args: Any, **kwargs: Any) -> Any:
        step()
        for argument in args[skip:]:
            if isinstance(argument, list | tuple | dict):
                check_size(argument, what)
        return accounted(function(*args, **kwargs), what)

    return update_wrapper(filtered, function)


class WordSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, bounded (see the module's docstring), deciding once per (type,
    attribute name) whether a template may read an attribute, instead of on every access.

    Jinja's decision (a leading underscore, the internals of functions, methods, code, frames and
    generators, and the methods that change lists, dicts and sets) looks only at the attribute's
    name and at what the object is an instance of, so it is the same for every object of one
    type. Rendering a report reads thousands of attributes of a few dozen view types; the checks
    were a third of the time Jinja took.
    """

    _MAX_REMEMBERED = 10_000
    # Intercepted operators are also never worked out while compiling ('a' * 10**9 would be).
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = BudgetedCodeGenerator
    template_class = BudgetedTemplate

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = super().is_safe_attribute(obj, attr, value)
            if len(self._safe) < self._MAX_REMEMBERED:
                self._safe[key] = safe
        return safe

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_printf(left)
            if isinstance(right, list | tuple | dict):
                check_size(right, "a % format")
        elif operator == "+":
            size = _check_sum(left, right)
            if size is not None:  # measured already: the sum holds exactly both sides
                return accounted(super().call_binop(context, operator, left, right), "+", size)
        return accounted(super().call_binop(context, operator, left, right), f"{operator}")

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        step(MACRO_STEPS if isinstance(__obj, Macro) else 1)
        args = _check_call(__obj, args, kwargs)
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
            args = (loop_steps(__context, args[0]), *args[1:])
        result = super().call(__context, __obj, *args, **kwargs)
        return accounted(result, f"calling {getattr(__obj, '__name__', 'a function')}")

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if isinstance(argument, slice):
            return accounted(value, "a slice")
        return value

    # Called by the code BudgetedCodeGenerator writes.

    def _budget_text(self, size: int) -> None:
        charge(size)

    def _budget_join(self, join: Callable[[Iterable[Any]], str], items: tuple[Any, ...]) -> str:
        step()
        size = 0
        for item in items:
            size += text_size(item, MAX_MADE - size)
            _check_made(size, "joining values with ~")
        joined = join(items)
        charge(len(joined))
        return joined

    def _budget_made(self, value: Any) -> Any:
        return accounted(value, "a list or dict written in the template")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = str(value.__self__)

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_format_string(text)
            return wrapped(*args, **kwargs)

        return update_wrapper(checked, wrapped)


def make_environment() -> ImmutableSandboxedEnvironment:
    """A fresh environment for Word templates. Compile templates with it once and reuse them."""
    env = WordSandbox(
        undefined=StrictUndefined,
        autoescape=True,
        finalize=finalize_for_word,
        auto_reload=False,
        # Compiled templates are kept by ``render`` itself, keyed by the template file's hash.
        cache_size=0,
    )
    del env.filters["safe"]
    del env.filters["urlize"]
    del env.globals["lipsum"]
    env.globals["namespace"] = BoundedNamespace
    _bounded_filters(env.filters)
    return env
