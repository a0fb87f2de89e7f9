"""The engine's segments as Parquet, queried by DuckDB (DESIGN §10b): the SQL answers equal ``tl.in_force``,
``tl.value_of`` and ``tl.diff`` on the flagship and on a generated corpus, for random days, with and without
``as_of``; the files have a typed schema; values are encoded as documented.

The expected JSON of each value kind is written here from the docs (not imported from the module under test):
number → JSON number, range → ``{"min": …, "max": …}``, set → sorted list, list → list, text → string,
bool → ``true``/``false``, unrecorded content → ``{"unrecorded": "<change id>"}``.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import random
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

import lawtimeline as lt
from lawtimeline.cli import cli
from lawtimeline.interop import sql
from tests.strategies import overlap_datasets

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "russia_migrants.yaml"
DAYS = 50


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("_bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def plain(value: Any) -> Any:
    """A value as the docs say the JSON columns hold it."""
    if isinstance(value, lt.Range):
        return {"min": value.min, "max": value.max}
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if type(value).__name__ == "Unrecorded":
        return {"unrecorded": value.change}
    return value


def expected(answer: lt.Answer) -> tuple[Any, ...]:
    return (answer.status, answer.in_force, plain(answer.value) if answer.value is not None else None,
            [{"in_force": f, "value": plain(v)} for f, v in answer.candidates], answer.change)


def got(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["status"], row["in_force"], json.loads(row["value"]) if row["value"] is not None else None,
            json.loads(row["candidates"]), row["change"])


def random_days(seed: int, lo: str, hi: str, n: int = DAYS) -> list[dt.date]:
    rng = random.Random(seed)
    a, b = dt.date.fromisoformat(lo).toordinal(), dt.date.fromisoformat(hi).toordinal()
    return [dt.date.fromordinal(rng.randint(a, b)) for _ in range(n)]


def boundary_days(tl: lt.Timeline) -> list[dt.date]:
    """Every first and last day of every change's window, and the day before each: where segments meet."""
    out = set()
    for c in tl.all_changes():
        if c.effective is not None:
            for d in (c.effective.earliest, c.effective.latest):
                out.add(dt.date(d.year, d.month, d.day))
                out.add(dt.date(d.year, d.month, d.day) - dt.timedelta(days=1))
    return sorted(d for d in out if d.year > 1)


def assert_same_in_force(tl: lt.Timeline, con: Any, days: list[dt.date], as_of: dt.date | None = None) -> int:
    checked = 0
    for day in days:
        snap = tl.in_force(day, as_of=as_of)
        want = {pid: expected(a) for pid, a in snap.items()}
        rows = sql.in_force(con, day, as_of=as_of)
        have = {r["provision"]: got(r) for r in rows}
        assert len(rows) == len(have), f"{day}: a provision has two rows"
        assert have == want, f"in_force on {day} as of {as_of}"
        checked += len(want)
    return checked


# -- the flagship -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def flagship() -> lt.Timeline:
    return lt.load(EXAMPLE)


@pytest.fixture(scope="module")
def flagship_dir(flagship: lt.Timeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("flagship")
    flagship.to_parquet(out)
    return out


def test_flagship_in_force_equals_engine_on_random_days(flagship: lt.Timeline, flagship_dir: Path) -> None:
    con = sql.connect(flagship_dir)
    days = random_days(15, "1995-01-01", "2027-12-31")
    assert assert_same_in_force(flagship, con, days) > 0
    # and on every day where two segments meet, where an off-by-one would show
    assert_same_in_force(flagship, con, boundary_days(flagship))


def test_flagship_in_force_as_of(flagship: lt.Timeline, tmp_path: Path) -> None:
    rng = random.Random(1515)
    as_of_days = [dt.date(2023, 1, 1), dt.date(2024, 7, 25), dt.date(2024, 8, 20), dt.date(2025, 7, 31),
                  dt.date(2025, 12, 31)]
    checked = 0
    for n, as_of in enumerate(as_of_days):
        out = tmp_path / f"as_of_{n}"
        flagship.to_parquet(out, as_of=as_of)
        con = sql.connect(out)
        days = [dt.date.fromordinal(rng.randint(dt.date(2019, 1, 1).toordinal(), dt.date(2027, 1, 1).toordinal()))
                for _ in range(DAYS // len(as_of_days))]
        checked += assert_same_in_force(flagship, con, days, as_of)
        with pytest.raises(lt.LawTimelineError, match="no segments exported without as_of"):
            sql.in_force(con, days[0])
    assert checked > 0


def test_flagship_value_of_and_diff(flagship: lt.Timeline, flagship_dir: Path) -> None:
    con = sql.connect(flagship_dir)
    days = random_days(16, "2019-01-01", "2027-01-01", 20)
    for day in days:
        for pid in flagship.provisions:
            row = sql.value_of(con, pid, day)
            assert row is not None
            assert got(row) == expected(flagship.value_of(pid, day)), (pid, day)
    assert sql.value_of(con, "no-such-provision", days[0]) is None
    for x, y in itertools.pairwise(days):
        assert_same_diff(flagship, con, min(x, y), max(x, y))


def assert_same_diff(tl: lt.Timeline, con: Any, a: dt.date, b: dt.date, as_of: dt.date | None = None) -> None:
    """``sql.diff`` lists the provisions ``tl.diff`` lists, with the same states on both days and the same
    changes between them."""
    want = {d.provision: (expected(d.before)[:4], expected(d.after)[:4], set(d.changes))
            for d in tl.diff(a, b, as_of=as_of)}
    have = {}
    for r in sql.diff(con, a, b, as_of=as_of):
        before = {k[: -len("_before")]: v for k, v in r.items() if k.endswith("_before")}
        after = {k[: -len("_after")]: v for k, v in r.items() if k.endswith("_after")}
        have[r["provision"]] = (got({**before, "change": None})[:4], got({**after, "change": None})[:4],
                                set(r["changes"]))
    assert have == want, (a, b, as_of)


def test_diff_refuses_days_out_of_order(flagship_dir: Path) -> None:
    with pytest.raises(lt.LawTimelineError, match="first day is after the second"):
        sql.diff(flagship_dir, "2025-01-01", "2024-01-01")


# -- a generated corpus -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> lt.Timeline:
    return lt.Timeline.from_dict(_generator().generate(400, 6, seed=15))


def test_corpus_in_force_equals_engine_on_random_days(corpus: lt.Timeline, tmp_path: Path) -> None:
    corpus.to_parquet(tmp_path)
    con = sql.connect(tmp_path)
    assert assert_same_in_force(corpus, con, random_days(17, "1994-06-01", "2026-06-30")) > 1000
    assert_same_in_force(corpus, con, random.Random(19).sample(boundary_days(corpus), DAYS))


def test_corpus_in_force_as_of(corpus: lt.Timeline, tmp_path: Path) -> None:
    rng = random.Random(18)
    checked = 0
    for n in range(5):
        as_of = dt.date.fromordinal(rng.randint(dt.date(1996, 1, 1).toordinal(), dt.date(2025, 1, 1).toordinal()))
        out = tmp_path / f"as_of_{n}"
        corpus.to_parquet(out, as_of=as_of)
        days = random_days(100 + n, "1995-01-01", "2026-01-01", DAYS // 5)
        checked += assert_same_in_force(corpus, sql.connect(out), days, as_of)
    assert checked > 100


def test_segments_cover_all_time_without_gaps(corpus: lt.Timeline) -> None:
    """Per provision: the first segment starts on 0001-01-01, each ends where the next starts, the last is open."""
    frame = corpus.to_frame("segments")
    assert list(frame["provision"].unique()) == list(corpus.provisions)  # dataset order
    for pid, rows in frame.groupby("provision", sort=False):
        starts, ends = list(rows["start"]), list(rows["end"])
        assert starts[0] == "0001-01-01", pid
        assert ends[-1] is pd_na(), pid
        assert starts[1:] == ends[:-1], pid
        assert starts == sorted(starts), pid


def pd_na() -> Any:
    import pandas as pd

    return pd.NA


# -- crowded windows ----------------------------------------------------------------------------------------------


def window_days(tl: lt.Timeline) -> list[dt.date]:
    """The day before, the first, the last and the day after every window a change rests on, and of every known."""
    days = set()
    for c in tl.all_changes():
        for d in (c.effective, c.known):
            if d is not None:
                lo = dt.date(d.earliest.year, d.earliest.month, d.earliest.day)
                hi = dt.date(d.latest.year, d.latest.month, d.latest.day)
                days.update({lo - dt.timedelta(days=1), lo, hi, hi + dt.timedelta(days=1)})
    return sorted(d for d in days if 1 < d.year < 9999)


@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow], phases=(Phase.explicit, Phase.generate))
@given(data=overlap_datasets(), draws=st.data())
def test_crowded_windows_give_the_same_answers(data: dict[str, Any], draws: st.DataObject,
                                              tmp_path_factory: pytest.TempPathFactory) -> None:
    """Datasets whose windows overlap (the world oracle's inputs): the SQL answers equal ``in_force`` on every day
    where a window opens or closes, without and with an ``as_of`` drawn among those days."""
    tl = lt.Timeline.from_dict(data)
    note(lt.dumps(tl))
    days = window_days(tl) or [dt.date(2024, 3, 1)]
    as_of = draws.draw(st.sampled_from(days), label="as_of")
    out = tmp_path_factory.mktemp("crowded")
    tl.to_parquet(out / "all")
    tl.to_parquet(out / "as_of", as_of=as_of)
    assert_same_in_force(tl, sql.connect(out / "all"), days)
    assert_same_in_force(tl, sql.connect(out / "as_of"), days, as_of)
    a, b = sorted(draws.draw(st.lists(st.sampled_from(days), min_size=2, max_size=2), label="diff days"))
    assert_same_diff(tl, sql.connect(out / "all"), a, b)
    assert_same_diff(tl, sql.connect(out / "as_of"), a, b, as_of)


# -- encoding and schema ------------------------------------------------------------------------------------------

UNRECORDED = """
lawtimeline: 1
title: Encoding of every kind of value
acts:
  - {id: a1, title: First act, events: [{kind: in_force, date: 2020-01-01}]}
  - {id: a2, title: Second act, events: [{kind: in_force, date: 2021-05-01}]}
provisions:
  - {id: n, act: a1, kind: number, value: 12.5, unit: "%"}
  - {id: r, act: a1, kind: range, value: {min: 10000, max: 30000}, unit: RUB}
  - {id: ro, act: a1, kind: range, value: {max: 20000}, unit: RUB}
  - {id: s, act: a1, kind: set, value: [zeta, alpha, "ä"]}
  - {id: l, act: a1, kind: list, value: [second, first]}
  - {id: t, act: a1, kind: text, value: "Ten \\"quoted\\" words"}
  - {id: b, act: a1, kind: bool, value: false}
  - {id: u, act: a1, kind: text, value: old wording}
changes:
  - {act: a2, provision: u, op: amend}
"""

#: Worked by hand from the docs: each provision's value on 2022-01-01 as JSON.
ENCODED = {
    "n": "12.5",
    "r": '{"min":10000,"max":30000}',
    "ro": '{"min":null,"max":20000}',
    "s": '["alpha","zeta","ä"]',
    "l": '["second","first"]',
    "t": '"Ten \\"quoted\\" words"',
    "b": "false",
    "u": '{"unrecorded":"a2/u/1"}',
}


def test_values_are_encoded_as_documented(tmp_path: Path) -> None:
    tl = lt.loads(UNRECORDED, format="yaml")
    tl.to_parquet(tmp_path)
    rows = {r["provision"]: r for r in sql.in_force(tmp_path, "2022-01-01")}
    assert {p: r["value"] for p, r in rows.items()} == ENCODED
    assert rows["u"]["candidates"] == '[{"in_force":true,"value":{"unrecorded":"a2/u/1"}}]'
    # before the amendment (1 May 2021): the old wording; before the act (1 January 2020): not in force
    assert sql.value_of(tmp_path, "u", "2021-04-30")["value"] == '"old wording"'  # type: ignore[index]
    assert sql.value_of(tmp_path, "u", "2019-12-31")["in_force"] is False  # type: ignore[index]


def test_parquet_schema_is_typed(flagship_dir: Path) -> None:
    seg = pq.read_schema(flagship_dir / "segments.parquet")
    assert seg.names == ["provision", "start", "end", "status", "in_force", "value", "candidates", "states",
                         "change", "certain", "as_of", "territory"]
    assert seg.field("start").type == pa.date32() and seg.field("end").type == pa.date32()
    assert seg.field("as_of").type == pa.date32()
    assert seg.field("in_force").type == pa.bool_() and seg.field("certain").type == pa.bool_()
    for name in ("value", "candidates", "states", "status", "change", "territory"):
        assert seg.field(name).type == pa.string(), name
    changes = pq.read_schema(flagship_dir / "changes.parquet")
    for name in ("effective_earliest", "effective_latest", "known_earliest", "known_latest"):
        assert changes.field(name).type == pa.date32(), name
    assert changes.field("sources").type == pa.list_(pa.string())
    events = pq.read_schema(flagship_dir / "events.parquet")
    assert events.field("date_earliest").type == pa.date32()
    versions = pq.read_schema(flagship_dir / "versions.parquet")
    assert versions.field("start_latest").type == pa.date32() and versions.field("value").type == pa.string()


def test_tables_hold_every_row(flagship: lt.Timeline, flagship_dir: Path) -> None:
    n = {name: pq.read_metadata(flagship_dir / f"{name}.parquet").num_rows
         for name in ("changes", "events", "versions", "provisions")}
    assert n["changes"] == len(flagship.all_changes())
    assert n["events"] == sum(len(a.events) for a in flagship.acts.values()) + len(flagship.events)
    assert n["versions"] == sum(len(flagship.history(p)) for p in flagship.provisions)
    assert n["provisions"] == len(flagship.provisions)
    # 1 October 2023, the day the fines rose (DESIGN §6): 10,000–30,000 RUB by the 2023 law
    fine = pq.read_table(flagship_dir / "changes.parquet").to_pylist()
    row = next(r for r in fine if r["id"] == "ru-fz-404-2023/ru-cao-fine-summons/1")
    assert row["effective_earliest"] == dt.date(2023, 10, 1) == row["effective_latest"]
    assert json.loads(row["value"]) == {"min": 10000, "max": 30000}


def test_segments_frame_is_the_index(flagship: lt.Timeline) -> None:
    frame = flagship.to_frame("segments")
    assert list(frame.columns) == ["provision", "start", "end", "status", "in_force", "value", "candidates",
                                   "states", "change", "certain", "as_of", "territory"]
    summons = frame[frame["provision"] == "ru-cao-fine-summons"]
    # the 2023 law's fine from 1 October 2023, certain up to the dataset's as_at (2026-01-01) ...
    fine = summons.iloc[-2]
    assert (fine["start"], fine["end"]) == ("2023-10-01", "2026-01-02")
    assert fine["status"] == "definite" and bool(fine["in_force"]) is True and bool(fine["certain"]) is True
    assert json.loads(fine["value"]) == {"min": 10000, "max": 30000}
    assert fine["change"] == "ru-fz-404-2023/ru-cao-fine-summons/1"
    # ... and the same answer after it, no longer certain: the data may miss later changes (DESIGN §4a)
    after = summons.iloc[-1]
    assert after["start"] == "2026-01-02" and after["end"] is pd_na()
    assert after["value"] == fine["value"] and bool(after["certain"]) is False


def test_segments_as_of_and_where_are_marked(
        flagship: lt.Timeline, tmp_path: Path) -> None:
    frame = flagship.to_frame("segments", as_of="2024-01-01")
    assert set(frame["as_of"]) == {"2024-01-01"}
    assert frame["as_of"].isna().sum() == 0 and flagship.to_frame("segments")["as_of"].isna().all()
    import inspect

    if "where" not in inspect.signature(flagship._engine().segments).parameters:
        with pytest.raises(lt.LawTimelineError, match="where="):
            flagship.to_parquet(tmp_path / "w", where="E")
    else:  # the engine takes a territory: the export marks its rows, and queries pick the export they ask for
        flagship.to_parquet(tmp_path / "w", where="E")
        rows = pq.read_table(tmp_path / "w" / "segments.parquet").to_pylist()
        assert {r["territory"] for r in rows} == {"E"}
        assert sql.in_force(tmp_path / "w", "2025-08-12", where="E")
        with pytest.raises(lt.LawTimelineError, match="no segments exported without as_of here"):
            sql.in_force(tmp_path / "w", "2025-08-12")
        with pytest.raises(lt.LawTimelineError, match="where 'W'"):
            sql.in_force(tmp_path / "w", "2025-08-12", where="W")


def test_export_into_a_file_is_refused(flagship: lt.Timeline, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("not a directory")
    with pytest.raises(lt.LawTimelineError, match="not a directory"):
        flagship.to_parquet(target)


def test_missing_pyarrow_is_a_clear_error(flagship: lt.Timeline, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(lt.LawTimelineError, match=r"lawtimeline\[parquet\]"):
        flagship.to_parquet(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_run_refuses_a_parameter_the_query_does_not_take(flagship_dir: Path) -> None:
    with pytest.raises(lt.LawTimelineError, match="takes as_of, on, territory, not day"):
        sql.run(flagship_dir, "in_force", day="2024-01-01")
    # a parameter left out is null: the export made without as_of and territory
    assert len(sql.run(flagship_dir, "in_force", on=dt.date(2025, 8, 12))) == len(sql.in_force(flagship_dir,
                                                                                                "2025-08-12"))


def test_connect_names_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(lt.LawTimelineError, match=r"no segments\.parquet"):
        sql.connect(tmp_path)


def test_queries_quote_end_and_use_named_markers() -> None:
    for name, text in sql.QUERIES.items():
        assert "`end`" not in text or "s.`end` IS NULL" in text, name
        assert "end" not in text.replace("`end`", "").lower().replace("extend", ""), name  # never unquoted
        assert "$" not in text and ":" in text, name
        assert ":" not in sql.duckdb_text(text) and "$" in sql.duckdb_text(text), name


# -- the command line ---------------------------------------------------------------------------------------------


def test_cli_export_parquet(tmp_path: Path, flagship: lt.Timeline) -> None:
    out = tmp_path / "tables"
    result = CliRunner().invoke(cli, ["export", str(EXAMPLE), "--format", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["changes.parquet", "events.parquet", "provisions.parquet",
                                                     "segments.parquet", "versions.parquet"]
    rows = sql.in_force(out, "2025-08-12")
    assert {r["provision"] for r in rows} == set(flagship.in_force("2025-08-12"))
    result = CliRunner().invoke(cli, ["export", str(EXAMPLE), "--format", "parquet", "-o", str(tmp_path / "a"),
                                      "--as-of", "2024-01-01"])
    assert result.exit_code == 0, result.output
    assert sql.in_force(tmp_path / "a", "2025-08-12", as_of="2024-01-01")


def test_cli_export_parquet_needs_a_directory() -> None:
    result = CliRunner().invoke(cli, ["export", str(EXAMPLE), "--format", "parquet"])
    assert result.exit_code == 2
    assert "-o DIR" in result.output
