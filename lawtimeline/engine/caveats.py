"""Caveats in words (DESIGN §6): only the uncertainties that could make an answer otherwise, worked out when read.

The eight kinds: (1) a change that may or may not have taken effect by the day; (2) changes whose order is unknown
when the order matters (different states, or a different ``since``); (3) a change whose visibility under
``as_of`` is undecided; (4) the day a definite answer rests on, when ``since`` is not one exact day; (5) an
uncertain or disputed date of a change whose effect is still part of the state; (6) a retroactive change whose
effect is part of the state; (7) pending changes of the provision whose act existed by the day; (8) the §4a words
(savings, a data horizon; the words for partial stages and for an extent that does not cover ``where``
come from :mod:`~lawtimeline.engine.stages`).

"Could make it otherwise" is decided on the worlds themselves: an undecided change is named when the worlds in
which it applies give a different answer (states, or ``since`` of a definite answer) than those in which it does
not; two changes are named for their order when the worlds with one order give a different answer than those with
the other. Acts are named by short title (else title), changes by what they do, dates as labels; never an id or an
op name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pendulum

from lawtimeline.dates import PartialDate
from lawtimeline.engine.fold import apply, hashable
from lawtimeline.engine.worlds import commutes, group_options, members, states_at, worlds
from lawtimeline.model import Change, Op

if TYPE_CHECKING:
    from lawtimeline.engine import Engine
    from lawtimeline.engine.index import ProvisionIndex

_PAST = {
    "introduced": "introduced", "adopted": "adopted", "approved": "approved", "signed": "signed",
    "published": "published", "in_force": "in force", "applies": "applied", "suspended": "suspended",
    "struck_down": "struck down", "repealed": "repealed", "expired": "expired",
}
_ENDS = {"repealed": "is repealed", "struck_down": "is struck down", "expired": "expires"}


# -- names --------------------------------------------------------------------------------------------------------
def act_name(eng: Engine, act_id: str) -> str:
    act = eng.tl.acts._data.get(act_id)
    if act is None:
        return "an act"
    return act.short_title or act.title or act.number or "an untitled act"


def provision_name(eng: Engine, pid: str) -> str:
    p = eng.tl.provisions._data.get(pid)
    if p is None:
        return "the provision"
    return p.title or p.path or "the provision"


def provision_words(eng: Engine, pid: str) -> str:
    """The provision an answer is about, named on its own: its title, else its path, else "this provision" with
    its act's short title (else title) in brackets; never its id."""
    p = eng.tl.provisions._data.get(pid)
    if p is not None and (p.title or p.path):
        return p.title or p.path or ""
    act = eng.tl.acts._data.get(p.act) if p is not None else None
    title = (act.short_title or act.title or act.number) if act is not None else None
    return f"this provision ({title})" if title else "this provision"


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _items(items: tuple[Any, ...]) -> str:
    quoted = [f"'{_short(str(i), 60)}'" for i in items]
    if len(quoted) > 3:
        return f"{', '.join(quoted[:2])} and {len(quoted) - 2} more"
    if len(quoted) <= 1:
        return "".join(quoted) or "nothing"
    return f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def describe(eng: Engine, c: Change) -> str:
    """A change by what it does: "Naturalized citizens' registration law 2024's addition of 'failure to …'"."""
    act = act_name(eng, c.act)
    pname = provision_name(eng, c.provision)
    prov = eng.tl.provisions._data.get(c.provision)
    if c.implicit and c.op is Op.INSERT:
        return f"{pname} coming into force with {act}"
    if c.implicit:
        return f"{pname} ending as {act} {_ENDS.get(c.id.rsplit('@', 1)[1], 'ends')}"
    op = c.op.value
    if op in ("insert", "set"):
        shown = _short(prov.format(c.value)) if prov is not None and c.value is not None else ""
        if type(c.value).__name__ == "Unrecorded":
            shown = ""
        if op == "insert":
            return f"{act} bringing {pname} into force" + (f" ({shown})" if shown else "")
        return f"{act} changing {pname}" + (f" to {shown}" if shown else "")
    if op == "amend":
        return f"{act} changing the content of {pname}"
    if op == "add":
        return f"{act}'s addition of {_items(c.items)}"
    if op == "remove":
        return f"{act}'s removal of {_items(c.items)}"
    return f"{act} repealing {pname}"


def window(d: PartialDate) -> str:
    """A date as a stretch of days for people: "on 1 October 2023", "some day in August 2024"."""
    label = d.label
    if d.earliest == d.latest and not d.uncertain and not d.approximate:
        return f"on {label}"
    if d.approximate:
        return f"some day around {label.removeprefix('c. ')}"
    if d.is_range or d.precision.value == "day":
        return f"on {label}" if d.earliest == d.latest else f"some day {label}"
    return f"some day in {label}"


def claims(eng: Engine, ev: Any) -> str:
    sources = eng.tl.sources._data
    parts = []
    for cl in ev.claims:
        names = []
        for sid in cl.sources:
            s = sources.get(sid)
            name = (s.publisher or s.title) if s is not None else None
            names.append(name or "one source")
        who = ", ".join(dict.fromkeys(names)) or "an uncited source"
        parts.append(f"{cl.date.label} according to {who}")
    return "; ".join(parts)


def when(eng: Engine, c: Change) -> str:
    """When a change took effect, in words, with the event it rests on when that is what is unknown."""
    eff = c.effective
    if eff is None:
        return "on a day not yet appointed"
    ev = eng.event_behind(c)
    if ev is not None and ev.disputed:
        return f"on a day the sources disagree on ({claims(eng, ev)})"
    base = window(eff)
    if ev is not None and ev.relative is not None and not eff.exact:
        rel = ev.relative
        ref = _PAST.get(rel.ref, rel.ref.replace("_", " "))
        months = getattr(rel, "months", 0)
        if rel.same_as or (rel.days == 0 and not months):
            return f"on the day the act was {ref}, known only as {base.removeprefix('on ')}"
        gap = " and ".join(x for x in (
            f"{months} month{'s' if months != 1 else ''}" if months else "",
            f"{rel.days} day{'s' if rel.days != 1 else ''}" if rel.days else "") if x)
        return f"{gap} after the act was {ref}, known only as {base.removeprefix('on ')}"
    return base


def date_words(eng: Engine, c: Change) -> list[str]:
    """Words for everything uncertain about the date a change rests on (chronology entries)."""
    eff = c.effective
    if eff is None:
        return []
    ev = eng.event_behind(c)
    if ev is not None and ev.disputed:
        return [f"sources disagree on when {describe(eng, c)} took effect: {claims(eng, ev)}"]
    if eff.exact:
        return []
    out = [f"the exact day is not known: {describe(eng, c)} took effect {when(eng, c)}"]
    if eff.uncertain:
        out.append(f"the date itself is uncertain ({eff.label})")
    return out


# -- the caveats of one answer ------------------------------------------------------------------------------------
def caveat_words(plan: ProvisionIndex, d: int, a: int | None) -> tuple[str, ...]:
    eng = plan.eng
    changes = plan.changes
    out: dict[str, None] = {}
    ws = worlds(plan, d, a)
    in_play = [(g, members(plan, g, d, a)) for g in plan.groups if g.lo <= d]
    if ws is None:
        _fallback(plan, d, a, in_play, out)
    else:
        evaluated = [_evaluate(plan, cnt, seq) for cnt, seq in ws]
        full = _answer(evaluated)
        definite = len(full[0]) == 1
        same = " (the value is the same either way, but the day it dates from depends on it)" if definite else ""
        for _g, ms in in_play:
            for i, tu, vu in ms:
                if not (tu or vu):
                    continue
                yes = [w for w in evaluated if i in w[4]]
                no = [w for w in evaluated if i not in w[4]]
                if yes and no and _answer(yes) != _answer(no):
                    c = changes[i]
                    if tu:
                        out[f"{describe(eng, c)} may or may not have taken effect by this day: it took effect "
                            f"{when(eng, c)}{same}"] = None
                    if vu and c.known is not None:
                        out[f"{describe(eng, c)} may or may not have been known by the as-of day: it became "
                            f"knowable {window(c.known)}{same}"] = None
        for g, ms in in_play:
            if g.ordered:
                continue
            applied = [m[0] for m in ms]
            for x in range(len(applied)):
                for y in range(x + 1, len(applied)):
                    i, j = applied[x], applied[y]
                    if plan.root[i] == plan.root[j]:
                        continue
                    ij = [w for w in evaluated if i in w[4] and j in w[4] and w[4][i] < w[4][j]]
                    ji = [w for w in evaluated if i in w[4] and j in w[4] and w[4][j] < w[4][i]]
                    if ij and ji and _answer(ij) != _answer(ji):
                        ci, cj = changes[i], changes[j]
                        out[f"the order in which {describe(eng, ci)} ({when(eng, ci)}) and {describe(eng, cj)} "
                            f"({when(eng, cj)}) took effect is not known"
                            + (same or ", and the answer depends on it")] = None
        since_change = None
        if definite:
            best = min(evaluated, key=lambda w: w[0])
            if best[2] >= 0:
                since_change = changes[best[2]]
                eff = since_change.effective
                ev = eng.event_behind(since_change)
                if eff is not None and (not eff.exact or (ev is not None and ev.disputed)):
                    out[f"the day this value dates from is not known exactly: {describe(eng, since_change)} "
                        f"took effect {when(eng, since_change)}"] = None
                for g, _ms in in_play:  # a group too large to enumerate whose changes commute
                    if best[2] in g.positions and len(g.positions) > 1 and group_options(plan, g, d, a) is None:
                        same_day = len({changes[i].effective for i in g.positions}) == 1
                        out[f"which of {len(g.positions)} changes taking effect {window(_hull(g))} took effect "
                            "last is not known: the value is the same whatever their order"
                            + ("" if same_day else ", but the day it dates from may be that of any of them")] = None
        contributing: dict[int, None] = {}
        for w in evaluated:
            contributing.update(dict.fromkeys(w[3]))
        for i in sorted(contributing):
            c = changes[i]
            eff = c.effective
            ev = eng.event_behind(c)
            if c is not since_change:
                if ev is not None and ev.disputed:
                    out[f"sources disagree on when {describe(eng, c)} took effect: {claims(eng, ev)}"] = None
                elif eff is not None and eff.uncertain:
                    out[f"the date of {describe(eng, c)} ({eff.label}) is itself uncertain"] = None
            elif eff is not None and eff.uncertain:
                out[f"the date of {describe(eng, c)} ({eff.label}) is itself uncertain"] = None
            if c.retroactive is True and c.known is not None and eff is not None:
                out[f"{describe(eng, c)} was retroactive: in effect from {eff.label}, but knowable only from "
                    f"{c.known.label}"] = None
            for words in getattr(c, "subject_to", ()) or ():
                out[f"{describe(eng, c)} is subject to savings: {words}"] = None
    for c in eng.pending_on(plan, d, a):
        out[f"{describe(eng, c)} is pending: it has no date of entry into force yet"] = None
    as_at = getattr(eng.tl, "as_at", None)
    if as_at is not None and as_at.toordinal() < d:
        out[f"the data is complete only to {PartialDate.day(as_at).label}; later changes may be missing"] = None
    return tuple(out)


def _evaluate(plan: ProvisionIndex, cnt: int, seq: tuple[int, ...]
              ) -> tuple[tuple[int, tuple[int, ...]], Any, int, list[int], dict[int, int]]:
    """One world: (rank, state key, last change, contributing changes, position of each applied change)."""
    kind = plan.kind
    f: bool = False
    v: Any = None
    contributing: list[int] = []
    for i in seq:
        c = plan.changes[i]
        f, v = apply(c, f, v, kind)
        if c.op is Op.ADD or c.op is Op.REMOVE:
            contributing.append(i)
        else:
            contributing = [i]
    return (cnt, seq), (f, hashable(v)), (seq[-1] if seq else -1), contributing, {i: n for n, i in enumerate(seq)}


def _answer(ws: list[Any]) -> tuple[frozenset[Any], int | None]:
    states = frozenset(w[1] for w in ws)
    if len(states) != 1:
        return states, None
    return states, min(ws, key=lambda w: w[0])[2]


def _hull(g: Any) -> PartialDate:
    return PartialDate.between(pendulum.Date.fromordinal(g.lo), pendulum.Date.fromordinal(g.hi))


def _fallback(plan: ProvisionIndex, d: int, a: int | None, in_play: list[Any], out: dict[str, None]) -> None:
    """Too many worlds to weigh each uncertainty: name every one, and the groups not enumerated."""
    eng = plan.eng
    modes = {id(g): mode for g, mode in states_at(plan, d, a)[1]}
    for g, ms in in_play:
        mode = modes.get(id(g))
        if mode is not None:
            n = len(g.positions)
            undecided = sum(1 for m in ms if m[1] or m[2])
            if mode == "bounded":
                span = f"{n} changes taking effect {window(_hull(g))}"
                head = (f"which of {span} had taken effect by this day could not be enumerated" if commutes(plan, g)
                        else f"the order of {span} could not be enumerated, nor which of them had taken effect by "
                        "this day")
                out[f"{head} ({undecided} of them may or may not have): the answer lists only the states they give "
                    "in date order with none of those, each first few, or all of them applied"] = None
            elif undecided:
                out[f"the order of {n} changes taking effect {window(_hull(g))} could not be enumerated: the "
                    f"answer lists the states they give in date order, each of the {undecided} that may or may "
                    "not have taken effect by this day applied or not"] = None
            else:
                out[f"the order of {n} changes taking effect {window(_hull(g))} could not be enumerated: the "
                    "answer is the state they give in date order, but another order may give another"] = None
        elif group_options(plan, g, d, a) is None:
            pass  # too large to enumerate, but its changes commute: only which of them took effect matters
        elif not g.ordered and len(ms) > 1:
            names = "; ".join(describe(eng, plan.changes[m[0]]) for m in ms)
            out[f"the order in which these changes took effect is not known: {names}"] = None
        for i, tu, vu in ms:
            c = plan.changes[i]
            if tu:
                out[f"{describe(eng, c)} may or may not have taken effect by this day: it took effect "
                    f"{when(eng, c)}"] = None
            if vu and c.known is not None:
                out[f"{describe(eng, c)} may or may not have been known by the as-of day: it became knowable "
                    f"{window(c.known)}"] = None
