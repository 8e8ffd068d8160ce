"""Folding nested keywords: one slot per idea (keywords.fold)."""

from __future__ import annotations

import pytest

from jpblog_nlp.keywords import Keyword
from jpblog_nlp.keywords.fold import fold_nested, same_idea


def kws(*pairs: tuple[str, int]) -> list[Keyword]:
    """Keywords best first from (term, count) pairs; the term is its own key."""
    return [Keyword(t, t, float(100 - i), c, i, 0, "noun") for i, (t, c) in enumerate(pairs)]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("三溪", "三溪園", True),  # one added character: the garden named after the man
        ("原三溪", "三溪", True),
        ("哲学", "哲学者", True),
        ("窒素", "窒素ガス", True),  # two added characters
        ("窒素", "窒素分子結合", False),  # four: a more specific idea
        ("筋", "筋サテライト細胞", False),
        ("哲学詩", "詩人", False),  # overlap without nesting
        ("SNS", "SNS", True),
    ],
)
def test_same_idea(a, b, expected):
    assert same_idea(a, b) is expected
    assert same_idea(b, a) is expected


@pytest.mark.parametrize(
    ("ranked", "top_k", "expected"),
    [
        # The higher-ranked form is kept and the others' counts go to it; freed slots go to the next ideas.
        ([("三溪園", 9), ("三溪", 5), ("原三溪", 3), ("横浜", 4), ("庭園", 2)], 3,
         [("三溪園", 17), ("横浜", 4), ("庭園", 2)]),
        ([("窒素", 8), ("窒素分子", 4), ("窒素ガス", 2), ("酸素", 3)], 2, [("窒素", 14), ("酸素", 3)]),
        ([("哲学者", 6), ("哲学", 4), ("詩人", 3), ("哲学詩", 2)], None, [("哲学者", 12), ("詩人", 3)]),
        # Counted towards a kept form even when ranked below the top k.
        ([("影響力", 18), ("SNS", 6), ("影響", 2)], 1, [("影響力", 20)]),
        # A longer addition is a separate idea.
        ([("筋", 9), ("筋サテライト細胞", 3)], 10, [("筋", 9), ("筋サテライト細胞", 3)]),
        ([], 10, []),
    ],
)
def test_fold_nested(ranked, top_k, expected):
    assert [(k.term, k.count) for k in fold_nested(kws(*ranked), top_k)] == expected
