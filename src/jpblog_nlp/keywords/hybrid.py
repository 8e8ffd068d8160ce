"""``hybrid`` (the default): FLR damped by the background IDF.

FLR alone promotes frequent everyday nouns (言葉, 時間, 今日) that every post uses; the IDF factor (shipped
table, no corpus needed from the user) pushes them down while a post's own compounds keep their FLR weight.
Chosen after ``scripts/eval_keywords.py`` (see ``api.DEFAULT_METHOD`` for the figures).

Two penalties against the generic nouns that fill a long post's slots (者, 寺, 神, 心, 研究, 日本):

- a one-character term's score is multiplied by ``SINGLE_CHAR_FACTOR``: a lone kanji is mostly a bound
  morpheme split off a compound (者, 的, 性) or a broad everyday word (心, 神, 花), and the idea a reader
  names is the compound it belongs to;
- a two-character dictionary word (a single unit: 写真, 歴史, 情報, 映画, 集団) is multiplied by
  ``TWO_CHAR_WORD_FACTOR``: most everyday Japanese vocabulary is two-kanji Sino-Japanese words, and the
  shipped background (685 documents) has never seen many of them (歴史, 集団, 新聞 get the highest IDF),
  so length stands in for the frequency the table lacks; a two-character compound (水俣 + 病 is three)
  or a longer word is the post's own, and is left alone;
- on a long post (more than ``LONG_POST_CANDIDATES`` candidates) the IDF is squared: frequencies
  grow with length and a common noun used throughout (研究, 日本) gains count faster than the post's own
  terms, so the background must weigh more;
- on a long post, a single word that is not a dictionary name (大学, 記憶, ガイド, 分析; not クララ,
  東京) is multiplied by ``LONG_POST_WORD_FACTOR``: over 10,000 characters an ordinary word recurs
  through sheer length, while the ideas a reader lists are the post's compounds (経営戦略, 神経回路)
  and names; the background is too small to tell every such word apart.

On keyphrase-dev (with fold.fold_nested) hybrid recall@10 went 0.371 -> 0.392: 200 chars 0.565 -> 0.569,
2,000 chars 0.363 -> 0.369, 20,000 chars 0.186 -> 0.239; livedoor distinctiveness 2.4 -> 2.2.  The
two-character factor then took it 0.392 -> 0.411 (200 chars 0.569 -> 0.584, 2,000 chars 0.369 -> 0.390,
20,000 chars 0.239 -> 0.260; recall@20 0.547 -> 0.559); factors 0.5 to 0.7 all gave 0.409 to 0.411.
The long-post word factor took 20,000-character posts 0.260/0.373 -> 0.301/0.384 (recall@10/@20; overall
0.424/0.567 -> 0.437/0.571); factors 0.3 to 0.5 gave 0.280 to 0.301, 0.6 to 0.8 about nothing.
"""

from __future__ import annotations

import math
from itertools import repeat

from .background import Background, default_background
from .candidates import TermStats
from .flr import lr_factors

#: Score multiplier for a one-character term (see the module docstring).
SINGLE_CHAR_FACTOR = 0.3
#: Score multiplier for a two-character single-unit term (see the module docstring).
TWO_CHAR_WORD_FACTOR = 0.6
#: Score multiplier for a single word other than a dictionary name on a long post (module docstring).
LONG_POST_WORD_FACTOR = 0.4
#: A post with more candidates than this (about 10,000 characters and up) is long for the scores above.
LONG_POST_CANDIDATES = 800


def score_hybrid(st: TermStats, background: Background | None = None) -> list[float]:
    """FLR × IDF: the post's own term structure, with everyday nouns pushed down by the background."""
    bg = background or default_background()
    # Background.idf and score_flr written out (same arithmetic, same order): one pass, no call per term.
    log = math.log
    n_docs = bg.n_docs + 1
    df = bg.df.get
    long_post = len(st) > LONG_POST_CANDIDATES
    power = 2 if long_post else 1
    # Priors of a single word, by key length: one character, two, longer; on a long post, times the
    # long-post factor unless it is a dictionary name.
    prior = (1.0, SINGLE_CHAR_FACTOR, TWO_CHAR_WORD_FACTOR)
    word = LONG_POST_WORD_FACTOR if long_post else 1.0
    # Names are looked up on long posts only; elsewhere every single word keeps factor 1.
    names = st.names() if long_post else repeat(False)
    return [
        c * lr * (log(n_docs / (df(norm, 0) + 1)) + 1.0) ** power
        * ((prior[len(norm)] if len(norm) < 3 else 1.0) * (1.0 if proper else word) if len(units) == 1 else 1.0)
        for c, lr, norm, units, proper in zip(st.counts, lr_factors(st), st.norms, st.units, names, strict=False)
    ]

__all__ = [
    "LONG_POST_CANDIDATES", "LONG_POST_WORD_FACTOR", "SINGLE_CHAR_FACTOR", "TWO_CHAR_WORD_FACTOR", "score_hybrid",
]
