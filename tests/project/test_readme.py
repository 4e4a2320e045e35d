"""The README stays true: its architecture table names every module, and its Safety section names
only tests that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text("utf-8")
PACKAGE = ROOT / "src" / "permdocs"


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else len(README)]


def test_the_architecture_table_names_every_module_and_no_other() -> None:
    """Each module has a row (``pkg/mod.py``), or its package has one (``pkg/``)."""
    table = _section("Architecture")
    named = set(re.findall(r"^\| `([\w/]+(?:\.py|/))` \|", table, flags=re.MULTILINE))
    modules = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if not (path.name == "__init__.py" and path.parent != PACKAGE)
    }
    covered = {
        module
        for module in modules
        if module in named or any(module.startswith(row) for row in named if row.endswith("/"))
    }
    assert modules - covered == set(), "modules missing from the README's architecture table"
    existing = modules | {
        str(path.relative_to(PACKAGE)) + "/" for path in PACKAGE.rglob("*") if path.is_dir()
    }
    assert named - existing == set(), "the README's architecture table names modules that are gone"


def test_every_test_the_safety_section_names_exists() -> None:
    references = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", _section("Safety"))
    assert len(references) >= 20
    for file, name in references:
        source = (ROOT / file).read_text("utf-8")
        assert re.search(rf"^def {name}\(", source, flags=re.MULTILINE), f"{file}::{name}"
