"""The shortcuts that make rendering fast change nothing a reader or a check can see.

- the package is zipped with each template's unchanged parts compressed once: the same entries,
  order, contents, times and permissions as zipfile writes;
- ``verify_docx`` reuses a part already parsed only when the package holds exactly those bytes,
  and still looks for leftover markers in every part;
- the sandbox decides once per (type, attribute) and still refuses what it refused before.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError

from permdocs.errors import RenderError
from permdocs.render.engine import _static_parts, _zip, _zip_packed, prepare_template
from permdocs.render.jinja_env import make_environment
from permdocs.render.missing import MARKER_START
from permdocs.render.verify import parse_part, verify_docx, verify_package
from permdocs.resources import bundled_templates_dir

TEMPLATES = sorted(bundled_templates_dir().glob("*.docx"))


def entries(data: bytes) -> list[tuple[str, bytes, tuple[int, ...], int, int]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return [
            (
                info.filename,
                archive.read(info),
                info.date_time,
                info.external_attr,
                info.compress_type,
            )
            for info in archive.infolist()
        ]


@pytest.mark.parametrize("path", TEMPLATES, ids=[path.stem for path in TEMPLATES])
def test_the_packed_zip_holds_what_zipfile_would_write(path: Path) -> None:
    template = prepare_template(path)
    static = _static_parts(template)
    rendered = {part.name: b"<w:document>caf\xc3\xa9</w:document>" for part in template.parts}
    assert entries(_zip_packed(template.entries, rendered, static)) == entries(
        _zip(template.entries, rendered)
    )
    assert entries(_zip_packed(template.entries, {}, static)) == entries(_zip(template.entries, {}))
    extra = (*template.entries, ("word/média.xml", b"<a/>"))
    assert entries(_zip_packed(extra, {}, static)) == entries(_zip(extra, {}))


def _template() -> tuple[bytes, dict[str, tuple[bytes, object]]]:
    template = prepare_template(bundled_templates_dir() / "panel-checklist.docx")
    data = _zip(template.entries, {})
    known = {
        name: (content, parse_part(content, part=name, document="x"))
        for name, content in template.entries
        if name.endswith((".xml", ".rels"))
    }
    return data, known


def test_a_known_part_is_parsed_again_when_the_package_holds_other_bytes() -> None:
    data, known = _template()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        original = [(info.filename, archive.read(info)) for info in archive.infolist()]
    broken = [
        (name, b"<w:settings>" if name == "word/settings.xml" else content)
        for name, content in original
    ]
    package = _zip(tuple(broken), {})
    with pytest.raises(RenderError, match=r"word/settings\.xml is not well-formed"):
        verify_docx(package, document="x", draft=False, known=known)


def test_a_marker_is_found_even_in_a_known_part() -> None:
    data, known = _template()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        original = [(info.filename, archive.read(info)) for info in archive.infolist()]
    marked = b"<x>" + MARKER_START.encode() + b"</x>"
    changed = [
        (name, marked if name == "docProps/app.xml" else content) for name, content in original
    ]
    known["docProps/app.xml"] = (marked, parse_part(marked, part="app", document="x"))
    with pytest.raises(RenderError, match="still holds a missing-value marker"):
        verify_docx(_zip(tuple(changed), {}), document="x", draft=False, known=known)


def test_the_sandbox_still_refuses_after_remembering() -> None:
    environment = make_environment()
    allowed = environment.from_string("{{ d.items() | list | length }}{{ s.upper() }}")
    for _ in range(2):
        assert allowed.render(d={"a": 1}, s="x") == "1X"
    for source in ("{{ d.pop('a') }}", "{{ l.append(1) }}", "{{ s.__class__ }}"):
        template = environment.from_string(source)
        for _ in range(2):  # refused the first time and, remembered, the second
            with pytest.raises(SecurityError):
                template.render(d={"a": 1}, l=[], s="x")
    # The same attribute name on another type is judged for that type.
    pop = environment.from_string("{{ x.pop }}")
    with pytest.raises(SecurityError):
        pop.render(x=[1])

    class Box:
        pop = "fine"

    assert pop.render(x=Box()) == "fine"


def test_a_render_is_verified_without_unzipping_what_it_just_zipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from permdocs.build.options import BuildOptions
    from permdocs.build.run import CaseRun
    from permdocs.policy.documents import KINDS
    from render_builds import FIXTURE, FIXTURE_AS_OF

    run = CaseRun.start(FIXTURE, BuildOptions(as_of=FIXTURE_AS_OF, draft=True))
    run.render_report(KINDS["ppm-referral"])  # templates prepared, code paths loaded

    def no_unzipping(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the render decompressed a part")

    with monkeypatch.context() as patch:
        patch.setattr(zipfile.ZipFile, "open", no_unzipping)
        data = run.render_report(KINDS["ppm-referral"]).data
    # What it verified is what a reader gets: the same checks pass on the unzipped package.
    verify_docx(data, document="x", draft=True)


def test_a_package_that_is_not_the_parts_held_is_refused() -> None:
    template = prepare_template(bundled_templates_dir() / "panel-checklist.docx")
    parts = dict(template.entries)
    data = _zip(template.entries, {})
    verify_package(data, parts, document="x", draft=False)
    for changed in (
        {**parts, "word/settings.xml": parts["word/settings.xml"] + b" "},
        {name: content for name, content in parts.items() if name != "docProps/app.xml"},
        {**parts, "word/extra.xml": b"<a/>"},
    ):
        with pytest.raises(RenderError, match="does not hold exactly the parts rendered"):
            verify_package(data, changed, document="x", draft=False)
    reordered = dict(reversed(list(parts.items())))
    with pytest.raises(RenderError, match="does not hold exactly the parts rendered"):
        verify_package(data, reordered, document="x", draft=False)


def test_a_marker_in_a_part_held_is_found() -> None:
    template = prepare_template(bundled_templates_dir() / "panel-checklist.docx")
    marked = b"<x>" + MARKER_START.encode() + b"</x>"
    entries = tuple(
        (name, marked if name == "docProps/app.xml" else content)
        for name, content in template.entries
    )
    with pytest.raises(RenderError, match="still holds a missing-value marker"):
        verify_package(_zip(entries, {}), dict(entries), document="x", draft=False)


def test_printed_values_are_shaped_the_same_on_the_quick_path() -> None:
    from permdocs.render.jinja_env import finalize_for_word

    for text in ("plain words", "", "Zoë O’Neil", "a & b", "<x>", "{{ 7*7 }}", "a\nb", "\t"):
        quick = finalize_for_word(text)
        slow = finalize_for_word(type("Text", (str,), {})(text))  # a str subclass: the long way
        assert quick == slow
        assert isinstance(quick, type(slow))
