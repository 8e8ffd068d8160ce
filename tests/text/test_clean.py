import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpblog_nlp.text.clean import clean_text


def test_empty():
    assert clean_text("").text == ""


@pytest.mark.parametrize(("raw", "expected"), [
    ("プラチナバンド ○ &nbsp;", "プラチナバンド ○"),
    ("価格&nbsp;1,000円", "価格 1,000円"),
    ("A&NBSP;B&#160;C&#xA0;D&#12288;E&emsp;F", "A B C D E F"),
    ("&amp;nbsp; は書き方の例", "&amp;nbsp; は書き方の例"),  # an escaped example stays as written
    ("AT&T と &lt;div&gt;", "AT&T と &lt;div&gt;"),
    ("&nbspあ", "&nbspあ"),  # no semicolon: not a reference
])
def test_space_entities_become_spaces(raw, expected):
    assert clean_text(raw).text == expected


def test_full_width_blank_lines_collapse():
    assert clean_text("一行目\n\u3000\n\u3000\n\n二行目").text == "一行目\n\n二行目"


def test_hatena_photo_syntax_removed():
    raw = "本文です。\nf:id:SOMASOMA0416:20181009222632j:plain\n次の行\n[f:id:user_1:20200101120000p:image:w300]"
    assert clean_text(raw).text == "本文です。\n\n次の行"


def test_photo_inside_line_keeps_words():
    assert clean_text("写真f:id:SOMASOMA0416:20181009214616j:plain です").text == "写真 です"


def test_link_card_domain_lines_become_urls():
    cleaned = clean_text("彼のブログです。\nyzan.jp\n素人が運営するオンラインサロン")
    assert cleaned.text == "彼のブログです。\n\n素人が運営するオンラインサロン"
    assert cleaned.urls == ("yzan.jp",)


def test_hatena_link_notation_keeps_title():
    cleaned = clean_text("[https://example.com/a:title=記事のタイトル]を読んだ。[https://example.com/b:embed:cite]")
    assert cleaned.text == "記事のタイトルを読んだ。"
    assert cleaned.urls == ("https://example.com/a", "https://example.com/b")


def test_contents_marker_and_control_characters():
    assert clean_text("[:contents]\n本文\u200bです\x07。").text == "本文です。"


def test_inline_urls_and_hashtags_are_kept_and_lifted():
    cleaned = clean_text("ハッシュタグ#しなやかフェス2018秋はTwitterで。詳細は https://example.com/x を見て")
    assert "https://example.com/x" in cleaned.text
    assert cleaned.urls == ("https://example.com/x",)
    assert cleaned.hashtags == ("#しなやかフェス2018秋",)


def test_halfwidth_katakana_widened():
    assert clean_text("ｺﾐｭﾆﾃｨに参加").text == "コミュニティに参加"


def test_crlf_and_markdown_image_line():
    assert clean_text("一\r\n![写真](a.jpg)\r\n二").text == "一\n\n二"


@given(st.text(alphabet=st.sampled_from(list("あ影響力 \u3000\n\r。!#ｶﾞabc.jpf:id1234567890[]:/h")), max_size=80))
def test_idempotent(text):
    once = clean_text(text).text
    assert clean_text(once).text == once


def test_sample_post_debris_gone(sample_post):
    assert "f:id:" not in sample_post.text
    assert "\u3000" not in sample_post.text
    assert "\n\n\n" not in sample_post.text
    assert "yzan.jp" in sample_post.urls
    assert sample_post.hashtags == ("#しなやかフェス2018秋",)
