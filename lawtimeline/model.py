"""The data model: sources, acts and their life-cycle events, provisions, changes, and the value types.

All classes are frozen attrs classes with slots; collection fields are tuples, so every object hashes. Objects are
built by the ``io`` package from datasets; the classes themselves know nothing of YAML or JSON.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

import attrs

from lawtimeline.dates import PartialDate, RelativeDate

__all__ = [
    "LIFECYCLE_KINDS",
    "Act",
    "Change",
    "Claim",
    "Event",
    "Lapse",
    "Meta",
    "Op",
    "Provision",
    "ProvisionKind",
    "Range",
    "Source",
    "Stage",
    "Unrecorded",
    "Value",
    "format_value",
]

#: Act life-cycle event kinds, in the order they sort within one day.
LIFECYCLE_KINDS: Final = (
    "introduced", "adopted", "approved", "signed", "published",
    "in_force", "applies", "suspended", "struck_down", "repealed", "expired",
)  # fmt: skip
LIFECYCLE_ORDER: Final = {k: i for i, k in enumerate(LIFECYCLE_KINDS)}
#: Life-cycle kinds that end every provision of the act that is still in force.
ENDING_KINDS: Final = ("repealed", "struck_down", "expired")


class ProvisionKind(enum.StrEnum):
    """What kind of value a provision holds.

    >>> ProvisionKind("range") is ProvisionKind.RANGE
    True
"""

    TEXT = "text"
    NUMBER = "number"
    BOOL = "bool"
    RANGE = "range"
    SET = "set"
    LIST = "list"


class Op(enum.StrEnum):
    """What a change does to a provision.

    ``amend`` says that the content changed without recording the new content.

    >>> [op.value for op in Op]
    ['insert', 'set', 'amend', 'add', 'remove', 'repeal']
"""

    INSERT = "insert"
    SET = "set"
    AMEND = "amend"
    ADD = "add"
    REMOVE = "remove"
    REPEAL = "repeal"


def _tuple(value: Iterable[Any] | None) -> tuple[Any, ...]:
    return tuple(value) if value is not None else ()


@attrs.frozen
class Range:
    """A range of numbers, such as a fine of 10,000 to 30,000 RUB; either end may be ``None`` (open).

    >>> Range(None, 20000).label("RUB")
    'up to 20,000 RUB'
    """

    min: int | float | None = None
    max: int | float | None = None

    def label(self, unit: str | None = None) -> str:
        """``10,000–30,000 RUB``, ``up to 20,000 RUB``, ``at least 500 RUB``."""
        u = f" {unit}" if unit else ""
        lo, hi = self.min, self.max
        if lo is not None and hi is not None:
            return f"{_num(lo)}{u}" if lo == hi else f"{_num(lo)}–{_num(hi)}{u}"
        if hi is not None:
            return f"up to {_num(hi)}{u}"
        if lo is not None:
            return f"at least {_num(lo)}{u}"
        return "any amount"


@attrs.frozen
class Unrecorded:
    """Content that changed without the data recording the new content (``op: amend``, or an ``insert`` without
    ``value``). ``change`` is the id of the change that made it, ``by`` the changing act's name, so two different
    amendments give two different values.

    >>> u = Unrecorded("ukpga/2002/38/key-1", "Adoption and Children Act 2002")
    >>> str(u)
    'content changed by Adoption and Children Act 2002; new content not recorded'
    >>> u == Unrecorded("ukpga/2002/38/key-1", "Adoption and Children Act 2002"), u == Unrecorded("other", u.by)
    (True, False)
    """

    change: str
    by: str

    def __str__(self) -> str:
        return f"content changed by {self.by}; new content not recorded"


#: The Python types of provision values: str, bool, int, float, Range, frozenset[str], tuple, Unrecorded.
Value = str | bool | int | float | Range | frozenset[str] | tuple[Any, ...] | Unrecorded


class Meta(Mapping[str, Any]):
    """Editorial fields the library keeps and writes back but never interprets (an importer's record ids, flags,
    record times): an immutable, hashable mapping of plain values, in the order given. Lists are held as tuples
    and mappings as ``Meta``; :meth:`plain` gives the dataset form back exactly.

    >>> m = Meta({"Applied": False, "ids": ["key-1", "key-2"], "times": {"created": "2004-01-30T10:00:00"}})
    >>> m["ids"], m.plain()["times"]
    (('key-1', 'key-2'), {'created': '2004-01-30T10:00:00'})
    >>> hash(m) == hash(Meta(m.plain())), m == Meta({"Applied": 0, "ids": ["key-1", "key-2"],
    ...                                                  "times": {"created": "2004-01-30T10:00:00"}})
    (True, False)
    """

    __slots__ = ("_index", "_items", "_key")

    def __init__(self, data: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> None:
        pairs = data.items() if isinstance(data, Mapping) else data
        items = tuple((k, _freeze(v)) for k, v in pairs)
        for k, _v in items:
            if not isinstance(k, str):
                raise TypeError(f"Meta keys are text, not {k!r}")
        self._items: tuple[tuple[str, Any], ...] = items
        self._index = dict(items)
        if len(self._index) != len(items):
            raise ValueError("Meta keys must be unique")
        self._key = frozenset((k, _typed(v)) for k, v in items)

    def __getitem__(self, key: str) -> Any:
        return self._index[key]

    def __iter__(self) -> Iterator[str]:
        return (k for k, _v in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Meta):
            return NotImplemented
        return self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        return f"Meta({self.plain()!r})"

    def plain(self) -> dict[str, Any]:
        """The mapping as plain data (dicts and lists), as it was given."""
        return {k: _thaw(v) for k, v in self._items}


def is_plain(value: object) -> bool:
    """Whether ``value`` is plain data: text, a finite number, true/false, null, or a list or mapping (text keys)
    of plain data."""
    if value is None or isinstance(value, str | bool | int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_plain(v) for k, v in value.items())
    return False


def _freeze(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, Meta):
        return value
    if isinstance(value, dict):
        return Meta(value)
    if value is None or isinstance(value, str | bool | int | float):
        return value
    raise TypeError(f"Meta holds plain values only (text, numbers, true/false, null, lists, mappings), "
                    f"not {type(value).__name__}")


def _typed(value: Any) -> Any:
    """A key that tells 1, 1.0 and true apart (Python's == does not)."""
    if isinstance(value, tuple):
        return ("list", tuple(_typed(v) for v in value))
    return (type(value).__name__, value)


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    if isinstance(value, Meta):
        return value.plain()
    return value


def _num(n: int | float) -> str:
    if isinstance(n, float) and n.is_integer() and abs(n) >= 1000:
        return f"{n:,.1f}"
    return f"{n:,}"


def plural(n: int, word: str) -> str:
    """``1 act``, ``2 acts``, ``0 events``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def format_value(value: object, unit: str | None = None) -> str:
    """A value as people read it: ``10,000–30,000 RUB``, ``{a, b}``, ``yes``.

    >>> format_value(Range(10000, 30000), "RUB")
    '10,000–30,000 RUB'
    >>> format_value(frozenset({"b", "a"}))
    'a; b'
    """
    u = f" {unit}" if unit else ""
    if value is None:
        return "—"
    if isinstance(value, Unrecorded):
        return str(value)
    if isinstance(value, Range):
        return value.label(unit)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{_num(value)}{u}"
    if isinstance(value, frozenset):
        return "; ".join(sorted(value)) if value else "(none)"
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value) if value else "(none)"
    return str(value)


@attrs.frozen
class Source:
    """Where a fact comes from. Anything dated can cite sources by id.

    >>> import lawtimeline as lt
    >>> lt.load("examples/russia_migrants.yaml").sources["kyiv-independent-2025-05-20"].publisher
    'The Kyiv Independent'
"""

    id: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    date: PartialDate | None = None
    note: str | None = None
    meta: Meta | None = None


@attrs.frozen
class Claim:
    """One source's claim about when an event happened.

    >>> import lawtimeline as lt
    >>> [c.date.label for c in lt.load("examples/russia_migrants.yaml").events["bastrykin-2025-05"].claims]
    ['19 May 2025', '20 May 2025']
"""

    date: PartialDate
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class Event:
    """A dated event: an act's life-cycle step (``signed``, ``in_force``, …) or a context event (``statement``).

    ``date`` is resolved: for a relative date (``relative``) it is the shifted date, for disputed dates (several
    ``claims``) it is their hull. ``date`` is ``None`` only when no date is known.

    >>> import lawtimeline as lt
    >>> e = lt.load("examples/russia_migrants.yaml").events["bastrykin-2025-05"]
    >>> e.kind, e.disputed, e.date.label
    ('statement', True, 'between 19 and 20 May 2025')

    """

    id: str
    kind: str
    date: PartialDate | None = None
    title: str | None = None
    by: str | None = None
    act: str | None = None
    related: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    note: str | None = None
    claims: tuple[Claim, ...] = attrs.field(default=(), converter=_tuple)
    relative: RelativeDate | None = None
    id_given: bool = True
    meta: Meta | None = None

    @property
    def disputed(self) -> bool:
        """True when the sources give different dates."""
        return len({c.date for c in self.claims}) > 1

    @property
    def lifecycle(self) -> bool:
        return self.kind in LIFECYCLE_ORDER

    @property
    def all_sources(self) -> tuple[str, ...]:
        """The event's sources and those of its claims, each once, in order."""
        seen = dict.fromkeys(self.sources)
        for c in self.claims:
            seen.update(dict.fromkeys(c.sources))
        return tuple(seen)


@attrs.frozen
class Act:
    """A law or other instrument, with the events of its life cycle.

    >>> import lawtimeline as lt
    >>> act = lt.load("examples/russia_migrants.yaml").acts["ru-law-2025-07-31"]
    >>> act.date_of("in_force").label, [e.kind for e in act.events]
    ('11 August 2025', ['introduced', 'adopted', 'signed', 'in_force'])
"""

    id: str
    title: str | None = None
    short_title: str | None = None
    number: str | None = None
    jurisdiction: str | None = None
    kind: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    events: tuple[Event, ...] = attrs.field(default=(), converter=_tuple)
    note: str | None = None
    meta: Meta | None = None

    def event(self, kind: str) -> Event | None:
        """The act's first life-cycle event of ``kind``, or ``None``."""
        for e in self.events:
            if e.kind == kind:
                return e
        return None

    def date_of(self, kind: str) -> PartialDate | None:
        """The date of the act's first ``kind`` event, or ``None`` when it has none or it is undated."""
        e = self.event(kind)
        return e.date if e is not None else None

    @property
    def name(self) -> str:
        """A short name for people: the short title, the number, the title or the id."""
        return self.short_title or self.number or self.title or self.id

    def _repr_html_(self) -> str:
        from lawtimeline.render.objects import act_html

        return act_html(self)

    @property
    def default_known(self) -> PartialDate | None:
        """When the act's changes became knowable: its publication, else its signing (else, for each change,
        the change's own effective date)."""
        for kind in ("published", "signed"):
            d = self.date_of(kind)
            if d is not None:
                return d
        return None


@attrs.frozen
class Provision:
    """A unit of law whose content can be in force: a fine, a list of grounds, a duty.

    >>> import lawtimeline as lt
    >>> p = lt.load("examples/russia_migrants.yaml").provisions["ru-cao-fine-summons"]
    >>> p.kind, p.unit, p.depends_on
    (<ProvisionKind.RANGE: 'range'>, 'RUB', ('ru-military-registration-duty',))
"""

    id: str
    act: str
    kind: ProvisionKind = ProvisionKind.TEXT
    title: str | None = None
    path: str | None = None
    unit: str | None = None
    tags: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    depends_on: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    value: Any = None
    note: str | None = None
    extent: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    meta: Meta | None = None

    @property
    def name(self) -> str:
        """A short name for people: the title, else the path, else the id."""
        return self.title or self.path or self.id

    def format(self, value: object) -> str:
        """``value`` as people read it, with this provision's unit."""
        return format_value(value, self.unit)

    def _repr_html_(self) -> str:
        from lawtimeline.render.objects import provision_html

        return provision_html(self)


@attrs.frozen
class Stage:
    """One step of a change coming into force: from ``date``, in the territories of ``extent`` (all, when empty)
    and for the ``purposes`` named (all, when empty).

    >>> import lawtimeline as lt
    >>> s = Stage(lt.PartialDate.parse("2004-01-30"), purposes=("for the purposes of making regulations",))
    >>> s.full, Stage(s.date).full
    (False, True)
    """

    date: PartialDate
    extent: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    purposes: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    note: str | None = None
    meta: Meta | None = None

    @property
    def full(self) -> bool:
        """True when the stage has effect everywhere and for every purpose (neither extent nor purposes)."""
        return not self.extent and not self.purposes


@attrs.frozen
class Lapse:
    """Why (and, when known, from when) a change will never take effect: the amending provision was repealed
    before it commenced, or the text it amends was already gone.

    >>> import lawtimeline as lt
    >>> lapse = Lapse(lt.PartialDate.parse("2005-12-30"), "the amending provision was repealed first")
    >>> lapse.date.label, lapse.sources
    ('30 December 2005', ())
    """

    date: PartialDate | None
    reason: str
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class Change:
    """One dated effect of one act on one provision.

    ``effective`` and ``known`` are resolved (defaults filled in from the act; for a change with ``stages``,
    ``effective`` is derived from them: the first full stage, or the stage on which the territorial stages cover
    the provision's whole ``extent``, else ``None``); ``effective_given`` and
    ``known_given`` say whether the dataset gave them, so that saving writes back what was given. A change with no
    ``effective`` date is pending. ``implicit`` changes come from a provision's own ``value`` or from an act's
    repeal, and are not part of ``Timeline.changes``.

    >>> import lawtimeline as lt
    >>> c = lt.load("examples/russia_migrants.yaml").changes["ru-fz-404-2023/ru-cao-fine-summons/1"]
    >>> c.op, c.value, c.effective.label
    (<Op.SET: 'set'>, Range(min=10000, max=30000), '1 October 2023')

    """

    id: str
    act: str
    provision: str
    op: Op
    value: Any = None
    items: tuple[Any, ...] = attrs.field(default=(), converter=_tuple)
    effective: PartialDate | None = None
    known: PartialDate | None = None
    sources: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    note: str | None = None
    effective_given: bool = False
    known_given: bool = False
    id_given: bool = False
    implicit: bool = False
    stages: tuple[Stage, ...] = attrs.field(default=(), converter=_tuple)
    lapsed: Lapse | None = None
    subject_to: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    meta: Meta | None = None

    @property
    def pending(self) -> bool:
        """True when the change has no effective date and no stage yet ("date to be appointed").

        A staged change without a full stage is partly in force from its first stage, not pending; a lapsed change
        is not pending either (the queries still list it as pending before its lapse date, DESIGN §4a).
        """
        return self.effective is None and not self.stages and self.lapsed is None

    @property
    def retroactive(self) -> bool | None:
        """True if it certainly took effect before it was knowable, ``None`` if that is undecided."""
        if self.effective is None or self.known is None:
            return False
        if self.effective.latest < self.known.earliest:
            return True
        if self.effective.earliest >= self.known.latest:
            return False
        return None


_CHANGE_FIELDS: Final = ("id", "act", "provision", "op", "value", "items", "effective", "known", "sources", "note",
                         "effective_given", "known_given", "id_given", "implicit", "stages", "lapsed", "subject_to",
                         "meta")
assert tuple(a.name for a in attrs.fields(Change)) == _CHANGE_FIELDS, "new_change must set every field of Change"
_new = object.__new__
(_s_id, _s_act, _s_provision, _s_op, _s_value, _s_items, _s_effective, _s_known, _s_sources, _s_note,
 _s_effective_given, _s_known_given, _s_id_given, _s_implicit, _s_stages, _s_lapsed, _s_subject_to,
 _s_meta) = (Change.__dict__[name].__set__ for name in _CHANGE_FIELDS)


def new_change(ident: str, act: str, provision: str, op: Op, value: Any, items: tuple[Any, ...],
               effective: PartialDate | None, known: PartialDate | None, sources: tuple[str, ...], note: str | None,
               effective_given: bool, known_given: bool) -> Change:
    """A plain change (no stages, lapse, ``subject_to`` or meta; ``items`` and ``sources`` already tuples), equal to
    ``Change(...)`` with the same fields, made at about a third of its cost: the loader makes a million of them
    for a large dataset, and attrs' frozen ``__init__`` sets each field through ``object.__setattr__`` and runs
    the tuple converters."""
    c: Change = _new(Change)
    _s_id(c, ident)
    _s_act(c, act)
    _s_provision(c, provision)
    _s_op(c, op)
    _s_value(c, value)
    _s_items(c, items)
    _s_effective(c, effective)
    _s_known(c, known)
    _s_sources(c, sources)
    _s_note(c, note)
    _s_effective_given(c, effective_given)
    _s_known_given(c, known_given)
    _s_id_given(c, False)
    _s_implicit(c, False)
    _s_stages(c, ())
    _s_lapsed(c, None)
    _s_subject_to(c, ())
    _s_meta(c, None)
    return c
