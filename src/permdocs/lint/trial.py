"""A council's template rendered for trial, within the build's own limits.

The checks before this one read a template; some things a template does show only when it runs:
a loop inside a loop that prints nothing, a list grown round by round, a filter mapped over a
long range, a macro calling itself. The build stops each of them (``render.budget``, the
sandbox), so the template check renders the template too, as the build would, against each
synthetic case its kind is described from (full, confidential and sparse, final and draft;
``schema.sample_contexts``), and reports what the build would refuse whatever the case holds,
naming the part and the paragraph holding the tag.

Any other failure of a tag (``1 / 0``, a filter given the wrong kind of value) is an error when
it happens with every synthetic case, since the build would then fail with any case, and a
warning when it happens with some only. Values missing from a final document are the case's
business, not the template's: the trial renders drafts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import RenderError, SandboxError, TemplateError
from ..policy.documents import DocumentKind
from .findings import LintFinding, Place, Severity
from .schema import is_declared, sample_contexts


def trial_findings(path: Path, kind: DocumentKind) -> list[LintFinding]:
    """What rendering ``path`` as a ``kind`` template shows that the build would refuse."""
    from ..render.engine import prepare_template, render_document

    prepared = prepare_template(path, label=path.name)
    failures: list[TemplateError] = []
    tried = 0
    for context in sample_contexts(kind):
        context = {
            name: _pack_view() if is_declared(value) else value for name, value in context.items()
        }
        draft = bool(getattr(context.get("doc"), "draft", True))
        try:
            render_document(prepared, context, document=kind.kind, draft=draft)
        except SandboxError as error:
            return [_finding(path, error, "error", "refused-when-rendered")]
        except TemplateError as error:
            failures.append(error)
        except RenderError:
            continue  # the example case's gaps in a final document: the case's business
        tried += 1
    if not failures:
        return []
    every = len(failures) == tried  # a failure counts as tried too (see above)
    return [
        _finding(
            path,
            failures[0],
            "error" if every else "warning",
            "fails-when-rendered",
            " with every example case" if every else " with some example cases",
        )
    ]


def _finding(
    path: Path, error: TemplateError, severity: Severity, code: str, cases: str = ""
) -> LintFinding:
    return LintFinding(
        code,
        severity,
        error.message.removeprefix(f"{path.name}: ")
        + f" (found by rendering the template{cases}, as a build would)",
        hint=error.hint,
        place=Place(getattr(error, "part", "")),
    )


def _pack_view() -> Any:
    """The panel pack index's ``pack`` for a trial: two papers, one owed."""
    from ..pack.contents import OwedPaper, PackEntry
    from ..pack.index import PageRange, index_view

    entries = [
        PackEntry("Example report", "panel-front-sheet", True, "docx", "6 January 2025", "Example"),
        PackEntry("Example paper", "care-plan", False, "pdf", "6 January 2025", "Example"),
    ]
    owed = [OwedPaper("Example paper", "panel adviser", "")]
    return index_view(
        entries,
        owed,
        version="pdf",
        pages=[PageRange(2, 3), PageRange(4, 7)],
        total_pages=7,
    )
