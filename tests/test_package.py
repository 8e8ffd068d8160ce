"""The package's public names: all importable, loaded lazily, documented."""

import subprocess
import sys

import pytest

import jpblog_nlp
from conftest import ROOT


def test_every_public_name_resolves():
    for name in jpblog_nlp.__all__:
        assert getattr(jpblog_nlp, name) is not None, name


def test_all_lists_the_lazy_names():
    assert set(jpblog_nlp._LAZY) <= set(jpblog_nlp.__all__)
    assert sorted(jpblog_nlp.__all__) == jpblog_nlp.__all__


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="no_such_thing"):
        jpblog_nlp.no_such_thing  # noqa: B018


def test_import_is_light():
    code = ("import sys, jpblog_nlp\n"
            "heavy = [m for m in ('fugashi', 'numpy', 'pandas', 'sklearn', 'requests', 'pyarrow') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_public_functions_have_docstrings():
    for name in jpblog_nlp.__all__:
        value = getattr(jpblog_nlp, name)
        if callable(value) and not name.endswith("Error"):
            assert (value.__doc__ or "").strip(), name
