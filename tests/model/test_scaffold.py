"""The blank case.yaml written by ``permdocs new``: complete, commented, and valid as it stands."""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from permdocs.errors import CaseDataError
from permdocs.load.files import load_case_file
from permdocs.load.validation import validate_case
from permdocs.model import Case
from permdocs.model.scaffold import SCHEMA_COMMENT, blank_case_yaml, yaml_scalar


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def all_field_names(model: type[BaseModel]) -> set[str]:
    """Every field name of ``model`` and of every model inside it, however deeply nested."""
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(name)
        for inner in nested_models(info.annotation):
            names |= all_field_names(inner)
    return names


def nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        return [m for arg in typing.get_args(annotation) for m in nested_models(arg)]
    return []


def uncomment_everything(text: str) -> str:
    """What a social worker gets by uncommenting every optional section and example item."""
    head, _, body = text.partition("\nreference:")
    lines = body.splitlines()
    data_line = re.compile(r"^(\s*)# (\s\s.*|[a-z_0-9]+:.*|-.*)$")
    changed = True
    while changed:
        changed = False
        for index, line in enumerate(lines):
            match = data_line.match(line)
            if match:
                lines[index] = match[1] + match[2]
                changed = True
    for index, line in enumerate(lines[:-1]):
        indent = len(line) - len(line.lstrip())
        following = next((n for n in lines[index + 1 :] if not n.lstrip().startswith("#")), "")
        deeper = len(following) - len(following.lstrip()) > indent
        if line.endswith((": []", ": {}")) and deeper:
            lines[index] = line[: -len(" []")]
    return head + "\nreference:" + "\n".join(lines) + "\n"


def test_scaffold_validates(tmp_path: Path) -> None:
    case = validate_case(load_case_file(write(tmp_path, blank_case_yaml("PF-2026-0150"))))
    assert case.reference == "PF-2026-0150"
    assert case.profile == "default"


def test_first_line_is_the_schema_comment() -> None:
    text = blank_case_yaml("PF-2026-0150")
    assert (
        text.splitlines()[0] == SCHEMA_COMMENT == "# yaml-language-server: $schema=case.schema.json"
    )
    assert "permdocs schema > case.schema.json" in text


def test_scaffold_places_the_reference(tmp_path: Path) -> None:
    text = blank_case_yaml("PF-2027-0003")
    assert "\nreference: PF-2027-0003\n" in text
    assert validate_case(load_case_file(write(tmp_path, text))).reference == "PF-2027-0003"


@pytest.mark.parametrize("reference", ["null", "~", "my case", "a: b # c", 'say "hi"', "Ñandú-1"])
def test_awkward_references_read_back_exactly(tmp_path: Path, reference: str) -> None:
    loaded = load_case_file(write(tmp_path, blank_case_yaml(reference)))
    assert loaded.data["reference"] == reference


def test_a_reference_that_is_no_use_is_reported_not_hidden(tmp_path: Path) -> None:
    with pytest.raises(CaseDataError, match="reference"):
        validate_case(load_case_file(write(tmp_path, blank_case_yaml("my case"))))


def test_yaml_scalar_keeps_plain_references_plain() -> None:
    assert yaml_scalar("PF-2026-0142") == "PF-2026-0142"
    assert yaml_scalar("null") == '"null"'


def test_scaffold_holds_every_top_level_field() -> None:
    text = blank_case_yaml("PF-2026-0150")
    for name in Case.model_fields:
        assert re.search(rf"^(# )?{name}:", text, re.MULTILINE), name


def test_scaffold_holds_every_field_at_every_depth() -> None:
    text = blank_case_yaml("PF-2026-0150")
    keys = set(re.findall(r"^[#\s-]*([a-z_0-9]+):", text, re.MULTILINE))
    assert all_field_names(Case) <= keys, sorted(all_field_names(Case) - keys)


def test_every_field_carries_its_description() -> None:
    text = blank_case_yaml("PF-2026-0150")
    squashed = re.sub(r"\s*\n[#\s]*", " ", text)
    for name, info in Case.model_fields.items():
        assert info.description and info.description in squashed, name
    for model in (Case.model_fields["child"].annotation, Case.model_fields["ppm"].annotation):
        assert isinstance(model, type) and issubclass(model, BaseModel)
        for name, info in model.model_fields.items():
            assert info.description and info.description in squashed, name


def test_blank_values_load_as_not_known(tmp_path: Path) -> None:
    case = validate_case(load_case_file(write(tmp_path, blank_case_yaml("PF-2026-0150"))))
    assert case.child.first_names == "CHANGE ME" and case.child.last_name == "CHANGE ME"
    assert case.child.preferred_name is None and case.child.legal_status is None
    assert case.child.receives_letter is None
    assert case.child.lac_reviews == [] and case.siblings == [] and case.attachments == []
    assert case.carers is None and case.decision is None
    assert case.professionals.childs_social_worker is None
    assert case.ppm.family_finding.needed is False
    assert case.school_confidential is False


def test_lines_fit_in_100_columns() -> None:
    for line in blank_case_yaml("PF-2026-0150").splitlines():
        assert len(line) <= 100, line


def test_uncommented_sections_have_the_right_shape() -> None:
    """Uncommenting everything gives the model's exact shape: only empty required values fail."""
    loaded_text = uncomment_everything(blank_case_yaml("PF-2026-0150"))
    assert "\ncarers:\n" in loaded_text and "\ndecision:\n" in loaded_text
    from permdocs.load.reader import parse_yaml

    data, _ = parse_yaml(loaded_text, "case.yaml")
    assert set(data) == set(Case.model_fields)
    assert isinstance(data["carers"]["agency"]["contact"]["contact"], dict)
    assert len(data["siblings"]) == 1 and len(data["attachments"]) == 1
    with pytest.raises(ValidationError) as caught:
        Case.model_validate(data)
    kinds = {error["type"] for error in caught.value.errors()}
    assert not kinds & {"extra_forbidden", "missing", "list_type", "model_type", "dict_type"}
    for error in caught.value.errors():
        assert error["input"] is None, error
