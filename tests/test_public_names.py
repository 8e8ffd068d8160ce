"""No submodule shadows a public function: `jpblog_nlp.summarize(...)` works whatever was imported before.

Importing ``jpblog_nlp.x`` sets the attribute ``x`` of ``jpblog_nlp`` to the module. When ``summarize``
and ``kwic`` were modules named like the functions the package exports, ``import jpblog_nlp.summarize``
made ``jpblog_nlp.summarize(text)`` fail with "module is not callable"; they now live in ``summary/``
and ``explore/``, and this checks that no module layout brings the clash back.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

CODE = """
import importlib, pkgutil, types
import jpblog_nlp

for info in pkgutil.walk_packages(jpblog_nlp.__path__, "jpblog_nlp."):
    if info.name.endswith("__main__"):
        continue  # runs the command line
    try:
        importlib.import_module(info.name)
    except ImportError as err:  # an optional extra (dask) that is not installed
        if (err.name or "").split(".")[0] == "jpblog_nlp":
            raise
for name in jpblog_nlp.__all__:
    value = getattr(jpblog_nlp, name)
    assert not isinstance(value, types.ModuleType), f"jpblog_nlp.{name} is a module"
assert callable(jpblog_nlp.summarize) and callable(jpblog_nlp.kwic)
print(jpblog_nlp.kwic("影響力の話。", "影響力")[0].match, jpblog_nlp.summarize("今日は公園でのんびりと本を読んで過ごしました。").text)
"""


def test_public_functions_stay_callable_after_every_submodule_is_imported():
    out = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out == "影響力 今日は公園でのんびりと本を読んで過ごしました。\n"
