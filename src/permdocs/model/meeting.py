"""The matching meeting's own record: what it discussed, point by point, and the actions it set.

Procedures list what a matching meeting must talk through before it recommends a permanent
match (Milton Keynes): supervision and support, family time and everyone's views on
it, culture and identity, delegated authority, other children placed, respite, the carers'
understanding that reviews continue, and how often social workers will visit. Each point records
what was said and what was agreed, so the record shows the panel the meeting did its job.
"""

from __future__ import annotations

from pydantic import Field

from .parts import Strict
from .types import Date, Line, Text


class DiscussionPoint(Strict):
    discussed: Text | None = Field(None, description="What was said.")
    agreed: Text | None = Field(None, description="What was agreed.")


class MatchingDiscussion(Strict):
    """One entry per point the procedures say a matching meeting talks through."""

    supervision_and_support: DiscussionPoint = Field(
        default_factory=DiscussionPoint,
        description="How the carers use supervision, and the support they and the child need.",
    )
    contact_and_views: DiscussionPoint = Field(
        default_factory=DiscussionPoint,
        description="Family time, and the carers', parents' and child's views on it.",
    )
    culture_and_identity: DiscussionPoint = Field(
        default_factory=DiscussionPoint,
        description="Supporting the child's culture, religion, ethnicity and language.",
    )
    delegated_consents: DiscussionPoint = Field(
        default_factory=DiscussionPoint,
        description="Which decisions are delegated to the carers.",
    )
    other_placements: DiscussionPoint = Field(
        default_factory=DiscussionPoint,
        description="Other children placed with the carers, now or later, and how that is managed.",
    )
    respite: DiscussionPoint = Field(
        default_factory=DiscussionPoint,
        description="Whether respite is expected (in a permanent placement only exceptionally,"
        " agreed and reviewed).",
    )
    reviews_continue: DiscussionPoint = Field(
        default_factory=DiscussionPoint,
        description="That the legal position does not change and reviews and visits continue.",
    )
    visiting_frequency: DiscussionPoint = Field(
        default_factory=DiscussionPoint,
        description="How often the child's and the supervising social workers will visit.",
    )


class MeetingAction(Strict):
    action: Text = Field(description="What is to be done.")
    owner: Line | None = Field(None, description="Who does it.")
    due: Date | None = Field(None, description="By when.")
