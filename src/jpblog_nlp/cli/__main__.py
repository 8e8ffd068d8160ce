"""``python -m jpblog_nlp.cli``: the same as the ``jpblog`` command."""

from jpblog_nlp.cli import main

main(prog_name="jpblog")
