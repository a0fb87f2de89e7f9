"""The collector pause around large builds (lawtimeline._gc.no_gc): what it promises a host program."""

from __future__ import annotations

import gc

import pytest

from lawtimeline._gc import no_gc


def test_made_objects_join_the_oldest_generation_and_nothing_stays_frozen() -> None:
    assert gc.isenabled()
    with no_gc():
        assert not gc.isenabled()
        made = [[i] for i in range(1000)]  # 1,000 new tracked lists
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing is left out of future collections
    assert gc.get_count()[0] < 100  # young generation emptied: the next collection does not walk the 1,000 lists
    assert all(gc.is_tracked(x) for x in made)


def test_cyclic_garbage_made_before_is_still_collected() -> None:
    class Node:
        other: object

    with no_gc():
        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
    assert gc.collect() >= 2  # the cycle, now in the oldest generation, goes with a full collection


def test_a_host_that_froze_objects_keeps_them_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with no_gc():
            _ = [[i] for i in range(10)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_an_error_in_the_block_resumes_collection() -> None:
    with pytest.raises(ValueError), no_gc():
        raise ValueError("boom")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
