"""Keep the documentation honest: the README's commands, the CLI table, the JSON schema's keys."""

from __future__ import annotations

import re

from conftest import ROOT
from jpblog_nlp.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    section = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_readme_setup_is_two_commands():
    assert _setup_commands() == [
        "pip install . && jpblog analyze corpus/itochan-influence.txt",
        "pip install -e '.[test]' && pytest",
    ]
    assert (ROOT / "corpus" / "itochan-influence.txt").exists()


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _setup_commands()[1] in ci.splitlines()


def test_every_command_is_in_the_readme_table():
    table = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `jpblog (\w+)", table, flags=re.MULTILINE))
    assert documented == set(main.commands)


def test_json_schema_doc_lists_the_top_level_keys():
    from jpblog_nlp import analyze

    doc = (ROOT / "docs" / "json-schema.md").read_text(encoding="utf-8")
    listed = re.search(r"Top-level keys, in order: (.+?) \(", doc, flags=re.DOTALL).group(1)
    keys = re.findall(r"`(\w+)`", listed)
    assert keys == list(analyze("影響力について考えた。").to_dict())


def test_docs_links_exist():
    for target in re.findall(r"\]\(((?:docs|src)/[^)#]+)\)", README):
        assert (ROOT / target).exists(), target


def test_batch_doc_names_every_table_column():
    from jpblog_nlp.batch.tables import COLUMNS

    doc = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(\w+)`", doc))
    # The eight emotion columns are documented as a range (emotion_joy … emotion_trust).
    missing = {table: [c for c, _ in columns if c not in named and not c.startswith("emotion_")]
               for table, columns in COLUMNS.items()}
    assert missing == {table: [] for table in COLUMNS}
