"""Themes: matching policy, rules, theme files, scores, the sample post and the stance."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jpblog_nlp
from jpblog_nlp.errors import EmptyPostError, ResourceError
from jpblog_nlp.text.document import prepare
from jpblog_nlp.themes import (
    And,
    Atom,
    Near,
    Not,
    Or,
    RuleSyntaxError,
    Seq,
    builtin_themes,
    detect_themes,
    load_themes,
    parse_rule,
    parse_themes,
    stance_of,
    theme_score,
    unfindable_terms,
)


def found(text: str, themes=None) -> dict[str, list[tuple[str, str, int]]]:
    """{theme: [(term as written, theme term, count)]} of a text, without stance."""
    return {
        r.name: [(t.term, t.theme_term, t.count) for t in r.terms]
        for r in detect_themes(text, themes, stance=False)
    }


# --- edge cases -----------------------------------------------------------------------------------

def test_empty_text_is_an_error_like_everywhere_else():
    with pytest.raises(EmptyPostError):
        detect_themes("", stance=False)


@pytest.mark.parametrize("text", ["今日は晴れ。", "あいうえお", "😀😀😀", "https://example.com/ だけ"])
def test_text_without_theme_gives_empty_list(text):
    assert detect_themes(text, stance=False) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Variant spellings meet on the normalized key; the term is shown as written.
        ("コミュニティーに参加した。", {"community": [("コミュニティー", "コミュニティ", 1)]}),
        ("コミュニティに参加した。", {"community": [("コミュニティ", "コミュニティ", 1)]}),
        ("ｺﾐｭﾆﾃｨに参加した。", {"community": [("コミュニティ", "コミュニティ", 1)]}),
        ("ＳＮＳでバズった。", {"influence": [("バズ", "バズ", 1), ("ＳＮＳ", "SNS", 1)]}),
        # A compound counts once, through its best theme term: 影響力 is not also 影響.
        ("影響力が大きい。", {"influence": [("影響力", "影響力", 1)]}),
        # Head of a compound (head-final: a 料理サロン is a サロン); modifier at half weight.
        ("料理サロンに通う。", {"community": [("料理サロン", "サロン", 1)], "food": [("料理サロン", "料理", 1)]}),
        ("コミュニティ運営を学ぶ。",
         {"learning": [("学ぶ", "学ぶ", 1)], "community": [("コミュニティ運営", "コミュニティ", 1)]}),
        # One-character theme terms match whole terms only.
        ("心が痛い。", {"empathy": [("心", "心", 1)]}),
        # A rule adds its words (as written), with the rule as what they matched.
        ("心が動いた。", {"empathy": [("心", "心", 1), ("動い", "near(心, 動く, 2)", 1), ("心", "near(心, 動く, 2)", 1)]}),
        ("好奇心が強い。", {}),
        ("自分中心の考え。", {}),
        # Verbs by their lemma; phrases MeCab splits (いいね, 心を開く) as morpheme sequences.
        ("相手に寄り添った。", {"empathy": [("寄り添う", "寄り添う", 1)]}),
        ("いいね！を押した。", {"influence": [("いいね", "いいね", 1)]}),
        ("心を開いた。", {"empathy": [("心を開い", "心を開く", 1)]}),
    ],
)
def test_matching_policy(text, expected):
    assert found(text) == expected


def test_modifier_match_counts_half():
    (community,) = [r for r in detect_themes("コミュニティ運営を学ぶ。", stance=False) if r.name == "community"]
    assert community.weight == 1.5  # コミュニティ weighs 3, inside a compound half of it


# --- rules ----------------------------------------------------------------------------------------

def show(rule) -> str:
    """A rule tree as a compact string."""
    if isinstance(rule, Atom):
        return rule.text
    if isinstance(rule, Not):
        return f"NOT({show(rule.operand)})"
    if isinstance(rule, And | Or):
        name = "AND" if isinstance(rule, And) else "OR"
        return f"{name}({', '.join(show(r) for r in rule.operands)})"
    if isinstance(rule, Near):
        return f"near({rule.left.text}, {rule.right.text}, {rule.distance})"
    assert isinstance(rule, Seq)
    return f"seq({', '.join(a.text for a in rule.atoms)})"


@pytest.mark.parametrize(
    ("rule", "tree"),
    [
        ("影響力", "影響力"),
        ("影響力 AND (フォロワー OR いいね)", "AND(影響力, OR(フォロワー, いいね))"),
        ("a OR b AND c", "OR(a, AND(b, c))"),
        ("NOT NOT 広告", "NOT(NOT(広告))"),
        ("not 広告 and 宣伝", "AND(NOT(広告), 宣伝)"),
        ("a & b | !c", "OR(AND(a, b), NOT(c))"),
        ("near(信頼, 関係, 5)", "near(信頼, 関係, 5)"),
        ("seq(同調, 圧力)", "seq(同調, 圧力)"),
        ("seq(a,b,c)", "seq(a, b, c)"),
        ("（影響力　ＡＮＤ　拡散）", "AND(影響力, 拡散)"),
        ('"AND" OR "two words"', "OR(AND, two words)"),
        ("near AND seq", "AND(near, seq)"),
    ],
)
def test_parse_rule(rule, tree):
    assert show(parse_rule(rule)) == tree


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("", "empty rule"),
        ("影響力 AND", "expected a word, '(' or near(...)/seq(...) at the end"),
        ("(影響力", "expected ')' at the end"),
        ("影響力)", "unexpected token (operators are AND, OR, NOT) at column 4 (')')"),
        ("影響力 フォロワー", "unexpected token (operators are AND, OR, NOT) at column 5 ('フォロワー')"),
        ("near(信頼, 関係)", "near() takes two words and a distance, as in near(信頼, 関係, 5); got ['信頼', '関係']"),
        ("near(信頼, 関係, 0)", "near() distance must be at least 1"),
        ("seq(同調)", "seq() takes two or more words, as in seq(同調, 圧力); got ['同調']"),
        ("seq(同調,)", "seq() takes words separated by commas; expected a word at column 8 (')')"),
        ('"unclosed', "unclosed quote at column 1"),
        ("AND 広告", "expected a word, '(' or near(...)/seq(...) at column 1 ('AND')"),
    ],
)
def test_parse_rule_errors(rule, message):
    with pytest.raises(RuleSyntaxError) as err:
        parse_rule(rule)
    assert str(err.value) == message


def rule_theme(rule: str, terms: str = '["ダミーの語"]'):
    """A theme set with one theme "t" whose only way to fire is the rule."""
    return parse_themes(f'[themes.t]\nlabel = "テスト"\nterms = {terms}\nrules = [{rule!r}]\n'.replace("'", '"'),
                        "test.toml")


@pytest.mark.parametrize(
    ("rule", "text", "fires"),
    [
        ("影響力 AND フォロワー", "影響力とフォロワーの話。", True),
        ("影響力 AND フォロワー", "影響力だけの話。", False),
        ("影響力 OR バズ", "バズった。", True),
        ("影響力 OR バズ", "何もない日。", False),
        ("同調 AND NOT 圧力", "周りに同調した。", True),
        ("同調 AND NOT 圧力", "同調圧力を感じた。", False),
        ("near(信頼, 関係, 3)", "信頼できる関係を築く。", True),
        ("near(信頼, 関係, 3)", "関係は信頼から。", True),
        ("near(信頼, 関係, 3)", "信頼は大事だけれど長い時間をかけた関係もある。", False),
        ("near(信頼, 関係, 3)", "信頼関係を築く。", True),
        ("seq(同調, 圧力)", "同調圧力を感じた。", True),
        ("seq(同調, 圧力)", "圧力に同調した。", False),
        ("seq(同調, 圧力)", "同調の圧力。", False),
        ("seq(心, 動く)", "心動く瞬間。", True),
        ("seq(心, 動く)", "心が動く。", False),
    ],
)
def test_rule_operators(rule, text, fires):
    results = detect_themes(text, rule_theme(rule), stance=False)
    assert bool(results) is fires
    if fires:
        assert results[0].hits[0].rules == (rule,)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("カメラを買った。", [0]),
        ("カメラの広告を見た。", []),
        ("カメラの広告を見た。新しいカメラを買った。", [1]),
    ],
)
def test_rule_without_positive_word_is_a_filter(text, sentences):
    themes = rule_theme("NOT 広告", terms='["カメラ"]')
    assert themes["t"].rules[0].is_filter
    results = detect_themes(text, themes, stance=False)
    assert (results[0].sentences if results else []) == sentences


# --- theme files ----------------------------------------------------------------------------------

USER_FILE = """\
# my themes
[themes.community]
label = "仲間づくり"
terms = { "仲間" = 2, "サークル" = 3 }

[themes.running]
label = "ランニング"
description = "走ること"
terms = ["ランニング", "マラソン", "ジョギング"]
rules = ["near(朝, 走る, 3)"]

[themes.empathy]
extend = true
terms = { "思いやる" = 2 }
"""


def test_user_file_overrides_and_adds(tmp_path):
    path = tmp_path / "my.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    themes = load_themes(path)
    assert themes.names() == [*builtin_themes().names(), "running"]
    assert themes["community"].label == "仲間づくり"
    assert themes["community"].terms == (("仲間", 2.0), ("サークル", 3.0))
    assert themes["running"].terms == (("ランニング", 1.0), ("マラソン", 1.0), ("ジョギング", 1.0))
    assert themes["empathy"].label == "共感"  # extended, not replaced
    assert themes["empathy"].terms[-1] == ("思いやる", 2.0)
    assert len(themes["empathy"].terms) == len(builtin_themes()["empathy"].terms) + 1
    text = "コミュニティの仲間と朝に走った。"
    assert found(text, themes) == {
        "community": [("仲間", "仲間", 1)],
        "running": [("朝", "near(朝, 走る, 3)", 1), ("走っ", "near(朝, 走る, 3)", 1)],
        "health": [("走る", "走る", 1)],
    }
    assert found(text) == {"community": [("コミュニティ", "コミュニティ", 1), ("仲間", "仲間", 1)],
                           "health": [("走る", "走る", 1)]}
    # A path works as the themes argument too.
    assert found(text, str(path)) == found(text, themes)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[themes.a]\nlabel = "A"\nterms = ["x"\n', "line 3: invalid TOML: Unclosed array (at end of document)"),
        ('[themes.a]\nlabel = "A"\nterms = ["x"]\nlabel = "B"\n', "line 4: invalid TOML: Cannot overwrite a value (at line 4, column 12)"),
        ("[other]\nx = 1\n", "line 1: no [themes.<name>] tables found"),
        ('[themes.a]\nlabel = "A"\n', "line 1: theme 'a': has neither terms nor rules"),
        ('\n[themes.a]\nterms = { "x" = -1 }\n', "line 3: theme 'a': term 'x': weight must be a positive number, got -1"),
        ('[themes.a]\nterms = 3\n', "line 1: theme 'a': terms must be a list of strings or a table of term = weight"),
        ('[themes.a]\nterms = ["x"]\nrules = "x AND y"\n', "line 1: theme 'a': rules must be a list of strings"),
        ('[themes.a]\nterms = ["x"]\n\n[themes.b]\nterms = ["y"]\nrules = [\n  "y AND",\n]\n',
         "line 7: theme 'b': rule 'y AND': expected a word, '(' or near(...)/seq(...) at the end"),
    ],
)
def test_broken_theme_file(tmp_path, content, message):
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError) as err:
        load_themes(path)
    text = str(err.value)
    assert text.startswith(f"{path}: {message}")


def test_missing_theme_file(tmp_path):
    with pytest.raises(ResourceError, match="theme file not found"):
        load_themes(tmp_path / "nope.toml")


def test_builtin_themes_are_rich():
    themes = builtin_themes()
    assert themes.names()[:3] == ["influence", "empathy", "community"]
    assert len(themes) >= 12
    for theme in themes:
        assert theme.label and theme.description
        assert 20 <= len(theme.terms) <= 40, theme.name


def test_every_builtin_theme_term_can_be_found():
    # A term the tokenizer never yields as a term (a pronoun such as 彼女, a function word) would count
    # for nothing while the theme file promised it.
    assert unfindable_terms() == []


def test_unfindable_terms_of_a_user_file():
    themes = parse_themes('[themes.t]\nterms = ["犬", "彼女", "こと", "の", "です", "ランニング", "走る", '
                          '"楽しい", "オンラインサロン", "私"]\n', "mine.toml", builtin_themes())
    expected = [("t", "彼女"), ("t", "こと"), ("t", "の"), ("t", "です"), ("t", "私")]
    assert unfindable_terms(themes, source="mine.toml") == expected
    assert unfindable_terms(themes, source="other.toml") == []


# --- scores ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("weight", "n_terms", "n_hit", "n_sentences", "score"),
    [
        (0.0, 100, 0, 10, 0.0),
        (3.0, 1, 1, 1, 0.9997),
        (15.0, 100, 5, 50, 0.5957),
        (150.0, 1000, 50, 500, 0.5957),  # ten times longer, same proportions: same score
        (2.0, 600, 1, 85, 0.0353),  # a passing mention in a long post: below MIN_SCORE
        (0.0, 0, 0, 0, 0.0),
    ],
)
def test_theme_score(weight, n_terms, n_hit, n_sentences, score):
    assert theme_score(weight, n_terms, n_hit, n_sentences) == score


# --- the sample post ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_doc(sample_path):
    return prepare(jpblog_nlp.load_post(sample_path))


def test_sample_post_themes(sample_doc):
    results = detect_themes(sample_doc, stance=False)
    assert [r.name for r in results[:3]] == ["influence", "community", "empathy"]
    influence = results[0]
    assert influence.label == "影響力"
    assert 0 < results[2].score < results[1].score < influence.score <= 1
    assert influence.terms[0].term == "影響力" and influence.terms[0].count == 18
    n = len(sample_doc.sentences)
    assert influence.sentences == sorted(influence.sentences)
    assert influence.positions == [round(i / (n - 1), 4) for i in influence.sentences]
    # Influence runs through the whole post: its occurrences span beginning to end.
    assert influence.positions[0] < 0.1 and influence.positions[-1] > 0.9
    data = influence.to_dict()
    assert list(data) == ["name", "label", "score", "weight", "sentences", "positions", "terms", "sentiment", "hits"]
    assert data["sentiment"] is None


def test_top_level_export(sample_doc):
    assert jpblog_nlp.detect_themes is detect_themes
    assert [r.name for r in jpblog_nlp.detect_themes(sample_doc, stance=False)][:1] == ["influence"]


# --- stance ---------------------------------------------------------------------------------------

def fake_sentiment(doc, score_of):
    """A PostSentiment look-alike: per sentence index, score, label and evidence."""
    sentences = []
    for s in doc.sentences:
        score = score_of(s.index)
        label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
        sentences.append(SimpleNamespace(index=s.index, score=score, label=label,
                                         evidence=(SimpleNamespace(term="良い"),) if score > 0 else ()))
    return SimpleNamespace(sentences=sentences)


def test_stance_with_given_sentiment(sample_doc):
    n = len(sample_doc.sentences)
    sentiment = fake_sentiment(sample_doc, lambda i: -0.5 if i < n // 2 else 0.5)
    influence = detect_themes(sample_doc, sentiment=sentiment)[0]
    stance = influence.stance
    assert stance is not None and stance.label == "mixed"
    assert stance.trajectory[0] == -0.5 and stance.trajectory[2] == 0.5
    assert [p.sentence for p in stance.points] == influence.sentences
    assert stance.points[-1].evidence == ("良い",)
    data = influence.to_dict()["sentiment"]
    assert list(data) == ["score", "label", "occurrences", "trajectory"]
    assert data["occurrences"][0] == {"sentence": influence.sentences[0], "position": influence.positions[0],
                                      "score": -0.5, "label": "negative", "evidence": []}


@pytest.mark.parametrize(
    ("scores", "label", "mean"),
    [
        ([0.5, 0.5, 0.0], "positive", 0.3333),
        ([-0.5, -0.2, 0.0], "negative", -0.2333),
        ([0.05, -0.05, 0.0], "neutral", 0.0),
        ([0.8, -0.6, 0.0, 0.0], "mixed", 0.05),
        ([], "neutral", 0.0),
    ],
)
def test_stance_labels(scores, label, mean):
    from jpblog_nlp.themes import ThemeHit

    hits = [ThemeHit(i, i / 10, "", (), (), 1.0) for i in range(len(scores))]
    sentiment = SimpleNamespace(sentences=[SimpleNamespace(index=i, score=s, label="x", evidence=())
                                           for i, s in enumerate(scores)])
    stance = stance_of(hits, sentiment, 10)
    assert (stance.label, stance.score) == (label, mean)


def test_no_stance_without_sentiment_module(monkeypatch, sample_doc):
    monkeypatch.setitem(sys.modules, "jpblog_nlp.sentiment", None)
    monkeypatch.delattr(jpblog_nlp, "sentiment", raising=False)  # else `from . import sentiment` finds it
    with pytest.raises(ResourceError, match="sentiment module"):
        detect_themes(sample_doc)
    assert detect_themes(sample_doc, stance=False)[0].stance is None


def test_sample_stance_toward_influence_turns_positive(sample_doc):
    influence = detect_themes(sample_doc)[0]
    assert influence.name == "influence"
    first, _, last = influence.stance.trajectory
    # Chasing Klout scores and likes (first third) reads negative; the spherical community (last) positive.
    assert first is not None and last is not None
    assert first < last
    assert last > 0


def test_themes_by_sentence():
    from jpblog_nlp.themes import themes_by_sentence

    results = detect_themes("コミュニティの影響力。今日は晴れ。仲間と走った。", stance=False)
    assert themes_by_sentence(results) == {0: ["community", "influence"], 2: ["community", "health"]}


def test_theme_file_by_path_is_reread_when_changed(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('[themes.x]\nlabel = "X"\nterms = ["ランニング"]\n', encoding="utf-8")
    assert [r.name for r in detect_themes("ランニングした。", str(path), stance=False)] == ["health", "x"]
    path.write_text('[themes.y]\nlabel = "Y"\nterms = ["ランニング", "走る"]\n', encoding="utf-8")
    assert [r.name for r in detect_themes("ランニングした。", str(path), stance=False)] == ["health", "y"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab影響 ()",!&|ANDORNOTnearseq0123')), max_size=30))
def test_parse_rule_never_fails_otherwise(text):
    # Any string either parses or raises RuleSyntaxError with a message: never another exception.
    try:
        parse_rule(text)
    except RuleSyntaxError as err:
        assert str(err)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["影響力", "コミュニティー", "仲間", "心", "今日は", "晴れ", "。", "共感した", "カフェ"]),
                min_size=1, max_size=12))
def test_results_are_well_formed(words):
    text = "".join(words) + "。"
    results = detect_themes(text, stance=False)
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    for r in results:
        assert 0.1 <= r.score <= 1 and r.weight >= 1
        assert all(0 <= p <= 1 for p in r.positions)
        assert r.sentences == sorted(set(r.sentences))


def lexicon_sentiment(doc, evidence, method="lexicon"):
    """One-sentence sentiment whose evidence is [(term, weight)], located in the text."""
    text = doc.post.text
    items = tuple(SimpleNamespace(term=t, start=text.index(t), end=text.index(t) + len(t), weight=w)
                  for t, w in evidence)
    total = sum(w for _, w in evidence)
    score = total / max(1.0, sum(abs(w) for _, w in evidence))
    label = "positive" if score >= 0.25 else "negative" if score <= -0.25 else "neutral"
    return SimpleNamespace(method=method, sentences=[SimpleNamespace(index=0, score=score, label=label, evidence=items)])


@pytest.mark.parametrize(
    ("text", "evidence", "method", "point"),
    [
        # The theme's own word is what the sentence is about, not how the writer feels about it.
        ("共感した。", [("共感", 1.0)], "lexicon", (0.0, "neutral", ())),
        ("共感できて嬉しい。", [("共感", 1.0), ("嬉しい", 1.0)], "lexicon", (1.0, "positive", ("嬉しい",))),
        ("共感の押し付けは嫌だ。", [("共感", 1.0), ("嫌", -1.0)], "lexicon", (-1.0, "negative", ("嫌",))),
        # A model's score cannot be taken apart: used as it is.
        ("共感した。", [("共感", 1.0)], "model", (1.0, "positive", ("共感",))),
    ],
)
def test_stance_leaves_out_the_themes_own_words(text, evidence, method, point):
    doc = prepare(text)
    (empathy,) = [r for r in detect_themes(doc, sentiment=lexicon_sentiment(doc, evidence, method)) if r.name == "empathy"]
    p = empathy.stance.points[0]
    assert (p.score, p.label, p.evidence) == point


# --- speed-ups that must not change answers -------------------------------------------------------

def test_records_built_by_slots_equal_the_dataclass_constructors():
    from jpblog_nlp import themes as T
    from jpblog_nlp.themes import detect
    from jpblog_nlp.themes import stance as stance_module

    hit = detect._theme_hit(0, 0.0, "影響力がある。", ("影響力",), (), 3.0, ((0, 3),))
    assert hit == T.ThemeHit(0, 0.0, "影響力がある。", ("影響力",), (), 3.0, ((0, 3),))
    assert detect._term_hit("影響力", "影響力", 1, 3.0) == T.TermHit("影響力", "影響力", 1, 3.0)
    point = stance_module._stance_point(0, 0.0, 0.5, "positive", ("楽しい",))
    assert point == T.StancePoint(0, 0.0, 0.5, "positive", ("楽しい",))
    stance = stance_module._theme_stance(0.5, "positive", (point,), (0.5, None, None))
    assert stance == T.ThemeStance(0.5, "positive", (point,), (0.5, None, None))
    result = detect._theme_result("influence", "影響力", 0.5, 3.0, (hit,), (), stance)
    assert result == T.ThemeResult("influence", "影響力", 0.5, 3.0, (hit,), (), stance)


def test_word_filter_remembers_answers_and_starts_afresh(monkeypatch):
    from jpblog_nlp.themes import matching as T

    words = T._WordFilter(frozenset({"いいね", "コミュニティ"}))
    assert words.select({"いいね", "ｺﾐｭﾆﾃｨｰ", "猫"}) == {"いいね", "ｺﾐｭﾆﾃｨｰ"}
    assert words.select({"いいね", "犬"}) == {"いいね"}  # remembered and new words together
    monkeypatch.setattr(T, "_MEMO_LIMIT", 1)
    assert words.select({"コミュニティー", "鳥"}) == {"コミュニティー"}


def test_theme_set_given_again_or_as_equal_copy_gives_the_same_results():
    from jpblog_nlp.themes import ThemeSet

    doc = prepare("インフルエンサーの影響力とフォロワー数。オンラインサロンのコミュニティ運営は信頼関係が大切。")
    first = detect_themes(doc, stance=False)
    again = detect_themes(doc, stance=False)  # sub-span candidates now come from the memo
    copy = detect_themes(doc, ThemeSet(tuple(builtin_themes())), stance=False)
    assert first == again == copy and first
