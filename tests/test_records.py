import dataclasses
import pickle

import pytest

from jpblog_nlp.records import Term, make_term


@pytest.mark.parametrize(
    "fields",
    [
        ("影響力", "影響力", "compound", 0, 3, 2),
        ("KLOUT", "klout", "noun", 10, 15, 1),
        ("", "", "noun", 0, 0, 1),
    ],
)
def test_make_term_is_a_term(fields):
    fast, slow = make_term(*fields), Term(*fields)
    assert type(fast) is Term
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert dataclasses.astuple(fast) == fields
    assert pickle.loads(pickle.dumps(fast)) == slow
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.text = "x"  # type: ignore[misc]
