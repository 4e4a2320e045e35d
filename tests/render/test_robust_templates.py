"""A council's template cannot run code, read Python's internals or exhaust the machine, and a
case's data is never run as a template.

Each payload is put into a paragraph of the bundled ppm-referral template, saved as a council's
``ppm-referral.docx``, and then:

- built with ``permdocs build --templates DIR`` over an earlier good build: exit 1, a message
  naming the template, no traceback, and the output folder exactly as it was (the template check,
  ``lint.ensure_usable``, usually stops it first);
- rendered directly (``render.prepare_template`` and ``render_document``, as the template check
  itself does last), so that the sandbox is tested on its own, not only the check in front of it:
  refused with a TemplateError naming the template, within seconds.

The same payloads typed into the case's data are printed literally.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from case_factory import AS_OF, complete_data, default_profile
from permdocs.api import case_profile, load_case
from permdocs.cli import cli
from permdocs.errors import TemplateError
from permdocs.model import Case
from permdocs.policy.documents import KINDS
from permdocs.render.engine import prepare_template, render_document
from permdocs.render.viewmodel import build_view, document_context
from permdocs.resources import bundled_templates_dir
from render_builds import FIXTURE, FIXTURE_AS_OF, copy_case
from robust_helpers import changes, document_text, render_documents, snapshot

INJECTION = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.system('touch /tmp/permdocs-pwned') }}",
    "{{ x|attr('__class__') }}",
    "{{ child|attr('__class__') }}",
    "{{ '%s'|format(child.__class__) }}",
    "{{ '{0.__class__}'.format(child) }}",
    "{{ '{0.__init__.__globals__}'.format(cycler) }}",
    "{% import os %}",
    "{% import 'os' as os %}{{ os }}",
    "{% include '/etc/passwd' %}",
    "{{ self.__dict__ }}",
    "{{ lipsum.__globals__ }}",
    "{{ child.lac_reviews.append(1) }}",
    "{{ child.full_name|urlize }}",  # HTML links are not Word text: the document would be corrupt
]
"""Reaching Python: each is an attribute the sandbox refuses, a name that does not exist, or
something no template can do (import, include)."""

EXHAUSTION = [
    "{{ range(10**9)|list }}",
    "{{ 'a' * 10**9 }}",
    "{{ 'a' * 1000000000 }}",  # a constant: must not be worked out while compiling either
    "{{ 10 ** (10 ** 9) }}",
    "{{ 'x'|center(1000000000) }}",
    "{{ 'x'|indent(1000000000) }}",
    "{{ '%0999999999d'|format(1) }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ range(100000)|join('a' * 1000000) }}",
    "{{ ('a' * 1000000)|replace('', 'b' * 1000) }}",
    "{{ ('a' * 1000)|wordwrap(1, wrapstring='b' * 100000) }}",
    "{{ [1]|batch(1000000000, 'x')|list }}",
    "{{ [1]|slice(1000000000)|list }}",
    "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
    "{% for i in range(100000) %}{{ 'a' * 1000000 }}{% endfor %}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{{ 1 / 0 }}",
]
"""Exhausting memory or time: Jinja's sandbox refuses a range of more than MAX_RANGE items;
permdocs' environment bounds the rest (``jinja_env``)."""

ACCUMULATION = [
    # join over large items, each within bounds
    "{{ range(3000)|map('string')|map('center', 9000)|join }}",
    # a namespace list grown by a large value each round, and by a small one
    "{% set ns = namespace(items=[]) %}{% for i in range(100000) %}"
    "{% set ns.items = ns.items + ['x' * 100000] %}{% endfor %}{{ ns.items|length }}",
    "{% set ns = namespace(items=[]) %}{% for i in range(100000) %}"
    "{% set ns.items = ns.items + [i] %}{% endfor %}{{ ns.items|length }}",
    # a filter mapped over a long range, each item within bounds
    "{{ range(100000)|map('center', 9999)|list|length }}",
    # a {% set %} block that multiplies what it captures, and ~ doing the same
    "{% set a = 'a' * 1000000 %}{% set b %}{{ a }}{{ a }}{{ a }}{{ a }}{{ a }}{{ a }}{{ a }}"
    "{{ a }}{% endset %}{% set c %}{{ b }}{{ b }}{{ b }}{{ b }}{{ b }}{{ b }}{{ b }}{{ b }}"
    "{% endset %}{% set d %}{{ c }}{{ c }}{{ c }}{{ c }}{{ c }}{{ c }}{{ c }}{{ c }}{% endset %}"
    "{{ d|length }}",
    "{% set a = 'a' * 600000 %}{% set b = a ~ a %}{{ b|length }}",
    # nested lists that spell out far more than they hold
    "{% set a = ['x' * 100000] %}{% set b = [a, a, a, a, a, a, a, a, a, a, a, a] %}"
    "{% set c = [b, b, b, b, b, b, b, b, b, b] %}{{ c|string|length }}",
    # string methods that pad or multiply
    "{{ 'x'.ljust(1000000000) }}",
    "{{ 'x'.center(1000000000) }}",
    "{{ ('a' * 1000000).replace('a', 'bb') }}",
    "{{ 'aaa'.translate({97: 'b' * 100000}) }}",
    # loops that print nothing: a loop inside a loop, a macro calling itself twice
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
]
"""Exhausting memory or time a step at a time, each step within bounds (``budget``): the size of
each value counted in full, everything a render makes added up, and its steps counted."""

PAYLOADS = INJECTION + EXHAUSTION + ACCUMULATION


def council_template(folder: Path, payload: str, kind: str = "ppm-referral") -> Path:
    """A council's templates folder holding the bundled ``kind`` template with ``payload`` added
    as a paragraph of its body."""
    document = docx.Document(str(bundled_templates_dir() / f"{kind}.docx"))
    document.add_paragraph(payload)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}.docx"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def build(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["build", "--as-of", "2025-10-21", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


@pytest.fixture
def built_case(tmp_path: Path) -> Path:
    """A copy of the render fixture with its referral already built (the earlier outputs)."""
    folder = copy_case(FIXTURE, tmp_path / "case")
    result = build("--only", "ppm-referral", str(folder))
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_council_template_fails_the_build_and_changes_nothing(
    tmp_path: Path, built_case: Path, payload: str
) -> None:
    template = council_template(tmp_path / "council", payload)
    before = snapshot(built_case)
    result = build(
        "--templates", str(template.parent), "--only", "ppm-referral", "--force", str(built_case)
    )
    assert result.exit_code == 1, result.output
    assert str(template) in result.output  # names the template
    assert "Traceback" not in result.output
    assert "Nothing was written" in result.output or "cannot be used" in result.output
    assert snapshot(built_case) == before, changes(before, snapshot(built_case))
    assert not Path("/tmp/permdocs-pwned").exists()


def _render_directly(template: Path) -> bytes:
    folder = load_case(FIXTURE)
    view = build_view(folder.case, case_profile(folder), as_of=FIXTURE_AS_OF)
    kind = KINDS["ppm-referral"]
    context = document_context(view, kind, draft=False, as_of=FIXTURE_AS_OF)
    prepared = prepare_template(template, label=str(template))
    return render_document(prepared, context, document="ppm-referral", draft=False)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_template_check_refuses_what_the_build_refuses(tmp_path: Path, payload: str) -> None:
    """``permdocs templates check`` renders a council's template within the build's limits, so
    it refuses every payload the build refuses, naming the template and (for what only shows
    when the template runs) the paragraph holding the tag."""
    template = council_template(tmp_path / "council", payload)
    result = CliRunner().invoke(cli, ["templates", "check", str(template.parent)])
    assert result.exit_code == 1, result.output
    assert str(template) in result.output
    assert "Traceback" not in result.output
    if payload in ACCUMULATION:
        assert "(found by rendering the template" in result.output
        assert f"(in the paragraph “{payload[:30]}" in result.output.replace("\n", "")


@pytest.mark.parametrize("payload", ACCUMULATION)
def test_a_render_stays_within_its_memory_bound(tmp_path: Path, payload: str) -> None:
    """Each payload is stopped before it holds more than a bounded amount of memory (the
    per-render budget is 32 million characters or items; the peak stays well under a gigabyte,
    where without the bounds each takes from one to many gigabytes)."""
    template = council_template(tmp_path, payload)
    tracemalloc.start()
    try:
        with pytest.raises(TemplateError):
            _render_directly(template)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 400 * 1024 * 1024, f"{peak:,} bytes"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_sandbox_itself_refuses_each_payload_quickly(tmp_path: Path, payload: str) -> None:
    template = council_template(tmp_path, payload)
    with pytest.raises(TemplateError) as caught:
        _render_directly(template)
    assert str(template) in caught.value.message
    assert caught.value.hint


def test_a_template_printing_within_the_limits_still_renders(tmp_path: Path) -> None:
    """The limits leave room for anything a document does: a line of dashes, padded numbers."""
    template = council_template(
        tmp_path,
        "{{ '-' * 80 }}|{{ '%05d'|format(42) }}|{{ '{:>6}'.format('x') }}|{{ 2 ** 10 }}|"
        "{{ child.full_name|center(30) }}|{{ [1, 2, 3]|join(', ') }}|"
        "{% set ns = namespace(n=0) %}{% for r in child.lac_reviews %}"
        "{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}",
    )
    text = document_text(_render_directly(template))
    assert f"{'-' * 80}|00042|     x|1024|" in text
    assert "|1, 2, 3|" in text


def test_a_zip_bomb_template_fails_the_build_and_changes_nothing(
    tmp_path: Path, built_case: Path
) -> None:
    """A template that unpacks to far more than it weighs is refused before it is unpacked."""
    folder = tmp_path / "council"
    folder.mkdir()
    bundled = bundled_templates_dir() / "ppm-referral.docx"
    bomb = folder / "ppm-referral.docx"
    with (
        zipfile.ZipFile(bundled) as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
        target.writestr("customXml/item9.xml", b"<a>" + b" " * 8_000_000 + b"</a>")
    assert bomb.stat().st_size < 100_000
    before = snapshot(built_case)
    result = build("--templates", str(folder), "--only", "ppm-referral", "--force", str(built_case))
    assert result.exit_code == 1, result.output
    assert str(bomb) in result.output
    assert "Traceback" not in result.output
    assert snapshot(built_case) == before, changes(before, snapshot(built_case))


# --- the same payloads as data ------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_typed_into_the_case_are_printed_literally(payload: str) -> None:
    data = complete_data()
    data["child"]["wishes_and_feelings"] = payload
    data["siblings"][0]["name"] = payload
    data["birth_parents"][0]["name"] = f"Jane {payload}"
    documents = render_documents(Case.model_validate(data), default_profile(), AS_OF)
    texts = {name: document_text(blob) for name, blob in documents.items()}
    assert payload in texts["matching-report-part2"]  # wishes and feelings, the sibling
    assert f"Jane {payload}" in texts["letter-birth-parent-mother"]
