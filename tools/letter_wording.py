"""The words of permdocs' own decision letters, one block per letter, every outcome in each.

Written for permdocs (no council's or CoramBAAF's text). A small line format keeps the wording
readable and reviewable apart from the Word layout in ``make_letter_templates.py``:

    # Heading                 a bold subject or section heading
    - text                    a bulleted line
    %if / %elif / %else / %endif / %for / %endfor
                              a docxtpl paragraph tag ({%p ... %}): the line vanishes in the output
    anything else             a paragraph; {{ ... }} and {% ... %} inside it are Jinja

Conditions test ``decision.outcome == '...'`` so a council adapting a template sees plainly which
wording belongs to which outcome.
"""

from __future__ import annotations

AGREED = "decision.outcome == 'agreed'"
NOT_AGREED = "decision.outcome == 'not-agreed'"

CONTACTS = """
%if letter.contacts
# Who to contact
%for contact in letter.contacts
- {{ contact }}
%endfor
%endif
"""

CARERS = (
    """
# Permanent fostering decision for {{ child.full_name }}
%if """
    + AGREED
    + """
I am delighted to confirm that on {{ decision.date }}, having considered {{ decision.considered }}, I agreed that {{ child.known_as }} should live with you in a permanent foster placement.
The placement becomes permanent from {{ decision.permanent_from }}. {% if carers.agency.applies %}Your agency will ask its fostering panel to change your terms of approval to name {{ child.known_as }}.{% else %}Your terms of approval will be changed to name {{ child.known_as }}.{% endif %}
# What stays the same
{{ child.known_as }} remains a looked-after child, and the legal arrangements for {{ child.known_as }}'s care do not change. Looked-after reviews will continue, chaired by the Independent Reviewing Officer, and {{ child.known_as }}'s social worker and your supervising social worker will keep visiting. Your own annual review as foster carers continues as before.
# Your support plan
%if matching.support_plan
The support plan agreed at the matching meeting stays in place and will be looked at again at each review:
%for row in matching.support_plan
- {{ row.need }}: {{ row.support }} ({{ row.provider }}, {{ row.frequency }})
%endfor
%else
Your supervising social worker will agree a written support plan with you and review it with you at each looked-after review.
%endif
# Everyday decisions
You may make these decisions for {{ child.known_as }} without asking the council first (delegated authority): {{ child.delegated_authority }}
%elif """
    + NOT_AGREED
    + """
I am writing to let you know that on {{ decision.date }}, after careful thought about {{ decision.considered }}, I did not agree that {{ child.known_as }} should be placed with you permanently. I know this will be disappointing, and I want to set out my reasons clearly.
# My reasons
{{ decision.reasons }}
# What happens next
{{ child.known_as }}'s social worker will meet you to talk about what this decision means for {{ child.known_as }} and for your household. The fostering service will go on supporting you, and will work with you and with {{ child.known_as }}'s social worker to help find another match.
%else
I am writing to let you know that on {{ decision.date }} I considered {{ decision.considered }} about {{ child.known_as }}, but I need some more information before I can make my decision.
# What I have asked for
{{ decision.further_information }}
I have asked for this by {{ decision.information_due }}, and I will write to you again as soon as I have decided. Until then your current arrangements carry on as they are, and your supervising social worker will keep you informed.
%endif
"""
    + CONTACTS
    + """
Thank you for the care and commitment you have shown {{ child.known_as }}.
"""
)

SOCIAL_WORKER = (
    """
# Agency decision: permanent fostering match for {{ child.full_name }}
Please place this letter on {{ child.known_as }}'s file. It records my decision on the fostering panel's recommendation that {{ child.full_name }}, born {{ child.date_of_birth }}, be matched permanently with {{ carers.names }}.
%if """
    + AGREED
    + """
On {{ decision.date }} I agreed the match. The placement becomes permanent from {{ decision.permanent_from }}.
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
Please update the care plan to record the permanent placement and ask the Independent Reviewing Officer to note this decision at the next looked-after review. The supervising social worker will arrange for the carers' approval to be changed to name {{ child.known_as }}.
%elif """
    + NOT_AGREED
    + """
Please review the care plan with your manager and agree the next steps with the fostering service, including family finding where it is needed.
%else
Please make sure the information is sent to me by {{ decision.information_due }} so that I can decide without further delay.
%endif
"""
)

CHILD = (
    """
%if """
    + AGREED
    + """
I have some happy news for you.
{{ child_letter.carers }} will be your foster family for good. They will look after you while you grow up.
This starts on {{ decision.permanent_from }}.
{{ child_letter.social_worker }}, your social worker, will still come to see you. You will still have your review meetings, where you can say how things are going.
%elif """
    + NOT_AGREED
    + """
I am writing to tell you about a decision I have made.
The people who help look after you have thought hard about where you should live as you grow up. I have decided not to go ahead with the plan for you to live with {{ child_letter.carers }} for good.
This is not because of anything you have done.
{{ child_letter.social_worker }}, your social worker, will come and talk to you about what happens next. You can ask questions and say how you feel.
%else
I am writing to tell you that we are still thinking about where you will live as you grow up.
I need to find out a few more things before I decide. I hope to decide by {{ decision.information_due }}.
Nothing is changing for now. {{ child_letter.social_worker }}, your social worker, will tell you when there is news.
%endif
If you have any questions, you can ask {{ child_letter.social_worker }}. You can talk to {{ child_letter.carers }} too.
"""
)

BIRTH_PARENT = (
    """
# Decision about {{ child.full_name }}
I am writing to let you know about a decision I made on {{ decision.date }} about {{ child.full_name }}.
%if """
    + AGREED
    + """
I have agreed that {{ child.known_as }}'s foster placement{% if carers is defined %} with {{ carers.names }}{% endif %} should become permanent, from {{ decision.permanent_from }}. This means that {{ child.known_as }} will stay with the same foster carers while growing up.
{{ child.known_as }} remains in the care of {{ council.name }}. {{ child.known_as }}'s care will still be reviewed regularly, and the social worker will keep visiting.
%elif """
    + NOT_AGREED
    + """
I have decided not to agree the plan for {{ child.known_as }} to live permanently with the foster carers who were proposed. {{ child.known_as }}'s social worker will explain what this means and what will happen next.
%else
Before I decide about a permanent foster placement for {{ child.known_as }}, I have asked for some more information. I expect to decide by {{ decision.information_due }}, and you will be told what I decide.
%endif
# Your contact with {{ child.known_as }}
Your contact with {{ child.known_as }} continues as planned: {{ parent.contact }}
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
# Permanent fostering decision: {{ child.full_name }}
%if """
    + AGREED
    + """
I am writing to confirm that on {{ decision.date }} I agreed the permanent match of {{ child.full_name }} with your foster carer{% if carers.people|length > 1 %}s{% endif %}, {{ carers.names }}. The placement becomes permanent from {{ decision.permanent_from }}.
Please ask your fostering panel to review the carers' terms of approval so that they name {{ child.known_as }}, and let {{ child.known_as }}'s social worker know when this is done.
{{ child.known_as }} remains looked after by {{ council.name }}. Looked-after reviews, social work visits and the support plan continue under the placement agreement, and we will review the arrangements with you at each review.
%elif """
    + NOT_AGREED
    + """
I am writing to let you know that on {{ decision.date }} I did not agree the permanent match of {{ child.full_name }} with your foster carer{% if carers.people|length > 1 %}s{% endif %}, {{ carers.names }}.
# My reasons
{{ decision.reasons }}
{{ child.known_as }}'s social worker will contact you to agree the next steps for {{ child.known_as }}, and the council's fostering service will work with you to help find another match.
%else
I am writing to let you know that on {{ decision.date }} I considered the proposed permanent match of {{ child.full_name }} with your foster carer{% if carers.people|length > 1 %}s{% endif %}, {{ carers.names }}, and need more information before I decide.
# What I have asked for
{{ decision.further_information }}
I have asked for this by {{ decision.information_due }} and will write to you again once I have decided.
%endif
"""
    + CONTACTS
)

CERTIFICATE = """
This certificate celebrates that
{{ child.full_name }}
has a permanent home with
{{ carers.names }}
from {{ decision.permanent_from }}
With every good wish for the years ahead from everyone at {{ council.name }}
"""
