"""The corpus report of a batch (``report.md``, ``report.html``) built from the batch's tables."""

from __future__ import annotations

import pandas as pd
import pytest

from full_analysis import FULL  # tests/ is on sys.path (conftest.py)
from jpblog_nlp.batch import tables
from jpblog_nlp.render.corpus import _usual_forms, write_corpus_report


def _variant(i: int, month: str, score: float, theme_stance: str | None) -> dict:
    """A full analysis document with its own id, date, sentiment and theme."""
    import copy

    data = copy.deepcopy(FULL)
    data["post"].update(id=f"p{i}", title=f"記事{i}", published=f"{month}-0{i % 9 + 1}T00:00:00+09:00", n_chars=100 * i)
    data["sentiment"].update(score=score, label="positive" if score > 0 else "negative")
    data["themes"][0]["sentiment"]["label"] = theme_stance
    if theme_stance is None:
        data["themes"] = []
    return data


def test_corpus_report_with_every_section(tmp_path):
    docs = [_variant(1, "2018-09", 0.5, "positive"), _variant(2, "2018-10", -0.25, "negative"),
            _variant(3, "2018-10", 0.75, None), _variant(4, "2018-11", -1.0, "mixed")]
    tables.write_rows(tmp_path, "posts", [tables.post_row(d) for d in docs])
    tables.write_rows(tmp_path, "keywords", [r for d in docs for r in tables.keyword_rows(d)])
    tables.write_rows(tmp_path, "themes", [r for d in docs for r in tables.theme_rows(d)])
    html_path, md_path = write_corpus_report(tmp_path, notes=["topics skipped: test"])
    md = md_path.read_text("utf-8")
    assert md.startswith("# Corpus report (4 posts)\n")
    assert "topics skipped: test" in md
    assert "| first post | 2018-09-02 |" in md and "| last post | 2018-11-05 |" in md
    assert "| influence | 3 | 0.80 | -0.10 | 1 | 1 | 1 |" in md  # theme, posts, score, stance, counts by label
    assert "| 2018-10 | 2 | 0.25 | 0.50 |" in md  # month, posts, mean sentiment, influence share
    assert "| most negative | 記事4 | corpus/itochan-influence.txt | -1.00 |" in md
    assert "| positive | 2 |" in md and "| negative | 2 |" in md
    html = html_path.read_text("utf-8")
    # No site was built here (tables alone): the alias says so and points to the Markdown report.
    assert "<script" not in html and 'href="report.md"' in html and "refresh" not in html



def test_corpus_report_without_a_negative_post(tmp_path):
    docs = [_variant(1, "2018-09", 0.5, "positive"), _variant(2, "2018-10", -0.03, None)]
    docs[1]["sentiment"]["label"] = "neutral"
    tables.write_rows(tmp_path, "posts", [tables.post_row(d) for d in docs])
    md = write_corpus_report(tmp_path)[1].read_text("utf-8")
    stand_out = md.split("## Posts that stand out")[1]
    assert "| most positive | 記事1 | corpus/itochan-influence.txt | 0.50 |" in stand_out
    # A neutral post at -0.03 is not negative: the report says so rather than naming it "most negative".
    assert "most negative" not in stand_out
    assert "No post is negative; the lowest sentiment score is -0.03." in stand_out
    assert "No post is positive" not in stand_out

@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], {}),
        ([("sns", "SNS")], {"sns": "SNS"}),
        # The most frequent written form wins; among equally frequent ones, the first in sort order.
        ([("sns", "sns"), ("sns", "SNS"), ("sns", "ＳＮＳ"), ("sns", "sns")], {"sns": "sns"}),
        ([("影響力", "影響力"), ("sns", "Sns"), ("sns", "SNS")], {"sns": "SNS", "影響力": "影響力"}),
    ],
)
def test_keyword_shown_in_its_usual_form(rows, expected):
    frame = pd.DataFrame(rows, columns=["norm", "term"])
    assert _usual_forms(frame).to_dict() == expected
