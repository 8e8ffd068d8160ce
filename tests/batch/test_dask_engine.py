"""The Dask engine on a real LocalCluster: same tables as the local engine, failures recorded, resumable."""

from __future__ import annotations

import shutil
import sys

import pytest
from click.testing import CliRunner

from conftest import CORPUS
from jpblog_nlp.batch.runner import run_batch
from jpblog_nlp.batch.tables import COLUMNS, TABLES
from jpblog_nlp.cli import main
from jpblog_nlp.errors import InputError

distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes on the loopback interface, shared by the tests of this module."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as running:
        yield running


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    """The sample post, eight livedoor articles and a Markdown post with front matter."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copy(CORPUS / "itochan-influence.txt", root)
    for category in ("dokujo-tsushin", "peachy"):
        (root / category).mkdir()
        articles = [p for p in sorted((CORPUS / "livedoor" / category).glob("*.txt")) if p.name != "LICENSE.txt"]
        for path in articles[:4]:
            shutil.copy(path, root / category)
    (root / "notes.md").write_text("---\ntitle: 週末の記録\ndate: 2024-05-03\n---\n\n友人とカフェで話した。楽しかった。\n",
                                   encoding="utf-8")
    return root


def _tables(folder):
    return {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES}


#: Float columns are sums and products (NMF's above all) whose last bits depend on the BLAS kernel and its
#: thread count; they are equal to this, relative (docs/batch.md, "Exact and equal to a tolerance").
FLOAT_RTOL = 1e-9


def _float_columns(name: str) -> list[str]:
    return [column for column, kind in COLUMNS[name] if kind == "float64"]


def assert_same_table(got, expected, name: str, what: str = "") -> None:
    """The same rows in the same order, every non-float cell identical, float cells equal to FLOAT_RTOL."""
    floats, what = _float_columns(name), what or name
    assert list(got.columns) == list(expected.columns), what
    pd.testing.assert_frame_equal(got.drop(columns=floats), expected.drop(columns=floats), check_exact=True,
                                  obj=what)
    pd.testing.assert_frame_equal(got[floats], expected[floats], check_exact=False, rtol=FLOAT_RTOL, atol=1e-12,
                                  obj=what)


def _csv_table(path, name: str):
    """A CSV table read as written: every cell a string, except float columns as numbers (null: NaN)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in _float_columns(name):
        table[column] = pd.to_numeric(table[column].replace("", float("nan")))
    return table


@pytest.mark.parametrize(
    ("change", "fails"),
    [
        (lambda t: t, False),
        (lambda t: t.assign(weight=t["weight"] * (1 + 1e-12)), False),  # last bits: equal
        (lambda t: t.assign(weight=t["weight"] * (1 + 1e-6)), True),  # a real difference
        (lambda t: t.assign(topic=t["topic"][::-1].to_numpy()), True),  # a post in another topic
        (lambda t: t.iloc[::-1].reset_index(drop=True), True),  # rows in another order
    ],
)
def test_assert_same_table_is_exact_but_for_floats(change, fails):
    table = pd.DataFrame({"post_id": ["a", "b"], "topic": [0, 1], "weight": [0.25, 0.75]})
    if fails:
        with pytest.raises(AssertionError):
            assert_same_table(change(table), table, "post_topics")
    else:
        assert_same_table(change(table), table, "post_topics")


def test_same_tables_as_the_local_engine(cluster, small_corpus, tmp_path):
    local = run_batch(small_corpus, tmp_path / "local", workers=2, engine="local")
    dask = run_batch(small_corpus, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address)
    assert (dask.stats.n_posts, dask.stats.n_failed) == (local.stats.n_posts, local.stats.n_failed) == (10, 0)
    expected, got = _tables(tmp_path / "local"), _tables(tmp_path / "dask")
    for name in TABLES:
        assert_same_table(got[name], expected[name], name)
        assert_same_table(_csv_table(tmp_path / "dask" / f"{name}.csv", name),
                          _csv_table(tmp_path / "local" / f"{name}.csv", name), name, f"{name}.csv")
    # Topics are there to compare, and their discrete parts (order, labels, sizes) are exact.
    assert len(expected["topics"]) >= 2 and expected["post_topics"]["weight"].notna().all()
    # The Dask engine writes dataset folders of parts; the local engine single files.
    assert (tmp_path / "dask" / "posts.parquet").is_dir()
    assert sorted(p.name for p in (tmp_path / "dask" / "posts.parquet").iterdir()) == ["part-00000.parquet"]
    assert (tmp_path / "local" / "posts.parquet").is_file()
    dd = pytest.importorskip("dask.dataframe")
    # Dask reads the same rows and values (its string dtype marks missing values differently).
    read_by_dask = dd.read_parquet(tmp_path / "dask" / "posts.parquet").compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(read_by_dask, expected["posts"], check_dtype=False)
    assert (tmp_path / "dask" / "report.html").exists() and (tmp_path / "dask" / "report.md").exists()


def test_bad_file_is_recorded_and_rerun_resumes(cluster, small_corpus, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(small_corpus, corpus)
    (corpus / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    first = run_batch(corpus, tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address)
    assert (first.stats.n_posts, first.stats.n_failed, first.stats.n_analyzed) == (10, 1, 10)
    errors = pd.read_parquet(tmp_path / "out" / "errors.parquet")
    assert errors["source"].tolist() == ["broken.txt"]
    again = run_batch(corpus, tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address)
    assert (again.stats.n_analyzed, again.stats.n_reused, again.stats.n_failed) == (0, 10, 1)
    # A changed post is analysed again, and only it.
    (corpus / "notes.md").write_text("---\ntitle: 週末の記録\n---\n\n雨で一日中家にいた。退屈だった。\n", encoding="utf-8")
    third = run_batch(corpus, tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address)
    assert (third.stats.n_analyzed, third.stats.n_reused) == (1, 9)
    posts = pd.read_parquet(tmp_path / "out" / "posts.parquet")
    assert posts.loc[posts["source"] == "notes.md", "sentiment_label"].item() == "negative"


def test_switching_engines_on_one_results_folder(cluster, small_corpus, tmp_path):
    run_batch(small_corpus, tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address)
    result = run_batch(small_corpus, tmp_path / "out", engine="local")
    assert (result.stats.n_analyzed, result.stats.n_reused) == (0, 10)
    assert (tmp_path / "out" / "posts.parquet").is_file()  # rewritten in the local layout
    assert len(result.posts) == 10


def test_cli(cluster, small_corpus, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["batch", str(small_corpus), "--out", str(tmp_path / "out"), "--engine", "dask",
                                  "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"analyzed 10 posts, 0 failed; results in {tmp_path / 'out'}\n"
                             f"site: {tmp_path / 'out' / 'report' / 'index.html'}\n")


def test_scheduler_needs_the_dask_engine(small_corpus, tmp_path):
    result = CliRunner().invoke(main, ["batch", str(small_corpus), "--out", str(tmp_path / "out"),
                                       "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert result.output == "jpblog: error: a scheduler address needs the dask engine (add --engine dask)\n"


def test_without_dask_installed(monkeypatch, small_corpus, tmp_path):
    from jpblog_nlp.batch.engines import dask as dask_engine

    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` fail
    with pytest.raises(InputError, match=r"pip install 'jpblog-nlp\[dask\]'"):
        dask_engine._require_dask()
    result = CliRunner().invoke(main, ["batch", str(small_corpus), "--out", str(tmp_path / "out"), "--engine", "dask"])
    assert result.exit_code == 2
    assert result.output == ("jpblog: error: the dask engine needs the packages dask and distributed "
                             "(install them with: pip install 'jpblog-nlp[dask]')\n")


@pytest.mark.parametrize(("n_files", "n_workers", "expected"), [(0, 2, 1), (1, 2, 1), (100, 2, 7), (7367, 2, 64),
                                                                 (7367, 64, 15)])
def test_partition_size(n_files, n_workers, expected):
    from jpblog_nlp.batch.engines.dask import partition_size

    assert partition_size(n_files, n_workers) == expected
