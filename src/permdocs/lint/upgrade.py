"""``permdocs templates upgrade``: rewrite a council's templates to the current template contract.

Each name the contract renamed is rewritten inside the template's tags wherever Word kept it in
one piece of text, and the template is marked as written for the current contract. Nothing else
in the file changes: every other part keeps its bytes, and the parts that change keep everything
but the names. The original is kept in ``before-upgrade/`` beside the templates (a new name for
each run, never replacing an earlier one). A name that Word split across pieces of formatting
cannot be rewritten safely; it is listed, with where it is, to retype in Word.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from ..render.engine import rename_in_tags, rendered_parts
from ..render.properties import with_declared_contract
from ..render.verify import strict_parser
from ..write.output import write_all
from .check import lint_file, template_files
from .contract import current

BACKUP_FOLDER = "before-upgrade"


@dataclass(frozen=True)
class Upgrade:
    path: Path
    declared: str
    """The contract the template was written for before."""
    renamed: tuple[tuple[str, str], ...]
    """Names rewritten: as they were written, and as they are now."""
    by_hand: tuple[str, ...]
    """Renamed names still in the template (split by Word's formatting), with where they are."""
    backup: Path | None
    """Where the original was kept; None when nothing changed (or on a dry run)."""

    @property
    def changed(self) -> bool:
        return bool(self.renamed) or self.declared != current().version


def upgrade_folder(folder: Path, *, dry_run: bool = False) -> list[Upgrade]:
    """Upgrade every template in ``folder``; with ``dry_run``, say what would change only."""
    return [upgrade_file(path, dry_run=dry_run) for path in template_files(folder)]


def upgrade_file(path: Path, *, dry_run: bool = False) -> Upgrade:
    report = lint_file(path)
    renames = report.renames
    original = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        infos = archive.infolist()
        contents = {info.filename: archive.read(info) for info in infos}
    types = etree.fromstring(contents["[Content_Types].xml"], strict_parser())
    rendered = rendered_parts(types) if renames else {}
    upgraded = dict(contents)
    for name in rendered:
        if name in upgraded:
            text = upgraded[name].decode("utf-8")
            rewritten = rename_in_tags(text, renames)
            if rewritten != text:
                upgraded[name] = rewritten.encode("utf-8")
    upgraded = with_declared_contract(upgraded, current().version)
    data = _zip_like(infos, upgraded)
    result = Upgrade(path, report.contract, tuple(sorted(renames.items())), (), None)
    if not result.changed:
        return result
    left = _still_renamed(path, data)
    if dry_run:
        return Upgrade(path, report.contract, result.renamed, left, None)
    backup = _backup(path)
    write_all(path.parent, {path.name: data}, force=True)
    return Upgrade(path, report.contract, result.renamed, left, backup)


def _zip_like(infos: list[zipfile.ZipInfo], contents: dict[str, bytes]) -> bytes:
    """A package with ``contents``, each part stored as the original stored it (its name,
    order, date and compression), new parts after them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in infos:
            archive.writestr(info, contents[info.filename])
        known = {info.filename for info in infos}
        for name, data in contents.items():
            if name not in known:
                archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _still_renamed(path: Path, data: bytes) -> tuple[str, ...]:
    """Renamed names the upgraded bytes still use, with where: those Word split across runs."""
    with tempfile.TemporaryDirectory(prefix="permdocs-upgrade-") as folder:
        probe = Path(folder) / path.name
        probe.write_bytes(data)
        report = lint_file(probe, kind=lint_file(path).kind)
    return tuple(
        f"{finding.rename[0]} at {finding.place}" for finding in report.findings if finding.rename
    )


def _backup(path: Path) -> Path:
    folder = path.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    stem = f"{path.stem}.{date.today().isoformat()}"
    number = 1
    while (target := folder / f"{stem}.{number}{path.suffix}").exists():
        number += 1
    shutil.copy2(path, target)
    return target
