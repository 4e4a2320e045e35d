"""The Starlette application: the dashboard, the task list, a page per section, check your
answers, and the documents page (build, confidentiality pre-flight, downloads).

Every page is made from the case file as it is on disk now (``cases.read_state``); every change
goes through ``saving`` (the command line's validation, lock and atomic write) or
``permdocs.api.build_case``. Pages are rendered by a sandboxed, autoescaping Jinja environment.
"""

from __future__ import annotations

import functools
import mimetypes
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import PackageLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartParser
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from ..errors import BlockedError, PermdocsError
from ..render.formatting import uk_date
from . import documents as docs
from .cases import Cases, CaseState, ServedCase, problem_text, read_state, validate_plain
from .forms import (
    Path as FieldPath,
)
from .forms import (
    attach_errors,
    field_id,
    group_spec,
    on_a_page,
    parse_field,
)
from .imports import DATASET_NAMES, Pending, PendingImports, problems_of, run_import
from .pageform import SectionForm, full_label, path_label, shown_value
from .sections import BY_SLUG, SECTIONS, Section, findings_on, problems_on, section_for, tasks
from .security import CSRF_FIELD, MAX_UPLOAD_BODY_BYTES, Guard, QuietErrors, Secrets
from .uploads import MAX_UPLOAD_BYTES, save_upload

STATIC_DIR = Path(__file__).parent / "static"
_MAX_FIELDS = 20_000
"""Far more fields than a page holds (the default, 1,000, is reached by a long support plan)."""


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
    # Uploaded files stay in memory (the guard has already bounded the body): a council's return
    # holds other children's records, and Starlette would otherwise spool a file over 1 MiB to
    # the system's temporary folder.
    MultiPartParser.spool_max_size = MAX_UPLOAD_BODY_BYTES
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
            Route("/case/{key}/import", pages.import_page, methods=["GET", "POST"]),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        ],
    )
    guarded = Guard(QuietErrors(app), secrets_, public_prefixes=("/static/",))
    return guarded, secrets_


CasePage = Callable[["Pages", Request, CaseState], Awaitable[Response]]


def case_page(*, with_findings: bool = True, editable: bool = False) -> Callable[[CasePage], Any]:
    """A page of one case: the case named in the address (or "page not found"), read afresh
    (``with_findings``: with check's findings), and shown as unreadable if it cannot be read
    (or, for a page that changes it, as read-only if it cannot be changed here)."""

    def wrap(handler: CasePage) -> Callable[[Pages, Request], Awaitable[Response]]:
        @functools.wraps(handler)
        async def page(self: Pages, request: Request) -> Response:
            served = self.cases.get(str(request.path_params["key"]))
            if served is None:
                return self.not_found()
            state = self.state(served, with_findings=with_findings)
            if state.data is None:
                return self.unreadable(state)
            if editable and not state.editable:
                return self.render(
                    "read_only.html", title="This case file cannot be changed here", state=state
                )
            return await handler(self, request, state)

        return page

    return wrap


class Pages:
    def __init__(self, settings: Settings, secrets_: Secrets) -> None:
        self.settings = settings
        self.cases = Cases(settings.root)
        self.secrets = secrets_
        self.env = page_environment()
        self.imports = PendingImports()

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

    @case_page()
    async def task_list(self, request: Request, state: CaseState) -> Response:
        assert state.data is not None
        served = state.served
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

    @case_page(editable=True)
    async def section(self, request: Request, state: CaseState) -> Response:
        assert state.data is not None
        section = BY_SLUG.get(str(request.path_params["slug"]))
        if section is None:
            return self.not_found()
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
        async with request.form(max_fields=_MAX_FIELDS, max_files=1) as values:
            return await self.submitted(state, section, values)

    async def submitted(self, state: CaseState, section: Section, values: FormData) -> Response:
        action = str(values.get("action", "save"))
        loaded_sha = str(values.get("case_sha256", ""))
        form = SectionForm.from_request(section, values, keep_blank=action != "save")
        if action.startswith(("add:", "remove:")):
            focus = form.act(action)
            return self.section_page(state, section, form, {}, loaded_sha, focus=focus)
        if action == "upload" and section.slug == "attachments":
            return await self.upload(state, section, form, values, loaded_sha)
        return self.save(state, section, form, loaded_sha)

    async def upload(
        self,
        state: CaseState,
        section: Section,
        form: SectionForm,
        values: FormData,
        loaded_sha: str,
    ) -> Response:
        """Save an uploaded paper into attachments/ and add an attachment for it to the page
        (not yet to the case file: the person says what the paper is, then saves the page)."""
        upload = values.get("upload")
        if not isinstance(upload, UploadFile) or not upload.filename:
            problem = "Choose the paper to upload"
            return self.section_page(state, section, form, {}, loaded_sha, upload_error=problem)
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        try:
            saved = save_upload(
                state.served.folder,
                upload.filename,
                data,
                replace=values.get("upload_replace") == "yes",
            )
        except PermdocsError as error:
            problem = error.message + (f" ({error.hint})" if error.hint else "")
            return self.section_page(state, section, form, {}, loaded_sha, upload_error=problem)
        read = form.reads[0]
        listed = read.data.get("attachments")
        items = listed if isinstance(listed, list) else []
        if any(isinstance(item, dict) and item.get("path") == saved.path for item in items):
            focus = ""
            done = f"{saved.path} was replaced. It is already listed on this page."
        else:
            focus = form.act("add:attachments")
            entries = read.data["attachments"]
            entries[-1]["path"] = saved.path
            done = (
                f"{saved.path} was {'replaced' if saved.replaced else 'saved'}. Say what the"
                " paper is in the new attachment below, then save the page."
            )
        return self.section_page(state, section, form, {}, loaded_sha, focus=focus, done=done)

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
        upload_error: str = "",
        done: str = "",
    ) -> HTMLResponse:
        roots = form.widgets()
        summary: list[tuple[str, str]] = []
        placed: set[FieldPath] = set()
        here = {path: message for path, message in errors.items() if section.holds(path)}
        for root in roots:
            by_path = {widget.path: widget for widget in root.walk()}
            for widget, message in attach_errors(root, here):
                # The inline message and the summary's link say the same, as GOV.UK asks.
                widget.error = f"{full_label(widget, by_path)}: {message}"
                summary.append((f"#{widget.target_id}", widget.error))
                placed.add(widget.path)
        for path, message in here.items():
            if not any(path[: len(p)] == p for p in placed):
                target = roots[0].target_id if roots else "main-content"
                summary.append((f"#{target}", f"{path_label(path)}: {message}"))
        elsewhere = [
            (
                f"/case/{state.served.key}/section/{s.slug}#{field_id(path)}",
                f"{s.title}: {path_label(path)}: {message}",
            )
            for path, message in errors.items()
            if (s := section_for(path)) is not None and s is not section
        ]
        if upload_error:
            summary.append(("#upload", upload_error))
        findings = findings_on(section, state.findings)
        papers = docs.papers(state.served.folder) if section.slug == "attachments" else []
        return self.render(
            "section.html",
            papers=papers,
            uploads=section.slug == "attachments",
            upload_error=upload_error,
            done=done,
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
        from .saving import save_case_json, save_case_yaml

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
            if state.path.suffix.lower() == ".json":
                save_case_json(
                    state.path, expected_sha256=loaded_sha, new_data=merged, spec=group_spec(())
                )
            else:
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

    @case_page(with_findings=False)
    async def missing(self, request: Request, state: CaseState) -> Response:
        """What is still missing on a page, for its form as it stands (saved or not)."""
        served = state.served
        section = BY_SLUG.get(str(request.path_params["slug"]))
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

    @case_page()
    async def check_answers(self, request: Request, state: CaseState) -> Response:
        assert state.data is not None
        served = state.served
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
                            full_label(widget, by_path),
                            shown_value(widget),
                            f"/case/{served.key}/section/{section.slug}#{widget.target_id}",
                            widget.spec.kind,
                        )
                    )
            blocks.append((section, rows))
        return self.render(
            "check_answers.html", title="Check your answers", state=state, blocks=blocks
        )

    @case_page()
    async def documents(self, request: Request, state: CaseState) -> Response:
        served = state.served
        preflight = docs.preflight(state, as_of=self.settings.as_of, profile=self.settings.profile)
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
                from ..api import BuildOptions, build_case

                # The audit log records the build as made through serve, paths redacted.
                command = ["permdocs", "serve", *(["--draft"] if draft else [])]
                command += ["--force"] if force else []
                options = BuildOptions(
                    draft=draft,
                    force=force,
                    pack=pack,
                    as_of=self.settings.as_of,
                    profile=self.settings.profile,
                    command=(*command, str(served.folder)),
                )
                try:
                    result = build_case(served.folder, options)
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
            outputs=docs.outputs(served.folder / "out"),
            preflight=preflight,
            result=result,
            errors=errors,
        )

    @case_page(with_findings=False, editable=True)
    async def import_page(self, request: Request, state: CaseState) -> Response:
        """Import a 903 return or SSD extract: the files, then the dry run, then, when the person
        says so, the import itself (``permdocs.api.import_into_case``)."""
        page: dict[str, Any] = {"dataset": "903", "child": "", "replace": False}
        errors: list[tuple[str, str]] = []
        if request.method == "POST":
            async with request.form(max_files=12, max_fields=50) as values:
                errors = await self.import_step(state, values, page)
        return self.render(
            "import.html",
            title=("Error: " if errors else "") + "Import from the council's data",
            state=state,
            errors=errors,
            datasets=list(DATASET_NAMES.items()),
            preview=page.pop("preview", None),
            applied=page.pop("applied", None),
            **page,
        )

    async def import_step(
        self, state: CaseState, values: FormData, page: dict[str, Any]
    ) -> list[tuple[str, str]]:
        """The dry run (files chosen) or the import itself (the person's say-so): the problems,
        and what the page shows in ``page``."""
        errors: list[tuple[str, str]] = []
        folder = state.served.folder
        if values.get("action") == "apply":
            pending = self.imports.take(str(values.get("held", "")))
            if pending is None:
                errors.append(("#files", "This import has expired: choose the files again"))
            elif pending.case_sha256 != state.sha256:
                errors.append(
                    (
                        "#files",
                        f"{state.path.name if state.path else 'The case file'} changed after"
                        " the changes were shown, so nothing was imported: look again",
                    )
                )
            else:
                result, errors = run_import(
                    folder, pending, dry_run=False, today=self.settings.as_of
                )
                page["applied"] = result
        else:
            uploads = [
                item
                for item in values.getlist("files")
                if isinstance(item, UploadFile) and item.filename
            ]
            page["dataset"] = str(values.get("dataset", ""))
            page["child"] = str(values.get("child", "")).strip()
            page["replace"] = values.get("replace") == "yes"
            errors = problems_of({**page, "files": uploads})
            if not errors:
                files = [(str(item.filename), await item.read()) for item in uploads]
                pending = Pending(
                    page["dataset"], page["child"], tuple(files), page["replace"], state.sha256
                )
                preview, errors = run_import(
                    folder, pending, dry_run=True, today=self.settings.as_of
                )
                if preview is not None:
                    page["preview"] = preview
                    page["held"] = self.imports.hold(pending)
                    page["filled"] = sum(1 for c in preview.changes if c.action != "replaced")
                    page["replaced"] = len(preview.changes) - page["filled"]
        return errors

    @case_page(with_findings=False)
    async def download(self, request: Request, state: CaseState) -> Response:
        served = state.served
        name = str(request.path_params["name"])
        out = served.folder / "out"
        if name not in {item["name"] for item in docs.outputs(out)}:
            return self.not_found()
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return FileResponse(out / name, media_type=media, filename=name)


# ------------------------------------------------------------------------------ section forms


def _section_of_field(field_path: str) -> Section | None:
    return section_for(parse_field(field_path)) if field_path else None


def _field_link(served: ServedCase, field_path: str) -> str:
    section = _section_of_field(field_path)
    if section is None:
        return f"/case/{served.key}/"
    return f"/case/{served.key}/section/{section.slug}#{field_id(parse_field(field_path))}"


__all__ = ["create_app"]
