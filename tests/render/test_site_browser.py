"""The corpus site in real Chromium (Python playwright, the Debian ``chromium``; no browser download):
the index opened from file://, its posts table filtered, sorted and searched, a post opened from it and
left again, the network's tooltip on hover; no request leaves file://, no console error, no hostile
string runs. Skips cleanly when chromium or playwright is absent.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_fixtures import EVIL_LABEL, EVIL_TITLE, build_results

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")

def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll ``expression`` (a JavaScript function) until it returns true.

    Not ``page.wait_for_function``: before playwright 1.4x its polling evaluated the predicate with
    ``eval`` inside the page, which the site's Content-Security-Policy (no 'unsafe-eval') refuses;
    ``page.evaluate`` goes through the DevTools protocol, which the policy does not govern.
    """
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)


ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    return build_results(tmp_path_factory.mktemp("site-browser"))


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page with every request that left file:// and every console error or page error recorded."""

    def __init__(self, browser) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.remote: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: None if r.url.startswith("file://") else self.remote.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def clean(self) -> None:
        assert self.remote == [] and self.errors == []
        assert self.page.evaluate("document.body.dataset.pwned") is None
        assert "PWNED" not in self.page.title()


@pytest.fixture()
def watched(browser):
    w = Watched(browser)
    yield w
    w.page.close()


def visible_rows(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('#posts-body tr')).map(tr => ({
        href: tr.dataset.href, date: tr.querySelector('td.date') ? tr.querySelector('td.date').textContent : null,
        title: tr.querySelector('td.title a') ? tr.querySelector('td.title a').textContent : null,
        themes: Array.from(tr.querySelectorAll('td.themes .chip')).map(c => c.textContent)}))""")


def test_index_draws_everything(results, watched):
    page = watched.page
    page.goto((results / "report" / "index.html").as_uri())
    page.wait_for_selector("body[data-site-ready='1']")
    for chart in ("chart-rhythm", "chart-lengths", "chart-sentiment", "network-canvas"):
        assert page.get_attribute(f"#{chart}", "data-drawn") == "1", chart
    # Small multiples: one chart per theme (at most 8) and per topic, each captioned with its label,
    # drawn once scrolled near.
    for box in ("theme-multiples", "topic-multiples"):
        page.evaluate(f"document.getElementById('{box}').scrollIntoView()")
        wait_until(page, f"() => Array.from(document.querySelectorAll('#{box} canvas')).every(c => c.dataset.drawn)")
        drawn = page.eval_on_selector_all(f"#{box} canvas", "cs => cs.map(c => c.dataset.drawn)")
        assert 1 <= len(drawn) <= 8 and set(drawn) == {"1"}, box
    captions = page.eval_on_selector_all("#theme-multiples figcaption", "fs => fs.map(f => f.textContent)")
    assert len(captions) == len(set(captions)) and all(captions)
    assert page.text_content("#posts-count") == "21 posts"
    assert len(visible_rows(page)) == 21
    # The hostile title is shown as text, in the table and in the theme select's labels.
    assert EVIL_TITLE in [r["title"] for r in visible_rows(page)]
    assert EVIL_LABEL in page.eval_on_selector_all("#f-theme option", "os => os.map(o => o.textContent)")
    watched.clean()


def test_theme_charts_switch_between_share_and_stance(results, watched):
    page = watched.page
    page.goto((results / "report" / "index.html").as_uri())
    page.wait_for_selector("body[data-site-ready='1']")

    def shown() -> tuple[str, list[float], str]:
        box = "document.getElementById('theme-multiples')"
        return (page.evaluate(f"{box}.dataset.measure"),
                page.evaluate(f"[{box}.jpblogCharts[0].options.scales.y.min, {box}.jpblogCharts[0].options.scales.y.max]"),
                page.get_attribute("#themes .seg button[aria-pressed='true']", "data-measure"))

    page.evaluate("document.getElementById('themes').scrollIntoView()")
    wait_until(page, "() => (document.getElementById('theme-multiples').jpblogCharts || []).length > 0")
    measure, (low, high), pressed = shown()
    assert measure == "share of posts" and pressed == "share" and low == 0 and 0 < high <= 1
    n = page.eval_on_selector_all("#theme-multiples canvas", "cs => cs.length")
    page.click("#themes .seg button[data-measure='stance']")
    wait_until(page, "() => document.querySelectorAll('#theme-multiples canvas[data-drawn]').length"
                           " === document.querySelectorAll('#theme-multiples canvas').length")
    assert shown() == ("stance", [-1, 1], "stance")
    drawn = page.eval_on_selector_all("#theme-multiples canvas", "cs => cs.map(c => c.dataset.drawn)")
    assert drawn == ["1"] * n
    page.click("#themes .seg button[data-measure='share']")
    wait_until(page, "() => document.getElementById('theme-multiples').dataset.measure === 'share of posts'")
    watched.clean()


def test_filter_by_theme_open_a_post_and_go_back(results, watched):
    page = watched.page
    page.goto((results / "report" / "index.html").as_uri())
    page.wait_for_selector("body[data-site-ready='1']")
    option = page.eval_on_selector("#f-theme option:nth-child(2)", "o => ({value: o.value, label: o.textContent})")
    page.select_option("#f-theme", option["value"])
    rows = visible_rows(page)
    assert 0 < len(rows) < 21
    assert all(option["label"] in r["themes"] for r in rows)
    assert page.text_content("#posts-count") == f"{len(rows)} of 21 posts"
    first = rows[0]
    page.click(f"#posts-body tr[data-href='{first['href']}'] td.title a")
    page.wait_for_load_state()
    assert page.url.endswith(first["href"])
    assert page.text_content("h1") == first["title"]
    page.wait_for_selector("body[data-charts-drawn]")
    assert page.get_attribute("body", "data-charts-drawn") == page.get_attribute("body", "data-charts-expected")
    assert page.is_visible("nav.sitenav a.home")
    page.go_back()
    page.wait_for_selector("body[data-site-ready='1']")
    # The filter survives the way back (it is kept in the address's #posts?theme=...).
    assert page.input_value("#f-theme") == option["value"]
    assert [r["href"] for r in visible_rows(page)] == [r["href"] for r in rows]
    watched.clean()


def test_post_page_nav_links(results, watched):
    page = watched.page
    page.goto((results / "report" / "posts" / "0002.html").as_uri())
    page.wait_for_selector("body[data-charts-drawn]")
    # The themes chart's marks take their sentence's text from the page's sentence list (written once).
    mark = page.evaluate("Chart.getChart('chart-themes').data.datasets[0].data[0]")
    first = page.text_content(f"ol.sentences > li[value='{mark['n']}'] .text")
    assert mark["text"] and first.startswith(mark["text"].rstrip("…"))
    page.click("a[rel='next']")
    page.wait_for_load_state()
    assert page.url.endswith("/posts/0003.html")
    page.click("a.home")
    page.wait_for_selector("body[data-site-ready='1']")
    assert page.url.endswith("/report/index.html#posts")
    watched.clean()


def test_sort_by_date_and_search(results, watched):
    page = watched.page
    page.goto((results / "report" / "index.html").as_uri())
    page.wait_for_selector("body[data-site-ready='1']")
    page.click("#posts-table th[data-sort='date']")  # newest first
    dates = [r["date"] for r in visible_rows(page)]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2010-05-31"
    page.click("#posts-table th[data-sort='date']")
    assert [r["date"] for r in visible_rows(page)] == sorted(dates)
    page.fill("#f-search", "ランニング日記")
    rows = visible_rows(page)
    assert [r["title"] for r in rows] == [EVIL_TITLE]
    page.fill("#f-search", "存在しない言葉")
    assert page.text_content("#posts-body") == "No post matches these filters."
    watched.clean()


def test_network_tooltip_on_hover(results, watched):
    page = watched.page
    page.goto((results / "report" / "index.html").as_uri())
    page.wait_for_selector("body[data-site-ready='1']")
    page.evaluate("document.getElementById('network').scrollIntoView()")
    at = page.evaluate("window.jpblogNetwork.nodeAt('スマートフォン')")
    page.mouse.move(at["x"], at["y"])
    tip = page.locator("#network-tip")
    tip.wait_for(state="visible")
    text = tip.text_content()
    assert text.startswith("スマートフォン") and "10 posts" in text and "アプリ" in text and "カメラ" in text
    # Drag the node: it follows the pointer.
    page.mouse.down()
    page.mouse.move(at["x"] + 80, at["y"] + 40, steps=4)
    page.mouse.up()
    moved = page.evaluate("window.jpblogNetwork.nodeAt('スマートフォン')")
    assert abs(moved["x"] - at["x"] - 80) < 2 and abs(moved["y"] - at["y"] - 40) < 2
    # Wheel zoom around the pointer keeps the node under it.
    page.mouse.wheel(0, -400)
    zoomed = page.evaluate("window.jpblogNetwork.nodeAt('スマートフォン')")
    assert abs(zoomed["x"] - moved["x"]) < 2 and abs(zoomed["y"] - moved["y"]) < 2
    watched.clean()


def test_hostile_post_page_runs_nothing(results, watched):
    page = watched.page
    page.goto((results / "report" / "index.html").as_uri())
    page.wait_for_selector("body[data-site-ready='1']")
    page.fill("#f-search", "ランニング日記")
    page.click("#posts-body td.title a")
    page.wait_for_selector("body[data-charts-drawn]")
    assert page.text_content("h1") == EVIL_TITLE
    assert page.locator("img, iframe, object").count() == 0
    watched.clean()


def crowded_network(n: int = 18) -> dict:
    """A network.json whose layout piles every node onto nearly one point, with long and short labels."""
    words = ["状態", "状況", "確認", "実施", "新型コロナウイルス", "購入", "使用", "在宅テレワーク", "アプリ",
             "写真", "便利", "記録", "作業", "シェアオフィス", "時間", "ランチ", "勉強", "コーヒー"]
    nodes = [{"id": f"n{i}", "label": words[i % len(words)], "n_posts": 40 - 2 * i, "count": 50 - i,
              "community": i % 4, "x": round(0.01 * (i % 3), 3), "y": round(0.01 * (i % 5), 3)} for i in range(n)]
    edges = [{"source": f"n{i}", "target": f"n{(i + 1) % n}", "weight": 0.3, "count": 5} for i in range(n)]
    return {"unit": "sentence", "measure": "jaccard", "n_units": 300, "n_posts": 40, "nodes": nodes,
            "edges": edges, "note": None}


def boxes_overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def circle_meets_box(c: dict, b: dict) -> bool:
    nx = max(b["x"], min(c["x"], b["x"] + b["w"]))
    ny = max(b["y"], min(c["y"], b["y"] + b["h"]))
    return ((c["x"] - nx) ** 2 + (c["y"] - ny) ** 2) ** 0.5 < c["r"] - 0.5


def test_crowded_network_is_spread_and_labels_do_not_collide(results, watched, tmp_path):
    """Nodes piled onto one point by the layout are pushed apart on the canvas; no label covers another
    label or a node; a label left out for lack of room shows while its node is hovered."""
    import json

    from jpblog_nlp.render.site import build_site

    copy = tmp_path / "results"
    shutil.copytree(results, copy, ignore=shutil.ignore_patterns("report"))
    (copy / "network.json").write_text(json.dumps(crowded_network(), ensure_ascii=False), encoding="utf-8")
    build_site(copy)
    page = watched.page
    page.goto((copy / "report" / "index.html").as_uri())
    page.wait_for_selector("body[data-site-ready='1']")
    drawn = page.evaluate("window.jpblogNetwork.drawn()")
    nodes, labels = drawn["nodes"], drawn["labels"]
    assert len(nodes) == 18
    for i, a in enumerate(nodes):
        assert a["r"] <= a["x"] <= drawn["width"] - a["r"] and a["r"] <= a["y"] <= drawn["height"] - a["r"]
        for b in nodes[i + 1:]:
            assert ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 >= a["r"] + b["r"] - 0.5, (a, b)
    assert len(labels) >= 9  # most terms keep their label
    for i, a in enumerate(labels):
        assert not any(boxes_overlap(a, b) for b in labels[i + 1:]), a
        assert not any(circle_meets_box(c, a) for c in nodes if c["label"] != a["label"]), a
    hidden = sorted({n["label"] for n in nodes} - {lab["label"] for lab in labels})
    target = hidden[0] if hidden else nodes[-1]["label"]  # a label left out, else the smallest node's
    page.evaluate("document.getElementById('network').scrollIntoView()")
    at = page.evaluate(f"window.jpblogNetwork.nodeAt({json.dumps(target)})")
    page.mouse.move(at["x"], at["y"])
    page.locator("#network-tip").wait_for(state="visible")
    assert target in {lab["label"] for lab in page.evaluate("window.jpblogNetwork.drawn()")["labels"]}
    watched.clean()
