"""Whether the case file was written for the case schema this permdocs reads.

A case file names the schema version it was written for (``schema_version:``, written by
``permdocs new``). One written for an older major version may hold fields that have since been
renamed or removed (an unknown field is already an error with a did-you-mean); this check says
which changes came since, so the social worker knows what to change. One written for a newer
version needs a newer permdocs.
"""

from __future__ import annotations

from ..model.fields import Owner
from ..model.schema import CASE_SCHEMA
from ..model.versions import major_of
from ..policy.conditions import Context
from .findings import Finding

CODES = {
    "case-schema-older": "the case file was written for an older major version of the case schema",
    "case-schema-newer": "the case file was written for a newer case schema than this permdocs reads",
}

_OWNER: Owner = "child's social worker"


def check_schema_version(context: Context) -> list[Finding]:
    declared = context.case.schema_version
    if declared is None:
        return []
    major = major_of(declared)
    if major < CASE_SCHEMA.major:
        since = [change for change in CASE_SCHEMA.changes if change.major > major]
        listed = "; ".join(
            f"{change.version}: {change.path} {change.kind}"
            + (f" to {change.new_path}" if change.new_path else "")
            for change in since
        )
        return [
            Finding(
                code="case-schema-older",
                severity="warning",
                documents=(),
                field="schema_version",
                label="Case file: schema version",
                owner=_OWNER,
                message=f"this case file was written for case schema {declared}; permdocs now"
                f" reads {CASE_SCHEMA.version}"
                + (f" (changed since: {listed})." if listed else "."),
                fix="change the fields CHANGELOG.md lists for each version since "
                f"{declared} (permdocs check names any field it no longer knows), then set "
                f"schema_version: {CASE_SCHEMA.version}.",
            )
        ]
    if major > CASE_SCHEMA.major:
        return [
            Finding(
                code="case-schema-newer",
                severity="warning",
                documents=(),
                field="schema_version",
                label="Case file: schema version",
                owner=_OWNER,
                message=f"this case file was written for case schema {declared}, newer than"
                f" this permdocs reads ({CASE_SCHEMA.version}).",
                fix="upgrade permdocs to the version the rest of the team uses.",
            )
        ]
    return []
