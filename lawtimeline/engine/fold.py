"""Folding one change into a provision's state, and query days."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pendulum

from lawtimeline.dates import to_day
from lawtimeline.model import Change, Op, ProvisionKind

#: Ops whose change replaces the value (``amend`` once the model has it: its value is an ``Unrecorded``).
REPLACING = frozenset(op for op in Op if op.value in ("insert", "set", "amend"))

_INSERT, _SET = Op.INSERT, Op.SET
_AMEND = next((op for op in Op if op.value == "amend"), Op.INSERT)  # the op once the model has it

_DAYS: dict[object, tuple[pendulum.Date, int]] = {}


def query_day(value: object) -> tuple[pendulum.Date, int]:
    """A query date as (day, ordinal); strings and dates are cached so repeated queries cost a dict look-up."""
    if isinstance(value, str | _dt.date) and not isinstance(value, _dt.datetime):
        hit = _DAYS.get(value)
        if hit is None:
            d = _iso_day(value) if type(value) is str else None
            if d is None:
                d = to_day(value)
            hit = (d, d.toordinal())
            if len(_DAYS) < 200_000:
                _DAYS[value] = hit
        return hit
    d = to_day(value)
    return d, d.toordinal()


def _iso_day(text: str) -> pendulum.Date | None:
    """``YYYY-MM-DD`` the quick way (a new query day costs a fraction of a microsecond); None for anything else,
    which then goes through the full parser and its messages."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        d = _dt.date.fromisoformat(text)
    except ValueError:
        return None
    return pendulum.Date(d.year, d.month, d.day)


def apply(change: Change, in_force: bool, value: Any, kind: ProvisionKind) -> tuple[bool, Any]:
    """The state ``(in_force, value)`` of a provision after ``change`` (DESIGN §12.6)."""
    op = change.op
    if op is _INSERT or op is _SET or op is _AMEND:
        return True, change.value
    if op is Op.REPEAL:
        return False, None
    if kind is ProvisionKind.SET:
        base: frozenset[str] = value if in_force and isinstance(value, frozenset) else frozenset()
        if op is Op.ADD:
            return True, base | frozenset(change.items)
        return in_force, base - frozenset(change.items) if in_force else value
    seq: tuple[Any, ...] = value if in_force and isinstance(value, tuple) else ()
    if op is Op.ADD:
        return True, seq + tuple(dict.fromkeys(i for i in change.items if i not in seq))
    if not in_force:
        return in_force, value
    gone = set(change.items)
    return True, tuple(i for i in seq if i not in gone)


def hashable(value: Any) -> Any:
    """``value`` itself when it hashes (every value the builder makes does), else its repr."""
    try:
        hash(value)
        return value
    except TypeError:  # pragma: no cover - values are built hashable; be safe with hand-made objects
        return repr(value)
