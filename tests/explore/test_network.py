"""The co-occurrence network: nodes, Jaccard edges, communities, layout ranges and graph files."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jpblog_nlp.errors import InputError
from jpblog_nlp.explore.network import (
    NetworkPost,
    TermNetwork,
    build_network,
    document_terms,
    network_from_documents,
    write_graph,
)
from jpblog_nlp.text.document import prepare
from jpblog_nlp.text.records import Post


def post(*sentences: list[str], kind: str = "noun") -> NetworkPost:
    """A post of the given sentences (each a list of term keys, written as they are)."""
    norms: list[str] = []
    for sentence in sentences:
        norms += [t for t in sentence if t not in norms]
    counts = [sum(s.count(t) for s in sentences) for t in norms]
    units = tuple(tuple(sorted({norms.index(t) for t in s})) for s in sentences)
    return NetworkPost(tuple(norms), tuple(norms), (kind,) * len(norms), tuple(counts), units)


PETS = post(["子猫", "子犬", "小鳥"], ["子猫", "子犬"])
TRAINS = post(["電車", "バス", "駅前"], ["電車", "バス"])
TWO_CLUSTERS = [PETS] * 3 + [TRAINS] * 3


def edge_set(network: TermNetwork) -> set[tuple[str, str, float, int]]:
    return {(e.source, e.target, e.weight, e.count) for e in network.edges}


def partition(network: TermNetwork) -> dict[int, set[str]]:
    groups: dict[int, set[str]] = {}
    for node in network.nodes:
        groups.setdefault(node.community, set()).add(node.id)
    return groups


# -- edge cases first ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("posts", "note"), [
    ([], "no posts to draw a network from"),
    ([post([], [])], "no term to draw"),
    ([post(["子猫"], ["子犬"])] * 3, "no pair of the 2 main terms is found together in 2 sentences or more"),
    ([post(["子猫", "子犬"])], "no pair of the 2 main terms is found together in 2 sentences or more"),
])
def test_empty_networks_say_why(posts: list[NetworkPost], note: str) -> None:
    network = build_network(posts)
    assert network.nodes == () and network.edges == ()
    assert network.note is not None and note in network.note
    assert network.to_dict()["nodes"] == [] and network.to_dict()["edges"] == []


def test_single_kanji_numbers_and_other_kinds_are_no_nodes() -> None:
    posts = [post(["猫", "2021", "子犬", "子猫"], ["猫", "2021", "子犬", "子猫"])]
    posts.append(post(["走る", "食べる"], ["走る", "食べる"], kind="verb"))
    network = build_network(posts)
    assert {n.id for n in network.nodes} == {"子犬", "子猫"}


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(InputError, match="unknown co-occurrence unit"):
        build_network([PETS], unit="paragraph")


# -- exact graphs -------------------------------------------------------------------------------------------


def test_two_clusters_exact_edges_and_partition() -> None:
    network = build_network(TWO_CLUSTERS)
    assert (network.unit, network.measure, network.n_units, network.n_posts) == ("sentence", "jaccard", 12, 6)
    # 子猫-子犬: 6 sentences of 6 each -> 1.0; 子猫-小鳥: 3 of 6 + 3 - 3 -> 0.5.
    assert edge_set(network) == {
        ("子犬", "子猫", 1.0, 6), ("子犬", "小鳥", 0.5, 3), ("子猫", "小鳥", 0.5, 3),
        ("バス", "電車", 1.0, 6), ("バス", "駅前", 0.5, 3), ("電車", "駅前", 0.5, 3),
    }
    # Equal sizes: numbered by the smallest key (バス < 子犬 in code point order).
    assert partition(network) == {0: {"バス", "電車", "駅前"}, 1: {"子犬", "子猫", "小鳥"}}
    assert {n.id: (n.n_posts, n.count) for n in network.nodes} == {
        "子猫": (3, 6), "子犬": (3, 6), "小鳥": (3, 3), "電車": (3, 6), "バス": (3, 6), "駅前": (3, 3)}
    assert network.note is None


def test_the_largest_community_is_numbered_first() -> None:
    big = post(["公園", "散歩", "天気", "季節"], ["公園", "散歩", "天気", "季節"])
    network = build_network([big, big, TRAINS, TRAINS])
    groups = partition(network)
    assert groups[0] == {"公園", "散歩", "天気", "季節"}
    assert groups[1] == {"バス", "電車", "駅前"}


def test_terms_in_more_than_half_the_posts_are_left_out() -> None:
    with_diary = [post(*[[*s, "日記"] for s in ([n for n in p.norms],)]) for p in TWO_CLUSTERS]
    network = build_network(with_diary)
    assert "日記" not in {n.id for n in network.nodes}
    assert network.note is not None and "1 terms in more than half of the 6 posts left out (日記)" in network.note


def test_nodes_are_chosen_by_posts_using_them() -> None:
    park = post(["公園", "天気"], ["公園", "天気"])
    network = build_network([*TWO_CLUSTERS, PETS, park, park], max_nodes=3)  # pets: 4 of 9 posts, trains 3
    assert {n.id for n in network.nodes} == {"子猫", "子犬", "小鳥"}


@pytest.mark.parametrize(("max_edges", "expected"), [
    (1, {("バス", "電車")}),  # 1.0 ties: more sentences, then the smaller keys
    (2, {("バス", "電車"), ("子犬", "子猫")}),
])
def test_strongest_edges_are_kept_and_isolated_nodes_dropped(max_edges: int, expected: set[tuple[str, str]]) -> None:
    network = build_network(TWO_CLUSTERS, max_edges=max_edges)
    assert {(e.source, e.target) for e in network.edges} == expected
    assert {n.id for n in network.nodes} == {t for pair in expected for t in pair}


def test_min_cooc_drops_chance_pairs() -> None:
    once = [post(["子猫", "電車"], ["子猫", "子犬"], ["子猫", "子犬"])]
    assert {(e.source, e.target) for e in build_network(once).edges} == {("子犬", "子猫")}
    assert {(e.source, e.target) for e in build_network(once, min_cooc=1).edges} == {("子犬", "子猫"), ("子猫", "電車")}


def test_zero_counts_are_left_out() -> None:
    muted = NetworkPost(("子猫", "子犬", "photo"), ("子猫", "子犬", "Photo"), ("noun",) * 3, (2, 2, 0),
                      ((0, 1, 2), (0, 1, 2)))
    network = build_network([muted])
    assert {n.id for n in network.nodes} == {"子猫", "子犬"}


def test_the_same_input_gives_the_same_network() -> None:
    assert build_network(TWO_CLUSTERS).to_dict() == build_network(list(TWO_CLUSTERS)).to_dict()


def test_a_stream_is_read_twice_through_again() -> None:
    network = build_network(iter(TWO_CLUSTERS), again=iter(TWO_CLUSTERS))
    assert edge_set(network) == edge_set(build_network(TWO_CLUSTERS))


# -- properties ---------------------------------------------------------------------------------------------

TERMS = ["子猫", "子犬", "小鳥", "電車", "バス", "駅前", "公園", "天気"]
sentences = st.lists(st.lists(st.sampled_from(TERMS), max_size=4), min_size=1, max_size=4)


@settings(max_examples=40, deadline=None)
@given(st.lists(sentences, max_size=8), st.integers(1, 10), st.integers(1, 3))
def test_network_invariants(corpus: list[list[list[str]]], max_edges: int, min_cooc: int) -> None:
    network = build_network([post(*p) for p in corpus], max_edges=max_edges, min_cooc=min_cooc)
    ids = {n.id for n in network.nodes}
    assert len(network.edges) <= max_edges
    assert {e.source for e in network.edges} | {e.target for e in network.edges} == ids
    for edge in network.edges:
        assert edge.source < edge.target
        assert 0 < edge.weight <= 1 and edge.count >= min_cooc
    assert {n.community for n in network.nodes} == set(range(len({n.community for n in network.nodes})))
    for node in network.nodes:
        assert -1 <= node.x <= 1 and -1 <= node.y <= 1
        assert 1 <= node.n_posts <= network.n_posts
    assert TermNetwork.from_dict(json.loads(json.dumps(network.to_dict()))) == network


# -- from documents -----------------------------------------------------------------------------------------

CREDITS = ("Photo by Luis Monse on Unsplash", "Photo by Bryan Goff on Unsplash", "Photo by Erik Mclean on Unsplash",
           "Photo by Yves Moret on Unsplash", "Photo by Zbynek Burival on Unsplash", "Photo by Ana Lee on Unsplash")
SIGNATURE = "執筆：@yamadatt（この記事はShodoで執筆されました）"


def blog_posts() -> list[Post]:
    bodies = ["子猫と子犬が公園で遊んだ。\n子猫と子犬が昼寝した。"] * 3 + ["電車とバスで駅前へ行った。\n電車とバスは混んでいた。"] * 3
    return [Post(id=str(i), title="", text=f"{body}\n{credit}\n{SIGNATURE}", author="yamadatt",
                 url=f"https://yamadatt.hatenablog.jp/entry/{i}")
            for i, (body, credit) in enumerate(zip(bodies, CREDITS, strict=True))]


def test_documents_leave_out_credits_signatures_and_the_blogs_name() -> None:
    network = network_from_documents([prepare(p) for p in blog_posts()])
    assert partition(network) == {0: {"子犬", "子猫", "公園", "昼寝"}, 1: {"バス", "電車", "駅前"}}
    assert network.note is None
    assert network.n_units == 12  # two body sentences a post: credit and signature lines are no units


def test_documents_keep_everything_when_asked() -> None:
    network = network_from_documents([prepare(p) for p in blog_posts()], leave_out_boilerplate=False)
    # In every post, so left out as too common -- and said so.
    assert network.note is not None
    assert all(term in network.note for term in ("photo", "unsplash", "yamadatt", "執筆"))


def test_document_terms_units_are_sentences() -> None:
    terms = document_terms(prepare(Post(id="a", title="", text="子猫と子犬が公園で遊んだ。子猫と子犬が昼寝した。")))
    assert [{terms.norms[j] for j in unit} for unit in terms.units] == [{"子猫", "子犬", "公園"}, {"子猫", "子犬", "昼寝"}]
    assert dict(zip(terms.norms, terms.counts, strict=True)) == {"子猫": 2, "子犬": 2, "公園": 1, "昼寝": 1}


# -- records and files --------------------------------------------------------------------------------------


def test_dict_schema_round_trip_and_networkx() -> None:
    network = build_network(TWO_CLUSTERS)
    data = network.to_dict()
    assert set(data) == {"unit", "measure", "n_units", "n_posts", "nodes", "edges", "note"}
    assert set(data["nodes"][0]) == {"id", "label", "n_posts", "count", "community", "x", "y"}
    assert set(data["edges"][0]) == {"source", "target", "weight", "count"}
    assert TermNetwork.from_dict(data) == network
    graph = network.to_networkx()
    assert set(graph.nodes) == {n.id for n in network.nodes}
    assert graph.graph["unit"] == "sentence"
    assert graph.edges["子犬", "子猫"]["weight"] == 1.0


@pytest.mark.parametrize(("fmt", "read"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_files_read_back(tmp_path, fmt: str, read) -> None:
    network = build_network(TWO_CLUSTERS)
    path = write_graph(network, tmp_path / f"net.{fmt}", fmt)
    graph = read(path)
    assert set(graph.nodes) == {n.id for n in network.nodes}
    assert {frozenset(e) for e in graph.edges} == {frozenset((e.source, e.target)) for e in network.edges}
    for edge in network.edges:
        assert graph.edges[edge.source, edge.target]["weight"] == pytest.approx(edge.weight)


def test_json_file_is_the_schema(tmp_path) -> None:
    network = build_network(TWO_CLUSTERS)
    path = write_graph(network, tmp_path / "network.json", "json")
    assert TermNetwork.from_dict(json.loads(path.read_text(encoding="utf-8"))) == network


def test_an_empty_network_writes_valid_files(tmp_path) -> None:
    network = build_network([])
    assert nx.read_graphml(write_graph(network, tmp_path / "n.graphml", "graphml")).number_of_nodes() == 0
    assert nx.read_gexf(write_graph(network, tmp_path / "n.gexf", "gexf")).number_of_nodes() == 0


def test_unwritable_path_is_a_clean_error(tmp_path) -> None:
    with pytest.raises(InputError, match="its folder does not exist"):
        write_graph(build_network(TWO_CLUSTERS), tmp_path / "missing" / "n.graphml", "graphml")
