"""What queries return: answers, snapshots, versions, differences and chronology entries."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal, NamedTuple

import attrs
import pendulum

from lawtimeline.dates import PartialDate
from lawtimeline.model import Change, Provision, Source, format_value

__all__ = ["Answer", "Difference", "Differences", "Entry", "History", "Snapshot", "Version"]

Status = Literal["definite", "partial", "unresolved"]


def _fmt(value: object, unit: str | None) -> str:
    return format_value(value, unit)


class Outcome(NamedTuple):
    """The part of an answer that does not depend on the exact query day (shared by every day of a segment).

    ``index`` is the provision's index in the engine, ``last`` the position there of the change the state comes
    from (-1 for none), so that ``since``, ``change``, ``by``, ``unit`` and ``name`` are looked up rather than
    stored. ``caveats`` are worked out only when first read (for ``day`` as known on ``as_of``), so an answer whose
    caveats nobody reads costs nothing for them. ``candidates`` of a definite outcome is its one state.
    """

    status: Status
    in_force: bool | None
    value: Any
    cands: tuple[tuple[bool, Any], ...] | None  # None for a definite outcome: its one state
    last: int
    index: Any  # the provision's index (lawtimeline.engine.index.ProvisionIndex)
    day: int = 0  # the day (ordinal) the caveats are worked out for, and the as-of day (or None)
    as_of: int | None = None
    limits: tuple[str, ...] = ()

    @property
    def candidates(self) -> tuple[tuple[bool, Any], ...]:
        c = self.cands
        return ((self.in_force, self.value),) if c is None else c  # type: ignore[return-value]

    @property
    def since(self) -> PartialDate | None:
        """The effective date of the change the state comes from (definite answers)."""
        return self.index.changes[self.last].effective if self.last >= 0 else None

    @property
    def change(self) -> str | None:
        """The id of the change the state comes from (definite answers)."""
        return self.index.changes[self.last].id if self.last >= 0 else None

    @property
    def by(self) -> str | None:
        """The name of the act whose change made the value (definite answers)."""
        if self.last < 0:
            return None
        act = self.index.changes[self.last].act
        return self.index.eng.act_names.get(act, act)  # type: ignore[no-any-return]

    @property
    def unit(self) -> str | None:
        return self.index.unit  # type: ignore[no-any-return]

    @property
    def name(self) -> str:
        """The provision's name for people."""
        return self.index.name  # type: ignore[no-any-return]

    @property
    def caveats(self) -> tuple[str, ...]:
        words: tuple[str, ...] = self.index.caveats_at(self.day, self.as_of)
        return words

    def __repr__(self) -> str:
        return (f"Outcome(status={self.status!r}, in_force={self.in_force!r}, value={self.value!r}, "
                f"candidates={self.candidates!r}, since={self.since!r}, change={self.change!r})")


class Answer(NamedTuple):
    """The answer to "what did this provision say on that day (as known on ``as_of``)?".

    ``status`` is ``"definite"``, ``"partial"`` or ``"unresolved"``; an unresolved answer lists every possible
    ``(in_force, value)`` outcome in ``candidates`` (in rank order, DESIGN §6) and leaves ``value``, ``since``
    and ``change`` as ``None``. ``caveats`` say in words each uncertainty that could make the answer otherwise
    (and nothing else); they are worked out when first read.

    >>> import lawtimeline as lt
    >>> tl = lt.load("examples/russia_migrants.yaml")
    >>> a = tl.value_of("ru-citizenship-revocation-grounds", on="2025-08-12")
    >>> a.status, a.in_force
    ('definite', True)

    An Answer is immutable (a named tuple, so that building one costs as little as a look-up).
    """

    provision: str
    on: pendulum.Date
    as_of: pendulum.Date | None
    outcome: Outcome

    @property
    def status(self) -> Status:
        return self.outcome.status

    @property
    def in_force(self) -> bool | None:
        return self.outcome.in_force

    @property
    def value(self) -> Any:
        return self.outcome.value

    @property
    def candidates(self) -> tuple[tuple[bool, Any], ...]:
        return self.outcome.candidates

    @property
    def since(self) -> PartialDate | None:
        return self.outcome.since

    @property
    def change(self) -> str | None:
        return self.outcome.change

    @property
    def caveats(self) -> tuple[str, ...]:
        return self.outcome.caveats

    @property
    def limits(self) -> tuple[str, ...]:
        """Where or for what the first candidate of a ``"partial"`` answer holds (DESIGN §4a); empty otherwise."""
        return self.outcome.limits

    @property
    def definite(self) -> bool:
        return self.outcome.status == "definite"

    def describe(self) -> str:
        """The value in words: ``10,000–30,000 RUB``, ``not in force``, or the possible outcomes (a partial answer's
        first one with its limits: ``new words (in England and Wales only) | old words``)."""
        o = self.outcome
        if o.status == "definite":
            return _fmt(o.value, o.unit) if o.in_force else "not in force"
        words = [_fmt(v, o.unit) if f else "not in force" for f, v in o.candidates]
        if o.status == "partial" and o.limits and words:
            words[0] += f" ({'; '.join(o.limits)})"
        return " | ".join(words)

    def _repr_html_(self) -> str:
        from lawtimeline.render.objects import answer_html

        return answer_html(self)

    def __repr__(self) -> str:
        o = self.outcome
        when = f"on {self.on.isoformat()}" + (f" as of {self.as_of.isoformat()}" if self.as_of else "")
        since = f", since {o.since.label} ({o.change})" if o.status == "definite" and o.since else ""
        cav = f"; caveats: {'; '.join(o.caveats)}" if o.caveats else ""
        text = f"<Answer {self.provision} {when}: {self.describe()} [{o.status}{since}]{cav}>"
        return text.replace("\r", "\\r").replace("\n", "\\n")  # one line, always


@attrs.frozen(repr=False)
class Snapshot(Mapping[str, Answer]):
    """What was, or may have been, in force on a day: provision id → :class:`Answer`, in dataset order.

    ``pending`` lists the changes that have no date of entry into force yet and existed by ``on`` (their ``known``
    date is not certainly after it; with ``as_of``, knowable by then): a law signed in 2025 is not pending in 2024.

    >>> import lawtimeline as lt
    >>> snap = lt.load("examples/russia_migrants.yaml").in_force("2025-08-12")
    >>> len(snap), [c.provision for c in snap.pending]
    (10, ['ru-cao-fine-move-3-months'])

    ``missing`` maps each provision whose basis is not (certainly) in force that day to the provisions it depends
    on that are not (certainly) in force.
    """

    on: pendulum.Date
    as_of: pendulum.Date | None
    answers: Mapping[str, Answer]
    pending: tuple[Change, ...] = ()
    missing: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    undecided: frozenset[str] = frozenset()
    pending_words: Mapping[str, str] = attrs.field(factory=dict)  # change id → what it would do, in words

    def supported(self, provision: str) -> bool | None:
        """Whether everything ``provision`` depends on is in force that day: ``True``, ``False``, or ``None`` when
        that is undecided."""
        self.answers[provision]
        if provision not in self.missing:
            return True
        return None if provision in self.undecided else False

    def __getitem__(self, key: str) -> Answer:
        return self.answers[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.answers)

    def __len__(self) -> int:
        return len(self.answers)

    @property
    def unresolved(self) -> tuple[Answer, ...]:
        """The answers that are not definite."""
        return tuple(a for a in self.answers.values() if a.status != "definite")

    def _repr_html_(self) -> str:
        from lawtimeline.render.objects import snapshot_html

        return snapshot_html(self)

    def __repr__(self) -> str:
        extra = f", {len(self.unresolved)} unresolved" if self.unresolved else ""
        pend = f", {len(self.pending)} pending changes" if self.pending else ""
        return f"<Snapshot on {self.on.isoformat()}: {len(self)} provisions in force{extra}{pend}>"


class Version(NamedTuple):
    """One version of a provision: its ``value`` from ``start`` (inclusive) to ``end`` (exclusive, ``None`` while
    current), made by ``change`` of ``act``. ``certain`` is False when a bound is not one exact day.

    >>> import lawtimeline as lt
    >>> v = lt.load("examples/russia_migrants.yaml").history("ru-cao-fine-summons")[-1]
    >>> v.value, v.start.label, v.end, v.act
    (Range(min=10000, max=30000), '1 October 2023', None, 'ru-fz-404-2023')

    A Version is immutable (a named tuple: histories of long-lived provisions are built often).
    """

    value: Any
    start: PartialDate | None
    end: PartialDate | None
    change: str
    act: str
    certain: bool = True
    #: where or for what the version holds when the provision is only partly in force then (DESIGN §4a):
    #: ``("for the purposes of making regulations only",)``; empty when it holds wholly
    limits: tuple[str, ...] = ()


class History(tuple[Version, ...]):
    """The versions of one provision, oldest first (a tuple, with a rich display in notebooks).

    >>> import lawtimeline as lt
    >>> len(lt.load("examples/russia_migrants.yaml").history("ru-citizenship-revocation-grounds"))
    3"""

    provision: Provision | None = None
    act_names: Mapping[str, str] = {}
    #: the provision's changes that have no date of entry into force yet (knowable by ``as_of``), with their
    #: words ("… would set … to …") and the sources they cite (id → Source), for the display
    pending: tuple[Change, ...] = ()
    pending_words: tuple[str, ...] = ()
    sources: Mapping[str, Source] = {}
    #: the provision's lapsed changes (never applied, DESIGN §4a), with their words ("… lapsed: <reason>")
    lapsed: tuple[Change, ...] = ()
    lapsed_words: tuple[str, ...] = ()

    def _repr_html_(self) -> str:
        from lawtimeline.render.objects import history_html

        return history_html(self)


@attrs.frozen
class Difference:
    """A provision whose answer differs between two days, with the changes that may have taken effect between
    (``changes``) and the names of their acts (``acts``).

    >>> import lawtimeline as lt
    >>> d = lt.load("examples/russia_migrants.yaml").diff("2023-09-30", "2023-10-01")[0]
    >>> d.provision, d.before.describe(), d.after.describe(), d.acts
    ('ru-cao-fine-summons', '500–3,000 RUB', '10,000–30,000 RUB', ('Military registration fines 2023',))
    """

    provision: str
    before: Answer
    after: Answer
    changes: tuple[str, ...]
    acts: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return (f"<Difference {self.provision}: {self.before.describe()} → {self.after.describe()} "
                f"by {', '.join(self.changes) or 'no dated change'}>")


class Differences(tuple[Difference, ...]):
    """What :meth:`Timeline.diff` returns: a tuple of :class:`Difference`, with a rich display in notebooks.

    >>> import lawtimeline as lt
    >>> len(lt.load("examples/russia_migrants.yaml").diff("2023-09-30", "2023-10-01"))
    6"""

    def _repr_html_(self) -> str:
        from lawtimeline.render.objects import differences_html

        return differences_html(self)


@attrs.frozen
class Entry:
    """One dated entry of a chronology: a life-cycle event, a change taking effect, or a context event.

    ``kind`` is the life-cycle kind, the context kind, or ``"change"``; ``subject`` is the id of the event or change.

    >>> import lawtimeline as lt
    >>> e = lt.load("examples/russia_migrants.yaml").chronology(start="2025-08-11", end="2025-08-11",
    ...                                                          kinds=["in_force"])[0]
    >>> e.date.label, e.kind, e.title
    ('11 August 2025', 'in_force', 'Revocation grounds law (July 2025) enters into force')
    """

    date: PartialDate
    kind: str
    title: str
    subject: str
    act: str | None = None
    sources: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    provision: str | None = None
