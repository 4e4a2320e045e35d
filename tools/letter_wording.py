"""The words of permdocs' own decision letters, one block per letter, every outcome in each.

Written for permdocs (no council's or CoramBAAF's text). A small line format keeps the wording
readable and reviewable apart from the Word layout in ``make_letter_templates.py``:

    # Heading                 a bold subject or section heading
    - text                    a bulleted line
    %if / %elif / %else / %endif / %for / %endfor
                              a docxtpl paragraph tag ({%p ... %}): the line vanishes in the output
    anything else             a paragraph; {{ ... }} and {% ... %} inside it are Jinja

Conditions test ``decision.outcome == '...'`` so a council adapting a template sees plainly which
wording belongs to which outcome. Every sentence must be true on every route (existing carers,
new carers, agency carers, connected persons) and for one carer or two:

- where the child lives is ``placement.lives_with_carers`` (on the letter's date): "keep living
  with" only when true, "move to live with" otherwise; never "the same carers" for a move; what
  the ADM agreed ("should stay with you" or "should move to live with you") follows
  ``placement.lived_with_carers_when_decided``, where the child lived on the decision's date;
- the carers are spoken of through ``carer_words`` (``they``/``them``/``their``/``are``/``have``
  agree with one carer's recorded pronoun, or are the carer's name, or are plural for two);
- case text never continues a sentence after a colon: it is its own paragraph or bullet;
- where a letter to the carers, the agency or the child's file speaks of the match (its subject,
  what the ADM agreed, the change to the carers' terms of approval), it names ``match.names`` /
  ``match.full_names`` (or each of ``match.children``): every child in a linked sibling group,
  and for one child exactly ``child.known_as`` / ``child.full_name``. What the letter asks about
  this child's own file, care plan and review still names this child. A birth parent's and the
  child's letters name this child only.
"""

from __future__ import annotations

AGREED = "decision.outcome == 'agreed'"
NOT_AGREED = "decision.outcome == 'not-agreed'"
LIVES = "placement.lives_with_carers"
# Where the child lived on the day of the decision: what the ADM agreed to (stay, or move).
LIVED = "placement.lived_with_carers_when_decided"

CONTACTS = """
%if letter.contacts
# Who to contact
%for contact in letter.contacts
- {{ contact }}
%endfor
%endif
"""

# "having considered the recommendation of the Fostering Panel on 22 October 2026", when the
# case went to panel.
_AFTER_PANEL = (
    "{% if decision.after_panel %}, having considered the recommendation of the"
    " {{ decision.panel_name }} on {{ decision.panel_date }},{% endif %}"
)
_PERMANENT = (
    "The placement {% if decision.permanent_already %}became permanent on"
    "{% else %}becomes permanent on{% endif %} {{ decision.permanent_from }}."
)

# The change to the carers' terms of approval, by route: the council changes an in-house
# carer's; an agency carer's is the agency's to confirm; a connected person's approval already
# names the child. A sibling group's letter names every child in the match.
_APPROVAL_TO_CARERS = (
    "{% if placement.agency_carers %}The change to your terms of approval, so that they name"
    " {{ match.names }}, is for {{ carers.agency.name }} to confirm."
    "{% elif placement.connected_carers %}Your approval will be updated to record that"
    " {{ match.names }}'s placement with you is permanent."
    "{% else %}Your terms of approval will be changed to name {{ match.names }}.{% endif %}"
)

SUPPORT_AND_CONSENTS = """
# Your support plan
%if support_plan
The support plan agreed at the matching meeting stays in place and will be looked at again at each review.
%for item in support_plan
- {{ item.sentence }}
%endfor
%else
Your supervising social worker will agree a written support plan with you and review it with you at each looked-after review.
%endif
# Everyday decisions
%if consents.may
You may consent to these things for {{ child.known_as }} without asking the council first:
%for item in consents.may
- {{ item }}
%endfor
%if consents.kept
These decisions stay with the council:
%for item in consents.kept
- {{ item }}
%endfor
%endif
%else
The care plan sets out the everyday decisions you may make for {{ child.known_as }} without asking the council first (delegated authority). This is what it says.
{{ consents.care_plan }}
%endif
"""

CARERS = (
    """
# Permanent fostering decision for {{ match.full_names }}
%if """
    + AGREED
    + """
I am delighted to confirm that on {{ decision.date }}"""
    + _AFTER_PANEL
    + """ I agreed that {{ match.names }} should {% if """
    + LIVED
    + """ %}stay with you{% else %}move to live with you{% endif %} in a permanent foster placement.
"""
    + _PERMANENT
    + " "
    + _APPROVAL_TO_CARERS
    + """
# What stays the same
{{ child.known_as }} remains a looked-after child, and the legal arrangements for {{ child.known_as }}'s care do not change. Looked-after reviews will continue, chaired by the Independent Reviewing Officer, and {{ child.known_as }}'s social worker and your supervising social worker will keep visiting. {% if placement.agency_carers %}Your own annual review with {{ carers.agency.name }} continues as before.{% else %}Your own annual review as {% if carer_words.single %}a foster carer{% else %}foster carers{% endif %} continues as before.{% endif %}
"""
    + SUPPORT_AND_CONSENTS
    + """
%elif """
    + NOT_AGREED
    + """
I am writing to let you know that on {{ decision.date }}"""
    + _AFTER_PANEL
    + """ I did not agree that {{ match.names }} should be placed with you permanently. I know this will be disappointing, and I want to set out my reasons clearly.
# My reasons
{{ decision.reasons }}
# What happens next
%if """
    + LIVES
    + """
This decision does not by itself end {{ child.known_as }}'s placement with you. {{ child.known_as }}'s social worker will meet you to talk about what it means for {{ child.known_as }} and for your household.
%else
{{ child.known_as }} will not move to live with you under this plan. {{ child.known_as }}'s social worker and your supervising social worker will talk with you about what this means for your household.
%endif
{% if placement.agency_carers %}{{ carers.agency.name }}{% else %}The fostering service{% endif %} will go on supporting you.
# If you disagree
If you disagree with my decision, please tell your supervising social worker, or write to me at the address above saying why. I will consider what you say and reply to you in writing. You can also use the complaints procedure of {{ council.name }}: your supervising social worker can tell you how.
%else
I am writing to let you know that on {{ decision.date }} I considered {% if decision.after_panel %}the recommendation of the {{ decision.panel_name }} on {{ decision.panel_date }} about {{ match.names }}{% else %}the plan for {{ match.names }}{% endif %}, but I need some more information before I can make my decision.
# What I have asked for
{{ decision.further_information }}
I have asked for this by {{ decision.information_due }}, and I will write to you again as soon as I have decided. Until then your current arrangements carry on as they are, and your supervising social worker will keep you informed.
%endif
"""
    + CONTACTS
    + """
{% if """
    + LIVES
    + """ %}Thank you for the care and commitment you have shown {{ match.names }}.{% else %}Thank you for your commitment to {{ match.names }}.{% endif %}
"""
)

# Every child in the match with their date of birth, as the file records them: "Ruby Esther
# Callender, born 3 May 2016, and Kai Joseph Callender, born 9 June 2019," (one child: "Ruby
# Esther Callender, born 3 May 2016,"), so the sentence goes straight on to "be matched".
_BORN = (
    "{% for each in match.children %}{% if loop.last and not loop.first %}and {% endif %}"
    "{{ each.name }}, born {{ each.date_of_birth }}, {% endfor %}"
)

SOCIAL_WORKER = (
    """
# Agency decision: permanent fostering match for {{ match.full_names }}
Please place this letter on {{ child.known_as }}'s file. It records my decision on {% if decision.after_panel %}the recommendation of the {{ decision.panel_name }} on {{ decision.panel_date }}{% else %}the proposal{% endif %} that """
    + _BORN
    + """be matched permanently with {{ carers.names }}.
%if """
    + AGREED
    + """
On {{ decision.date }} I agreed the match. """
    + _PERMANENT
    + """
%elif """
    + NOT_AGREED
    + """
On {{ decision.date }} I did not agree the match.
%else
On {{ decision.date }} I deferred my decision until I have more information.
%endif
%if decision.reasons
# Reasons
{{ decision.reasons }}
%endif
%if decision.outcome == 'deferred'
# Information needed
{{ decision.further_information }}
I have asked for this by {{ decision.information_due }}.
%endif
# Telling {{ child.known_as }}
%if recipients.child
I have written to {{ child.known_as }} separately. Please make sure {{ child.known_as }} has the letter and someone to talk it through with.
%else
I have not written to {{ child.known_as }}. Please tell {{ child.known_as }} about this decision in person, in a way that suits {{ child.known_as }}'s age and understanding, and record on the file when you did.
%endif
# Telling the birth parents
Please make sure each birth parent knows of this decision, in the way you judge safe for them and for {{ child.known_as }}.
%if parent_letters.written_to
I have written separately to:
%for parent in parent_letters.written_to
- {{ parent }}
%endfor
%endif
%if parent_letters.not_written_to
I have not written to:
%for parent in parent_letters.not_written_to
- {{ parent }}
%endfor
Please record on the file how and when each of them is told, or the enquiries made to find them.
%endif
# Next steps
%if """
    + AGREED
    + """
Please update the care plan to record the permanent placement and ask the Independent Reviewing Officer to note this decision at the next looked-after review. {% if placement.agency_carers %}{{ carers.agency.name }} is asked to confirm the change to {{ carer_words.formal_possessive }} terms of approval so that they name {{ match.names }}.{% else %}The supervising social worker will arrange for {{ carer_words.formal_possessive }} terms of approval to be changed to name {{ match.names }}.{% endif %}
%elif """
    + NOT_AGREED
    + """
Please review the care plan with your manager and agree the next steps with the fostering service, including family finding where it is needed.
%else
Please make sure the information is sent to me by {{ decision.information_due }} so that I can decide without further delay.
%endif
"""
)

# The child's letter: three age bands, written to be read by (or, up to 7, to) the child. Short
# sentences, everyday words, the carers by the names the child uses, and always a line on family
# time. A match not agreed or deferred is told in person first; a letter, where the council
# sends one, says where the child lives now.
# When the child already lives with the carers, the day the placement is permanent.
_STARTS = (
    "This {% if decision.permanent_already %}started{% else %}starts{% endif %} on"
    " {{ decision.permanent_from }}."
)

CHILD = (
    """
%if child_letter.young
{{ child_letter.social_worker }} will read this letter with you.
%endif
%if """
    + AGREED
    + """
%if child_letter.teen
I am writing to tell you about my decision on where you will live as you grow up.
%if """
    + LIVES
    + """
I have agreed that you will keep living with {{ child_letter.carers }} until you are 18. """
    + _STARTS
    + """
%else
I have agreed that you will move to live with {{ child_letter.carers }}, and stay there until you are 18. {{ child_letter.social_worker }} will tell you when you will move.
%endif
%if child_letter.staying_put
{{ child_letter.carers }} {{ carer_words.have }} also said you can stay on after you turn 18, if you want to. This is called Staying Put.
%else
{{ child_letter.social_worker }} will talk with you about what happens after you turn 18.
%endif
%if child_letter.views_counted
What you told us about where you want to live mattered. It was an important part of my decision.
%endif
%else
I have some happy news for you.
%if """
    + LIVES
    + """
{{ child_letter.carers }} will be your foster family for good. You will keep living with {{ carer_words.them }} while you grow up.
%else
{{ child_letter.carers }} will be your foster family for good. You will move to live with {{ carer_words.them }}. {{ child_letter.social_worker }} will tell you when.
%endif
%if child_letter.middle and child_letter.views_counted
You told us what you wanted. I listened to what you said.
%endif
%endif
%if child_letter.young
{{ carer_words.They }} will look after you.
%elif child_letter.middle and """
    + LIVES
    + """
"""
    + _STARTS
    + """
%endif
{{ child_letter.family_time }}
{{ child_letter.social_worker }} is still your social worker. {{ child_letter.social_worker }} will still come to see you.
You will still have your review meetings. You can say how things are going there.
%elif """
    + NOT_AGREED
    + """
I have made a decision about you.
We have thought hard about where you should live. There was a plan for you to {% if """
    + LIVES
    + """ %}stay with {{ child_letter.carers }} for good{% else %}move to live with {{ child_letter.carers }}{% endif %}. I have said no to this plan.
This is not because of anything you have done.
For now, you are still living with {{ child_letter.lives_now_with }}.
{{ child_letter.family_time }}
{{ child_letter.social_worker }} will come and talk to you about what happens next. You can ask questions and say how you feel.
%else
We are still thinking about where you will live as you grow up.
I need to find out a few more things before I decide. I hope to decide by {{ decision.information_due }}.
For now, you are still living with {{ child_letter.lives_now_with }}. Nothing is changing.
{{ child_letter.family_time }}
{{ child_letter.social_worker }} will tell you when there is news.
%endif
If you have any questions, you can ask {{ child_letter.social_worker }}. You can talk to {{ child_letter.lives_now_with }} too.
"""
)

BIRTH_PARENT = (
    """
# Decision about {{ child.full_name }}
I am writing to let you know about a decision I made on {{ decision.date }} about {{ child.full_name }}.
%if """
    + AGREED
    + """
I have agreed that {{ child.known_as }} should live in a permanent foster placement{% if carers is defined %} with {{ carers.names }}{% endif %}. The placement {% if decision.permanent_already %}became permanent on{% else %}becomes permanent on{% endif %} {{ decision.permanent_from }}.
%if """
    + LIVES
    + """
This means that {{ child.known_as }} will keep living with the {{ placement.carer_noun }} {{ child.known_as }} lives with now, while growing up.
%else
This means that {{ child.known_as }} will move to live with {% if placement.carer_noun == 'foster carer' %}a permanent foster carer{% else %}permanent foster carers{% endif %}, and will stay there while growing up.
%endif
%if placement.confidential
For {{ child.known_as }}'s safety, details of where {{ child.known_as }} lives are kept confidential.
%endif
{{ child.known_as }} remains looked after by {{ council.name }}. {{ child.known_as }}'s care will still be reviewed regularly, and the social worker will keep visiting.
%elif """
    + NOT_AGREED
    + """
I have decided not to agree the proposed plan for a permanent foster placement for {{ child.known_as }}.{% if """
    + LIVES
    + """ %} This decision does not by itself change where {{ child.known_as }} lives now.{% endif %} {{ child.known_as }}'s social worker will explain what this means and what will happen next.
%else
Before I decide about a permanent foster placement for {{ child.known_as }}, I have asked for some more information. I expect to decide by {{ decision.information_due }}, and you will be told what I decide.
%endif
# Your family time with {{ child.known_as }}
Your family time with {{ child.known_as }} carries on as it is planned in {{ child.known_as }}'s care plan. This is what the plan says.
{{ parent.contact }}
# Questions and concerns
If you would like to talk about this decision, or you have a concern, please contact {{ child.known_as }}'s social worker:
%for contact in letter.contacts
- {{ contact }}
%endfor
If you are unhappy with how the council has dealt with this, you can make a complaint: the social worker can tell you how, or you can contact {{ council.name }} directly. You may also find it helpful to speak to a solicitor or an advocate.
"""
)

AGENCY = (
    """
# Permanent fostering decision: {{ match.full_names }}
%if """
    + AGREED
    + """
I am writing to confirm that on {{ decision.date }}"""
    + _AFTER_PANEL
    + """ I agreed the permanent match of {{ match.full_names }} with your {{ carer_words.noun }}, {{ carers.names }}. """
    + _PERMANENT
    + """
%if agency_letter.panel_recommended_on
Your fostering panel recommended the change to {{ carer_words.formal_possessive }} terms of approval on {{ agency_letter.panel_recommended_on }}. Please ask your agency decision maker to confirm that change, so that the terms of approval name {{ match.names }}, and send a copy of the confirmation to {{ child.known_as }}'s social worker.
%else
Please ask your fostering panel to consider, and your agency decision maker to confirm, a change to {{ carer_words.formal_possessive }} terms of approval so that they name {{ match.names }}, and send a copy of the confirmation to {{ child.known_as }}'s social worker.
%endif
{{ child.known_as }} remains looked after by {{ council.name }}. Looked-after reviews, social work visits and the support plan continue under the placement agreement, and we will review the arrangements with you at each review.
%elif """
    + NOT_AGREED
    + """
I am writing to let you know that on {{ decision.date }}"""
    + _AFTER_PANEL
    + """ I did not agree the permanent match of {{ match.full_names }} with your {{ carer_words.noun }}, {{ carers.names }}.
# My reasons
{{ decision.reasons }}
{{ child.known_as }}'s social worker will contact you to agree the next steps for {{ child.known_as }}.
%else
I am writing to let you know that on {{ decision.date }} I considered the proposed permanent match of {{ match.full_names }} with your {{ carer_words.noun }}, {{ carers.names }}, and need more information before I decide.
# What I have asked for
{{ decision.further_information }}
I have asked for this by {{ decision.information_due }} and will write to you again once I have decided.
%endif
"""
    + CONTACTS
)

# The certificate: lines in order, each its own centred paragraph; the names on lines 2 and 4.
CERTIFICATE = """
This certificate celebrates that
{{ child.known_as }}
has a permanent home with
{{ carer_words.full_names }}
from {{ decision.permanent_from }}
With every good wish for the years ahead from everyone at {{ council.name }}
"""

# The Director's letters for an agreed agency (IFA) match: to confirm and congratulate.
DIRECTOR_CARERS = (
    """
# {{ match.full_names }}: a permanent home with you
I am writing as Director of Children's Services at {{ council.name }} to congratulate you, and to confirm that {{ match.names }} will {% if """
    + LIVES
    + """ %}stay with you{% else %}live with you{% endif %} in a permanent foster placement.
On {{ decision.date }}, {{ decision.maker }}, our Agency Decision Maker, agreed the match. """
    + _PERMANENT
    + """
{{ child.known_as }} remains looked after by {{ council.name }}. We will keep working closely with you and with {{ carers.agency.name }}, who will go on supporting you, and {{ child.known_as }}'s reviews and social work visits continue as before.
{% if """
    + LIVES
    + """ %}Thank you for the care and commitment you have shown {{ match.names }}.{% else %}Thank you for your commitment to {{ match.names }}.{% endif %} I wish you every happiness in the years ahead.
"""
    + CONTACTS
)

DIRECTOR_CHILD = (
    """
%if child_letter.young
{{ child_letter.social_worker }} will read this letter with you.
%endif
I am the Director of Children's Services at {{ council.name }}. I help the council look after children.
I am very pleased for you.
%if """
    + LIVES
    + """
You will keep living with {{ child_letter.carers }}{% if child_letter.teen %} until you are 18{% else %} while you grow up{% endif %}.
%else
You will move to live with {{ child_letter.carers }}, and stay there{% if child_letter.teen %} until you are 18{% else %} while you grow up{% endif %}.
%endif
{{ child_letter.family_time }}
I hope you will be very happy. If you have any questions, you can ask {{ child_letter.social_worker }}.
"""
)

# After an agreed match: what happens next, for the carers and for the child.
INFORMATION_CARERS = (
    """
# After the decision: information for {{ carer_words.names }}
On {{ decision.date }} the Agency Decision Maker agreed that {{ match.names }} should {% if """
    + LIVED
    + """ %}stay with you{% else %}move to live with you{% endif %} in a permanent foster placement. This sheet says what happens next and who to call.
# What happens next
"""
    + _PERMANENT
    + " "
    + _APPROVAL_TO_CARERS
    + """ {{ child.known_as }}'s care plan will be updated to record the permanent placement.
# Reviews
{{ child.known_as }} is still a looked-after child. Looked-after reviews continue, chaired by the Independent Reviewing Officer, {{ professionals.iro.name }}. {{ child.known_as }} can take part in each review, and you will be asked for your views.
# Visits
{{ child.known_as }}'s social worker, {{ professionals.childs_social_worker.name }}, will keep visiting {{ child.known_as }}, and will sometimes see {{ child.known_as }} alone. Your supervising social worker, {{ professionals.supervising_social_worker.name }}, will keep visiting you. How often is set out in the care plan and looked at again at each review.
# Your own review
{% if placement.agency_carers %}Your own annual review with {{ carers.agency.name }} continues as before.{% else %}Your own annual review as {% if carer_words.single %}a foster carer{% else %}foster carers{% endif %} continues as before.{% endif %}
"""
    + SUPPORT_AND_CONSENTS
    + CONTACTS
)

INFORMATION_CHILD = """
# What happens now
%if child_letter.young
{{ child_letter.social_worker }} will read this with you.
%endif
%if placement.lives_with_carers
You will keep living with {{ child_letter.carers }}{% if child_letter.teen %} until you are 18{% else %} while you grow up{% endif %}.
%else
You will move to live with {{ child_letter.carers }}{% if child_letter.teen %}, and stay there until you are 18{% endif %}. {{ child_letter.social_worker }} will tell you when.
%endif
# Your social worker
{{ child_letter.social_worker }} is still your social worker. {{ child_letter.social_worker }} will still come to see you. You can talk to {{ child_letter.social_worker }} on your own.
# Your reviews
You will still have review meetings about how things are going. {{ child_letter.iro }} runs these meetings. You can go, or tell someone what you want to say.
# Your family
{{ child_letter.family_time }}
# If you are worried
You can talk to {{ child_letter.carers }}, to {{ child_letter.social_worker }} or to {{ child_letter.iro }}. You can also ask for an advocate. An advocate is someone who helps you say what you think.
%for contact in letter.contacts
- {{ contact }}
%endfor
"""
