"""The ADM's decision letters as document kinds: what each must carry and when it is produced.
``letters.plan`` plans who receives which; the completeness checks read the same declarations.
"""

from __future__ import annotations

from .kinds import DocumentKind, each, need

# The ADM's decision letters: what each must carry and when it is produced. ``letters.plan``
# plans who receives which; the completeness checks read the same declarations. Letters exist
# only once the ADM has decided (their ``when`` says so); until then the ADM timescale rule, not
# a missing field, says whether the decision is late.
_DECIDED = (
    need("professionals.adm", alternatives=("decision.maker",)),
    need("decision.permanent_from", "decision-agreed"),
    need("decision.reasons", "decision-not-agreed"),
    need("decision.further_information", "decision-deferred"),
    need("decision.information_due", "decision-deferred"),
)
# Letters that name the panel whose recommendation the ADM considered, and its date.
_PANEL_NAMED = (need("panel.date", "goes-to-panel"),)
# The carers' delegated authority: a list of decisions ("You may consent to ...") or, failing
# that, the care plan's own words, quoted.
_DELEGATED = (
    need(
        "child.carers_may_consent_to",
        "decision-agreed",
        alternatives=("child.delegated_authority",),
    ),
)
_SUPPORT_PLAN = (
    need("matching_meeting.support_plan", "decision-agreed"),
    *each(
        "matching_meeting.support_plan[*]",
        "support",
        "provider",
        "frequency",
        "start",
        when=("decision-agreed",),
    ),
)
# Where the child lives now: a child's letter that is not about an agreed move says so.
_WHERE_THE_CHILD_LIVES = (
    need("child.current_placement.carers", "placed-elsewhere", "decision-not-agreed-or-deferred"),
)
_AGREED_FOR_AGENCY = ("decision-agreed", "ifa-route", "director-letter")

LETTERS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "letter-carers",
        "Decision letter to the foster carers",
        "carers",
        "letter",
        requirements=(
            *_DECIDED,
            *_PANEL_NAMED,
            need("carers.carers"),
            need("carers.address"),
            need("professionals.supervising_social_worker"),
            *_SUPPORT_PLAN,
            *_DELEGATED,
        ),
        when=("decision-recorded",),
    ),
    DocumentKind(
        "letter-social-worker",
        "Decision letter: copy for the child's file",
        "professional",
        "letter",
        requirements=(
            *_DECIDED,
            *_PANEL_NAMED,
            need("professionals.childs_social_worker"),
            need("carers.carers"),
        ),
        when=("decision-recorded", "copy-to-childs-social-worker"),
    ),
    DocumentKind(
        "letter-child",
        "Decision letter to the child",
        "child",
        "letter",
        requirements=(
            *_DECIDED,
            need("child.first_names"),
            need("professionals.childs_social_worker"),
            need("carers.carers"),
            *_WHERE_THE_CHILD_LIVES,
        ),
        when=("decision-recorded", "child-receives-letter", "child-told-by-letter"),
    ),
    DocumentKind(
        "letter-birth-parent",
        "Decision letter to a birth parent",
        "birth-parent",
        "letter",
        requirements=(
            *_DECIDED,
            need("birth_parents"),
            need("birth_parents[*].address", "parent-gets-letter"),
            need("birth_parents[*].contact_arrangements", "parent-gets-letter"),
            need("birth_parents[*].whereabouts_enquiries", "whereabouts-unknown"),
            need("professionals.childs_social_worker"),
        ),
        when=("decision-recorded", "letters-to-birth-parents"),
    ),
    DocumentKind(
        "letter-agency",
        "Decision letter to the fostering agency",
        "agency",
        "letter",
        requirements=(
            *_DECIDED,
            *_PANEL_NAMED,
            need("carers.agency"),
            need("carers.agency.address"),
            need("carers.carers"),
        ),
        when=("decision-recorded", "ifa-route", "letters-to-agency"),
    ),
    DocumentKind(
        "permanency-certificate",
        "Permanency certificate",
        "child",
        "letter",
        requirements=(need("decision.permanent_from", "decision-agreed"), need("carers.carers")),
        when=("certificate", "decision-agreed"),
    ),
    # The Director of Children's Services confirms and congratulates an agreed agency match,
    # to the carers and to the child (Milton Keynes, seed 001, IFA step 10).
    DocumentKind(
        "letter-director-carers",
        "Letter from the Director to the foster carers",
        "carers",
        "letter",
        requirements=(
            *_DECIDED,
            need("professionals.director"),
            need("carers.carers"),
            need("carers.address"),
            need("carers.agency"),
        ),
        when=_AGREED_FOR_AGENCY,
    ),
    DocumentKind(
        "letter-director-child",
        "Letter from the Director to the child",
        "child",
        "letter",
        requirements=(
            *_DECIDED,
            need("professionals.director"),
            need("professionals.childs_social_worker"),
            need("carers.carers"),
        ),
        when=(*_AGREED_FOR_AGENCY, "child-receives-letter"),
    ),
    # After an agreed match, what happens next, for the carers and for the child (Kent's
    # appendices "information for foster carers / the child after the decision").
    DocumentKind(
        "information-sheet-carers",
        "After the decision: information for the foster carers",
        "carers",
        "letter",
        requirements=(
            *_DECIDED,
            need("carers.carers"),
            need("professionals.childs_social_worker"),
            need("professionals.supervising_social_worker"),
            need("professionals.iro"),
            *_SUPPORT_PLAN,
            *_DELEGATED,
        ),
        when=("decision-agreed", "information-sheets"),
    ),
    DocumentKind(
        "information-sheet-child",
        "After the decision: information for the child",
        "child",
        "letter",
        requirements=(
            *_DECIDED,
            need("carers.carers"),
            need("professionals.childs_social_worker"),
            need("professionals.iro"),
        ),
        when=("decision-agreed", "information-sheets", "child-receives-letter"),
    ),
)

LETTER_KIND_NAMES: tuple[str, ...] = tuple(kind.kind for kind in LETTERS)
