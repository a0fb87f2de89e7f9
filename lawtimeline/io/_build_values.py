"""Building provisions and changes, with the checks of values against provision kinds.

Most changes in a large dataset are clean. ``_fast_change`` checks such a change completely in one pass; anything
it does not accept goes through the full check, which reports problems with their paths.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from lawtimeline.dates import PartialDate
from lawtimeline.errors import DateError
from lawtimeline.model import (
    Act,
    Change,
    Lapse,
    Op,
    Provision,
    ProvisionKind,
    Range,
    Stage,
    Unrecorded,
    new_change,
)

if TYPE_CHECKING:
    pass

from lawtimeline.io._build_base import (
    _OPS,
    CHANGE_KEYS,
    LAPSE_KEYS,
    PLAIN_CHANGE_KEYS,
    PROVISION_KEYS,
    STAGE_KEYS,
    BuilderBase,
    Path,
    _unknown,
    _what,
)

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
        tl, th = type(lo), type(hi)
        if ((lo is None or tl is int or (tl is float and math.isfinite(lo)))
                and (hi is None or th is int or (th is float and math.isfinite(hi)))
                and (lo is None or hi is None or lo <= hi)):
            return Range(lo, hi)
    elif kind is ProvisionKind.SET:
        if t is list and all(type(x) is str for x in v):
            return frozenset(v)
    elif kind is ProvisionKind.LIST and t is list and _plain_items(v):
        return tuple(v)
    return _SLOW


def _plain_items(items: list[Any]) -> bool:
    """Whether every item is text, a whole or finite number, true/false or null (what a list provision holds)."""
    return all(type(x) in _PLAIN_ITEM or (type(x) is float and math.isfinite(x)) for x in items)


def _fast_items(items: Any, kind: ProvisionKind) -> tuple[Any, ...] | None:
    """The checked items of a clean ``add`` or ``remove`` (a non-empty list of valid items of a set or list
    provision), or ``None`` when the full check, with its messages, has to run."""
    if type(items) is not list or not items:
        return None
    if kind is ProvisionKind.SET:
        return tuple(items) if all(type(x) is str for x in items) else None
    if kind is ProvisionKind.LIST:
        return tuple(items) if _plain_items(items) else None
    return None


_PLAIN_ITEM = frozenset((str, int, bool, type(None)))


_RANGE_KEYS = frozenset(("min", "max"))
_CHANGE_KEYSET = frozenset(PLAIN_CHANGE_KEYS)


def _fast_date(value: Any, dates: dict[str, Any]) -> PartialDate | object | None:
    """A date given as text, parsed (once per distinct text: ``dates`` keeps them); ``None`` when absent;
    ``_SLOW`` when it needs the full check."""
    if value is None:
        return None
    if type(value) is str:
        d = dates.get(value)
        if d is None:
            try:
                d = PartialDate.parse(value)
            except DateError:
                d = _SLOW
            dates[value] = d
        return d
    return _SLOW


def _fast_change(v: Any, acts: Mapping[str, Act], provisions: Mapping[str, Provision], dates: dict[str, Any]
                 ) -> tuple[Any, ...] | None:
    """The checked fields of a clean change (known keys, known act and provision, a valid op and value, text dates,
    no id), or ``None`` when the full check, with its messages, has to run. The act and provision ids
    returned are the act's and the provision's own strings, so that a million changes share them."""
    if type(v) is not dict or not _CHANGE_KEYSET.issuperset(v) or "id" in v:
        return None
    act_id, prov_id, raw_op = v.get("act"), v.get("provision"), v.get("op")
    if type(act_id) is not str or type(prov_id) is not str or type(raw_op) is not str:
        return None
    act = acts.get(act_id)
    prov = provisions.get(prov_id)
    op = _OPS.get(raw_op)
    if act is None or prov is None or op is None:
        return None
    items: tuple[Any, ...] | None = ()
    value: Any = None
    if op is Op.REPEAL:
        if "value" in v or "items" in v:
            return None
    elif op is Op.AMEND:
        return None
    elif op is Op.ADD or op is Op.REMOVE:
        if "value" in v:
            return None
        items = _fast_items(v.get("items"), prov.kind)
        if items is None:
            return None
    else:
        if "items" in v:
            return None
        value = _fast_value(v, op, prov.kind)
        if value is _SLOW:
            return None
    effective, known = _fast_date(v.get("effective"), dates), _fast_date(v.get("known"), dates)
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
    return act.id, prov.id, op, value, items, effective, known, sources, note


class ValuesBuilder(BuilderBase):
    """Provisions, their values and the changes made to them."""

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
            extent=self.codes(d, "extent", path) if "extent" in d else (),
            meta=self.meta(d, path) if "meta" in d else None,
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

    def changes(self, raw: list[Any], acts: Mapping[str, Act], provisions: Mapping[str, Provision], *,
                consume: bool = False) -> list[Change]:
        """The changes of ``raw``; with ``consume``, each item of ``raw`` is dropped (set to ``None``) once read, so
        that the parsed text's memory goes back while the changes are made (the loader's own parsed tree only)."""
        out = []
        items: tuple[Any, ...]
        dates: dict[str, Any] = {}  # date text -> its PartialDate (or _SLOW), parsed once
        counters: dict[str, dict[str, int]] = {}  # provision -> act -> changes so far (no key tuple per change)
        defaults = {a.id: (a.date_of("in_force"), a.default_known) for a in acts.values()}  # once per act
        ids, derived = self.ids, self.derived
        for i, v in enumerate(raw):
            if consume:
                raw[i] = None
            path = ("changes", i)
            clean = _fast_change(v, acts, provisions, dates)
            if clean is not None:  # a clean change: everything checked, nothing to report
                act_id, prov_id, op, value, items, effective, known, sources, note = clean
                per = counters.get(prov_id)
                if per is None:
                    per = counters[prov_id] = {}
                n = per[act_id] = per.get(act_id, 0) + 1
                ident = f"{act_id}/{prov_id}/{n}"
                if ident not in ids:
                    ids[ident] = path
                    derived[ident] = ""
                    act_in_force, act_known = defaults[act_id]
                    resolved_effective = effective or act_in_force
                    out.append(new_change(ident, act_id, prov_id, op, value, items, resolved_effective,
                                          known or act_known or resolved_effective, sources, note,
                                          effective is not None, known is not None))
                    continue
                per[act_id] = n - 1  # a duplicate id: the full path below reports it
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
            per = counters.setdefault(prov_id, {})
            n = per[act_id] = per.get(act_id, 0) + 1
            given = self.new_id(d["id"], (*path, "id")) if "id" in d else None
            ident = given or f"{act_id}/{prov_id}/{n}"
            self.register(ident, path, given=given is not None, what="this change")
            op = self.op(d, path)
            prov = provisions.get(prov_id)
            value = None
            items = ()
            if op is not None and prov is not None:
                if op is Op.AMEND or (op is Op.INSERT and "value" not in d):
                    value = self.unrecorded(d, op, path, ident, acts.get(act_id))
                else:
                    checked = _fast_value(d, op, prov.kind) if "items" not in d else _SLOW
                    if checked is _SLOW:
                        value, items = self.change_payload(d, op, prov, path)
                    else:
                        value = checked
            effective = self.date(d["effective"], (*path, "effective")) if "effective" in d else None
            known = self.date(d["known"], (*path, "known")) if "known" in d else None
            stages = self.stages(d["stages"], (*path, "stages"), prov) if "stages" in d else ()
            if "stages" in d and "effective" in d:
                self.error(path, "give either 'effective' or 'stages' (the steps in which it comes into force), "
                                 "not both")
            lapsed = self.lapse(d["lapsed"], (*path, "lapsed")) if "lapsed" in d else None
            if op is None or isinstance(d.get("effective"), dict) or isinstance(d.get("known"), dict):
                continue  # already reported
            act_in_force, act_known = defaults.get(act_id, (None, None))
            if "stages" in d:
                resolved_effective = derived_effective(stages, prov.extent if prov else ())
                first = min((st.date for st in stages), default=None)
                known_default = act_known or first  # knowable at the latest when its first stage came
            else:
                resolved_effective = effective or act_in_force
                known_default = act_known or resolved_effective
            out.append(Change(
                ident, act_id, prov_id, op, value, items, resolved_effective,
                known or known_default,
                self.strings(d, "sources", path) if "sources" in d else (),
                self.text(d, "note", path) if "note" in d else None,
                effective is not None, known is not None, given is not None,
                stages=stages, lapsed=lapsed,
                subject_to=self.strings(d, "subject_to", path) if "subject_to" in d else (),
                meta=self.meta(d, path) if "meta" in d else None,
            ))
        return out

    def unrecorded(self, d: Mapping[str, Any], op: Op, path: Path, ident: str, act: Act | None) -> Unrecorded:
        """The value of an ``amend``, or of an ``insert`` without ``value``: content not recorded."""
        if op is Op.AMEND:
            for key in ("value", "items"):
                if key in d:
                    self.error((*path, key), f"'amend' says the content changed without recording it, so it takes "
                                             f"no '{key}' (to record the new content, use op: set"
                                             f"{' or add/remove' if key == 'items' else ''})")
        elif "items" in d:
            self.error((*path, "items"), "'insert' takes a 'value', not 'items' (leave both out when the new "
                                         "content is not recorded)")
        return Unrecorded(ident, (act.short_title or act.title or act.name) if act is not None else "?")

    def stages(self, value: Any, path: Path, prov: Provision | None) -> tuple[Stage, ...]:
        """The steps in which a change comes into force; a stage's extent must lie inside the provision's."""
        if not isinstance(value, list) or not value:
            found = "an empty list" if value == [] else _what(value)
            self.error(path, f"expected a non-empty list of stages {{date, extent, purposes}}, found {found}")
            return ()
        out = []
        for k, v in enumerate(value):
            p = (*path, k)
            d = self.mapping(v, p, STAGE_KEYS, ("date",), what="a stage {date, extent, purposes, sources, note}")
            if d is None:
                continue
            if isinstance(d.get("date"), dict):
                self.error((*p, "date"), "a stage's date cannot be relative; give the day it comes into force")
                continue
            date = self.date(d.get("date"), (*p, "date"))
            extent = self.codes(d, "extent", p) if "extent" in d else ()
            if prov is not None and prov.extent:
                for j, code in enumerate(extent):
                    if code not in prov.extent:
                        self.error((*p, "extent", j), f"{code!r} is outside the extent of {prov.id!r} "
                                                      f"({', '.join(prov.extent)})")
            if date is None:
                continue
            sources = self.strings(d, "sources", p)
            if sources:
                self.cites.append(((*p, "sources"), sources))
            out.append(Stage(date, extent, self.strings(d, "purposes", p), sources,
                             self.text(d, "note", p), self.meta(d, p) if "meta" in d else None))
        return tuple(out)

    def lapse(self, value: Any, path: Path) -> Lapse | None:
        d = self.mapping(value, path, LAPSE_KEYS, what="a lapse {date, reason, sources}")
        if d is None:
            return None
        sources = self.strings(d, "sources", path)
        if sources:
            self.cites.append(((*path, "sources"), sources))
        reason = self.text(d, "reason", path)
        if reason is None or not reason.strip():
            if "reason" not in d or d["reason"] is None or isinstance(d["reason"], str):
                self.error((*path, "reason") if "reason" in d else path,
                           "a lapsed change needs a 'reason' (why it will never take effect, e.g. \"the amending "
                           "provision was repealed before it came into force\")")
            return None
        if isinstance(d.get("date"), dict):
            self.error((*path, "date"), "a lapse's date cannot be relative")
            return None
        return Lapse(self.date(d.get("date"), (*path, "date")), reason, sources)

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
            if op is Op.INSERT and has_value and d["value"] is None:
                self.error((*path, "value"), f"'insert' with a null 'value' for the {prov.kind.value} provision "
                                             f"{prov.id!r}: leave 'value' out when the new content is not recorded")
                return None, ()
            if has_items:
                self.error((*path, "items"), f"'{op.value}' takes a 'value', not 'items'")
            if not has_value or d["value"] is None:
                self.error((*path, "value") if has_value else path,
                           f"'{op.value}' needs a 'value' for the {prov.kind.value} provision {prov.id!r}"
                           f"{' (to end it, use op: repeal)' if has_value else ''}"
                           f"{'' if has_value else ' (when the new content is not recorded, use op: amend)'}")
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


def derived_effective(stages: tuple[Stage, ...], extent: tuple[str, ...]) -> PartialDate | None:
    """When a staged change has effect everywhere and for every purpose (DESIGN §4a): the date of its first full
    stage, or the stage on which the extents of its territorial stages (extent, no purposes) together cover the
    provision's whole ``extent``, whichever sorts first; ``None`` when neither happens (a provision without
    ``extent`` is never covered). Stages are taken in date order."""
    candidates = [st.date for st in stages if st.full]
    if extent:
        covered: set[str] = set()
        dates: list[PartialDate] = []
        for st in sorted((st for st in stages if st.extent and not st.purposes), key=lambda st: st.date.sort_key):
            covered.update(st.extent)
            dates.append(st.date)
            if covered.issuperset(extent):
                # covered on the latest of these days: a date that may be later than the last one to sort
                last = max(dates, key=lambda d: (d.latest, d.earliest))
                start = max(d.earliest for d in dates)
                candidates.append(last if last.earliest == start else PartialDate.between(start, last.latest))
                break
    return min(candidates, default=None)
