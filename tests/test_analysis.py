"""analyze(): every analysis on one tokenization, the post-analysis JSON, resources, frames, URLs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from blogserver import running, serve_yamadattt
from conftest import ROOT, SAMPLE
from jpblog_nlp import analyze
from jpblog_nlp.analysis import SCHEMA, SECTIONS, PostAnalysis
from jpblog_nlp.errors import EmptyPostError, InputError, ResourceError
from jpblog_nlp.text.document import prepare
from jpblog_nlp.text.records import Post


@pytest.fixture(scope="module")
def sample() -> PostAnalysis:
    return analyze(SAMPLE)


@pytest.fixture(scope="module")
def sample_data(sample: PostAnalysis) -> dict:
    return sample.to_dict()


# -- edge cases first -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\u3000\n\n", "https://example.com/a\n"])
def test_nothing_to_analyse(text):
    # A bare URL given positionally is refused as looking like one (tests/test_text_not_path.py); as
    # text= it is a pasted link, removed by cleaning, which leaves nothing.
    with pytest.raises(EmptyPostError):
        analyze(text=text)


@pytest.mark.parametrize(
    ("text", "n_sentences"),
    [
        ("😀", 1),
        ("ＳＮＳ！", 1),
        ("最高だった。最悪だった。", 2),
    ],
)
def test_tiny_posts_give_every_section(text, n_sentences):
    data = analyze(text).to_dict()
    assert data["post"]["n_sentences"] == n_sentences
    assert [s["index"] for s in data["sentences"]] == list(range(n_sentences))
    assert data["sentiment"]["label"] in {"positive", "negative", "neutral", "mixed"}
    assert set(data["emotions"]) == {"joy", "sadness", "anticipation", "surprise", "anger", "fear", "disgust", "trust"}
    assert isinstance(data["keywords"], list) and isinstance(data["themes"], list)
    json.dumps(data, ensure_ascii=False)


def test_unknown_section():
    with pytest.raises(InputError, match="unknown section colour"):
        analyze("テスト。", sections=("colour",))


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_alone(section):
    data = analyze("SNSの影響力について考えた。共感が大事だと思う。", sections=(section,)).to_dict()
    filled = {name: bool(data[name]) for name in ("keywords", "sentiment", "themes", "summary")}
    assert filled == {name: name == section for name in filled}


def test_missing_resource_files(tmp_path):
    with pytest.raises(ResourceError, match=r"no-such\.tsv"):
        analyze("楽しい。", lexicon=tmp_path / "no-such.tsv")
    with pytest.raises(ResourceError, match=r"no-such\.json"):
        analyze("楽しい。", model=str(tmp_path / "no-such.json"))


# -- the sample post ----------------------------------------------------------------------------------------


def test_schema_and_top_level_keys(sample_data):
    assert sample_data["schema"] == SCHEMA == "jpblog.post-analysis/1"
    assert list(sample_data) == ["schema", "post", "keywords", "sentiment", "emotions", "themes", "summary",
                                 "sentences"]
    assert set(sample_data["post"]) >= {"id", "title", "url", "published", "author", "blog", "n_chars",
                                        "n_sentences", "n_tokens"}


def test_sample_post_fields(sample_data):
    post = sample_data["post"]
    assert (post["id"], post["blog"], post["n_chars"], post["n_sentences"], post["n_tokens"]) == (
        "itochan-influence", "イトーちゃんのあたまの中", 3403, 81, 1860)


def test_sample_keywords_are_whole_compounds(sample_data):
    terms = [k["term"] for k in sample_data["keywords"]]
    assert len(terms) == 10
    # SNS, influence, community, empathy, the festival and the online salon.
    assert {"影響力", "SNS", "コミュニティ", "共感", "オンラインサロン", "しなやかフェス"} <= set(terms)
    assert not {"力", "ライン", "サロン", "こと", "の"} & set(terms)


def test_sample_themes_and_sentences_agree(sample_data):
    names = [t["name"] for t in sample_data["themes"]]
    assert names[:3] == ["influence", "community", "empathy"]
    for theme in sample_data["themes"]:
        for index in theme["sentences"]:
            assert theme["name"] in sample_data["sentences"][index]["themes"]
    mentioned = {i for t in sample_data["themes"] for i in t["sentences"]}
    assert {s["index"] for s in sample_data["sentences"] if s["themes"]} == mentioned


def test_sample_sentiment_sections(sample_data):
    sentiment = sample_data["sentiment"]
    assert len(sentiment["trajectory"]) == 81
    total = sentiment["positive_share"] + sentiment["negative_share"] + sentiment["neutral_share"]
    assert total == pytest.approx(1.0, abs=1e-3)
    negative = sample_data["sentences"][31]
    assert negative["sentiment"]["label"] == "negative"
    assert {"機械的", "虚しさ"} <= {e["term"] for e in negative["sentiment"]["evidence"]}
    assert "sadness" in negative["emotions"]


def test_sample_summary(sample_data):
    picked = sample_data["summary"]["sentences"]
    assert [s["index"] for s in picked] == [31, 54, 68]
    assert "球体型のコミュニティ" in picked[2]["text"]


def test_sentence_offsets_point_into_the_text(sample, sample_data):
    text = sample.post.text
    for s in sample_data["sentences"]:
        assert text[s["start"]:s["end"]] == s["text"]


def test_repr_and_html(sample):
    assert repr(sample) == ("<PostAnalysis 'itochan-influence': 81 sentences, sentiment "
                            f"{sample.sentiment.label}, themes influence, community, empathy>")
    html = sample._repr_html_()
    assert "影響力" in html and "<table" in html


def test_to_json_roundtrip(sample, sample_data):
    assert json.loads(sample.to_json()) == json.loads(json.dumps(sample_data, ensure_ascii=False))


@pytest.mark.parametrize(
    ("table", "first_columns", "n_rows"),
    [
        ("sentences", ["post_id", "index", "text"], 81),
        ("keywords", ["post_id", "rank", "term"], 10),
        ("posts", ["id", "source", "title"], 1),
    ],
)
def test_to_frame(sample, table, first_columns, n_rows):
    frame = sample.to_frame(table)
    assert list(frame.columns[:3]) == first_columns
    assert len(frame) == n_rows


def test_to_frame_unknown_table(sample):
    with pytest.raises(InputError, match="unknown table"):
        sample.to_frame("words")


# -- options ---------------------------------------------------------------------------------------------------


def test_sections_subset():
    result = analyze("SNSの影響力を考えた。楽しかった。", sections=("keywords",))
    data = result.to_dict()
    assert data["keywords"] and data["sentiment"] is None and data["themes"] == [] and data["summary"] is None
    assert all(s["sentiment"] is None for s in data["sentences"])


def test_themes_alone_still_score_stance_but_hide_sentiment():
    result = analyze("SNSの影響力が大好きだ。", sections=("themes",))
    assert result.sentiment is None
    assert result.themes and result.themes[0].stance is not None


def test_one_tokenization_for_every_section(monkeypatch):
    import jpblog_nlp.text.document as document

    calls = []
    original = document.parse

    def counting(text):
        calls.append(text)
        return original(text)

    monkeypatch.setattr(document, "parse", counting)
    analyze(Post(id="p", title="", text="影響力について。共感が大事だ。仲間と話した。"))
    assert len(calls) == 1


def test_document_and_post_inputs_agree():
    post = Post(id="p", title="SNS", text="影響力について考えた。共感が大事だ。")
    assert analyze(post).to_dict() == analyze(prepare(post)).to_dict()


def test_user_theme_file_and_lexicon(tmp_path):
    themes = tmp_path / "mine.toml"
    themes.write_text('[themes.coffee]\nlabel = "コーヒー"\nterms = ["コーヒー", "カフェ"]\n', encoding="utf-8")
    lexicon = tmp_path / "mine.tsv"
    lexicon.write_text("カフェ\tpositive\t1.0\n", encoding="utf-8")
    result = analyze("カフェでコーヒーを飲んだ。", themes=themes, lexicon=lexicon)
    assert "coffee" in [t.name for t in result.themes]
    assert result.sentiment.sentences[0].label == "positive"
    # The files are read once per (path, mtime, size): a changed file is read again.
    lexicon.write_text("カフェ\tnegative\t1.0\n", encoding="utf-8")
    os.utime(lexicon, ns=(1, 1))
    assert analyze("カフェでコーヒーを飲んだ。", lexicon=lexicon).sentiment.sentences[0].label == "negative"


def test_summary_length():
    topics = ["朝のランニング", "新しいカメラ", "週末の料理", "読んだ小説", "仕事の締め切り", "旅行の計画",
              "庭の野菜", "猫の健康", "友人の結婚式", "英語の勉強", "部屋の掃除", "古い映画"]
    text = "".join(f"{topic}について今日は詳しく書いておきたいと思います。" for topic in topics)
    assert len(analyze(text, summary=5).summary.sentences) == 5


def test_fetched_post_is_analysed():
    from jpblog_nlp import fetch_post

    for server in running():
        serve_yamadattt(server)
        result = analyze(fetch_post(server.url("/entry/2023/04/01/071500")))
        assert result.post.title == "朝のランニングを三年続けてわかったこと"
        assert result.post.url == server.url("/entry/2023/04/01/071500")
        assert result.themes and result.themes[0].name == "health"


def test_single_post_path_imports_no_pandas_or_sklearn():
    code = (
        "import pathlib, sys, jpblog_nlp\n"
        "jpblog_nlp.analyze(pathlib.Path('corpus/itochan-influence.txt')).to_dict()\n"
        "heavy = [m for m in ('pandas', 'sklearn', 'scipy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)



def test_keywords_cover_strong_themes():
    from jpblog_nlp.analysis import cover_themes
    from jpblog_nlp.keywords import Keyword
    from jpblog_nlp.themes import TermHit

    class Theme:
        def __init__(self, name, score, terms):
            self.name, self.score = name, score
            self.terms = tuple(TermHit(t, t, 1, 1.0) for t in terms)

    def kw(term, score):
        return Keyword(term, term, score, 1, 0, 0, "noun")

    shown = (kw("影響力", 9.0), kw("SNS", 8.0), kw("コメント", 7.0))
    spares = [kw("ブログ", 6.0), kw("共感", 5.0), kw("仲間", 4.0)]
    themes = (Theme("influence", 0.9, ["影響力", "SNS"]), Theme("empathy", 0.4, ["共感"]),
              Theme("hobby", 0.2, ["ブログ"]), Theme("community", 0.35, ["仲間", "コメント"]))
    # empathy replaces the weakest keyword that is not community's only term; community stays covered.
    assert [k.term for k in cover_themes(shown, spares, themes)] == ["影響力", "コメント", "共感"]
    # Weak themes and themes without a spare change nothing.
    assert cover_themes(shown, [], themes) == shown
    assert cover_themes(shown, spares, themes[2:3]) == shown


# -- one options object, one conversion of the input ------------------------------------------------------


def test_options_object_gives_the_keyword_analysis():
    from jpblog_nlp.options import AnalysisOptions

    text = "SNSの影響力について考えた。共感が大事だと思う。楽しかった。"
    by_keywords = analyze(text, top=2, sections=["keywords", "summary"], summary=1)
    by_options = analyze(text, options=AnalysisOptions(top=2, sections=("keywords", "summary"), summary=1))
    assert by_options.to_dict() == by_keywords.to_dict()
    assert by_options.sentiment is None and len(by_options.keywords) <= 2
    # Keywords left at their defaults (or the same sections as a list) go with options= .
    assert analyze(text, options=AnalysisOptions(top=2), top=10, sections=list(SECTIONS)).top == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"top": 3}, "analyze takes options= or keyword options, not both (got top too) (set them in the "
                     "AnalysisOptions, or drop options=)"),
        ({"themes": "my.toml", "sections": ("keywords",)},
         "analyze takes options= or keyword options, not both (got sections, themes too) (set them in the "
         "AnalysisOptions, or drop options=)"),
    ],
)
def test_options_and_keywords_together_are_refused(kwargs, message):
    from jpblog_nlp.options import AnalysisOptions

    with pytest.raises(InputError) as info:
        analyze("楽しい。", options=AnalysisOptions(top=5), **kwargs)
    assert str(info.value) == message


def test_options_must_be_an_options_object():
    with pytest.raises(InputError) as info:
        analyze("楽しい。", options={"top": 3})  # type: ignore[arg-type]
    assert str(info.value) == ("options= takes an AnalysisOptions, not dict (build one with "
                               "jpblog_nlp.options.AnalysisOptions(...) or pass keywords)")


def test_keyword_options_are_checked_once_as_options():
    with pytest.raises(InputError) as info:
        analyze("楽しい。", top="3")  # type: ignore[arg-type]
    assert str(info.value) == "the option top must be a whole number, not '3'"


def test_a_path_is_read_once_by_analyze_and_never_by_the_analysers(monkeypatch):
    """analyze reads the file itself, then hands every analyser the same Document."""
    import jpblog_nlp.analysis as analysis
    import jpblog_nlp.keywords as keywords
    import jpblog_nlp.sentiment as sentiment
    import jpblog_nlp.summary as summary
    import jpblog_nlp.themes as themes

    reads: list[object] = []
    real_load = analysis.load_post
    monkeypatch.setattr(analysis, "load_post", lambda path: reads.append(path) or real_load(path))
    given: list[object] = []
    for module, name in ((keywords, "extract_keywords"), (sentiment, "score_sentiment"),
                         (themes, "detect_themes"), (summary, "summarize")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda source, *a, _real=real, **k: given.append(source) or _real(source, *a, **k))
    result = analyze(SAMPLE)
    assert reads == [SAMPLE]
    assert len(given) == 4 and all(source is result.document for source in given)
