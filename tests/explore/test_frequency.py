"""Term frequency tables and within-sentence co-occurrence."""

from __future__ import annotations

import math

import pytest

from jpblog_nlp.errors import EmptyPostError, InputError
from jpblog_nlp.explore.frequency import (
    count_cooccurrences,
    count_terms,
    iter_documents,
    term_cooccurrences,
    term_frequencies,
)
from jpblog_nlp.text.records import Post


def rows(records):
    return [(r.level, r.term, r.norm, r.kind, r.count, r.docs) for r in records]


# --- edge cases ------------------------------------------------------------------------------------------


def test_empty_text_is_a_clear_error():
    with pytest.raises(EmptyPostError):
        count_terms("")


@pytest.mark.parametrize("source", [[], "😀😀"])
def test_nothing_to_count(source):
    assert count_terms(source, level="term") == []
    assert count_cooccurrences(source) == []


def test_empty_frames_keep_their_columns():
    assert list(term_frequencies([]).columns) == ["level", "term", "norm", "kind", "count", "docs"]
    assert list(term_cooccurrences([]).columns) == [
        "source", "target", "cooc", "source_count", "target_count", "jaccard", "pmi", "npmi", "source_norm",
        "target_norm",
    ]


def test_unknown_level():
    with pytest.raises(ValueError, match="level must be"):
        count_terms("影響力", level="word")


# --- counts ----------------------------------------------------------------------------------------------


def test_terms_and_units_by_pos():
    # Full-width ＳＮＳ meets SNS; 楽しかった is counted as 楽しい at both levels; punctuation is left out.
    assert rows(count_terms("SNSの影響力。ＳＮＳで影響力を持つ。楽しかった。")) == [
        ("term", "SNS", "sns", "noun", 2, 1),
        ("term", "影響力", "影響力", "compound", 2, 1),
        ("term", "持つ", "持つ", "verb", 1, 1),
        ("term", "楽しい", "楽しい", "adjective", 1, 1),
        ("unit", "SNS", "sns", "名詞-普通名詞-一般", 2, 1),
        ("unit", "影響", "影響", "名詞-普通名詞-サ変可能", 2, 1),
        ("unit", "力", "力", "接尾辞-名詞的-一般", 2, 1),
        ("unit", "の", "の", "助詞-格助詞", 1, 1),
        ("unit", "で", "で", "助詞-格助詞", 1, 1),
        ("unit", "を", "を", "助詞-格助詞", 1, 1),
        ("unit", "持つ", "持つ", "動詞-一般", 1, 1),
        ("unit", "楽しい", "楽しい", "形容詞-一般", 1, 1),
        ("unit", "た", "た", "助動詞", 1, 1),
    ]


def test_document_frequency_over_posts():
    posts = [Post("a", "", "SNSの影響力。"), Post("b", "", "影響力と共感。")]
    assert rows(count_terms(posts, level="term")) == [
        ("term", "影響力", "影響力", "compound", 2, 2),
        ("term", "SNS", "sns", "noun", 1, 1),
        ("term", "共感", "共感", "noun", 1, 1),
    ]


def test_min_count_and_frame():
    frame = term_frequencies("SNSの影響力。SNSで影響力を持つ。", level="term", min_count=2)
    assert frame.to_dict("records") == [
        {"level": "term", "term": "SNS", "norm": "sns", "kind": "noun", "count": 2, "docs": 1},
        {"level": "term", "term": "影響力", "norm": "影響力", "kind": "compound", "count": 2, "docs": 1},
    ]


def test_cooccurrence_measures():
    # 4 sentences; SNS in 2, 影響力 in 3, 共感 in 2.
    pairs = count_cooccurrences("SNSの影響力。SNSで影響力を持つ。共感と影響力。共感。", min_count=1)
    assert [(c.source, c.target, c.cooc, c.source_count, c.target_count, c.jaccard, c.pmi, c.npmi) for c in pairs] == [
        ("SNS", "影響力", 2, 2, 3, 0.6667, 0.415, 0.415),
        ("影響力", "共感", 1, 3, 2, 0.25, -0.585, -0.2925),
    ]
    assert pairs[0].pmi == round(math.log2(2 * 4 / (2 * 3)), 4)
    assert count_cooccurrences("SNSの影響力。SNSで影響力を持つ。共感と影響力。共感。") == pairs[:1]


def test_cooccurrence_max_terms():
    text = "SNSの影響力。SNSで影響力。共感と影響力。共感と影響力。"
    # Sentence counts: 影響力 4, SNS 2, 共感 2; ties go to the term seen first (SNS).
    assert [(c.source, c.target) for c in count_cooccurrences(text, max_terms=2)] == [("SNS", "影響力")]
    assert [(c.source, c.target) for c in count_cooccurrences(text)] == [("SNS", "影響力"), ("影響力", "共感")]


# --- sources ---------------------------------------------------------------------------------------------


def test_folder_with_a_bad_file(tmp_path):
    (tmp_path / "a.txt").write_text("SNSの影響力。", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    failures = []
    assert rows(count_terms(tmp_path, level="term", failures=failures)) == [
        ("term", "SNS", "sns", "noun", 1, 1),
        ("term", "影響力", "影響力", "compound", 1, 1),
    ]
    assert [f.source for f in failures] == [str(tmp_path / "b.txt")]
    with pytest.raises(InputError):
        count_terms(tmp_path)  # without a failures list, the first failure raises


def test_iter_documents_accepts_every_form(sample_path, sample_post):
    from jpblog_nlp.text.document import prepare

    doc = prepare(sample_post)
    for source in (sample_path, sample_post, doc, [sample_post]):
        assert [d.post.id for d in iter_documents(source)] == ["itochan-influence"]


def test_a_string_is_text_never_a_path(sample_path):
    """A path given as a str is refused (shaped like a file name), not read: text from a user must not open files."""
    with pytest.raises(InputError, match="looks like a file name"):
        list(iter_documents(str(sample_path)))
    with pytest.raises(InputError, match="looks like a file name"):
        term_frequencies("/etc/passwd")
