"""Council profiles from disk: a bundled profile by name, or a council's own YAML file."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..errors import CaseDataError, ProfileError
from ..policy.profiles import BUNDLED_DIR, Profile
from .reader import parse_yaml
from .validation import problem_from_error


def bundled_profile_names() -> list[str]:
    return sorted(path.stem for path in BUNDLED_DIR.glob("*.yaml"))


def load_profile(name_or_path: str, base: Path | None = None) -> Profile:
    """A bundled profile by name, or a profile file by path (relative to ``base``)."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml"):
        path = candidate if candidate.is_absolute() or base is None else base / candidate
    else:
        path = BUNDLED_DIR / f"{name_or_path}.yaml"
        if not path.is_file():
            raise ProfileError(
                f"no council profile called '{name_or_path}'",
                hint="use one of: "
                + ", ".join(bundled_profile_names())
                + ", or a path to a .yaml profile",
            )
    if not path.is_file():
        raise ProfileError(
            f"{path}: profile file not found", hint="check the path in 'profile:' or --profile"
        )
    data, positions = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = [problem_from_error(error, positions, Profile) for error in exc.errors()]
        raise CaseDataError(
            problems, summary=f"{len(problems)} problem(s) in the council profile"
        ) from None
