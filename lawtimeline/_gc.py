"""The cyclic garbage collector paused while many long-lived objects are built (loading, indexes, graphs)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block: the objects made are not garbage, and collecting while
    millions of them are created is most of the time a large build would take."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
