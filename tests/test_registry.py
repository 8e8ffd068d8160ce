"""The one registry of interchangeable parts: names without imports, lazy look-ups, one error type."""

from __future__ import annotations

import subprocess
import sys

import pytest

from jpblog_nlp.errors import InputError, JpblogError
from jpblog_nlp.registry import KEYWORD_METHODS, SOURCE_READERS, SUMMARY_METHODS, Ref, Registry, UnknownNameError

REGISTRIES = [KEYWORD_METHODS, SUMMARY_METHODS, SOURCE_READERS]


@pytest.mark.parametrize("registry", REGISTRIES, ids=lambda r: r.kind)
def test_every_entry_resolves_to_a_documented_callable(registry):
    assert registry.names() == tuple(registry) and len(registry) == len(registry.names())
    for name in registry:
        implementation = registry.lookup(name)
        assert callable(implementation) and (implementation.__doc__ or "").strip(), name
        assert implementation is registry[name]


@pytest.mark.parametrize("registry", REGISTRIES, ids=lambda r: r.kind)
def test_unknown_name_is_one_error_type_naming_the_choices(registry):
    with pytest.raises(UnknownNameError) as info:
        registry.lookup("nope")
    err = info.value
    assert isinstance(err, InputError) and isinstance(err, JpblogError) and err.exit_code == 2
    assert (err.kind, err.name, err.choices) == (registry.kind, "nope", registry.names())
    assert str(err) == f"unknown {registry.kind} 'nope' (use one of {', '.join(registry.names())})"
    with pytest.raises(KeyError):
        registry["nope"]  # a Mapping: .get and `in` work as on a dict
    assert registry.get("nope") is None and "nope" not in registry


def test_names_import_no_implementation():
    code = ("import sys\nfrom jpblog_nlp.registry import KEYWORD_METHODS, SUMMARY_METHODS, SOURCE_READERS\n"
            "names = KEYWORD_METHODS.names() + SUMMARY_METHODS.names() + SOURCE_READERS.names()\n"
            "loaded = [m for m in sys.modules if m.startswith(('jpblog_nlp.keywords', 'jpblog_nlp.summary', "
            "'jpblog_nlp.sources', 'jpblog_nlp.text.tokens'))]\n"
            "assert not loaded, loaded\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_register_as_decorator_and_call():
    registry: Registry[object] = Registry("widget", {"builtin": Ref("jpblog_nlp.errors", "printable")})

    @registry.register("mine")
    def mine() -> None:
        """A user's own."""

    assert registry.register("other", len) is len
    assert registry.names() == ("builtin", "mine", "other")
    assert registry["mine"] is mine and registry.lookup("other") is len
    from jpblog_nlp.errors import printable

    assert registry["builtin"] is printable


def test_a_replaced_function_is_honoured(monkeypatch):
    import jpblog_nlp.keywords.flr as flr

    def fake(st, background=None):
        """A stand-in."""
        return [0.0] * len(st)

    monkeypatch.setattr(flr, "score_flr", fake)
    assert KEYWORD_METHODS.lookup("flr") is fake


def test_engines_and_report_formats_are_registries_too(tmp_path):
    """Every table of interchangeable parts is a Registry, and an unknown name is one error type."""
    import jpblog_nlp
    from jpblog_nlp.registry import BATCH_ENGINES, REPORT_FORMATS, UnknownNameError
    from jpblog_nlp.render.post import render

    assert BATCH_ENGINES.names() == ("local", "serial", "dask")
    assert REPORT_FORMATS.names() == ("text", "md", "html", "json")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("本文です。", encoding="utf-8")
    with pytest.raises(UnknownNameError, match=r"unknown engine 'spark' \(use one of local, serial, dask\)"):
        jpblog_nlp.load_corpus(tmp_path / "c").analyze(tmp_path / "out", engine="spark")
    assert render({"post": {}}, "json") == '{\n  "post": {}\n}\n'
