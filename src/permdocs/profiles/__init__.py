"""Council profiles: the settings that differ between councils.

A profile is a YAML file validated like case data. The bundled ``default`` applies only statutory
rules; the example profiles carry local rules from published council procedures. A case names its
profile (a bundled name or a path relative to the case folder); ``--profile`` overrides.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import CaseDataError, ProfileError
from ..loading import parse_yaml
from ..model.types import Count, Line, Text, YesNo


class ProfileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CouncilAddress(ProfileModel):
    lines: list[Line] = Field(default_factory=list, description="Address lines for the letterhead.")
    postcode: Line | None = Field(None, description="Postcode.")
    phone: Line | None = Field(None, description="Switchboard or team telephone.")
    email: Line | None = Field(None, description="Team email.")


class LetterSettings(ProfileModel):
    child_letter_min_age: Count = Field(8, description="Default age from which the child receives a letter.")
    certificate: YesNo = Field(False, description="Produce a permanency certificate for the child.")
    copy_to_iro: YesNo = Field(True, description="Copy the carers' letter to the IRO.")


class Profile(ProfileModel):
    name: Line = Field(description="Short name of the profile.")
    council_name: Line = Field(description="The council's name, as on its letterhead.")
    service_name: Line = Field("Children's Services", description="Service name under the council name.")
    address: CouncilAddress = Field(default_factory=CouncilAddress, description="Letterhead address.")
    panel_name: Line = Field("Fostering Panel", description="The fostering panel's name.")
    templates: Line | None = Field(None, description="Folder of the council's own Word templates (relative to the profile file).")
    letters: LetterSettings = Field(default_factory=LetterSettings, description="Letter settings.")
    notes: Text | None = Field(None, description="Where the local rules come from.")


BUNDLED_DIR = Path(str(files(__package__)))


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
                hint="use one of: " + ", ".join(bundled_profile_names()) + ", or a path to a .yaml profile",
            )
    if not path.is_file():
        raise ProfileError(f"{path}: profile file not found", hint="check the path in 'profile:' or --profile")
    data, positions = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        from ..validation import problem_from_error

        problems = [problem_from_error(error, positions, Profile) for error in exc.errors()]
        raise CaseDataError(problems, summary=f"{len(problems)} problem(s) in the council profile") from None
