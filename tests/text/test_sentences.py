import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpblog_nlp.text.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("\u3000\n \n", []),
        ("一文だけ", ["一文だけ"]),
        ("楽しかった。また行きたい！", ["楽しかった。", "また行きたい！"]),
        ("本当？！うそでしょ", ["本当？！", "うそでしょ"]),
        ("「また来てね。」と言われた。", ["「また来てね。」と言われた。"]),
        ("『題名。副題』を読む。次。", ["『題名。副題』を読む。", "次。"]),
        ("彼（本当に。）は来た。", ["彼（本当に。）は来た。"]),
        ("見出し\n本文です。", ["見出し", "本文です。"]),
        ("なんじゃこりゃ笑\n次", ["なんじゃこりゃ笑", "次"]),
        ("面白かった（笑）次は何", ["面白かった（笑）", "次は何"]),
        ("最高😊また来る", ["最高😊", "また来る"]),
        ("楽しいｗｗ", ["楽しいｗｗ"]),
        ("すごい!!!本当に", ["すごい!!!", "本当に"]),
        ("すごい。」と思う", ["すごい。」", "と思う"]),
        ("URLは https://example.com/a?b=c です。", ["URLは https://example.com/a?b=c です。"]),
        ("全角スペース\u3000で始まる。\u3000次の文。", ["全角スペース\u3000で始まる。", "次の文。"]),
    ],
)
def test_split(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_paragraphs_and_offsets():
    text = "一段落目。続き。\n\n二段落目\n同じ段落"
    sentences = split_sentences(text)
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("一段落目。", 0), ("続き。", 0), ("二段落目", 1), ("同じ段落", 1)
    ]
    assert [s.index for s in sentences] == [0, 1, 2, 3]


def test_unclosed_bracket_does_not_swallow_the_line():
    text = "「" + "あ。" * 200 + "終わり。"
    assert len(split_sentences(text)) > 2


@given(st.text(alphabet=st.sampled_from(list("あい。！？!?「」『』（）()\n \u3000笑😊ｗ")), max_size=60))
def test_offsets_map_back(text):
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert sentence.text


def test_sample_post(sample_post):
    sentences = split_sentences(sample_post.text)
    assert len(sentences) == 81
    assert sentences[0].text == "みなさんごきげんよう"
    assert sentences[-1].text == "レターポットで感想をいただけると跳んで喜びます"
    assert all(sample_post.text[s.start:s.end] == s.text for s in sentences)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The like button's ! does not end a sentence when a particle follows.
        ("投稿にいいね!が付き影響力をまとう。", ["投稿にいいね!が付き影響力をまとう。"]),
        ("いいね!やコメントをつけて回る。", ["いいね!やコメントをつけて回る。"]),
        ("いいね!したりコメントしたり。", ["いいね!したりコメントしたり。"]),
        ("すごい！と思った。", ["すごい！と思った。"]),
        # ... but words that start a sentence still do.
        ("楽しかった！しかし疲れた。", ["楽しかった！", "しかし疲れた。"]),
        ("最高！とにかく行こう。", ["最高！", "とにかく行こう。"]),
        ("やった！がんばろう！", ["やった！", "がんばろう！"]),
        ("やった！やっぱり最高。", ["やった！", "やっぱり最高。"]),
        ("本当？が口癖。", ["本当？", "が口癖。"]),
    ],
)
def test_exclamation_inside_a_sentence(text, expected):
    assert [s.text for s in split_sentences(text)] == expected
