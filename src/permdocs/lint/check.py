"""Checking a Word template before permdocs will use it.

One file at a time (:func:`lint_file`) or a whole folder (:func:`lint_folder`), in the order that
keeps a hostile file from doing harm: the zip's own directory first (sizes, ratios, names; see
``safezip``), before anything is unpacked; then each XML part, parsed strictly, with any DOCTYPE
refused; then macros, outside links, fetching fields, embedded files, unusual parts and hidden
text (``exposure``; a build strips the same links from outside papers, ``render.outside_links``); then the tags paragraph by paragraph
(``tags``), their Jinja syntax, every name they use against the kind's view model (``names``,
``schema``); then the OFFICIAL-SENSITIVE marking of every section; and last, the renderer's own
preparation of the file (``render.prepare_template``) and a trial render within the build's limits
(``trial``), so nothing the renderer would refuse is reported clean.

A build uses a council template only if it has no errors (:func:`ensure_usable`).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError
from lxml import etree

from ..errors import TemplateError, UnsafePackageError
from ..model.versions import Contract, major_of
from ..policy.documents import DocumentKind
from ..render.engine import rendered_parts
from ..render.jinja_env import make_environment
from ..render.properties import PROPERTY, UNVERSIONED, declared_contract
from ..render.safezip import read_file, read_package
from ..render.verify import MARKING, TAG_PATTERN, W, page_edges, strict_parser
from .contract import current
from .exposure import exposure_findings
from .findings import FileReport, LintFinding, Place, Severity
from .names import NameChecker
from .schema import everything_schema, schema_for, template_kinds
from .tags import PartTags, read_part, statement_word, unclosed_block
from .trial import trial_findings

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_MAIN = f"{_WORD}.document.main+xml"
_TEMPLATE_MAIN = f"{_WORD}.template.main+xml"
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin")
_TEMPLATE_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm", ".doc", ".dot")
_TRACKED = ("ins", "del", "moveFrom", "moveTo")

_environment = make_environment()
_cache: dict[tuple[str, str | None, Contract], FileReport] = {}
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class FolderReport:
    folder: str
    files: tuple[FileReport, ...]
    findings: tuple[LintFinding, ...] = ()
    """About the folder as a whole (no templates in it)."""

    @property
    def errors(self) -> int:
        return sum(len(f.errors) for f in self.files) + sum(
            1 for f in self.findings if f.severity == "error"
        )

    @property
    def warnings(self) -> int:
        return sum(len(f.warnings) for f in self.files) + sum(
            1 for f in self.findings if f.severity == "warning"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "folder": self.folder,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [finding.as_dict() for finding in self.findings],
            "files": [report.as_dict() for report in self.files],
        }


# --- folders ----------------------------------------------------------------------------------


def lint_folder(folder: Path | None = None) -> FolderReport:
    """Check every Word file in ``folder`` (default: the bundled templates)."""
    from ..resources import bundled_templates_dir

    target = folder if folder is not None else bundled_templates_dir()
    shown = str(target) if folder is not None else "bundled templates"
    files = template_files(target)
    if not files:
        return FolderReport(
            shown,
            (),
            (
                LintFinding(
                    "no-templates",
                    "error",
                    f"{target} holds no Word templates (.docx)",
                    hint="put the council's templates here, named after the documents they make "
                    "(ppm-referral.docx …); start from the bundled ones with: permdocs templates "
                    "copy " + str(target),
                ),
            ),
        )
    return FolderReport(shown, tuple(lint_file(path) for path in files))


def template_files(folder: Path) -> list[Path]:
    """The Word files in ``folder`` (not in its subfolders), in name order."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file()
        and path.suffix.lower() in _TEMPLATE_SUFFIXES
        and not path.name.startswith("~$")  # Word's lock file beside an open document
    )


# --- one file ---------------------------------------------------------------------------------


def lint_file(path: Path, *, kind: str | None = None) -> FileReport:
    """Every problem with one template. ``kind`` defaults to the kind the file is named after."""
    kinds = template_kinds()
    findings: list[LintFinding] = []
    name = kind or path.stem
    chosen = kinds.get(name)
    if chosen is None:
        findings.append(_unknown_kind(path, kinds))
    suffix = path.suffix.lower()
    if suffix in (".docm", ".dotm"):
        findings.append(_macro(Place(""), "its file type (.docm/.dotm) is macro-enabled"))
        return _report(path, chosen, findings)
    if suffix in (".doc", ".dot"):
        findings.append(
            LintFinding(
                "old-word-format",
                "error",
                "is an old-style Word 97-2003 file, which permdocs cannot use",
                hint="open it in Word and save it as a Word Document (.docx)",
            )
        )
        return _report(path, chosen, findings)
    try:
        data = read_file(path)
    except TemplateError as error:
        findings.append(_refused(error))
        return _report(path, chosen, findings)
    key = (hashlib.sha256(data).hexdigest(), chosen.kind if chosen else None, current())
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return replace(cached, path=str(path), findings=tuple(findings) + cached.findings)
    content, declared = _lint_bytes(data, path, chosen)
    report = replace(_report(path, chosen, content), contract=declared)
    with _cache_lock:
        _cache[key] = report
    return replace(report, findings=tuple(findings) + report.findings)


def ensure_usable(path: Path, kind: DocumentKind) -> dict[str, str]:
    """Raise TemplateError listing every error if ``path`` cannot be used for ``kind``; else
    return the renamed names it uses (as written, and as written now) for the build to render
    them by.

    Called by the build for a council's own template before it is loaded; warnings do not stop
    it. A template is only checked once per run however many cases use it (by its SHA-256).
    """
    report = lint_file(path, kind=kind.kind)
    errors = report.errors
    if not errors:
        return report.renames
    count = len(errors)
    lines = "\n".join("  " + str(error).replace("\n", "\n  ") for error in errors)
    raise TemplateError(
        f"{path}: the council's {kind.kind} template cannot be used: "
        f"{count} problem{'s' if count != 1 else ''} found by the template check:\n{lines}",
        hint=f"correct the template in Word and check it again with: permdocs templates check "
        f"{path.parent}; or move it out of the folder to use the bundled {kind.kind} template",
    )


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _report(path: Path, kind: DocumentKind | None, findings: Iterable[LintFinding]) -> FileReport:
    return FileReport(
        str(path),
        kind.kind if kind else None,
        kind.audience if kind else None,
        tuple(findings),
    )


def _lint_bytes(
    data: bytes, path: Path, kind: DocumentKind | None
) -> tuple[list[LintFinding], str]:
    """Every finding for a template's bytes, and the contract version it declares."""
    findings: list[LintFinding] = []
    try:
        entries = read_package(data, label=path.name)
    except UnsafePackageError as error:
        return [_refused(error)], UNVERSIONED
    contents = {entry.name: entry.data for entry in entries}
    findings += _package_findings(contents, kind)
    if any(f.code in ("doctype", "macro-enabled", "not-a-word-document") for f in findings):
        return findings, UNVERSIONED  # nothing further is read from a file refused outright
    declared = declared_contract(contents)
    findings += _contract_findings(declared, path)
    parts = _parse_parts(contents, findings)
    findings += exposure_findings(contents, parts, kind)
    types = parts.get("[Content_Types].xml")
    rendered = rendered_parts(types) if types is not None else {}
    main = next((name for name, where in rendered.items() if where == "the body"), None)
    if main is None or main not in parts:
        findings.append(_no_body(types))
        return findings, declared
    findings += _tags_outside_text(contents, rendered)
    for name in rendered:
        if name not in parts:
            continue
        found = read_part(name, parts[name])
        findings += found.findings
        findings += _tracked_changes(name, parts[name])
        findings += _jinja_findings(found, kind)
    findings += _marking_findings(parts, main)
    if not any(f.severity == "error" for f in findings):
        findings += _renderer_findings(path, kind)
    return findings, declared


def _contract_findings(declared: str, path: Path) -> list[LintFinding]:
    """A template written for a contract this permdocs no longer (or does not yet) supports."""
    contract = current()
    try:
        major = major_of(declared)
    except ValueError as error:
        return [
            LintFinding(
                "contract-version",
                "error",
                f"its “{PROPERTY}” document property is not a version ({error})",
                hint=f"set it to {contract.version} in File > Info > Properties > Advanced"
                " properties > Custom, after checking the template against docs/fields.md",
            )
        ]
    if contract.supports(declared):
        return []
    if major > contract.major:
        return [
            LintFinding(
                "contract-newer",
                "error",
                f"was written for template contract {declared}, newer than this permdocs"
                f" ({contract.version})",
                hint="upgrade permdocs, or use a template written for this version",
            )
        ]
    return [
        LintFinding(
            "contract-unsupported",
            "error",
            f"was written for template contract {declared}; this permdocs supports"
            f" {contract.major - 1}.x and {contract.major}.x, so its renamed names no longer work",
            hint=f"run: permdocs templates upgrade {path.parent} (it rewrites the names that"
            " changed and keeps everything else), then check the template again",
        )
    ]


# --- the package ------------------------------------------------------------------------------


def _package_findings(contents: dict[str, bytes], kind: DocumentKind | None) -> list[LintFinding]:
    findings: list[LintFinding] = []
    types = contents.get("[Content_Types].xml", b"")
    if not types:
        findings.append(
            LintFinding(
                "not-a-word-document",
                "error",
                "is not a Word document: it has no [Content_Types].xml",
                hint="save the template from Word as a Word Document (.docx)",
            )
        )
        return findings
    macro_parts = [name for name in contents if name.lower().rsplit("/", 1)[-1] in _MACRO_PARTS]
    if macro_parts:
        findings.append(_macro(Place(macro_parts[0]), "it holds a macro project"))
    elif b"macroEnabled" in types or b"vbaProject" in types:
        findings.append(
            _macro(Place("[Content_Types].xml"), "its content types declare it macro-enabled")
        )
    for name, data in contents.items():
        # Searched in the whole part: comments may come before a DOCTYPE in the prolog.
        if name.lower().endswith((".xml", ".rels", ".vml")) and _DOCTYPE.search(data):
            findings.append(
                LintFinding(
                    "doctype",
                    "error",
                    "declares a DOCTYPE or entities, which Word never writes and which can be "
                    "used to read files or exhaust memory",
                    hint="do not use this file; start again from a bundled template "
                    "(permdocs templates copy DIR)",
                    place=Place(name),
                )
            )
    birth_parent = kind is not None and kind.audience == "birth-parent"
    for name in contents:
        # A birth parent's letter refuses any embedded object, wherever it is (``exposure``).
        if not birth_parent and name.startswith(("word/embeddings/", "word/activeX/")):
            findings.append(
                LintFinding(
                    "embedded-object",
                    "warning",
                    "holds an embedded object or control, which permdocs cannot check or fill in",
                    hint="delete the embedded object in Word (a picture is fine)",
                    place=Place(name),
                )
            )
            break
    return findings


def _parse_parts(contents: dict[str, bytes], findings: list[LintFinding]) -> dict[str, Any]:
    parts: dict[str, Any] = {}
    for name, data in contents.items():
        if not name.lower().endswith((".xml", ".rels")):
            continue
        try:
            parts[name] = etree.fromstring(data, strict_parser())
        except etree.XMLSyntaxError as exc:
            findings.append(
                LintFinding(
                    "damaged-xml",
                    "error",
                    f"is damaged XML ({exc.msg})",
                    hint="open the template in Word and save it again, or use the bundled one",
                    place=Place(name),
                )
            )
            continue
    return parts


def _no_body(types: Any) -> LintFinding:
    template = types is not None and any(
        override.get("ContentType") == _TEMPLATE_MAIN for override in types.iter(f"{_CT}Override")
    )
    if template:
        return LintFinding(
            "word-template-file",
            "error",
            "was saved as a Word Template (.dotx), not a Word Document",
            hint="open it in Word and use Save As > Word Document (.docx)",
        )
    return LintFinding(
        "no-body",
        "error",
        "has no document body",
        hint="save the template from Word as a Word Document (.docx)",
    )


def _tags_outside_text(contents: dict[str, bytes], rendered: dict[str, str]) -> list[LintFinding]:
    found = []
    for name, data in contents.items():
        if name in rendered or not name.endswith((".xml", ".rels")):
            continue
        match = TAG_PATTERN.search(data.decode("utf-8", errors="replace"))
        if match is None:
            continue
        where = "the file's properties" if name.startswith("docProps/") else name
        found.append(
            LintFinding(
                "tag-outside-text",
                "error",
                f"holds a template tag in {where}, which permdocs does not fill in",
                hint="tags work in the body, headers, footers and notes only; remove it (for "
                "the file's properties: File > Info > Properties in Word)",
                place=Place(name),
            )
        )
    return found


def _tracked_changes(name: str, root: Any) -> list[LintFinding]:
    for tag in _TRACKED:
        if root.find(f".//{W}{tag}") is not None:
            return [
                LintFinding(
                    "tracked-changes",
                    "warning",
                    "holds tracked changes, which can hide or split template tags",
                    hint="in Word: Review > Accept > Accept All Changes, then save",
                    place=Place(name),
                )
            ]
    return []


def _macro(place: Place, why: str) -> LintFinding:
    return LintFinding(
        "macro-enabled",
        "error",
        f"is macro-enabled ({why}); permdocs never uses a file that can run code",
        hint="in Word, use Save As > Word Document (.docx), which removes macros, and check the "
        "template again",
        place=place,
    )


def _refused(error: TemplateError) -> LintFinding:
    part = error.part if isinstance(error, UnsafePackageError) else ""
    message = error.message.split(": ", 1)[1] if ": " in error.message else error.message
    return LintFinding("refused", "error", message, hint=error.hint, place=Place(part))


def _unknown_kind(path: Path, kinds: dict[str, DocumentKind]) -> LintFinding:
    stem = path.stem
    near = [name for name in kinds if name == stem.lower().replace("_", "-").replace(" ", "-")]
    near = near or difflib.get_close_matches(stem.lower(), list(kinds), n=1, cutoff=0.75)
    if near:
        return LintFinding(
            "unknown-name",
            "error",
            f"is not named after a document permdocs makes, so it will never be used; did you "
            f"mean {near[0]}{path.suffix}?",
            hint=f"rename the file to {near[0]}{path.suffix}",
        )
    return LintFinding(
        "unknown-name",
        "warning",
        "is not named after a document permdocs makes, so it will never be used (its names are "
        "not checked)",
        hint="name each template after the document it makes: " + ", ".join(kinds),
    )


# --- tags and names ---------------------------------------------------------------------------


def _jinja_findings(found: PartTags, kind: DocumentKind | None) -> list[LintFinding]:
    if not found.tags:
        return []
    source = found.source
    try:
        tree = _environment.parse(source)
        _environment.compile(source)  # unknown filters and tests are found when compiling
    except TemplateSyntaxError as exc:
        return [_syntax(found, exc)]
    if kind is None:
        return []
    schema = schema_for(kind.kind)
    checker = NameChecker(
        schema,
        restricted=everything_schema() if kind.audience == "birth-parent" else None,
        globals_=list(_environment.globals),
        kind_title=f"{kind.kind} template",
    )
    return [
        LintFinding(
            issue.code,
            _severity(issue.code),
            issue.message,
            hint=issue.hint,
            place=found.place_at(issue.line),
            rename=(issue.subject, checker.renames[issue.subject])
            if issue.code == "deprecated-field"
            else None,
        )
        for issue in checker.check(tree)
    ]


def _severity(code: str) -> Severity:
    # A renamed name still renders (through its new name): the template works, but should change.
    return "warning" if code == "deprecated-field" else "error"


def _syntax(found: PartTags, exc: TemplateSyntaxError) -> LintFinding:
    message = exc.message or "not valid"
    if message.startswith("Unexpected end of template"):
        opener = unclosed_block(found)
        if opener is not None:
            word = statement_word(opener) or "block"
            prefix = "{%" + (opener.level if opener.level else "")
            return LintFinding(
                "syntax",
                "error",
                f"“{opener.raw}” is never closed",
                hint=f"add {prefix} end{word} %}} where the section ends (the same kind of tag: "
                f"{{%p %}}, {{%tr %}} or {{% %}} as the one that opens it)",
                place=opener.paragraph.place,
            )
    tag = found.tag_at(exc.lineno)
    hint = "check that the tag is typed as in docs/council-templates.md: {{ name }} to print, "
    hint += "{% if %} … {% endif %}, {% for x in list %} … {% endfor %}"
    unknown_level = re.search(r"unknown tag '(p|tr|tc|r)'", message)
    if unknown_level is not None:
        hint = (
            f"docxtpl's {{%{unknown_level.group(1)} … %}} tag needs exactly one space after "
            f"“{unknown_level.group(1)}” and no space before it, and no % or }} inside"
        )
    elif "No filter named 'safe'" in message:
        hint = "remove |safe: typed text is always escaped, so no template may switch it off"
    shown = f" in “{tag.raw}”" if tag is not None else ""
    return LintFinding(
        "syntax",
        "error",
        f"a template tag is not valid{shown}: {message}",
        hint=hint,
        place=found.place_at(exc.lineno),
    )


# --- the marking ------------------------------------------------------------------------------


def _marking_findings(parts: dict[str, Any], main: str) -> list[LintFinding]:
    """OFFICIAL-SENSITIVE in a header and a footer of every section (first and even pages too
    where the section has them), as ``verify`` will demand of every document made."""
    findings: list[LintFinding] = []
    reported: set[tuple[str, str, str]] = set()
    for edge in page_edges(parts, main):
        where = Place(edge.target or main, f"section {edge.section}{edge.pages} {edge.kind}")
        if MARKING not in edge.text and "doc.marking" not in edge.text:
            key = (edge.target or f"section {edge.section}", edge.kind, "marking")
            if key not in reported:
                reported.add(key)
                findings.append(
                    LintFinding(
                        "marking-missing",
                        "error",
                        f"the {edge.kind} of section {edge.section}{edge.pages} does not say "
                        f"{MARKING}, so the {edge.place} of those pages would be unmarked",
                        hint=f"type {MARKING} (in capitals) in the {edge.kind} of every "
                        "section in Word, including a different first page if there is one",
                        place=where,
                    )
                )
        elif all(word not in edge.text for word in ("DRAFT", "doc.status", "doc.draft")):
            key = (edge.target or f"section {edge.section}", edge.kind, "draft")
            if key not in reported:
                reported.add(key)
                findings.append(
                    LintFinding(
                        "draft-marking-missing",
                        "error",
                        f"the {edge.kind} of section {edge.section}{edge.pages} never says DRAFT, "
                        "so drafts made from this template would be refused",
                        hint=f"add {{{{ doc.status }}}} (FINAL or DRAFT) to the {edge.kind}, "
                        "or {% if doc.draft %}DRAFT{% endif %}",
                        place=where,
                    )
                )
    return findings


# --- the renderer's own preparation -----------------------------------------------------------


def _renderer_findings(path: Path, kind: DocumentKind | None) -> list[LintFinding]:
    """The renderer's own preparation of the file, then (for a known kind) a trial render within
    the build's limits (``trial``), so nothing the build would refuse is reported clean."""
    from ..render.engine import prepare_template

    try:
        prepare_template(path, label=path.name)
    except TemplateError as error:
        return [
            LintFinding(
                "renderer-refuses",
                "error",
                error.message.removeprefix(f"{path.name}: "),
                hint=error.hint,
            )
        ]
    return trial_findings(path, kind) if kind is not None else []
