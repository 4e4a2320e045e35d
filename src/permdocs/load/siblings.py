"""Reading the case files of a child's siblings matched with the same carers.

A case names each linked sibling's case folder (``siblings[*].linked_case.folder``, relative to
its own folder). Each is read and validated as any case is; one that cannot be read is kept with
the reason, so that ``check`` can say so rather than stop, and a case never reads further than
the siblings it names (their own links are not followed).
"""

from __future__ import annotations

from ..errors import PermdocsError
from ..policy.conditions import LinkedSibling
from .folder import CaseFolder, load_case


def linked_siblings(folder: CaseFolder) -> tuple[LinkedSibling, ...]:
    """Every sibling ``folder``'s case links to, read from its folder (or why it could not be)."""
    found: list[LinkedSibling] = []
    for index, sibling in enumerate(folder.case.siblings):
        link = sibling.linked_case
        if link is None:
            continue
        where = (folder.folder / link.folder).resolve()
        if where == folder.folder.resolve():
            found.append(
                LinkedSibling(index, link.reference, where, None, "it names this case's own folder")
            )
            continue
        try:
            case = load_case(where).case
        except PermdocsError as error:
            first = error.message.splitlines()[0] if error.message else type(error).__name__
            found.append(LinkedSibling(index, link.reference, where, None, first))
            continue
        found.append(LinkedSibling(index, link.reference, where, case))
    return tuple(found)
