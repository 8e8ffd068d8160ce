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
``corpus``     the batch's ``report.md`` (and ``report.html``, an alias of the site's index), from its tables
``site``       the batch's static site (``report/``): index, one page per post, shared assets
``templates/`` the HTML templates (one base, the post page, the site's index), the one stylesheet, the
               page scripts and the vendored Chart.js
"""
