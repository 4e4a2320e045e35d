"""Write small, valid PDF "papers" into each sample case's attachments/ folder.

The sample cases point at papers written elsewhere (care plan, chronology, PPM minutes, Form F
update, PEP ...). This script writes fictional stand-ins for them so that the samples are complete
and the panel pack can be built from them. The PDFs are built by hand (PDF 1.4, standard Helvetica
fonts, one content stream per A4 page, exact cross-reference offsets), so no PDF library is needed
to write them, and the bytes are the same on every run. Each one is read back with pypdf to check
that its title can be extracted.

Usage (from the repository root):

    python tools/make_sample_papers.py [SAMPLES_FOLDER]
"""

from __future__ import annotations

import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MARKING = "OFFICIAL-SENSITIVE"

# A4 in points, and the text layout on it.
PAGE_WIDTH = 595.28
PAGE_HEIGHT = 841.89
LEFT = 56
TITLE_Y = 770
BODY_TOP = 724
BODY_BOTTOM = 80
LEADING = 14
WRAP = 90  # characters per body line of 10 pt Helvetica inside the margins


@dataclass(frozen=True)
class Paper:
    """One fictional paper: a file name, a title and its pages of paragraphs.

    A paragraph starting with "## " is a heading (bold).
    """

    filename: str
    title: str
    date: str
    author: str
    pages: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Sample:
    folder: str
    child: str
    reference: str
    papers: tuple[Paper, ...]


# --------------------------------------------------------------------------------------- PDF bytes


def pdf_text(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252) encoding, with (, ) and \\ escaped."""
    out = bytearray(b"(")
    for byte in text.encode("cp1252"):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif 32 <= byte < 127:
            out.append(byte)
        else:
            out += f"\\{byte:03o}".encode("ascii")
    out += b")"
    return bytes(out)


def body_lines(paragraphs: tuple[str, ...]) -> list[tuple[str, str]]:
    """(font, line) pairs for a page body: paragraphs wrapped, a blank line between them."""
    lines: list[tuple[str, str]] = []
    for paragraph in paragraphs:
        if lines:
            lines.append(("F1", ""))
        if paragraph.startswith("## "):
            lines.append(("F2", paragraph[3:]))
            continue
        for raw in paragraph.split("\n"):
            wrapped = textwrap.wrap(raw, WRAP, subsequent_indent="    " if raw[:2] == "- " else "")
            lines.extend(("F1", line) for line in wrapped or [""])
    return lines


def page_content(sample: Sample, paper: Paper, number: int, count: int) -> bytes:
    """The content stream of one page: marking, title, body, footer."""
    title = paper.title if number == 1 else f"{paper.title} (continued)"
    size = 16 if number == 1 else 12
    ops: list[bytes] = [
        b"BT /F2 9 Tf %d %d Td " % (LEFT, 808) + pdf_text(MARKING) + b" Tj ET",
        b"BT /F2 %d Tf %d %d Td " % (size, LEFT, TITLE_Y) + pdf_text(title) + b" Tj ET",
    ]
    about = f"{sample.child}  |  Case {sample.reference}  |  {paper.date}  |  {paper.author}"
    ops.append(b"BT /F1 9 Tf %d %d Td " % (LEFT, TITLE_Y - 20) + pdf_text(about) + b" Tj ET")
    lines = body_lines(paper.pages[number - 1])
    if BODY_TOP - LEADING * len(lines) < BODY_BOTTOM:
        raise ValueError(f"{paper.filename}: page {number} has too much text to fit")
    y = BODY_TOP
    for font, line in lines:
        if line:
            size = 11 if font == "F2" else 10
            ops.append(
                b"BT /%s %d Tf %d %d Td " % (font.encode(), size, LEFT, y)
                + pdf_text(line)
                + b" Tj ET"
            )
        y -= LEADING
    footer = f"Fictional sample paper for permdocs  |  Final  |  Page {number} of {count}"
    ops.append(b"BT /F1 8 Tf %d %d Td " % (LEFT, 44) + pdf_text(footer) + b" Tj ET")
    ops.append(b"BT /F2 9 Tf %d %d Td " % (LEFT, 30) + pdf_text(MARKING) + b" Tj ET")
    return b"\n".join(ops) + b"\n"


def build_pdf(sample: Sample, paper: Paper) -> bytes:
    """A complete PDF 1.4 file: catalog, page tree, two fonts, pages, contents, info."""
    count = len(paper.pages)
    # Object numbers: 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold, 5 info,
    # then for each page its page object and its content stream.
    page_ids = [6 + 2 * i for i in range(count)]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % i for i in page_ids)
        + b"] /Count %d >>" % count,
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold"
        b" /Encoding /WinAnsiEncoding >>",
        5: b"<< /Title "
        + pdf_text(paper.title)
        + b" /Subject "
        + pdf_text(MARKING)
        + b" /Producer (permdocs tools/make_sample_papers.py) >>",
    }
    for index, page_id in enumerate(page_ids):
        stream = page_content(sample, paper, index + 1, count)
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f]"
            b" /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, page_id + 1)
        )
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\n" % size
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


# ------------------------------------------------------------------------------------ the papers

FICTION = "This is a fictional paper written for the permdocs samples; no real person is described."

# Papers Ruby's and Kai's case files share (samples 02 and 05): about the carers or the pair.
# Each child's copy carries that child's name in its header, as the case folders are separate;
# the panel-item pack includes each once (same kind, title and date).
RUBY_AND_KAI_PPM = Paper(
    "ppm-minutes.pdf",
    "Permanency Planning Meeting Minutes",
    "04/04/2025",
    "Nadia Sorensen, Permanence Service Manager",
    (
        (
            FICTION,
            "Meeting held on 27 March 2025 about Ruby and Kai Callender.",
            "## Decision",
            "Permanent fostering together. Adoption was considered for Ruby and ruled"
            " out. Family finding to begin in April 2025, led by Zara Quinlan.",
            "## Family finding",
            "Carers within about 25 miles who can promote the children's mixed White"
            " British and Black Caribbean heritage and keep a confidential placement"
            " safe.",
        ),
    ),
)
WHITFIELD_FORM_F = Paper(
    "form-f.pdf",
    "Form F Assessment: Natalie and Jerome Whitfield",
    "16/05/2025",
    "Kathryn Bell, Supervising Social Worker",
    (
        (
            FICTION,
            "CONFIDENTIAL: not to be shared with the birth family.",
            "## The applicants",
            "Natalie and Jerome Whitfield and their daughter Imani (13). Jerome grew up partly in"
            " care; both have raised Imani and volunteered with a children's holiday club.",
            "## Assessment",
            "Six home visits, references, statutory checks and training (Skills to Foster,"
            " therapeutic parenting). The household is warm, reflective and open to support.",
        ),
        (
            "## Recommendation",
            "Approval for up to two children (or a sibling group of two) aged 4 to 12, long-term"
            " and permanent fostering. Approved by the agency decision maker on 12 June 2025.",
        ),
    ),
)
RUBY_AND_KAI_PROFILE = Paper(
    "child-profile.pdf",
    "Ruby and Kai: Our Profile",
    "22/04/2025",
    "Zara Quinlan, Family Finder",
    (
        (
            FICTION,
            "Ruby (4) and Kai (6) are a brother and sister who love each other very much and need"
            " a family who will keep them together for good.",
            "## About us",
            "Ruby loves drawing, stories and the park. Kai loves football, Lego and dinosaurs.",
            "## The family we need",
            "A family who will celebrate our White British and Black Caribbean heritage, help us"
            " keep in touch with our mum and our big sister Chloe, and keep us safe.",
        ),
    ),
)
RUBY_AND_KAI_LINKING = Paper(
    "linking-record.pdf",
    "Linking and Matching Record, Ruby and Kai",
    "06/11/2025",
    "Zara Quinlan, Family Finder",
    (
        (
            FICTION,
            "CONFIDENTIAL: not to be shared with the birth family.",
            "## Families considered",
            "Three approved households expressed interest; two were visited with the children's"
            " social worker. The Whitfields were chosen on 6 November 2025.",
            "## Why this family",
            "Shared heritage, room for both children, experience of a sibling separated in care,"
            " and a clear understanding of the confidential family time plan.",
        ),
    ),
)
RUBY_AND_KAI_SIBLINGS = Paper(
    "sibling-assessment.pdf",
    "Sibling Assessment: Together or Apart",
    "30/01/2025",
    "Owen Baptiste, Social Worker",
    (
        (
            FICTION,
            "Ruby (4) and Kai (6) have a close, mutually comforting relationship and"
            " should be placed together permanently. Their half-sister Chloe (11) is"
            " settled with her grandparents under a special guardianship order; the"
            " three should meet every six weeks.",
        ),
    ),
)

SAMPLES: tuple[Sample, ...] = (
    Sample(
        folder="01-existing-carer-agreed",
        child="Maisie Thornbury (born 09/03/2017)",
        reference="PF-2026-0142",
        papers=(
            Paper(
                "care-plan.pdf",
                "Care Plan for Maisie Thornbury",
                "01/09/2026",
                "Priya Ramdas, Senior Social Worker",
                (
                    (
                        FICTION,
                        "## Legal status and permanence plan",
                        "Maisie is subject to a care order made at the Family Court at Hollinbridge"
                        " on 3 March 2026. Her permanence plan is permanent fostering with Ruth and"
                        " Daniel Ellery, with whom she has lived since 8 September 2025. The plan"
                        " was recommended at her LAC review on 18 December 2025, agreed at the"
                        " Permanency Planning Meeting on 5 February 2026 and ratified by the Agency"
                        " Decision Maker on 12 February 2026.",
                        "## Options considered",
                        "Return home, care by family members, adoption, special guardianship and a"
                        " child arrangements order were each considered and ruled out, for the"
                        " reasons recorded in the PPM minutes. Permanent fostering keeps Maisie in"
                        " the home, school and community she knows, with the support she needs.",
                        "## Health",
                        "Mild asthma, managed with a reliever inhaler and an asthma plan at school."
                        " Immunisations, dental and optical checks are up to date.",
                        "## Education",
                        "Year 5 at Hollin Brook Primary School. Attendance is now 98 per cent. PEP"
                        " targets focus on reading fluency and extended writing.",
                    ),
                    (
                        "## Family time",
                        "- Mother: supervised, monthly, two hours, at the Westmoor Green family"
                        " centre.\n- Father: every two months in the community, and video calls"
                        " every other Sunday.\n- Maternal grandmother: monthly, at the carers'"
                        " home.\n- Half-brother Alfie: every six weeks, arranged with his"
                        " grandmother.",
                        "## Delegated authority",
                        "The carers may consent to school trips, routine health care, haircuts,"
                        " sleepovers, clubs and UK holidays. Holidays abroad, passports and any"
                        " change of school remain council decisions.",
                        "## Contingency",
                        "If the placement could not continue, the fostering service would look for"
                        " a long-term placement that keeps Maisie at her school and near her family.",
                        "## Review",
                        "This plan will be reviewed at each LAC review. Next review by 10 May 2027.",
                    ),
                ),
            ),
            Paper(
                "chronology.pdf",
                "Chronology for Maisie Thornbury",
                "28/08/2026",
                "Priya Ramdas, Senior Social Worker",
                (
                    (
                        FICTION,
                        "- 09/03/2017: Maisie is born at Exampleton General Hospital.\n"
                        "- 2020: her parents separate; Maisie lives with her mother.\n"
                        "- 14/06/2022: first referral to children's services (neglect, domestic"
                        " abuse). Child in need plan.\n"
                        "- 11/03/2024: child protection plan (neglect).\n"
                        "- 05/09/2025: Maisie found alone at home at night; police protection.\n"
                        "- 08/09/2025: accommodated under section 20; placed with Ruth and Daniel"
                        " Ellery.\n"
                        "- 12/09/2025: interim care order.\n"
                        "- 30/09/2025: case management hearing.\n"
                        "- 02/10/2025: first LAC review.",
                    ),
                    (
                        "- 20/11/2025: sibling assessment (Maisie and Alfie) completed.\n"
                        "- 18/12/2025: second LAC review recommends permanent fostering.\n"
                        "- 05/02/2026: Permanency Planning Meeting.\n"
                        "- 12/02/2026: ADM ratifies the permanence plan.\n"
                        "- 03/03/2026: final hearing; care order made.\n"
                        "- 14/05/2026: third LAC review.\n"
                        "- 18/06/2026: carers' annual review.\n"
                        "- 20/08/2026: Form F update completed.",
                    ),
                ),
            ),
            Paper(
                "ppm-minutes.pdf",
                "Permanency Planning Meeting Minutes",
                "16/02/2026",
                "Nadia Sorensen, Permanence Service Manager",
                (
                    (
                        FICTION,
                        "Meeting held on 5 February 2026. Present: Nadia Sorensen (chair), Priya"
                        " Ramdas, Marcus Hale, Ruth and Daniel Ellery, Helen Okafor, Sandra McBride,"
                        " Joanne Fairweather, Claire Pennock.",
                        "## Decision",
                        "Permanent fostering with Mr and Mrs Ellery best meets Maisie's needs. Return"
                        " home, family placement, adoption, special guardianship and a child"
                        " arrangements order were considered and ruled out. Family finding is not"
                        " needed.",
                        "## Actions",
                        "- Form F update: Helen Okafor, by August 2026.\n"
                        "- Direct work on Maisie's views: Priya Ramdas, by August 2026.\n"
                        "- Matching meeting after the final hearing: Tom Wrigley.",
                    ),
                ),
            ),
            Paper(
                "form-f-update.pdf",
                "Form F Update: Ruth and Daniel Ellery",
                "20/08/2026",
                "Helen Okafor, Supervising Social Worker",
                (
                    (
                        FICTION,
                        "Ruth and Daniel Ellery were approved as foster carers on 15 May 2014 for up"
                        " to two children aged 0 to 18. This update assesses them as permanent"
                        " carers for Maisie.",
                        "## Summary",
                        "The household is stable and the carers' health is good. They have shown"
                        " warm, consistent care and a child-centred approach to Maisie's family. They"
                        " are committed to caring for her until she leaves care and to offering"
                        " Staying Put. I recommend that their approval be changed to name Maisie.",
                    ),
                ),
            ),
            Paper(
                "annual-review.pdf",
                "Foster Carer Annual Review: Ruth and Daniel Ellery",
                "18/06/2026",
                "Helen Okafor, Supervising Social Worker",
                (
                    (
                        FICTION,
                        "Review of the carers' approval for the year to June 2026. Training is up to"
                        " date, supervision has been regular and there have been no complaints or"
                        " allegations. Maisie's feedback was very positive. Recommendation: approval"
                        " to continue unchanged pending the permanence match.",
                    ),
                ),
            ),
            Paper(
                "pep.pdf",
                "Personal Education Plan, Autumn Term 2026",
                "06/10/2026",
                "Claire Pennock, Designated Teacher",
                (
                    (
                        FICTION,
                        "Hollin Brook Primary School, Year 5. Attendance 98 per cent.",
                        "## Targets",
                        "- Read aloud fluently at the expected standard for Year 5.\n"
                        "- Write a full page independently using paragraphs.\n"
                        "- Join a lunchtime club to build friendships.",
                        "Pupil Premium Plus funds weekly one-to-one tuition.",
                    ),
                ),
            ),
            Paper(
                "health-assessment.pdf",
                "Review Health Assessment",
                "14/07/2026",
                "Joanne Fairweather, Looked After Children Nurse",
                (
                    (
                        FICTION,
                        "Maisie is well and growing along her centile. Mild asthma is well"
                        " controlled. Immunisations, dental and optical checks are up to date. No"
                        " new health needs identified. Next review health assessment due July 2027.",
                    ),
                ),
            ),
            Paper(
                "sibling-assessment.pdf",
                "Sibling Assessment: Maisie and Alfie",
                "20/11/2025",
                "Priya Ramdas, Senior Social Worker",
                (
                    (
                        FICTION,
                        "Maisie (8) and her half-brother Alfie (1) have different fathers and have"
                        " different plans: Alfie lives with his paternal grandmother. The assessment"
                        " finds that their relationship is warm and should be kept alive through"
                        " regular family time every six weeks, rather than by placing them together.",
                    ),
                ),
            ),
            Paper(
                "iro-view.pdf",
                "IRO View on the Proposed Match",
                "08/09/2026",
                "Sandra McBride, Independent Reviewing Officer",
                (
                    (
                        FICTION,
                        "I have chaired Maisie's reviews since October 2025. I fully support the"
                        " plan for permanent fostering with Mr and Mrs Ellery. Maisie told me she"
                        " wants to stay with them. The plan was made in good time and the"
                        " alternatives were properly considered.",
                    ),
                ),
            ),
            Paper(
                "child-views.pdf",
                "Maisie's Views: All About Me",
                "12/08/2026",
                "Priya Ramdas, Senior Social Worker",
                (
                    (
                        FICTION,
                        'Maisie wrote: "I like living with Ruth and Dan and Biscuit the dog. I want'
                        " to stay here until I am a grown-up. I want to still see Mum and Nan and"
                        ' Dad and Alfie."',
                        "Gathered over four direct work sessions using the All About Me booklet.",
                    ),
                ),
            ),
        ),
    ),
    Sample(
        folder="02-siblings-new-carers-confidential",
        child="Ruby Callender (born 21/07/2020)",
        reference="PF-2026-0157",
        papers=(
            Paper(
                "care-plan.pdf",
                "Care Plan for Ruby Callender",
                "15/01/2026",
                "Owen Baptiste, Social Worker",
                (
                    (
                        FICTION,
                        "CONFIDENTIAL PLACEMENT: the carers' names and address and Ruby's school"
                        " must not be shared with the birth family.",
                        "## Legal status and permanence plan",
                        "Ruby is subject to a care order made on 6 May 2025. Her permanence plan is"
                        " permanent fostering together with her brother Kai, with new carers found"
                        " through family finding. Adoption was considered and ruled out because the"
                        " sibling assessment found that Ruby and Kai must stay together.",
                        "## Health and education",
                        "Eczema, well controlled. Year 1 (spring 2026); phonics support in place.",
                    ),
                    (
                        "## Family time",
                        "- Mother: supervised, four times a year, at a family centre.\n"
                        "- Half-sister Chloe: every six weeks at a neutral venue.\n"
                        "- Father: whereabouts unknown; enquiries continue.",
                        "## Transition",
                        "Introductions of about four weeks after the ADM's decision, led by the"
                        " carers' and the children's social workers with Mrs Pilling.",
                        "## Review",
                        "This plan will be reviewed at each LAC review.",
                    ),
                ),
            ),
            Paper(
                "chronology.pdf",
                "Chronology for Ruby Callender",
                "14/01/2026",
                "Owen Baptiste, Social Worker",
                (
                    (
                        FICTION,
                        "- 21/07/2020: Ruby is born.\n"
                        "- 2023: child protection plans for Ruby and Kai (neglect).\n"
                        "- 04/11/2024: interim care orders; placed together with Janet Pilling.\n"
                        "- 28/11/2024: first LAC review.\n"
                        "- 30/01/2025: sibling assessment recommends the children live together.",
                    ),
                    (
                        "- 20/02/2025: second LAC review recommends permanent fostering together.\n"
                        "- 27/03/2025: Permanency Planning Meeting; family finding agreed.\n"
                        "- 06/05/2025: final hearing; care orders made.\n"
                        "- October 2025: link with prospective permanent carers identified.\n"
                        "- 03/12/2025: Form F update for the match completed.",
                    ),
                ),
            ),
            RUBY_AND_KAI_PPM,
            WHITFIELD_FORM_F,
            RUBY_AND_KAI_PROFILE,
            RUBY_AND_KAI_LINKING,
            RUBY_AND_KAI_SIBLINGS,
            Paper(
                "pep.pdf",
                "Personal Education Plan, Spring Term 2026",
                "20/01/2026",
                "Designated Teacher",
                (
                    (
                        FICTION,
                        "Year 1. Ruby is catching up with phonics and enjoys drawing and stories.",
                        "## Targets",
                        "- Pass the phonics screening check.\n- Write a simple sentence on her own.",
                    ),
                ),
            ),
            Paper(
                "health-assessment.pdf",
                "Review Health Assessment",
                "18/11/2025",
                "Joanne Fairweather, Looked After Children Nurse",
                (
                    (
                        FICTION,
                        "Ruby is well. Eczema managed with emollients. Dental treatment completed."
                        " Immunisations up to date.",
                    ),
                ),
            ),
            Paper(
                "iro-view.pdf",
                "IRO View on the Proposed Match",
                "19/01/2026",
                "Gillian Sands, Independent Reviewing Officer",
                (
                    (
                        FICTION,
                        "I support the match of Ruby and Kai together with these carers. Family"
                        " finding was thorough and the carers can meet the children's identity"
                        " needs. I will monitor the confidentiality plan at each review.",
                    ),
                ),
            ),
            Paper(
                "child-views.pdf",
                "Ruby's Views: My Feelings Book",
                "08/01/2026",
                "Owen Baptiste, Social Worker",
                (
                    (
                        FICTION,
                        'Ruby drew her "forever house" with Kai, her carers and the cat. She said:'
                        ' "I want to stay here with Kai for always. I like seeing Chloe."',
                        "Gathered in play-based direct work sessions with dolls and a feelings book.",
                    ),
                ),
            ),
        ),
    ),
    Sample(
        folder="03-ifa-teenager-pending",
        child="Jordan Pryce (born 18/05/2012)",
        reference="PF-2026-0163",
        papers=(
            Paper(
                "care-plan.pdf",
                "Care Plan for Jordan Pryce",
                "12/10/2026",
                "Hannah Greaves, Social Worker",
                (
                    (
                        FICTION,
                        "## Legal status and permanence plan",
                        "Jordan is subject to a care order made on 28 June 2022. His permanence plan"
                        " is permanent fostering with Carol Ashdown of Kestrelmoor Fostering"
                        " Partnership, with whom he has lived since 5 June 2023.",
                        "## Health",
                        "ADHD, treated with medication and reviewed by the paediatrician every six"
                        " months.",
                        "## Education",
                        "Year 10 at Hollinbridge Community College, with an EHCP.",
                    ),
                    (
                        "## Family time",
                        "- Mother and Mason: every three weeks at his mother's home.\n"
                        "- Father: at Jordan's request.",
                        "## Preparing for adulthood",
                        "Independence skills programme now; pathway planning from 16; Staying Put"
                        " agreed in principle by Ms Ashdown.",
                    ),
                ),
            ),
            Paper(
                "chronology.pdf",
                "Chronology for Jordan Pryce",
                "12/10/2026",
                "Hannah Greaves, Social Worker",
                (
                    (
                        FICTION,
                        "- 18/05/2012: Jordan is born.\n"
                        "- 2019: child in need, then child protection involvement.\n"
                        "- 10/01/2022: accommodated; emergency foster placement.\n"
                        "- 14/03/2022: moves to in-house long-term carers.\n"
                        "- 28/06/2022: care order made.",
                    ),
                    (
                        "- 05/06/2023: moves to Carol Ashdown (IFA).\n"
                        "- 28/08/2025: LAC review recommends permanent fostering.\n"
                        "- 16/10/2025: Permanency Planning Meeting.\n"
                        "- 12/03/2026: fostering panel defers its recommendation.\n"
                        "- 17/09/2026: business case approved by the Director.\n"
                        "- 29/10/2026: second matching meeting.",
                    ),
                ),
            ),
            Paper(
                "ppm-minutes.pdf",
                "Permanency Planning Meeting Minutes",
                "24/10/2025",
                "Nadia Sorensen, Permanence Service Manager",
                (
                    (
                        FICTION,
                        "Meeting held on 16 October 2025 about Jordan Pryce.",
                        "## Decision",
                        "Permanent fostering with Carol Ashdown. Other options ruled out. A business"
                        " case for a permanent IFA placement to go to the Director.",
                    ),
                ),
            ),
            Paper(
                "previous-panel-minutes.pdf",
                "Fostering Panel Minutes, 12 March 2026",
                "20/03/2026",
                "Lorraine Doyle, Fostering Panel Adviser",
                (
                    (
                        FICTION,
                        "Item 5: proposed permanent match of Jordan Pryce with Carol Ashdown.",
                        "## Recommendation",
                        "Deferred. The panel asked for the Director's approval of the business case,"
                        " an updated assessment of Ms Ashdown and Jordan's own views in writing.",
                    ),
                ),
            ),
            Paper(
                "form-f-update.pdf",
                "Form F Update: Carol Ashdown",
                "21/05/2026",
                "Femi Adeyinka, Supervising Social Worker",
                (
                    (
                        FICTION,
                        "Carol Ashdown was approved by Kestrelmoor Fostering Partnership on 24"
                        " September 2015. This update, asked for by the fostering panel, assesses"
                        " her support network and her capacity to care for Jordan to adulthood.",
                    ),
                ),
            ),
            Paper(
                "pep.pdf",
                "Personal Education Plan, Autumn Term 2026",
                "14/10/2026",
                "Paul Ingram, Virtual School",
                (
                    (
                        FICTION,
                        "Year 10, Hollinbridge Community College. EHCP in place.",
                        "## Targets",
                        "- Grade 5 in maths.\n- Complete the design technology project on time.",
                    ),
                ),
            ),
            Paper(
                "health-assessment.pdf",
                "Review Health Assessment",
                "23/06/2026",
                "Joanne Fairweather, Looked After Children Nurse",
                (
                    (
                        FICTION,
                        "Jordan is well. ADHD medication effective. Immunisations up to date.",
                    ),
                ),
            ),
            Paper(
                "sibling-assessment.pdf",
                "Sibling Assessment: Jordan and Mason",
                "05/04/2022",
                "Children in Care Team 3",
                (
                    (
                        FICTION,
                        "Mason (5) is to remain at home with his mother. Jordan (9) is to be cared"
                        " for in foster care. Their relationship is important to both and should"
                        " be kept through regular time together.",
                    ),
                ),
            ),
            Paper(
                "child-views.pdf",
                "Jordan's Views for Panel",
                "09/10/2026",
                "Jordan Pryce, with Hannah Greaves",
                (
                    (
                        FICTION,
                        "\"Carol's is my home. I want to stay here until I'm grown up and not move"
                        ' again. I still want to see my mum and Mason."',
                    ),
                ),
            ),
            Paper(
                "iro-view.pdf",
                "IRO View on the Proposed Match",
                "26/10/2026",
                "Sandra McBride, Independent Reviewing Officer",
                (
                    (
                        FICTION,
                        "I support the match. Jordan has been clear and consistent in his wish to"
                        " stay with Ms Ashdown, and the points raised by panel in March 2026 have"
                        " been addressed.",
                    ),
                ),
            ),
            Paper(
                "ifa-business-case.pdf",
                "Business Case for a Permanent IFA Placement",
                "17/09/2026",
                "Sean Mulholland, Team Manager",
                (
                    (
                        FICTION,
                        "Request to the Director of Children's Services to make Jordan's placement"
                        " with Kestrelmoor Fostering Partnership permanent, at the current weekly"
                        " fee, because moving him to an in-house carer would not meet his needs.",
                        "## Decision",
                        "Approved by the Director on 17 September 2026.",
                    ),
                ),
            ),
            Paper(
                "ifa-panel-recommendation.pdf",
                "Kestrelmoor Fostering Partnership Panel Recommendation",
                "30/09/2026",
                "Kestrelmoor Fostering Partnership",
                (
                    (
                        FICTION,
                        "The agency's fostering panel recommends that Carol Ashdown's approval be"
                        " changed to name Jordan Pryce as a permanent placement, subject to the"
                        " placing authority's decision.",
                    ),
                ),
            ),
        ),
    ),
    Sample(
        folder="04-connected-person-aunt-agreed",
        child="Leo Marsh (born 14/02/2019)",
        reference="PF-2026-0171",
        papers=(
            Paper(
                "care-plan.pdf",
                "Care Plan for Leo Marsh",
                "02/03/2026",
                "Amara Osei, Social Worker",
                (
                    (
                        FICTION,
                        "## Legal status and permanence plan",
                        "Leo is subject to a care order made on 14 October 2025. His permanence plan"
                        " is permanent fostering with his maternal aunt Kelly Marsh and her partner"
                        " Sam Harte, approved as connected person foster carers.",
                        "## Family time",
                        "- Mother: supervised, monthly, at the family centre.\n"
                        "- Maternal grandfather: visits at the carers' home.",
                    ),
                ),
            ),
            Paper(
                "chronology.pdf",
                "Chronology for Leo Marsh",
                "27/02/2026",
                "Amara Osei, Social Worker",
                (
                    (
                        FICTION,
                        "- 14/02/2019: Leo is born.\n"
                        "- 02/04/2025: police protection; placed with his aunt under temporary"
                        " approval (regulation 24).\n"
                        "- 16/07/2025: temporary approval extended to 17/09/2025.\n"
                        "- 04/09/2025: the aunt and her partner approved as connected person"
                        " foster carers.\n"
                        "- 14/10/2025: care order made.",
                    ),
                ),
            ),
            Paper(
                "ppm-minutes.pdf",
                "Permanency Planning Meeting Minutes",
                "28/08/2025",
                "Nadia Sorensen, Permanence Service Manager",
                (
                    (
                        FICTION,
                        "Meeting held on 21 August 2025 about Leo Marsh.",
                        "## Decision",
                        "Permanent fostering with his aunt and her partner once they are fully"
                        " approved. Special guardianship was considered; the carers want the"
                        " council's support with family time for now.",
                    ),
                ),
            ),
            Paper(
                "connected-person-assessment.pdf",
                "Connected Person Assessment: Kelly Marsh and Sam Harte",
                "15/08/2025",
                "Grace Ofori, Kinship Social Worker",
                (
                    (
                        FICTION,
                        "## The carers",
                        "Kelly Marsh (Leo's maternal aunt) and her partner Sam Harte have cared for"
                        " Leo since 2 April 2025 under temporary approval.",
                        "## Assessment",
                        "Home visits, statutory checks, references and training. The carers know"
                        " Leo's history, manage family time safely and put Leo's needs first.",
                        "## Recommendation",
                        "Approval as connected person foster carers for Leo.",
                    ),
                ),
            ),
            Paper(
                "temporary-approval.pdf",
                "Temporary Approval of Connected Persons (Regulation 24)",
                "02/04/2025",
                "Tom Wrigley, Fostering Team Manager",
                (
                    (
                        FICTION,
                        "Kelly Marsh and Sam Harte are temporarily approved as foster carers for"
                        " Leo Marsh from 2 April 2025 for up to 16 weeks, after a visit to the home,"
                        " interviews and the initial checks.",
                        "Extended on 16 July 2025 to 17 September 2025 (regulation 25) while the"
                        " full assessment is completed.",
                    ),
                ),
            ),
            Paper(
                "pep.pdf",
                "Personal Education Plan, Spring Term 2026",
                "24/02/2026",
                "Designated Teacher",
                (
                    (
                        FICTION,
                        "Year 2. Leo is happy at school and making good progress in reading.",
                    ),
                ),
            ),
            Paper(
                "health-assessment.pdf",
                "Review Health Assessment",
                "09/12/2025",
                "Joanne Fairweather, Looked After Children Nurse",
                ((FICTION, "Leo is well. Immunisations and dental checks are up to date."),),
            ),
            Paper(
                "iro-view.pdf",
                "IRO View on the Proposed Match",
                "06/03/2026",
                "Sandra McBride, Independent Reviewing Officer",
                (
                    (
                        FICTION,
                        "I support permanent fostering with Leo's aunt and her partner. Leo is"
                        " settled and safe, and keeps his family links.",
                    ),
                ),
            ),
            Paper(
                "child-views.pdf",
                "Leo's Views: All About Me",
                "20/02/2026",
                "Amara Osei, Social Worker",
                (
                    (
                        FICTION,
                        'Leo said: "I want to live with Auntie Kelly and Sam for ever. I like'
                        ' seeing Mummy at the centre."',
                    ),
                ),
            ),
        ),
    ),
    Sample(
        folder="05-sibling-kai-new-carers-confidential",
        child="Kai Callender (born 03/04/2018)",
        reference="PF-2026-0158",
        papers=(
            Paper(
                "care-plan.pdf",
                "Care Plan for Kai Callender",
                "15/01/2026",
                "Owen Baptiste, Social Worker",
                (
                    (
                        FICTION,
                        "CONFIDENTIAL PLACEMENT: the carers' names and address and Kai's school"
                        " must not be shared with the birth family.",
                        "## Legal status and permanence plan",
                        "Kai is subject to a care order made on 6 May 2025. His permanence plan is"
                        " permanent fostering together with his sister Ruby, with new carers found"
                        " through family finding.",
                    ),
                ),
            ),
            Paper(
                "chronology.pdf",
                "Chronology for Kai Callender",
                "14/01/2026",
                "Owen Baptiste, Social Worker",
                (
                    (
                        FICTION,
                        "- 03/04/2018: Kai is born.\n"
                        "- 04/11/2024: interim care orders; placed together with Ruby.\n"
                        "- 30/01/2025: sibling assessment recommends the children live together.\n"
                        "- 06/05/2025: care orders made.",
                    ),
                ),
            ),
            RUBY_AND_KAI_PPM,
            WHITFIELD_FORM_F,
            RUBY_AND_KAI_PROFILE,
            RUBY_AND_KAI_LINKING,
            RUBY_AND_KAI_SIBLINGS,
            Paper(
                "pep.pdf",
                "Personal Education Plan for Kai, Spring Term 2026",
                "20/01/2026",
                "Designated Teacher",
                ((FICTION, "Year 2. Kai loves maths and is reading at the expected level."),),
            ),
            Paper(
                "health-assessment.pdf",
                "Review Health Assessment for Kai",
                "18/11/2025",
                "Joanne Fairweather, Looked After Children Nurse",
                ((FICTION, "Kai is well. He wears glasses for reading."),),
            ),
            Paper(
                "iro-view.pdf",
                "IRO View on the Proposed Match (Kai)",
                "19/01/2026",
                "Gillian Sands, Independent Reviewing Officer",
                (
                    (
                        FICTION,
                        "I support the match of Kai and Ruby together with these carers.",
                    ),
                ),
            ),
            Paper(
                "child-views.pdf",
                "Kai's Views: My Three Houses",
                "09/01/2026",
                "Owen Baptiste, Social Worker",
                (
                    (
                        FICTION,
                        'Kai drew his "house of dreams" with Ruby and his carers, and a football'
                        ' pitch. He said: "I want to stay with Ruby. I want to keep playing'
                        ' football."',
                    ),
                ),
            ),
        ),
    ),
)


# ----------------------------------------------------------------------------------------- main


def verify(path: Path, title: str) -> None:
    """Read the file back with pypdf: it must open and its first page must carry the title."""
    from pypdf import PdfReader

    reader = PdfReader(path, strict=True)
    text = reader.pages[0].extract_text()
    if title not in text or MARKING not in text:
        raise ValueError(f"{path}: title or marking not found in the extracted text")


def write_samples(samples_folder: Path) -> list[Path]:
    written: list[Path] = []
    for sample in SAMPLES:
        folder = samples_folder / sample.folder / "attachments"
        folder.mkdir(parents=True, exist_ok=True)
        for paper in sample.papers:
            path = folder / paper.filename
            path.write_bytes(build_pdf(sample, paper))
            verify(path, paper.title)
            written.append(path)
    return written


def main(argv: list[str]) -> int:
    samples_folder = Path(argv[1]) if len(argv) > 1 else REPO / "samples"
    for path in write_samples(samples_folder):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
