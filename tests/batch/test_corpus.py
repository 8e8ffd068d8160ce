"""Batch analysis of a corpus folder: counts, failures, resume after an interruption, changes, tables."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import jpblog_nlp
from full_analysis import FULL  # tests/ is on sys.path (conftest.py)
from jpblog_nlp.batch import tables
from jpblog_nlp.batch.runner import run_batch
from jpblog_nlp.batch.scan import Task, content_hash
from jpblog_nlp.errors import InputError
from jpblog_nlp.options import AnalysisOptions
from jpblog_nlp.text.records import Post

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
BAD_BYTES = b"\xff\xfe\x00\xd8garbage\x80\x81"
TABLES = ("posts", "sentences", "keywords", "themes", "topics", "post_topics", "errors")


def make_corpus(root: Path, *, bad: bool = True) -> Path:
    """A copy of the sample corpus's 21 text posts (not CREDITS.md), plus one undecodable file."""
    root.mkdir()
    shutil.copy(CORPUS / "itochan-influence.txt", root)
    shutil.copytree(CORPUS / "livedoor", root / "livedoor")
    if bad:
        (root / "livedoor" / "broken.txt").write_bytes(BAD_BYTES)
    return root


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    """One complete run over the corpus with the bad file (workers=1)."""
    base = tmp_path_factory.mktemp("clean")
    root = make_corpus(base / "corpus")
    return root, run_batch(root, base / "out", workers=1, topics=3)


def frames(result) -> dict[str, pd.DataFrame]:
    return {name: result.table(name) for name in TABLES}


def assert_same_tables(a, b) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(a.table(name), b.table(name), check_like=False, obj=name)


def test_counts_and_errors(clean_run):
    _, result = clean_run
    stats = result.stats
    assert (stats.n_posts, stats.n_failed, stats.n_analyzed, stats.n_reused, stats.interrupted) == (21, 1, 21, 0, False)
    # One worker analyses in this process: the pass's CPU time is its own (the benchmark's figure).
    assert stats.analysis_cpu_seconds > 0 and 0 < stats.analysis_seconds < stats.seconds
    assert len(result.posts) == 21
    assert result.posts["id"].is_unique
    assert result.posts["source"].iloc[0] == "itochan-influence.txt"
    assert result.posts["source"].iloc[1] == "livedoor/dokujo-tsushin/dokujo-tsushin-4778030.txt"
    assert list(result.errors["source"]) == ["livedoor/broken.txt"]
    assert "cannot decode" in result.errors["reason"].iloc[0]
    assert list(result.posts.columns) == [c for c, _ in tables.COLUMNS["posts"]]
    # keywords (or top terms while keywords are not wired): every post has some, ranked from 1
    assert set(result.keywords["post_id"]) == set(result.posts["id"])
    assert result.keywords.groupby("post_id")["rank"].min().eq(1).all()
    # topics: 3 asked, every post has a dominant one
    assert list(result.topics["topic"]) == [0, 1, 2]
    assert result.posts["topic"].notna().all()


def test_summaries_in_the_tables(clean_run):
    root, result = clean_run
    posts = result.posts.set_index("id")
    expected = jpblog_nlp.analyze(jpblog_nlp.load_post(root / "itochan-influence.txt")).summary
    assert posts.loc["itochan-influence", "summary"] == " ".join(s.text for s in expected.sentences)
    assert posts["summary"].notna().all()
    picked = result.sentences[result.sentences["in_summary"]]
    # Every post's summary sentences are flagged in the sentences table, and only those.
    for post_id, group in picked.groupby("post_id"):
        assert posts.loc[post_id, "summary"] == " ".join(group.sort_values("index")["text"])
    assert set(picked["post_id"]) == set(posts.index)


def test_files_written(clean_run):
    _, result = clean_run
    names = {p.name for p in result.folder.iterdir()}
    for name in TABLES:
        assert {f"{name}.parquet", f"{name}.csv"} <= names
    assert {"report.html", "report.md", "batch.json", "results.sqlite"} <= names
    assert not [n for n in names if n.endswith(".tmp")]
    csv = pd.read_csv(result.folder / "posts.csv")
    assert list(csv["id"]) == list(result.posts["id"])
    html = (result.folder / "report.html").read_text("utf-8")
    head = html.split("<body>")[0]
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "://" not in head
    assert (result.folder / "report" / "index.html").is_file() and "url=report/index.html" in head
    md = (result.folder / "report.md").read_text("utf-8")
    assert md.startswith("# Corpus report (21 posts)\n")
    assert "| first post | 2009-08-07 |" in md and "| last post | 2010-05-31 |" in md
    assert "| livedoor/broken.txt |" in md
    # Each post that stands out says what it says: the start of its summary, cut at 160 characters.
    row = next(line for line in md.splitlines() if line.startswith("| longest |"))
    assert row.startswith("| longest | 【SNS】影響力という言葉をどう捉えるかで SNSは楽しくも虚しくもなる | itochan-influence.txt "
                          "| 3403 | そんな風に機械的に数を増やしていくことにいつしか虚しさを感じていた")
    assert row.endswith("… |") and len(row.split(" | ")[-1]) == 160 + 2


def test_read_results_roundtrip(clean_run):
    _, result = clean_run
    again = jpblog_nlp.read_results(result.folder)
    assert again.stats == result.stats
    assert_same_tables(again, result)


def test_read_results_of_unfinished_folder(tmp_path):
    with pytest.raises(InputError, match="holds no finished batch"):
        jpblog_nlp.read_results(tmp_path)


def test_resume_after_interruption(clean_run, tmp_path, monkeypatch):
    root, clean = clean_run
    out = tmp_path / "out"
    first = run_batch(root, out, workers=1, topics=3, stop_after=5)
    assert first.stats.interrupted and first.stats.n_analyzed == 5
    assert not (out / "posts.parquet").exists()  # tables only after a complete scan
    second = run_batch(root, out, workers=1, topics=3)
    assert (second.stats.n_analyzed, second.stats.n_reused, second.stats.n_posts) == (16, 5, 21)
    assert_same_tables(second, clean)
    stamp = (out / "posts.parquet").stat().st_mtime_ns

    read = []

    def spy(path, **kwargs):
        read.append(Path(path).name)
        return jpblog_nlp.iter_posts(path, **kwargs)

    monkeypatch.setattr("jpblog_nlp.batch.scan.iter_posts", spy)
    third = run_batch(root, out, workers=1, topics=3)
    assert read == ["broken.txt"]  # unchanged files are not read again; a failed one always is
    assert (third.stats.n_analyzed, third.stats.n_reused) == (0, 21)
    assert (out / "posts.parquet").stat().st_mtime_ns == stamp  # nothing changed: tables kept
    assert_same_tables(third, clean)



def test_changed_bundled_data_analyses_again(tmp_path, monkeypatch):
    from jpblog_nlp import options

    root = tmp_path / "posts"
    root.mkdir()
    for i, text in enumerate(["SNSの影響力について考えた。", "共感が大事だと思う。"]):
        (root / f"{i}.txt").write_text(text, encoding="utf-8")
    first = run_batch(root, tmp_path / "out", workers=1, topics=0)
    assert (first.stats.n_analyzed, first.stats.n_reused) == (2, 0)
    # A checkout whose lexicon changed keeps its __version__; the data hash in the key sees the change.
    monkeypatch.setattr(options, "analysis_version", lambda: "jpblog-nlp 0.1.0 / data 000000000000")
    second = run_batch(root, tmp_path / "out", workers=1, topics=0)
    assert (second.stats.n_analyzed, second.stats.n_reused) == (2, 0)


def test_analysis_version_covers_the_bundled_data():
    from importlib import resources

    from jpblog_nlp import options

    data = {f.name for f in (resources.files("jpblog_nlp") / "data").iterdir()}
    # Every data file but the provenance notes and licences decides results, and so is in the key.
    assert data - {"SOURCES.md"} - {n for n in data if n.startswith("LICENSE")} == set(options.RESULT_DATA_FILES)
    assert options.analysis_version().startswith(options.ANALYSIS_VERSION + " / data ")

KILLER = """
import os, signal, sys
import jpblog_nlp.batch.store as store
from jpblog_nlp.batch.runner import run_batch

init = store.ResultStore.__init__
store.ResultStore.__init__ = lambda self, folder, commit_every=2: init(self, folder, commit_every=2)

def progress(p):
    if p.analyzed >= 3:
        os.kill(os.getpid(), signal.SIGKILL)  # killed outright: no cleanup at all

run_batch(sys.argv[1], sys.argv[2], workers=1, topics=3, progress=progress)
"""


def test_resume_after_kill(clean_run, tmp_path):
    root, clean = clean_run
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-c", KILLER, str(root), str(out)], capture_output=True, check=False)
    assert done.returncode == -signal.SIGKILL
    assert not (out / "posts.parquet").exists()
    result = run_batch(root, out, workers=1, topics=3)
    s = result.stats
    assert s.n_analyzed + s.n_reused == 21 and s.n_reused >= 1  # what was committed before the kill is kept
    assert s.n_posts == 21 and s.n_failed == 1
    assert_same_tables(result, clean)


def test_changed_added_and_removed_posts(tmp_path):
    root = make_corpus(tmp_path / "corpus", bad=False)
    out = tmp_path / "out"
    assert run_batch(root, out, topics=2).stats.n_posts == 21
    changed = root / "livedoor" / "peachy" / "peachy-4289213.txt"
    changed.write_text(changed.read_text("utf-8") + "\n追記：新しい段落です。\n", encoding="utf-8")
    (root / "livedoor" / "dokujo-tsushin" / "dokujo-tsushin-4778030.txt").unlink()
    (root / "new.txt").write_text("新しい記事\n\n影響力について考えました。", encoding="utf-8")
    result = run_batch(root, out, topics=2)
    s = result.stats
    assert (s.n_analyzed, s.n_reused, s.n_removed, s.n_posts, s.n_failed) == (2, 19, 1, 21, 0)
    assert "dokujo-tsushin-4778030" not in set(result.posts["id"])
    assert "new" in set(result.posts["id"])
    assert result.posts.loc[result.posts["id"] == "peachy-4289213", "n_chars"].iloc[0] > 0


def test_two_workers_same_tables(clean_run, tmp_path):
    root, clean = clean_run
    seen = []
    result = run_batch(root, tmp_path / "out", workers=2, topics=3, progress=seen.append)
    assert (result.stats.n_posts, result.stats.n_failed) == (21, 1)
    last = seen[-1]
    assert (last.analyzed, last.reused, last.failed, last.processed, last.total) == (21, 0, 1, 22, 22)
    assert (last.files_done, last.files_total, last.eta) == (22, 22, 0.0)
    assert_same_tables(result, clean)


def test_results_folder_inside_the_corpus_is_not_read(tmp_path):
    root = make_corpus(tmp_path / "corpus", bad=False)
    run_batch(root, root / "results", topics=2)
    again = run_batch(root, root / "results", topics=2)
    assert (again.stats.n_posts, again.stats.n_failed, again.stats.n_reused) == (21, 0, 21)


def test_notebook_entry_point(tmp_path):
    root = make_corpus(tmp_path / "corpus", bad=False)
    corpus = jpblog_nlp.load_corpus(root)
    assert len(list(corpus)) == 21
    result = corpus.analyze(tmp_path / "out", topics=2)
    assert len(result.posts) == 21 and result.errors.empty
    assert list(result.errors.columns) == ["source", "reason"]


def test_unknown_analysis_option_is_refused(tmp_path):
    root = make_corpus(tmp_path / "corpus", bad=False)
    with pytest.raises(InputError, match="does not take the option"):
        run_batch(root, tmp_path / "out", options={"no_such_option": 1})


def test_missing_corpus(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        run_batch(tmp_path / "nope", tmp_path / "out")


def test_content_hash_ignores_source_but_not_text_or_options():
    post = Post(id="a", title="題", text="本文です。", source="x/a.txt")
    fp = AnalysisOptions().fingerprint()
    assert content_hash(post, fp) == content_hash(Post(id="a", title="題", text="本文です。", source="y/a.txt"), fp)
    assert content_hash(post, fp) != content_hash(Post(id="a", title="題", text="本文です！", source="x/a.txt"), fp)
    assert content_hash(post, fp) != content_hash(post, AnalysisOptions(top=5).fingerprint())


# -- tidy rows from the documented schema --------------------------------------------------------------



def test_post_row_full():
    row = tables.post_row(FULL, source="itochan-influence.txt")
    assert list(row) == [c for c, _ in tables.COLUMNS["posts"]]
    assert row["month"] == "2018-10"
    assert row["categories"] == "SNS | 考え"
    assert row["keywords"] == "影響力 | SNS"
    assert (row["sentiment_score"], row["sentiment_label"], row["dominant_emotion"]) == (0.12, "mixed", "joy")
    assert (row["themes"], row["top_theme"], row["top_theme_score"]) == ("influence", "influence", 0.8)
    assert row["source"] == "itochan-influence.txt"
    assert row["summary"] == "<b>影響力</b>とは"


@pytest.mark.parametrize(("summary", "shown", "picked"), [
    (None, None, [None, None, None]),  # no summary computed: in_summary is null, not false
    ({"method": "lexrank", "sentences": []}, None, [False, False, False]),
    # The summary's sentences in the post's order, whatever order they come in.
    ({"method": "lexrank", "sentences": [{"index": 2, "text": "三つ目。"}, {"index": 0, "text": "最初。"}]},
     "最初。 三つ目。", [True, False, True]),
])
def test_summary_columns(summary, shown, picked):
    data = {"post": {"id": "p"}, "summary": summary,
            "sentences": [{"index": i, "text": t} for i, t in enumerate(["最初。", "次。", "三つ目。"])]}
    assert tables.post_row(data)["summary"] == shown
    assert [r["in_summary"] for r in tables.sentence_rows(data)] == picked



def test_in_summary_with_nulls_still_selects(tmp_path):
    # One post analysed without a summary (nulls) beside one with: pandas would read the column as
    # object, and the documented ``sentences[sentences.in_summary]`` would raise.
    rows = [{"post_id": "a", "index": 0, "text": "要約なし。", "in_summary": None},
            {"post_id": "b", "index": 0, "text": "要約。", "in_summary": True},
            {"post_id": "b", "index": 1, "text": "残り。", "in_summary": False}]
    tables.write_rows(tmp_path, "sentences", rows)
    sentences = jpblog_nlp.batch.results.BatchResult(tmp_path, jpblog_nlp.batch.results.BatchStats()).sentences
    assert str(sentences["in_summary"].dtype) == "boolean"
    assert sentences[sentences.in_summary]["text"].tolist() == ["要約。"]
    # Tables of a run from before the column existed are read as they are.
    older = pd.DataFrame({"post_id": ["a"], "text": ["古い。"]})
    assert tables.with_nullable_bools("sentences", older).columns.tolist() == ["post_id", "text"]

@pytest.mark.parametrize("data", [{}, {"post": {"id": "x"}}, {"post": {"id": "x", "published": "2018"}, "themes": None}])
def test_rows_of_partial_analyses(data):
    row = tables.post_row(data)
    assert row["month"] is None and row["sentiment_score"] is None and row["keywords"] == ""
    assert tables.sentence_rows(data) == [] and tables.keyword_rows(data) == [] and tables.theme_rows(data) == []


def test_detail_rows_full():
    assert tables.sentence_rows(FULL) == [{
        "post_id": "itochan-influence", "index": 0, "text": "みなさんごきげんよう", "start": 0, "end": 10, "paragraph": 0,
        "sentiment_score": 0.0, "sentiment_label": "neutral", "themes": "influence | sns", "in_summary": False}]
    assert tables.keyword_rows(FULL)[1] == {"post_id": "itochan-influence", "rank": 2, "term": "SNS", "norm": "sns",
                                            "score": 0.5, "count": 9, "kind": "noun"}
    assert tables.theme_rows(FULL) == [{"post_id": "itochan-influence", "theme": "influence", "label": "影響力",
                                        "score": 0.8, "n_sentences": 3, "first_position": 0.05, "stance": "mixed",
                                        "stance_score": -0.1}]


def test_keywords_fall_back_to_top_terms():
    data = {"post": {"id": "p"}, "top_terms": [{"term": "影響力", "count": 3, "kind": "compound"}]}
    assert tables.keyword_rows(data) == [{"post_id": "p", "rank": 1, "term": "影響力", "norm": "影響力",
                                          "score": None, "count": 3, "kind": "compound"}]


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_posts_are_analysed_with_one_blas_thread_and_the_threads_given_back(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy  # noqa: F401  (loads the BLAS library whose threads are counted)
    from threadpoolctl import threadpool_limits

    from jpblog_nlp.batch.engines import local

    seen: list[list[int]] = []
    monkeypatch.setattr(local, "analyze_task", lambda task: seen.append(_blas_threads()) or task)
    tasks = [Task(i, f"p{i}", "h", Post(id=f"p{i}", title="", text="楽しい。")) for i in range(2)]
    with threadpool_limits(limits=2, user_api="blas"):
        before = _blas_threads()
        assert before, "numpy's BLAS was not found"
        assert list(local.serial_engine(iter(tasks), options=AnalysisOptions())) == tasks
        assert _blas_threads() == before
    assert seen == [[1] * len(before)] * 2


def test_one_blas_thread_loads_blas_it_limits() -> None:
    # A worker's warm-up post is summarized without numpy: one_blas_thread must load BLAS to limit it.
    code = (
        "import sys; from jpblog_nlp.batch.worker import one_blas_thread; assert 'numpy' not in sys.modules; "
        "one_blas_thread(); from threadpoolctl import threadpool_info; "
        "print(sorted({p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[1]\n"  # BLAS found, and every pool of it on one thread
