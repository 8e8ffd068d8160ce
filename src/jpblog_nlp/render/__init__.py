"""Everything that turns analyses into something to read: terminal text, Markdown, HTML, JSON.

Rendering sits above the analyses and the batch: it reads their JSON-ready dicts and tables, never the
other way round, so a report can be rebuilt from saved results and the analysis code stays free of
presentation. Importing this package imports nothing else (Jinja2, pandas and the templates load only
when a report is rendered).

``text``       one display width, fit, wrap, Markdown escape and sparkline (the CLI's tables use them too)
``view``       the analysis dict read defensively into frozen records, and shared number/date formats
``post``       one post's report: terminal text, Markdown, ``render`` (any format) and ``write_report``
``post_html``  one post's self-contained HTML page (Jinja2 template, cached) with charts
``notebook``   the HTML that ``PostAnalysis`` shows in Jupyter (``_repr_html_``)
``corpus``     the batch's ``report.html`` and ``report.md``, from its tables
``templates/`` the HTML page template, its CSS, script and the vendored Chart.js
"""
