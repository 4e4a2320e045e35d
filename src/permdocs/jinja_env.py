"""The one Jinja environment every Word template renders in.

Templates are documents a council edits, so they are treated as untrusted code:

- sandboxed and immutable: a template cannot reach Python internals or change the data;
- strict: a name the view model does not provide is an error, never a blank;
- escaped: everything printed is XML-escaped (docxtpl's own default is not, so ``&`` vanishes and
  ``<select>`` deletes the rest of the document); ``|safe`` is removed because it is the one way
  a template could pass typed text into the XML unescaped.

The ``finalize`` hook shapes every printed value for WordprocessingML text: line breaks become
``<w:br/>``, tabs ``<w:tab/>``, and ``{`` / ``}`` are written as character references. The last
is what lets ``render`` tell a leftover template tag (a mistake in the template) from braces a
user typed: after rendering, literal ``{{`` or ``{%`` in the raw XML can only have come from the
template itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from .formatting import uk_date, yes_no

# Closing the current text element and reopening it keeps the run (and its formatting) whole.
_LINE_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


class NoneOutputError(Exception):
    """A template printed ``None``: the view model should have given text or a Missing marker."""


def finalize_for_word(value: Any) -> Markup:
    """Turn one printed value into safe WordprocessingML text content."""
    if value is None:
        raise NoneOutputError("a template printed a value that is None")
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
    return Markup(text)


class WordSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, deciding once per (type, attribute name) whether a template may
    read an attribute, instead of on every access.

    Jinja's decision (a leading underscore, the internals of functions, methods, code, frames and
    generators, and the methods that change lists, dicts and sets) looks only at the attribute's
    name and at what the object is an instance of, so it is the same for every object of one
    type. Rendering a report reads thousands of attributes of a few dozen view types; the checks
    were a third of the time Jinja took.
    """

    _MAX_REMEMBERED = 10_000

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
    return env
