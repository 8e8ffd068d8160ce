"""The corpus outputs of a batch: boilerplate and names left out once, the network files, the keyness table."""

from __future__ import annotations

import json
import time
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from conftest import ROOT, SHARED, requires_shared
from jpblog_nlp.batch import worker
from jpblog_nlp.batch.cleaning import clean_post, scan_cleaning
from jpblog_nlp.batch.runner import run_batch
from jpblog_nlp.batch.store import ResultStore
from jpblog_nlp.batch.tables import COLUMNS
from jpblog_nlp.explore.network import TermNetwork
from jpblog_nlp.text.tokens import stopwords

#: Words of credit lines, signatures and the blog's handle: never a node, a keyness term or a topic label.
CREDIT_WORDS = {"photo", "unsplash", "on", "by", "yamadatt", "yamadattt", "執筆", "shodo"}
CREDITS = ("Luis Monse", "Bryan Goff", "Erik Mclean", "Yves Moret", "Zbynek Burival", "Ana Lee", "Ken Ito", "Mai Sato")
SIGNATURE = "<p>執筆：@yamadatt（この記事はShodoで執筆されました）</p>"
BODIES = {
    "2020": "<p>ラーメンと餃子を食べた。</p><p>ラーメンの店は駅前にある。</p><p>餃子とラーメンが好きだ。</p>",
    "2021": "<p>ジョギングとマラソンの練習をした。</p><p>ジョギングの後に公園で休んだ。</p>"
            "<p>マラソンとジョギングは楽しい。</p>",
}


def mt_entry(i: int, year: str, category: str) -> str:
    body = f"{BODIES[year]}\n<p>Photo by {CREDITS[i]} on Unsplash</p>\n{SIGNATURE}"
    return (f"AUTHOR: yamadattt\nTITLE: 日記{i}\nBASENAME: {year}/01/0{i + 1}/x\nSTATUS: Publish\n"
            f"DATE: 01/0{i + 1}/{year} 21:00:00\nCATEGORY: {category}\n-----\nBODY:\n{body}\n-----\n--------\n")


def write_export(folder: Path) -> Path:
    """Eight posts of one blog: four of 2020 (food), four of 2021 (running), each with a credit and a signature.

    Each subject is in half of the posts: more would leave its terms out of the network as too common.
    """
    entries = [mt_entry(i, "2020", "食事") for i in range(4)] + [mt_entry(i, "2021", "運動") for i in range(4, 8)]
    path = folder / "yamadattt.hatenablog.jp.export.txt"
    path.write_text("".join(entries), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("blog")
    out = tmp_path_factory.mktemp("results")
    run_batch(write_export(root), out)
    return out


def test_network_json_has_the_schema_and_no_boilerplate(results: Path) -> None:
    data = json.loads((results / "network.json").read_text(encoding="utf-8"))
    assert set(data) == {"unit", "measure", "n_units", "n_posts", "nodes", "edges", "note"}
    assert (data["unit"], data["measure"], data["n_posts"]) == ("sentence", "jaccard", 8)
    network = TermNetwork.from_dict(data)
    ids = {n.id for n in network.nodes}
    assert ids >= {"ラーメン", "餃子", "ジョギング", "マラソン"}
    assert not ids & CREDIT_WORDS
    assert network.n_units == 24  # three body sentences a post: credit and signature lines are no units
    assert all(-1 <= n.x <= 1 and -1 <= n.y <= 1 for n in network.nodes)
    # Food and running never share a sentence: two communities.
    food = {n.community for n in network.nodes if n.id in {"ラーメン", "餃子"}}
    running = {n.community for n in network.nodes if n.id in {"ジョギング", "マラソン"}}
    assert len(food) == 1 and len(running) == 1 and food != running


def test_graph_files_read_back_with_the_same_graph(results: Path) -> None:
    network = TermNetwork.from_dict(json.loads((results / "network.json").read_text(encoding="utf-8")))
    for read, name in ((nx.read_graphml, "network.graphml"), (nx.read_gexf, "network.gexf")):
        graph = read(results / name)
        assert set(graph.nodes) == {n.id for n in network.nodes}
        assert {frozenset(e) for e in graph.edges} == {frozenset((e.source, e.target)) for e in network.edges}


def test_keyness_table(results: Path) -> None:
    keyness = pd.read_csv(results / "keyness.csv")
    assert list(keyness.columns) == [c for c, _ in COLUMNS["keyness"]]
    assert set(keyness.facet) == {"year", "category"}  # one author: no author rows
    years = keyness[keyness.facet == "year"]
    top = years.groupby("group")["norm"].apply(set).to_dict()
    assert {"ラーメン", "餃子"} <= top["2020"] and {"ジョギング", "マラソン"} <= top["2021"]
    assert not set(keyness.norm.str.lower()) & CREDIT_WORDS
    assert (keyness.log_likelihood >= 3.84).all() and (keyness.log_ratio > 0).all()
    for _, group in keyness.groupby(["facet", "group"]):
        assert list(group["rank"]) == list(range(1, len(group) + 1))
    # posts: how many posts each group holds, as the batch grouped them.
    posts = pd.read_csv(results / "posts.csv")
    per_year = posts["published"].astype(str).str[:4].value_counts().to_dict()
    assert {g: int(n) for g, n in years.groupby("group")["posts"].first().items()} == \
        {str(y): n for y, n in per_year.items() if str(y) in set(years.group.astype(str))}


def test_keywords_and_summaries_leave_boilerplate_out(results: Path) -> None:
    keywords = pd.read_csv(results / "keywords.csv")
    assert not set(keywords.norm.str.lower()) & CREDIT_WORDS
    for _, group in keywords.groupby("post_id"):
        assert list(group["rank"]) == list(range(1, len(group) + 1))
    posts = pd.read_csv(results / "posts.csv")
    assert not posts.keywords.str.contains("Photo|Unsplash|執筆").any()
    assert not posts.summary.fillna("").str.contains("Unsplash|執筆").any()
    sentences = pd.read_csv(results / "sentences.csv")
    boilerplate = sentences.text.str.contains("Unsplash|執筆")
    assert boilerplate.sum() == 16 and not sentences[boilerplate].in_summary.any()


def test_topic_labels_carry_no_credit_words(results: Path) -> None:
    topics = pd.read_csv(results / "topics.csv")
    for label in topics.label:
        assert not {word.lower() for word in label.split("・")} & CREDIT_WORDS


def test_stored_analyses_stay_as_written(results: Path) -> None:
    store = ResultStore(results)
    try:
        texts = [s["text"] for _, data in store.iter_analyses() for s in data["sentences"]]
        assert sum("Unsplash" in t for t in texts) == 8
        cleaning = scan_cleaning(store)
        assert cleaning.sentence_level and cleaning.names == {"yamadattt"}
        assert len(cleaning.boilerplate.lines) == 2
        post_id, raw = next(store.iter_terms())
        post = clean_post(post_id, raw, cleaning)
        assert {"photo", "unsplash", "執筆", "yamadatt", "shodo", "yamadattt"} & set(post.norms) <= post.dropped
        assert post.boilerplate_sentences and post.units is not None and len(post.units) == 3
    finally:
        store.close()


def test_the_store_function_gives_the_network_written(results: Path) -> None:
    from jpblog_nlp.batch.outputs import corpus_network

    store = ResultStore(results)
    try:
        network = corpus_network(store, scan_cleaning(store))
    finally:
        store.close()
    assert network.to_dict() == json.loads((results / "network.json").read_text(encoding="utf-8"))


def test_a_store_without_sentences_falls_back_to_posts(tmp_path, older_term_bags) -> None:
    older_term_bags("sentences")
    out = tmp_path / "out"
    run_batch(write_export(tmp_path), out)
    data = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert data["unit"] == "post" and data["n_units"] == 8
    assert "within posts" in data["note"]
    assert not {n["id"] for n in data["nodes"]} & CREDIT_WORDS


def test_one_post_gives_an_empty_network_with_a_note(tmp_path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("ラーメンと餃子を食べた。ラーメンの店。", encoding="utf-8")
    run_batch(tmp_path / "corpus", tmp_path / "out")
    data = json.loads((tmp_path / "out" / "network.json").read_text(encoding="utf-8"))
    assert data["nodes"] == [] and data["edges"] == [] and "fewer than two posts" in data["note"]
    assert pd.read_csv(tmp_path / "out" / "keyness.csv").empty
    assert nx.read_graphml(tmp_path / "out" / "network.graphml").number_of_nodes() == 0


def test_the_bundled_mt_slice(tmp_path) -> None:
    run_batch(ROOT / "tests" / "data" / "yamadattt.hatenablog.jp.export.txt", tmp_path / "out")
    data = json.loads((tmp_path / "out" / "network.json").read_text(encoding="utf-8"))
    assert data["n_posts"] == 3  # the fourth post is a draft
    assert not {n["id"] for n in data["nodes"]} & CREDIT_WORDS


# -- the real blog (455 posts) ------------------------------------------------------------------------------

MT_EXPORT = SHARED / "hatena" / "mt-export" / "yamadattt.hatenablog.jp.export.txt"


@pytest.fixture(scope="module")
def mt_results(tmp_path_factory) -> Path:
    """The whole MT export batched once (about 8 s on this machine)."""
    out = tmp_path_factory.mktemp("mt")
    started = time.perf_counter()
    run_batch(MT_EXPORT, out)
    (out / "elapsed.txt").write_text(f"{time.perf_counter() - started:.1f}", encoding="utf-8")
    return out


@requires_shared
def test_mt_export_network_and_keyness_carry_no_credit_words(mt_results: Path) -> None:
    network = TermNetwork.from_dict(json.loads((mt_results / "network.json").read_text(encoding="utf-8")))
    assert network.unit == "sentence" and network.n_posts == 455
    assert 20 <= len(network.nodes) <= 60 and len(network.edges) == 60
    assert not {n.id.lower() for n in network.nodes} & CREDIT_WORDS
    keyness = pd.read_csv(mt_results / "keyness.csv")
    assert {"year", "category"} <= set(keyness.facet)
    assert not set(keyness.norm.str.lower()) & CREDIT_WORDS
    topics = pd.read_csv(mt_results / "topics.csv")
    assert not {w.lower() for label in topics.label for w in label.split("・")} & CREDIT_WORDS
    grammar = stopwords()  # English grammar words (on, by, the ...) are never terms
    assert not ({n.id for n in network.nodes} | set(keyness.norm)) & grammar
    graph = nx.read_graphml(mt_results / "network.graphml")
    assert set(graph.nodes) == {n.id for n in network.nodes}
    assert graph.number_of_edges() == len(network.edges)


def test_term_bag_records_each_sentences_terms_and_line() -> None:
    from jpblog_nlp.analysis import analyze
    from jpblog_nlp.explore.boilerplate import digest, line_keys
    from jpblog_nlp.text.records import Post

    text = "子猫と子犬が公園で遊んだ。子猫が昼寝した。\nPhoto by Luis Monse on Unsplash\n短い"
    result = analyze(Post(id="a", title="", text=text))
    bag = worker.term_bag(result, result.to_dict())
    norms = [entry[0] for entry in bag["terms"]]
    by_sentence = [(slot, {norms[j] for j in ids}) for slot, *ids in bag["sentences"]]
    assert by_sentence == [(0, {"子猫", "子犬", "公園"}), (0, {"子猫", "昼寝"}), (1, {"photo", "luis monse", "unsplash"}),
                           (-1, set())]  # "短い": too short a line to be compared, so not recorded
    assert bag["lines"][1][0] == [digest(k) for k in line_keys("Photo by Luis Monse on Unsplash")]
    assert all(ids == sorted(set(ids)) for _, *ids in bag["sentences"])
