"""AnalysisOptions: analyze's options as one value, checked once, picklable, fingerprinted as before."""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import pickle

import pytest

from jpblog_nlp import analysis
from jpblog_nlp.errors import InputError
from jpblog_nlp.options import SECTIONS, AnalysisOptions, analysis_version


def test_defaults_are_those_of_analyze():
    params = inspect.signature(analysis.analyze).parameters
    expected = {name: p.default for name, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY
                and name not in ("text", "options")}
    assert AnalysisOptions().analyze_kwargs() == expected
    assert SECTIONS == analysis.SECTIONS


def test_unknown_names_and_bad_values_are_refused_once():
    with pytest.raises(InputError, match=r"does not take the option\(s\) no_such_option yet"):
        AnalysisOptions.from_mapping({"no_such_option": 1})
    with pytest.raises(InputError, match="unknown section nope"):
        AnalysisOptions(sections=["keywords", "nope"])
    with pytest.raises(InputError, match="top must be a whole number"):
        AnalysisOptions(top="5")  # type: ignore[arg-type]


def test_picklable_and_sections_kept_as_a_tuple():
    options = AnalysisOptions(top=5, sections=["keywords"], themes="x.toml")
    assert options.sections == ("keywords",)
    assert pickle.loads(pickle.dumps(options)) == options
    assert options.changed() == {"top": 5, "sections": ("keywords",), "themes": "x.toml"}


def _old_fingerprint(options: dict) -> str:
    """The batch key of earlier versions (``corpus.options_fingerprint`` over the options given)."""
    parts = {}
    for name, value in sorted(options.items()):
        if isinstance(value, str) and os.path.isfile(value):
            with open(value, "rb") as handle:
                parts[name] = "file:" + hashlib.sha256(handle.read()).hexdigest()
        else:
            parts[name] = repr(value)
    blob = json.dumps([analysis_version(), parts], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def test_fingerprint_keeps_stored_results_of_earlier_versions(tmp_path):
    themes = tmp_path / "themes.toml"
    themes.write_text("[x]\n", encoding="utf-8")
    assert AnalysisOptions().fingerprint() == _old_fingerprint({})
    assert AnalysisOptions(themes=str(themes)).fingerprint() == _old_fingerprint({"themes": str(themes)})
    assert AnalysisOptions(top=5).fingerprint() == _old_fingerprint({"top": 5})
    before = AnalysisOptions(themes=str(themes)).fingerprint()
    themes.write_text("[y]\n", encoding="utf-8")  # an option file counts by its content
    assert AnalysisOptions(themes=str(themes)).fingerprint() != before
