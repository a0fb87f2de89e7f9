"""Parquet export and SQL point-in-time queries beside ``tl.in_force`` (DESIGN §10b).

    nice python benchmarks/parquet_bench.py                 # 100,000 provisions x 10 changes + 10,000,000 rows
    nice python benchmarks/parquet_bench.py --quick         # 10,000 x 10 and 1,000,000 rows

What it measures, each in a fresh subprocess so that the peak memory (``ru_maxrss``) is that one job's:

1. **export**: ``lt.load`` of the generated corpus (``generate.py``, the engine benchmark's corpus), then
   ``tl.to_parquet(dir)`` (the engine's index is built by the first segment read and is part of the export time);
   the size of the Parquet files.
2. **tl.in_force**: ``lt.load`` and ``tl.in_force(on=day)``, the first (cold) call and the median of 5 more (warm).
3. **DuckDB in_force over the export**: ``sql.connect(dir)`` and the ``in_force`` query on the same day, the first
   call (cold) and the median of 5 more; once with every row fetched into Python dicts (``sql.in_force``, what a
   caller of the library gets), once into an Arrow table (``.to_arrow_table()``, what a DuckDB pipeline keeps).
4. **10,000,000 segment rows written straight as Parquet** (pyarrow, never a Timeline: ``--segments`` rows over
   ``--segments // 20`` provisions, 20 segments each, the shape of the export), then the same DuckDB query.

The day asked is ``--day`` (default 2015-06-01, inside the corpus' 1995-2024 span). Results: one Markdown table
on stdout and ``benchmarks/out/parquet-results-<N>x<M>.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE.parent))


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*.parquet"))


# -- jobs (each runs in its own process) --------------------------------------------------------------------------


def job_export(corpus: str, out: str) -> dict[str, Any]:
    import lawtimeline as lt

    t0, c0 = time.perf_counter(), time.process_time()
    tl = lt.load(corpus)
    t1, c1 = time.perf_counter(), time.process_time()
    paths = tl.to_parquet(out)
    t2, c2 = time.perf_counter(), time.process_time()
    import pyarrow.parquet as pq

    rows = {name: pq.read_metadata(p).num_rows for name, p in paths.items()}
    return {"load_s": t1 - t0, "export_s": t2 - t1, "load_cpu_s": c1 - c0, "export_cpu_s": c2 - c1,
            "bytes": _size(Path(out)), "rows": rows,
            "bytes_by_table": {name: p.stat().st_size for name, p in paths.items()}, "rss_mib": _rss_mib(),
            "changes": len(tl.all_changes())}


def job_tl(corpus: str, day: str) -> dict[str, Any]:
    import lawtimeline as lt

    t0 = time.perf_counter()
    tl = lt.load(corpus)
    t1 = time.perf_counter()
    rss_load = _rss_mib()
    cold_t, cold_c = time.perf_counter(), time.process_time()
    snap = tl.in_force(day)
    cold, cold_cpu = time.perf_counter() - cold_t, time.process_time() - cold_c
    warm, warm_cpu = [], []
    for _ in range(5):
        s, c = time.perf_counter(), time.process_time()
        tl.in_force(day)
        warm.append(time.perf_counter() - s)
        warm_cpu.append(time.process_time() - c)
    return {"load_s": t1 - t0, "cold_s": cold, "warm_s": statistics.median(warm), "cold_cpu_s": cold_cpu,
            "warm_cpu_s": statistics.median(warm_cpu), "rows": len(snap),
            "rss_after_load_mib": rss_load, "rss_mib": _rss_mib()}


def job_duckdb(directory: str, day: str, how: str) -> dict[str, Any]:
    import datetime as dt

    from lawtimeline.interop import sql

    con = sql.connect(directory)
    on = dt.date.fromisoformat(day)
    text = sql.duckdb_text(sql.QUERIES["in_force"])

    def once() -> int:
        if how == "python":
            return len(sql.in_force(con, on))
        table = con.execute(text, {"on": on, "as_of": None, "territory": None}).to_arrow_table()
        return int(table.num_rows)

    s, c = time.perf_counter(), time.process_time()
    n = once()
    cold, cold_cpu = time.perf_counter() - s, time.process_time() - c
    warm, warm_cpu = [], []
    for _ in range(5):
        s, c = time.perf_counter(), time.process_time()
        once()
        warm.append(time.perf_counter() - s)
        warm_cpu.append(time.process_time() - c)
    return {"cold_s": cold, "warm_s": statistics.median(warm), "cold_cpu_s": cold_cpu,
            "warm_cpu_s": statistics.median(warm_cpu), "rows": n, "rss_mib": _rss_mib()}


def job_generate(out: str, rows: int, seed: int) -> dict[str, Any]:
    """``rows`` segment rows (20 per provision) written straight as Parquet with the export's schema."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from lawtimeline.interop.parquet import schemas

    schema = schemas()["segments"]
    per = 20
    provisions = rows // per
    chunk = 10_000  # provisions per row group (200,000 rows)
    rng = np.random.default_rng(seed)
    epoch = 719163  # date(1970, 1, 1).toordinal()
    lo, hi = 728294 - epoch, 739251 - epoch  # 1995-01-01 .. 2024-12-31 as date32
    Path(out).mkdir(parents=True, exist_ok=True)
    path = Path(out) / "segments.parquet"
    t0, c0 = time.perf_counter(), time.process_time()
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for first in range(0, provisions, chunk):
            n = min(chunk, provisions - first)
            ids = np.repeat(np.array([f"gen-{i:07d}" for i in range(first, first + n)], dtype=object), per)
            inner = np.sort(rng.integers(lo, hi, size=(n, per - 1)), axis=1)
            starts = np.concatenate([np.full((n, 1), 1 - epoch), inner], axis=1).astype(np.int32)
            ends = np.concatenate([inner, np.zeros((n, 1))], axis=1).astype(np.int32)
            open_end = np.zeros((n, per), dtype=bool)
            open_end[:, -1] = True
            k = n * per
            unresolved = rng.random(k) < 0.05
            first_seg = np.zeros((n, per), dtype=bool)
            first_seg[:, 0] = True
            first_seg = first_seg.ravel()
            repealed = rng.random(k) < 0.03
            in_force = np.where(first_seg | repealed, False, True)
            amounts = rng.integers(1, 500, size=k) * 100
            values = np.array([f'{{"min":{a},"max":{a * 3}}}' for a in amounts], dtype=object)
            definite_cands = np.array([f'[{{"in_force":true,"value":{v}}}]' for v in values], dtype=object)
            off = '[{"in_force":false,"value":null}]'
            cands = np.where(in_force, definite_cands, off)
            both = np.array([f'[{{"in_force":false,"value":null}},{{"in_force":true,"value":{v}}}]'
                             for v in values], dtype=object)
            cands = np.where(unresolved, both, cands)
            status = np.where(unresolved, "unresolved", "definite").astype(object)
            value = np.where(in_force & ~unresolved, values, None)
            change = np.where(first_seg | unresolved, None,
                              np.array([f"act-{i % 997}/{p}/{i % per}" for i, p in enumerate(ids)], dtype=object))
            table = pa.Table.from_arrays([
                pa.array(ids, pa.string()),
                pa.array(starts.ravel(), pa.int32()).cast(pa.date32()),
                pa.array(ends.ravel(), pa.int32(), mask=open_end.ravel()).cast(pa.date32()),
                pa.array(status, pa.string()),
                pa.array(np.where(unresolved, None, in_force).tolist(), pa.bool_()),
                pa.array(value, pa.string()),
                pa.array(cands, pa.string()),
                pa.array(cands, pa.string()),
                pa.array(change, pa.string()),
                pa.array(~unresolved & (rng.random(k) < 0.9), pa.bool_()),
                pa.nulls(k, pa.date32()),
                pa.nulls(k, pa.string()),
            ], schema=schema)
            writer.write_table(table)
    return {"generate_s": time.perf_counter() - t0, "generate_cpu_s": time.process_time() - c0,
            "bytes": path.stat().st_size, "rows": provisions * per,
            "provisions": provisions, "rss_mib": _rss_mib()}


JOBS = {"export": job_export, "tl": job_tl, "duckdb": job_duckdb, "generate": job_generate}


def _spawn(job: str, *args: Any) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--job", job, *map(str, args)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"job {job} failed")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _corpus(provisions: int, changes_per: int, seed: int) -> str:
    path = OUT / f"corpus-{provisions}x{changes_per}-seed{seed}.json"
    if not path.exists():
        sys.path.insert(0, str(HERE))
        import generate

        generate.write(generate.generate(provisions, changes_per, seed), str(path))
    return str(path)


def _ms(s: float) -> str:
    return f"{s * 1000:,.0f} ms" if s >= 0.1 else f"{s * 1000:,.1f} ms"


def _wc(wall: float, cpu: float) -> str:
    return f"{_ms(wall)} ({_ms(cpu)} CPU)"


def _mib(b: float) -> str:
    return f"{b / 2**20:,.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--provisions", type=int, default=100_000)
    p.add_argument("--changes-per", type=int, default=10)
    p.add_argument("--segments", type=int, default=10_000_000, help="rows of the generated segments table")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--day", default="2015-06-01")
    p.add_argument("--quick", action="store_true", help="10,000 provisions and 1,000,000 generated rows")
    p.add_argument("--job", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.job:
        name, *rest = args.job
        fn = JOBS[name]
        typed = [int(x) if x.isdigit() else x for x in rest]
        print(json.dumps(fn(*typed)))
        return 0
    if args.quick:
        args.provisions, args.segments = 10_000, 1_000_000
    OUT.mkdir(exist_ok=True)
    corpus = _corpus(args.provisions, args.changes_per, args.seed)
    export_dir = OUT / f"parquet-{args.provisions}x{args.changes_per}"
    gen_dir = OUT / f"parquet-generated-{args.segments}"
    res: dict[str, Any] = {"corpus": corpus, "day": args.day}
    res["export"] = _spawn("export", corpus, export_dir)
    res["tl"] = _spawn("tl", corpus, args.day)
    res["duckdb_python"] = _spawn("duckdb", export_dir, args.day, "python")
    res["duckdb_arrow"] = _spawn("duckdb", export_dir, args.day, "arrow")
    res["generate"] = _spawn("generate", gen_dir, args.segments, args.seed)
    res["gen_duckdb_python"] = _spawn("duckdb", gen_dir, args.day, "python")
    res["gen_duckdb_arrow"] = _spawn("duckdb", gen_dir, args.day, "arrow")
    out = OUT / f"parquet-results-{args.provisions}x{args.changes_per}.json"
    out.write_text(json.dumps(res, indent=2))

    e, t = res["export"], res["tl"]
    seg_rows = e["rows"]["segments"]
    g = res["generate"]
    print(f"Corpus: {e['changes']:,} changes (with the implicit ones), {args.provisions:,} provisions; "
          f"{seg_rows:,} segment rows exported. Day asked: {args.day}.\n")
    print("| measure | wall (CPU), cold: first call | wall (CPU), warm: median of 5 | rows | peak RSS of the process |")
    print("|---|---|---|---|---|")
    print(f"| `lt.load` of the corpus (export process) | {_wc(e['load_s'], e['load_cpu_s'])} | | | |")
    print(f"| `tl.to_parquet(dir)`: {seg_rows:,} segments + changes, events, versions, provisions | "
          f"{_wc(e['export_s'], e['export_cpu_s'])} | | {sum(e['rows'].values()):,} | {e['rss_mib']:,.0f} MiB |")
    print(f"| Parquet size, all five files (segments alone) | {_mib(e['bytes'])} "
          f"({_mib(e['bytes_by_table']['segments'])}) | | | |")
    print(f"| `tl.in_force(on=day)` after `lt.load` ({_ms(t['load_s'])}) | {_wc(t['cold_s'], t['cold_cpu_s'])} | "
          f"{_wc(t['warm_s'], t['warm_cpu_s'])} | {t['rows']:,} | {t['rss_mib']:,.0f} MiB (after load: "
          f"{t['rss_after_load_mib']:,.0f} MiB) |")
    for key, label in (("duckdb_python", "rows into Python dicts (`sql.in_force`)"),
                       ("duckdb_arrow", "into an Arrow table")):
        d = res[key]
        print(f"| DuckDB `in_force` over the export, {label} | {_wc(d['cold_s'], d['cold_cpu_s'])} | "
              f"{_wc(d['warm_s'], d['warm_cpu_s'])} | "
              f"{d['rows']:,} | {d['rss_mib']:,.0f} MiB |")
    print(f"| {g['rows']:,} segment rows ({g['provisions']:,} provisions) written straight as Parquet | "
          f"{_wc(g['generate_s'], g['generate_cpu_s'])} | | {g['rows']:,} | {g['rss_mib']:,.0f} MiB |")
    print(f"| Parquet size of the {g['rows']:,} rows | {_mib(g['bytes'])} | | | |")
    for key, label in (("gen_duckdb_python", "rows into Python dicts (`sql.in_force`)"),
                       ("gen_duckdb_arrow", "into an Arrow table")):
        d = res[key]
        print(f"| DuckDB `in_force` over the {g['rows']:,} rows, {label} | {_wc(d['cold_s'], d['cold_cpu_s'])} | "
              f"{_wc(d['warm_s'], d['warm_cpu_s'])} | {d['rows']:,} | {d['rss_mib']:,.0f} MiB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
