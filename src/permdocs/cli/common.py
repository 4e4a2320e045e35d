"""What the commands share: arguments and options declared once, the audit-log command line, the
per-case loop, and turning library errors into messages.

Only click and the standard library are imported here, so that ``permdocs --help`` and
``permdocs check`` stay light: the document machinery is imported inside the commands.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import click

from ..build.options import BuildOptions
from ..errors import PermdocsError

if TYPE_CHECKING:
    from ..write.manifest import BuiltDocument

QUIET = "permdocs.quiet"
"""Where ``--quiet`` is kept, in the click context's ``meta`` (shared by every command)."""

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")

case_dirs_argument = click.argument(
    "case_dirs",
    metavar="CASE_DIR...",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path, file_okay=True, dir_okay=True),
)


class IsoDate(click.ParamType):  # type: ignore[type-arg]
    """A date written YYYY-MM-DD; anything else is a usage error (exit 2)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(
                f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23", param, ctx
            )


def check_kinds(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """Callback for --only: every value must be a document kind."""
    # Checked here rather than with click.Choice so that `permdocs --help` need not import the
    # document registry; an unknown kind is still a usage error (exit 2).
    if not value:
        return value
    from ..policy.documents import KINDS

    unknown = [kind for kind in value if kind not in KINDS]
    if unknown:
        raise click.BadParameter(
            f"unknown document kind {', '.join(unknown)}; use one of: {', '.join(KINDS)}",
            ctx=ctx,
            param=param,
        )
    return value


# The options several commands take. Each is declared once here (name, type, default, metavar);
# a command whose option means something narrower passes its own help text.

TEMPLATES_HELP = (
    "A council's folder of Word templates (ppm-referral.docx ...), used kind by kind "
    "in place of the bundled ones."
)
FORCE_HELP = (
    "Replace outputs even when changed by hand or not permdocs' own (its own, unchanged"
    " since it wrote them, are replaced without --force)."
)
DRAFT_HELP = (
    "Mark gaps as [MISSING: ...] and every page DRAFT, instead of refusing documents "
    "with missing values."
)
PROFILE_HELP = "Council profile to use instead of the one the case names."


def out_option() -> Callable[[F], F]:
    """--out DIRECTORY, the folder to write into."""
    return click.option(
        "--out",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Folder to write into. [default: CASE_DIR/out; with several CASE_DIRs, "
        "one subfolder per case folder]",
    )


def only_option() -> Callable[[F], F]:
    """--only KIND (repeatable), checked against the document kinds."""
    return click.option(
        "--only",
        "only",
        metavar="KIND",
        multiple=True,
        callback=check_kinds,
        help="Build only this kind of document (repeatable), e.g. --only panel-checklist.",
    )


def templates_option(help: str = TEMPLATES_HELP) -> Callable[[F], F]:
    """--templates DIRECTORY, a council's folder of Word templates (it must exist)."""
    return click.option(
        "--templates",
        type=click.Path(path_type=Path, exists=True, file_okay=False),
        default=None,
        help=help,
    )


def force_option(help: str = FORCE_HELP) -> Callable[[F], F]:
    """--force, to replace what is already there."""
    return click.option("--force", is_flag=True, help=help)


def draft_option(help: str = DRAFT_HELP) -> Callable[[F], F]:
    """--draft, to write documents with their gaps marked."""
    return click.option("--draft", is_flag=True, help=help)


def as_of_option(help: str) -> Callable[[F], F]:
    """--as-of YYYY-MM-DD; each command says what the date is used for."""
    return click.option("--as-of", type=IsoDate(), default=None, help=help)


def profile_option(help: str = PROFILE_HELP) -> Callable[[F], F]:
    """--profile NAME|FILE.yaml, passed to the command as ``profile_name``."""
    return click.option(
        "--profile", "profile_name", metavar="NAME|FILE.yaml", default=None, help=help
    )


def format_option() -> Callable[[F], F]:
    """--format text|json."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="text for people, json for programs.",
    )


def case_options(
    *,
    templates: str = TEMPLATES_HELP,
    force: str = FORCE_HELP,
    draft: str = DRAFT_HELP,
    as_of: str,
    profile: str = PROFILE_HELP,
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """--templates, --force, --draft, --as-of and --profile, in that order, with these help
    texts. The command receives them together as one ``options`` argument (a BuildOptions), to
    complete with its own options and pass to its library call."""

    def decorator(command: Callable[..., R]) -> Callable[..., R]:
        @functools.wraps(command)
        def with_options(
            *args: Any,
            templates: Path | None,
            force: bool,
            draft: bool,
            as_of: date | None,
            profile_name: str | None,
            **kwargs: Any,
        ) -> R:
            options = BuildOptions(
                templates=templates,
                force=force,
                draft=draft,
                as_of=as_of,
                profile=profile_name,
            )
            return command(*args, options=options, **kwargs)

        for option in (
            profile_option(profile),
            as_of_option(as_of),
            draft_option(draft),
            force_option(force),
            templates_option(templates),
        ):  # innermost first, as if stacked above the command in the order shown in --help
            with_options = option(with_options)
        return with_options

    return decorator


def audit_command(
    name: str,
    target: Path,
    options: BuildOptions,
    *,
    jobs: int | None = None,
    flags: Mapping[str, bool] | None = None,
) -> tuple[str, ...]:
    """The command line as given, for the audit log (the library does not read sys.argv):
    ``permdocs NAME``, the options set, each flag in ``flags`` that is on, then ``target``."""
    command = ["permdocs", name]
    if options.out is not None:
        command += ["--out", str(options.out)]
    for kind in options.only:
        command += ["--only", kind]
    for paper in options.reissue:
        command += ["--reissue", paper]
    if options.templates is not None:
        command += ["--templates", str(options.templates)]
    if options.force:
        command.append("--force")
    if options.draft:
        command.append("--draft")
    if options.as_of is not None:
        command += ["--as-of", options.as_of.isoformat()]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    if isinstance(options.profile, str):
        command += ["--profile", options.profile]
    command += [flag for flag, on in (flags or {}).items() if on]
    command.append(str(target))
    return tuple(command)


def with_command(
    name: str, target: Path, options: BuildOptions, flags: Mapping[str, bool] | None = None
) -> BuildOptions:
    """``options`` completed with the command line that asked for them (for the audit log)."""
    return options.but(command=audit_command(name, target, options, flags=flags))


def case_out(out: Path | None, case_dir: Path, cases: int) -> Path | None:
    """Where one case's output goes: --out itself, or with several cases a subfolder of it named
    after the case folder (None: the library's default, CASE_DIR/out)."""
    return out / case_dir.resolve().name if out is not None and cases > 1 else out


def run_cases(
    case_dirs: Sequence[Path],
    run: Callable[[Path], R],
    show: Callable[[Path, R], None],
    *,
    output_format: str = "text",
    as_dict: Callable[[R], dict[str, Any]] | None = None,
) -> None:
    """Run one library call per case folder, each on its own: ``show`` the result of each that
    succeeds, report each that fails and go on; exit 1 at the end if any failed.

    With ``output_format`` "json", nothing is shown as it goes: one JSON object per case
    (``as_dict`` of its result, or the error that stopped it) is printed at the end, a list for
    several cases, as ``permdocs check --format json`` does.
    """
    failed = False
    reports: list[dict[str, Any]] = []
    for case_dir in case_dirs:
        try:
            result = run(case_dir)
        except PermdocsError as error:
            failed = True
            if output_format == "json":
                reports.append(error_dict(case_dir, error))
            else:
                report_error(case_dir, error)
            continue
        if output_format == "json" and as_dict is not None:
            reports.append({"case": str(case_dir), "ok": True, **as_dict(result)})
        else:
            show(case_dir, result)
    if output_format == "json":
        payload: Any = reports[0] if len(reports) == 1 else reports
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    if failed:
        raise SystemExit(1)


def error_dict(case_dir: Path, error: PermdocsError) -> dict[str, Any]:
    """A case that could not be done, for JSON output: the message, what to do, and each
    located problem in the case data."""
    problems = getattr(error, "problems", None) or []
    return {
        "case": str(case_dir),
        "ok": False,
        "error": error.message,
        "hint": error.hint,
        "problems": [problem.as_dict() for problem in problems],
    }


def documents_dict(documents: Sequence[BuiltDocument]) -> list[dict[str, str]]:
    """Each document written, as the manifest records it (kind, title, path, hashes...)."""
    return [document.manifest_entry() for document in documents]


class Written(Protocol):
    """What :func:`echo_written` reads of a library result (a BuildResult, a LettersResult)."""

    @property
    def out(self) -> Path: ...
    @property
    def draft(self) -> bool: ...
    @property
    def documents(self) -> tuple[BuiltDocument, ...]: ...


def echo_written(case_dir: Path, verb: str, noun: str, result: Written) -> None:
    """``CASE_DIR: VERB N NOUNs (final) in OUT``, then each file written, indented."""
    status = "DRAFT, gaps marked [MISSING: ...]" if result.draft else "final"
    say(f"{case_dir}: {verb} {plural(len(result.documents), noun)} ({status}) in {result.out}")
    for document in result.documents:
        say(f"  {document.file_name}")


def quiet() -> bool:
    """Whether ``permdocs --quiet`` asked for errors only."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(QUIET))


def say(message: str = "", *, nl: bool = True, err: bool = False) -> None:
    """Human-readable output on stdout (what was written, the check report; progress and notes
    on stderr with ``err``), left out with ``--quiet``. Errors go through :func:`report_error`,
    always."""
    if not quiet():
        click.echo(message, nl=nl, err=err)


def plural(count: int, noun: str) -> str:
    """``1 document``, ``2 documents``."""
    return f"{count} {noun}{'s' if count != 1 else ''}"


def report_error(where: Path | str, error: PermdocsError | str) -> None:
    """Print a problem with a case folder (or an option) on stderr, in words a user can act on."""
    prefix, message = f"{where}: ", str(error)
    message = message.removeprefix(prefix)  # the folder is named once, even if the error names it
    click.secho(prefix, fg="red", bold=True, err=True, nl=False)
    click.echo(message, err=True)
