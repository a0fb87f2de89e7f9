"""lawtimeline: how laws change over time — acts, dated provisions, honest uncertainty, timelines.

>>> import lawtimeline as lt
>>> tl = lt.load("examples/russia_migrants.yaml")
>>> tl.value_of("ru-citizenship-revocation-grounds", on="2025-08-12").status
'definite'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from lawtimeline.dates import PartialDate, Precision, Qualifier, RelativeDate
from lawtimeline.engine.worlds import MAX_ORDER_GROUP
from lawtimeline.errors import DatasetError, DateError, LawTimelineError, Problem, UnknownIdError
from lawtimeline.io import dumps, load, loads, save
from lawtimeline.model import (
    Act,
    Change,
    Claim,
    Event,
    Lapse,
    Meta,
    Op,
    Provision,
    ProvisionKind,
    Range,
    Source,
    Stage,
    Unrecorded,
    format_value,
)
from lawtimeline.results import Answer, Difference, Differences, Entry, History, Snapshot, Version
from lawtimeline.timeline import Timeline

try:
    __version__ = version("lawtimeline")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
    __version__ = "0+unknown"

__all__ = [
    "MAX_ORDER_GROUP",
    "Act",
    "Answer",
    "Change",
    "Claim",
    "DatasetError",
    "DateError",
    "Difference",
    "Differences",
    "Entry",
    "Event",
    "History",
    "Lapse",
    "LawTimelineError",
    "Meta",
    "Op",
    "PartialDate",
    "Precision",
    "Problem",
    "Provision",
    "ProvisionKind",
    "Qualifier",
    "Range",
    "RelativeDate",
    "Snapshot",
    "Source",
    "Stage",
    "Timeline",
    "UnknownIdError",
    "Unrecorded",
    "Version",
    "__version__",
    "dumps",
    "format_value",
    "load",
    "loads",
    "save",
]
