"""What the routes to a permanent match add to a case: a sibling's linked case file, a
connected person's own approval, an agency's registered manager's place, planned respite.

Siblings matched with the same carers each have their own case file, but go to panel as one
item (Southwark): each names the others' case files by reference and folder. Connected
persons (family and friends carers) are often approved temporarily first, under regulation 24 of
the Care Planning, Placement and Case Review (England) Regulations 2010, and their own assessment
stands in for the Form F.
"""

from __future__ import annotations

from pydantic import Field

from .parts import Strict
from .types import Date, DoneDate, Line, Text


class LinkedCase(Strict):
    reference: Line = Field(description="The sibling's own case reference, e.g. PF-2026-0158.")
    folder: Line = Field(
        description="The sibling's case folder, relative to this case's folder, e.g."
        " ../PF-2026-0158."
    )


class ConnectedPerson(Strict):
    relationship_to_child: Line = Field(
        description="How the carers are connected to the child, e.g. maternal aunt and her"
        " husband, or family friends."
    )
    temporary_approval_on: DoneDate | None = Field(
        None,
        description="Date the carers were temporarily approved under regulation 24, when the"
        " child was placed with them before their full assessment.",
    )
    temporary_approval_extended_to: Date | None = Field(
        None,
        description="The last day of the temporary approval when it was extended (regulation 25).",
    )
    assessment_completed_on: DoneDate | None = Field(
        None,
        description="Date the full connected person assessment (in place of a Form F) was"
        " completed.",
    )
    assessed_by: Line | None = Field(None, description="Who completed that assessment.")


class PlannedRespite(Strict):
    arrangement: Text = Field(description="What respite or short breaks are planned, how often.")
    reason: Text | None = Field(
        None,
        description="Why it helps the child and the placement (respite in a permanent"
        " placement is for exceptional cases only).",
    )
    review_on: Date | None = Field(None, description="When it will next be reviewed.")
