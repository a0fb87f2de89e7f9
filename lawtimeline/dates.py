"""Partial dates: days, months and years, approximate or uncertain, and day ranges.

Every date in lawtimeline is a :class:`PartialDate`. It knows the inclusive bounds of the day it stands for, how
precisely it is known, and how to say so to people. Comparison with a day is three-valued: ``True``, ``False`` or
``None`` when the partial date straddles the day.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import attrs
import pendulum

from lawtimeline.errors import DateError

__all__ = [
    "PartialDate",
    "Precision",
    "Qualifier",
    "RelativeDate",
    "to_day",
]

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class Precision(enum.StrEnum):
    """How precisely a date is known.

    >>> PartialDate.parse("2024-07").precision
    <Precision.MONTH: 'month'>
"""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Qualifier(enum.StrEnum):
    """EDTF qualifiers: ``~`` approximate, ``?`` uncertain, ``%`` both.

    >>> PartialDate.parse("2025-05~").qualifier, Qualifier.BOTH.symbol
    (<Qualifier.APPROXIMATE: 'approximate'>, '%')
"""

    APPROXIMATE = "approximate"
    UNCERTAIN = "uncertain"
    BOTH = "both"

    @property
    def symbol(self) -> str:
        return _QUALIFIER_SYMBOL[self]


_QUALIFIER_SYMBOL = {Qualifier.APPROXIMATE: "~", Qualifier.UNCERTAIN: "?", Qualifier.BOTH: "%"}
_SYMBOL_QUALIFIER = {v: k for k, v in _QUALIFIER_SYMBOL.items()}

_SINGLE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%])?", re.ASCII)
_RANGE = re.compile(r"\[(\d{4}-\d{2}-\d{2})?\.\.(\d{4}-\d{2}-\d{2})?\]([~?%])?", re.ASCII)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

ACCEPTED = (
    "expected YYYY-MM-DD, YYYY-MM or YYYY, optionally followed by ~, ? or %, "
    "or a day range [YYYY-MM-DD..YYYY-MM-DD], [..YYYY-MM-DD] or [YYYY-MM-DD..]"
)

_MIN = pendulum.Date(1, 1, 1)
_MAX = pendulum.Date(9999, 12, 31)


def _date(ordinal: int) -> pendulum.Date:
    return pendulum.Date.fromordinal(max(1, min(ordinal, _MAX.toordinal())))


def _last_day(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (_dt.date(year, month + 1, 1) - _dt.timedelta(days=1)).day


def _check_ymd(text: str, year: int, month: int | None, day: int | None) -> None:
    if year < 1:
        raise DateError(f"{text!r}: year must be 0001..9999")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{text!r}: month must be 01..12")
    if day is not None and month is not None:
        last = _last_day(year, month)
        if not 1 <= day <= last:
            raise DateError(f"{text!r}: day must be 01..{last:02d} in {MONTHS[month - 1]} {year}")


@attrs.frozen(order=False)
class PartialDate:
    """A date known to the day, the month or the year, perhaps approximate or uncertain, or a day range.

    ``earliest`` and ``latest`` are the inclusive bounds of the true day. Build one with :meth:`parse`.

    >>> import lawtimeline as lt
    >>> d = lt.PartialDate.parse("2024-07")
    >>> d.earliest, d.latest, d.precision, d.label
    (Date(2024, 7, 1), Date(2024, 7, 31), <Precision.MONTH: 'month'>, 'July 2024')
    >>> d.on_or_before("2024-08-01"), d.on_or_before("2024-06-30"), d.on_or_before("2024-07-15")
    (True, False, None)
    """

    earliest: pendulum.Date
    latest: pendulum.Date
    precision: Precision
    qualifier: Qualifier | None
    edtf: str
    is_range: bool = False

    # -- construction -------------------------------------------------------------------------------------------
    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read a date: a ``PartialDate``, a ``date``, an int year, or a string in the accepted forms.

        Raises :class:`~lawtimeline.DateError` quoting the input and saying what is accepted.
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, str):
            return _parse_text(value)
        if isinstance(value, _dt.datetime):
            raise DateError(f"{value.isoformat()!r}: a date and time; give the day only (YYYY-MM-DD)")
        if isinstance(value, _dt.date):
            return _parse_text(value.isoformat())
        if isinstance(value, int) and not isinstance(value, bool):
            return _parse_text(f"{value:04d}") if 1 <= value <= 9999 else _bad(str(value))
        raise DateError(f"{value!r}: not a date ({ACCEPTED})")

    @classmethod
    def day(cls, value: _dt.date) -> PartialDate:
        """The exact day ``value``."""
        return _parse_text(value.isoformat())

    @classmethod
    def between(cls, earliest: _dt.date, latest: _dt.date, qualifier: Qualifier | None = None) -> PartialDate:
        """Some day in ``[earliest, latest]``; a single day when both are the same and unqualified."""
        e, lt_ = _date(earliest.toordinal()), _date(latest.toordinal())
        if e > lt_:
            raise DateError(f"[{e}..{lt_}]: the range ends before it starts")
        if e == lt_ and qualifier is None:
            return _parse_text(e.isoformat())
        sym = qualifier.symbol if qualifier else ""
        return cls(e, lt_, Precision.DAY, qualifier, f"{_range_text(e, lt_, qualifier)}{sym}", True)

    @classmethod
    def hull(cls, dates: Iterable[PartialDate]) -> PartialDate:
        """The smallest date that covers all ``dates``: the date itself when they are all the same."""
        ds = list(dates)
        if not ds:
            raise ValueError("hull of no dates")
        if all(d == ds[0] for d in ds):
            return ds[0]
        return cls.between(min(d.earliest for d in ds), max(d.latest for d in ds))

    def shift(self, days: int, months: int = 0) -> PartialDate:
        """This date moved by ``months`` calendar months (as pendulum adds them: the same day number, clamped to
        the month's end), then by ``days``: an exact day stays exact, anything wider becomes a day range with the
        same qualifier, and an open end (``[..2005-12-29]``, ``[2024-08-08..]``) stays open.

        >>> PartialDate.parse("2024-01-31").shift(1, months=1).edtf
        '2024-03-01'
        >>> PartialDate.parse("2024-01").shift(0, months=1).label
        'between 1 and 29 February 2024'

        Raises :class:`~lawtimeline.DateError` when the result would fall outside 0001-01-01 .. 9999-12-31.
        """
        if days == 0 and months == 0:
            return self
        sym = self.qualifier.symbol if self.qualifier else ""
        if self.precision is Precision.DAY and not self.is_range:
            m = _SINGLE.fullmatch(self.edtf)
            assert m is not None
            written = pendulum.Date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return _parse_text(_shifted(written, days, months, self).isoformat() + sym)
        open_start, open_end = self.open_start, self.open_end
        e = _MIN if open_start else _shifted(self.earliest, days, months, self)
        l_ = _MAX if open_end else _shifted(self.latest, days, months, self)
        if e > l_:  # only when an open end meets a shifted bound beyond it
            raise DateError(f"{self.edtf!r} moved by {_amount(days, months)} has no days left")
        return PartialDate(e, l_, Precision.DAY, self.qualifier, f"{_range_text(e, l_, self.qualifier)}{sym}", True)

    # -- properties ---------------------------------------------------------------------------------------------
    @property
    def open_start(self) -> bool:
        """True for ``[..YYYY-MM-DD]``: on or before a day, how long before not known."""
        return self.is_range and self.edtf.startswith("[..")

    @property
    def open_end(self) -> bool:
        """True for ``[YYYY-MM-DD..]``: on or after a day, how long after not known."""
        return self.is_range and self.edtf.rstrip("~?%").endswith("..]")

    @property
    def exact(self) -> bool:
        """True for one known day with no qualifier."""
        return self.earliest == self.latest and self.qualifier is None

    @property
    def approximate(self) -> bool:
        return self.qualifier in (Qualifier.APPROXIMATE, Qualifier.BOTH)

    @property
    def uncertain(self) -> bool:
        return self.qualifier in (Qualifier.UNCERTAIN, Qualifier.BOTH)

    @property
    def label(self) -> str:
        """The date for people: ``31 July 2025``, ``July 2024``, ``c. May 2025``, ``2025 (uncertain)``."""
        return _label(self)

    @property
    def sort_key(self) -> tuple[pendulum.Date, pendulum.Date, str]:
        return (self.earliest, self.latest, self.edtf)

    # -- three-valued comparison with a day ---------------------------------------------------------------------
    def on_or_before(self, day: object) -> bool | None:
        """``True`` if this date is certainly on or before ``day``, ``False`` if certainly after, else ``None``."""
        d = to_day(day)
        if self.latest <= d:
            return True
        if self.earliest > d:
            return False
        return None

    def before(self, day: object) -> bool | None:
        """``True`` if certainly before ``day``, ``False`` if certainly on or after, else ``None``."""
        d = to_day(day)
        if self.latest < d:
            return True
        if self.earliest >= d:
            return False
        return None

    def contains(self, day: object) -> bool:
        """Whether ``day`` is one of the days this date may be."""
        d = to_day(day)
        return self.earliest <= d <= self.latest

    # -- total order: (earliest, latest), then the text -----------------------------------------------------
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key >= other.sort_key

    def __str__(self) -> str:
        return self.edtf

    def __repr__(self) -> str:
        return f"PartialDate({self.edtf!r})"


def _amount(days: int, months: int) -> str:
    parts = ([f"{months} months"] if months else []) + ([f"{days} days"] if days or not months else [])
    return " and ".join(parts)


def _shifted(d: _dt.date, days: int, months: int, p: PartialDate) -> pendulum.Date:
    if months:
        total = d.year * 12 + d.month - 1 + months
        year, month = divmod(total, 12)
        if not 1 <= year <= 9999:
            raise DateError(f"{p.edtf!r} moved by {_amount(days, months)} falls outside the years 0001..9999")
        d = pendulum.Date(year, month + 1, min(d.day, _last_day(year, month + 1)))
    ordinal = d.toordinal() + days
    if not 1 <= ordinal <= _MAX.toordinal():
        raise DateError(f"{p.edtf!r} moved by {_amount(days, months)} falls outside the years 0001..9999")
    return pendulum.Date.fromordinal(ordinal)


def _range_text(e: _dt.date, l_: _dt.date, qualifier: Qualifier | None) -> str:
    """``[a..b]``, with an end left open when it is the first or last day the library knows (and the qualifier
    allows an open end)."""
    if qualifier not in (None, Qualifier.UNCERTAIN):
        return f"[{e.isoformat()}..{l_.isoformat()}]"
    if e == _MIN and l_ != _MAX:
        return f"[..{l_.isoformat()}]"
    if l_ == _MAX and e != _MIN:
        return f"[{e.isoformat()}..]"
    return f"[{e.isoformat()}..{l_.isoformat()}]"


def _bad(text: str) -> PartialDate:
    raise DateError(f"{text!r}: not a date ({ACCEPTED})")


@lru_cache(maxsize=65536)
def _parse_text(text: str) -> PartialDate:
    m = _SINGLE.fullmatch(text)
    if m:
        return _parse_single(text, m)
    m = _RANGE.fullmatch(text)
    if m:
        first, last = m.group(1, 2)
        if first is None and last is None:
            raise DateError(f"{text!r}: a range needs at least one end ([..YYYY-MM-DD] or [YYYY-MM-DD..])")
        lo = _parse_text(first).earliest if first is not None else _MIN
        hi = _parse_text(last).earliest if last is not None else _MAX
        if lo > hi:
            raise DateError(f"{text!r}: the range ends before it starts")
        q = _SYMBOL_QUALIFIER.get(m.group(3) or "")
        if (first is None or last is None) and q not in (None, Qualifier.UNCERTAIN):
            raise DateError(f"{text!r}: an open-ended range can be uncertain (?) but not approximate (~ or %)")
        return PartialDate(lo, hi, Precision.DAY, q, text, True)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*", text):
        raise DateError(f"{text!r}: a date and time; give the day only (YYYY-MM-DD)")
    stripped = text.strip()
    if stripped != text and stripped:
        raise DateError(f"{text!r}: not a date (remove the spaces around it)")
    if re.fullmatch(r"\d{4}-\d{1,2}(-\d{1,2})?[~?%]?", text):
        raise DateError(f"{text!r}: months and days need two digits ({ACCEPTED})")
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}[~?%]{2,}", text):
        raise DateError(f"{text!r}: use one qualifier: ~ approximate, ? uncertain, % both")
    return _bad(text)


def _parse_single(text: str, m: re.Match[str]) -> PartialDate:
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    _check_ymd(text, year, month, day)
    q = _SYMBOL_QUALIFIER.get(m.group(4) or "")
    widen = q in (Qualifier.APPROXIMATE, Qualifier.BOTH)
    if day is not None and month is not None:
        d = pendulum.Date(year, month, day)
        lo = hi = d
        if widen:
            lo, hi = _date(d.toordinal() - 1), _date(d.toordinal() + 1)
        return PartialDate(lo, hi, Precision.DAY, q, text)
    if month is not None:
        lo = pendulum.Date(year, month, 1)
        hi = pendulum.Date(year, month, _last_day(year, month))
        if widen:
            py, pm = (year, month - 1) if month > 1 else (year - 1, 12)
            ny, nm = (year, month + 1) if month < 12 else (year + 1, 12 if year == 9999 else 1)
            lo = pendulum.Date(py, pm, 1) if py >= 1 else lo
            hi = pendulum.Date(ny, nm, _last_day(ny, nm)) if ny <= 9999 else hi
        return PartialDate(lo, hi, Precision.MONTH, q, text)
    lo, hi = pendulum.Date(year, 1, 1), pendulum.Date(year, 12, 31)
    if widen:
        lo = pendulum.Date(max(1, year - 1), 1, 1)
        hi = pendulum.Date(min(9999, year + 1), 12, 31)
    return PartialDate(lo, hi, Precision.YEAR, q, text)


def _day_label(d: _dt.date, *, month: bool = True, year: bool = True) -> str:
    out = str(d.day)
    if month:
        out += f" {MONTHS[d.month - 1]}"
    if year:
        out += f" {d.year}"
    return out


def _label(p: PartialDate) -> str:
    if p.open_start:
        core = f"on or before {_day_label(p.latest)}"
    elif p.open_end:
        core = f"on or after {_day_label(p.earliest)}"
    elif p.is_range and p.earliest == p.latest:
        core = _day_label(p.earliest)
    elif p.is_range:
        a, b = p.earliest, p.latest
        if a.year != b.year:
            core = f"between {_day_label(a)} and {_day_label(b)}"
        elif a.month != b.month:
            core = f"between {_day_label(a, year=False)} and {_day_label(b)}"
        else:
            core = f"between {a.day} and {_day_label(b)}"
    else:
        m = _SINGLE.fullmatch(p.edtf)
        assert m is not None
        year, month, day = m.group(1, 2, 3)
        if day:
            core = f"{int(day)} {MONTHS[int(month) - 1]} {int(year)}"
        elif month:
            core = f"{MONTHS[int(month) - 1]} {int(year)}"
        else:
            core = str(int(year))
    if p.approximate:
        core = f"c. {core}"
    if p.uncertain:
        core = f"{core} (uncertain)"
    return core


@lru_cache(maxsize=65536)
def _day_from_text(text: str) -> pendulum.Date:
    if _ISO_DAY.fullmatch(text):
        p = _parse_text(text)
        return p.earliest
    p = _parse_text(text)  # raises DateError for junk
    raise DateError(f"{text!r}: a query date must be one whole day (YYYY-MM-DD), not {_what(p)}")


def _what(p: PartialDate) -> str:
    if p.is_range:
        return "a range of days"
    if p.qualifier is not None:
        return "an approximate or uncertain date"
    return f"a {p.precision.value}"


def to_day(value: object) -> pendulum.Date:
    """A query date: one whole day, from a ``date``, a ``PartialDate`` that is one exact day, or ``YYYY-MM-DD``.

    A partial date (a month, a year, a range, a qualified date) is a :class:`~lawtimeline.DateError`.
    """
    if isinstance(value, str):
        return _day_from_text(value)
    if isinstance(value, pendulum.Date):
        return value
    if isinstance(value, _dt.datetime):
        raise DateError(f"{value.isoformat()!r}: a date and time; give the day only (YYYY-MM-DD)")
    if isinstance(value, _dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    if isinstance(value, PartialDate):
        if value.exact:
            return value.earliest
        raise DateError(f"{value.edtf!r}: a query date must be one whole day (YYYY-MM-DD), not {_what(value)}")
    raise DateError(f"{value!r}: not a date (expected YYYY-MM-DD or a date)")


@attrs.frozen
class RelativeDate:
    """A life-cycle date given relative to another event of the same act.

    ``{after: published, days: 10}``, ``{after: published, months: 1, days: 1}`` (calendar months first, then
    days) or ``{same_as: published}``.

    >>> RelativeDate("published", 10).label
    '10 days after published'
    >>> RelativeDate("published", 1, months=1).label
    '1 month and 1 day after published'

    """

    ref: str
    days: int = 0
    same_as: bool = False
    months: int = 0
    #: which of ``months`` and ``days`` the dataset wrote (so that ``{after: KIND, months: 0}`` is written back as
    #: given); empty: the shortest form. Not part of equality.
    written: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        if self.same_as:
            return {"same_as": self.ref}
        out: dict[str, Any] = {"after": self.ref}
        keys = self.written or ((("months",) if self.months else ()) + (("days",) if self.days or not self.months
                                                                         else ()))
        if "months" in keys:
            out["months"] = self.months
        if "days" in keys:
            out["days"] = self.days
        return out

    def apply(self, base: PartialDate) -> PartialDate:
        """The date this relative date gives when the event it counts from has the date ``base``."""
        return base if self.same_as else base.shift(self.days, self.months)

    @property
    def label(self) -> str:
        if self.same_as:
            return f"same day as {self.ref.replace('_', ' ')}"
        parts = []
        if self.months:
            parts.append(f"{self.months} month" + ("" if self.months == 1 else "s"))
        if self.days or not self.months:
            parts.append(f"{self.days} day" + ("" if self.days == 1 else "s"))
        return f"{' and '.join(parts)} after {self.ref.replace('_', ' ')}"
