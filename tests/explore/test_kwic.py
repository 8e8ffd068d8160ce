"""KWIC concordance: lemma, width/case and compound-aware matching, with context."""

from __future__ import annotations

import pytest

from jpblog_nlp.errors import EmptyPostError, InputError
from jpblog_nlp.explore.kwic import KwicLine, kwic, query_units

TEXT = "楽しかった。楽しく遊ぶ。オンラインサロンは楽しい。影響力指数とSNS影響力。力が要る。ＳＮＳとsns。"


@pytest.mark.parametrize("query", ["", "  ", "。！", "😀"])
def test_query_without_a_word(query):
    with pytest.raises(InputError, match="holds no word"):
        kwic(TEXT, query)


def test_empty_post():
    with pytest.raises(EmptyPostError):
        kwic("", "影響力")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # (match, term it belongs to)
        ("楽しい", [("楽しかっ", "楽しかっ"), ("楽しく", "楽しく"), ("楽しい", "楽しい")]),
        ("楽しかった", [("楽しかっ", "楽しかっ"), ("楽しく", "楽しく"), ("楽しい", "楽しい")]),
        ("遊んだ", [("遊ぶ", "遊ぶ")]),
        ("SNS", [("SNS", "SNS影響力"), ("ＳＮＳ", "ＳＮＳ"), ("sns", "sns")]),
        ("sns", [("SNS", "SNS影響力"), ("ＳＮＳ", "ＳＮＳ"), ("sns", "sns")]),
        ("ＳＮＳ", [("SNS", "SNS影響力"), ("ＳＮＳ", "ＳＮＳ"), ("sns", "sns")]),
        # A compound is found inside longer compounds when it starts or ends them.
        ("影響力", [("影響力", "影響力指数"), ("影響力", "SNS影響力")]),
        ("サロン", [("サロン", "オンラインサロン")]),
        ("オンラインサロン", [("オンラインサロン", "オンラインサロン")]),
        # Never in the middle of a compound, and a one-character query only as a word of its own.
        ("ライン", []),
        ("力", [("力", "力")]),
        ("指数", [("指数", "影響力指数")]),
        ("存在しない", []),
    ],
)
def test_matches(query, expected):
    assert [(line.match, line.term) for line in kwic(TEXT, query)] == expected


def test_context_and_offsets():
    lines = kwic(TEXT, "影響力", width=3)
    assert lines == [
        KwicLine("しい。", "影響力", "指数と", 25, 28, 3, "影響力指数"),
        KwicLine("SNS", "影響力", "。力が", 34, 37, 3, "SNS影響力"),
    ]
    assert all(TEXT[x.start:x.end] == x.match for x in lines)
    assert kwic(TEXT, "楽しい", width=0)[0].to_dict() == {
        "left": "", "match": "楽しかっ", "right": "", "start": 0, "end": 4, "sentence": 0, "term": "楽しかっ",
    }


def test_line_breaks_in_context_become_spaces():
    assert [(x.left, x.right) for x in kwic("前の行\n影響力\n次の行", "影響力", width=4)] == [("前の行 ", " 次の行")]


@pytest.mark.parametrize(
    ("query", "units"),
    [("影響力", ("影響", "力")), ("ＫＬＯＵＴ", ("klout",)), ("楽しかった", ("楽しい",)), ("コミュニティー", ("コミュニティ",))],
)
def test_query_units(query, units):
    assert query_units(query) == units


def test_variants_in_the_sample(sample_post):
    assert len(kwic(sample_post, "影響力")) == 18
    # 6 times alone, and in SNS歴, SNS黒歴史, SNSセミナー
    assert [x.term for x in kwic(sample_post, "ｓｎｓ")].count("SNS") == 6
    assert len(kwic(sample_post, "ｓｎｓ")) == 9
    assert {x.match for x in kwic(sample_post, "klout")} == {"KLOUT", "Klout"}
    assert len(kwic(sample_post, "コミュニティー")) == 6
