"""Building acts, their life-cycle events (relative and disputed dates included) and context events."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from lawtimeline.dates import PartialDate, RelativeDate
from lawtimeline.errors import DateError
from lawtimeline.model import (
    LIFECYCLE_KINDS,
    LIFECYCLE_ORDER,
    Act,
    Claim,
    Event,
)

if TYPE_CHECKING:
    pass

from lawtimeline.io._build_base import (
    ACT_KEYS,
    CLAIM_KEYS,
    EVENT_KEYS,
    KIND_RE,
    BuilderBase,
    Path,
    _what,
)


class EventsBuilder(BuilderBase):
    """Acts and events: life cycles with their relative dates resolved, disputed claims, context events."""

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
            meta=self.meta(d, path) if "meta" in d else None,
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
            if kind is not None and (not isinstance(kind, str) or kind not in LIFECYCLE_ORDER):
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
                self.register(ident, p, given=given is not None, what="this life-cycle event")
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
                rel = self.relative(val, (*p, "date"), [k for _i, _d, k, _ in parsed if k])
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
                meta=self.meta(d, p) if "meta" in d else None,
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
                    date = rel.apply(base[0])
                except DateError as e:
                    self.error((*path, i, "date"), str(e))
                    continue
                resolved[i] = (date, (), rel)
            if not progressed:  # only events that depend on a cycle are left
                break

    def relative(self, value: dict[str, Any], path: Path, act_kinds: Sequence[str] = ()) -> RelativeDate | None:
        if "same_as" in value:
            d = self.mapping(value, path, ("same_as",), what="a relative date")
        else:
            d = self.mapping(value, path, ("after", "months", "days"), ("after",),
                             what="a relative date: {after: KIND, days: N}, {after: KIND, months: N} or "
                                  "{same_as: KIND}")
            if d is not None and "days" not in d and "months" not in d:
                self.error(path, "missing required key 'days' (or 'months'): {after: KIND, days: N}, "
                                 "{after: KIND, months: N, days: N}")
        if d is None or any(sev == "error" and p[: len(path)] == path for p, _m, _k, sev in self.problems):
            return None
        ref = d.get("same_as", d.get("after"))
        if not isinstance(ref, str) or ref not in LIFECYCLE_ORDER:
            key = "same_as" if "same_as" in d else "after"
            kinds = list(dict.fromkeys(act_kinds)) or list(LIFECYCLE_KINDS)
            close = difflib.get_close_matches(ref, kinds, n=1) if isinstance(ref, str) and len(ref) < 100 else []
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.error((*path, key), f"expected a life-cycle kind of this act ({', '.join(kinds)}), "
                                     f"found {_what(ref)}{hint}")
            return None
        if "same_as" in d:
            return RelativeDate(ref, 0, same_as=True)
        days, months = d.get("days", 0), d.get("months", 0)
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 3_660_000:
            self.error((*path, "days"), f"expected a whole number of days from 0 to 3,660,000, found {_what(days)}")
            return None
        if not isinstance(months, int) or isinstance(months, bool) or not 0 <= months <= 120_000:
            self.error((*path, "months"), f"expected a whole number of months from 0 to 120,000, found "
                                          f"{_what(months)}")
            return None
        return RelativeDate(ref, days, months=months, written=tuple(k for k in ("months", "days") if k in d))

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
            if isinstance(kind, str) and kind in LIFECYCLE_ORDER:
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
            meta=self.meta(d, path) if "meta" in d else None,
        )
