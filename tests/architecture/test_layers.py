"""The package tree is the pipeline: each layer imports only the layers below it.

Read from the source with ``ast`` (every import, including those inside functions and
``TYPE_CHECKING`` blocks), so a new module cannot quietly reach upwards or start a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "permdocs"

# Top to bottom. A package may import its own modules and any package on a lower floor; packages
# on one floor do not import each other.
FLOORS: list[set[str]] = [
    {"__main__"},
    {"cli"},
    {"serve"},  # `permdocs serve` (in cli) starts it; it reaches the rest through api and below
    {"api"},
    {"build"},
    {"lint"},
    {"letters", "pack"},
    {"render"},
    {"checks", "write"},
    {"load"},
    {"policy"},
    {"model"},
    {"errors", "resources", "__init__"},
]
FLOOR = {name: index for index, floor in enumerate(FLOORS) for name in floor}
MAX_TOP_LEVEL_MODULES = 8
MAX_MODULE_LINES = 700


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _unit(path: Path) -> str:
    """The layer a file belongs to: its top-level package, or the top-level module's name."""
    return path.relative_to(SRC).with_suffix("").parts[0]


def _imported_units(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(path.relative_to(SRC).parent.parts)
    units: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
                if target:
                    units.add(target[0])
                else:  # ``from . import x`` at the top: x is the unit
                    units.update(alias.name for alias in node.names)
            elif node.module and node.module.split(".")[0] == "permdocs":
                parts = node.module.split(".")
                units.add(parts[1] if len(parts) > 1 else "__init__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "permdocs":
                    units.add(parts[1] if len(parts) > 1 else "__init__")
    return units


def test_every_unit_has_a_floor() -> None:
    units = {_unit(path) for path in _modules()}
    assert units <= set(FLOOR), f"put these on a floor in FLOORS: {sorted(units - set(FLOOR))}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_only_reach_downwards(path: Path) -> None:
    unit = _unit(path)
    upward = sorted(
        target
        for target in _imported_units(path) - {unit}
        if target in FLOOR and FLOOR[target] <= FLOOR[unit]
    )
    assert not upward, f"{path.relative_to(SRC)} ({unit}) imports {upward}, not below it"


def test_few_modules_at_the_top() -> None:
    top = [path.name for path in SRC.glob("*.py")]
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_is_too_long(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(SRC)}: {lines} lines; split it"


def test_the_layer_test_can_see_an_upward_import(tmp_path: Path) -> None:
    """Guard the guard: a relative import from model up into build is found."""
    module = SRC / "model" / "case.py"
    assert "model" in {_unit(module)}
    text = "from ..build.reports import build_case\n"
    fake = tmp_path / "probe.py"
    fake.write_text(text)
    tree = ast.parse(text)
    node = tree.body[0]
    assert isinstance(node, ast.ImportFrom) and node.level == 2 and node.module
    assert node.module.split(".")[0] == "build"
