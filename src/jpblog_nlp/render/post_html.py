"""The single-post report as one self-contained HTML page with charts (``jpblog analyze --format html``).

Text from the post is untrusted: everything is escaped (Jinja2 autoescape), chart data is handed over
as JSON that cannot close its ``<script>`` element, only http(s) URLs become links, and a strict
Content-Security-Policy allows exactly the two inline scripts of the page (by hash). The page template,
CSS, page script and Chart.js are in ``render/templates/``; the compiled template is cached on disk.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import stat
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .text import clip
from .view import (
    EMOTION_WHEEL,
    PostView,
    arc_phrase,
    arc_values,
    format_score,
    http_url,
    length_line,
    percent,
    read_view,
    sentence_positions,
    short_date,
    signed,
    stance_arc,
)

_SCRIPT_END = re.compile(r"</script|<!--|<script", re.IGNORECASE)


#: The site's shared files: the stylesheet, the post page script and Chart.js (``assets``).
STYLESHEET, PAGE_SCRIPT, CHART_SCRIPT = "report.css", "report.js", "chart.umd.min.js"


@lru_cache(maxsize=8)
def template_file(name: str) -> str:
    """A file of ``render/templates/`` (``vendor/`` for Chart.js), as text.

    Chart.js loses its source-map comment: the map file is not shipped, and a page opened from disk must
    make no requests. A script that holds ``</script`` or ``<!--`` could not be inlined safely.
    """
    base = resources.files("jpblog_nlp.render") / "templates"
    path = base / "vendor" / name if name == CHART_SCRIPT else base / name
    text = path.read_text(encoding="utf-8")
    if name == CHART_SCRIPT:
        text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)
    if name.endswith(".j2"):
        # The templates' own indentation is for their reader, not the browser: dropped, it saves about 1 KB
        # on each of a site's thousands of post pages. Only the template's text loses it; post text is
        # inserted at render time, as written.
        text = re.sub(r"^[ \t]+", "", text, flags=re.MULTILINE)
    if name.endswith(".js") and _SCRIPT_END.search(text):  # would end the inline <script> early
        raise RuntimeError(f"{name} contains '</script' or '<!--' and cannot be inlined")
    return text


def _csp_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become \\u003c, \\u003e, \\u0026 so no ``</script>`` or ``<!--`` can occur,
    and U+2028/U+2029 are escaped because older JavaScript parsers treat them as line ends.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _chart_data(view: PostView) -> dict[str, Any]:
    """What the page script needs to draw the four charts.

    Sentences are named by number only: the tooltips take their text from the page's own sentence list
    (``ol.sentences``), so a post page carries each sentence once (a site of thousands of post pages
    stays within about 20 KB a post).
    """
    positions = sentence_positions(view)
    names = dict(EMOTION_WHEEL)
    return {
        "n_sentences": view.n_sentences or len(view.sentences),
        "trajectory": [{"x": round(p * 100, 2), "y": s} for p, s in sorted(view.trajectory)],
        "sentences": [
            {"x": round(positions[s.index] * 100, 2), "y": s.score, "n": s.index + 1}
            for s in view.sentences if s.score is not None
        ],
        "themes": [
            {
                "label": clip(theme.label, 24),
                "points": [
                    _point(pos, idx, theme)
                    for pos, idx in zip(theme.positions, _pad_list(theme.sentences, len(theme.positions)),
                                        strict=True)
                ],
            }
            for theme in view.themes
        ],
        "keywords": [{"term": clip(k.term, 24), "score": k.score, "count": k.count}
                     for k in view.keywords[:15] if k.score is not None or k.count is not None],
        "emotions": [{"key": key, "label": f"{names[key]} {key}", "value": view.emotions[key]}
                     for key, _ in EMOTION_WHEEL if key in view.emotions],
    }


def _point(pos: float, idx: int | None, theme: Any) -> dict[str, Any]:
    """One mark of the themes chart (its sentence's text is read from the page, see ``_chart_data``)."""
    return {
        "x": round(pos * 100, 2),
        "n": (idx + 1) if idx is not None else None,
        "score": theme.occurrences.get(idx) if idx is not None else None,
    }


def _pad_list(values: list[int], n: int) -> list[int | None]:
    """The list cut or padded with None to length n (positions and sentences should match, but may not)."""
    return [values[i] if i < len(values) else None for i in range(n)]


def _bytecode_cache():  # type: ignore[no-untyped-def]
    """Jinja's compiled-template cache in the user's cache folder, or None where none can be written.

    Compiling the page template costs about 50 ms of every `jpblog analyze --format html`; the cache is
    keyed by the template's checksum, so an upgraded template is compiled again.
    """
    import jinja2

    class QuietCache(jinja2.FileSystemBytecodeCache):
        def _regular(self, bucket) -> bool:  # type: ignore[no-untyped-def]
            """True when the cache file is a regular file or absent: a FIFO there would block the read for
            ever, and a symlink or device would be replaced by the write (``safe_io``'s rule)."""
            try:
                return stat.S_ISREG(os.lstat(self._get_cache_filename(bucket)).st_mode)
            except FileNotFoundError:
                return True
            except OSError:
                return False

        def load_bytecode(self, bucket):  # type: ignore[no-untyped-def]
            if self._regular(bucket):
                with contextlib.suppress(OSError):
                    super().load_bytecode(bucket)

        def dump_bytecode(self, bucket):  # type: ignore[no-untyped-def]
            if self._regular(bucket):
                with contextlib.suppress(OSError):  # a read-only or full disk costs speed, not the report
                    super().dump_bytecode(bucket)

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "jpblog-nlp" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return QuietCache(str(folder))


@lru_cache(maxsize=1)
def environment():  # type: ignore[no-untyped-def]
    """The Jinja environment of every HTML page (post report, site pages): autoescaping always on, since
    every post string is untrusted; templates compiled once per process and cached on disk."""
    import jinja2

    def load(name: str) -> tuple[str, None, Any]:
        return template_file(name), None, lambda: True

    return jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        loader=jinja2.FunctionLoader(load), bytecode_cache=_bytecode_cache(),
    )


def post_context(data: dict[str, Any]) -> dict[str, Any]:
    """What ``post.html.j2`` shows of one analysis (the same for the single report and the site's pages)."""
    from markupsafe import Markup

    from .. import __version__

    view = read_view(data)
    chart_data = _chart_data(view)
    # A canvas is on the page exactly when the page script has data to draw on it.
    charts = {
        "arc": bool(chart_data["trajectory"] or chart_data["sentences"]),
        "themes": bool(chart_data["themes"]),
        "keywords": bool(chart_data["keywords"]),
        "emotions": bool(chart_data["emotions"]),
    }
    summary_indices = {i for i, _ in view.summary if i is not None}
    theme_labels = {t.name: t.label for t in view.themes if t.name}
    top_emotions = sorted(((v, k) for k, v in view.emotions.items() if v > 0), reverse=True)
    names = dict(EMOTION_WHEEL)
    return {
        "lang": "ja",
        "data_json": Markup(script_json(chart_data)),
        "charts": charts,
        "theme_tones": any(t.occurrences for t in view.themes),
        "charts_expected": sum(charts.values()),
        "v": view,
        "title": view.title or "(no title)",
        "date": short_date(view.published),
        "length_line": length_line(view),
        "url": http_url(view.url),
        "tags": view.hashtags + [c for c in view.categories if c not in view.hashtags],
        "signed": signed,
        "stance_arc": stance_arc,
        "fmt_score": format_score,
        "percent": percent,
        "summary_indices": summary_indices,
        "theme_labels": theme_labels,
        "arc_phrase": arc_phrase(arc_values(view)),
        "top_emotions": [(names[k], k, v) for v, k in top_emotions[:3]],
        "version": __version__,
        "nav": None,
    }


def site_csp() -> str:
    """The Content-Security-Policy of the site's pages (opened from disk, file://).

    Scripts and the stylesheet are the site's own files under ``assets/``: ``'self'``, which Chromium
    matches for a file:// page loading files beside it (tested in ``tests/render/test_site_browser.py``).
    Hashes cannot name them there: a hash allows an external script only with an ``integrity`` attribute,
    and Subresource Integrity needs CORS, which file:// does not have. No inline script, no inline style,
    no request leaves the disk (``connect-src 'none'``, images only from the site or data: URLs).
    """
    return "; ".join([
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "connect-src 'none'", "base-uri 'none'", "form-action 'none'",
    ])


def render_html(data: dict[str, Any], *, color: bool = False) -> str:
    """Render the report as one self-contained HTML page with charts.

    ``color`` is taken for every format alike (``registry.REPORT_FORMATS``) and has no effect here.

    The page makes no network requests: Chart.js, the page script and the CSS are inlined, fonts are
    the reader's own. A Content-Security-Policy allows only those two scripts and that one stylesheet
    (by SHA-256), so even text that slipped past escaping could not run; sizes are set by the page script
    through the CSSOM, so no inline style attribute is needed either.

    Args:
        data: The post-analysis dict (``PostAnalysis.to_dict()``).

    Returns:
        The HTML document.
    """
    from markupsafe import Markup

    css, page_js, chart_js = (template_file(n) for n in (STYLESHEET, PAGE_SCRIPT, CHART_SCRIPT))
    context = post_context(data)
    context.update({
        "csp": "; ".join([
            "default-src 'none'",
            f"script-src {_csp_hash(chart_js)} {_csp_hash(page_js)}",
            f"style-src {_csp_hash(css)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]),
        "assets": None,
        "css": Markup(css),
        "inline_scripts": [Markup(chart_js), Markup(page_js)],
    })
    return environment().get_template("post.html.j2").render(**context)
