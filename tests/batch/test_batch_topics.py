"""A batch's topics are those ``jpblog topics`` finds on the same posts: series evidence, hidden page
headings, and the chosen k reported with its stability (``topics_k``) in the site and ``report.md``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from jpblog_nlp.batch import worker
from jpblog_nlp.batch.cleaning import scan_cleaning
from jpblog_nlp.batch.outputs import gather_terms
from jpblog_nlp.batch.runner import run_batch
from jpblog_nlp.batch.store import ResultStore
from jpblog_nlp.explore.boilerplate import iter_lines, line_keys
from jpblog_nlp.explore.topics import discover_topics, is_topic_term, split_terms
from jpblog_nlp.render.text import topics_k_line
from jpblog_nlp.sources import discover_files
from jpblog_nlp.sources.iterate import iter_posts
from jpblog_nlp.text.document import prepare

SUBJECTS = {
    "ramen": ("駅前のラーメン屋で味噌ラーメンを食べた。スープが濃厚で麺も太い。餃子とチャーハンも頼んだ。",
              ("煮卵", "メンマ", "チャーシュー", "替え玉", "海苔", "もやし", "ネギ", "焼豚")),
    "run": ("朝のジョギングで公園を走った。マラソン大会に向けて練習を続ける。ランニングシューズを新調した。",
            ("坂道", "河川敷", "給水", "ストレッチ", "筋肉痛", "ペース", "ウォームアップ", "ゴール")),
    "camera": ("新しいカメラでレンズを試した。風景写真を撮影して画質を比べた。三脚とフィルターも買った。",
               ("夕焼け", "紅葉", "夜景", "花火", "桜並木", "港町", "星空", "雪景色")),
}
CREDITS = ("Luis Monse", "Bryan Goff", "Erik Mclean", "Yves Moret", "Zbynek Burival", "Ana Lee", "Ken Ito", "Mai Sato")
#: A heading of the ramen posts' pages: alone on its line in all of its occurrences, in eight posts.
HEADING = "関連記事"


def write_corpus(folder: Path) -> Path:
    """24 posts of three subjects, each with an image credit; the ramen posts end with a 【関連記事】 list."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (body, extras) in SUBJECTS.items():
        for i, extra in enumerate(extras):
            # Every line its own (a line repeated across posts would be boilerplate).
            text = f"{extra}の日。{body}\n今日は{extra}が良かった。{extra}をまた見たい。\n"
            if name == "ramen":
                text += f"【{HEADING}】\n・人気店のランキング\n"
            text += f"Photo by {CREDITS[i]} on Unsplash\n"
            (folder / f"{name}{i}.txt").write_text(text, encoding="utf-8")
    return folder


def topic_sets(labels: list[str], terms: list[list[str]], sizes: list[int]) -> set[tuple[frozenset[str], ...]]:
    """Each topic as (label terms, top terms, its size): no order, nothing resting on a float tie."""
    return {(frozenset(label.split("・")), frozenset(top), frozenset([size]))
            for label, top, size in zip(labels, terms, sizes, strict=True)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("blog") / "posts")


@pytest.fixture(scope="module")
def batch(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("results")
    run_batch(corpus, out, topics=3)
    return out


def test_batch_topics_are_those_of_discover_topics(corpus, batch) -> None:
    posts = [post for path in discover_files(corpus) for post in iter_posts(path)]
    model = discover_topics(posts, k=3)
    table = pd.read_parquet(batch / "topics.parquet")
    assert topic_sets(table.label.tolist(), [t.split(" | ") for t in table.terms], table.n_posts.tolist()) == \
        topic_sets([t.label for t in model.topics], [list(t.terms) for t in model.topics],
                   [t.n_posts for t in model.topics])
    # The subjects come out as the three topics.
    dominant = pd.read_parquet(batch / "posts.parquet")[["id", "topic"]]
    groups = {frozenset(g.id) for _, g in dominant.groupby("topic")}
    assert groups == {frozenset(f"{name}{i}" for i in range(8)) for name in SUBJECTS}


def test_a_heading_counts_but_never_shows(batch) -> None:
    store = ResultStore(batch)
    terms = gather_terms(store, scan_cleaning(store))
    assert HEADING in terms.hidden
    assert any(key == HEADING for doc in terms.per_doc for key, _ in doc)  # it still counts for fitting
    topics = pd.read_parquet(batch / "topics.parquet")
    shown = {w for label in topics.label for w in label.split("・")} | {w for t in topics.terms for w in t.split(" | ")}
    assert HEADING not in shown
    assert not {w.casefold() for w in shown} & {"photo", "unsplash", "on", "by"}
    # The posts' table and site show the topic labels only.
    assert not pd.read_parquet(batch / "posts.parquet").topic_label.str.contains(HEADING).any()


def test_a_store_without_headings_still_gives_topics(tmp_path, older_term_bags) -> None:
    older_term_bags("heads")
    out = tmp_path / "out"
    run_batch(write_corpus(tmp_path / "posts"), out, topics=3)
    store = ResultStore(out)
    assert gather_terms(store, scan_cleaning(store)).hidden == frozenset()
    topics = pd.read_parquet(out / "topics.parquet")
    assert len(topics) == 3
    # Not hidden then: the fixture's heading is one of the ramen topic's terms (what the other tests guard).
    assert any(HEADING in t.split(" | ") for t in topics.terms)


@pytest.mark.parametrize("text", [
    "記事執筆：山田太郎\nカフェのランチ。",
    "■販売元：Amazon.co.jp",
    "カフェの販売元：なし",
    "写真：山田\n写真が好き",
    "【 関連記事 】\n関連記事の話題",
    "・新型スマホが登場【売れ筋チェック】",
    "【速報】スマホが登場",
    "スマホ【新型】が登場\n短い",
    "カフェでランチ。\n【関連記事】\nPhoto by Jane Doe on Unsplash\nカフェのケーキ。",
])
def test_term_bag_records_the_headings_split_terms_finds(text) -> None:
    from jpblog_nlp.analysis import analyze
    from jpblog_nlp.text.records import Post

    result = analyze(Post(id="a", title="", text=text))
    bag = worker.term_bag(result, result.to_dict())
    recorded: Counter[str] = Counter()
    for j, slot, n in bag["heads"]:
        assert -1 <= slot < len(bag["lines"])
        norm, _, kind, _ = bag["terms"][j]
        if is_topic_term(norm, kind):  # the worker records every term it stores; topics keep these
            recorded[norm] += n
    lines = [(start, end, line_keys(line)) for start, end, line in iter_lines(text)]
    assert recorded == Counter(split_terms(prepare(text), lines).alone)


def test_topics_k_table_and_the_line_in_site_and_report(batch, corpus, tmp_path) -> None:
    asked = pd.read_parquet(batch / "topics_k.parquet")
    assert asked[["k", "chosen", "asked"]].values.tolist() == [[3, True, True]]
    line = f"k = 3 as asked (stability {asked.stability[0]:.2f} across 5 subsamples)"
    assert line in (batch / "report.md").read_text(encoding="utf-8")
    assert line in (batch / "report" / "index.html").read_text(encoding="utf-8")
    # Chosen: every k tried, the chosen one the most stable.
    out = tmp_path / "chosen"
    run_batch(corpus, out)
    tried = pd.read_parquet(out / "topics_k.parquet")
    assert tried.k.tolist() == list(range(3, 11)) and tried.chosen.sum() == 1 and not tried.asked.any()
    best = tried[tried.chosen].iloc[0]
    assert best.stability >= tried.stability.max() - 0.01
    assert f"k = {best.k} chosen: the most stable across 5 subsamples" in (out / "report.md").read_text(encoding="utf-8")
    # Results from before the table: no line, and nothing fails.
    (out / "topics_k.parquet").unlink()
    from jpblog_nlp.render.corpus import build_sections
    from jpblog_nlp.render.site.data import build_index

    assert build_index(out).topics_k is None
    section = next(s for s in build_sections(out).sections if s.title == "Topics")
    assert not any(isinstance(b, str) and b.startswith("k = ") for b in section.blocks)


@pytest.mark.parametrize(("rows", "line"), [
    ([], None),
    ([(3, 0.5, False, False)], None),  # no chosen row: nothing to say
    ([(6, 0.42, True, True)], "k = 6 as asked (stability 0.42 across 5 subsamples)"),
    ([(2, 1.0, True, False)], "k = 2: the only number of topics tried for so few posts (stability 1.00)"),
    ([(4, 0.7612, True, False), (3, 0.58, False, False), (5, 0.6, False, False)],
     "k = 4 chosen: the most stable across 5 subsamples (stability by k: 3 0.58 · 4 0.76 · 5 0.60)"),
    # A larger k within the tie lost it to the smaller one: the line says so.
    ([(8, 0.721, True, False), (9, 0.7281, False, False), (3, 0.47, False, False)],
     "k = 8 chosen: the most stable across 5 subsamples, the smallest k within 0.01 of the best "
     "(stability by k: 3 0.47 · 8 0.72 · 9 0.73)"),
])
def test_topics_k_line(rows, line) -> None:
    assert topics_k_line(rows, 5) == line


def test_page_headings_are_no_network_node_nor_keyness_term() -> None:
    from jpblog_nlp.batch.outputs import CorpusTerms, keyness_rows
    from jpblog_nlp.explore.network import TermTally

    # 関連記事 heads a list in every post of one year: by counts the most telling term of 2021.
    docs = [[(HEADING, HEADING), ("ラーメン", "ラーメン")] * 5] * 4 + [[("カメラ", "カメラ"), ("レンズ", "レンズ")] * 5] * 4
    ids = tuple(f"p{i}" for i in range(8))
    groups = {"year": ["2021"] * 4 + ["2020"] * 4}
    shown = {r["term"] for r in keyness_rows(CorpusTerms(ids, tuple(docs), ((),) * 8, frozenset()), groups)}
    hidden = {r["term"] for r in keyness_rows(CorpusTerms(ids, tuple(docs), ((),) * 8, frozenset({HEADING})), groups)}
    assert HEADING in shown
    assert hidden == shown - {HEADING} and "ラーメン" in hidden

    tally = TermTally()
    for doc in docs:
        tally.add_pairs(doc)
    assert HEADING in tally.choose()[0]
    assert HEADING not in tally.choose(exclude=frozenset({HEADING}))[0]
