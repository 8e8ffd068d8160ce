"""Sentiment: labels and evidence per sentence, negation, contrast, markers, lexicons, post level, model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jpblog_nlp
from jpblog_nlp.errors import ResourceError
from jpblog_nlp.sentiment import (
    EMOTIONS,
    Evidence,
    PostSentiment,
    SentenceSentiment,
    aggregate,
    builtin_lexicon,
    entry_keys,
    load_lexicon,
    score_lines,
    score_sentiment,
)
from jpblog_nlp.sentiment.model import load_model
from jpblog_nlp.sentiment.training import normalize_label, read_labelled, train_model
from jpblog_nlp.text.document import prepare
from jpblog_nlp.text.records import Post

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "itochan-influence.txt"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
CHABSA = SHARED / "chabsa" / "sentences_pos_neg_neu.tsv"


def one(text: str, **kwargs: object) -> SentenceSentiment:
    """Score a text as one unit."""
    (result,) = score_lines([text], **kwargs)  # type: ignore[arg-type]
    return result


def sign(x: float) -> int:
    """-1, 0 or 1."""
    return (x > 0) - (x < 0)


# --- labels -----------------------------------------------------------------------------------------

LABELS = [
    # edge cases first
    ("", "neutral", 0),
    ("。", "neutral", 0),
    ("😊", "positive", 1),
    ("😭", "negative", -1),
    ("(笑)", "positive", 1),
    ("(^^)", "positive", 1),
    ("orz", "negative", -1),
    ("ＳＮＳは楽しい！", "positive", 1),  # full-width letters
    ("https://example.com 楽しい", "positive", 1),
    # the table
    ("楽しかった。", "positive", 1),
    ("全然楽しくなかった。", "negative", -1),
    ("楽しくないわけではない。", "positive", 1),  # litotes: a weak positive
    ("楽しいわけではない。", "negative", -1),
    ("美味しいけど高い。", "negative", -1),  # the latter clause weighs more
    ("高いけど美味しい。", "positive", 1),
    ("おいしいが高い。", "negative", -1),  # conjunctive が, tagged as a case particle by UniDic
    ("影響力がある。", "neutral", 0),  # 力 inside 影響力 is not praise
    ("楽しいですか？", "neutral", 1),  # question: damped below the threshold, sign kept
    ("楽しい？", "neutral", 1),
    ("楽しければ行く。", "neutral", 1),  # conditional clause damped
    ("楽しいとは限らない。", "neutral", 1),  # hedged
    # more negation and modifiers
    ("楽しくありません。", "negative", -1),
    ("好きじゃない。", "negative", -1),
    ("嫌いではない。", "positive", 1),
    ("問題ない。", "positive", 1),
    ("楽しまぬ。", "negative", -1),
    ("何よりも楽しいんですよね。", "positive", 1),  # ん is a nominalizer here, not a negation
    ("不安定だ。", "negative", -1),  # 不- prefix
    ("評価が高い。", "neutral", 0),  # 高い is only negative about prices
    ("値段が高い。", "negative", -1),
    ("スマートフォンを買った。", "neutral", 0),  # スマート inside a compound is not praise
    ("大成功だった。", "positive", 1),  # the head of the compound counts
    ("行きたい。", "positive", 1),
    ("やるぞ！", "positive", 1),
    ("疲れた…", "negative", -1),
    ("怖かった。", "negative", -1),
]


@pytest.mark.parametrize(("text", "label", "score_sign"), LABELS)
def test_labels_and_sign(text: str, label: str, score_sign: int) -> None:
    result = one(text)
    assert result.label == label
    assert sign(result.score) == score_sign
    assert -1.0 <= result.score <= 1.0


# --- evidence ---------------------------------------------------------------------------------------

EVIDENCE = [
    ("楽しかった。", [("楽しかっ", "楽しい", "positive", False, 1.0, ())]),
    ("全然楽しくなかった。", [("楽しく", "楽しい", "positive", True, -1.125, ("intensified",))]),
    ("楽しくないわけではない。", [("楽しく", "楽しい", "positive", False, 0.375, ("partial-negation",))]),
    (
        "美味しいけど高い。",
        [("美味しい", "美味しい", "positive", False, 0.4, ("contrast",)), ("高い", "高い", "negative", False, -1.0, ())],
    ),
    ("楽しいですか？", [("楽しい", "楽しい", "positive", False, 0.1, ("question",))]),
    ("出ればよかったのに。", [("よかっ", "良い", "positive", True, -0.5, ("regret",))]),
    ("少し嬉しい。", [("嬉しい", "嬉しい", "positive", False, 0.5, ("downtoned",))]),
    ("すごく嬉しい。", [("嬉しい", "嬉しい", "positive", False, 1.5, ("intensified",))]),
    ("問題はない。", [("問題", "問題", "negative", True, 0.375, ())]),
    ("影響力がある。", []),
    ("期待できる。", [("期待", "期待", "positive", False, 0.5, ())]),
    ("(笑)", [("笑", "笑", "positive", False, 0.3, ("marker",))]),
]


@pytest.mark.parametrize(("text", "expected"), EVIDENCE)
def test_evidence(text: str, expected: list[tuple]) -> None:
    result = one(text)
    got = [(e.term, e.key, e.polarity, e.negated, round(e.weight, 4), e.modifiers) for e in result.evidence]
    assert got == expected


def test_evidence_offsets_point_into_the_post() -> None:
    post = Post(id="p", title="", text="今日は晴れ。全然楽しくなかった。")
    result = score_sentiment(post)
    (ev,) = result.sentences[1].evidence
    assert post.text[ev.start : ev.end] == ev.term == "楽しく"


def test_multiword_entry_matches_as_a_sequence() -> None:
    assert entry_keys("期待 できる") == "期待 出来る"
    assert entry_keys("手 に 入る") == "手 に 入る"
    ev = one("お気に入りのカフェ。").evidence
    assert [(e.term, e.key) for e in ev] == [("お気に入り", "お 気 に 入る")]


# --- post level -------------------------------------------------------------------------------------


def test_empty_post_and_record_types() -> None:
    result = score_sentiment(Post(id="e", title="", text="。"))
    assert isinstance(result, PostSentiment)
    assert result.label == "neutral"
    assert result.score == 0.0
    data = result.to_dict()
    assert set(data) == {
        "post_id", "score", "label", "positive_share", "negative_share", "trajectory", "emotions", "method",
        "sentences",
    }
    assert list(data["emotions"]) == list(EMOTIONS)
    json.dumps(data)
    assert "sentences" not in result.to_dict(sentences=False)


def test_mixed_post() -> None:
    result = score_sentiment(Post(id="m", title="", text="楽しかった。悲しかった。"))
    assert [s.label for s in result.sentences] == ["positive", "negative"]
    assert result.label == "mixed"
    assert (result.positive_share, result.negative_share) == (0.5, 0.5)


def test_contrast_across_sentences_halves_the_former_sentence() -> None:
    result = score_sentiment(Post(id="c", title="", text="楽しかった。でも悲しかった。"))
    assert [s.label for s in result.sentences] == ["positive", "negative"]
    assert result.score == pytest.approx((0.5 * 1.0 - 1.0) / 1.5)
    assert result.label == "negative"
    plain = score_sentiment(Post(id="c", title="", text="楽しかった。悲しかった。"))
    assert plain.label == "mixed"


def test_trajectory_has_one_point_per_sentence_and_is_smoothed() -> None:
    post = Post(id="t", title="", text="悲しい。悲しい。悲しい。普通。楽しい。楽しい。楽しい。")
    result = score_sentiment(post)
    assert len(result.trajectory) == len(result.sentences) == 7
    assert result.trajectory[0] < 0 < result.trajectory[-1]
    assert all(-1 <= v <= 1 for v in result.trajectory)


def test_score_accepts_text_post_and_document() -> None:
    doc = prepare(Post(id="d", title="", text="楽しかった。"))
    assert jpblog_nlp.score_sentiment(doc).label == "positive"
    assert score_sentiment("楽しかった。").label == "positive"
    assert score_sentiment(doc.post).sentences[0].score == 1.0


def test_aggregate_of_nothing() -> None:
    result = aggregate([], "x")
    assert (result.score, result.label, result.trajectory) == (0.0, "neutral", ())


def test_sample_post_reads_sensibly() -> None:
    result = score_sentiment(jpblog_nlp.load_post(SAMPLE))
    by_start = {s.text[:12]: s.label for s in result.sentences}
    # The regret about chasing scores early on is negative ...
    assert by_start["影響力について誤解していたボ"[:12]] == "negative"
    assert by_start["今思えば本当に不毛な時間を使"[:12]] == "negative"
    assert by_start["こういう黒歴史があるからこそ"[:12]] == "negative"
    # ... the connections and the community are positive.
    assert by_start["そういうのがすごく嬉しかった"[:12]] == "positive"
    assert by_start["大きなカリスマの指示命令や号"[:12]] == "positive"
    assert by_start["彼のブログの中にある球体型の"[:12]] == "positive"
    assert result.label == "positive"
    n = len(result.trajectory)
    assert sum(result.trajectory[: n // 10]) < 0 < sum(result.trajectory[-n // 3 :])
    # 影響力 is the topic everywhere and never evidence.
    assert not any(e.term in ("力", "影響力") for s in result.sentences for e in s.evidence)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="楽しい悲しくないけど。！？😊笑ｗ高美味", max_size=30))
def test_scores_stay_in_range(text: str) -> None:
    result = one(text)
    assert -1.0 <= result.score <= 1.0
    assert result.label in ("positive", "negative", "neutral")
    assert all(0.0 <= v < 1.0 for _, v in result.emotions)
    assert all(result.text[e.start : e.end] == e.term for e in result.evidence)


# --- user lexicon -----------------------------------------------------------------------------------


def test_user_lexicon_overrides_and_extends(tmp_path: Path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text("# my words\n高い\tpositive\t1\nエモい\tnegative\t0.5\nぴえん\tsadness\t1\n", encoding="utf-8")
    assert one("美味しいけど高い。").label == "negative"
    assert one("美味しいけど高い。", lexicon=path).label == "positive"
    ev = one("エモい。", lexicon=path).evidence
    assert [(e.term, e.polarity, e.weight) for e in ev] == [("エモい", "negative", -0.5)]
    assert dict(one("ぴえん", lexicon=path).emotions)["sadness"] > 0.5
    # the built-in lexicon is unchanged
    assert builtin_lexicon().polarity["高い"] == -1.0


def test_user_lexicon_zero_weight_removes_an_entry(tmp_path: Path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text("楽しい\tpositive\t0\n", encoding="utf-8")
    lex = load_lexicon(path)
    assert one("楽しかった。", lexicon=lex).evidence == ()


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("楽しい\n", 1),
        ("# ok\n楽しい\tpositive\tmuch\n", 2),
        ("楽しい\tpositive\n楽しい\thappy\t1\n", 2),
        ("楽しい\tpositive\t1\textra\n", 1),
        ("\t\tpositive\n", 1),
    ],
)
def test_malformed_user_lexicon_names_file_and_line(tmp_path: Path, content: str, line: int) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError) as info:
        load_lexicon(path)
    assert str(path) in str(info.value)
    assert f"line {line}" in str(info.value)


def test_missing_user_lexicon(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="cannot read lexicon"):
        load_lexicon(tmp_path / "nope.tsv")


# --- trainable model --------------------------------------------------------------------------------

TRAIN = [
    ("売上高は前年より増加しました", "pos"),
    ("営業利益は大幅に増加しました", "pos"),
    ("受注は好調に推移しました", "pos"),
    ("業績は順調に改善しました", "pos"),
    ("新製品の販売が好調でした", "pos"),
    ("利益は増加し過去最高となりました", "pos"),
    ("売上高は前年より減少しました", "neg"),
    ("営業利益は大幅に減少しました", "neg"),
    ("受注は低調に推移しました", "neg"),
    ("業績は悪化しました", "neg"),
    ("新製品の販売は不振でした", "neg"),
    ("利益は減少し損失となりました", "neg"),
]


def test_train_and_predict_roundtrip(tmp_path: Path) -> None:
    data = tmp_path / "labelled.tsv"
    data.write_text("text\tlabel\n" + "".join(f"{t}\t{lab}\n" for t, lab in TRAIN), encoding="utf-8")
    texts, labels = read_labelled(data)
    assert labels[:1] == ["positive"] and len(texts) == 12
    model, report = train_model(texts, labels, folds=3)
    assert report.n == 12 and report.folds == 3
    assert [c for c, *_ in report.per_class] == ["negative", "positive"]
    assert 0.0 <= report.macro_f1 <= 1.0
    path = tmp_path / "model.json"
    model.save(path)
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["format"] == "jpblog-sentiment-model"
    assert set(stored) == {"format", "version", "classes", "vocabulary", "coef", "intercept"}
    loaded = load_model(path)
    results = score_lines(["売上高は増加しました", "売上高は減少しました"], model=loaded)
    assert [r.label for r in results] == ["positive", "negative"]
    assert results[0].score > 0 > results[1].score
    (worse,) = score_lines(["業績は悪化しました"], model=loaded)
    assert [e.term for e in worse.evidence] == ["業績", "悪化"]  # evidence still comes from the lexicon
    post = score_sentiment(Post(id="m", title="", text="利益は増加しました。利益は減少しました。"), model=path)
    assert post.method == "model"
    assert [s.label for s in post.sentences] == ["positive", "negative"]


@pytest.mark.parametrize("label", ["pos", "POS", "positive", "1", "+1"])
def test_label_spellings(label: str) -> None:
    assert normalize_label(label) == "positive"


def test_labelled_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("良い\tpos\nラベルなし\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="line 2"):
        read_labelled(bad)
    one_class = tmp_path / "one.tsv"
    one_class.write_text("良い\tpos\n最高\tpos\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="two classes"):
        read_labelled(one_class)


def test_model_file_errors(tmp_path: Path) -> None:
    not_json = tmp_path / "m.json"
    not_json.write_text("{", encoding="utf-8")
    with pytest.raises(ResourceError, match="cannot read"):
        load_model(not_json)
    other = tmp_path / "o.json"
    other.write_text('{"format": "pickle"}', encoding="utf-8")
    with pytest.raises(ResourceError, match="not a jpblog sentiment model"):
        load_model(other)
    shape = tmp_path / "s.json"
    shape.write_text(
        json.dumps({"format": "jpblog-sentiment-model", "classes": ["a", "b", "c"], "vocabulary": ["x"],
                    "coef": [[1.0]], "intercept": [0.0]}),
        encoding="utf-8",
    )
    with pytest.raises(ResourceError, match="malformed"):
        load_model(shape)


@pytest.mark.skipif(not CHABSA.exists(), reason="../shared/data not present")
def test_train_on_chabsa_beats_chance(tmp_path: Path) -> None:
    lines = CHABSA.read_text(encoding="utf-8").splitlines()[1:]
    pos = [line for line in lines if line.endswith("\tpos")][:150]
    neg = [line for line in lines if line.endswith("\tneg")][:150]
    data = tmp_path / "chabsa.tsv"
    data.write_text("\n".join(pos + neg) + "\n", encoding="utf-8")
    texts, labels = read_labelled(data)
    _, report = train_model(texts, labels, folds=3)
    assert report.accuracy > 0.7


def test_evidence_record_to_dict() -> None:
    ev = Evidence("楽しく", "楽しい", 0, 3, "positive", "", True, -0.75, ("intensified",))
    assert ev.to_dict() == {
        "term": "楽しく", "key": "楽しい", "start": 0, "end": 3, "polarity": "positive", "emotion": "",
        "negated": True, "weight": -0.75, "modifiers": ["intensified"],
    }


@pytest.mark.parametrize(
    ("text", "label", "terms"),
    [
        # いいね as the SNS button is a thing, not approval; its ! is part of the name.
        ("投稿にいいね!が付き影響力をまとう。", "neutral", []),
        ("他の人のコメントにいいね!したりコメントしたりしました。", "neutral", []),
        ("Facebookの「いいね!ボタン」といったデータ。", "neutral", []),
        ("いいね!が増えて嬉しい！", "positive", ["嬉しい"]),
        ("それいいね！", "positive", ["いいね"]),
        # 正直に / 正直、 mean straightforwardly / frankly.
        ("正直にやっていくと増えてきます。", "neutral", []),
        ("正直、疲れた。", "negative", ["疲れ"]),
        ("彼は正直な人だ。", "positive", ["正直"]),
        # Doing things like a machine is hollow routine.
        ("ひたすら機械のようにコメントしました。", "negative", ["機械のように"]),
        # Forgetting the time is being absorbed; forgetting a promise stays negative.
        ("時間を忘れて読みふけった。", "positive", ["時間を忘れ"]),
        ("約束を忘れてしまった。", "negative", ["忘れ"]),
        # A smug look (したり顔) is disapproved of, however pleased its wearer.
        ("したり顔で語る。", "negative", ["したり顔"]),
        # Counters (3通, 25才) and the topics blogs and news write about carry no judgement.
        ("メールが3通届いた。", "neutral", []),
        ("娘が25才になった。", "neutral", []),
        ("彼は通だ。", "positive", ["通"]),
        ("動画を再生する。", "neutral", []),
        ("ファイル形式はPDF。", "neutral", []),
        ("知る限りでは最高だ。", "positive", ["最高"]),
        ("それは正しい。", "positive", ["正しい"]),
        ("新機種の性能を比べた。", "neutral", []),
        ("詳しくは公式サイトをご覧ください。", "neutral", []),
    ],
)
def test_blog_usage_rules(text, label, terms):
    sentence = score_sentiment(text).sentences[0]
    assert (sentence.label, [e.term for e in sentence.evidence]) == (label, terms)
    # The result keeps the sentence as written, the button's ! included.
    assert sentence.text == text


def test_like_button_bang_is_no_exclamation():
    # Only an exclamation of the writer's own counts: the button's ! does not, the sentence's ！ does.
    assert score_sentiment("みんなのいいね!が届いた").sentences[0].evidence == ()
    assert [e.term for e in score_sentiment("いいね!が届いた！").sentences[0].evidence] == ["！"]


def test_quoted_definitions_are_damped():
    text = ("サービスの話\n\nKloutとは、影響力を測るサービスである。\nつながりやコミュニケーションを数値化する。\n\n"
            "素晴らしい時間だった。")
    result = score_sentiment(text)
    by_text = {s.text: s for s in result.sentences}
    quoted = by_text["つながりやコミュニケーションを数値化する。"]
    assert [e.modifiers[-1] for e in quoted.evidence] == ["definition", "definition"]
    assert abs(quoted.score) < 0.5
    assert by_text["素晴らしい時間だった。"].label == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "書こう。",  # a volitional verb whose lemma is no lexicon entry
        "来年は泳ごう！",
        "行こう。",
        "全然楽しくなかった。",
        "疲れた…",
        "やるぞー！！",
        "今日は晴れ。",
    ],
)
def test_a_one_sentence_post_scores_as_the_same_line(text: str) -> None:
    # The post path skips sentences it can tell are neutral; it must never skip one that is not.
    assert score_sentiment(text).sentences[0] == score_lines([text])[0]


@pytest.mark.parametrize(
    ("text", "term", "modifiers"),
    [
        # Each word that ends a clause damps what comes before it (contrast) or inside it (conditional).
        ("嬉しいけど眠い。", "嬉しい", ("contrast",)),
        ("嬉しいけれど眠い。", "嬉しい", ("contrast",)),
        ("嬉しいけれども眠い。", "嬉しい", ("contrast",)),
        ("嬉しいが眠い。", "嬉しい", ("contrast",)),
        ("嬉しい、しかし眠い。", "嬉しい", ("contrast",)),
        ("嬉しい、だが眠い。", "嬉しい", ("contrast",)),
        ("嬉しければ行く。", "嬉しけれ", ("conditional",)),
        ("嬉しかったら行く。", "嬉しかっ", ("conditional",)),
        ("喜んだら行く。", "喜ん", ("conditional",)),
        ("嬉しいなら行く。", "嬉しい", ("conditional",)),
        # UniDic cuts these in two (の + に, もの + の, で + も); they are contrasts all the same.
        ("嬉しいのに眠い。", "嬉しい", ("contrast",)),
        ("頑張ったのに負けた。", "頑張っ", ("contrast",)),
        ("楽しかったものの疲れた。", "楽しかっ", ("contrast",)),
        ("楽しかった、でも疲れた。", "楽しかっ", ("contrast",)),
        ("楽しみにしていた、ところが雨で悲しい。", "楽しみ", ("contrast",)),
        # ... but not as purpose (行くのに), "of the thing" (もののリスト) or "even in" (東京でも).
        ("行くのに便利だ。", "便利", ()),
        ("買ったもののリストが嬉しい。", "嬉しい", ()),
        ("東京でも楽しい。", "楽しい", ()),
        ("楽しいところが好き。", "楽しい", ()),
        ("嬉しい。", "嬉しい", ()),
    ],
)
def test_clause_words_damp_the_first_clause(text: str, term: str, modifiers: tuple[str, ...]) -> None:
    first = score_sentiment(text).sentences[0].evidence[0]
    assert (first.term, first.modifiers) == (term, modifiers)


@pytest.mark.parametrize(
    ("text", "label", "negated"),
    [
        # A denied opinion about a word (Xとは思わない) denies the word...
        ("楽しいとは思わない。", "negative", True),
        ("楽しいと思わない。", "negative", True),
        ("楽しいとも思えない。", "negative", True),
        ("良いとは言えない。", "negative", True),
        ("楽しいとは考えられない。", "negative", True),
        ("楽しいと思っていない。", "negative", True),
        ("苦労とは思いませんでした。", "positive", True),
        ("楽しくないとは思わない。", "positive", False),
        # ... but an opinion held, a must-say (ざるを得ない) or a rhetorical question does not.
        ("楽しいと思う。", "positive", False),
        ("楽しいと言っていた。", "positive", False),
        ("高いと言わざるを得ない。", "negative", False),
        ("とってもカワイイと思いませんか？", "positive", False),
    ],
)
def test_denied_opinion_negates_what_it_quotes(text: str, label: str, negated: bool) -> None:
    sentence = score_sentiment(text).sentences[0]
    assert (sentence.label, sentence.evidence[0].negated) == (label, negated)


@pytest.mark.parametrize(
    ("text", "weight", "modifiers"),
    [
        ("とても楽しい。", 1.5, ("intensified",)),
        ("少し楽しい。", 0.5, ("downtoned",)),
        # Modifiers UniDic cuts in two still modify; 死ぬほど's 死ぬ is no sadness of its own.
        ("実に楽しい。", 1.5, ("intensified",)),
        ("心から楽しい。", 1.5, ("intensified",)),
        ("死ぬほど楽しい。", 1.5, ("intensified",)),
        ("ガチで楽しい。", 1.5, ("intensified",)),
        ("比較的楽しい。", 0.5, ("downtoned",)),
    ],
)
def test_modifiers_before_a_word(text: str, weight: float, modifiers: tuple[str, ...]) -> None:
    (evidence,) = score_sentiment(text).sentences[0].evidence
    assert (evidence.term, evidence.weight, evidence.modifiers) == ("楽しい", weight, modifiers)
