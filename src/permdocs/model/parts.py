"""The pieces the case model is built from: the coded values (as Literal types), the strict base
model, addresses, contact details and professionals."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .types import Line

LegalStatus = Literal[
    "section-20",
    "interim-care-order",
    "care-order",
    "placement-order",
    "special-guardianship-order",
]


CarerRoute = Literal["existing-in-house", "new-in-house", "ifa", "connected-person"]


PermanenceOption = Literal[
    "return-home",
    "connected-persons",
    "adoption",
    "special-guardianship-order",
    "child-arrangements-order",
    "permanent-fostering",
    "residential",
]


OptionOutcome = Literal["pursued", "ruled-out", "parallel"]


DecisionOutcome = Literal["agreed", "not-agreed", "deferred"]


ParentRole = Literal["mother", "father", "step-parent", "other"]


Pronouns = Literal["she", "he", "they"]


AttachmentKind = Literal[
    "care-plan",
    "chronology",
    "ppm-minutes",
    "form-f-update",
    "annual-review",
    "previous-panel-minutes",
    "pep",
    "health-assessment",
    "sibling-assessment",
    "iro-view",
    "child-views",
    "ifa-business-case",
    "ifa-panel-recommendation",
    "form-f",
    "child-profile",
    "linking-record",
    "connected-person-assessment",
    "temporary-approval",
    "life-story",
    "other",
]


class Strict(BaseModel):
    """Every case model: unknown fields are errors, no silent type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Address(Strict):
    lines: list[Line] = Field(
        min_length=1, max_length=6, description="Street address, one line each."
    )
    town: Line | None = Field(None, description="Town or city.")
    postcode: Line | None = Field(None, description="Postcode, e.g. SE1 7XY.")


class Contact(Strict):
    phone: Line | None = Field(None, description="Telephone number, kept exactly as typed.")
    email: Line | None = Field(None, description="Email address.")


class Professional(Strict):
    name: Line = Field(description="Full name.")
    title: Line | None = Field(None, description="Job title, e.g. Senior Social Worker.")
    team: Line | None = Field(None, description="Team or service.")
    contact: Contact | None = Field(None, description="Telephone and email.")


class AgencyContact(Professional):
    """The agency's contact: a professional outside the council, written to by title."""

    honorific: Line | None = Field(
        None,
        description="Title for letters, e.g. Ms, Mr, Dr (the job title goes in title): the"
        ' agency\'s letter greets them "Dear Ms Thistlewood".',
    )
