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
from ..policy.profiles import BUNDLED_DIR as BUNDLED_PROFILES
from ..policy.profiles import Profile, load_profile


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
    from ..lint import lint_file, template_kinds
    from .reports import _profile_dir, locate_template

    if case_dir is not None:
        from ..api import case_profile, load_case

        folder = load_case(case_dir)
        chosen = case_profile(folder, profile)
        profile_dir = _profile_dir(folder, profile)
        shown = profile or folder.case.profile
    else:
        shown = profile or "default"
        chosen = load_profile(shown)
        profile_dir = _standalone_profile_dir(shown)
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
    from ..lint import template_kinds
    from ..resources import bundled_templates_dir
    from ..write.output import write_all

    if destination.exists() and not destination.is_dir():
        raise CaseFolderError(
            f"{destination}: is a file, not a folder",
            hint="give the folder to copy the templates into",
        )
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
