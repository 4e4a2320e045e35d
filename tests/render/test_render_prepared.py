"""The bundled templates' clean-up done ahead (templates/prepared.json, render/cleanup.py) gives
exactly what cleaning them up at run time gives, is current, and is used only where it applies."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from permdocs.render import cleanup, engine
from permdocs.render.engine import prepare_template
from permdocs.resources import bundled_templates_dir

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(bundled_templates_dir().glob("*.docx"))


@pytest.fixture
def fresh() -> Iterator[None]:
    """Prepared templates forgotten before and after (the cache is by file hash)."""
    engine.clear_cache()
    yield
    engine.clear_cache()
    cleanup.bundled_sources.cache_clear()


def _sources(path: Path) -> list[tuple[str, str, bool]]:
    return [(p.name, p.source, p.fix_tables) for p in prepare_template(path).parts]


@pytest.mark.parametrize("path", TEMPLATES, ids=[path.stem for path in TEMPLATES])
def test_done_ahead_or_at_run_time_every_part_compiles_from_the_same_source(
    path: Path, fresh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest in cleanup.bundled_sources(), "run `make templates`"
    ahead = _sources(path)
    engine.clear_cache()
    monkeypatch.setattr(engine, "bundled_sources", dict)  # nothing known ahead
    assert _sources(path) == ahead


def test_prepared_json_is_current() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_prepared.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr


def test_a_changed_template_is_cleaned_up_at_run_time(
    tmp_path: Path, fresh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = bundled_templates_dir() / "ppm-referral.docx"
    changed = tmp_path / "ppm-referral.docx"
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/app.xml":
                data = data.replace(b"</Properties>", b"<!-- edited --></Properties>")
            target.writestr(info, data)
    cleaned: list[str] = []
    real = engine.cleaned

    def counting(name: str, *args: object) -> tuple[str, bool]:
        cleaned.append(name)
        return real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "cleaned", counting)
    prepare_template(original)
    assert cleaned == []  # known ahead
    prepare_template(changed)
    assert "word/document.xml" in cleaned  # not known: cleaned up here


def test_a_file_made_by_another_docxtpl_is_not_used(
    fresh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    cleanup.bundled_sources.cache_clear()
    monkeypatch.setattr(cleanup, "docxtpl_fingerprint", lambda: "another docxtpl")
    assert cleanup.bundled_sources() == {}
    stored = json.loads((bundled_templates_dir() / cleanup.PREPARED_NAME).read_text("utf-8"))
    assert stored["docxtpl"] != "another docxtpl"


def test_the_fingerprint_is_docxtpls_own_clean_up_code() -> None:
    spec = importlib.util.find_spec("docxtpl")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "template.py"
    assert "def patch_xml" in path.read_text(encoding="utf-8")
    assert cleanup.docxtpl_fingerprint() == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_bundled_render_is_the_same_either_way(
    fresh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from permdocs.build.options import BuildOptions
    from permdocs.build.run import CaseRun
    from permdocs.policy.documents import KINDS
    from render_builds import FIXTURE, FIXTURE_AS_OF

    def rendered() -> bytes:
        run = CaseRun.start(FIXTURE, BuildOptions(as_of=FIXTURE_AS_OF, draft=True))
        return run.render_report(KINDS["matching-report-part3"]).data

    ahead = rendered()
    engine.clear_cache()
    monkeypatch.setattr(engine, "bundled_sources", dict)
    with zipfile.ZipFile(io.BytesIO(ahead)) as one, zipfile.ZipFile(io.BytesIO(rendered())) as two:
        assert [(i.filename, one.read(i)) for i in one.infolist()] == [
            (i.filename, two.read(i)) for i in two.infolist()
        ]
