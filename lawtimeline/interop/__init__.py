"""Other systems' formats (DESIGN §10a): importers that build a Timeline from what an official source publishes,
and exports to the tools users already have.

- importers: :mod:`~lawtimeline.interop.openfisca` (OpenFisca parameter trees),
  :mod:`~lawtimeline.interop.legislation_gov_uk` (CLML effects), :mod:`~lawtimeline.interop.akn` (Akoma Ntoso 3.0,
  LegalDocML.de, AKN 2.0), :mod:`~lawtimeline.interop.lawsafrica` (Laws.Africa works JSON);
- exports: :mod:`~lawtimeline.interop.pandas` (DataFrames), :mod:`~lawtimeline.interop.timelinejs` (TimelineJS3 JSON),
  :mod:`~lawtimeline.interop.graphml` (GraphML and node-link JSON), :mod:`~lawtimeline.interop.parquet` (the engine's
  segments and the other tables as Parquet) with :mod:`~lawtimeline.interop.sql` (point-in-time queries over them
  for DuckDB and Spark SQL).

Every importer builds the library's own dataset dict and hands it to the one builder (``Timeline.from_dict``), so
validation, derived ids and the round trip are those of a hand-written dataset. Submodules load on first use.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["akn", "graphml", "lawsafrica", "legislation_gov_uk", "openfisca", "pandas", "parquet", "sql",
           "timelinejs"]


def __getattr__(name: str) -> ModuleType:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
