"""Corpus-level cleaning, decided once per batch: a blog's boilerplate lines and its own names.

Whether a line is boilerplate (an image credit, a signature, a share prompt) is only known over the whole
corpus (``explore.boilerplate``), so a worker records each post's lines and the terms in them
(``worker.term_bag``) and this module decides, in one pass over the stored term lists
(``scan_cleaning``).  Its result, a ``CorpusCleaning``, is handed to every corpus step that must not see
boilerplate or the blog's names: topics, the co-occurrence network, the keyness table, and the
``keywords`` and summary columns of the tables.  ``clean_post`` applies it to one stored term list.

The stored analyses are never changed: the cleaning is applied when the corpus outputs are written, so an
incremental batch decides again over the corpus as it is now.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..explore.boilerplate import Boilerplate, select
from .store import ResultStore

_NO_KEYS: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CorpusCleaning:
    """What the corpus outputs leave out, decided once over a batch's stored term lists.

    Attributes:
        boilerplate: The boilerplate lines found (keys are ``boilerplate.digest`` values).
        keys: Blog -> digests of its boilerplate lines.
        names: Matching keys of the blogs' own names (authors, titles, handles in the domains).
        n_posts: Term lists read.
        n_sentence_level: How many of them record their sentences (a store written before per-sentence
            data was recorded has none; its network falls back to posts as units).
    """

    boilerplate: Boilerplate
    keys: Mapping[str, frozenset[str]]
    names: frozenset[str]
    n_posts: int
    n_sentence_level: int

    @property
    def sentence_level(self) -> bool:
        """Whether every post records its sentences (so sentences can be the network's units)."""
        return self.n_sentence_level == self.n_posts

    def blog_keys(self, blog: str) -> frozenset[str]:
        """The digests of one blog's boilerplate lines."""
        return self.keys.get(blog, _NO_KEYS)


@dataclass(frozen=True, slots=True)
class CleanPost:
    """One post's stored terms with boilerplate and the blog's names left out.

    The tuples ``norms``, ``texts``, ``kinds`` and ``counts`` are parallel (one entry per distinct term
    of the post, in the stored order) so that a post costs a few tuples, not an object per term.

    Attributes:
        post_id: The post's id.
        norms: Matching keys.
        texts: Written forms.
        kinds: Term kinds ("compound", "noun").
        counts: Occurrences outside boilerplate lines; 0 for the blog's own names.
        units: Per sentence outside boilerplate lines, the indices of its terms that count (ascending);
            None when the post records no sentences (a store from before).
        boilerplate_sentences: Indices of the sentences that start in a boilerplate line.
        dropped: Keys of terms that occur only in boilerplate lines, or are the blog's names.
        heads: (term index, occurrences) of the terms heading a line outside boilerplate lines
            (``worker.term_bag``'s ``heads``); empty for a store from before.
        boilerplate_lines: Per boilerplate line of the post, in text order: the digest that made it
            boilerplate (the first of its keys that is) and the (term index, occurrences) in it.
    """

    post_id: str
    norms: tuple[str, ...]
    texts: tuple[str, ...]
    kinds: tuple[str, ...]
    counts: tuple[int, ...]
    units: tuple[tuple[int, ...], ...] | None
    boilerplate_sentences: frozenset[int]
    dropped: frozenset[str]
    heads: tuple[tuple[int, int], ...] = ()
    boilerplate_lines: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = ()


def as_record(record: Any) -> dict[str, Any]:
    """A stored term list as the dict ``worker.term_bag`` writes (a store from before held a bare list)."""
    return record if isinstance(record, dict) else {"terms": record}


def scan_cleaning(store: ResultStore) -> CorpusCleaning:
    """Count every stored post's lines per blog and decide the boilerplate: one pass, flat memory."""
    line_counts: dict[str, Counter[str]] = defaultdict(Counter)
    sizes: Counter[str] = Counter()
    names: set[str] = set()
    n_posts = n_sentence_level = 0
    for _, raw in store.iter_terms():
        record = as_record(raw)
        blog = record.get("blog", "")
        sizes[blog] += 1
        n_posts += 1
        n_sentence_level += "sentences" in record
        line_counts[blog].update({key for keys, _ in record.get("lines", ()) for key in keys})
        names.update(record.get("names", ()))
    boilerplate = select(line_counts, sizes)
    keys = MappingProxyType({blog: boilerplate.keys(blog) for blog in sizes})
    return CorpusCleaning(boilerplate, keys, frozenset(names), n_posts, n_sentence_level)


def clean_post(post_id: str, raw: Any, cleaning: CorpusCleaning) -> CleanPost:
    """One stored term list with the corpus's boilerplate and names left out (see ``CleanPost``).

    Run twice per post in a batch, over thousands of posts: the common case (a post whose terms lose
    nothing) is done with C-level builtins (``zip(*bag)``, ``isdisjoint``), and per-term Python work is
    only spent on the terms that boilerplate or names touch.
    """
    record = as_record(raw)
    bag = record.get("terms") or []
    norms, texts, kinds, stored = (tuple(column) for column in zip(*bag, strict=True)) if bag else ((), (), (), ())
    counts = list(stored)
    skip = cleaning.blog_keys(record.get("blog", ""))
    in_boilerplate: set[int] = set()
    touched: set[int] = set()
    found_lines: list[tuple[str, tuple[tuple[int, int], ...]]] = []
    if skip:
        for slot, (keys, in_line) in enumerate(record.get("lines") or ()):
            if not skip.isdisjoint(keys):
                in_boilerplate.add(slot)
                found_lines.append((next(key for key in keys if key in skip), tuple(map(tuple, in_line))))
                for j, n in in_line:
                    counts[j] -= n
                    touched.add(j)
    heads = tuple((j, n) for j, slot, n in record.get("heads") or () if slot not in in_boilerplate)
    names = cleaning.names
    if not names.isdisjoint(norms):
        for j, norm in enumerate(norms):
            if norm in names:
                counts[j] = 0
                touched.add(j)
    dropped: set[str] = set()
    if touched:
        for j in touched:
            counts[j] = max(counts[j], 0)
        # A key dropped only when none of its entries (written forms, kinds) keeps an occurrence.
        candidates = {norms[j] for j in touched if counts[j] == 0}
        if candidates:
            kept_norms = {norm for norm, count in zip(norms, counts, strict=True) if count > 0 and norm in candidates}
            dropped = candidates - kept_norms
    units: tuple[tuple[int, ...], ...] | None = None
    boilerplate_sentences: set[int] = set()
    sentences = record.get("sentences")
    if sentences is not None:
        zeroed = {j for j in touched if counts[j] == 0}
        kept: list[tuple[int, ...]] = []
        for index, entry in enumerate(sentences):
            if entry[0] in in_boilerplate:
                boilerplate_sentences.add(index)
            elif zeroed:
                kept.append(tuple(j for j in entry[1:] if j not in zeroed))
            else:
                kept.append(tuple(entry[1:]))
        units = tuple(kept)
    return CleanPost(post_id, norms, texts, kinds, tuple(counts), units, frozenset(boilerplate_sentences),
                     frozenset(dropped), heads, tuple(found_lines))


def iter_clean(store: ResultStore, cleaning: CorpusCleaning) -> Iterator[CleanPost]:
    """Every stored post's clean terms, in corpus order (streamed: flat memory)."""
    for post_id, raw in store.iter_terms():
        yield clean_post(post_id, raw, cleaning)
