import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jpblog_nlp import extract_terms, tokenize
from jpblog_nlp.text.tokens import MAX_CHUNK, get_tagger, parse, parse_label


def test_tagger_built_once():
    assert get_tagger() is get_tagger()
    assert get_tagger(readings=True) is get_tagger(readings=True)
    assert get_tagger(readings=True) is not get_tagger()


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("", []),
        ("東京", ["トーキョー"]),
        # Unknown words have no reading; the last morpheme's empty fields survive the end of the output.
        ("KLOUT😀", ["", ""]),
        ("高山惠）", ["タカヤマ", "メグミ", ""]),
        ("楽しかった　SNS", ["タノシカッ", "タ", ""]),
    ],
)
def test_readings_only_when_asked(text, readings):
    plain, read = parse(text), parse(text, readings=True)
    assert [m.reading for m in read] == readings
    assert [m.reading for m in plain] == [""] * len(readings)
    # Apart from the reading, both taggers give the same morphemes.
    assert [m._replace(reading="") for m in read] == plain


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("", []),
        ("影響力", ["影響", "力"]),
        ("楽しくなかった。", ["楽しく", "なかっ", "た", "。"]),
        ("SNS　と KLOUT", ["SNS", "と", "KLOUT"]),
        # The last morpheme's empty fields (no reading, no lemma) survive the end of MeCab's output.
        ("高山惠）", ["高山", "惠", "）"]),
        ("テスト KLOUT", ["テスト", "KLOUT"]),
        ("😀", ["😀"]),
        ("\n\n　", []),
    ],
)
def test_tokenize_surfaces(text, surfaces):
    assert [t.surface for t in tokenize(text)] == surfaces


def test_token_features_by_name():
    tokens = tokenize("コミュニティが楽しかった東京")
    community, _, fun, _, tokyo = tokens
    assert (community.lemma, community.norm, community.pos) == ("コミュニティー", "コミュニティ", "名詞-普通名詞-一般")
    assert (fun.lemma, fun.base, fun.norm, fun.pos1) == ("楽しい", "楽しい", "楽しい", "形容詞")
    # Proper nouns are matched on what was written, not on UniDic's katakana lemma.
    assert (tokyo.lemma, tokyo.norm, tokyo.reading) == ("トウキョウ", "東京", "トーキョー")


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("影響力", ["N", "S"]),
        ("30代の7年", ["", "", "", "", ""]),  # a counter after a number is part of the number
        ("代表", ["N"]),
        ("各メンバー", ["P", "N"]),
        ("しなやかフェス", ["A", "N"]),
        ("ジューン・ブライド", ["N", "D", "N"]),
        ("KLOUTで楽しむ", ["N", "", "V"]),
        ("機械的", ["N", ""]),
        ("統計的手法", ["N", "S", "N"]),  # 的 between two nouns continues the term
        ("二酸化炭素", ["N", "N", "N"]),  # a kanji numeral that begins a lexical compound
        ("三つの理由", ["", "S", "", "N"]),  # a numeral and its counter stay a number
    ],
)
def test_unit_classes(text, units):
    from jpblog_nlp.text.compounds import unit_classes

    assert unit_classes(parse(text)) == units


def test_unknown_words_fall_back_to_surface():
    (token,) = tokenize("KLOUT")
    assert (token.lemma, token.base, token.norm, token.known) == ("KLOUT", "KLOUT", "klout", False)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("", []),
        ("😊😊", []),
        ("影響力", ["影響力"]),
        ("オンラインサロンに参加", ["オンラインサロン", "参加"]),
        ("パーソナルブランディング", ["パーソナルブランディング"]),
        ("KLOUTスコアが上がる", ["KLOUTスコア", "上がる"]),
        ("球体型のコミュニティー", ["球体型", "コミュニティー"]),
        ("しなやかフェスに行く", ["しなやかフェス"]),
        ("30代前半の母", ["前半", "母"]),
        ("機械的に数をこなす", ["機械", "数"]),  # こなす is 非自立可能 in UniDic
        ("みなさんごきげんよう", ["ごきげんよう"]),  # みなさん is a stopword
        ("ジューン・ブライドと断捨離・片づけ", ["ジューン・ブライド", "断捨離", "片づけ"]),
        ("こと、もの、ため", []),
        ("ハッシュタグ#しなやかフェス2018秋はTwitterで", ["ハッシュタグ", "#しなやかフェス2018秋", "Twitter"]),
        ("詳細は https://example.com/a です", ["詳細", "https://example.com/a"]),
        ("ＳＮＳと同調圧力", ["ＳＮＳ", "同調圧力"]),
        # The hearsay そう (名詞-助動詞語幹) is grammar, not a noun term.
        ("雨が降るそうだ。", ["雨", "降る"]),
        ("結婚するそうです", ["結婚"]),
        ("そうなんです", []),
    ],
)
def test_terms(text, terms):
    assert [t.text for t in extract_terms(text)] == terms


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # A kanji numeral that begins a lexical compound is kept (UniDic cuts 二 + 酸化 + 炭素).
        ("二酸化炭素を減らす", ["二酸化炭素", "減らす"]),
        ("一酸化炭素中毒", ["一酸化炭素中毒"]),
        ("四字熟語と三権分立", ["四字熟語", "三権分立"]),
        ("第三者委員会", ["第三者委員会"]),
        ("第二次世界大戦と二次会", ["第二次世界大戦", "二次会"]),
        # ... while counts stay numbers: counters, a numeral and one noun, Arabic digits.
        ("三つの課題", ["課題"]),
        ("一日中遊んだ", ["遊ぶ"]),
        ("三か月後に五人以上", []),
        ("三店舗と3店舗", ["店舗", "店舗"]),
        ("十年前の三角形", ["三角形"]),
        ("一般社団法人の一人暮らし", ["一般社団法人", "一人暮らし"]),
    ],
)
def test_terms_with_kanji_numerals(text, terms):
    assert [t.text for t in extract_terms(text)] == terms


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # 的 between two nouns joins them into one term ...
        ("統計的手法である", ["統計的手法"]),
        ("地理的表示を保護する", ["地理的表示", "保護"]),
        ("基本的人権の尊重", ["基本的人権", "尊重"]),
        # ... before な, に or the end it makes an adjective or adverb, and the term stays X.
        ("一般的な話", ["一般", "話"]),
        ("機械的に数をこなす", ["機械", "数"]),
        ("論理的", ["論理"]),
        # ... and the noun after it may be an adjectival noun made a noun by its suffix.
        ("生態学的健全性の評価", ["生態学的健全性", "評価"]),
    ],
)
def test_terms_with_teki(text, terms):
    assert [t.text for t in extract_terms(text)] == terms


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # An abstract-noun suffix (性, 度) makes a noun of an adjectival noun: one term, inside a compound
        # too.
        ("重要性と多様性", ["重要性", "多様性"]),
        ("社会的持続可能性を問う", ["社会的持続可能性", "問う"]),
        ("透明度が高い", ["透明度", "高い"]),
        # Other suffixes leave the adjectival noun to the sentiment lexicon: 頑固者, 大切さ.
        ("頑固者の大切さ", ["頑固", "大切"]),
        ("深刻化が進む", ["深刻", "進む"]),
        # Without the suffix it stays an adjectival noun, a term only before a noun.
        ("持続可能な開発", ["持続", "可能", "開発"]),
        ("しなやかフェスは静かな夜", ["しなやかフェス", "静か", "夜"]),
    ],
)
def test_terms_with_adjectival_nouns(text, terms):
    assert [t.text for t in extract_terms(text)] == terms


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # Capitalised words separated by one space are one name; lowercase words end it (and English
        # grammar words such as by and on are no terms: stopwords.txt).
        ("Performance Treasure Mapを使う", ["Performance Treasure Map", "使う"]),
        ("Joint by Joint Theoryを学ぶ", ["Joint", "Joint Theory", "学ぶ"]),
        ("GoogleのTokyo Art Research Lab", ["Google", "Tokyo Art Research Lab"]),
        ("Photo by John Smith on Unsplash", ["Photo", "John Smith", "Unsplash"]),
        # Not across a full stop, a line break or two spaces; "I" is a pronoun.
        ("Tokyo. Osaka\nKyoto  Nara", ["Tokyo", "Osaka", "Kyoto", "Nara"]),
        ("I Love Tokyo", ["I", "Love Tokyo"]),
        # A hyphen joins English words, not numbers.
        ("Original K-MapとWi-Fi", ["Original K-Map", "Wi-Fi"]),
        ("2020-2021年", []),
        # ... and a name to its number after a hyphen: the number is part of the name.
        ("COVID-19の流行", ["COVID-19", "流行"]),
        ("F-16とGPT-4", ["F-16", "GPT-4"]),
        ("COVID-19ワクチン", ["COVID-19ワクチン"]),
    ],
)
def test_terms_with_english_names(text, terms):
    assert [t.text for t in extract_terms(text)] == terms


def test_term_kinds_and_norms():
    terms = extract_terms("KLOUTとKloutとコミュニティーとコミュニティを楽しんだ")
    assert [(t.text, t.norm, t.kind) for t in terms] == [
        ("KLOUT", "klout", "noun"),
        ("Klout", "klout", "noun"),
        ("コミュニティー", "コミュニティ", "noun"),
        ("コミュニティ", "コミュニティ", "noun"),
        ("楽しむ", "楽しむ", "verb"),
    ]


def test_compound_units_counted():
    (term,) = extract_terms("オンラインサロン")
    assert (term.kind, term.n_units, term.start, term.end) == ("compound", 3, 0, 8)


def test_long_text_processed_in_pieces():
    text = "影響力のあるオンラインサロン。" * (MAX_CHUNK // 5)
    morphemes = parse(text)
    assert all(text[m.start:m.end] == m.surface for m in morphemes)
    assert sum(1 for t in extract_terms(text) if t.text == "オンラインサロン") == MAX_CHUNK // 5


def test_long_text_without_breaks():
    text = "あ" * (MAX_CHUNK * 3 + 7)
    assert "".join(m.surface for m in parse(text)) == text


def test_nul_characters_do_not_stop_parsing():
    assert [m.surface for m in parse("影響\x00力")][-1] == "力"


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        # White space MeCab skips (leading, line breaks, tabs, runs of it) still counts in the offsets.
        ("\n\n東京", [("東京", 2, 4)]),
        ("東京\tで", [("東京", 0, 2), ("で", 3, 4)]),
        ("\t \n東京 \t\t楽しい\x00a", [("東京", 3, 5), ("楽しい", 8, 11), ("a", 12, 13)]),
        ("東京　　で", [("東京", 0, 2), ("で", 4, 5)]),  # U+3000 is a blank morpheme, dropped
        ("\t", []),
    ],
)
def test_offsets_across_white_space(text, spans):
    assert [(m.surface, m.start, m.end) for m in parse(text)] == spans


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("影響力オンラインサロンSNS　 \n\t。、#https:/.a1😊ｗ")), max_size=60))
def test_offsets_map_back(text):
    for token in tokenize(text):
        assert text[token.start:token.end] == token.surface
    for term in extract_terms(text, content_words=False):
        assert text[term.start:term.end] == term.text


def test_sample_post_terms(sample_post):
    texts = [t.text for t in extract_terms(sample_post.text)]
    for term in ("影響力", "オンラインサロン", "パーソナルブランディング", "KLOUTスコア", "同調圧力", "球体型"):
        assert term in texts
    for fragment in ("力", "ライン", "オン", "こと"):
        assert fragment not in texts


@pytest.mark.parametrize("label", ["", "【SNS】影響力という言葉をどう捉えるかで SNSは楽しくも虚しくもなる", "ライフスタイル", "Ｗｉｎｄｏｗｓ"])
def test_parse_label_is_parse_remembered(label: str) -> None:
    # The title is read by both keywords and summary: one MeCab run, the same morphemes as parse().
    assert parse_label(label) == tuple(parse(label))
    assert parse_label(label) is parse_label(label)
