"""Shared fixtures: paths to the sample corpus and to ../shared/data (absent on a user's clone)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SAMPLE = CORPUS / "itochan-influence.txt"
SHARED = ROOT.parent / "shared" / "data"

requires_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data not present")


@pytest.fixture(autouse=True, scope="session")
def _private_cache_folder(tmp_path_factory):
    """Keep the report template cache (XDG_CACHE_HOME) out of the tester's home folder."""
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def sample_path() -> Path:
    """The bundled sample post."""
    return SAMPLE


@pytest.fixture(scope="session")
def sample_post():
    """The bundled sample post, loaded."""
    import jpblog_nlp

    return jpblog_nlp.load_post(SAMPLE)


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner for the ``jpblog`` command (stdout and stderr kept apart)."""
    return CliRunner()


@pytest.fixture
def older_term_bags(monkeypatch):
    """Make the batch's workers store term lists as an older jpblog did: without the given keys."""
    from jpblog_nlp.batch import worker

    def without(*keys: str) -> None:
        real = worker.term_bag

        def older(result, data):
            bag = real(result, data)
            for key in keys:
                bag.pop(key, None)
            return bag

        monkeypatch.setattr(worker, "term_bag", older)

    return without
