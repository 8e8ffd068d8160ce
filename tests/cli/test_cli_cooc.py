"""CLI: jpblog cooc."""

import json

import networkx as nx
import pytest

from jpblog_nlp.cli import main


def test_cooc_csv(runner):
    result = runner.invoke(main, ["cooc", "-", "--min-count", "1"], input="SNSの影響力。SNSで影響力を持つ。共感と影響力。共感。")
    assert result.exit_code == 0
    assert result.stdout == (
        "source,target,cooc,source_count,target_count,jaccard,pmi,npmi,source_norm,target_norm\n"
        "SNS,影響力,2,2,3,0.6667,0.415,0.415,sns,影響力\n"
        "影響力,共感,1,3,2,0.25,-0.585,-0.2925,影響力,共感\n"
    )


def test_cooc_missing_folder(runner, tmp_path):
    result = runner.invoke(main, ["cooc", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


TEXT = "子猫と子犬が公園で遊んだ。子猫と子犬が昼寝した。電車とバスで駅前へ行った。電車とバスは混んでいた。"


def test_cooc_json_to_stdout(runner):
    result = runner.invoke(main, ["cooc", "-", "--format", "json"], input=TEXT)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["unit"], data["measure"], data["n_units"], data["n_posts"]) == ("sentence", "jaccard", 4, 1)
    assert {(e["source"], e["target"], e["weight"], e["count"]) for e in data["edges"]} == {
        ("子犬", "子猫", 1.0, 2), ("バス", "電車", 1.0, 2)}
    assert {frozenset(n["id"] for n in data["nodes"] if n["community"] == c) for c in (0, 1)} == {
        frozenset({"子犬", "子猫"}), frozenset({"バス", "電車"})}


@pytest.mark.parametrize(("fmt", "read"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_cooc_graph_file(runner, tmp_path, fmt, read):
    path = tmp_path / f"net.{fmt}"
    result = runner.invoke(main, ["cooc", "-", "--format", fmt, "--out", str(path)], input=TEXT)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"wrote {fmt} to {path}" in result.stderr
    graph = read(path)
    assert {frozenset(e) for e in graph.edges} == {frozenset({"子犬", "子猫"}), frozenset({"バス", "電車"})}


def test_cooc_graphml_to_stdout_is_text(runner):
    result = runner.invoke(main, ["cooc", "-", "--format", "graphml"], input=TEXT)
    assert result.exit_code == 0
    assert result.stdout.startswith("<?xml") and "graphml" in result.stdout


def test_cooc_csv_to_a_file(runner, tmp_path):
    path = tmp_path / "pairs.csv"
    result = runner.invoke(main, ["cooc", "-", "--out", str(path)], input=TEXT)
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8").splitlines()[1].startswith("子猫,子犬,2,2,2,1.0,")


@pytest.mark.parametrize("fmt", ["csv", "graphml"])
def test_cooc_unwritable_out_is_one_clean_line(runner, tmp_path, fmt):
    path = tmp_path / "missing" / "net.out"
    result = runner.invoke(main, ["cooc", "-", "--format", fmt, "--out", str(path)], input=TEXT)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "create the folder first" in lines[0]
    assert "Traceback" not in result.stderr


def test_cooc_unknown_format(runner):
    result = runner.invoke(main, ["cooc", "-", "--format", "dot"], input=TEXT)
    assert result.exit_code == 2
    assert "csv" in result.stderr and "graphml" in result.stderr and "gexf" in result.stderr
