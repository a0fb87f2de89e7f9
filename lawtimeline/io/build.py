"""From plain data (a parsed dataset) to model objects, checking everything and reporting every problem.

The builder walks the whole dataset once. Each problem is recorded with its path inside the dataset; positions in
the file are looked up only for the problems found. Nothing is returned unless the dataset is free of errors.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx

from lawtimeline.dates import PartialDate, RelativeDate
from lawtimeline.errors import DatasetError, DateError, Problem
from lawtimeline.io._read import format_path
from lawtimeline.model import (
    LIFECYCLE_KINDS,
    LIFECYCLE_ORDER,
    Act,
    Change,
    Claim,
    Event,
    Op,
    Provision,
    ProvisionKind,
    Range,
    Source,
)

if TYPE_CHECKING:
    from lawtimeline.io._read import Located
    from lawtimeline.timeline import Timeline

Path = tuple[str | int, ...]

FORMAT_VERSIONS = (1,)
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/\[\]-]*")
KIND_RE = re.compile(r"[a-z_]+")

TOP_KEYS = ("lawtimeline", "title", "description", "sources", "acts", "provisions", "changes", "events")
SOURCE_KEYS = ("id", "title", "publisher", "url", "date", "note")
ACT_KEYS = ("id", "title", "short_title", "number", "jurisdiction", "kind", "url", "tags", "sources", "events",
            "note")  # fmt: skip
EVENT_KEYS = ("id", "kind", "date", "dates", "title", "by", "related", "sources", "note")
CLAIM_KEYS = ("date", "sources")
PROVISION_KEYS = ("id", "title", "act", "path", "kind", "unit", "tags", "depends_on", "sources", "value", "note")
CHANGE_KEYS = ("id", "act", "provision", "op", "value", "items", "effective", "known", "sources", "note")


_KEYSETS: dict[tuple[str, ...], frozenset[str]] = {}
_SLOW = object()


def _fast_value(d: Mapping[str, Any], op: Op, kind: ProvisionKind) -> Any:
    """The checked value of the commonest changes (insert or set of a valid number, text, bool or range), or
    ``_SLOW`` when the full check, with its messages, has to run."""
    if op is not Op.INSERT and op is not Op.SET:
        return _SLOW
    v: Any = d.get("value")
    t = type(v)
    if kind is ProvisionKind.NUMBER:
        if t is int or (t is float and math.isfinite(v)):
            return v
    elif kind is ProvisionKind.TEXT:
        if t is str:
            return v
    elif kind is ProvisionKind.BOOL:
        if t is bool:
            return v
    elif kind is ProvisionKind.RANGE and t is dict and len(v) <= 2 and _RANGE_KEYS.issuperset(v):
        lo, hi = v.get("min"), v.get("max")
        if all(e is None or type(e) is int or (type(e) is float and math.isfinite(e)) for e in (lo, hi)) and (
                lo is None or hi is None or lo <= hi):
            return Range(lo, hi)
    return _SLOW


_RANGE_KEYS = frozenset(("min", "max"))
_CHANGE_KEYSET = frozenset(CHANGE_KEYS)


def _fast_date(value: Any) -> PartialDate | object | None:
    """A date given as text or a year, parsed; ``None`` when absent; ``_SLOW`` when it needs the full check."""
    if value is None:
        return None
    if type(value) is str:
        try:
            return PartialDate.parse(value)
        except DateError:
            return _SLOW
    return _SLOW


def _fast_change(v: Any, acts: Mapping[str, Act], provisions: Mapping[str, Provision]) -> tuple[Any, ...] | None:
    """The checked fields of a clean change (known keys, known act and provision, a valid op and value, text dates,
    no id or items), or ``None`` when the full check, with its messages, has to run."""
    if type(v) is not dict or not _CHANGE_KEYSET.issuperset(v) or "id" in v or "items" in v:
        return None
    act_id, prov_id, raw_op = v.get("act"), v.get("provision"), v.get("op")
    if type(act_id) is not str or act_id not in acts or type(prov_id) is not str or type(raw_op) is not str:
        return None
    prov = provisions.get(prov_id)
    op = _OPS.get(raw_op)
    if prov is None or op is None:
        return None
    if op is Op.REPEAL:
        if "value" in v:
            return None
        value: Any = None
    else:
        value = _fast_value(v, op, prov.kind)
        if value is _SLOW:
            return None
    effective, known = _fast_date(v.get("effective")), _fast_date(v.get("known"))
    if effective is _SLOW or known is _SLOW:
        return None
    sources = v.get("sources")
    if sources is None:
        sources = ()
    elif type(sources) is list and all(type(s) is str for s in sources):
        sources = tuple(sources)
    else:
        return None
    note = v.get("note")
    if note is not None and type(note) is not str:
        return None
    return act_id, prov_id, op, value, effective, known, sources, note
_OPS = {o.value: o for o in Op}


def _what(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int | float):
        return f"{value!r} (a number)"
    if isinstance(value, str):
        return f"{value!r} (text)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


class Builder:
    """Builds a Timeline from plain data, collecting problems with their paths."""

    def __init__(self, located: Located | None = None, file: str | None = None) -> None:
        self.located = located
        self.file = file if file is not None else (located.file if located is not None else None)
        self.problems: list[tuple[Path, str, bool, str]] = []  # (path, message, at_key, severity)
        self.ids: dict[str, Path] = {}  # id -> path of the object that has it

    # -- recording ------------------------------------------------------------------------------------------------
    def error(self, path: Path, message: str, *, at_key: bool = False) -> None:
        self.problems.append((path, message, at_key, "error"))

    def located_problems(self) -> list[Problem]:
        out = []
        for path, msg, at_key, severity in self.problems:
            line, col = self.located.where(path, key=at_key) if self.located is not None else (None, None)
            out.append(Problem(msg, format_path(path), self.file, line, col, severity))  # type: ignore[arg-type]
        out.sort(key=lambda p: (p.line or 0, p.column or 0))
        return out

    # -- generic readers ------------------------------------------------------------------------------------------
    def mapping(self, value: Any, path: Path, keys: Iterable[str], required: Iterable[str] = (),
                what: str = "") -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, f"expected a mapping{' (' + what + ')' if what else ''}, found {_what(value)}")
            return None
        allowed = tuple(keys)
        known = _KEYSETS.get(allowed)
        if known is None:
            known = _KEYSETS[allowed] = frozenset(allowed)
        if known.issuperset(value):  # the common case: no unknown key
            for k in required:
                if value.get(k) is None:
                    self.error(path, f"missing required key {k!r}")
            return value
        for k in value:
            if k not in allowed:
                close = difflib.get_close_matches(str(k), allowed, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.error((*path, k), f"unknown key {k!r} ({hint}expected one of: {', '.join(allowed)})",
                           at_key=True)
        for k in required:
            if k not in value or value[k] is None:
                self.error(path, f"missing required key {k!r}")
        return value

    def text(self, d: Mapping[str, Any], key: str, path: Path) -> str | None:
        v = d.get(key)
        if v is None:
            return None
        if not isinstance(v, str):
            self.error((*path, key), f"expected text, found {_what(v)}; quote it to keep it as text")
            return None
        return v

    def strings(self, d: Mapping[str, Any], key: str, path: Path) -> tuple[str, ...]:
        v = d.get(key)
        if v is None:
            return ()
        if not isinstance(v, list):
            self.error((*path, key), f"expected a list of text, found {_what(v)}")
            return ()
        out = []
        for i, item in enumerate(v):
            if isinstance(item, str):
                out.append(item)
            else:
                self.error((*path, key, i), f"expected text, found {_what(item)}")
        return tuple(out)

    def new_id(self, value: Any, path: Path) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not ID_RE.fullmatch(value):
            self.error(path, f"{_what(value)} is not a valid id (letters, digits and . _ : / [ ] -, "
                             "starting with a letter or digit)")
            return None
        return value

    def register(self, ident: str, path: Path, *, given: bool = True) -> None:
        """Record the object at ``path`` under ``ident``; a second object with the same id is an error."""
        if ident in self.ids:
            where = (*path, "id") if given else path
            self.error(where, f"duplicate id {ident!r} (already used at {format_path(self.ids[ident])})")
        else:
            self.ids[ident] = path

    def date(self, value: Any, path: Path) -> PartialDate | None:
        if value is None:
            return None
        if isinstance(value, list):
            hint = ""
            if len(value) == 1 and isinstance(value[0], str) and ".." in value[0]:
                hint = f'; to write a day range, quote it: "[{value[0]}]"'
            self.error(path, f"expected a date, found a list{hint}")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | _dt.date):
            self.error(path, f"expected a date, found {_what(value)}")
            return None
        try:
            return PartialDate.parse(value)
        except DateError as e:
            self.error(path, str(e))
            return None

    # -- the dataset ----------------------------------------------------------------------------------------------
    def build(self, data: Any) -> Timeline:
        from lawtimeline.timeline import Timeline

        top = self.mapping(data, (), TOP_KEYS, what="a dataset")
        if top is None:
            raise DatasetError(self.located_problems())
        version = top.get("lawtimeline")
        if "lawtimeline" not in top:
            self.error((), "missing required key 'lawtimeline' (the format version: lawtimeline: 1)")
        elif version not in FORMAT_VERSIONS or isinstance(version, bool):
            known = ", ".join(str(v) for v in FORMAT_VERSIONS)
            self.error(("lawtimeline",), f"unsupported format version {version!r}; this lawtimeline reads "
                                         f"version {known}")
            raise DatasetError(self.located_problems())
        title = self.text(top, "title", ())
        description = self.text(top, "description", ())

        sources = [s for i, v in enumerate(self.items(top, "sources")) if (s := self.source(v, ("sources", i)))]
        acts = [a for i, v in enumerate(self.items(top, "acts")) if (a := self.act(v, ("acts", i)))]
        provisions = [p for i, v in enumerate(self.items(top, "provisions"))
                      if (p := self.provision(v, ("provisions", i)))]
        acts_by_id = {a.id: a for a in acts}
        prov_by_id = {p.id: p for p in provisions}
        changes = self.changes(self.items(top, "changes"), acts_by_id, prov_by_id)
        events = [e for i, v in enumerate(self.items(top, "events")) if (e := self.context_event(v, ("events", i)))]

        self.check_references(sources, acts, provisions, changes, events)
        self.check_dependency_cycles(provisions)
        if any(sev == "error" for *_, sev in self.problems):
            raise DatasetError(self.located_problems())
        tl = Timeline(title=title, description=description, sources=sources, acts=acts,
                      provisions=provisions, changes=changes, events=events)
        tl._located = self.located
        return tl

    def items(self, top: Mapping[str, Any], key: str) -> list[Any]:
        v = top.get(key)
        if v is None:
            return []
        if not isinstance(v, list):
            self.error((key,), f"expected a list, found {_what(v)}")
            return []
        return v

    def source(self, value: Any, path: Path) -> Source | None:
        d = self.mapping(value, path, SOURCE_KEYS, ("id",), what="a source")
        if d is None:
            return None
        ident = self.new_id(d.get("id"), (*path, "id"))
        if ident:
            self.register(ident, path)
        url = self.text(d, "url", path)
        return Source(
            id=ident or "", title=self.text(d, "title", path), publisher=self.text(d, "publisher", path),
            url=url, date=self.date(d.get("date"), (*path, "date")), note=self.text(d, "note", path),
        ) if ident else None

    # -- acts and their life cycles -------------------------------------------------------------------------------
    def act(self, value: Any, path: Path) -> Act | None:
        d = self.mapping(value, path, ACT_KEYS, ("id",), what="an act")
        if d is None:
            return None
        ident = self.new_id(d.get("id"), (*path, "id"))
        if ident:
            self.register(ident, path)
        raw_events = d.get("events")
        if raw_events is not None and not isinstance(raw_events, list):
            self.error((*path, "events"), f"expected a list of life-cycle events, found {_what(raw_events)}")
            raw_events = []
        events = self.lifecycle(ident or "?", raw_events or [], (*path, "events"))
        if not ident:
            return None
        return Act(
            id=ident, title=self.text(d, "title", path), short_title=self.text(d, "short_title", path),
            number=self.text(d, "number", path), jurisdiction=self.text(d, "jurisdiction", path),
            kind=self.text(d, "kind", path), url=self.text(d, "url", path), tags=self.strings(d, "tags", path),
            sources=self.strings(d, "sources", path), events=events, note=self.text(d, "note", path),
        )

    def lifecycle(self, act_id: str, raw: list[Any], path: Path) -> tuple[Event, ...]:
        parsed: list[tuple[int, dict[str, Any], str, Any]] = []  # (index, mapping, kind, date value)
        counts: dict[str, int] = {}
        ids: list[str] = []
        for i, v in enumerate(raw):
            p = (*path, i)
            d = self.mapping(v, p, EVENT_KEYS, ("kind",), what="a life-cycle event")
            if d is None:
                ids.append("")
                continue
            kind = d.get("kind")
            if kind is not None and kind not in LIFECYCLE_ORDER:
                if isinstance(kind, str) and KIND_RE.fullmatch(kind):
                    self.error((*p, "kind"), f"{kind!r} is not a life-cycle kind ({', '.join(LIFECYCLE_KINDS)}); "
                                             "put context events in the top-level 'events' list")
                else:
                    self.error((*p, "kind"), f"expected a life-cycle kind ({', '.join(LIFECYCLE_KINDS)}), "
                                             f"found {_what(kind)}")
                kind = None
            counts[kind or "?"] = counts.get(kind or "?", 0) + 1
            n = counts[kind or "?"]
            given = self.new_id(d.get("id"), (*p, "id"))
            ident = given or f"{act_id}/{kind}" + (f"-{n}" if n > 1 else "")
            if kind:
                self.register(ident, p, given=given is not None)
            ids.append(ident)
            parsed.append((i, d, kind or "", None))
        by_kind: dict[str, list[int]] = {}
        for i, _d, kind, _ in parsed:
            by_kind.setdefault(kind, []).append(i)

        # Resolve dates: plain first, then relative ones in dependency order (cycles are errors).
        resolved: dict[int, tuple[PartialDate | None, tuple[Claim, ...], RelativeDate | None]] = {}
        relative: dict[int, tuple[RelativeDate, int]] = {}
        for i, d, _kind, _ in parsed:
            p = (*path, i)
            if "date" in d and "dates" in d:
                self.error(p, "give either 'date' or 'dates' (disputed claims), not both")
                continue
            if "date" not in d and "dates" not in d:
                self.error(p, "missing required key 'date' (use a partial date such as 2024-07 when the day "
                              "is not known)")
                continue
            if "dates" in d:
                claims = self.claims(d["dates"], (*p, "dates"))
                resolved[i] = (PartialDate.hull(c.date for c in claims) if claims else None, claims, None)
                continue
            val = d["date"]
            if isinstance(val, dict):
                rel = self.relative(val, (*p, "date"))
                if rel is None:
                    continue
                targets = by_kind.get(rel.ref, [])
                if len(targets) != 1:
                    where = "does not occur" if not targets else f"occurs {len(targets)} times"
                    self.error((*p, "date"), f"relative date refers to {rel.ref!r}, which {where} in this "
                                             "act's events (it must occur exactly once)")
                    continue
                relative[i] = (rel, targets[0])
            else:
                resolved[i] = (self.date(val, (*p, "date")), (), None)
        self.resolve_relative(relative, resolved, parsed, path)

        events = []
        for i, d, kind, _ in parsed:
            if not kind or i not in resolved:
                continue
            date, claims, rel = resolved[i]
            p = (*path, i)
            events.append(Event(
                id=ids[i], kind=kind, date=date, title=self.text(d, "title", p), by=self.text(d, "by", p),
                act=act_id, related=self.strings(d, "related", p), sources=self.strings(d, "sources", p),
                note=self.text(d, "note", p), claims=claims, relative=rel, id_given=d.get("id") is not None,
            ))
        return tuple(events)

    def resolve_relative(self, relative: dict[int, tuple[RelativeDate, int]],
                         resolved: dict[int, tuple[PartialDate | None, tuple[Claim, ...], RelativeDate | None]],
                         parsed: list[tuple[int, dict[str, Any], str, Any]], path: Path) -> None:
        kinds = {i: kind for i, _d, kind, _ in parsed}
        graph = nx.DiGraph()
        graph.add_edges_from((i, target) for i, (_rel, target) in relative.items())
        try:
            cycle = nx.find_cycle(graph)
        except nx.NetworkXNoCycle:
            cycle = None
        if cycle:
            names = " → ".join(kinds[a] for a, _b in cycle) + f" → {kinds[cycle[0][0]]}"
            for a, _b in cycle:
                self.error((*path, a, "date"), f"relative dates form a cycle: {names}")
            for a, _b in cycle:
                relative.pop(a, None)
        pending = dict(relative)
        while pending:
            progressed = False
            for i, (rel, target) in list(pending.items()):
                if target in pending:
                    continue
                del pending[i]
                progressed = True
                base = resolved.get(target)
                if base is None:
                    continue  # the target already has a problem of its own
                if base[0] is None:  # relative to an undated event: undated too
                    resolved[i] = (None, (), rel)
                    continue
                try:
                    date = base[0] if rel.same_as else base[0].shift(rel.days)
                except DateError as e:
                    self.error((*path, i, "date"), str(e))
                    continue
                resolved[i] = (date, (), rel)
            if not progressed:  # only events that depend on a cycle are left
                break

    def relative(self, value: dict[str, Any], path: Path) -> RelativeDate | None:
        if "same_as" in value:
            d = self.mapping(value, path, ("same_as",), what="a relative date")
        else:
            d = self.mapping(value, path, ("after", "days"), ("after", "days"),
                             what="a relative date: {after: KIND, days: N} or {same_as: KIND}")
        if d is None or any(sev == "error" and p[: len(path)] == path for p, _m, _k, sev in self.problems):
            return None
        ref = d.get("same_as", d.get("after"))
        if not isinstance(ref, str) or ref not in LIFECYCLE_ORDER:
            key = "same_as" if "same_as" in d else "after"
            self.error((*path, key), f"expected a life-cycle kind of this act ({', '.join(LIFECYCLE_KINDS)}), "
                                     f"found {_what(ref)}")
            return None
        if "same_as" in d:
            return RelativeDate(ref, 0, same_as=True)
        days = d.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 3_660_000:
            self.error((*path, "days"), f"expected a whole number of days from 0 to 3,660,000, found {_what(days)}")
            return None
        return RelativeDate(ref, days)

    def claims(self, value: Any, path: Path) -> tuple[Claim, ...]:
        if not isinstance(value, list) or not value:
            self.error(path, f"expected a non-empty list of {{date, sources}} claims, found {_what(value)}")
            return ()
        out = []
        for i, v in enumerate(value):
            d = self.mapping(v, (*path, i), CLAIM_KEYS, ("date",), what="a dated claim")
            if d is None:
                continue
            if isinstance(d.get("date"), dict):
                self.error((*path, i, "date"), "a claim's date cannot be relative")
                continue
            date = self.date(d.get("date"), (*path, i, "date"))
            if date is not None:
                out.append(Claim(date, self.strings(d, "sources", (*path, i))))
        return tuple(out)

    def context_event(self, value: Any, path: Path) -> Event | None:
        d = self.mapping(value, path, EVENT_KEYS, ("id", "kind"), what="a context event")
        if d is None:
            return None
        ident = self.new_id(d.get("id"), (*path, "id"))
        if ident:
            self.register(ident, path)
        kind = d.get("kind")
        if kind is not None:
            if kind in LIFECYCLE_ORDER:
                self.error((*path, "kind"), f"{kind!r} is a life-cycle kind: put it in its act's 'events' list "
                                            "(top-level events are context: statement, report, …)")
                kind = None
            elif not isinstance(kind, str) or not KIND_RE.fullmatch(kind):
                self.error((*path, "kind"), f"expected a kind of lower-case letters and _, found {_what(kind)}")
                kind = None
        date: PartialDate | None = None
        claims: tuple[Claim, ...] = ()
        if "date" in d and "dates" in d:
            self.error(path, "give either 'date' or 'dates' (disputed claims), not both")
        elif "dates" in d:
            claims = self.claims(d["dates"], (*path, "dates"))
            date = PartialDate.hull(c.date for c in claims) if claims else None
        elif "date" in d:
            if isinstance(d["date"], dict):
                self.error((*path, "date"), "only an act's life-cycle events may have relative dates")
            else:
                date = self.date(d["date"], (*path, "date"))
        else:
            self.error(path, "missing required key 'date' (use a partial date such as 2024-07 when the day "
                             "is not known)")
        if not ident or not kind:
            return None
        return Event(
            id=ident, kind=kind, date=date, title=self.text(d, "title", path), by=self.text(d, "by", path),
            act=None, related=self.strings(d, "related", path), sources=self.strings(d, "sources", path),
            note=self.text(d, "note", path), claims=claims, id_given=True,
        )

    # -- provisions, values and changes ---------------------------------------------------------------------------
    def provision(self, value: Any, path: Path) -> Provision | None:
        d = self.mapping(value, path, PROVISION_KEYS, ("id", "act", "kind"), what="a provision")
        if d is None:
            return None
        ident = self.new_id(d.get("id"), (*path, "id"))
        if ident:
            self.register(ident, path)
        kind = self.provision_kind(d.get("kind"), (*path, "kind"))
        unit = self.text(d, "unit", path)
        val = None
        if "value" in d:
            if d["value"] is None:
                self.error((*path, "value"), "value is null; leave it out when the provision has no initial value")
            elif kind is not None:
                val = self.value(d["value"], kind, (*path, "value"))
        act = d.get("act")
        if act is not None and not isinstance(act, str):
            self.error((*path, "act"), f"expected an act id, found {_what(act)}")
            act = None
        if not ident or kind is None or act is None:
            return None
        return Provision(
            id=ident, act=act, kind=kind, title=self.text(d, "title", path), path=self.text(d, "path", path),
            unit=unit, tags=self.strings(d, "tags", path), depends_on=self.strings(d, "depends_on", path),
            sources=self.strings(d, "sources", path), value=val, note=self.text(d, "note", path),
        )

    def provision_kind(self, value: Any, path: Path) -> ProvisionKind | None:
        if value is None:
            return None
        try:
            return ProvisionKind(value)
        except ValueError:
            kinds = ", ".join(k.value for k in ProvisionKind)
            self.error(path, f"expected a provision kind ({kinds}), found {_what(value)}")
            return None

    def value(self, v: Any, kind: ProvisionKind, path: Path) -> Any:
        """Check ``v`` against ``kind`` and convert it to its Python form (frozenset, tuple, Range, …)."""
        def bad(expected: str) -> None:
            self.error(path, f"a {kind.value} provision needs {expected}, found {_what(v)}")

        if kind is ProvisionKind.TEXT:
            return v if isinstance(v, str) else bad("text")
        if kind is ProvisionKind.BOOL:
            return v if isinstance(v, bool) else bad("true or false")
        if kind is ProvisionKind.NUMBER:
            if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v):
                return v
            return bad("a number")
        if kind is ProvisionKind.RANGE:
            return self.range(v, path)
        if kind is ProvisionKind.SET:
            if not isinstance(v, list):
                return bad("a list of text")
            items = self.set_items(v, path)
            return frozenset(items) if items is not None else None
        if not isinstance(v, list):
            return bad("a list")
        items = self.list_items(v, path)
        return tuple(items) if items is not None else None

    def set_items(self, v: list[Any], path: Path) -> list[str] | None:
        ok = True
        for i, item in enumerate(v):
            if not isinstance(item, str):
                self.error((*path, i), f"set items must be text, found {_what(item)}")
                ok = False
        return v if ok else None

    def list_items(self, v: list[Any], path: Path) -> list[Any] | None:
        ok = True
        for i, item in enumerate(v):
            if isinstance(item, list | dict):
                self.error((*path, i), f"list items must be text, numbers, true/false or null, found {_what(item)}")
                ok = False
            elif isinstance(item, float) and not math.isfinite(item):
                self.error((*path, i), "list items must be finite numbers")
                ok = False
        return v if ok else None

    def range(self, v: Any, path: Path) -> Range | None:
        d = self.mapping(v, path, ("min", "max"), what="a range {min, max}")
        if d is None:
            return None
        ends: list[int | float | None] = []
        for key in ("min", "max"):
            e = d.get(key)
            if e is not None and (isinstance(e, bool) or not isinstance(e, int | float) or not math.isfinite(e)):
                self.error((*path, key), f"expected a number or null, found {_what(e)}")
                return None
            ends.append(e)
        lo, hi = ends
        if lo is not None and hi is not None and lo > hi:
            self.error(path, f"min {lo:,} is greater than max {hi:,}")
            return None
        return Range(lo, hi)

    def changes(self, raw: list[Any], acts: Mapping[str, Act], provisions: Mapping[str, Provision]
                ) -> list[Change]:
        out = []
        counters: dict[tuple[str, str], int] = {}
        defaults = {a.id: (a.date_of("in_force"), a.default_known) for a in acts.values()}  # once per act
        ids = self.ids
        for i, v in enumerate(raw):
            path = ("changes", i)
            clean = _fast_change(v, acts, provisions)
            if clean is not None:  # a clean change: everything checked, nothing to report
                act_id, prov_id, op, value, effective, known, sources, note = clean
                n = counters[(act_id, prov_id)] = counters.get((act_id, prov_id), 0) + 1
                ident = f"{act_id}/{prov_id}/{n}"
                if ident not in ids:
                    ids[ident] = path
                    act_in_force, act_known = defaults[act_id]
                    resolved_effective = effective or act_in_force
                    out.append(Change(ident, act_id, prov_id, op, value, (), resolved_effective,
                                      known or act_known or resolved_effective, sources, note,
                                      effective is not None, known is not None, False))
                    continue
                counters[(act_id, prov_id)] = n - 1  # a duplicate id: the full path below reports it
            d = self.mapping(v, path, CHANGE_KEYS, ("act", "provision", "op"), what="a change")
            if d is None:
                continue
            act_id, prov_id = d.get("act"), d.get("provision")
            if not (type(act_id) is str and act_id in acts and type(prov_id) is str and prov_id in provisions):
                for key, ref, index, what in (("act", act_id, acts, "act"),
                                              ("provision", prov_id, provisions, "provision")):
                    if ref is None:
                        continue
                    if not isinstance(ref, str):
                        self.error((*path, key), f"expected an {what} id, found {_what(ref)}")
                    elif ref not in index:
                        self.error((*path, key), _unknown(what, ref, index))
                if not isinstance(act_id, str) or not isinstance(prov_id, str):
                    continue
            n = counters[(act_id, prov_id)] = counters.get((act_id, prov_id), 0) + 1
            given = self.new_id(d["id"], (*path, "id")) if "id" in d else None
            ident = given or f"{act_id}/{prov_id}/{n}"
            self.register(ident, path, given=given is not None)
            op = self.op(d, path)
            prov = provisions.get(prov_id)
            value = None
            items: tuple[Any, ...] = ()
            if op is not None and prov is not None:
                checked = _fast_value(d, op, prov.kind) if "items" not in d else _SLOW
                if checked is _SLOW:
                    value, items = self.change_payload(d, op, prov, path)
                else:
                    value = checked
            effective = self.date(d["effective"], (*path, "effective")) if "effective" in d else None
            known = self.date(d["known"], (*path, "known")) if "known" in d else None
            if op is None or isinstance(d.get("effective"), dict) or isinstance(d.get("known"), dict):
                continue  # already reported
            act_in_force, act_known = defaults.get(act_id, (None, None))
            resolved_effective = effective or act_in_force
            out.append(Change(
                ident, act_id, prov_id, op, value, items, resolved_effective,
                known or act_known or resolved_effective,
                self.strings(d, "sources", path) if "sources" in d else (),
                self.text(d, "note", path) if "note" in d else None,
                effective is not None, known is not None, given is not None,
            ))
        return out

    def op(self, d: Mapping[str, Any], path: Path) -> Op | None:
        raw = d.get("op")
        if raw is None:
            return None
        try:
            return _OPS[raw]
        except (KeyError, TypeError):
            self.error((*path, "op"), f"expected an op ({', '.join(o.value for o in Op)}), found {_what(raw)}")
            return None

    def change_payload(self, d: Mapping[str, Any], op: Op, prov: Provision, path: Path
                       ) -> tuple[Any, tuple[Any, ...]]:
        has_value, has_items = "value" in d, "items" in d
        if op in (Op.INSERT, Op.SET):
            if has_items:
                self.error((*path, "items"), f"'{op.value}' takes a 'value', not 'items'")
            if not has_value or d["value"] is None:
                self.error((*path, "value") if has_value else path,
                           f"'{op.value}' needs a 'value' for the {prov.kind.value} provision {prov.id!r}"
                           f"{' (to end it, use op: repeal)' if has_value else ''}")
                return None, ()
            return self.value(d["value"], prov.kind, (*path, "value")), ()
        if op in (Op.ADD, Op.REMOVE):
            if has_value:
                self.error((*path, "value"), f"'{op.value}' takes 'items', not a 'value'")
            if prov.kind not in (ProvisionKind.SET, ProvisionKind.LIST):
                self.error((*path, "op"), f"'{op.value}' works on set and list provisions; {prov.id!r} is a "
                                          f"{prov.kind.value} provision (use op: set)")
                return None, ()
            items = d.get("items")
            if not isinstance(items, list) or not items:
                self.error((*path, "items") if has_items else path,
                           f"'{op.value}' needs 'items': a non-empty list, found "
                           f"{_what(items) if has_items else 'none'}")
                return None, ()
            checked = (self.set_items(items, (*path, "items")) if prov.kind is ProvisionKind.SET
                       else self.list_items(items, (*path, "items")))
            return None, tuple(checked or ())
        if has_value or has_items:
            self.error((*path, "value" if has_value else "items"), "'repeal' takes neither 'value' nor 'items'")
        return None, ()

    # -- cross references ---------------------------------------------------------------------------------------
    def check_references(self, sources: list[Source], acts: list[Act],
                         provisions: list[Provision], changes: list[Change], events: list[Event]) -> None:
        source_ids = {s.id: s for s in sources}
        act_ids = {a.id: a for a in acts}
        prov_ids = {p.id: p for p in provisions}

        def cited(ids: Iterable[str], path: Path) -> None:
            for j, s in enumerate(ids):
                if s not in source_ids:
                    self.error((*path, j), _unknown("source", s, source_ids))

        def related(ids: Iterable[str], path: Path) -> None:
            for j, r in enumerate(ids):
                if r not in self.ids:
                    self.error((*path, j), _unknown("act, provision or event", r, self.ids))

        for a in acts:
            cited(a.sources, (*self.ids[a.id], "sources"))
            for e in a.events:
                ep = self.ids[e.id]
                cited(e.sources, (*ep, "sources"))
                related(e.related, (*ep, "related"))
                for k, claim in enumerate(e.claims):
                    cited(claim.sources, (*ep, "dates", k, "sources"))
        for p in provisions:
            pp = self.ids[p.id]
            if p.act not in act_ids:
                self.error((*pp, "act"), _unknown("act", p.act, act_ids))
            cited(p.sources, (*pp, "sources"))
            for j, dep in enumerate(p.depends_on):
                if dep not in prov_ids:
                    self.error((*pp, "depends_on", j), _unknown("provision", dep, prov_ids))
        known_sources = source_ids.keys()
        for c in changes:
            if c.sources and not known_sources >= set(c.sources):  # build the path only for a problem
                cited(c.sources, (*self.ids[c.id], "sources"))
        for e in events:
            ep = self.ids[e.id]
            cited(e.sources, (*ep, "sources"))
            related(e.related, (*ep, "related"))
            for k, cl in enumerate(e.claims):
                cited(cl.sources, (*ep, "dates", k, "sources"))

    def check_dependency_cycles(self, provisions: list[Provision]) -> None:
        graph = nx.DiGraph()
        index = {p.id: i for i, p in enumerate(provisions)}
        paths = {p.id: self.ids.get(p.id, ("provisions", i)) for i, p in enumerate(provisions)}
        for p in provisions:
            graph.add_edges_from((p.id, d) for d in p.depends_on if d in index)
        cycles: dict[frozenset[str], list[str]] = {}
        for cycle in nx.simple_cycles(graph):
            key = frozenset(cycle)
            if key not in cycles:
                start = min(range(len(cycle)), key=lambda k: index[cycle[k]])
                cycles[key] = cycle[start:] + cycle[:start]  # begin at the provision first in the file
            if len(cycles) >= 20:
                break
        for cycle in sorted(cycles.values(), key=lambda c: [index[n] for n in c]):
            names = " → ".join([*cycle, cycle[0]])
            first = cycle[0]
            j = provisions[index[first]].depends_on.index(cycle[1] if len(cycle) > 1 else first)
            self.error((*paths[first], "depends_on", j), f"dependency cycle: {names}")


def _unknown(what: str, ref: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(ref, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown {what} {ref!r}{hint}"


def build(data: Any, located: Located | None = None, file: str | None = None) -> Timeline:
    """Build a Timeline from plain data; raises :class:`DatasetError` listing every problem."""
    return Builder(located, file).build(data)
