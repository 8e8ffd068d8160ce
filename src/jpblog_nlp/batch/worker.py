"""The worker side of a batch: prepare a process once, then turn each ``Task`` into an ``Outcome``.

Every engine runs these in the process that analyses (the parent with one worker, pool processes, Dask
workers). A worker keeps the options and the loaded resources for its lifetime; ``analyze_task`` never
raises, so that one odd post cannot stop a batch of thousands.
"""

from __future__ import annotations

import contextlib
import gc
import signal
from bisect import bisect_right
from collections import Counter
from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ..errors import JpblogError
from ..options import AnalysisOptions
from ..text.records import Post, collector_paused
from .scan import Outcome, Task
from .store import pack

if TYPE_CHECKING:
    from threadpoolctl import threadpool_limits

    from ..analysis import PostAnalysis

#: Term kinds kept per post for topic discovery.
TOPIC_TERM_KINDS = ("compound", "noun")
_TOPIC_KINDS = frozenset(TOPIC_TERM_KINDS)
_KIND = attrgetter("kind")
_NORM_TEXT_KIND = attrgetter("norm", "text", "kind")

#: The keyword arguments of ``analyze`` in this worker (``init_worker``).
_WORKER_KWARGS: dict[str, Any] = {}


def one_blas_thread() -> threadpool_limits:
    """Limit numpy's BLAS to one thread (``threadpoolctl``); the returned limiter restores it when closed.

    A post's matrices (sentence similarity, a few dozen rows) are far too small for threads: OpenBLAS
    starts its threads on a product of some 75 rows, and they then spin for tens of milliseconds of CPU
    after every call, which is more than the whole analysis of the post, and takes the core another
    worker needs. Posts are the unit of parallelism here; results are the same with one thread.

    numpy is imported here, since a BLAS library not loaded yet cannot be limited and analysing a short
    post does not load it (``summarize`` ranks it in pure Python unless numpy is loaded and faster).
    """
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def init_worker(options: AnalysisOptions, *, ignore_sigint: bool = True) -> None:
    """Prepare a worker: keep the options, build the tagger and load resources once.

    Args:
        options: The analysis options.
        ignore_sigint: True in pool workers: Ctrl-C is handled by the parent, which stops the pool. Pool
            workers also keep BLAS to one thread for their lifetime (``one_blas_thread``).
    """
    global _WORKER_KWARGS
    if ignore_sigint:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_KWARGS = options.analyze_kwargs()
    from ..analysis import analyze

    # One tiny analysis loads the tagger, dictionaries, lexicons and theme definitions the real ones use.
    with contextlib.suppress(JpblogError):
        analyze(Post(id="warm-up", title="", text="準備です。"), **_WORKER_KWARGS)
    if ignore_sigint:
        one_blas_thread()  # the process is ours and analyses posts only: no need to restore
    # Those resources live as long as the worker: moved out of the cyclic collector's generations, they
    # are not traversed again by every full collection that the per-post allocations trigger.
    gc.collect()
    gc.freeze()


def analyze_task(task: Task) -> Outcome:
    """Analyse one post in a worker; never raises (a failure becomes the outcome's error)."""
    from ..analysis import analyze

    post = task.post
    try:
        # The collector waits until the post's objects are packed and freed: leaving the block sets off a
        # collection, which would otherwise scan the whole analysis (about a millisecond a post).
        with collector_paused():
            result = analyze(post, **_WORKER_KWARGS)
            data = result.to_dict()
            outcome = Outcome(task.ord, task.key, post.id, task.hash, pack(data), pack(term_bag(result, data)))
            del result, data
        return outcome
    except JpblogError as err:
        return Outcome(task.ord, task.key, post.id, task.hash, error=str(err))
    except Exception as err:  # a bug on one odd post must not stop a batch of thousands
        return Outcome(task.ord, task.key, post.id, task.hash, error=f"{type(err).__name__}: {err}")


def term_bag(result: PostAnalysis, data: dict[str, Any]) -> dict[str, Any]:
    """The input of the corpus step (topics, network, keyness, cleaning): the post's [norm, written form,
    kind, count] over its compound terms and nouns (``terms``), and what lets the corpus step leave
    boilerplate and the blog's names out of them.

    ``lines``: for each line of the post that has comparison keys (``explore.boilerplate.line_keys``), the
    digests of its keys and [index into ``terms``, occurrences in the line] (empty for a line without
    such terms); ``blog`` and ``names`` as ``blog_of`` and ``own_names`` give them.  Whether a line is
    boilerplate is only known over the whole corpus, so each post records its lines and the corpus step
    decides.

    ``sentences``: one flat list per sentence of the analysis, ``[line, i, j, ...]``: ``line`` the index
    into ``lines`` of the line the sentence starts in (-1: a line with no keys, never boilerplate), then
    the distinct indices into ``terms`` of the sentence's terms, ascending.  Ints only, and no key
    repeated: the co-occurrence network counts pairs within sentences from it, and the corpus tables tell
    a summary sentence that is a boilerplate line from it, without tokenizing again.

    ``heads``: ``[i, line, n]`` for each term (index into ``terms``) that heads a line ``n`` times
    (``explore.topics.heads_line``: alone on it, a field label opening it, a bracketed tag), ``line`` the
    index into ``lines`` (-1: a line with no keys).  Usually a handful per post: it lets the corpus step tell
    a page's headings (関連記事, 記事執筆) from its subjects (``explore.topics.heading_terms``) and leave out
    the occurrences in lines that turn out to be boilerplate.  A store written before has none: no
    headings are hidden then.
    """
    from ..explore.boilerplate import blog_of, digest, iter_lines, line_keys, own_names
    from ..explore.topics import heads_line

    document = getattr(result, "document", None)
    if document is None:
        from .tables import term_bag as counted_terms

        return {"terms": [[term, term, "noun", count] for term, count in counted_terms(data).items()]}
    terms = document.all_terms()
    # Filtered and counted in C (compress, Counter over attrgetter): a post has hundreds of terms.
    wanted = list(compress(terms, map(_TOPIC_KINDS.__contains__, map(_KIND, terms))))
    counts = Counter(map(_NORM_TEXT_KIND, wanted))
    index = {triple: i for i, triple in enumerate(counts)}
    post = document.post
    lines: list[list[Any]] = []
    line_starts: list[int] = []
    line_slots: list[int] = []  # per line of the text: its index in ``lines``, -1 when not recorded
    starts = [t.start for t in wanted]  # in text order
    heads: Counter[tuple[int, int]] = Counter()  # (term index, line slot) -> occurrences heading the line
    body = post.text
    i = 0
    for start, end, line in iter_lines(body):
        keys = line_keys(line)
        slot = len(lines) if keys else -1
        in_line: Counter[int] = Counter()
        while i < len(wanted) and starts[i] < end:
            if starts[i] >= start:
                term = wanted[i]
                j = index[_NORM_TEXT_KIND(term)]
                in_line[j] += 1
                if heads_line(body, start, end, starts[i], term.text):
                    heads[j, slot] += 1
            i += 1
        line_starts.append(start)
        line_slots.append(slot)
        if keys:
            lines.append([[digest(k) for k in keys], [[j, n] for j, n in in_line.items()]])
    sentences: list[list[int]] = []
    for sentence, sentence_terms in zip(document.sentences, document.terms, strict=True):
        at = bisect_right(line_starts, sentence.start) - 1
        ids = {index[triple] for triple in map(_NORM_TEXT_KIND, sentence_terms) if triple in index}
        sentences.append([line_slots[at] if at >= 0 else -1, *sorted(ids)])
    return {"terms": [[norm, text, kind, count] for (norm, text, kind), count in counts.items()],
            "lines": lines, "sentences": sentences, "heads": [[j, slot, n] for (j, slot), n in heads.items()],
            "blog": blog_of(post), "names": sorted(own_names(post))}
