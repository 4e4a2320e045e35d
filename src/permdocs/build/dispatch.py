"""``permdocs dispatch``: a decision's letters sorted into one packet per recipient, with a sheet
business support posts them from, and a check that no letter is in the wrong envelope.

No scan of a letter's words catches the right letter in the wrong envelope, or two parents'
letters swapped, so before anything is sorted each letter's address block, as printed on it, is
compared with its recipient in the case: one that does not match (or matches someone else's
letter) stops the dispatch and nothing is written. Then, in ``out/dispatch/``:

- one folder per recipient, named by role (``foster-carers``, ``birth-parent-mother``,
  ``childs-social-worker`` ...), never by a child's or carer's name, holding the letters to them
  and the copies their role is sent;
- ``dispatch-sheet.md``: for each envelope, the recipient's role, the address block exactly as
  printed on the letter, "Private and confidential – addressee only" on letters posted to a
  family, what goes in it with each paper's state (checked by whom), and a box to tick.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import RecordError
from ..letters.plan import LetterPlan, PlannedLetter, plan_letters, slug
from ..load.records import read_record
from ..policy.calendar import long_date
from ..write.output import output_lock, write_all
from .options import BuildOptions
from .papers import PaperStatus, case_papers, paper_states
from .run import CaseRun

DISPATCH_DIR = "dispatch"
SHEET_NAME = "dispatch-sheet.md"
PRIVATE = "Private and confidential – addressee only"
ADDRESS_STYLE = "Address Block"
# Letters posted to a family (not to a professional or an organisation) go marked private.
_FAMILY = ("carers", "child", "birth-parent")
_COPY_ROLES = {
    "child's social worker": "childs-social-worker",
    "your social worker": "childs-social-worker",
    "supervising social worker": "supervising-social-worker",
    "independent reviewing officer": "independent-reviewing-officer",
    "foster carer": "foster-carers",
    "foster carers": "foster-carers",
    "fostering agency": "fostering-agency",
}


@dataclass
class Envelope:
    """One recipient's packet."""

    role: str
    """The packet's name: the recipient's role, as a file-name-safe word."""
    addressee: str
    block: list[str]
    """The address block exactly as printed on the recipient's own letter (empty when the
    packet holds only copies: internal post)."""
    private: bool
    letters: list[tuple[str, str]] = field(default_factory=list)
    """(file name, what it is: "letter" or "copy of ...")."""


@dataclass(frozen=True)
class DispatchResult:
    reference: str
    folder: Path
    envelopes: tuple[Envelope, ...]
    written: tuple[Path, ...]


def letter_role(letter: PlannedLetter) -> str:
    """The packet a letter goes in, by its recipient's role."""
    kind = letter.kind.kind
    if kind == "letter-birth-parent":
        return f"birth-parent-{letter.suffix}" if letter.suffix else "birth-parent"
    return {
        "letter-carers": "foster-carers",
        "letter-child": "child",
        "permanency-certificate": "child",
        "letter-agency": "fostering-agency",
        "letter-social-worker": "childs-social-worker",
    }.get(kind, slug(letter.recipient.role))


def copy_role(role: str) -> str:
    text = role.casefold()
    if "fostering agency" in text:
        return "fostering-agency"
    return _COPY_ROLES.get(text, slug(role))


def expected_block(letter: PlannedLetter) -> list[str]:
    """The address block the case says the letter must carry: addressee, organisation, address."""
    recipient = letter.recipient
    lines = [recipient.addressee, recipient.organisation]
    if recipient.address is not None:
        address = recipient.address
        lines += [*address.lines, address.town or "", address.postcode or ""]
    return [line for line in lines if line]


def printed_block(data: bytes) -> list[str]:
    """The address block as printed on a letter: its first run of address-block lines."""
    import docx

    document = docx.Document(io.BytesIO(data))
    block: list[str] = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        text = paragraph.text.strip()
        if style == ADDRESS_STYLE and text:
            block.append(text)
        elif block:
            break
    return block


def check_addresses(plan: LetterPlan, printed: dict[str, list[str]]) -> list[str]:
    """Each letter whose printed address block is not its recipient's, in words (and whose it
    is, when it is another letter's): two parents' letters swapped are both named."""
    problems: list[str] = []
    expected = {letter.name: expected_block(letter) for letter in plan.letters}
    for letter in plan.letters:
        block = printed.get(letter.name)
        if block is None or block == expected[letter.name]:
            continue
        others = [
            name for name, lines in expected.items() if lines == block and name != letter.name
        ]
        whose = f" (it is {others[0]}'s address block)" if others else ""
        problems.append(
            f"{letter.name}: the address block printed on it does not match its recipient"
            f" ({letter.recipient.role}) in the case{whose}"
        )
    return problems


def make_dispatch(folder: Path | str, options: BuildOptions | None = None) -> DispatchResult:
    """Sort the case's decision letters (as built in its output folder) into packets by
    recipient, with the dispatch sheet, into ``out/dispatch/``. Raises RecordError, writing
    nothing, when there are no letters, when one is a draft or missing, or when an address block
    does not match its recipient; OutputError when the packets exist already (without force)."""
    options = options or BuildOptions()
    run = CaseRun.start(folder, options)
    case = run.case
    if case.decision is None:
        raise RecordError(
            "no decision is recorded, so there are no letters to dispatch",
            hint="record the ADM's decision, build the letters and check them first",
        )
    plan = plan_letters(case, run.profile, run.context.as_of)
    papers = case_papers(case, run.profile, run.context.as_of)
    states = {
        s.paper.name: s for s in paper_states(papers, read_record(run.folder.folder), run.out)
    }
    problems: list[str] = []
    data: dict[str, bytes] = {}
    printed: dict[str, list[str]] = {}
    for letter in plan.letters:
        status = states.get(letter.name)
        name = letter.file_name(case.reference)
        if status is None or status.state in ("not due", "not built"):
            problems.append(f"{letter.name} is not built: build the letters first")
            continue
        if status.built is not None and status.built.status == "draft":
            problems.append(f"{letter.name} was built as a draft: build it final first")
            continue
        data[name] = (run.out / name).read_bytes()
        printed[letter.name] = printed_block(data[name])
    problems += check_addresses(plan, printed)
    if problems:
        raise RecordError(
            "nothing was dispatched: " + "; ".join(problems),
            hint="correct each letter named (build the letters again from the case), then run"
            " permdocs dispatch again",
        )
    envelopes = _envelopes(plan, case.reference, printed)
    files: dict[str, bytes] = {}
    for envelope in envelopes:
        for name, _ in envelope.letters:
            files[f"{DISPATCH_DIR}/{envelope.role}/{name}"] = data[name]
    files[f"{DISPATCH_DIR}/{SHEET_NAME}"] = _sheet(
        case.reference, envelopes, states, plan, case.decision.date
    ).encode("utf-8")
    with output_lock(run.out):
        written = write_all(run.out, files, force=options.force)
    return DispatchResult(case.reference, run.out / DISPATCH_DIR, tuple(envelopes), tuple(written))


def _envelopes(plan: LetterPlan, reference: str, printed: dict[str, list[str]]) -> list[Envelope]:
    envelopes: dict[str, Envelope] = {}
    for letter in plan.letters:
        role = letter_role(letter)
        envelope = envelopes.get(role)
        if envelope is None:
            envelope = envelopes[role] = Envelope(
                role,
                letter.recipient.addressee,
                printed.get(letter.name, []),
                letter.audience in _FAMILY,
            )
        envelope.letters.append((letter.file_name(reference), "letter"))
    for letter in plan.letters:
        for copy in letter.copies:
            role = copy_role(copy.role)
            envelope = envelopes.get(role)
            if envelope is None:
                envelope = envelopes[role] = Envelope(role, copy.name, [], False)
            entry = (letter.file_name(reference), f"copy of {letter.name}")
            if entry[0] not in [name for name, _ in envelope.letters]:
                envelope.letters.append(entry)
    return list(envelopes.values())


def _sheet(
    reference: str,
    envelopes: Sequence[Envelope],
    states: dict[str, PaperStatus],
    plan: LetterPlan,
    decided: date,
) -> str:
    by_file = {letter.file_name(reference): letter.name for letter in plan.letters}
    when = long_date(decided)
    lines = [
        "**OFFICIAL-SENSITIVE**",
        "",
        f"# Dispatch sheet: {reference}",
        "",
        f"The letters of the decision of {when}: one envelope per recipient. Before sealing each,"
        " check that the address block on the letter is the one below, that only the papers"
        " listed go in, and tick the box.",
        "",
    ]
    for number, envelope in enumerate(envelopes, start=1):
        lines += [f"## Envelope {number}: {envelope.role.replace('-', ' ')}", ""]
        if envelope.private:
            lines += [f"**{PRIVATE}**", ""]
        block = envelope.block or [envelope.addressee, "(internal post)"]
        lines += ["```", *block, "```", "", "| Paper | What | State |", "|---|---|---|"]
        for name, what in envelope.letters:
            status = states.get(by_file.get(name, ""))
            state = status.words() if status is not None else ""
            lines.append(f"| `{name}` | {what} | {state} |")
        lines += [
            "",
            "☐ Address block matches the letter  ☐ Contents as listed  ☐ Sent on: ______",
            "",
        ]
    lines += ["**OFFICIAL-SENSITIVE**", ""]
    return "\n".join(lines)
