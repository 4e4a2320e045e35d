"""The per-render budget (``render.budget``): far above what real documents need, measuring
values in full, and stopping a render on its size, its steps or its time.

The hostile templates themselves are in ``test_robust_templates.py``; here are the budget's own
guarantees: every document of every sample renders within a small fraction of each limit (so the
limits never refuse a real document), nested values are measured as printing them would spell
them out, and each limit stops a render with its own message.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError

from permdocs.api import build_case
from permdocs.build.options import BuildOptions
from permdocs.render import budget
from permdocs.render import engine as render_engine
from permdocs.render.jinja_env import make_environment
from render_builds import SAMPLE_AS_OF, sample_folders


def test_every_sample_document_renders_well_within_every_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[budget.Budget] = []
    real = budget.render_budget

    @contextlib.contextmanager
    def recording() -> Iterator[budget.Budget]:
        with real() as current:
            yield current
            used.append(current)

    monkeypatch.setattr(render_engine, "render_budget", recording)
    for sample in sample_folders():
        case = shutil.copytree(sample, tmp_path / sample.name)
        build_case(case, BuildOptions(as_of=SAMPLE_AS_OF, draft=True))
    assert len(used) >= 20  # every report and letter of the samples
    assert max(b.made for b in used) < budget.MAX_MADE_PER_RENDER / 100
    assert max(b.steps for b in used) < budget.MAX_STEPS / 100


def test_nested_values_are_measured_as_printing_would_spell_them_out() -> None:
    text = "x" * 1000
    once = budget.text_size([text])
    assert once >= 1000
    shared = [text] * 50
    assert budget.text_size(shared) >= 50 * 1000  # one string held fifty times counts fifty
    nested: list[object] = [text]
    for _ in range(30):  # 2**30 copies once printed, in a few hundred bytes of memory
        nested = [nested, nested]
    assert budget.text_size(nested) > budget.MAX_MADE
    assert budget.text_size(nested, cap=5000) <= 5000 + 2000  # stops soon after the cap


def _render(source: str) -> None:
    make_environment().from_string(source).render()


def test_each_limit_stops_a_render_with_its_own_message(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SecurityError, match="steps"):
        _render("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    with pytest.raises(SecurityError, match="characters or items for one document"):
        _render("{% for i in range(100000) %}{% set x = 'y' * 900000 %}{% endfor %}")
    # The clock: a render that has run past its time is stopped at its next look at the clock.
    clock = iter(range(0, 10**9, 100))
    monkeypatch.setattr(budget.time, "monotonic", lambda: float(next(clock)))
    with pytest.raises(SecurityError, match="seconds"):
        _render("{% for i in range(100000) %}{% endfor %}")


def test_a_recursive_loop_counts_its_steps_too() -> None:
    with pytest.raises(SecurityError, match="steps"):
        _render(
            "{% for x in [1] recursive %}{% for y in range(50000) %}{% endfor %}"
            "{{ loop(range(100000)) }}{% endfor %}"
        )
