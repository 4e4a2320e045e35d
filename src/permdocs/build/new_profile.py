"""``permdocs profile new NAME``: a council's own profile to edit, started from the bundled one.

The file is the bundled ``default`` profile (statutory rules only) with every field explained in a
comment above it, the council's name and contact details left as ``CHANGE ME`` (a final build
refuses them until they are filled in), and the profile named after the council.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from pydantic import BaseModel

from ..errors import ProfileError
from ..policy.profiles import BUNDLED_DIR, Profile
from ..policy.rules import RULES_BY_CODE
from ..write.output import write_new_file

PLACEHOLDER = "CHANGE ME"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,59}")
_KEY = re.compile(r"^( *)(?:- )?([a-z_0-9-]+):")

_HEADER = (
    "The council profile for {name}: the settings permdocs uses for this council's cases,"
    " started from permdocs' bundled default (statutory rules only). Fill in every CHANGE ME: a"
    " final build refuses documents while the council's name or contact details are"
    " placeholders or an example's. Then name this file in each case (profile: {file}, a path"
    " relative to the case folder) or pass --profile {file}; check a case with it: permdocs"
    " check --profile {file} CASE_DIR.",
    "Each field is explained in the comment above it. Values are written as in a case file:"
    ' text, true or false, and timescales such as "20 working days", "4 weeks" or'
    ' "3 months". Rules are switched on and off, and re-timed, under rules: (see'
    " `permdocs check --help` and the example profiles for the local rules).",
)

# The council's details, as the letterhead prints them: placeholders until the council fills
# them in, so that no example council ever reaches a family.
_DETAILS = {
    "council_name": f"{PLACEHOLDER}",
    "service_name": "Children's Services",
    "panel_name": "Fostering Panel",
}
_ADDRESS = f"""\
address:
  lines:
    - {PLACEHOLDER}
  postcode: {PLACEHOLDER}
  phone: {PLACEHOLDER}
  email: {PLACEHOLDER}
"""


def profile_path(name: str) -> tuple[Path, str]:
    """Where ``permdocs profile new NAME`` writes, and the profile's name: ``northmoor`` ->
    (``northmoor.yaml``, "northmoor"); ``councils/northmoor.yaml`` -> (itself, "northmoor")."""
    path = Path(name)
    if path.suffix not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    stem = path.stem
    if not _NAME.fullmatch(stem):
        raise ProfileError(
            f"'{stem}' cannot be used as a profile name",
            hint="use letters, digits, '.', '_' or '-' only, e.g. permdocs profile new northmoor",
        )
    return path, stem


def profile_text(name: str, file: str) -> str:
    """The commented profile for a council called ``name`` (its file: ``file``)."""
    source = (BUNDLED_DIR / "default.yaml").read_text(encoding="utf-8")
    lines = [line for line in source.splitlines() if not line.startswith("# The default profile")]
    body = "\n".join(lines)
    body = re.sub(r"^name: .*$", f"name: {name}", body, count=1, flags=re.MULTILINE)
    for key, value in _DETAILS.items():
        body = re.sub(rf"^{key}: .*$", f"{key}: {value}", body, count=1, flags=re.MULTILINE)
    body = re.sub(r"^address:\n(?:  .*\n)+", _ADDRESS, body + "\n", count=1, flags=re.MULTILINE)
    body = re.sub(r"^notes: .*$", f"notes: The council profile for {name}.", body, flags=re.M)
    header = "\n#\n".join(
        "\n".join(f"# {line}" for line in textwrap.wrap(paragraph.format(name=name, file=file), 96))
        for paragraph in _HEADER
    )
    return header + "\n\n" + _explained(body.rstrip("\n")) + "\n"


def _explained(text: str) -> str:
    """Each field of the profile (and of its address and letter settings) with its description
    from the model as a comment above it, unless a comment is already there."""
    out: list[str] = []
    parents: list[tuple[int, type[BaseModel] | None]] = [(-1, Profile)]
    for line in text.splitlines():
        match = _KEY.match(line)
        if match is not None:
            indent = len(match[1])
            while parents and parents[-1][0] >= indent:
                parents.pop()
            model = parents[-1][1] if parents else None
            info = model.model_fields.get(match[2]) if model is not None else None
            previous = out[-1].strip() if out else ""
            rule = RULES_BY_CODE.get(match[2]) if indent == 2 and model is None else None
            if previous.startswith("#"):
                pass
            elif info is not None and info.description:
                out += _comment(match[1], info.description)
            elif rule is not None:
                out += _comment(match[1], f"{rule.title} ({rule.source}).")
            inner = info.annotation if info is not None else None
            parents.append(
                (
                    indent,
                    inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None,
                )
            )
        out.append(line)
    return "\n".join(out)


def _comment(indent: str, text: str) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, 96 - len(indent))]


def create_profile(name: str) -> Path:
    """Write a council's own profile to edit (see :func:`profile_text`). Never overwrites."""
    path, stem = profile_path(name)
    write_new_file(path, profile_text(stem, path.name).encode("utf-8"))
    return path
