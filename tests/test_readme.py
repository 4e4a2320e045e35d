"""The README stays true: its architecture table names every module, and its Safety section names
only tests that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
PACKAGE = ROOT / "src" / "permdocs"


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else len(README)]


def test_the_architecture_table_names_every_module_and_no_other() -> None:
    table = _section("Architecture")
    named = set(re.findall(r"^\| `([a-z_]+(?:\.py|/))` \|", table, flags=re.MULTILINE))
    modules = {
        path.name if path.is_file() else path.name + "/"
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" and not path.name.startswith("__"))
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert modules - named == set(), "modules missing from the README's architecture table"
    assert named - modules == set(), "the README's architecture table names modules that are gone"


def test_every_test_the_safety_section_names_exists() -> None:
    references = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", _section("Safety"))
    assert len(references) >= 20
    for file, name in references:
        source = (ROOT / file).read_text("utf-8")
        assert re.search(rf"^def {name}\(", source, flags=re.MULTILINE), f"{file}::{name}"
