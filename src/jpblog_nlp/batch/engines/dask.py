"""The Dask engine of ``jpblog batch``: the same batch on a Dask cluster, for corpora beyond one machine.

``jpblog batch DIR --out RESULTS --engine dask [--scheduler tcp://HOST:PORT]`` runs the analysis on the
workers of a Dask cluster (``distributed``), however it was started (``dask scheduler`` / ``dask worker``,
Kubernetes, a job queue); without a scheduler address a ``LocalCluster`` with one worker process per
core is started on the loopback interface and stopped afterwards.

How it differs from the local engine, and why:

* **Files, not posts, are shipped.** The client walks the corpus (``Scan.files_to_read``: a stat per
  file against the results store, nothing read); the files to read are grouped into partitions of a few
  dozen, and each task reads its files on the worker with ``scan.read_file``, as the local engines'
  scan does (posts keyed, numbered and hashed, those stored with the same hash skipped), and analyses
  the rest. The input must therefore be where the workers can read it (a shared file system, or one
  machine).
* **Resources once per worker.** A worker process keeps the tagger, lexicons and themes between tasks
  (``worker.init_worker`` runs on its first task and again only when the options change).
* **Same results.** A task returns what the local engine's workers return (``Outcome``), plus the same
  events (``scan.Event``); the client records them in the same SQLite store, so a rerun resumes the
  same way and the tables are identical. Post order is (file, post within file) as in the local engine.
* **Failures.** A post that fails is recorded by the worker as in the local engine. Tasks whose worker
  died are retried by Dask (``distributed``'s allowed failures); a partition that still fails has its
  files recorded in ``errors`` and the run goes on.

``dask`` and ``distributed`` are the optional extra ``jpblog-nlp[dask]``; this module imports them only
when the engine runs.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ...errors import InputError
from ...options import AnalysisOptions
from ..scan import Event, FileEntry, ItemFailed, Outcome, ReadContext, Scan, Task, read_file
from ..worker import analyze_task, init_worker, one_blas_thread

if TYPE_CHECKING:
    import distributed

#: Partitions in flight per worker: enough to keep every worker busy, few enough to keep memory flat.
IN_FLIGHT_PER_WORKER = 3
#: Bounds of the files per partition chosen automatically.
MIN_PARTITION, MAX_PARTITION = 1, 64

_POST_SUFFIX = re.compile(r"#\d+\Z")
#: The fingerprint of the options this worker process was prepared with.
_READY: dict[str, str | None] = {"options": None}


@dataclasses.dataclass(frozen=True, slots=True)
class FileTask:
    """A file for a worker to read, with the stored hashes of its posts (only those: a small pickle)."""

    entry: FileEntry
    known: dict[str, str]


@dataclasses.dataclass(frozen=True, slots=True)
class DaskJob:
    """What every task of a run shares (scattered once to each worker, not pickled into every task)."""

    options: AnalysisOptions
    context: ReadContext


def _require_dask() -> tuple[type[distributed.Client], type[distributed.LocalCluster]]:
    """Import dask.distributed, or say how to install it."""
    try:
        import dask  # noqa: F401
        import distributed
    except ImportError as err:
        raise InputError(
            "the dask engine needs the packages dask and distributed",
            hint="install them with: pip install 'jpblog-nlp[dask]'",
        ) from err
    return distributed.Client, distributed.LocalCluster


# -- the worker side ------------------------------------------------------------------------------------------


def _ensure_ready(job: DaskJob) -> None:
    """Build the tagger and load resources once per worker process (again only when the options change)."""
    if _READY["options"] != job.context.fingerprint:
        init_worker(job.options, ignore_sigint=False)
        one_blas_thread()  # Dask runs posts in parallel: BLAS threads would only compete with them
        _READY["options"] = job.context.fingerprint


def analyze_files(tasks: list[FileTask], job: DaskJob) -> list[Outcome | Event]:
    """Read, hash and analyse the posts of some files on a worker; never raises for a bad post or file.

    Each file is read by ``scan.read_file``, as the local engines' scan reads it; each task it yields is
    analysed here by ``worker.analyze_task``.

    Returns:
        In order, for the client: the outcome of each analysed post and the events of the files.
    """
    _ensure_ready(job)
    results: list[Outcome | Event] = []
    for task in tasks:
        for item in read_file(task.entry, task.known, job.context):
            results.append(analyze_task(item) if isinstance(item, Task) else item)
    return results


# -- the client side ----------------------------------------------------------------------------------------


def _known_by_file(known: dict[str, str]) -> dict[str, dict[str, str]]:
    """Stored hashes grouped by the file part of their key (``export.txt#12`` belongs to ``export.txt``)."""
    grouped: dict[str, dict[str, str]] = {}
    for key, hash_ in known.items():
        grouped.setdefault(_POST_SUFFIX.sub("", key), {})[key] = hash_
    return grouped


def plan(scan: Scan) -> list[FileTask]:
    """The files the workers must read (unchanged files are recorded by the scan on the way)."""
    by_file = _known_by_file(scan.known)
    return [FileTask(dataclasses.replace(entry, path=os.path.abspath(entry.path)), by_file.get(entry.rel, {}))
            for entry in scan.files_to_read()]


def consume(scan: Scan, results: Iterable[tuple[list[FileTask], list[Outcome | Event] | BaseException]]
            ) -> Iterator[Outcome]:
    """Hand finished file tasks back to the scan: outcomes are yielded, events recorded.

    ``results`` gives each partition with what its task returned, or with the exception that failed it; a
    failed partition has its files recorded as errors.
    """
    for part, returned in results:
        if isinstance(returned, BaseException):
            reason = f"worker failed: {type(returned).__name__}: {returned}"
            returned = [ItemFailed(task.entry.rel, reason, task.entry.first_ord) for task in part]
        for item in returned:
            if isinstance(item, Outcome):
                scan.post_met()
                yield item
            else:
                scan.record(item)
        scan.files_read(len(part))
    scan.finish()


def partition_size(n_files: int, n_workers: int) -> int:
    """Files per task: about eight tasks per worker, within ``MIN_PARTITION``..``MAX_PARTITION``."""
    if n_files <= 0:
        return MIN_PARTITION
    return max(MIN_PARTITION, min(MAX_PARTITION, math.ceil(n_files / (8 * max(1, n_workers)))))


@dataclasses.dataclass
class DaskRun:
    """What the last run of the engine chose (read by ``scripts/bench_dask.py`` and the tests)."""

    scheduler: str = ""
    n_workers: int = 0
    n_files: int = 0
    n_tasks: int = 0
    partition_size: int = 0
    local_cluster: bool = False


#: Figures of the latest run in this process.
LAST_RUN = DaskRun()


#: The form of a scheduler address, as ``dask scheduler`` prints it; named in every address error.
ADDRESS_FORM = "tcp://HOST:8786"
#: Schemes of ``distributed``'s comm backends that reach a scheduler in another process (``inproc://``,
#: a scheduler in this very process, is taken too: a notebook's ``LocalCluster(processes=False)``).
SCHEDULER_SCHEMES = ("tcp", "tls", "ucx", "ws", "wss")
#: Seconds to wait for a TCP connection to the scheduler before saying it cannot be reached: a scheduler
#: answers at once on a network a cluster runs on, and a wrong address should not cost a long wait.
PROBE_SECONDS = 5.0
#: ``distributed``'s own connection timeout (handshake included), after the probe succeeded.
CONNECT_TIMEOUT = "10s"

_HOST_PORT = re.compile(
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?):(?P<port>[0-9]{1,5})\Z"
)
_ADDRESS_HINT = (f"give it as {ADDRESS_FORM}, the address `dask scheduler` prints; tls://, ucx://, ws:// and wss:// "
                 "work too")


def check_scheduler_address(address: str) -> str:
    """The scheduler address in the form ``distributed`` takes, or an ``InputError`` naming that form.

    ``distributed`` raises a bare ``ValueError`` for "not a url" or ``http://...`` (the dashboard's address,
    a common mix-up); checked here, before anything is connected or written. A bare ``HOST:PORT`` means
    ``tcp://HOST:PORT``, as it does for ``distributed``.
    """
    text = address.strip()
    shown = repr(text if len(text) <= 80 else text[:79] + "…")
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "tcp", text
    scheme = scheme.lower()
    if scheme == "inproc" and rest and not any(c.isspace() for c in rest):
        return f"inproc://{rest}"
    if scheme in ("http", "https"):
        raise InputError(f"{shown} is a web address (the dashboard's?), not a Dask scheduler address",
                         hint=_ADDRESS_HINT)
    if scheme not in SCHEDULER_SCHEMES:
        raise InputError(f"{shown} is not a Dask scheduler address: unknown scheme {scheme + '://'!r}",
                         hint=_ADDRESS_HINT)
    match = _HOST_PORT.match(rest)
    if match is None:
        raise InputError(f"{shown} is not a Dask scheduler address: HOST:PORT expected after {scheme}://",
                         hint=_ADDRESS_HINT)
    if not 1 <= int(match["port"]) <= 65535:
        raise InputError(f"{shown} is not a Dask scheduler address: port {int(match['port'])} is out of range "
                         "(1-65535)", hint=_ADDRESS_HINT)
    return f"{scheme}://{rest}"


def probe_scheduler(address: str, timeout: float = PROBE_SECONDS) -> None:
    """Fail fast, with a clean error, when nothing answers at a (checked) TCP-based scheduler address.

    ``distributed`` retries a refused connection until its timeout ends and then raises an ``OSError``
    whose text names neither the cause nor the fix; a plain socket connect says "connection refused" at
    once. UCX and in-process addresses are left to ``distributed``.
    """
    import socket

    scheme, _, rest = address.partition("://")
    if scheme not in ("tcp", "tls", "ws", "wss"):
        return
    host, _, port = rest.rpartition(":")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as err:
        if isinstance(err, ConnectionRefusedError):
            why = "connection refused"
        elif isinstance(err, TimeoutError):
            why = f"no answer within {timeout:g} s"
        elif isinstance(err, socket.gaierror):
            why = f"unknown host {host!r}"
        else:
            why = (err.strerror or str(err)).lower()
        raise InputError(f"cannot reach the Dask scheduler at {address} ({why})",
                         hint="check the address and that `dask scheduler` runs there") from err


def _connect(scheduler: str | None, workers: int | None
             ) -> tuple[distributed.Client, distributed.LocalCluster | None]:
    """A client of the given scheduler, or of a new loopback LocalCluster of ``workers`` processes."""
    client_class, cluster_class = _require_dask()
    if scheduler:
        address = check_scheduler_address(scheduler)
        probe_scheduler(address)
        try:
            return client_class(address, timeout=CONNECT_TIMEOUT), None
        except Exception as err:  # OSError, TimeoutError, or whatever a comm backend or a stranger raises
            detail = " ".join(str(err).split())[:160]
            raise InputError(f"no Dask scheduler answers at {address} ({type(err).__name__}: {detail})",
                             hint="check the address: the scheduler's port (8786 by default), not the "
                                  "dashboard's, and that `dask scheduler` runs there") from err
    n = workers or os.cpu_count() or 1
    cluster = cluster_class(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address=None)
    return client_class(cluster), cluster


def dask_engine(scan: Scan, *, options: AnalysisOptions, workers: int | None = None, chunksize: int | None = None,
                scheduler: str | None = None) -> Iterator[Outcome]:
    """Analyse the scan's files on a Dask cluster; yield outcomes as the local engine does.

    Args:
        scan: The corpus scan of ``run_batch`` (files, stored hashes, the event queue).
        options: The analysis options.
        workers: Worker processes of the local cluster (None: one per core); ignored with a scheduler.
        chunksize: Files per task (None: chosen from the corpus and cluster size).
        scheduler: Address of a running Dask scheduler (``tcp://HOST:8786``); None starts a local cluster.
    """
    client, cluster = _connect(scheduler, workers)  # says how to install dask when it is missing
    from distributed import as_completed

    futures: list[distributed.Future] = []
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        tasks = plan(scan)
        size = chunksize or partition_size(len(tasks), n_workers)
        partitions = [tasks[i:i + size] for i in range(0, len(tasks), size)]
        LAST_RUN.__init__(  # type: ignore[misc]
            scheduler=client.scheduler.address, n_workers=n_workers, n_files=len(tasks),
            n_tasks=len(partitions), partition_size=size, local_cluster=cluster is not None,
        )
        context = dataclasses.replace(scan.context, base=os.path.abspath(scan.context.base))
        # Scattered once, referenced by every task (not pickled into each).
        [shared] = client.scatter([DaskJob(options, context)], broadcast=True)
        pending = iter(partitions)
        running = as_completed()
        by_future: dict[distributed.Future, list[FileTask]] = {}

        def submit() -> bool:
            part = next(pending, None)
            if part is None:
                return False
            future = client.submit(analyze_files, part, shared, pure=False)
            by_future[future] = part
            futures.append(future)
            running.add(future)
            return True

        for _ in range(IN_FLIGHT_PER_WORKER * n_workers):
            if not submit():
                break

        def finished() -> Iterator[tuple[list[FileTask], list[Outcome | Event] | BaseException]]:
            for future in running:
                part = by_future.pop(future)
                returned: list[Outcome | Event] | BaseException
                try:
                    returned = future.result()
                except Exception as err:  # the task failed on every worker it was given to
                    returned = err
                future.release()
                futures.remove(future)
                submit()
                yield part, returned

        yield from consume(scan, finished())
    finally:
        if futures:
            client.cancel(futures)
        client.close()
        if cluster is not None:
            cluster.close()
