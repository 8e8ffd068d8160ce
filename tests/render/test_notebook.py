"""The notebook view of a post analysis (``PostAnalysis._repr_html_``)."""

from __future__ import annotations

from full_analysis import FULL  # tests/ is on sys.path (conftest.py)
from jpblog_nlp.render.notebook import post_analysis_html


def test_post_analysis_html_escapes_and_shows_sections():
    html = post_analysis_html(FULL)
    assert "<h4>【SNS】影響力</h4>" in html
    assert "&lt;b&gt;影響力&lt;/b&gt;とは" in html and "<b>影響力</b>" not in html
    for heading in ("Sentiment", "Emotions", "Keywords", "Themes", "Summary"):
        assert f"<h5>{heading}</h5>" in html
    assert post_analysis_html({}).startswith('<div class="jpblog-post"><h4>(no title)</h4>')
