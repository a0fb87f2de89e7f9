"""PartialDate: parsing every accepted form, bounds, labels, errors, three-valued comparison, shift, hull, to_day."""

from __future__ import annotations

import calendar
import datetime as dt

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import edtf_texts, partial_dates, query_days

import lawtimeline as lt
from lawtimeline.dates import PartialDate, Precision, Qualifier, to_day

P = PartialDate.parse
D = pendulum.Date

# -- parsing: every accepted form ---------------------------------------------------------------------------------

FORMS = [
    # text, earliest, latest, precision, qualifier, is_range
    ("2025-07-31", D(2025, 7, 31), D(2025, 7, 31), Precision.DAY, None, False),
    ("2024-07", D(2024, 7, 1), D(2024, 7, 31), Precision.MONTH, None, False),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), Precision.MONTH, None, False),
    ("2023-02", D(2023, 2, 1), D(2023, 2, 28), Precision.MONTH, None, False),
    ("2025", D(2025, 1, 1), D(2025, 12, 31), Precision.YEAR, None, False),
    ("2025-05~", D(2025, 4, 1), D(2025, 6, 30), Precision.MONTH, Qualifier.APPROXIMATE, False),
    ("2025-05-19~", D(2025, 5, 18), D(2025, 5, 20), Precision.DAY, Qualifier.APPROXIMATE, False),
    ("2025~", D(2024, 1, 1), D(2026, 12, 31), Precision.YEAR, Qualifier.APPROXIMATE, False),
    ("2025-01~", D(2024, 12, 1), D(2025, 2, 28), Precision.MONTH, Qualifier.APPROXIMATE, False),
    ("2025-12~", D(2025, 11, 1), D(2026, 1, 31), Precision.MONTH, Qualifier.APPROXIMATE, False),
    ("2025-01-01~", D(2024, 12, 31), D(2025, 1, 2), Precision.DAY, Qualifier.APPROXIMATE, False),
    ("2019?", D(2019, 1, 1), D(2019, 12, 31), Precision.YEAR, Qualifier.UNCERTAIN, False),
    ("2025-05?", D(2025, 5, 1), D(2025, 5, 31), Precision.MONTH, Qualifier.UNCERTAIN, False),
    ("2025-05-19?", D(2025, 5, 19), D(2025, 5, 19), Precision.DAY, Qualifier.UNCERTAIN, False),
    ("2025%", D(2024, 1, 1), D(2026, 12, 31), Precision.YEAR, Qualifier.BOTH, False),
    ("2025-05%", D(2025, 4, 1), D(2025, 6, 30), Precision.MONTH, Qualifier.BOTH, False),
    ("2025-05-19%", D(2025, 5, 18), D(2025, 5, 20), Precision.DAY, Qualifier.BOTH, False),
    ("[2024-08-08..2024-08-31]", D(2024, 8, 8), D(2024, 8, 31), Precision.DAY, None, True),
    ("[2024-12-20..2025-01-10]", D(2024, 12, 20), D(2025, 1, 10), Precision.DAY, None, True),
    ("[2024-08-08..2024-08-08]", D(2024, 8, 8), D(2024, 8, 8), Precision.DAY, None, True),
    # a qualified day range keeps its bounds (decision beyond DESIGN.md)
    ("[2025-04-11..2025-07-10]~", D(2025, 4, 11), D(2025, 7, 10), Precision.DAY, Qualifier.APPROXIMATE, True),
    ("[2025-04-11..2025-07-10]?", D(2025, 4, 11), D(2025, 7, 10), Precision.DAY, Qualifier.UNCERTAIN, True),
    ("[2025-04-11..2025-07-10]%", D(2025, 4, 11), D(2025, 7, 10), Precision.DAY, Qualifier.BOTH, True),
    # edge years: widening stops at 0001-01-01 and 9999-12-31
    ("0001", D(1, 1, 1), D(1, 12, 31), Precision.YEAR, None, False),
    ("9999-12-31", D(9999, 12, 31), D(9999, 12, 31), Precision.DAY, None, False),
    ("0001~", D(1, 1, 1), D(2, 12, 31), Precision.YEAR, Qualifier.APPROXIMATE, False),
    ("9999~", D(9998, 1, 1), D(9999, 12, 31), Precision.YEAR, Qualifier.APPROXIMATE, False),
    ("0001-01~", D(1, 1, 1), D(1, 2, 28), Precision.MONTH, Qualifier.APPROXIMATE, False),
    ("9999-12~", D(9999, 11, 1), D(9999, 12, 31), Precision.MONTH, Qualifier.APPROXIMATE, False),
    ("0001-01-01~", D(1, 1, 1), D(1, 1, 2), Precision.DAY, Qualifier.APPROXIMATE, False),
    ("9999-12-31~", D(9999, 12, 30), D(9999, 12, 31), Precision.DAY, Qualifier.APPROXIMATE, False),
    ("2024-02-29", D(2024, 2, 29), D(2024, 2, 29), Precision.DAY, None, False),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "precision", "qualifier", "is_range"), FORMS)
def test_parse_accepted_form_gives_its_bounds_precision_and_qualifier(
    text: str, earliest: pendulum.Date, latest: pendulum.Date, precision: Precision, qualifier: Qualifier | None,
    is_range: bool,
) -> None:
    d = P(text)
    assert (d.earliest, d.latest, d.precision, d.qualifier, d.is_range) == (
        earliest, latest, precision, qualifier, is_range
    )
    assert d.edtf == text
    assert type(d.earliest) is pendulum.Date and type(d.latest) is pendulum.Date


def test_parse_accepts_dates_and_int_years_and_returns_partial_dates_unchanged() -> None:
    assert P(dt.date(2025, 7, 31)) == P("2025-07-31")
    assert P(pendulum.Date(2025, 7, 31)) == P("2025-07-31")
    assert P(2025) == P("2025")
    assert P(5).edtf == "0005"
    assert P(9999) == P("9999")
    d = P("2025-05~")
    assert P(d) is d
    assert lt.PartialDate is PartialDate


def test_qualifier_properties_say_approximate_uncertain_and_exact() -> None:
    assert P("2025-07-31").exact and not P("2025-07-31?").exact and not P("2025-07").exact
    assert P("2025~").approximate and not P("2025~").uncertain
    assert P("2025?").uncertain and not P("2025?").approximate
    assert P("2025%").uncertain and P("2025%").approximate
    assert Qualifier.APPROXIMATE.symbol == "~" and Qualifier.UNCERTAIN.symbol == "?" and Qualifier.BOTH.symbol == "%"


# -- labels -------------------------------------------------------------------------------------------------------

LABELS = [
    ("2025-07-31", "31 July 2025"),
    ("2025-07-01", "1 July 2025"),
    ("2024-07", "July 2024"),
    ("2025", "2025"),
    ("2025-05~", "c. May 2025"),
    ("2025-05-19~", "c. 19 May 2025"),
    ("2025?", "2025 (uncertain)"),
    ("2025-05-19?", "19 May 2025 (uncertain)"),
    ("2025%", "c. 2025 (uncertain)"),
    ("[2024-08-08..2024-08-31]", "between 8 and 31 August 2024"),
    ("[2024-07-20..2024-08-10]", "between 20 July and 10 August 2024"),
    ("[2024-12-20..2025-01-10]", "between 20 December 2024 and 10 January 2025"),
    ("[2025-04-11..2025-07-10]~", "c. between 11 April and 10 July 2025"),
    ("0005", "5"),
]


@pytest.mark.parametrize(("text", "label"), LABELS)
def test_label_says_the_date_for_people(text: str, label: str) -> None:
    assert P(text).label == label


def test_str_is_the_edtf_and_repr_names_it() -> None:
    assert str(P("2025-05~")) == "2025-05~"
    assert repr(P("2025-05~")) == "PartialDate('2025-05~')"


# -- errors -------------------------------------------------------------------------------------------------------

ERRORS = [
    # input, the exact start of the message (which quotes the input), a fragment of the rest
    ("2025-13-01", "'2025-13-01': month must be 01..12", ""),
    ("2025-00", "'2025-00': month must be 01..12", ""),
    ("2023-02-29", "'2023-02-29': day must be 01..28 in February 2023", ""),
    ("2025-04-31", "'2025-04-31': day must be 01..30 in April 2025", ""),
    ("2025-01-00", "'2025-01-00': day must be 01..31 in January 2025", ""),
    ("0000", "'0000': year must be 0001..9999", ""),
    ("0000-05~", "'0000-05~': year must be 0001..9999", ""),
    ("2025-7", "'2025-7': months and days need two digits", "YYYY-MM-DD"),
    ("2025-07-1", "'2025-07-1': months and days need two digits", "YYYY-MM-DD"),
    ("2025-7-1~", "'2025-7-1~': months and days need two digits", ""),
    (" 2025", "' 2025': not a date (remove the spaces around it)", ""),
    ("2025-07-31 ", "'2025-07-31 ': not a date (remove the spaces around it)", ""),
    ("2025~?", "'2025~?': use one qualifier", "~ approximate, ? uncertain, % both"),
    ("yesterday", "'yesterday': not a date", "YYYY-MM-DD, YYYY-MM or YYYY"),
    ("", "'': not a date", "YYYY-MM-DD"),
    ("25", "'25': not a date", "YYYY-MM-DD"),
    ("12025", "'12025': not a date", ""),
    ("+2025", "'+2025': not a date", ""),
    ("2025-07-31T10:00", "'2025-07-31T10:00': a date and time", "give the day only"),
    ("31.07.2025", "'31.07.2025': not a date", ""),
    ("2025/07/31", "'2025/07/31': not a date", ""),
    ("[2024-08-31..2024-08-08]", "'[2024-08-31..2024-08-08]': the range ends before it starts", ""),
    ("[2024-08..2024-09]", "'[2024-08..2024-09]': not a date", "[YYYY-MM-DD..YYYY-MM-DD]"),
    ("[2024-08-08~..2024-08-31]", "'[2024-08-08~..2024-08-31]': not a date", ""),
    ("[2024-08-08..2024-13-31]", "'2024-13-31': month must be 01..12", ""),
    ("2024-08-08..2024-08-31", "'2024-08-08..2024-08-31': not a date", ""),
    (dt.datetime(2025, 7, 31, 10, 30), "'2025-07-31T10:30:00': a date and time", "give the day only"),
    (pendulum.datetime(2025, 7, 31), "'2025-07-31T00:00:00+00:00': a date and time", "give the day only"),
    (True, "True: not a date", "YYYY-MM-DD"),
    (False, "False: not a date", ""),
    (2025.0, "2025.0: not a date", ""),
    (None, "None: not a date", ""),
    (["2025"], "['2025']: not a date", ""),
    (0, "'0': not a date", ""),
    (10000, "'10000': not a date", ""),
    (-5, "'-5': not a date", ""),
]


@pytest.mark.parametrize(("value", "start", "fragment"), ERRORS)
def test_parse_error_quotes_the_input_and_says_what_is_wrong(value: object, start: str, fragment: str) -> None:
    with pytest.raises(lt.DateError) as info:
        P(value)
    message = str(info.value)
    assert message.startswith(start)
    assert fragment in message


def test_date_error_is_a_value_error_and_a_lawtimeline_error() -> None:
    with pytest.raises(ValueError):
        P("2025-13-01")
    with pytest.raises(lt.LawTimelineError):
        P("2025-13-01")
    with pytest.raises(lt.DateError) as info:
        P("2025-13-01")
    assert str(info.value) == "'2025-13-01': month must be 01..12"


@pytest.mark.parametrize("text", ["٢٠٢٥", "２０２５-０７", "२०२५-०७-३१"])
def test_parse_rejects_non_ascii_digits(text: str) -> None:
    """EDTF digits are 0-9: Arabic-Indic or full-width digits are not a date (and would not be canonical EDTF)."""
    with pytest.raises(lt.DateError):
        P(text)


def test_to_day_rejects_non_ascii_digits() -> None:
    with pytest.raises(lt.DateError):
        to_day("٢٠٢٥-٠٧-٣١")


# -- three-valued comparison ----------------------------------------------------------------------------------------

COMPARISONS = [
    # date, day, on_or_before, before
    ("2024-07", "2024-08-01", True, True),
    ("2024-07", "2024-07-31", True, None),
    ("2024-07", "2024-07-15", None, None),
    ("2024-07", "2024-07-01", None, False),
    ("2024-07", "2024-06-30", False, False),
    ("2025-07-31", "2025-07-31", True, False),
    ("2025-07-31", "2025-08-01", True, True),
    ("2025-07-31", "2025-07-30", False, False),
    ("2025-05~", "2025-06-30", True, None),
    ("2025-05~", "2025-04-01", None, False),
    ("2025-05~", "2025-03-31", False, False),
    ("2025-05-19~", "2025-05-20", True, None),
    ("2025-05-19?", "2025-05-19", True, False),
    ("[2024-08-08..2024-08-31]", "2024-08-20", None, None),
    ("[2024-08-08..2024-08-31]", "2024-09-01", True, True),
]


@pytest.mark.parametrize(("text", "day", "on_or_before", "before"), COMPARISONS)
def test_comparison_with_a_day_is_three_valued(text: str, day: str, on_or_before: bool | None,
                                               before: bool | None) -> None:
    d = P(text)
    assert d.on_or_before(day) is on_or_before
    assert d.before(day) is before
    assert d.on_or_before(dt.date.fromisoformat(day)) is on_or_before
    assert d.before(pendulum.Date.fromisoformat(day)) is before


def test_contains_says_whether_the_day_is_possible() -> None:
    d = P("2025-05~")
    assert d.contains("2025-04-01") and d.contains("2025-06-30")
    assert not d.contains("2025-03-31") and not d.contains("2025-07-01")


def test_comparison_with_a_partial_day_is_a_date_error() -> None:
    with pytest.raises(lt.DateError, match="must be one whole day"):
        P("2025-07-31").on_or_before("2025-07")


@given(partial_dates(), query_days())
def test_on_or_before_and_before_follow_the_bounds(d: PartialDate, day: dt.date) -> None:
    """True exactly when the latest bound is on/before the day, False when the earliest is after, else None."""
    oob = d.on_or_before(day)
    assert oob is (True if d.latest <= day else False if d.earliest > day else None)
    b = d.before(day)
    assert b is (True if d.latest < day else False if d.earliest >= day else None)
    assert d.contains(day) is (d.earliest <= day <= d.latest)


# -- shift, hull, between -----------------------------------------------------------------------------------------

SHIFTS = [
    ("2025-04-28", 180, "2025-10-25"),
    ("2025-07-31", 0, "2025-07-31"),
    ("2025-07-31", 1, "2025-08-01"),
    ("2024-02-28", 1, "2024-02-29"),
    ("2025-05-19~", 2, "2025-05-21~"),
    ("2025-05-19?", 10, "2025-05-29?"),
    ("2025-05-19%", 1, "2025-05-20%"),
    ("2024-07", 10, "[2024-07-11..2024-08-10]"),
    ("2024-07", 0, "2024-07"),
    ("2024-07~", 10, "[2024-06-11..2024-09-10]~"),
    ("2024-07?", 10, "[2024-07-11..2024-08-10]?"),
    ("2024", 1, "[2024-01-02..2025-01-01]"),
    ("[2024-08-08..2024-08-31]", 10, "[2024-08-18..2024-09-10]"),
    ("[2024-08-08..2024-08-31]~", 1, "[2024-08-09..2024-09-01]~"),
]


@pytest.mark.parametrize(("text", "days", "shifted"), SHIFTS)
def test_shift_keeps_an_exact_day_exact_and_makes_a_wider_date_a_day_range(text: str, days: int,
                                                                           shifted: str) -> None:
    assert P(text).shift(days) == P(shifted)


@given(partial_dates(1900, 2100), st.integers(0, 2000))
def test_shift_moves_both_bounds_and_keeps_the_qualifier(d: PartialDate, days: int) -> None:
    # Known bug, pinned by test_shift_of_an_uncertain_day_moves_it_by_the_days_given: remove when fixed.
    s = d.shift(days)
    assert (s.earliest, s.latest) == (d.earliest.add(days=days), d.latest.add(days=days))
    assert s.qualifier is d.qualifier
    assert s.precision is (d.precision if days == 0 else Precision.DAY)
    assert P(s.edtf) == s


def test_shift_of_an_uncertain_day_moves_it_by_the_days_given() -> None:
    """'2025-05-19?' + 10 days is '2025-05-29?' (a relative in_force 10 days after an uncertain publication);
    actual: '2025-05-30?', bounds 2025-05-30..2025-05-30."""
    s = P("2025-05-19?").shift(10)
    assert (s.earliest, s.latest, s.edtf) == (D(2025, 5, 29), D(2025, 5, 29), "2025-05-29?")


def test_shift_of_an_approximate_first_day_moves_it_by_the_days_given() -> None:
    """'0001-01-01~' (bounds 0001-01-01..0001-01-02) shifted by 1 is '0001-01-02~'; actual: '0001-01-03~'."""
    assert P("0001-01-01~").shift(1) == P("0001-01-02~")


def test_shift_past_the_last_representable_day_is_a_date_error() -> None:
    with pytest.raises(lt.DateError):
        P("9999-12-31").shift(1)


def test_hull_of_equal_dates_is_that_date_and_of_different_dates_a_covering_range() -> None:
    assert PartialDate.hull([P("2025-05~"), P("2025-05~")]) == P("2025-05~")
    assert PartialDate.hull([P("2025-05-19"), P("2025-05-20")]) == P("[2025-05-19..2025-05-20]")
    assert PartialDate.hull([P("2025-05-20"), P("2024-07")]) == P("[2024-07-01..2025-05-20]")
    assert PartialDate.hull([P("2025-05-19~"), P("2025-05-19")]) == P("[2025-05-18..2025-05-20]")
    assert PartialDate.hull(iter([P("2025")])) == P("2025")
    with pytest.raises(ValueError):
        PartialDate.hull([])


@given(st.lists(partial_dates(), min_size=1, max_size=4))
def test_hull_covers_every_date_and_no_more(ds: list[PartialDate]) -> None:
    h = PartialDate.hull(ds)
    assert h.earliest == min(d.earliest for d in ds)
    assert h.latest == max(d.latest for d in ds)
    assert P(h.edtf) == h


def test_between_gives_a_single_day_when_both_ends_agree() -> None:
    assert PartialDate.between(dt.date(2024, 8, 8), dt.date(2024, 8, 8)) == P("2024-08-08")
    assert PartialDate.between(dt.date(2024, 8, 8), dt.date(2024, 8, 31)) == P("[2024-08-08..2024-08-31]")
    assert PartialDate.between(D(2024, 8, 8), D(2024, 8, 8), Qualifier.UNCERTAIN) == P("[2024-08-08..2024-08-08]?")
    with pytest.raises(lt.DateError, match="ends before it starts"):
        PartialDate.between(dt.date(2024, 8, 31), dt.date(2024, 8, 8))


def test_day_is_the_exact_day() -> None:
    assert PartialDate.day(dt.date(2025, 7, 31)) == P("2025-07-31")


# -- to_day: query dates must be whole days -------------------------------------------------------------------------


def test_to_day_accepts_whole_days_in_every_form() -> None:
    day = D(2025, 7, 31)
    for value in ("2025-07-31", dt.date(2025, 7, 31), pendulum.Date(2025, 7, 31), P("2025-07-31")):
        got = to_day(value)
        assert got == day and isinstance(got, pendulum.Date)


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("2025-07", "a month"),
        ("2025", "a year"),
        ("2025-07-31~", "an approximate or uncertain date"),
        ("2025-07-31?", "an approximate or uncertain date"),
        ("[2025-07-01..2025-07-31]", "a range of days"),
        (P("2025-07"), "a month"),
        (P("2025-07-31%"), "an approximate or uncertain date"),
    ],
)
def test_to_day_of_a_partial_date_is_a_date_error_saying_it_must_be_a_whole_day(value: object, what: str) -> None:
    with pytest.raises(lt.DateError) as info:
        to_day(value)
    text = value if isinstance(value, str) else value.edtf  # type: ignore[attr-defined]
    assert str(info.value) == f"{text!r}: a query date must be one whole day (YYYY-MM-DD), not {what}"


@pytest.mark.parametrize(
    ("value", "start"),
    [
        ("2025-13-01", "'2025-13-01': month must be 01..12"),
        ("2023-02-29", "'2023-02-29': day must be 01..28 in February 2023"),
        ("junk", "'junk': not a date"),
        (dt.datetime(2025, 7, 31, 12), "'2025-07-31T12:00:00': a date and time"),
        (None, "None: not a date"),
        (20250731, "20250731: not a date"),
    ],
)
def test_to_day_of_junk_is_a_date_error_quoting_it(value: object, start: str) -> None:
    with pytest.raises(lt.DateError) as info:
        to_day(value)
    assert str(info.value).startswith(start)


@given(query_days())
def test_to_day_of_an_iso_day_gives_that_day(day: dt.date) -> None:
    assert to_day(day.isoformat()) == day
    assert to_day(P(day)) == day


# -- laws over every generated date ---------------------------------------------------------------------------------


@settings(max_examples=500)
@given(edtf_texts())
def test_parse_of_edtf_gives_back_the_same_date(text: str) -> None:
    p = P(text)
    assert p.edtf == text
    assert P(p.edtf) == p
    assert hash(P(p.edtf)) == hash(p)


@settings(max_examples=500)
@given(partial_dates())
def test_earliest_is_never_after_latest_and_the_precision_sets_the_bounds(p: PartialDate) -> None:
    assert p.earliest <= p.latest
    assert p.label
    if p.is_range or p.approximate:
        return
    if p.precision is Precision.DAY:
        assert p.earliest == p.latest
    elif p.precision is Precision.MONTH:
        assert (p.earliest.year, p.earliest.month, p.earliest.day) == (p.latest.year, p.latest.month, 1)
        assert p.latest.day == calendar.monthrange(p.latest.year, p.latest.month)[1]
    else:
        assert (p.earliest.month, p.earliest.day, p.latest.month, p.latest.day) == (1, 1, 12, 31)
        assert p.earliest.year == p.latest.year


@given(partial_dates(2, 9998, ranges=False))
def test_approximate_widens_by_one_unit_of_precision_on_each_side(p: PartialDate) -> None:
    plain = P(p.edtf.rstrip("~?%"))
    if not p.approximate:
        assert (p.earliest, p.latest) == (plain.earliest, plain.latest)
    elif p.precision is Precision.DAY:
        assert (p.earliest, p.latest) == (plain.earliest.subtract(days=1), plain.latest.add(days=1))
    elif p.precision is Precision.MONTH:
        assert p.earliest == plain.earliest.subtract(months=1)
        assert p.latest == plain.latest.add(days=1).add(months=1).subtract(days=1)
    else:
        assert (p.earliest, p.latest) == (plain.earliest.subtract(years=1), plain.latest.add(years=1))


@settings(max_examples=300)
@given(partial_dates(), partial_dates())
def test_order_is_total_antisymmetric_and_consistent_with_bounds(a: PartialDate, b: PartialDate) -> None:
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) is (a < b or a == b)
    assert (a >= b) is (a > b or a == b)
    if (a.earliest, a.latest) < (b.earliest, b.latest):
        assert a < b
    if a <= b and b <= a:
        assert a == b


@given(st.lists(partial_dates(), max_size=8))
def test_sorting_orders_by_earliest_then_latest(ds: list[PartialDate]) -> None:
    keys = [(d.earliest, d.latest) for d in sorted(ds)]
    assert keys == sorted(keys)
    assert sorted(ds) == sorted(reversed(ds))


def test_comparison_with_something_else_is_not_supported() -> None:
    with pytest.raises(TypeError):
        _ = P("2025") < "2026"  # type: ignore[operator]
    assert P("2025") != "2025"


# -- open-ended ranges (DESIGN §3): "on or before", "on or after" ----------------------------------------------------
# The strategies of this section are local to it (tests/strategies.py belongs to the oracle's generators).

_FIRST, _LAST = D(1, 1, 1), D(9999, 12, 31)


@st.composite
def open_ranges(draw: st.DrawFn) -> str:
    """``[..YYYY-MM-DD]`` or ``[YYYY-MM-DD..]``, sometimes uncertain (``?``, the one qualifier an open end takes)."""
    day = draw(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
    text = f"[..{day.isoformat()}]" if draw(st.booleans()) else f"[{day.isoformat()}..]"
    return text + draw(st.sampled_from(["", "?"]))


def _any_dates() -> st.SearchStrategy[PartialDate]:
    return st.one_of(partial_dates(), open_ranges().map(P))


@pytest.mark.parametrize(("text", "earliest", "latest", "label"), [
    ("[..2005-12-29]", _FIRST, D(2005, 12, 29), "on or before 29 December 2005"),
    ("[2024-08-08..]", D(2024, 8, 8), _LAST, "on or after 8 August 2024"),
    ("[..2005-12-29]?", _FIRST, D(2005, 12, 29), "on or before 29 December 2005 (uncertain)"),
    ("[2024-08-08..]?", D(2024, 8, 8), _LAST, "on or after 8 August 2024 (uncertain)"),
    ("[..0001-01-01]", _FIRST, _FIRST, "on or before 1 January 1"),
    ("[9999-12-31..]", _LAST, _LAST, "on or after 31 December 9999"),
])  # fmt: skip
def test_open_range_bounds_label_and_text(text: str, earliest: D, latest: D, label: str) -> None:
    """An open start is 0001-01-01, an open end 9999-12-31; the label says "on or before/after"."""
    p = P(text)
    assert (p.earliest, p.latest, p.precision, p.is_range, p.label, p.edtf) == (
        earliest, latest, Precision.DAY, True, label, text)
    assert (p.open_start, p.open_end) == (text.startswith("[.."), text.rstrip("?").endswith("..]"))
    assert p.exact == (earliest == latest) and P(p.edtf) == p


@pytest.mark.parametrize(("text", "fragment"), [
    ("[..]", "needs at least one end"),
    ("[..2005-12-29]~", "not approximate"),
    ("[2024-08-08..]%", "not approximate"),
    ("[..2005-02-30]", "day must be 01..28"),
    ("[..2005-12]", "not a date"),
    ("[2005..]", "not a date"),
])
def test_open_range_errors(text: str, fragment: str) -> None:
    with pytest.raises(lt.DateError) as info:
        P(text)
    quoted = str(info.value).split("'")[1]
    assert quoted in text and fragment in str(info.value)


@pytest.mark.parametrize(("text", "day", "on_or_before", "before"), [
    ("[..2005-12-29]", "2005-12-29", True, None),
    ("[..2005-12-29]", "2005-12-30", True, True),
    ("[..2005-12-29]", "2005-12-28", None, None),
    ("[..2005-12-29]", "0001-01-01", None, False),
    ("[2024-08-08..]", "2024-08-07", False, False),
    ("[2024-08-08..]", "2024-08-08", None, False),
    ("[2024-08-08..]", "9999-12-31", True, None),
])  # fmt: skip
def test_open_range_comparison_is_three_valued(text: str, day: str, on_or_before: bool | None,
                                              before: bool | None) -> None:
    assert P(text).on_or_before(day) is on_or_before
    assert P(text).before(day) is before


def test_open_range_is_not_a_query_day() -> None:
    with pytest.raises(lt.DateError, match="a range of days"):
        to_day(P("[..2005-12-29]"))


def test_between_and_hull_write_open_ends_at_the_first_and_last_days() -> None:
    """A range that reaches 0001-01-01 or 9999-12-31 is written open, so it reads "on or before/after"."""
    assert PartialDate.between(_FIRST, D(2005, 12, 29)).edtf == "[..2005-12-29]"
    assert PartialDate.between(D(2024, 8, 8), _LAST).edtf == "[2024-08-08..]"
    assert PartialDate.between(_FIRST, _LAST).edtf == "[0001-01-01..9999-12-31]"
    assert PartialDate.between(_FIRST, D(2005, 12, 29), Qualifier.APPROXIMATE).edtf == "[0001-01-01..2005-12-29]~"
    assert PartialDate.hull([P("[..2005-12-29]"), P("2004")]) == P("[..2005-12-29]")
    assert PartialDate.hull([P("[..2005-12-29]"), P("2006-01")]).edtf == "[..2006-01-31]"


def test_shift_keeps_an_open_end_open() -> None:
    """Moving "on or before 29 December 2005" by ten days gives "on or before 8 January 2006"."""
    assert P("[..2005-12-29]").shift(10) == P("[..2006-01-08]")
    assert P("[2024-08-08..]").shift(3, months=1) == P("[2024-09-11..]")
    assert P("[2024-08-08..]?").shift(1).edtf == "[2024-08-09..]?"


@given(open_ranges())
def test_parse_of_an_open_range_edtf_gives_back_the_same_date(text: str) -> None:
    p = P(text)
    assert p.edtf == text and P(p.edtf) == p
    assert p.earliest == _FIRST or p.latest == _LAST


@given(_any_dates(), query_days())
def test_comparison_with_open_ranges_follows_the_bounds(p: PartialDate, day: dt.date) -> None:
    """on_or_before is True iff latest <= day, False iff earliest > day, else None — open ranges included."""
    d = D(day.year, day.month, day.day)
    expected = True if p.latest <= d else (False if p.earliest > d else None)
    assert p.on_or_before(day) is expected


@given(st.lists(_any_dates(), max_size=8))
def test_sorting_with_open_ranges_orders_by_earliest_then_latest(ds: list[PartialDate]) -> None:
    out = sorted(ds)
    keys = [(p.earliest, p.latest) for p in out]
    assert keys == sorted(keys)
    assert sorted(out) == out


@given(st.lists(_any_dates(), min_size=1, max_size=4))
def test_hull_with_open_ranges_covers_every_date_and_no_more(ds: list[PartialDate]) -> None:
    h = PartialDate.hull(ds)
    assert h.earliest == min(p.earliest for p in ds) and h.latest == max(p.latest for p in ds)
    assert P(h.edtf) == h


# -- months in shift (DESIGN §4a, §12.1) -----------------------------------------------------------------------------


@given(st.dates(dt.date(1, 1, 1), dt.date(9990, 12, 31)), st.integers(0, 100), st.integers(0, 400))
def test_shift_by_months_adds_calendar_months_as_pendulum_does_then_days(day: dt.date, months: int,
                                                                        days: int) -> None:
    """An exact day moved by months and days is pendulum's add(months=...) then add(days=...)."""
    expected = pendulum.Date(day.year, day.month, day.day).add(months=months).add(days=days)
    assert P(day.isoformat()).shift(days, months=months) == P(expected.isoformat())


@given(partial_dates(1, 9900), st.integers(0, 60), st.integers(0, 60))
def test_shift_by_months_moves_each_bound_and_keeps_the_qualifier(p: PartialDate, months: int, days: int) -> None:
    """Each bound moves by the months (clamped to the month's end) and then the days; a wider date is a day range."""
    q = p.shift(days, months=months)
    assert q.qualifier == p.qualifier
    if (p.precision is Precision.DAY and not p.is_range) or months == days == 0:
        return  # an exact (perhaps approximate) day moves its written day: covered above
    assert q.earliest == pendulum.Date(p.earliest.year, p.earliest.month, p.earliest.day).add(months=months,
                                                                                             days=days)
    assert q.latest == pendulum.Date(p.latest.year, p.latest.month, p.latest.day).add(months=months, days=days)
    assert q.is_range and P(q.edtf) == q
