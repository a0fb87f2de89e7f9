"""Old home of the exports, kept as an alias: they live in :mod:`lawtimeline.interop.pandas` and
:mod:`lawtimeline.interop.timelinejs`."""

from __future__ import annotations

from lawtimeline.interop.pandas import COLUMNS, FRAMES, frame_rows, to_frame
from lawtimeline.interop.timelinejs import to_timelinejs

__all__ = ["COLUMNS", "FRAMES", "frame_rows", "to_frame", "to_timelinejs"]
