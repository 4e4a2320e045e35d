"""What a run wrote and from what: each document's record and ``manifest.json``.

A :class:`BuiltDocument` is a document rendered in memory (its bytes, hash and template); the
manifest lists every document written beside it, with the case file's hash, the status and the
date the documents were made as of, so a file can later be traced to the inputs that made it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import OutputError
from ..policy.documents import PANEL_PACK, DocumentKind
from .links import read_bytes

MANIFEST_NAME = "manifest.json"


COMPLETENESS_NAME = "completeness.md"


@dataclass(frozen=True)
class BuiltDocument:
    kind: str
    title: str
    audience: str
    file_name: str
    sha256: str
    template: str
    """Where the template came from: "bundled" or its path."""
    template_sha256: str
    data: bytes = field(repr=False)
    template_contract: str = ""
    """The template contract version a council's template declares ("" for a bundled one)."""

    @classmethod
    def made(
        cls,
        kind: DocumentKind,
        *,
        title: str | None = None,
        file_name: str,
        data: bytes,
        template: str,
        template_sha256: str,
        template_contract: str = "",
    ) -> BuiltDocument:
        """A document just rendered from ``kind``'s template (``title`` if not the kind's)."""
        return cls(
            kind=kind.kind,
            title=title or kind.title,
            audience=kind.audience,
            file_name=file_name,
            sha256=hashlib.sha256(data).hexdigest(),
            template=template,
            template_sha256=template_sha256,
            data=data,
            template_contract="" if template == "bundled" else template_contract,
        )

    def manifest_entry(self) -> dict[str, str]:
        """What a manifest records of this document: what it is, its hash and its template."""
        return {
            "kind": self.kind,
            "title": self.title,
            "audience": self.audience,
            "path": self.file_name,
            "sha256": self.sha256,
            "template": self.template,
            "template_sha256": self.template_sha256,
            **({"template_contract": self.template_contract} if self.template_contract else {}),
        }


def manifest_json(
    documents: Sequence[BuiltDocument],
    *,
    case_sha256: str,
    draft: bool,
    as_of: date,
    files: Mapping[str, bytes] | None = None,
    earlier: Path | None = None,
) -> bytes:
    """What was built from what: enough to show later which inputs produced each file.

    ``files`` are the other files written beside the documents (completeness.md), recorded by
    their SHA-256 so that a later run knows them for its own. With ``earlier`` (the manifest
    already in the folder), the documents it lists that this run does not replace and that are
    still there are kept, each with the status, date and case file it was made from: after
    ``build --only``, the manifest still lists everything in the folder.
    """
    kept = _kept_entries(earlier, {document.file_name for document in documents})
    payload = {
        "documents": kept + [document.manifest_entry() for document in documents],
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in (files or {}).items()},
        "status": "draft" if draft else "final",
        "as_of": as_of.isoformat(),
        "case_sha256": case_sha256,
        "permdocs_version": __version__,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _kept_entries(earlier: Path | None, replaced: set[str]) -> list[dict[str, Any]]:
    """The earlier manifest's entries for files this run leaves in place, each carrying the
    status, date and case file of the run that made it (from the entry, else the manifest)."""
    if earlier is None:
        return []
    try:
        existing = json.loads(earlier.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # no manifest (or not one permdocs can read): nothing to keep
    if not isinstance(existing, dict) or not isinstance(existing.get("documents"), list):
        return []
    kept: list[dict[str, Any]] = []
    for entry in existing["documents"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            continue
        if entry["path"] in replaced or not (earlier.parent / entry["path"]).is_file():
            continue
        kept.append(
            {
                **entry,
                "status": entry.get("status", existing.get("status")),
                "as_of": entry.get("as_of", existing.get("as_of")),
                "case_sha256": entry.get("case_sha256", existing.get("case_sha256")),
            }
        )
    return kept


def merged_manifest(
    path: Path,
    documents: Sequence[BuiltDocument],
    *,
    case_sha256: str,
    draft: bool,
    as_of: date,
) -> bytes:
    """manifest.json with this pack's entries in place of any earlier pack's, the rest kept.

    Each pack entry names the case file, date and status it was made from, since a pack may be
    made after (and from a later case file than) the reports the manifest already lists.
    """
    status = "draft" if draft else "final"
    now = datetime.now(UTC).isoformat(timespec="seconds")
    entries: list[dict[str, Any]] = [
        {
            **document.manifest_entry(),
            "status": status,
            "as_of": as_of.isoformat(),
            "case_sha256": case_sha256,
        }
        for document in documents
    ]
    try:
        existing = json.loads(read_bytes(path).decode("utf-8"))
    except FileNotFoundError:
        existing = None
    except (OSError, ValueError) as exc:
        raise OutputError(
            f"{path}: cannot read the existing manifest, so the pack was not written ({exc})",
            hint="move the damaged manifest.json aside (a build writes a new one), then run "
            "permdocs pack again",
        ) from exc
    if isinstance(existing, dict) and isinstance(existing.get("documents"), list):
        kept = [
            entry
            for entry in existing["documents"]
            if not (isinstance(entry, dict) and entry.get("kind") == PANEL_PACK.kind)
        ]
        payload = {**existing, "documents": kept + entries, "updated_at": now}
    else:
        payload = {
            "documents": entries,
            "status": status,
            "as_of": as_of.isoformat(),
            "case_sha256": case_sha256,
            "permdocs_version": __version__,
            "generated_at": now,
        }
    return (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
