"""Write templates/prepared.json: each bundled template's parts, cleaned up by docxtpl ahead of
time (run by `make templates`, after the templates themselves are written).

A build that uses only bundled templates then neither imports docxtpl nor runs its clean-up
(see src/permdocs/render/cleanup.py). Each entry is keyed by the template file's SHA-256, and
the file by the fingerprint of the docxtpl that made it, so a stale entry is never used: it is
simply ignored, and that template is cleaned up at run time as before.

Usage: python tools/make_prepared.py [--check]
  --check  compare with the committed file instead of writing it (exit 1 if it differs)
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from permdocs.render.cleanup import PREPARED_NAME, docxtpl_fingerprint
from permdocs.render.engine import prepared_sources

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def build() -> str:
    templates = {}
    for path in sorted(TEMPLATES.glob("*.docx")):
        data = path.read_bytes()
        templates[hashlib.sha256(data).hexdigest()] = {
            "file": path.name,
            **prepared_sources(data, label=path.name),
        }
    made = {"docxtpl": docxtpl_fingerprint(), "templates": templates}
    return json.dumps(made, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = build()
    target = TEMPLATES / PREPARED_NAME
    if "--check" in argv:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            print(f"out of date: templates/{PREPARED_NAME} (run `make templates`)", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote templates/{PREPARED_NAME}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
