"""Batch analysis of a corpus folder: resumable, in parallel, into tables and a corpus report.

The modules, in the order a run uses them (each imports only those before it):

- ``scan``: the one walk over the corpus both engines use, and the typed records it hands on
  (``Task``, ``Outcome``, the ``Event`` kinds).
- ``store``: the SQLite results store that makes a run resumable.
- ``tables``: the table columns, rows and Parquet/CSV writers.
- ``worker``: prepares a process once and turns each ``Task`` into an ``Outcome``.
- ``engines``: ``local`` (this process or a multiprocessing pool) and ``dask`` (a Dask cluster), by name.
- ``outputs``: topics, tables and corpus report from the store.
- ``results``: ``BatchResult`` and ``read_results``.
- ``runner``: ``run_batch``.
- ``corpus``: ``load_corpus`` (the notebook entry point).

Nothing is imported here: ``import jpblog_nlp`` stays light, and each module loads when used.
"""
