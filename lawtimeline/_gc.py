"""The cyclic garbage collector paused while many long-lived objects are built (loading, indexes, graphs)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block: the objects made are not garbage, and collecting while
    millions of them are created is most of the time a large build would take.

    When the block succeeds, what it made goes straight into the collector's oldest generation (``gc.freeze()``
    then ``gc.unfreeze()``: every tracked object to the permanent generation and back into the oldest one, in
    constant time). Otherwise the first collection after the block would walk all of them (a second or more for
    a million changes) only to find them alive. Objects that were young before the block move there too and are
    looked at by the next full collection instead of an earlier one; a program that froze objects itself
    (``gc.get_freeze_count()`` not 0) is left as it is."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    except BaseException:
        if enabled:
            gc.enable()
        raise
    if enabled:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()
