"""The static corpus site (``render.site``): its files, what the index says, the post pages, escaping,
empty cases, what changed between runs, and the folder rules of ``build_site``."""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from markupsafe import escape
from site_fixtures import EVIL_LABEL, EVIL_TERM, EVIL_THEME, EVIL_TITLE, KEYNESS_POSTS, build_results

from conftest import SHARED, requires_shared
from jpblog_nlp.batch.results import read_results
from jpblog_nlp.batch.runner import run_batch
from jpblog_nlp.batch.store import ResultStore
from jpblog_nlp.errors import InputError
from jpblog_nlp.render.post_html import render_html, site_csp
from jpblog_nlp.render.site import build_site
from jpblog_nlp.render.site.data import Periods, corpus_name, length_bins, page_name, usual_host
from jpblog_nlp.render.site.network import read_network


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    return build_results(tmp_path_factory.mktemp("site"))


def site_data(index_html: str) -> dict:
    raw = re.search(r'<script type="application/json" id="site-data">(.*?)</script>', index_html, re.DOTALL)[1]
    return json.loads(raw)


def pages(folder: Path) -> list[Path]:
    return sorted((folder / "report" / "posts").iterdir())


# ---------------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------------


def test_files_of_the_site(results):
    site = results / "report"
    n = len(pd.read_parquet(results / "posts.parquet"))
    assert n == 21
    assert sorted(p.name for p in site.iterdir()) == ["assets", "index.html", "posts", "site.json"]
    assert sorted(p.name for p in (site / "assets").iterdir()) == ["chart.umd.min.js", "network.js", "report.css",
                                                                   "report.js", "site.js"]
    # Pages are named by corpus ordinal only: never by a post's id or title.
    assert [p.name for p in pages(results)] == [f"{i:04d}.html" for i in range(1, n + 1)]
    assert read_results(results).report_html == site / "index.html"
    alias = (results / "report.html").read_text("utf-8")
    assert 'url=report/index.html' in alias and "<script" not in alias


@pytest.mark.parametrize(("ordinal", "total", "name"), [
    (1, 1, "0001.html"), (42, 999, "0042.html"), (7, 7367, "0007.html"), (12345, 12345, "12345.html"),
    (3, 10000, "00003.html"),
])
def test_page_name(ordinal, total, name):
    assert page_name(ordinal, total) == name


def test_every_page_is_strict_and_offline(results):
    for page in [results / "report" / "index.html", *pages(results)]:
        text = page.read_text("utf-8")
        csp = html_lib.unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)[1])
        assert csp == site_csp(), page.name
        assert "connect-src 'none'" in csp and "'unsafe-inline'" not in csp
        # Scripts are files of assets/ or JSON data; no inline code, no inline style, nothing remote.
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", text, flags=re.DOTALL):
            assert re.fullmatch(r' src="(\.\./)?assets/[a-z.]+\.js"', attrs) or (
                'type="application/json"' in attrs), (page.name, attrs)
            assert body == "" or 'type="application/json"' in attrs
        assert not re.search(r"\sstyle=", text), page.name
        assert not re.search(r'\ssrc="(?!(\.\./)?assets/)', text), page.name
        assert "@import" not in text and "url(" not in text
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', text)
        assert stylesheets == (["assets/report.css"] if page.name == "index.html" else ["../assets/report.css"])
    assert "sourceMappingURL" not in (results / "report" / "assets" / "chart.umd.min.js").read_text("utf-8")


# ---------------------------------------------------------------------------------------------------
# Post pages
# ---------------------------------------------------------------------------------------------------


def main_of(text: str) -> str:
    return re.search(r"<main.*</main>", text, flags=re.DOTALL)[0]


def test_post_pages_show_what_analyze_shows(results):
    """The page of each post holds the same report as `jpblog analyze --format html`, from the stored analysis."""
    store = ResultStore(results)
    try:
        analyses = [data for _, data in store.iter_analyses()]
    finally:
        store.close()
    for page, data in zip(pages(results), analyses, strict=True):
        text = page.read_text("utf-8")
        single = render_html(data)
        assert main_of(text) == main_of(single)
        data_block = re.compile(r'<script type="application/json" id="report-data">.*?</script>', re.DOTALL)
        assert data_block.search(text)[0] == data_block.search(single)[0]


def test_post_nav_in_corpus_order(results):
    names = [p.name for p in pages(results)]
    titles = pd.read_parquet(results / "posts.parquet")["title"].tolist()
    for i, page in enumerate(pages(results)):
        text = page.read_text("utf-8")
        nav = re.search(r'<nav class="sitenav".*?</nav>', text, flags=re.DOTALL)[0]
        assert 'href="../index.html#posts"' in nav
        prev = re.search(r'<a rel="prev" href="([^"]+)" title="([^"]*)"', nav)
        nxt = re.search(r'<a rel="next" href="([^"]+)" title="([^"]*)"', nav)
        assert (prev[1] if prev else None) == (names[i - 1] if i else None)
        assert (nxt[1] if nxt else None) == (names[i + 1] if i + 1 < len(names) else None)
        if nxt:
            assert html_lib.unescape(nxt[2]) == titles[i + 1]
        assert f"{i + 1} / {len(names)}" in nav and "corpus order" in nav


# ---------------------------------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------------------------------


def test_index_sections_and_data(results):
    text = (results / "report" / "index.html").read_text("utf-8")
    for section in ("overview", "themes", "topics", "network", "keyness", "sentiment", "posts"):
        assert f'<section class="card" id="{section}">' in text
    data = site_data(text)
    posts = pd.read_parquet(results / "posts.parquet")
    assert len(data["posts"]) == len(posts) == 21
    assert data["columns"] == ["ordinal", "title", "date", "chars", "sentiment", "label", "topic", "themes", "summary"]
    assert [row[0] for row in data["posts"]] == list(range(1, 22))
    assert [row[3] for row in data["posts"]] == posts["n_chars"].tolist()
    assert data["unit"] == "month" and data["periods"][0] == "2009-08" and data["periods"][-1] == "2010-05"
    assert len(data["periods"]) == 10  # every month of the span, empty ones included
    assert sum(data["rhythm"]) == 21 and sum(data["lengths"]["counts"]) == 21
    # Every post's themes are the theme table's, as indices into data["themes"].
    themes = pd.read_parquet(results / "themes.parquet")
    names = [t["name"] for t in data["themes"]]
    ordinal = {pid: i + 1 for i, pid in enumerate(posts["id"])}
    expected = {(ordinal[p], t) for p, t in zip(themes["post_id"], themes["theme"], strict=True)}
    assert {(row[0], names[t]) for row in data["posts"] for t in row[7]} == expected
    # The hostile theme file's theme is one of them, listed under its own label.
    assert {"name": EVIL_THEME, "label": EVIL_LABEL} in data["themes"]
    assert data["network"]["nodes"][0]["label"] == "スマートフォン"
    assert "keyness" not in data["why"]


def test_index_lists_link_to_post_pages(results):
    text = (results / "report" / "index.html").read_text("utf-8")
    links = set(re.findall(r'href="(posts/[^"]+)"', text))
    assert links and all(re.fullmatch(r"posts/\d{4}\.html", link) for link in links)
    assert all((results / "report" / link).is_file() for link in links)
    # Per theme: the posts that carry it most and its telling sentences; topics with representative posts.
    themes_html = text.split('id="themes"')[1].split('id="topics"')[0]
    assert themes_html.count('<article class="theme-block">') == len(site_data(text)["themes"])
    assert "Most telling sentences" in themes_html
    topics_html = text.split('id="topics"')[1].split('id="network"')[0]
    assert topics_html.count("<tr>") == 1 + len(pd.read_parquet(results / "topics.parquet"))
    assert 'href="../network.graphml"' in text
    keyness = text.split('id="keyness"')[1].split('id="sentiment"')[0]
    assert "2009" in keyness and "映画" in keyness and "スマートフォン" in keyness


def test_hostile_strings_are_text_everywhere(results):
    """Titles, categories, theme names and labels, terms: escaped in HTML, \\u003c-escaped in JSON."""
    for page in [results / "report" / "index.html", *pages(results)]:
        text = page.read_text("utf-8")
        outside_json = re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", text, flags=re.DOTALL)
        assert not re.search(r"<(img|svg|iframe|object|b)\b", outside_json), page.name
        assert len(re.findall(r"<script\b", outside_json)) == len(re.findall(r"<script src=", outside_json))
        assert not re.search(r'href="\s*javascript', text, flags=re.IGNORECASE), page.name
        for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', text, flags=re.DOTALL):
            assert "<" not in block and ">" not in block
    index = (results / "report" / "index.html").read_text("utf-8")
    data = site_data(index)
    assert any(row[1] == EVIL_TITLE for row in data["posts"])
    assert str(escape(EVIL_LABEL)) in index and str(escape(EVIL_TITLE)) in index
    assert {n["label"] for n in data["network"]["nodes"]} >= {EVIL_TERM[:29] + "…"}


def test_size_per_post(results):
    """At most ~20 KB per post beyond the shared assets (pages + the post's share of the index)."""
    site = build_site(results)
    assert site.n_pages == 21
    # The index's own frame and sections are a fixed cost; what grows with the posts is their table rows.
    rows = site_data((results / "report" / "index.html").read_text("utf-8"))["posts"]
    per_post = (site.page_bytes + len(json.dumps(rows, ensure_ascii=False).encode())) / site.n_pages
    assert per_post < 20 * 1024, per_post


# ---------------------------------------------------------------------------------------------------
# Empty cases
# ---------------------------------------------------------------------------------------------------


def test_pages_written_by_worker_processes_are_the_same(results, tmp_path, monkeypatch):
    # Several chunks on two forked writers give byte for byte the pages one process writes.
    import multiprocessing

    from jpblog_nlp.render.site import pages as pages_module

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork start method here: pages are written in one process")
    # Earlier tests of a session may leave threads (a Dask client's); these writers only render and write.
    monkeypatch.setattr(pages_module, "may_fork", lambda: True)
    monkeypatch.setattr(pages_module, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(pages_module, "CHUNK_PAGES", 2)
    one = build_site(results, tmp_path / "one", workers=1)
    two = build_site(results, tmp_path / "two", workers=2)
    assert one.n_pages == two.n_pages >= 3 and one.page_bytes == two.page_bytes
    names = sorted(p.name for p in (tmp_path / "one" / "posts").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "two" / "posts").iterdir())
    for name in names:
        assert (tmp_path / "one" / "posts" / name).read_bytes() == (tmp_path / "two" / "posts" / name).read_bytes()


def test_a_damaged_analysis_is_an_empty_page_in_its_place(tmp_path):
    from jpblog_nlp.batch.store import pack
    from jpblog_nlp.render.site.pages import write_pages

    (tmp_path / "posts").mkdir()
    good = {"schema": "jpblog.post-analysis/1", "post": {"title": "三番目の記事"}}
    written = write_pages([pack(good), b"not zlib", pack(good)], tmp_path / "posts", 3, ["一", "二", "三番目の記事"])
    assert (written.n_pages, sorted(p.name for p in (tmp_path / "posts").iterdir())) == (3, ["0001.html", "0002.html", "0003.html"])
    assert "三番目の記事" in (tmp_path / "posts" / "0003.html").read_text("utf-8")
    assert 'rel="next"' in (tmp_path / "posts" / "0002.html").read_text("utf-8")


def test_one_post_without_date_or_theme(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "note.txt").write_text("今日は晴れた。空が青い。\n", encoding="utf-8")
    run_batch(root, tmp_path / "out", workers=1)
    text = (tmp_path / "out" / "report" / "index.html").read_text("utf-8")
    assert [p.name for p in (tmp_path / "out" / "report" / "posts").iterdir()] == ["0001.html"]
    for why in ("No post has a date, so there is no rhythm over time.",
                "No theme was found in any post",
                "No topics were discovered in this run",
                "Network skipped: fewer than two posts",
                "No group (year, category or author) has enough posts to compare with the rest."):
        assert why in text, why
    page = (tmp_path / "out" / "report" / "posts" / "0001.html").read_text("utf-8")
    assert 'rel="prev"' not in page and 'rel="next"' not in page and "1 / 1" in page


def test_posts_without_dates(tmp_path):
    from synthetic_corpus import write_corpus

    (tmp_path / "corpus").mkdir()
    root = write_corpus(tmp_path / "corpus")
    run_batch(root, tmp_path / "out", workers=1, topics=3)
    text = (tmp_path / "out" / "report" / "index.html").read_text("utf-8")
    data = site_data(text)
    assert data["periods"] == [] and data["rhythm"] == [] and len(data["posts"]) == 12
    assert "No post has a date, so there is no rhythm over time." in text
    assert 'id="chart-rhythm"' not in text and 'id="chart-lengths"' in text
    assert "topic sizes cannot be followed over time" in text
    assert all(row[2] == "" for row in data["posts"])


def test_stray_dates_are_left_out_of_the_time_charts():
    """A post misdated 2000 in a blog of 2010-2011 does not stretch the axis over ten empty years."""
    dates = ["2000-06-26"] + [f"2010-{m:02d}-15" for m in range(1, 13)] * 5 + ["2011-03-01", "2030-01-01"]
    days = pd.to_datetime(pd.Series(dates), format="%Y-%m-%d")
    periods = Periods(days)
    assert periods.outside == 2 and periods.labels[0] == "2010-01" and periods.labels[-1] == "2011-03"
    assert periods.of(days).isna().tolist() == [True] + [False] * 61 + [True]
    # A blog that really paused for a year keeps both stretches when each holds enough of its posts.
    dates = [f"2015-{m:02d}-01" for m in range(1, 7)] * 3 + [f"2018-{m:02d}-01" for m in range(1, 7)] * 3
    assert Periods(pd.to_datetime(pd.Series(dates), format="%Y-%m-%d")).labels[0] == "2015-01"


@pytest.mark.parametrize(("dates", "unit", "labels"), [
    ([], "month", []),
    (["2021-03-03"], "week", ["2021-03-01"]),
    (["2021-03-03", "2021-03-20"], "week", ["2021-03-01", "2021-03-08", "2021-03-15"]),
    (["2020-01-31", "2020-04-01"], "week", None),  # 61 days: weeks
    (["2020-01-31", "2020-06-01"], "month", ["2020-01", "2020-02", "2020-03", "2020-04", "2020-05", "2020-06"]),
])
def test_periods(dates, unit, labels):
    days = pd.to_datetime(pd.Series(dates, dtype=object), format="%Y-%m-%d")
    periods = Periods(days)
    assert periods.unit == unit
    if labels is not None:
        assert periods.labels == labels
    assert set(periods.of(days).dropna()) <= set(periods.labels)


@pytest.mark.parametrize(("lengths", "labels", "counts"), [
    ([], [], []),
    ([5], ["0–5"], [1]),
    ([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 1000], None, None),
])
def test_length_bins(lengths, labels, counts):
    got_labels, got_counts = length_bins(lengths)
    if labels is not None:
        assert (got_labels, got_counts) == (labels, counts)
    assert sum(got_counts) == len(lengths)
    if len(lengths) > 2:
        assert got_labels[-1].endswith("+") and got_counts[-1] >= 1  # the long tail is one open bin


@pytest.mark.parametrize(("blogs", "urls", "name"), [
    ([], [], ""),
    (["ブログA", "ブログA", None], [None] * 3, "ブログA"),
    # One named blog among news articles without a name: a corpus of many sources, no blog's name.
    (["イトーちゃんのあたまの中"] + [None] * 20, [None] * 21, ""),
    (["A", "B", "A", "B"], [None] * 4, ""),
    ([None, None, None], ["https://x.hatenablog.jp/entry/1", "https://x.hatenablog.jp/entry/2", None],
     "x.hatenablog.jp"),
])
def test_corpus_name(blogs, urls, name):
    assert corpus_name(blogs, urls) == name


@pytest.mark.parametrize(("urls", "host"), [
    ([], ""),
    ([None, "", "notes/a.txt"], ""),
    (["https://yamadattt.hatenablog.jp/entry/1", "https://yamadattt.hatenablog.jp/entry/2", None],
     "yamadattt.hatenablog.jp"),
    (["https://a.example/1", "https://b.example/2"], ""),  # no host for most posts: no name
    (["javascript:alert(1)", "http://[::1/x", "https://blog.example/1"], ""),
])
def test_usual_host_names_a_blog_without_a_name(urls, host):
    assert usual_host(urls) == host


# ---------------------------------------------------------------------------------------------------
# Network file
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "why"), [
    (None, "has no co-occurrence network"),
    ("{not json", "could not be read"),
    ('{"nodes": "x"}', "could not be read"),
    ('{"nodes": [], "edges": [], "note": "too few posts"}', "Too few posts"),
])
def test_network_absent_or_damaged(tmp_path, content, why):
    if content is not None:
        (tmp_path / "network.json").write_text(content, encoding="utf-8")
    net = read_network(tmp_path)
    assert net.data is None and why in net.why


def test_network_read_and_capped(tmp_path):
    nodes = [{"id": str(i), "label": f"語{i}", "n_posts": i, "count": i, "community": i % 20, "x": 5, "y": "a"}
             for i in range(400)]
    edges = [{"source": str(i), "target": str(i + 1), "weight": i / 400, "count": 1} for i in range(399)]
    edges.append({"source": "399", "target": "399", "weight": 1.0, "count": 1})  # a loop is not drawn
    (tmp_path / "network.json").write_text(json.dumps({"nodes": nodes, "edges": edges}), encoding="utf-8")
    net = read_network(tmp_path)
    assert len(net.data["nodes"]) == 150 and net.data["nodes"][0]["label"] == "語399"
    assert {(n["x"], n["y"]) for n in net.data["nodes"]} == {(1.0, 0.0)}  # clamped; junk becomes 0
    assert all(e[0] != e[1] for e in net.data["edges"]) and len(net.data["edges"]) == 149
    assert [c.color for c in net.legend] == list(range(len(net.legend)))  # largest community first


# ---------------------------------------------------------------------------------------------------
# Runs, changes and folders
# ---------------------------------------------------------------------------------------------------


def test_changes_since_the_last_run(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    for i, text in enumerate(["朝に走った。気持ちがいい。", "映画を観た。よかった。", "雨の日は本を読む。"]):
        (root / f"p{i}.txt").write_text(text + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run_batch(root, out, workers=1)
    first = (out / "report" / "index.html").read_text("utf-8")
    assert "First build of this site: 3 posts" in first
    (root / "p1.txt").write_text("映画を観た。最悪だった。\n", encoding="utf-8")
    (root / "p2.txt").unlink()
    (root / "p3.txt").write_text("新しい記事です。\n", encoding="utf-8")
    run_batch(root, out, workers=1)
    second = (out / "report" / "index.html").read_text("utf-8")
    counts = re.search(r'<p class="changes">(.*?)</p>', second, flags=re.DOTALL)[1]
    assert re.findall(r'<span class="chip">(\w+ \d+)</span>', counts) == ["new 1", "changed 1", "unchanged 1",
                                                                          "removed 1"]
    assert len(list((out / "report" / "posts").iterdir())) == 3  # no stale page of the removed post
    # A rebuild with nothing changed says what the last run changed, and since when.
    build_site(out)
    third = (out / "report" / "index.html").read_text("utf-8")
    assert "new 1" in third and "nothing changed since the build of" in third


def test_site_failure_is_a_note_and_keeps_the_tables(tmp_path, monkeypatch):
    import jpblog_nlp.render.site as site

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(site, "build_site", broken)
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text("今日は晴れた。\n", encoding="utf-8")
    result = run_batch(root, tmp_path / "out", workers=1)
    assert len(result.posts) == 1
    notes = json.loads((tmp_path / "out" / "batch.json").read_text("utf-8"))["notes"]
    assert "site skipped: building report/ failed (RuntimeError: disk on fire)" in notes
    assert "could not be built" in (tmp_path / "out" / "report.html").read_text("utf-8")


def test_build_site_folder_rules(results, tmp_path):
    with pytest.raises(InputError, match="is not a results folder"):
        build_site(tmp_path)
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not a site written by jpblog"):
        build_site(results, foreign)
    assert (foreign / "notes.txt").read_text("utf-8") == "mine"
    link = tmp_path / "link"
    link.symlink_to(foreign)
    with pytest.raises(InputError, match="symbolic link"):
        build_site(results, link)
    elsewhere = build_site(results, tmp_path / "elsewhere" / "site")
    assert elsewhere.n_pages == 21 and (tmp_path / "elsewhere" / "site" / "posts" / "0021.html").is_file()
    index = (tmp_path / "elsewhere" / "site" / "index.html").read_text("utf-8")
    graph = re.search(r'href="([^"]*network\.graphml)"', index)[1]
    assert ((tmp_path / "elsewhere" / "site") / graph).resolve() == (results / "network.graphml").resolve()
    assert not [p for p in tmp_path.rglob(".*new-*")]  # no temporary folder left behind


@requires_shared
@pytest.mark.slow
def test_site_of_the_mt_export_has_honest_topic_labels(tmp_path):
    """The real blog (455 posts): topic labels carry no image credit line and not the author's handle."""
    export = SHARED / "hatena" / "mt-export" / "yamadattt.hatenablog.jp.export.txt"
    run_batch(export, tmp_path / "out", workers=2)
    text = (tmp_path / "out" / "report" / "index.html").read_text("utf-8")
    labels = [t["label"] for t in site_data(text)["topics"]]
    assert labels
    for label in labels:
        assert not re.search(r"photo|unsplash|yamadatt", label, flags=re.IGNORECASE), label
    assert len(site_data(text)["posts"]) == 455


def test_a_built_site_copied_into_a_corpus_is_not_read_back(results, tmp_path):
    """The site's index and post pages are HTML, a post format: a copy of it inside a corpus folder is left
    out whole, by its site.json, with a note."""
    import shutil

    from jpblog_nlp.sources import iter_posts, scan_folder

    root = tmp_path / "corpus"
    root.mkdir()
    (root / "post.md").write_text("# 日記\n\n今日はカフェでランチをした。\n", encoding="utf-8")
    shutil.copytree(results / "report", root / "site")
    scan = scan_folder(root)
    assert scan.files == (root / "post.md",) and scan.skipped == (root / "site",)
    notes: list[str] = []
    assert len(list(iter_posts(root, notes=notes))) == 1
    assert notes == [f"{root / 'site'}: left out: a jpblog site (its pages are an analysis, not posts)"]


def test_keyness_groups_say_how_many_posts(results):
    text = (results / "report" / "index.html").read_text("utf-8")
    keyness = text.split('id="keyness"')[1].split('id="sentiment"')[0]
    # Each group says how many posts it holds: the table's posts column (the batch counts them).
    assert f'2009 <span class="muted">· {KEYNESS_POSTS["2009"]} posts</span>' in keyness
    # The fixture's keyness rows: 映画 9 times in 2009, once in the other posts.
    assert 'title="9× in this group, 1× in the other posts; log ratio 1.90">映画 <span class="n">9</span>' in keyness
