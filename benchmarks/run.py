"""Benchmarks of the point-in-time engine, each side by side with a plain-Python baseline measured in the same run.

    python benchmarks/run.py                 # 100,000 provisions x 10 changes (the issue's sizes)
    python benchmarks/run.py --quick         # 10,000 x 10

The corpus is generated into ``benchmarks/out/`` (gitignored) when it is missing. Cold costs are measured in fresh
subprocesses (each one loads the corpus, so it also gives a sample of ``lt.load`` time and peak memory); warm costs
in this process after one untimed pass. Every per-call time is one ``time.perf_counter_ns`` pair around one call,
minus the measured cost of an empty pair; baseline and lawtimeline calls alternate on the same queries, so the noise
of a shared machine falls on both. The table reports medians and 90th percentiles and the ratio of the medians.
See ``benchmarks/README.md`` for what each row measures.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")
pc = time.perf_counter_ns

# Query days run a little past both ends of the corpus (1995-2024), so "not yet in force" and "current" are asked too.
FIRST_DAY = dt.date(1990, 1, 1).toordinal()
LAST_DAY = dt.date(2030, 12, 31).toordinal()
TARGETS = {"value_of_ratio": 3.0, "in_force_ms": 200.0, "history_us": 20.0, "load_s": 8.0, "peak_gb": 1.5}


# -- workload shared by the workers, the main process and profile_phase.py -----------------------------------------


def corpus_path(provisions: int, changes_per: int, seed: int) -> str:
    return os.path.join(OUT, f"corpus-{provisions}x{changes_per}-seed{seed}.json")


def ensure_corpus(provisions: int, changes_per: int, seed: int) -> str:
    path = corpus_path(provisions, changes_per, seed)
    if not os.path.exists(path):
        import generate

        print(f"generating {path} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        generate.write(generate.generate(provisions, changes_per, seed), path)
        print(f"  done in {time.perf_counter() - t0:.1f} s ({os.path.getsize(path) / 1e6:.0f} MB)",
              file=sys.stderr, flush=True)
    return path


def queries(pids: list[str], n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` random (provision id, ISO day) pairs: provisions uniform, days uniform over 1990-2030."""
    rng = random.Random(f"queries-{seed}")
    return [(rng.choice(pids), dt.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY)).isoformat())
            for _ in range(n)]


def snapshot_days(seed: int, n: int = 3) -> list[str]:
    rng = random.Random(f"days-{seed}")
    lo, hi = dt.date(2000, 1, 1).toordinal(), dt.date(2024, 12, 31).toordinal()
    return [dt.date.fromordinal(rng.randint(lo, hi)).isoformat() for _ in range(n)]


def history_pids(pids: list[str], n: int, seed: int) -> list[str]:
    return random.Random(f"history-{seed}").sample(pids, min(n, len(pids)))


def bisect_index(tl: Any) -> dict[str, tuple[list[int], list[Any]]]:
    """The baseline's data: per provision, the start ordinals of its versions and the value from each start.

    Built from the same changes (``tl.all_changes()``, implicit ones included), ordered by effective date and folded
    the simple way (a partial date counts from its earliest day); ``None`` stands for "not in force".
    """
    grouped: dict[str, list[tuple[int, int, int, Any]]] = {pid: [] for pid in tl.provisions}
    for i, c in enumerate(tl.all_changes()):
        if c.effective is not None:
            grouped[c.provision].append((c.effective.earliest.toordinal(), c.effective.latest.toordinal(), i, c))
    index: dict[str, tuple[list[int], list[Any]]] = {}
    for pid, cs in grouped.items():
        cs.sort(key=lambda t: t[:3])
        starts: list[int] = []
        values: list[Any] = []
        state: Any = None
        is_set = tl.provisions[pid].kind.value == "set"
        for lo, _hi, _i, c in cs:
            op = c.op.value
            if op in ("insert", "set"):
                state = c.value
            elif op == "repeal":
                state = None
            elif op == "add" and is_set:
                state = (state or frozenset()) | frozenset(c.items)
            elif op == "add":
                state = (state or ()) + tuple(i for i in c.items if i not in (state or ()))
            elif state is not None:  # remove
                gone = set(c.items)
                state = frozenset(state - gone) if is_set else tuple(i for i in state if i not in gone)
            starts.append(lo)
            values.append(state)
        index[pid] = (starts, values)
    return index


class Bisect:
    """The baseline: one ``bisect_right`` over plain lists, ISO query days parsed once through a dict cache."""

    def __init__(self, index: dict[str, tuple[list[int], list[Any]]]) -> None:
        days: dict[str, int] = {}
        bisect_right = bisect.bisect_right
        fromisoformat = dt.date.fromisoformat

        def value_of(pid: str, on: str) -> Any:
            o = days.get(on)
            if o is None:
                o = days[on] = fromisoformat(on).toordinal()
            starts, values = index[pid]
            i = bisect_right(starts, o)
            return values[i - 1] if i else None

        def in_force(on: str) -> dict[str, Any]:
            o = days.get(on)
            if o is None:
                o = days[on] = fromisoformat(on).toordinal()
            out = {}
            for pid, (starts, values) in index.items():
                i = bisect_right(starts, o)
                if i and values[i - 1] is not None:
                    out[pid] = values[i - 1]
            return out

        def history(pid: str) -> list[tuple[Any, int, int | None]]:
            starts, values = index[pid]
            ends: list[int | None] = [*starts[1:], None]
            return [(v, s, e) for v, s, e in zip(values, starts, ends, strict=True) if v is not None]

        self.value_of = value_of
        self.in_force = in_force
        self.history = history


# -- measuring ----------------------------------------------------------------------------------------------------


def timer_overhead() -> int:
    """The median cost of an empty ``perf_counter_ns`` pair, subtracted from every per-call time."""
    samples = []
    for _ in range(20_000):
        t0 = pc()
        t1 = pc()
        samples.append(t1 - t0)
    return int(statistics.median(samples))


def paired(calls: Iterable[tuple[Callable[[], Any], Callable[[], Any]]], overhead: int) -> tuple[list[int], list[int]]:
    """Time each (baseline, lawtimeline) pair of calls, alternating which goes first."""
    base: list[int] = []
    ours: list[int] = []
    for n, (b, o) in enumerate(calls):
        if n & 1:
            t0 = pc()
            o()
            t1 = pc()
            b()
            t2 = pc()
            ours.append(t1 - t0 - overhead)
            base.append(t2 - t1 - overhead)
        else:
            t0 = pc()
            b()
            t1 = pc()
            o()
            t2 = pc()
            base.append(t1 - t0 - overhead)
            ours.append(t2 - t1 - overhead)
    return [max(0, x) for x in base], [max(0, x) for x in ours]


def stats(samples: list[int]) -> dict[str, float]:
    s = sorted(samples)
    return {"median": float(statistics.median(s)), "p90": float(s[min(len(s) - 1, int(0.9 * len(s)))]),
            "n": len(s), "total": float(sum(s))}


def maxrss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


# -- workers (fresh subprocesses) -----------------------------------------------------------------------------------


def worker(kind: str, path: str, seed: int, n_queries: int, n_history: int) -> dict[str, Any]:
    if kind == "json":
        rss0 = maxrss_bytes()
        t0 = pc()
        with open(path, encoding="utf-8") as f:
            json.load(f)
        t1 = pc()
        return {"load_ns": t1 - t0, "peak": maxrss_bytes(), "rss_before": rss0}

    import lawtimeline as lt

    rss0 = maxrss_bytes()
    t0 = pc()
    tl = lt.load(path)
    t1 = pc()
    out: dict[str, Any] = {"load_ns": t1 - t0, "peak": maxrss_bytes(), "rss_before": rss0}
    pids = list(tl.provisions)
    overhead = timer_overhead()
    if kind == "value_of":
        t0 = pc()
        tl.value_of(pids[0], on="1989-12-31")  # builds the engine's indexes; answers one (cold) question
        t1 = pc()
        out["engine_ns"] = t1 - t0
        out["peak_engine"] = maxrss_bytes()
        t0 = pc()
        index = bisect_index(tl)
        t1 = pc()
        out["bisect_build_ns"] = t1 - t0
        base = Bisect(index)
        qs = queries(pids, n_queries, seed)
        b, o = paired((((lambda p=p, d=d: base.value_of(p, d)), (lambda p=p, d=d: tl.value_of(p, on=d)))
                       for p, d in qs), overhead)
        out["value_of_cold"] = {"base": stats(b), "ours": stats(o)}
    elif kind == "in_force":
        base = Bisect(bisect_index(tl))
        tl.value_of(pids[0], on="1989-12-31")  # build the indexes outside the timed calls
        b, o = [], []
        for day in snapshot_days(seed):
            t0 = pc()
            base.in_force(day)
            t1 = pc()
            tl.in_force(on=day)
            t2 = pc()
            b.append(t1 - t0)
            o.append(t2 - t1)
        out["in_force_cold"] = {"base": stats(b), "ours": stats(o)}
    elif kind == "history":
        base = Bisect(bisect_index(tl))
        tl.value_of(pids[0], on="1989-12-31")
        hp = history_pids(pids, n_history, seed)
        b, o = paired((((lambda p=p: base.history(p)), (lambda p=p: tl.history(p))) for p in hp), overhead)
        out["history_cold"] = {"base": stats(b), "ours": stats(o)}
    else:
        raise SystemExit(f"unknown worker {kind!r}")
    return out


def spawn(kind: str, path: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", kind, "--corpus", path, "--seed", str(args.seed),
           "--queries", str(args.queries), "--history", str(args.history)]
    print(f"  worker {kind} ...", file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"worker {kind} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# -- the main run ---------------------------------------------------------------------------------------------------


def warm(path: str, args: argparse.Namespace) -> dict[str, Any]:
    import lawtimeline as lt

    print("  main process: load, then warm queries ...", file=sys.stderr, flush=True)
    tl = lt.load(path)
    pids = list(tl.provisions)
    base = Bisect(bisect_index(tl))
    overhead = timer_overhead()
    out: dict[str, Any] = {"timer_overhead_ns": overhead}

    qs = queries(pids, args.queries, args.seed)
    for p, d in qs:  # the untimed first pass
        base.value_of(p, d)
        tl.value_of(p, on=d)
    calls = [((lambda p=p, d=d: base.value_of(p, d)), (lambda p=p, d=d: tl.value_of(p, on=d))) for p, d in qs]
    b, o = paired((c for _ in range(args.rounds) for c in calls), overhead)
    out["value_of_warm"] = {"base": stats(b), "ours": stats(o)}

    days = snapshot_days(args.seed)
    for day in days:
        tl.in_force(on=day)
        base.in_force(day)
    b, o = [], []
    for _ in range(5):
        for day in days:
            t0 = pc()
            base.in_force(day)
            t1 = pc()
            tl.in_force(on=day)
            t2 = pc()
            b.append(t1 - t0)
            o.append(t2 - t1)
    out["in_force_warm"] = {"base": stats(b), "ours": stats(o)}
    out["in_force_size"] = len(tl.in_force(on=days[0]))

    hp = history_pids(pids, args.history, args.seed)
    for p in hp:
        tl.history(p)
    hcalls = [((lambda p=p: base.history(p)), (lambda p=p: tl.history(p))) for p in hp]
    b, o = paired((c for _ in range(args.rounds) for c in hcalls), overhead)
    out["history_warm"] = {"base": stats(b), "ours": stats(o)}
    out["counts"] = {"provisions": len(tl.provisions), "changes": len(tl.changes),
                     "all_changes": len(tl.all_changes()), "acts": len(tl.acts)}
    return out


def _time(ns: float) -> str:
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.1f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def _mem(b: float) -> str:
    return f"{b / 2**20:,.0f} MiB"


def _verdict(ok: bool, detail: str) -> str:
    return f"{'PASS' if ok else 'MISS'} ({detail})"


def table(res: dict[str, Any]) -> list[list[str]]:
    rows: list[list[str]] = []

    def timed(name: str, key: str, base_name: str, target: str = "", check: Callable[[float, float], str] | None = None
              ) -> None:
        m = res[key]
        ours, base = m["ours"], m["base"]
        ratio = ours["median"] / base["median"] if base["median"] else float("inf")
        rows.append([name, _time(ours["median"]), _time(ours["p90"]), base_name, _time(base["median"]),
                     _time(base["p90"]), f"{ratio:.1f}×", target,
                     check(ours["median"], ratio) if check else ""])

    vt, ft, ht = TARGETS["value_of_ratio"], TARGETS["in_force_ms"], TARGETS["history_us"]
    timed("`tl.value_of(pid, on=iso)`, warm", "value_of_warm", "bisect over lists", f"≤ {vt:g}× baseline",
          lambda _m, r: _verdict(r <= vt, f"{r:.1f}× baseline"))
    timed("`tl.value_of(pid, on=iso)`, cold first pass", "value_of_cold", "bisect over lists (fresh day cache)",
          f"(≤ {vt:g}× baseline)", lambda _m, r: _verdict(r <= vt, f"{r:.1f}× baseline"))
    timed("`tl.in_force(on=iso)`, warm", "in_force_warm", "bisect loop over all provisions", f"≤ {ft:g} ms",
          lambda m, _r: _verdict(m <= ft * 1e6, f"{m / (ft * 1e6):.2f}× target"))
    timed("`tl.in_force(on=iso)`, cold (first call per day)", "in_force_cold", "bisect loop over all provisions",
          f"≤ {ft:g} ms", lambda m, _r: _verdict(m <= ft * 1e6, f"{m / (ft * 1e6):.2f}× target"))
    timed("`tl.history(pid)`, warm", "history_warm", "zip over lists", f"≤ {ht:g} µs",
          lambda m, _r: _verdict(m <= ht * 1e3, f"{m / (ht * 1e3):.2f}× target"))
    timed("`tl.history(pid)`, cold (first call)", "history_cold", "zip over lists", f"≤ {ht:g} µs",
          lambda m, _r: _verdict(m <= ht * 1e3, f"{m / (ht * 1e3):.2f}× target"))

    lt_load = [w["load_ns"] for w in res["lt_workers"]]
    js_load = [w["load_ns"] for w in res["json_workers"]]
    lt_peak = [w["peak"] for w in res["lt_workers"]]
    js_peak = [w["peak"] for w in res["json_workers"]]
    lm, jm = statistics.median(lt_load), statistics.median(js_load)
    rows.append([f"`lt.load` of the JSON corpus (wall, {len(lt_load)} fresh processes)", _time(lm),
                 _time(max(lt_load)) + " (max)", "`json.load` of the same file", _time(jm),
                 _time(max(js_load)) + " (max)", f"{lm / jm:.1f}×", f"≤ {TARGETS['load_s']:g} s",
                 _verdict(lm <= TARGETS["load_s"] * 1e9, f"{lm / (TARGETS['load_s'] * 1e9):.2f}× target")])
    pm, jpm = statistics.median(lt_peak), statistics.median(js_peak)
    limit = TARGETS["peak_gb"] * 1e9
    rows.append(["peak memory of `lt.load` (ru_maxrss, whole process)", _mem(pm), _mem(max(lt_peak)) + " (max)",
                 "`json.load` of the same file", _mem(jpm), _mem(max(js_peak)) + " (max)", f"{pm / jpm:.1f}×",
                 f"≤ {TARGETS['peak_gb']:g} GB", _verdict(pm <= limit, f"{pm / limit:.2f}× target")])
    vw = res["value_of_worker"]
    rows.append(["engine index build (first query on a fresh Timeline)", _time(vw["engine_ns"]), "",
                 "build the bisect lists",
                 _time(vw["bisect_build_ns"]), "", f"{vw['engine_ns'] / vw['bisect_build_ns']:.1f}×", "", "(info)"])
    rows.append(["peak memory after load + engine build (ru_maxrss)", _mem(vw["peak_engine"]), "",
                 "", "", "", "", "", "(info)"])
    return rows


def markdown(rows: list[list[str]]) -> str:
    head = ["measure", "lawtimeline median", "p90", "baseline", "baseline median", "baseline p90",
            "ratio (medians)", "target", "result"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provisions", type=int, default=100_000)
    parser.add_argument("--changes-per", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="10,000 provisions x 10 changes")
    parser.add_argument("--queries", type=int, default=20_000, help="random value_of queries (default 20000)")
    parser.add_argument("--history", type=int, default=2_000, help="provisions sampled for history (default 2000)")
    parser.add_argument("--rounds", type=int, default=10, help="warm passes over the queries (default 10)")
    parser.add_argument("--load-runs", type=int, default=3, help="fresh processes per loader (default 3)")
    parser.add_argument("--json-out", help="also write the raw results here (default benchmarks/out/results-*.json)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(args.worker, args.corpus, args.seed, args.queries, args.history)))
        return 0
    if args.quick:
        args.provisions, args.changes_per = 10_000, 10
    path = ensure_corpus(args.provisions, args.changes_per, args.seed)

    started = time.time()
    res: dict[str, Any] = {"lt_workers": [], "json_workers": []}
    kinds = ["value_of", "in_force", "history"]
    for n in range(max(args.load_runs, len(kinds))):
        if n < args.load_runs:
            res["json_workers"].append(spawn("json", path, args))
        w = spawn(kinds[n % len(kinds)], path, args)
        res["lt_workers"].append(w)
        for key in ("value_of_cold", "in_force_cold", "history_cold"):
            if key in w and key not in res:
                res[key] = w[key]
        if "engine_ns" in w and "value_of_worker" not in res:
            res["value_of_worker"] = w
    res.update(warm(path, args))

    rows = table(res)
    c = res["counts"]
    meta = {
        "corpus": os.path.relpath(path, os.getcwd()), "size_mb": round(os.path.getsize(path) / 1e6, 1),
        "nproc": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine(),
        "date": dt.date.today().isoformat(), "elapsed_s": round(time.time() - started),
    }
    res["meta"] = meta
    print(f"\n{c['provisions']:,} provisions, {c['changes']:,} changes ({c['all_changes']:,} with implicit ones), "
          f"{c['acts']:,} acts; corpus {meta['corpus']} ({meta['size_mb']} MB)")
    print(f"machine: nproc={meta['nproc']}, Python {meta['python']} ({meta['machine']}), {meta['date']}; "
          f"timer overhead subtracted: {res['timer_overhead_ns']} ns per call; "
          f"value_of: {args.queries:,} random queries x {args.rounds} warm rounds; "
          f"history: {min(args.history, c['provisions']):,} provisions; in_force: "
          f"{res['in_force_size']:,} provisions in force on the first day\n")
    print(markdown(rows))
    out = args.json_out or os.path.join(OUT, f"results-{args.provisions}x{args.changes_per}-seed{args.seed}.json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(res, f, indent=1)
    print(f"\nraw results: {os.path.relpath(out, os.getcwd())} (finished in {meta['elapsed_s']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
