"""``permdocs verify``: the accessibility and print check over Word documents already built.

Takes files and folders: a ``.docx`` is checked; a folder's ``.docx`` files are (a case folder's
``out/`` when it holds a case file). Word's own lock files (``~$...``) are passed over. Each
document's findings come from :func:`permdocs.lint.accessibility.check_accessibility`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import CaseFolderError, PermdocsError
from ..lint.accessibility import RULES, AccessibilityFinding, check_accessibility

_CASE_FILES = ("case.yaml", "case.yml", "case.json")


@dataclass(frozen=True)
class DocumentCheck:
    """One document's result: passed when it has no findings."""

    path: Path
    findings: tuple[AccessibilityFinding, ...]
    error: str = ""
    """Why the file could not be checked at all (not a Word file, damaged)."""

    @property
    def passed(self) -> bool:
        return not self.findings and not self.error


@dataclass(frozen=True)
class VerifyResult:
    documents: tuple[DocumentCheck, ...]
    rules: tuple[str, ...] = RULES

    @property
    def passed(self) -> bool:
        return all(document.passed for document in self.documents)


def documents_in(paths: Iterable[Path]) -> list[Path]:
    """The Word documents ``paths`` name, in order, each once (CaseFolderError when a path does
    not exist or names no Word document)."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
            continue
        if not path.is_dir():
            raise CaseFolderError(
                f"{path}: there is no such file or folder",
                hint="give a .docx file, a folder of them, or a case folder that has been built",
            )
        folder = path / "out" if any((path / name).is_file() for name in _CASE_FILES) else path
        documents = sorted(
            p for p in folder.glob("*.docx") if p.is_file() and not p.name.startswith("~$")
        )
        if not documents:
            raise CaseFolderError(
                f"{folder}: holds no Word documents (.docx) to check",
                hint="build the case first (permdocs build CASE_DIR), or name the documents",
            )
        found += documents
    return list(dict.fromkeys(found))


def verify_documents(paths: Iterable[Path | str]) -> VerifyResult:
    """Check every Word document ``paths`` name for accessibility and print layout."""
    checks = []
    for path in documents_in(Path(p) for p in paths):
        try:
            findings = check_accessibility(path.read_bytes(), label=str(path))
        except (OSError, PermdocsError) as error:
            checks.append(DocumentCheck(path, (), error=str(error)))
            continue
        except Exception as error:  # a damaged zip or XML: reported, never a traceback
            checks.append(
                DocumentCheck(path, (), error=f"cannot be read as a Word document ({error})")
            )
            continue
        checks.append(DocumentCheck(path, tuple(findings)))
    return VerifyResult(tuple(checks))
