"""The chronology: every dated thing of a timeline in one order, with titles and caveats in words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from lawtimeline.model import LIFECYCLE_ORDER, Change, Event, Op, Source, Stage, Unrecorded, format_value
from lawtimeline.results import Entry

if TYPE_CHECKING:
    from lawtimeline.engine import Engine
    from lawtimeline.timeline import Timeline

KIND_WORDS = {
    "introduced": "introduced",
    "adopted": "adopted",
    "approved": "approved",
    "signed": "signed",
    "published": "published",
    "in_force": "enters into force",
    "applies": "applies",
    "suspended": "suspended",
    "struck_down": "struck down",
    "repealed": "repealed",
    "expired": "expires",
}
OP_WORDS = {
    Op.INSERT: "inserts",
    Op.SET: "sets",
    Op.AMEND: "amends",
    Op.ADD: "adds to",
    Op.REMOVE: "removes from",
    Op.REPEAL: "repeals",
}


def build_chronology(eng: Engine) -> tuple[Entry, ...]:
    """Every dated entry in the one order all renderers share: (earliest, latest), then life-cycle order, then
    changes, then context events, then dataset order (DESIGN §12.10) — except that an act's life-cycle event never sorts
    before one that comes earlier in the same act's life cycle: its key is the larger of its own (earliest, latest)
    and the key of the act's previous life-cycle event."""
    tl = eng.tl
    keyed: list[tuple[Any, Entry]] = []
    n = 0
    for act in tl.acts.values():
        # An act's life-cycle event never sorts before one that comes earlier in its life cycle: walk the events
        # in life-cycle order (dataset order among equal kinds) and carry the larger (earliest, latest) along.
        dated = [(i, e) for i, e in enumerate(act.events) if e.date is not None]
        dated.sort(key=lambda ie: (LIFECYCLE_ORDER.get(ie[1].kind, len(LIFECYCLE_ORDER)), ie[0]))
        floor: tuple[Any, Any] | None = None
        keys: dict[int, tuple[Any, Any]] = {}
        for i, e in dated:
            assert e.date is not None
            own = (e.date.earliest, e.date.latest)
            floor = own if floor is None or own > floor else floor
            keys[i] = floor
        for i, e in enumerate(act.events):
            if e.date is None:
                continue
            title = e.title or f"{act.name} {KIND_WORDS.get(e.kind, e.kind)}"
            entry = Entry(e.date, e.kind, title, e.id, act.id, e.all_sources, event_caveats(e, tl.sources._data))
            lo, hi = keys[i]
            keyed.append(((lo, hi, 0, LIFECYCLE_ORDER[e.kind], n), entry))
            n += 1
    for c in tl.all_changes():
        lapse = c.lapsed
        if lapse is not None:  # DESIGN §12.10: an entry of kind "lapsed" on its lapse date, none without one
            if lapse.date is not None:
                entry = Entry(lapse.date, "lapsed", lapsed_title(tl, c), c.id, c.act, lapse.sources or c.sources,
                              (), c.provision)
                keyed.append(((lapse.date.earliest, lapse.date.latest, 1, 0, n), entry))
                n += 1
            continue
        if c.stages:  # DESIGN §4a: one entry per stage, saying where or for what it has effect
            for st in c.stages:
                step = attrs.evolve(c, effective=st.date, effective_given=True)
                entry = Entry(st.date, "change", stage_title(tl, c, st), c.id, c.act, st.sources or c.sources,
                              tuple(eng.date_caveats(step)), c.provision)
                keyed.append(((st.date.earliest, st.date.latest, 1, 0, n), entry))
                n += 1
            continue
        if c.effective is None:
            continue
        entry = Entry(c.effective, "change", change_title(tl, c), c.id, c.act, c.sources,
                      tuple(eng.date_caveats(c)), c.provision)
        keyed.append(((c.effective.earliest, c.effective.latest, 1, 0, n), entry))
        n += 1
    for e in tl.events.values():
        if e.date is None:
            continue
        entry = Entry(e.date, e.kind, e.title or e.kind.replace("_", " "), e.id, None, e.all_sources,
                      event_caveats(e, tl.sources._data))
        keyed.append(((e.date.earliest, e.date.latest, 2, 0, n), entry))
        n += 1
    keyed.sort(key=lambda ke: ke[0])
    return tuple(e for _k, e in keyed)

def _source_names(ids: tuple[str, ...], sources: Mapping[str, Source] | None) -> str:
    """Sources in words: each by its publisher, else its title (never its id when the dataset names it)."""
    names = []
    for sid in ids:
        s = sources.get(sid) if sources is not None else None
        names.append((s.publisher or s.title or sid) if s is not None else sid)
    return ", ".join(dict.fromkeys(names)) or "no source"


def event_caveats(e: Event, sources: Mapping[str, Source] | None = None) -> tuple[str, ...]:
    """Words for everything uncertain about an event's date; ``sources`` (id -> Source) names the claims' sources."""
    d = e.date
    if d is None:
        return ()
    out = []
    if e.disputed:
        claims = "; ".join(f"{c.date.label} according to {_source_names(c.sources, sources)}" for c in e.claims)
        out.append(f"sources disagree: {claims}")
    elif d.is_range or d.precision != "day":
        how = f" ({e.relative.label})" if e.relative is not None else ""
        out.append(f"the exact day is not known: {d.label}{how}")
    if d.approximate:
        out.append(f"approximate date ({d.label})")
    if d.uncertain:
        out.append(f"uncertain date ({d.label})")
    return tuple(out)

def change_title(tl: Timeline, c: Change) -> str:
    """A change in words: ``404-FZ sets Fine for …: 10,000–30,000 RUB``."""
    act = tl.acts._data.get(c.act)
    prov = tl.provisions._data.get(c.provision)
    aname = act.name if act else c.act
    pname = prov.name if prov else c.provision
    unit = prov.unit if prov else None
    if c.implicit and c.op is Op.INSERT:
        return f"{pname} comes into force with {aname}: {prov.format(c.value) if prov else c.value}"
    if c.implicit:
        return f"{pname} ends: {aname} {KIND_WORDS.get(c.id.rsplit('@', 1)[1], 'repealed')}"
    verb = OP_WORDS[c.op]
    if isinstance(c.value, Unrecorded):
        return f"{aname} {verb} {pname} (new content not recorded)"
    if c.op in (Op.INSERT, Op.SET):
        return f"{aname} {verb} {pname}: {format_value(c.value, unit)}"
    if c.op in (Op.ADD, Op.REMOVE):
        return f"{aname} {verb} {pname}: {'; '.join(str(i) for i in c.items)}"
    return f"{aname} {verb} {pname}"


def stage_title(tl: Timeline, c: Change, st: Stage) -> str:
    """One stage of a change in words: ``… inserts s. 26A (new content not recorded), for the purposes of making
    regulations``; a full stage says ``wholly`` when an earlier stage was partial."""
    base = change_title(tl, c)
    scope = []
    if st.extent:
        from lawtimeline.engine.stages import territory_words

        scope.append(f"in {territory_words(st.extent)}")
    scope.extend(p if p.lower().startswith("for ") else f"for {p}" for p in st.purposes)
    if scope:
        return f"{base}, {' and '.join(scope)}"
    if any(not other.full for other in c.stages if other.date.sort_key < st.date.sort_key):
        return f"{base}, wholly"
    return base


def lapsed_title(tl: Timeline, c: Change) -> str:
    """A lapsed change in words: ``Adoption and Children Act 2002 amends s. 40(2)(a) (new content not recorded)
    — lapsed: <reason>``."""
    reason = c.lapsed.reason if c.lapsed is not None else ""
    return f"{change_title(tl, c)} — lapsed: {reason}"


def pending_changes(tl: Timeline, *, provision: str | None = None, as_of: pendulum.Date | None = None
                    ) -> tuple[Change, ...]:
    """The changes with no date of entry into force yet, in dataset order (of one provision, and knowable by
    ``as_of``, when given), lapsed and staged ones left out (a change with stages is partly in force from its first
    stage on, DESIGN §4a): what ``Snapshot.pending`` lists, for renderers that show a whole timeline."""
    return tuple(
        c for c in tl.all_changes()
        if c.pending and c.lapsed is None and not c.stages and (provision is None or c.provision == provision)
        and (as_of is None or c.known is None or c.known.earliest <= as_of)
    )


def pending_title(tl: Timeline, c: Change) -> str:
    """A pending change in words: ``Pending Act would set Fine for parking to 200 GEL``."""
    act = tl.acts._data.get(c.act)
    prov = tl.provisions._data.get(c.provision)
    aname = act.name if act else c.act
    pname = prov.name if prov else c.provision
    unit = prov.unit if prov else None
    items = "; ".join(str(i) for i in c.items)
    if c.op is Op.AMEND:
        return f"{aname} would change the content of {pname} (new content not recorded)"
    if c.op is Op.INSERT and isinstance(c.value, Unrecorded):
        return f"{aname} would bring {pname} into force (content not recorded)"
    if c.op is Op.SET:
        return f"{aname} would set {pname} to {format_value(c.value, unit)}"
    if c.op is Op.INSERT:
        return f"{aname} would bring {pname} into force: {format_value(c.value, unit)}"
    if c.op is Op.ADD:
        return f"{aname} would add to {pname}: {items}"
    if c.op is Op.REMOVE:
        return f"{aname} would remove from {pname}: {items}"
    return f"{aname} would repeal {pname}"
