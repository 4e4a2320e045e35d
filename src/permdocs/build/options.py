"""How one run was asked for: the options every builder and batch take, as one value.

The CLI makes one :class:`BuildOptions` from its flags and hands it to the library call; a program
calling the library does the same. Light on purpose (no document machinery), so that the CLI can
build it before it imports anything heavy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..policy.profiles import Profile


@dataclass(frozen=True)
class BuildOptions:
    """What to build, how, and where to write it."""

    out: Path | None = None
    """The folder to write into (default: CASE_DIR/out)."""
    only: tuple[str, ...] = ()
    """Just these document kinds (all of them, whether or not they apply); empty: everything."""
    templates: Path | None = None
    """A council's folder of Word templates, used kind by kind in place of the bundled ones."""
    force: bool = False
    """Replace outputs already there."""
    draft: bool = False
    """Mark gaps [MISSING: ...] and every page DRAFT instead of refusing documents."""
    as_of: date | None = None
    """The day ages and timescales are worked out on (default: today)."""
    profile: Profile | str | None = None
    """A council profile (or a bundled name or path) instead of the one the case names."""
    pack: bool = False
    """``build``: make the panel pack too."""
    pdf: bool = True
    """``pack``: make the PDF pack where LibreOffice is installed."""
    pdfa: bool = False
    """Make the PDF pack PDF/A-2b."""
    reissue: tuple[str, ...] = ()
    """Sent papers (by name or kind) to make again as a new version, the sent one kept beside
    it; every other sent paper is kept byte for byte."""
    command: tuple[str, ...] = ()
    """The command line to record in the audit log (paths are redacted there)."""

    def day(self) -> date:
        """``as_of``, or today."""
        return self.as_of or date.today()

    def but(self, **changes: Any) -> BuildOptions:
        """These options with ``changes`` made (e.g. ``out`` for one case of several)."""
        return replace(self, **changes)
