import pytest

from jpblog_nlp.text.normalize import norm_key, strip_gloss, widen_halfwidth_kana


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", ""),
        ("ＳＮＳ", "sns"),
        ("KLOUT", "klout"),
        ("Klout", "klout"),
        ("コミュニティー", "コミュニティ"),
        ("コミュニティ", "コミュニティ"),
        ("ｺﾐｭﾆﾃｨｰ", "コミュニティ"),
        ("サーバー", "サーバ"),
        ("ルー", "ルー"),  # too short for the long-vowel rule
        ("ビール", "ビール"),
        ("影響力", "影響力"),
        ("①", "1"),
        (" 影響 ", "影響"),
    ],
)
def test_norm_key(text, key):
    assert norm_key(text) == key


@pytest.mark.parametrize(
    ("lemma", "plain"),
    [
        ("コミュニティー-community", "コミュニティー"),
        ("オン-on", "オン"),
        ("サロン-salon", "サロン"),
        ("影響", "影響"),
        ("-", "-"),
    ],
)
def test_strip_gloss(lemma, plain):
    assert strip_gloss(lemma) == plain


def test_widen_halfwidth_kana_leaves_other_characters():
    assert widen_halfwidth_kana("ｶﾞｰﾙ ABC ＡＢＣ １２") == "ガール ABC ＡＢＣ １２"
