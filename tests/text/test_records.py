import dataclasses
import gc
import pickle

import pytest

from jpblog_nlp.sentiment import Evidence, SentenceSentiment
from jpblog_nlp.text.records import Term, collector_paused, make_term, slot_constructor

_EVIDENCE = Evidence("楽しい", "楽しい", 3, 6, "positive", "", False, 1.0, ("intensified",))


@pytest.mark.parametrize(
    ("cls", "fields"),
    [
        (Term, ("影響力", "影響力", "compound", 0, 3, 2)),
        (Term, ("KLOUT", "klout", "noun", 10, 15, 1)),
        (Term, ("", "", "noun", 0, 0, 1)),
        (Evidence, ("楽しい", "楽しい", 3, 6, "positive", "", False, 1.0, ("intensified",))),
        (SentenceSentiment, (0, "楽しい！", 0, 4, 1.0, "positive", (_EVIDENCE,), (("joy", 0.5),), ())),
    ],
)
def test_slot_constructor_builds_the_same_record(cls, fields):
    fast, slow = slot_constructor(cls)(*fields), cls(*fields)
    assert type(fast) is cls
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert dataclasses.astuple(fast) == dataclasses.astuple(slow)
    assert pickle.loads(pickle.dumps(fast)) == slow
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.start = 99  # type: ignore[misc]


def test_make_term_is_the_term_constructor():
    assert make_term("影響力", "影響力", "compound", 0, 3, 2) == Term("影響力", "影響力", "compound", 0, 3, 2)


def test_slot_constructor_needs_every_field():
    with pytest.raises(TypeError):
        slot_constructor(Term)("影響力", "影響力", "compound", 0, 3)


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_paused_restores_the_callers_setting(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with collector_paused():
            assert not gc.isenabled()
            with collector_paused():  # nested: the inner one must not switch it back on
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError), collector_paused():
            raise ValueError("an error inside")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
