"""Old home of the OpenFisca importer, kept as an alias of :mod:`lawtimeline.interop.openfisca`
(``lt.io.openfisca.load`` and ``import lawtimeline.io.openfisca`` keep working)."""

from __future__ import annotations

import sys

from lawtimeline.interop import openfisca as _openfisca

sys.modules[__name__] = _openfisca
