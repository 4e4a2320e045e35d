"""The everyday-word list that decides whether a name needs a name's context is complete: the
Dale-Chall familiar words ship with permdocs (``checks/dale_chall.txt``, since textstat, whose
copy it was, is no longer installed), so a missing file cannot silently shrink the list."""

from __future__ import annotations

from permdocs.checks import everyday


def test_the_dale_chall_words_are_read_from_the_packaged_list() -> None:
    words = everyday._dale_chall()
    assert len(words) > 2900
    # Words only the Dale-Chall list holds (none of the hand-written lists has them).
    assert {"acorn", "airplane", "orchard", "lane"} <= words
    assert {"acorn", "airplane"} <= everyday.everyday_words()
    assert everyday.is_everyday("Orchard Lane")
    assert not everyday.is_everyday("Zebedee")
