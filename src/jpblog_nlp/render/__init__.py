"""Everything that turns analyses into something to read: terminal text, Markdown, HTML, JSON.

Rendering sits above the analyses and the batch: it reads their JSON-ready dicts and tables, never the
other way round, so a report can be rebuilt from saved results and the analysis code stays free of
presentation. Importing this package imports nothing else (Jinja2, pandas and the templates load only
when a report is rendered).

``post``       one post's report (text, Markdown, HTML, JSON) and ``write_report``
``corpus``     the batch's ``report.html`` and ``report.md``
``templates/`` the HTML page template, its CSS, script and the vendored Chart.js
"""
