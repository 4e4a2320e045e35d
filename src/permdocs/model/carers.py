"""The carers side of the case: each carer, their household, agency, approval and assessment."""

from __future__ import annotations

from pydantic import Field, model_validator

from .parts import (
    Address,
    AgencyContact,
    CarerRoute,
    Contact,
    Professional,
    Pronouns,
    Strict,
)
from .routes import ConnectedPerson, PlannedRespite
from .types import Date, DoneDate, Line, Text, YesNo


class Carer(Strict):
    first_names: Line = Field(description="First name(s).")
    last_name: Line = Field(description="Surname.")
    title: Line | None = Field(None, description="Title for letters, e.g. Ms, Mr, Mx.")
    known_as: Line | None = Field(
        None,
        description="The name the carer goes by, as the child and the letters use it (e.g. Dan);"
        " default: their first name. Restricted with their other names in a confidential"
        " placement.",
    )
    pronouns: Pronouns | None = Field(
        None,
        description="she, he or they, as letters speak of a single carer; left out, letters use"
        " the carer's name instead of a pronoun.",
    )
    date_of_birth: Date | None = Field(None, description="Date of birth.")
    dbs_checked_on: DoneDate | None = Field(
        None, description="Date of the carer's latest enhanced DBS check."
    )
    medical_on: DoneDate | None = Field(
        None, description="Date of the carer's latest adult health (medical) assessment."
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}"

    @property
    def called(self) -> str:
        """The name the carer goes by: ``known_as``, else their first name."""
        return self.known_as or self.first_names.split()[0]


class HouseholdMember(Strict):
    name: Line = Field(description="Name.")
    relationship: Line = Field(description="Relationship to the carers.")
    date_of_birth: Date | None = Field(None, description="Date of birth.")
    views: Text | None = Field(
        None,
        description="Their own views on the child living with the family permanently (the"
        " carers' own children's too), in their words where possible.",
    )
    dbs_checked_on: DoneDate | None = Field(
        None, description="For an adult (18 or over): date of their latest enhanced DBS check."
    )


class Agency(Strict):
    name: Line = Field(description="Independent fostering agency's name.")
    address: Address | None = Field(None, description="Agency's address.")
    contact: AgencyContact | None = Field(None, description="Agency contact.")
    registered_manager: Professional | None = Field(
        None,
        description="The agency's registered manager: the supervising social worker's manager,"
        " who agrees Part 3 and is named on the front sheet.",
    )


class Approval(Strict):
    terms: Text | None = Field(None, description="Terms of approval (numbers, ages, type of care).")
    approved_on: DoneDate | None = Field(None, description="Date first approved.")
    last_annual_review: DoneDate | None = Field(None, description="Date of the last annual review.")
    form_f_updated: DoneDate | None = Field(None, description="Date of the last Form F update.")


class CarerAssessment(Strict):
    """The supervising social worker's assessment for Part 3, one field per heading."""

    home_suitability: Text | None = Field(
        None, description="Whether the home suits the child into adulthood."
    )
    motivation: Text | None = Field(None, description="Motivation for permanence.")
    capacity_to_meet_needs: Text | None = Field(
        None, description="Capacity against the child's needs."
    )
    strengths: Text | None = Field(None, description="Strengths.")
    vulnerabilities: Text | None = Field(None, description="Vulnerabilities.")
    support_network: Text | None = Field(None, description="Support network.")
    use_of_supervision: Text | None = Field(None, description="Use of supervision and training.")
    attitude_to_contact: Text | None = Field(
        None, description="Attitude to contact and to the birth family."
    )
    culture_religion_language: Text | None = Field(
        None, description="Support for the child's culture, religion and language."
    )
    understanding_of_reviews: Text | None = Field(
        None,
        description="Understanding that reviews continue and the legal position does not change.",
    )
    respite_expectations: Text | None = Field(None, description="Expectations of respite.")
    other_children_placed: Text | None = Field(None, description="Other children placed.")
    delegated_authority_consents: Text | None = Field(
        None, description="Consents to delegate authority."
    )


class SharedSurnameAgreement(Strict):
    """A case note: the carers share a surname with the child or a birth parent, so the surname
    cannot be kept from the birth family, and someone with authority agreed the placement stays
    confidential all the same."""

    agreed_by: Line = Field(
        description="Who agreed (name and role, e.g. the child's team manager)."
    )
    agreed_on: Date = Field(description="When it was agreed.")
    note: Text = Field(
        description="What was agreed: why the placement can stay confidential although the"
        " surname is known, and how the carers' first names, address and the child's school are"
        " kept from the birth family."
    )


class Carers(Strict):
    route: CarerRoute = Field(
        description="existing-in-house, new-in-house, ifa or connected-person."
    )
    carers: list[Carer] = Field(min_length=1, max_length=2, description="One or two carers.")
    reference: Line | None = Field(None, description="Carer household reference.")
    approval: Approval = Field(default_factory=Approval, description="Approval terms and dates.")
    household: list[HouseholdMember] = Field(
        default_factory=list, description="Other members of the household."
    )
    address: Address | None = Field(None, description="The carers' (placement) address.")
    address_confidential: YesNo = Field(
        False, description="The placement address must never reach birth parents."
    )
    names_confidential: YesNo = Field(
        False, description="The carers' names must never reach birth parents."
    )
    contact: Contact | None = Field(
        None,
        description="The carers' telephone and email; restricted with the address and names in"
        " a confidential placement.",
    )
    shared_surname_agreed: SharedSurnameAgreement | None = Field(
        None,
        description="When the carers share a surname with the child or a birth parent in a"
        " placement whose names are confidential: who agreed it may stay confidential, when,"
        " and how.",
    )
    commitment_until_leaves_care: YesNo | None = Field(
        None, description="The carers have agreed to care for the child until they leave care."
    )
    staying_put: YesNo | None = Field(
        None, description="The carers would offer Staying Put beyond 18."
    )
    wishes_and_feelings: Text | None = Field(
        None, description="The carers' own wishes and feelings about the plan."
    )
    agency: Agency | None = Field(None, description="The IFA, for an agency carer.")
    connected_person: ConnectedPerson | None = Field(
        None, description="For connected person (family and friends) carers: their approval."
    )
    planned_respite: PlannedRespite | None = Field(
        None, description="Respite or short breaks planned for the child, if any."
    )
    assessment: CarerAssessment = Field(
        default_factory=CarerAssessment, description="Part 3 assessment."
    )

    @model_validator(mode="after")
    def _agency_only_for_ifa(self) -> Carers:
        if self.agency is not None and self.route != "ifa":
            raise ValueError(
                "agency is only for route: ifa (an independent fostering agency carer)"
            )
        if self.connected_person is not None and self.route != "connected-person":
            raise ValueError(
                "connected_person is only for route: connected-person (family and friends carers)"
            )
        return self
