"""Hypothesis strategies shared by the whole test suite.

- :func:`edtf_texts` / :func:`partial_dates` — dates in every accepted form (day, month, year, optional ``~ ? %``
  qualifier, day ranges), with the edge years 0001 and 9999, leap days and month ends drawn often.
- :func:`query_days` — whole days, as accepted by ``on=`` / ``as_of=``.
- :func:`texts` — free text for titles, notes, values: tricky strings (unicode, quotes, ``NO``, ``2025-07``, ``: ``,
  ``#``, leading spaces, newlines, ``{{ }}``) and random text.
- :func:`datasets` — random but *valid* dataset dicts in the dataset format (DESIGN.md §5), small enough for fast
  tests, and written in the canonical form that ``Timeline.to_dict()`` writes back (so
  ``Timeline.from_dict(d).to_dict() == d``).

Everything is drawn from hypothesis alone (no ``random``, no iteration over sets), so an example is fully determined
by the hypothesis seed and shrinks well.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st

from lawtimeline.dates import PartialDate
from lawtimeline.model import LIFECYCLE_KINDS

__all__ = [
    "OVERLAP_BASE",
    "TRICKY_TEXTS",
    "datasets",
    "edtf_texts",
    "overlap_datasets",
    "partial_dates",
    "query_days",
    "texts",
]

QUALIFIERS = ("", "~", "?", "%")

#: Strings that have broken YAML/JSON writers and readers before, or that a careless reader would mistype.
TRICKY_TEXTS = (
    "", " ", "NO", "no", "yes", "Yes", "on", "off", "true", "False", "null", "~", "-", "- a", "?", "? x",
    "2025-07", "2025-07-31", "2025", "2025-05~", "[2024-08-08..2024-08-31]", "0o17", "0x1F", "1_000", "+1",
    ".5", "1.", "007", ".inf", "-.NaN", ": ", "a: b", "a:b", "#", "# not a comment", "a #b", "  leading spaces",
    "trailing spaces  ", "\ttab", "line\nbreak", "ends with newline\n", "\nstarts with newline", "two\n\nbreaks",
    "  indented\n  block\n", "{{ x }}", "{% raw %}", "{a: 1}", "[1, 2]", "&anchor", "*alias", "!tag", "!!python/object",
    "|", ">", "'", '"', "'single'", '"double"', "it's", 'say "hi"', "\\", "\\n", "%TAG", "---", "...", "<b>x</b>",
    "é", "naïve café", "Ж", "Федеральный закон № 138-ФЗ", "中文", "😀", "a\u2028b", "\u00a0nbsp", "\ufeffbom",
    "\x00", "\x07bell", "a\rb", "\x7f",
    "1e5", "+.5", "a\x85b", ".5e3", "0e0",  # once YAML round-trip bugs, now regressions
)  # fmt: skip

def texts(max_size: int = 8) -> st.SearchStrategy[str]:
    """Free text: one of :data:`TRICKY_TEXTS` or random unicode text (no surrogates), at most ``max_size`` long
    for the random part."""
    return st.one_of(st.sampled_from(TRICKY_TEXTS), st.text(max_size=max_size))


# -- dates --------------------------------------------------------------------------------------------------------

_EDGE_YEARS = (1, 2, 999, 1000, 1900, 2000, 2023, 2024, 2025, 9998, 9999)


@lru_cache(maxsize=64)
def _years(min_year: int, max_year: int) -> st.SearchStrategy[int]:
    if max_year - min_year < 10:
        return st.integers(min_year, max_year)
    edges = [y for y in _EDGE_YEARS if min_year <= y <= max_year] + [min_year, max_year]
    return st.one_of(st.sampled_from(sorted(set(edges))), st.integers(min_year, max_year))


_MONTHS = st.integers(1, 12)
_DAY_IN_MONTH = {last: st.one_of(st.sampled_from((1, last)), st.integers(1, last)) for last in (28, 29, 30, 31)}


@st.composite
def _days_in(draw: st.DrawFn, years: st.SearchStrategy[int]) -> dt.date:
    year = draw(years)
    month = draw(_MONTHS)
    return dt.date(year, month, draw(_DAY_IN_MONTH[calendar.monthrange(year, month)[1]]))


@lru_cache(maxsize=64)
def _days(min_year: int, max_year: int) -> st.SearchStrategy[dt.date]:
    """A day, with the first and last day of a month (and so leap days) drawn often."""
    return _days_in(_years(min_year, max_year))


_FORMS = {
    (ranges, qualifiers): st.sampled_from([
        (form, q) for form in ("day", "month", "year", "range")[: 4 if ranges else 3]
        for q in (QUALIFIERS if qualifiers else ("",))
    ])
    for ranges in (False, True) for qualifiers in (False, True)
}


@st.composite
def edtf_texts(draw: st.DrawFn, min_year: int = 1, max_year: int = 9999, *, qualifiers: bool = True,
               ranges: bool = True, max_range_days: int = 400) -> str:
    """The text of a valid partial date: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` with an optional qualifier, or a
    day range ``[a..b]`` (``b - a <= max_range_days``, within ``max_year``) with an optional qualifier."""
    form, q = draw(_FORMS[ranges, qualifiers])
    a = draw(_days(min_year, max_year))
    if form == "range":
        top = dt.date(max_year, 12, 31)
        span = draw(st.integers(0, max(0, min(max_range_days, (top - a).days))))
        return f"[{a.isoformat()}..{(a + dt.timedelta(days=span)).isoformat()}]{q}"
    text = {"day": a.isoformat(), "month": f"{a.year:04d}-{a.month:02d}", "year": f"{a.year:04d}"}[form]
    return text + q


def partial_dates(min_year: int = 1, max_year: int = 9999, *, qualifiers: bool = True,
                  ranges: bool = True) -> st.SearchStrategy[PartialDate]:
    """Valid :class:`PartialDate` values in every accepted form (see :func:`edtf_texts`)."""
    return edtf_texts(min_year, max_year, qualifiers=qualifiers, ranges=ranges).map(PartialDate.parse)


def query_days(min_year: int = 1, max_year: int = 9999) -> st.SearchStrategy[dt.date]:
    """Whole days (``datetime.date``) for ``on=`` / ``as_of=``, with edge days drawn often."""
    return _days(min_year, max_year)


# -- datasets -----------------------------------------------------------------------------------------------------

_ID_SUFFIXES = ("", "", "", "-x", ".v2", ":a", "[1]", "_b", "-2025")
_CONTEXT_KINDS = ("statement", "report", "raid", "court_ruling", "x")


def _put(d: dict[str, Any], key: str, value: Any) -> None:
    """Set ``d[key]`` unless the value is None or an empty list (the canonical form leaves those out)."""
    if value is None or value == []:
        return
    d[key] = value


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


_numbers = st.one_of(
    st.integers(-1000, 100_000),
    st.sampled_from((0, -1, 2**53 + 1, 2**70, 0.5, -0.0, 1e16, 5e-324, 1.5e300)),
    st.floats(allow_nan=False, allow_infinity=False),
)


def _list_items(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.one_of(text, _numbers, st.booleans(), st.none())


_maybe_numbers = _maybe(_numbers)


@st.composite
def _range(draw: st.DrawFn) -> dict[str, Any]:
    ends = [draw(_maybe_numbers), draw(_maybe_numbers)]
    if ends[0] is not None and ends[1] is not None and ends[0] > ends[1]:
        ends.reverse()
    return {"min": ends[0], "max": ends[1]}


def _value(kind: str, text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """A valid value of a provision of ``kind``, in canonical form (sets sorted and without repeats)."""
    if kind == "text":
        return text
    if kind == "number":
        return _numbers
    if kind == "bool":
        return st.booleans()
    if kind == "range":
        return _range()
    if kind == "set":
        return st.lists(text, max_size=4, unique=True).map(sorted)
    return st.lists(_list_items(text), max_size=4)


def _items(kind: str, text: st.SearchStrategy[str]) -> st.SearchStrategy[list[Any]]:
    """The non-empty ``items`` of an add/remove change on a set or list provision."""
    return st.lists(text if kind == "set" else _list_items(text), min_size=1, max_size=3)


@lru_cache(maxsize=256)
def _subsets(pool: tuple[str, ...], max_size: int) -> st.SearchStrategy[list[str]]:
    """Up to ``max_size`` distinct members of ``pool`` (an empty list for an empty pool), in drawn order."""
    if not pool:
        return st.builds(list)
    return st.lists(st.sampled_from(pool), max_size=max_size, unique=True)


def _ids(prefix: str, n: int) -> st.SearchStrategy[tuple[str, ...]]:
    """A tuple of ``n`` distinct ids ``<prefix><i><suffix>`` (suffixes use every character an id may hold but
    ``/``, so given ids never collide with derived ones)."""
    return st.lists(st.sampled_from(_ID_SUFFIXES), min_size=n, max_size=n).map(
        lambda sfx: tuple(f"{prefix}{i}{s}" for i, s in enumerate(sfx))
    )


def datasets(
    *,
    max_acts: int = 5,
    max_provisions: int = 6,
    max_changes: int = 10,
    max_events: int = 3,
    max_sources: int = 3,
    years: tuple[int, int] = (2020, 2026),
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """A random, valid dataset dict in the canonical form ``Timeline.to_dict()`` writes.

    Parameters (all keyword-only):

    - ``max_acts``, ``max_provisions``, ``max_changes``, ``max_events`` (context events), ``max_sources`` —
      upper bounds on the number of each (each may be 0; provisions and changes need at least one act). Acts have
      0–4 life-cycle events each.
    - ``years`` — the inclusive range of years every date is drawn from. The default, a few years, makes dates
      overlap often, which is what engine tests want. Relative dates add up to 400 days: keep the upper year
      at or below 9997.
    - ``text`` — the strategy for free text (titles, notes, text values, set/list items); :func:`texts` by default.

    What it exercises: sources with and without dates; acts whose life-cycle events have plain dates of every form,
    ``date: null`` (date unknown), relative dates (``{after: KIND, days: N}`` / ``{same_as: KIND}`` on an earlier
    dated event whose kind occurs once, so never a cycle), disputed ``dates:`` claims, repeated kinds, ids given or
    left to be derived; provisions of every kind with and without ``value`` and with acyclic ``depends_on`` (only on
    earlier provisions); changes with every op (``add``/``remove`` only on set and list provisions,
    ``insert``/``set`` with a valid value), ids given or derived, optional ``effective``/``known`` partial dates (so
    some changes are pending: their act has no ``in_force``); context events with ``related`` acts/provisions and
    single, unknown or disputed dates.

    Canonical form: keys that would be empty lists or None are left out (but an undated event has ``date: None``),
    set values are sorted without repeats, ranges always have both ``min`` and ``max``, dates are EDTF strings.
    """
    parts = _Parts(max_acts, max_provisions, max_changes, max_events, max_sources, years, text)
    return st.composite(lambda draw: _Build(parts, draw).dataset())()


class _Parts:
    """The strategies of one :func:`datasets` call, built once (building strategies inside a draw is slow)."""

    def __init__(self, max_acts: int, max_provisions: int, max_changes: int, max_events: int, max_sources: int,
                 years: tuple[int, int], text: st.SearchStrategy[str] | None) -> None:
        self.limits = (max_acts, max_provisions, max_changes, max_events, max_sources)
        self.txt = text if text is not None else texts()
        self.opt_txt = _maybe(self.txt)
        self.dates = edtf_texts(years[0], years[1], max_range_days=60)
        self.opt_dates = _maybe(self.dates)
        self.tags = st.lists(self.txt, max_size=2)
        self.unit = _maybe(st.one_of(st.sampled_from(("RUB", "EUR", "%", "days")), self.txt))
        self.values = {k: _value(k, self.txt) for k in _KINDS}
        self.items = {k: _items(k, self.txt) for k in ("set", "list")}
        self.lifecycle = st.lists(st.sampled_from(LIFECYCLE_KINDS), max_size=4)
        self.days = st.one_of(st.sampled_from((0, 1, 10, 180)), st.integers(0, 400))
        self.claim_count = st.integers(1, 3)
        self.rich = st.integers(0, 2).map(lambda i: i == 0)  # a third of the objects have optional text


class _Build:
    """The drawing of one dataset: the ids drawn so far and the strategies that depend on them."""

    def __init__(self, parts: _Parts, draw: st.DrawFn) -> None:
        self.p = parts
        self.draw = draw

    def dataset(self) -> dict[str, Any]:
        draw = self.draw
        max_acts, max_provisions, max_changes, max_events, max_sources = self.p.limits
        n_sources = draw(st.integers(0, max_sources))
        n_acts = draw(st.integers(0, max_acts))
        n_provisions = draw(st.integers(0, max_provisions)) if n_acts else 0
        n_changes = draw(st.integers(0, max_changes)) if n_provisions else 0
        n_events = draw(st.integers(0, max_events))
        self.source_ids = draw(_ids("src", n_sources))
        self.act_ids = draw(_ids("act", n_acts))
        self.provision_ids = draw(_ids("prov", n_provisions))
        self.pick_act = st.sampled_from(self.act_ids) if self.act_ids else st.nothing()
        self.pick_provision = st.sampled_from(self.provision_ids) if self.provision_ids else st.nothing()
        self.cited = _subsets(self.source_ids, 2)
        self.related = _subsets(self.act_ids + self.provision_ids, 3)

        data: dict[str, Any] = {"lawtimeline": 1}
        _put(data, "title", draw(self.p.opt_txt))
        _put(data, "description", draw(self.p.opt_txt))
        _put(data, "sources", [self.source(sid) for sid in self.source_ids])
        _put(data, "acts", [self.act(aid) for aid in self.act_ids])
        self.kinds: dict[str, str] = {}
        _put(data, "provisions", [self.provision(i, pid) for i, pid in enumerate(self.provision_ids)])
        _put(data, "changes", [self.change(i) for i in range(n_changes)])
        _put(data, "events", [self.context_event(i) for i in range(n_events)])
        return data

    def cite(self) -> list[str]:
        return self.draw(self.cited)

    def claims(self) -> list[dict[str, Any]]:
        out = []
        for _ in range(self.draw(self.p.claim_count)):
            c: dict[str, Any] = {"date": self.draw(self.p.dates)}
            _put(c, "sources", self.cite())
            out.append(c)
        return out

    def texts(self, d: dict[str, Any], *keys: str) -> None:
        """Optional text fields: all left out, or each drawn (fewer draws keep generation fast)."""
        if self.draw(self.p.rich):
            for key in keys:
                _put(d, key, self.draw(self.p.opt_txt))

    def source(self, sid: str) -> dict[str, Any]:
        s: dict[str, Any] = {"id": sid}
        self.texts(s, "title", "publisher", "url")
        _put(s, "date", self.draw(self.p.opt_dates))
        self.texts(s, "note")
        return s

    def act(self, aid: str) -> dict[str, Any]:
        draw = self.draw
        a: dict[str, Any] = {"id": aid}
        self.texts(a, "title", "short_title", "number", "jurisdiction", "kind", "url")
        _put(a, "tags", draw(self.p.tags))
        _put(a, "sources", self.cite())
        kinds = draw(self.p.lifecycle)
        events = []
        undated: set[int] = set()
        for j, kind in enumerate(kinds):
            e: dict[str, Any] = {}
            if draw(st.integers(0, 3)) == 0:
                e["id"] = f"{aid}.e{j}"
            e["kind"] = kind
            # a relative date counts from an earlier event with a date whose kind occurs once: never a cycle
            targets = tuple(k for i, k in enumerate(kinds[:j]) if kinds.count(k) == 1 and i not in undated)
            form = draw(st.sampled_from(_DATE_FORMS + _RELATIVE_FORMS if targets else _DATE_FORMS))
            if form == "date":
                e["date"] = draw(self.p.dates)
            elif form == "null":
                e["date"] = None
                undated.add(j)
            elif form == "dates":
                e["dates"] = self.claims()
            elif form == "after":
                e["date"] = {"after": draw(st.sampled_from(targets)), "days": draw(self.p.days)}
            else:
                e["date"] = {"same_as": draw(st.sampled_from(targets))}
            self.texts(e, "title", "by")
            _put(e, "related", draw(self.related))
            _put(e, "sources", self.cite())
            self.texts(e, "note")
            events.append(e)
        _put(a, "events", events)
        self.texts(a, "note")
        return a

    def provision(self, i: int, pid: str) -> dict[str, Any]:
        draw = self.draw
        kind = draw(st.sampled_from(_KINDS))
        self.kinds[pid] = kind
        p: dict[str, Any] = {"id": pid}
        self.texts(p, "title")
        p["act"] = draw(self.pick_act)
        self.texts(p, "path")
        p["kind"] = kind
        _put(p, "unit", draw(self.p.unit))
        _put(p, "tags", draw(self.p.tags))
        _put(p, "depends_on", draw(_subsets(self.provision_ids[:i], 2)))
        _put(p, "sources", self.cite())
        if draw(st.booleans()):
            p["value"] = draw(self.p.values[kind])
        self.texts(p, "note")
        return p

    def change(self, i: int) -> dict[str, Any]:
        draw = self.draw
        pid = draw(self.pick_provision)
        kind = self.kinds[pid]
        op = draw(st.sampled_from(_OPS if kind in ("set", "list") else _OPS[:3]))
        c: dict[str, Any] = {}
        if draw(st.booleans()):
            c["id"] = f"chg{i}"
        c["act"] = draw(self.pick_act)
        c["provision"] = pid
        c["op"] = op
        if op in ("insert", "set"):
            c["value"] = draw(self.p.values[kind])
        elif op in ("add", "remove"):
            c["items"] = draw(self.p.items[kind])
        _put(c, "effective", draw(self.p.opt_dates))
        _put(c, "known", draw(self.p.opt_dates))
        _put(c, "sources", self.cite())
        self.texts(c, "note")
        return c

    def context_event(self, i: int) -> dict[str, Any]:
        draw = self.draw
        e: dict[str, Any] = {"id": f"ev{i}", "kind": draw(st.sampled_from(_CONTEXT_KINDS))}
        form = draw(st.sampled_from(_DATE_FORMS))
        if form == "date":
            e["date"] = draw(self.p.dates)
        elif form == "null":
            e["date"] = None
        else:
            e["dates"] = self.claims()
        self.texts(e, "title", "by")
        _put(e, "related", draw(self.related))
        _put(e, "sources", self.cite())
        self.texts(e, "note")
        return e


_DATE_FORMS = ("date", "date", "date", "dates", "null")  # plus relative ones when there is something to count from
_RELATIVE_FORMS = ("after", "after", "same_as")
_KINDS = ("text", "number", "bool", "range", "set", "list")
_OPS = ("insert", "set", "repeal", "add", "remove")


# -- overlap datasets (the world oracle's inputs, DESIGN §6) -----------------------------------------------------

#: The first day of the short stretch every date of :func:`overlap_datasets` falls in (dates run to about 40 days
#: after it, relative dates a few days more).
OVERLAP_BASE = dt.date(2024, 3, 1)
_OVERLAP_ITEMS = ("a", "b", "c")


def _oday(offset: int) -> str:
    return (OVERLAP_BASE + dt.timedelta(days=offset)).isoformat()


_o_offsets = st.integers(0, 24)
_o_exact = _o_offsets.map(_oday)
_o_short_range = st.tuples(_o_offsets, st.integers(1, 4)).map(lambda t: f"[{_oday(t[0])}..{_oday(t[0] + t[1])}]")
#: short windows mostly: exact days, ranges of 2–5 days, approximate days (3 days), uncertain days; a month now and
#: then (the ``"2024-08"`` of DESIGN's example), so that brute force over every day of every window stays cheap
_o_dates = st.one_of(
    _o_exact, _o_exact, _o_short_range, _o_short_range,
    _o_exact.map(lambda d: d + "~"), _o_exact.map(lambda d: d + "?"),
    st.sampled_from(("2024-03", "2024-03-10?")),
)
_o_window = st.one_of(_o_exact, _o_short_range)


@st.composite
def _o_act(draw: st.DrawFn, aid: str, relative_endings: bool = True, staged: bool = False) -> dict[str, Any]:
    events: list[dict[str, Any]] = []
    if draw(st.integers(0, 2)) == 0:
        events.append({"kind": "signed", "date": draw(_o_window)})
    published = draw(st.booleans())
    if published:
        events.append({"kind": "published", "date": draw(st.one_of(_o_window, _o_exact.map(lambda d: d + "~")))})
    how = draw(st.sampled_from(("date", "date", "date", "after", "same_as", "disputed", "none", "null")))
    if how in ("after", "same_as") and not published:
        how = "date"
    if how == "date":
        events.append({"kind": "in_force", "date": draw(_o_dates)})
    elif how == "after":
        offset: dict[str, Any] = {"after": "published", "days": draw(st.integers(0, 3))}
        if staged and draw(st.integers(0, 2)) == 0:
            offset["months"] = 1  # §4a: calendar months, clamped to the month's end, then days
        events.append({"kind": "in_force", "date": offset})
    elif how == "same_as":
        events.append({"kind": "in_force", "date": {"same_as": "published"}})
    elif how == "disputed":
        first = draw(st.integers(0, 22))
        days = sorted({first, first + draw(st.integers(1, 3))})
        events.append({"kind": "in_force", "dates": [{"date": _oday(d)} for d in days]})
    elif how == "null":
        events.append({"kind": "in_force", "date": None})
    ending = draw(st.integers(0, 5))
    if ending == 0:
        events.append({"kind": "repealed", "date": draw(_o_window)})
    elif ending == 1 and relative_endings and how in ("date", "after", "same_as", "disputed"):
        events.append({"kind": "repealed", "date": {"after": "in_force", "days": draw(st.integers(0, 4))}})
    elif ending == 2:
        events.append({"kind": "expired", "date": draw(_o_window)})
    return {"id": aid, "events": events}


_O_KINDS = ("set", "set", "list", "text", "number", "bool")
_O_TERRITORIES = ("E", "W", "S")
_O_PURPOSE = "for the purposes of making regulations"


@st.composite
def _o_stages(draw: st.DrawFn, extent: tuple[str, ...]) -> list[dict[str, Any]]:
    """1–3 stages: full, territorial (within the provision's extent, or within E and W when it has none) or for
    a purpose."""
    pool = extent or ("E", "W")
    stages = []
    for _ in range(draw(st.integers(1, 3))):
        stage: dict[str, Any] = {"date": draw(_o_window)}
        how = draw(st.sampled_from(("full", "territorial", "territorial", "purpose")))
        if how == "territorial":
            stage["extent"] = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=len(pool), unique=True))
        elif how == "purpose":
            stage["purposes"] = [_O_PURPOSE]
        stages.append(stage)
    return stages


def _o_value(kind: str) -> st.SearchStrategy[Any]:
    if kind == "set":
        return st.lists(st.sampled_from(_OVERLAP_ITEMS), max_size=2, unique=True).map(sorted)
    if kind == "list":
        return st.lists(st.sampled_from(_OVERLAP_ITEMS), max_size=3)
    if kind == "text":
        return st.sampled_from(("x", "y", "z"))
    if kind == "number":
        return st.sampled_from((1, 2, 3))
    return st.booleans()


@st.composite
def overlap_datasets(draw: st.DrawFn, max_acts: int = 3, max_provisions: int = 3, max_changes: int = 6,
                     relative_endings: bool = True, staged: bool = False, stages: bool = True) -> dict[str, Any]:
    """A small valid dataset whose changes crowd into a few weeks of March 2024, so that windows overlap often.

    Several changes per provision (the first provision gets most of them), commuting ones (two ``add`` changes of
    different items) and non-commuting ones (``set``/``repeal``, ``add``/``remove``, two ``set`` changes); effective
    dates given or left to the act's ``in_force`` (exact, a short range, approximate, uncertain, a month,
    relative to ``published``, disputed between two sources, undated, or missing: pending changes); ``known`` dates
    given now and then (so that they straddle ``as_of``); acts with ``repealed``/``expired`` events, some
    relative to ``in_force`` (implicit repeals; ``relative_endings=False`` leaves those out). Items are strings
    only (no ``1 == True`` surprises in lists).

    With ``staged=True`` it also uses DESIGN §4a: ``months`` in relative dates; provisions with an ``extent``
    (some of E, W, S); changes that come into force in ``stages`` (1–3 short-windowed steps, each full,
    territorial within the provision's extent, or for a purpose); ``lapsed`` changes (with an exact lapse day or
    none); ``amend`` and ``insert`` without a value (content not recorded) on provisions that are not sets or
    lists; ``stages=False`` leaves the stages out.
    """
    n_acts = draw(st.integers(1, max_acts))
    act_ids = [f"act{i}" for i in range(n_acts)]
    acts = [draw(_o_act(a, relative_endings, staged)) for a in act_ids]
    provisions: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, max_provisions))):
        kind = draw(st.sampled_from(_O_KINDS))
        p: dict[str, Any] = {"id": f"prov{i}", "act": draw(st.sampled_from(act_ids)), "kind": kind}
        if staged and draw(st.integers(0, 2)) == 0:
            p["extent"] = draw(st.lists(st.sampled_from(_O_TERRITORIES), min_size=1, max_size=3, unique=True))
        if draw(st.integers(0, 4)) < 3:
            p["value"] = draw(_o_value(kind))
        provisions.append(p)
    changes: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, max_changes))):
        p = provisions[draw(st.one_of(st.just(0), st.integers(0, len(provisions) - 1)))]
        kind = p["kind"]
        ops = ("set", "repeal", "insert", "add", "add", "remove") if kind in ("set", "list") else (
            "set", "set", "repeal", "insert") + (("amend", "amend") if staged else ())
        op = draw(st.sampled_from(ops))
        c: dict[str, Any] = {"act": draw(st.sampled_from(act_ids)), "provision": p["id"], "op": op}
        unrecorded = staged and kind not in ("set", "list") and draw(st.integers(0, 2)) == 0
        if op == "set" or (op == "insert" and not unrecorded):
            c["value"] = draw(_o_value(kind))
        elif op in ("add", "remove"):
            c["items"] = draw(st.lists(st.sampled_from(_OVERLAP_ITEMS), min_size=1, max_size=2, unique=True))
        if staged and stages and draw(st.integers(0, 2)) == 0:
            c["stages"] = draw(_o_stages(tuple(p.get("extent", ()))))
        elif draw(st.integers(0, 4)) < 3:
            c["effective"] = draw(_o_dates)
        if draw(st.integers(0, 3)) == 0:
            c["known"] = draw(_o_window)
        if staged and draw(st.integers(0, 6)) == 0:
            lapse: dict[str, Any] = {"reason": "the amending provision was repealed before it came into force"}
            if draw(st.booleans()):
                lapse["date"] = draw(_o_exact)
            c["lapsed"] = lapse
        changes.append(c)
    data: dict[str, Any] = {"lawtimeline": 1, "acts": acts, "provisions": provisions}
    if changes:
        data["changes"] = changes
    return data
