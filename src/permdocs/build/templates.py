"""A council's own Word templates: which template each document would use, and a starting copy.

Which template is used is decided kind by kind, in this order (``build.locate_template``, the
same function the build uses, so this listing can never disagree with a build):

1. ``--templates DIR``, if it holds ``<kind>.docx``;
2. the folder named by the council profile's ``templates:`` (relative to the profile file);
3. the template bundled with permdocs.

A council template is checked (``lint``) before a build uses it; :func:`template_sources` only
says where each one comes from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import CaseFolderError, TemplateError
from ..load.folder import CaseFolder, case_profile, load_case
from ..load.profiles import load_profile
from ..policy.documents import DocumentKind
from ..policy.profiles import BUNDLED_DIR as BUNDLED_PROFILES
from ..policy.profiles import Profile
from ..render.engine import PreparedTemplate, prepare_template
from ..resources import bundled_templates_dir
from ..write.output import write_all


@dataclass(frozen=True)
class TemplateSource:
    kind: str
    title: str
    audience: str
    path: Path
    source: str
    """As the manifest records it: "bundled", or the template's path."""
    sha256: str
    errors: int = 0
    """Problems the template check finds that stop a build using it (0 for bundled ones)."""

    @property
    def bundled(self) -> bool:
        return self.source == "bundled"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "kind": self.kind,
            "title": self.title,
            "audience": self.audience,
            "source": self.source,
            "path": str(self.path),
            "sha256": self.sha256,
            "errors": self.errors,
        }


@dataclass(frozen=True)
class TemplateListing:
    profile: str
    folders: tuple[Path, ...]
    """The council folders searched, in order (--templates first, then the profile's)."""
    sources: tuple[TemplateSource, ...]
    notes: tuple[str, ...] = ()


def list_templates(
    case_dir: Path | None = None,
    *,
    templates: Path | None = None,
    profile: str | None = None,
) -> TemplateListing:
    """Which template each kind of document would use for ``case_dir`` (its profile), or with
    ``profile`` (a bundled name or a path relative to the working folder) and ``templates``.

    Raises CaseDataError / CaseFolderError / ProfileError for an unusable case or profile, and
    TemplateError when a templates folder named does not exist.
    """
    if case_dir is not None:
        folder = load_case(case_dir)
        chosen = case_profile(folder, profile)
        profile_dir = profile_dir_for(folder, profile)
        shown = profile or folder.case.profile
    else:
        shown = profile or "default"
        chosen = load_profile(shown)
        profile_dir = _standalone_profile_dir(shown)
    from ..lint import lint_file, template_kinds

    folders = _folders(templates, chosen, profile_dir)
    sources = []
    for kind in template_kinds().values():
        path, source = locate_template(
            kind, templates=templates, profile=chosen, profile_dir=profile_dir
        )
        sources.append(
            TemplateSource(
                kind=kind.kind,
                title=kind.title,
                audience=kind.audience,
                path=path,
                source=source,
                sha256=_sha256(path),
                errors=0 if source == "bundled" else len(lint_file(path, kind=kind.kind).errors),
            )
        )
    notes: tuple[str, ...] = ()
    if not folders:
        notes = ("no council templates folder is set: every document uses the bundled template",)
    return TemplateListing(shown, tuple(folders), tuple(sources), notes)


def _standalone_profile_dir(name: str) -> Path:
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        return (path if path.is_absolute() else Path.cwd() / path).parent
    return BUNDLED_PROFILES


def _folders(templates: Path | None, profile: Profile, profile_dir: Path) -> list[Path]:
    folders = [templates] if templates is not None else []
    if profile.templates:
        folders.append(profile_dir / profile.templates)
    return folders


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def copy_bundled_templates(destination: Path, *, force: bool = False) -> list[Path]:
    """Copy the bundled templates into ``destination`` for a council to edit. All or nothing:
    existing files are replaced only with ``force``. Returns the files written."""

    if destination.exists() and not destination.is_dir():
        raise CaseFolderError(
            f"{destination}: is a file, not a folder",
            hint="give the folder to copy the templates into",
        )
    from ..lint import template_kinds

    source = bundled_templates_dir()
    files: dict[str, bytes] = {}
    for kind in template_kinds().values():
        path = source / kind.template_name
        try:
            files[kind.template_name] = path.read_bytes()
        except OSError as exc:
            raise TemplateError(
                f"{path}: the bundled template cannot be read ({exc.strerror})",
                hint="reinstall permdocs",
            ) from exc
    return write_all(destination, files, force=force)


def template_for(
    kind: DocumentKind, *, templates: Path | None, profile: Profile, profile_dir: Path
) -> tuple[PreparedTemplate, str]:
    """The template for ``kind``: from ``--templates`` if it has one, else from the council
    profile's folder if it has one, else the bundled template. Kind by kind, so a council can
    replace just the documents it wants to. Returns the template and where it came from (its
    path, or "bundled"). A council's template is checked against the case schema first
    (``lint.ensure_usable``) and refused with every problem found."""
    path, source = locate_template(
        kind, templates=templates, profile=profile, profile_dir=profile_dir
    )
    if source == "bundled":
        return prepare_template(path, label=f"the bundled {kind.kind} template"), source
    # The template check is imported only for a council's template (a build with the bundled
    # ones does not load it).
    from ..lint import ensure_usable

    renames = ensure_usable(path, kind)
    return prepare_template(path, label=source, renames=renames), source


def locate_template(
    kind: DocumentKind, *, templates: Path | None, profile: Profile, profile_dir: Path
) -> tuple[Path, str]:
    """Where ``kind``'s template is (see :func:`template_for`), without reading it."""
    folders: list[Path] = []
    if templates is not None:
        if not templates.is_dir():
            raise TemplateError(
                f"{templates}: no such templates folder",
                hint="give --templates a folder holding files named like ppm-referral.docx",
            )
        folders.append(templates)
    if profile.templates:
        folder = profile_dir / profile.templates
        if not folder.is_dir():
            # Silently using the bundled templates would send out documents the council did
            # not write.
            raise TemplateError(
                f"{folder}: the templates folder named in the council profile "
                f"'{profile.name}' does not exist",
                hint="correct templates: in the profile (it is relative to the profile file), "
                "or create the folder (permdocs templates copy DIR)",
            )
        folders.append(folder)
    for folder in folders:
        candidate = folder / kind.template_name
        if candidate.is_file():
            return candidate, str(candidate)
    return bundled_templates_dir() / kind.template_name, "bundled"


def profile_dir_for(folder: CaseFolder, profile: Profile | str | None) -> Path:
    """Where a profile's relative ``templates:`` folder is resolved from."""
    if isinstance(profile, Profile):
        return Path.cwd()
    # --profile is relative to the working folder, the case's own profile: to the case folder.
    name, base = (
        (profile, Path.cwd()) if profile is not None else (folder.case.profile, folder.folder)
    )
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        return (path if path.is_absolute() else base / path).parent
    return BUNDLED_PROFILES
