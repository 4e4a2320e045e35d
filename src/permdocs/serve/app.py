"""The Starlette application: the dashboard, the task list, a page per section, check your
answers, and the documents page (build, confidentiality pre-flight, downloads).

Every page is made from the case file as it is on disk now (``cases.read_state``); every change
goes through ``saving`` (the command line's validation, lock and atomic write) or
``permdocs.api.build_case``. Pages are rendered by a sandboxed, autoescaping Jinja environment.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import PackageLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from ..errors import BlockedError, PermdocsError
from ..formatting import uk_date
from .cases import Cases, CaseState, ServedCase, problem_text, read_state, validate_plain
from .forms import (
    ABSENT,
    FormRead,
    Spec,
    Widget,
    attach_errors,
    build_widgets,
    field_id,
    group_spec,
    on_a_page,
    overlay,
    parse_field,
    place,
    read_form,
    value_at,
)
from .forms import (
    Path as FieldPath,
)
from .sections import BY_SLUG, SECTIONS, Section, findings_on, problems_on, section_for, tasks
from .security import CSRF_FIELD, Guard, QuietErrors, Secrets

STATIC_DIR = Path(__file__).parent / "static"
OUTPUT_SUFFIXES = (".docx", ".pdf", ".md", ".json")
_MAX_FIELDS = 20_000
"""Far more fields than a page holds (the default, 1,000, is reached by a long support plan)."""
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,200}$")


@dataclass
class Settings:
    root: Path
    as_of: date | None = None
    profile: str | None = None


def page_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=PackageLoader("permdocs.serve", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["uk_date"] = _uk_date
    env.globals["field_id"] = field_id
    return env


def _uk_date(value: Any) -> str:
    return uk_date(value) if isinstance(value, date) else str(value)


def create_app(
    root: Path,
    *,
    port: int,
    launch_token: str | None = None,
    as_of: date | None = None,
    profile: str | None = None,
) -> tuple[ASGIApp, Secrets]:
    """The application serving the case folder (or folder of cases) ``root`` on 127.0.0.1:``port``.

    Returns the ASGI application (with its security guard in front) and its secrets; the start
    address is ``/start?token=`` + ``secrets.launch_token``.
    """
    secrets_ = Secrets(port, launch_token)
    pages = Pages(Settings(Path(root), as_of, profile), secrets_)
    app = Starlette(
        routes=[
            Route("/", pages.home),
            Route("/case/{key}/", pages.task_list),
            Route("/case/{key}/section/{slug}", pages.section, methods=["GET", "POST"]),
            Route("/case/{key}/section/{slug}/missing", pages.missing, methods=["POST"]),
            Route("/case/{key}/check-answers", pages.check_answers),
            Route("/case/{key}/documents", pages.documents, methods=["GET", "POST"]),
            Route("/case/{key}/files/{name}", pages.download),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        ],
    )
    guarded = Guard(QuietErrors(app), secrets_, public_prefixes=("/static/",))
    return guarded, secrets_


class NotFound(Exception):
    pass


class Pages:
    def __init__(self, settings: Settings, secrets_: Secrets) -> None:
        self.settings = settings
        self.cases = Cases(settings.root)
        self.secrets = secrets_
        self.env = page_environment()

    # ------------------------------------------------------------------------------ helpers

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        page = self.env.get_template(template).render(
            csrf_field=CSRF_FIELD, csrf_token=self.secrets.csrf, **context
        )
        return HTMLResponse(page, status_code=status)

    def state(self, served: ServedCase, *, with_findings: bool = True) -> CaseState:
        return read_state(
            served,
            as_of=self.settings.as_of,
            profile=self.settings.profile,
            with_findings=with_findings,
        )

    def served(self, request: Request) -> ServedCase:
        served = self.cases.get(str(request.path_params["key"]))
        if served is None:
            raise NotFound()
        return served

    def not_found(self) -> HTMLResponse:
        return self.render("not_found.html", status=404, title="Page not found")

    # -------------------------------------------------------------------------------- pages

    async def home(self, request: Request) -> Response:
        single = self.cases.single
        if single is not None:
            return RedirectResponse(f"/case/{single.key}/", status_code=303)
        rows = []
        for served in self.cases.all():
            state = self.state(served)
            due = sorted(f.due for f in state.findings if f.due is not None)
            owners: dict[str, int] = {}
            for finding in state.findings:
                if finding.severity == "blocker":
                    owners[finding.owner] = owners.get(finding.owner, 0) + 1
            rows.append(
                {
                    "served": served,
                    "state": state,
                    "next_due": due[0] if due else None,
                    "owners": sorted(owners.items(), key=lambda item: -item[1]),
                    "blockers": sum(1 for f in state.findings if f.severity == "blocker"),
                    "warnings": sum(1 for f in state.findings if f.severity == "warning"),
                }
            )
        return self.render("dashboard.html", title="Cases", rows=rows, root=self.settings.root.name)

    async def task_list(self, request: Request) -> Response:
        try:
            served = self.served(request)
        except NotFound:
            return self.not_found()
        state = self.state(served)
        if state.data is None:
            return self.unreadable(state)
        rows = tasks(
            state.data,
            state.findings,
            state.problems,
            checked=state.case is not None and not state.profile_error,
        )
        groups: dict[str, list[Any]] = {}
        for task in rows:
            groups.setdefault(task.section.group, []).append(task)
        elsewhere = [p for p in state.problems if not on_a_page(parse_field(p.field))]
        owners: dict[str, list[Any]] = {}
        for finding in state.findings:
            if finding.severity in ("blocker", "warning"):
                owners.setdefault(finding.owner, []).append(finding)
        due = sorted(
            (f for f in state.findings if f.due is not None), key=lambda f: f.due or date.max
        )
        saved = BY_SLUG.get(str(request.query_params.get("saved", "")))
        return self.render(
            "task_list.html",
            title=f"Case {state.reference}",
            served=served,
            state=state,
            groups=groups,
            completed=sum(1 for task in rows if task.status == "completed"),
            total=len(rows),
            elsewhere=elsewhere,
            owners=owners,
            next_due=due[0] if due else None,
            saved=saved,
            problem_text=problem_text,
            section_for=_section_of_field,
        )

    def unreadable(self, state: CaseState) -> HTMLResponse:
        return self.render(
            "unreadable.html",
            title=f"Error: the case file cannot be read - {state.served.name}",
            state=state,
            problem_text=problem_text,
        )

    async def section(self, request: Request) -> Response:
        try:
            served = self.served(request)
        except NotFound:
            return self.not_found()
        section = BY_SLUG.get(str(request.path_params["slug"]))
        if section is None:
            return self.not_found()
        state = self.state(served)
        if state.data is None:
            return self.unreadable(state)
        if not state.editable:
            return self.render(
                "read_only.html", title="This case file cannot be changed here", state=state
            )
        reason = section.blocked_by(state.data)
        if reason:
            return self.render(
                "cannot_start.html",
                title=section.title,
                state=state,
                section=section,
                reason=reason,
            )
        if request.method == "GET":
            errors = {
                parse_field(p.field): problem_text(p) for p in problems_on(section, state.problems)
            }
            form = SectionForm.from_data(section, state.data)
            return self.section_page(state, section, form, errors, state.sha256)
        values = await request.form(max_fields=_MAX_FIELDS)
        action = str(values.get("action", "save"))
        loaded_sha = str(values.get("case_sha256", ""))
        form = SectionForm.from_request(section, values, keep_blank=action != "save")
        if action.startswith(("add:", "remove:")):
            focus = form.act(action)
            return self.section_page(state, section, form, {}, loaded_sha, focus=focus)
        return self.save(state, section, form, loaded_sha)

    def section_page(
        self,
        state: CaseState,
        section: Section,
        form: SectionForm,
        errors: Mapping[FieldPath, str],
        loaded_sha: str,
        *,
        notices: Sequence[str] = (),
        focus: str = "",
        status: int = 200,
    ) -> HTMLResponse:
        roots = form.widgets()
        summary: list[tuple[str, str]] = []
        placed: set[FieldPath] = set()
        here = {path: message for path, message in errors.items() if section.holds(path)}
        for root in roots:
            by_path = {widget.path: widget for widget in root.walk()}
            for widget, message in attach_errors(root, here):
                # The inline message and the summary's link say the same, as GOV.UK asks.
                widget.error = f"{_full_label(widget, by_path)}: {message}"
                summary.append((f"#{widget.target_id}", widget.error))
                placed.add(widget.path)
        for path, message in here.items():
            if not any(path[: len(p)] == p for p in placed):
                target = roots[0].target_id if roots else "main-content"
                summary.append((f"#{target}", f"{_path_label(path)}: {message}"))
        elsewhere = [
            (
                f"/case/{state.served.key}/section/{s.slug}#{field_id(path)}",
                f"{s.title}: {_path_label(path)}: {message}",
            )
            for path, message in errors.items()
            if (s := section_for(path)) is not None and s is not section
        ]
        findings = findings_on(section, state.findings)
        papers = _papers(state.served.folder) if section.slug == "attachments" else []
        return self.render(
            "section.html",
            papers=papers,
            status=status,
            title=("Error: " if summary or notices or elsewhere else "") + section.title,
            state=state,
            section=section,
            roots=roots,
            summary=summary,
            elsewhere=elsewhere,
            notices=list(notices),
            loaded_sha=loaded_sha,
            findings=findings,
            page_problems=summary,
            focus=focus,
        )

    def save(
        self, state: CaseState, section: Section, form: SectionForm, loaded_sha: str
    ) -> Response:
        from ..errors import CaseChangedError, CaseDataError, OutputError
        from .saving import save_case_yaml

        assert state.data is not None and state.path is not None
        if loaded_sha != state.sha256:
            return self.section_page(
                state,
                section,
                form,
                {},
                loaded_sha,
                notices=[
                    f"{state.path.name} was changed by someone or something else since this page"
                    " was opened, so your answers were not saved. Your answers are still on this"
                    " page: copy anything you need, then open the page again to see the file as"
                    " it is now."
                ],
                status=409,
            )
        merged = form.merged(state.data)
        _case, problems = validate_plain(state.served.folder, state.path, merged)
        before = {(p.field, p.message) for p in state.problems}
        errors: dict[FieldPath, str] = dict(form.problems())
        for problem in problems:
            path = parse_field(problem.field)
            if section.holds(path) or (problem.field, problem.message) not in before:
                errors.setdefault(path, problem_text(problem))
        if errors:
            return self.section_page(state, section, form, errors, loaded_sha)
        try:
            save_case_yaml(
                state.path,
                expected_sha256=loaded_sha,
                old_data=state.data,
                new_data=merged,
                spec=group_spec(()),
                origins=form.origins(),
            )
        except CaseDataError as error:  # the loader refuses what was typed: show it at its field
            refused = {parse_field(p.field): problem_text(p) for p in error.problems}
            return self.section_page(state, section, form, refused, loaded_sha)
        except (CaseChangedError, OutputError) as error:
            return self.section_page(
                state, section, form, {}, loaded_sha, notices=[str(error)], status=409
            )
        return RedirectResponse(
            f"/case/{state.served.key}/?saved={section.slug}#{section.slug}", status_code=303
        )

    async def missing(self, request: Request) -> Response:
        """What is still missing on a page, for its form as it stands (saved or not)."""
        try:
            served = self.served(request)
        except NotFound:
            return self.not_found()
        section = BY_SLUG.get(str(request.path_params["slug"]))
        state = self.state(served, with_findings=False)
        if section is None or state.data is None or state.path is None:
            return self.not_found()
        form = SectionForm.from_request(
            section, await request.form(max_fields=_MAX_FIELDS), keep_blank=False
        )
        merged = form.merged(state.data)
        case, problems = validate_plain(served.folder, state.path, merged)
        findings = []
        if case is not None:
            from .cases import findings_for, loaded_for

            found, _ = findings_for(
                case,
                loaded_for(served.folder, state.path, merged),
                self.settings.as_of,
                self.settings.profile,
            )
            findings = findings_on(section, found)
        # Only how many: the page's own error summary names them when the page is saved.
        page_problems = [*problems_on(section, problems), *form.problems().values()]
        return self.render(
            "_missing.html",
            findings=findings,
            page_problems=page_problems,
        )

    async def check_answers(self, request: Request) -> Response:
        try:
            served = self.served(request)
        except NotFound:
            return self.not_found()
        state = self.state(served)
        if state.data is None:
            return self.unreadable(state)
        blocks = []
        for section in SECTIONS:
            rows: list[tuple[str, str, str, str]] = []
            form = SectionForm.from_data(section, state.data)
            for root in form.widgets():
                by_path = {widget.path: widget for widget in root.walk()}
                for widget in root.walk():
                    if widget.spec.kind in ("group", "list"):
                        continue
                    rows.append(
                        (
                            _full_label(widget, by_path),
                            _shown(widget),
                            f"/case/{served.key}/section/{section.slug}#{widget.target_id}",
                            widget.spec.kind,
                        )
                    )
            blocks.append((section, rows))
        return self.render(
            "check_answers.html", title="Check your answers", state=state, blocks=blocks
        )

    async def documents(self, request: Request) -> Response:
        try:
            served = self.served(request)
        except NotFound:
            return self.not_found()
        state = self.state(served)
        if state.data is None:
            return self.unreadable(state)
        preflight = _preflight(state, self.settings)
        result = None
        errors: list[tuple[str, str]] = []
        if request.method == "POST":
            values = await request.form()
            draft = values.get("build") != "final"
            force = values.get("force") == "yes"
            pack = values.get("pack") == "yes"
            if state.case is None:
                errors.append(("#main-content", "The case file has problems: correct them first"))
            elif preflight.parent_letters and values.get("confirm") != "yes":
                errors.append(
                    (
                        "#confirm",
                        "Confirm that you have read the confidentiality check before building"
                        " letters to birth parents",
                    )
                )
            else:
                from ..api import build_case

                # The audit log records the build as made through serve, paths redacted.
                command = ["permdocs", "serve", *(["--draft"] if draft else [])]
                command += ["--force"] if force else []
                try:
                    result = build_case(
                        served.folder,
                        draft=draft,
                        force=force,
                        pack=pack,
                        as_of=self.settings.as_of,
                        profile=self.settings.profile,
                        command=[*command, str(served.folder)],
                    )
                except BlockedError as error:
                    errors += [
                        (
                            _field_link(served, getattr(b, "field", "")),
                            f"{getattr(b, 'label', '')}, owed by the {getattr(b, 'owner', '')}:"
                            f" {getattr(b, 'message', '')} To fix: {getattr(b, 'fix', '')}",
                        )
                        for b in error.blockers
                    ]
                except PermdocsError as error:
                    errors.append(
                        ("#build", error.message + (f" ({error.hint})" if error.hint else ""))
                    )
        return self.render(
            "documents.html",
            title=("Error: " if errors else "") + "Documents",
            state=state,
            served=served,
            outputs=_outputs(served.folder / "out"),
            preflight=preflight,
            result=result,
            errors=errors,
        )

    async def download(self, request: Request) -> Response:
        try:
            served = self.served(request)
        except NotFound:
            return self.not_found()
        name = str(request.path_params["name"])
        out = served.folder / "out"
        if name not in {item["name"] for item in _outputs(out)}:
            return self.not_found()
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return FileResponse(out / name, media_type=media, filename=name)


# ------------------------------------------------------------------------------ section forms


@dataclass
class SectionForm:
    """A page's fields: what the file holds, or what was submitted, part by part."""

    section: Section
    reads: list[FormRead] = field(default_factory=list)

    @classmethod
    def from_data(cls, section: Section, data: dict[str, Any]) -> SectionForm:
        reads = []
        for part in section.parts:
            value = value_at(data, part.base)
            reads.append(FormRead(value if isinstance(value, dict) else {}))
        return cls(section, reads)

    @classmethod
    def from_request(cls, section: Section, values: Any, *, keep_blank: bool) -> SectionForm:
        reads = [
            read_form(part.spec(), part.base, values, keep_blank_items=keep_blank)
            for part in section.parts
        ]
        return cls(section, reads)

    def widgets(self) -> list[Widget]:
        return [
            build_widgets(
                part.spec(),
                part.base,
                read.data,
                origins=read.origins,
                typed_dates=read.typed_dates,
            )
            for part, read in zip(self.section.parts, self.reads, strict=True)
        ]

    def merged(self, data: dict[str, Any]) -> dict[str, Any]:
        merged = data
        for part, read in zip(self.section.parts, self.reads, strict=True):
            old = value_at(data, part.base)
            new = overlay(old, read.data, part.spec(), at=part.base, origins=read.origins)
            merged = place(merged, part.base, new)
        return merged

    def origins(self) -> dict[FieldPath, list[int | None]]:
        found: dict[FieldPath, list[int | None]] = {}
        for read in self.reads:
            found.update(read.origins)
        return found

    def problems(self) -> dict[FieldPath, str]:
        found: dict[FieldPath, str] = {}
        for read in self.reads:
            found.update(read.problems)
        return found

    def act(self, action: str) -> str:
        """Add an item to a list or remove one; returns the id to move focus to."""
        verb, _, target = action.partition(":")
        path = tuple(int(p) if p.isdigit() else p for p in target.split("."))
        for part, read in zip(self.section.parts, self.reads, strict=True):
            if path[: len(part.base)] != part.base:
                continue
            inner = path[len(part.base) :]
            if verb == "add":
                items = value_at(read.data, inner)
                spec = _spec_at(part.spec(), inner)
                if spec is None or spec.kind != "list":
                    continue
                if not isinstance(items, list):
                    items = []
                    _set_at(read.data, inner, items)
                if spec.max_items is not None and len(items) >= spec.max_items:
                    return field_id(path) + "-add"
                items.append({} if spec.item is not None and spec.item.kind == "group" else None)
                read.origins.setdefault(path, [None] * (len(items) - 1)).append(None)
                new_path = (*path, len(items) - 1)
                widget = build_widgets(spec.item, new_path, items[-1]) if spec.item else None
                return widget.target_id if widget is not None else ""
            if verb == "remove" and inner and isinstance(inner[-1], int):
                items = value_at(read.data, inner[:-1])
                index = inner[-1]
                if isinstance(items, list) and 0 <= index < len(items):
                    del items[index]
                    known = read.origins.get(path[:-1])
                    if known is not None and index < len(known):
                        del known[index]
                    _shift(read, path[:-1], index)
                return field_id(path[:-1]) + "-add"
        return ""


def _shift(read: FormRead, list_path: FieldPath, removed: int) -> None:
    """Renumber what was typed into dates (and nested lists' origins) after an item is removed."""
    depth = len(list_path)
    for table in (read.typed_dates, read.origins):
        moved: dict[Any, Any] = {}
        for key in list(table):
            if key[:depth] == list_path and len(key) > depth and isinstance(key[depth], int):
                value = table.pop(key)
                index = int(key[depth])
                if index == removed:
                    continue
                new_index = index - 1 if index > removed else index
                moved[(*list_path, new_index, *key[depth + 1 :])] = value
        table.update(moved)


def _spec_at(spec: Spec, path: Sequence[str | int]) -> Spec | None:
    current: Spec | None = spec
    for part in path:
        if current is None:
            return None
        current = current.child(part)
    return current


def _set_at(data: Any, path: Sequence[str | int], value: Any) -> None:
    current = data
    for part in path[:-1]:
        current = current[part]
    current[path[-1]] = value


def _full_label(widget: Widget, by_path: Mapping[FieldPath, Widget]) -> str:
    """A field's label with the groups it is in, below the page itself ("Court: case number")."""
    top = min(len(path) for path in by_path) if by_path else 0
    labels: list[str] = []
    for depth in range(top + 1, len(widget.path) + 1):
        ancestor = by_path.get(widget.path[:depth])
        if ancestor is None or (ancestor.spec.kind == "list" and ancestor is not widget):
            continue  # a list's items carry its name ("LAC review 2")
        labels.append(ancestor.label if not labels else ancestor.inline_label)
    return ": ".join(labels) if labels else widget.label


def _path_label(path: FieldPath) -> str:
    from .forms import label_for, singular

    words: list[str] = []
    for part in path:
        if isinstance(part, int) and words:
            item = singular(words[-1])
            words[-1] = f"{item[:1].upper()}{item[1:]} {part + 1}"
        else:
            words.append(label_for(str(part)))
    return ": ".join(words[-3:])


def _section_of_field(field_path: str) -> Section | None:
    return section_for(parse_field(field_path)) if field_path else None


def _field_link(served: ServedCase, field_path: str) -> str:
    section = _section_of_field(field_path)
    if section is None:
        return f"/case/{served.key}/"
    return f"/case/{served.key}/section/{section.slug}#{field_id(parse_field(field_path))}"


def _shown(widget: Widget) -> str:
    if widget.spec.kind == "date":
        day, month, year = widget.value
        if not (day or month or year):
            return ""
        try:
            return uk_date(date(int(year), int(month), int(day)))
        except ValueError:
            return f"{day}/{month}/{year}"
    if widget.spec.kind in ("yesno", "choice"):
        for value, label in widget.spec.choices:
            if value == widget.value:
                return label
        return str(widget.value or "")
    return str(widget.value or "")


@dataclass
class Preflight:
    """What to check before letters go to birth parents (shown on the documents page)."""

    applies: bool = False
    restricted: list[str] = field(default_factory=list)
    parents_with_letters: list[str] = field(default_factory=list)
    parents_without: list[str] = field(default_factory=list)
    blockers: list[Any] = field(default_factory=list)

    @property
    def parent_letters(self) -> bool:
        return bool(self.parents_with_letters)


def _preflight(state: CaseState, settings: Settings) -> Preflight:
    case = state.case
    if case is None or case.decision is None or state.loaded is None:
        return Preflight()
    from ..api import CaseFolder, blockers_for, case_profile
    from ..confidentiality import restricted_values
    from ..fields import label_of
    from ..letters import plan_letters

    try:
        profile = case_profile(CaseFolder(case=case, source=state.loaded), settings.profile)
        plan = plan_letters(case, profile, settings.as_of or date.today())
    except PermdocsError:
        return Preflight()
    restricted = list(
        dict.fromkeys(label_of(item.field.split(" and ")[0]) for item in restricted_values(case))
    )
    with_letters = [
        case.birth_parents[letter.parent_index].name
        for letter in plan.letters
        if letter.kind.kind == "letter-birth-parent" and letter.parent_index is not None
    ]
    without = [
        notice.message[:1].upper() + notice.message[1:]
        for notice in plan.notices
        if notice.code.startswith("letters-parent")
    ]
    return Preflight(
        applies=True,
        restricted=restricted,
        parents_with_letters=with_letters,
        parents_without=without,
        blockers=blockers_for(state.findings, ["letter-birth-parent"]),
    )


def _papers(folder: Path) -> list[str]:
    """The PDF and Word papers in a case's attachments/ folder, as an attachment's path names
    them, so the attachments page can say what there is to attach."""
    attachments = folder / "attachments"
    if not attachments.is_dir():
        return []
    return sorted(
        path.relative_to(folder).as_posix()
        for path in attachments.rglob("*")
        if path.is_file()
        and path.suffix.lower() in (".pdf", ".docx")
        and not path.name.startswith(("~$", "."))
    )[:200]


def _outputs(out: Path) -> list[dict[str, Any]]:
    """The documents in a case's output folder that may be downloaded."""
    if not out.is_dir():
        return []
    found = []
    for entry in sorted(out.iterdir(), key=lambda p: p.name):
        if (
            entry.is_file()
            and not entry.is_symlink()
            and entry.suffix.lower() in OUTPUT_SUFFIXES
            and _SAFE_NAME.fullmatch(entry.name)
            and not entry.name.startswith(("~$", "."))
        ):
            stat = entry.stat()
            found.append({"name": entry.name, "size": stat.st_size, "modified": stat.st_mtime})
    return found


__all__ = ["ABSENT", "create_app"]
