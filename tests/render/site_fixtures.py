"""Results folders for the site tests: the sample livedoor posts plus hostile posts and a hostile theme file,
batched once per test module, with a network.json and a keyness table written beside the tables.

A helper module, not a conftest.py (the top conftest's names are imported by the tests).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from test_report import HOSTILE_CLOSE, HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_URL

from conftest import CORPUS
from jpblog_nlp.batch.runner import run_batch
from jpblog_nlp.render.site import build_site

#: What a hostile post or theme file puts where the site shows text.
EVIL_TITLE = f"{HOSTILE_CLOSE}{HOSTILE_IMG} ランニング日記"
EVIL_THEME = "<script>evil</script>"
EVIL_LABEL = "<img src=x onerror=\"document.body.setAttribute('data-pwned','3')\">走る"
EVIL_TERM = "</script><script>document.body.setAttribute('data-pwned','4')</script>"

EVIL_POST = f"""---
title: {json.dumps(EVIL_TITLE)}
date: 2010-03-01
categories: [{json.dumps(HOSTILE_IMG)}, "javascript:alert(1)"]
---
[リンク]({HOSTILE_URL}) を押すとランニングの話になる。ランニングは楽しい。マラソンも好きだ。
{HOSTILE_SCRIPT}
"""

THEMES_TOML = f"""
[themes.{json.dumps(EVIL_THEME)}]
label = {json.dumps(EVIL_LABEL)}
terms = ["ランニング", "マラソン"]
"""


def network_fixture() -> dict:
    """A small network.json of the shape the batch writes, with a hostile label among ordinary ones."""
    terms = ["スマートフォン", "アプリ", "カメラ", "映画", "監督", "女性", EVIL_TERM]
    nodes = [{"id": f"n{i}", "label": t, "n_posts": 10 - i, "count": 20 - i, "community": i % 3,
              "x": round(-0.9 + 0.3 * i, 2), "y": round(0.5 - 0.15 * i, 2)} for i, t in enumerate(terms)]
    edges = [{"source": "n0", "target": "n1", "weight": 0.5, "count": 6},
             {"source": "n0", "target": "n2", "weight": 0.3, "count": 4},
             {"source": "n3", "target": "n4", "weight": 0.4, "count": 5},
             {"source": "n5", "target": "n6", "weight": 0.2, "count": 2},
             {"source": "n0", "target": "missing", "weight": 0.9, "count": 9}]
    return {"unit": "sentence", "measure": "jaccard", "n_units": 300, "n_posts": 22, "nodes": nodes,
            "edges": edges, "note": None}


#: Posts per year as the fixture's keyness table says.
KEYNESS_POSTS = {"2009": 5, "2010": 3}


def keyness_rows() -> list[dict]:
    """Rows of a keyness table: two years, two terms each, and one hostile term."""
    rows = []
    for year, terms in (("2009", ["映画", "監督"]), ("2010", ["スマートフォン", EVIL_TERM])):
        for rank, term in enumerate(terms, start=1):
            rows.append({"facet": "year", "group": year, "posts": KEYNESS_POSTS[year], "rank": rank, "term": term, "norm": term,
                         "count": 10 - rank, "other": 1, "log_likelihood": 12.5 - rank, "log_ratio": 2.0 - rank / 10})
    return rows


def make_hostile_corpus(root: Path) -> Path:
    """The sample livedoor posts (dated 2009-2010) and one hostile Markdown post."""
    root.mkdir(parents=True)
    shutil.copytree(CORPUS / "livedoor", root / "livedoor")
    (root / "evil.md").write_text(EVIL_POST, encoding="utf-8")
    return root


_BUILT: list[Path] = []


def build_results(base: Path) -> Path:
    """Batch the hostile corpus with the hostile theme file, add network and keyness files, rebuild the site.

    Built once per test session (the unit and the browser tests read the same folder and only rebuild the
    site in it); ``base`` is used by the first caller.
    """
    import pandas as pd

    if _BUILT and (_BUILT[0] / "report" / "index.html").is_file():
        return _BUILT[0]

    root = make_hostile_corpus(base / "corpus")
    themes = base / "themes.toml"
    themes.write_text(THEMES_TOML, encoding="utf-8")
    out = base / "out"
    run_batch(root, out, workers=1, topics=3, options={"themes": str(themes)})
    (out / "network.json").write_text(json.dumps(network_fixture(), ensure_ascii=False), encoding="utf-8")
    (out / "network.graphml").write_text("<graphml/>", encoding="utf-8")
    pd.DataFrame(keyness_rows()).to_parquet(out / "keyness.parquet")
    build_site(out)
    _BUILT[:] = [out]
    return out
