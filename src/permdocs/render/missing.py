"""The marker for a value a document needs but the case does not hold yet.

The view model puts a :class:`Missing` wherever a template would otherwise print ``None`` or a
blank. It is falsy, so ``{% if %}`` sections can skip it, and when a template prints it, it becomes
an opaque marker in the rendered XML. After rendering, ``render`` finds the markers: a final build
refuses the document and lists every missing value with who owes it; a draft shows each as a
highlighted ``[MISSING: label — owner]``.

The marker carries a random token chosen when permdocs starts, so no text a user types can pose as
one, and it uses private-use characters that never occur in the markup around it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model.fields import label_of, owner_of

_OPEN = "\ue000"
_SEP = "\ue002"
_CLOSE = "\ue001"
_TOKEN = secrets.token_hex(6)
_PRIVATE = re.compile("[\ue000-\ue002]")

MARKER_PATTERN = re.compile(
    f"{_OPEN}{_TOKEN}{_SEP}([^{_SEP}{_CLOSE}]*){_SEP}([^{_SEP}{_CLOSE}]*){_SEP}([^{_SEP}{_CLOSE}]*){_CLOSE}"
)
"""Finds markers in rendered text (after XML parsing); groups are path, label, owner."""

MARKER_START = f"{_OPEN}{_TOKEN}"
"""Quick test: a part with no marker does not contain this."""


@dataclass(frozen=True)
class Missing:
    """A value the document needs that the case does not hold: where, what, and who owes it."""

    path: str
    label: str
    owner: str

    @classmethod
    def at(cls, path: str, label: str | None = None) -> Missing:
        """The marker for a case field path; the label and owner come from the model."""
        return cls(path=path, label=label or label_of(path), owner=owner_of(path))

    def __bool__(self) -> bool:
        return False

    @property
    def text(self) -> str:
        """What a draft shows in place of the value."""
        return f"[MISSING: {self.label} — {self.owner}]"

    def __html__(self) -> str:
        # Escaped like any other output, and braces written as character references so the
        # template-tag check after rendering never mistakes a label for a leftover tag.
        fields = (_clean(self.path), _clean(self.label), _clean(self.owner))
        body = _SEP.join(str(escape(field)) for field in fields)
        body = body.replace("{", "&#123;").replace("}", "&#125;")
        return Markup(f"{_OPEN}{_TOKEN}{_SEP}{body}{_CLOSE}")

    def __str__(self) -> str:
        return str(self.__html__())


def _clean(text: str) -> str:
    # One line: a label quoting a name typed with a line break or a tab (a household member's,
    # a carer's) must not be split into Word line breaks, which would break the marker apart.
    return " ".join(_PRIVATE.sub("", text).split())


def marker_text(match: re.Match[str]) -> str:
    """The draft wording for one found marker."""
    return f"[MISSING: {match[2]} — {match[3]}]"
