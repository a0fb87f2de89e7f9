"""lawtimeline against OpenFisca on openfisca-france's parameter tree, side by side in one run.

    pip install --no-deps openfisca-france  # only its parameters directory is read (the package is not imported)
    python benchmarks/openfisca_bench.py    # about three minutes; --profile adds the cProfile tables anyway
    python benchmarks/openfisca_bench.py --parameters DIR --rounds 5 --queries 100000

What is measured (medians; every row of a table is measured in the same process, on the same inputs):

- **import** of the whole directory: ``lt.io.openfisca.load(dir)`` against openfisca-core's
  ``ParameterNode("", directory_path=dir)`` and against a bare PyYAML read of every ``.yaml``/``.yml`` file with
  ``yaml.CSafeLoader`` (no parameter logic at all). The three run in turn, ``--rounds`` times, the order rotating
  each round; the files are read once, untimed, first, so all three read from the page cache.
- **value_of** of a random parameter on a random day (ISO strings, uniform over 1950–2030): ``tl.value_of(name,
  day)`` against ``Parameter.get_at_instant(day)`` (the Parameter object looked up beforehand, which favours
  OpenFisca) and a bare ``bisect_right`` over two plain lists per parameter (ISO start days and values, in a dict by
  name). Each contender answers the same ``--queries`` queries in a plain loop, ``--rounds`` times, the order
  rotating each round; the table gives the median time per call. lawtimeline caches answers per (provision,
  segment between change days): its first pass over the queries fills that cache and is reported apart; "nothing
  cached" asks each provision once on a fresh Timeline with every cache emptied before each round.
- **in_force** of every parameter on one day: ``tl.in_force(day)`` against ``ParameterNode.get_at_instant(day)``
  (the whole tree at an instant, scales built as tax-scale objects; ``tax_benefit_system.parameters(day)`` is the
  same call behind a per-instant cache, and openfisca-france's TaxBenefitSystem is not imported here) and a bare
  bisect over every parameter. On ``--days`` different days; lawtimeline is timed with its answer caches emptied
  before each day ("uncached", the headline) and again on the same day ("cached").
- **agreement**: for every parameter, on each of its change days, the day before and the day after, and on
  ``--agree-days`` random days, ``v.value if v.in_force else None`` against ``get_at_instant(day)`` — same value
  and same type (an OpenFisca list is a lawtimeline tuple). Disagreements are listed.

For each missed target the measured lawtimeline call (import, value_of, in_force) is profiled with cProfile and
the modules and functions that take the time are listed with their shares. Results: ``benchmarks/OPENFISCA.md``.
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import datetime as dt
import gc
import importlib.metadata as md
import importlib.util
import math
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import yaml

import lawtimeline as lt
import lawtimeline.engine
from lawtimeline.io import openfisca as lof

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # openfisca-core warns about optional dependencies on import
    from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale

TARGETS = {"import": 1.2, "value_of": 4.0, "in_force": 4.0}  # import: at most 1.2x the bare read; others: speed-ups
FIRST_DAY = dt.date(1950, 1, 1).toordinal()
LAST_DAY = dt.date(2030, 12, 31).toordinal()


# -- inputs -------------------------------------------------------------------------------------------------------


def france_parameters() -> str:
    """openfisca-france's parameters directory, found without importing the package."""
    spec = importlib.util.find_spec("openfisca_france")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("openfisca-france is not installed: pip install openfisca-france (or give --parameters DIR)")
    return os.path.join(next(iter(spec.submodule_search_locations)), "parameters")


def yaml_files(directory: str) -> list[str]:
    out = []
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        out.extend(os.path.join(root, f) for f in sorted(files) if f.endswith((".yaml", ".yml")))
    return out


def bare_read(files: list[str]) -> int:
    """Read every file with PyYAML's C safe loader: the floor for any importer written in Python."""
    loader = yaml.CSafeLoader
    n = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            if yaml.load(f, Loader=loader) is not None:
                n += 1
    return n


def openfisca_parameters(node: Any) -> Iterator[Parameter]:
    """Every Parameter under ``node``, scale brackets' fields included."""
    for child in node.children.values():
        if isinstance(child, Parameter):
            yield child
        elif isinstance(child, ParameterScale):
            for bracket in child.brackets:
                yield from openfisca_parameters(bracket)
        else:
            yield from openfisca_parameters(child)


def iso(instant: str) -> str:
    parts = instant.split("-")
    return "-".join([*parts, "01", "01"][:3])


def bisect_index(params: dict[str, Parameter]) -> dict[str, tuple[list[str], list[Any]]]:
    """The bare baseline's data: per parameter, its ISO start days (ascending) and the value from each."""
    index = {}
    for name, p in params.items():
        pairs = sorted((iso(v.instant_str), v.value) for v in reversed(p.values_list))
        index[name] = ([d for d, _ in pairs], [v for _, v in pairs])
    return index


def bisect_value(index: dict[str, tuple[list[str], list[Any]]], name: str, day: str) -> Any:
    starts, values = index[name]
    i = bisect.bisect_right(starts, day)
    return values[i - 1] if i else None


def bisect_in_force(index: dict[str, tuple[list[str], list[Any]]], day: str) -> dict[str, Any]:
    out = {}
    bisect_right = bisect.bisect_right
    for name, (starts, values) in index.items():
        i = bisect_right(starts, day)
        if i and values[i - 1] is not None:
            out[name] = values[i - 1]
    return out


def random_day(rng: random.Random) -> str:
    return dt.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY)).isoformat()


def empty_caches(tl: lt.Timeline) -> None:
    """Forget every answer lawtimeline has cached on top of its index (as-of outcomes, histories, caveat words;
    the index itself, built with the engine, stays): a benchmark-only reach inside."""
    for plan in tl._engine().plans.values():
        for cache in (plan.cache, plan.versions, plan.words):
            if cache:
                cache.clear()
    lawtimeline.engine._DAYS.clear()


# -- measuring ----------------------------------------------------------------------------------------------------


def rounds(runs: dict[str, Callable[[], Any]], n: int) -> dict[str, list[float]]:
    """Run each callable ``n`` times, in an order that rotates every round; seconds per run."""
    keys = list(runs)
    out: dict[str, list[float]] = {k: [] for k in keys}
    for r in range(n):
        for j in range(len(keys)):
            k = keys[(r + j) % len(keys)]
            out[k].append(seconds(runs[k])[0])
    return out


def median(xs: list[float]) -> float:
    return float(statistics.median(xs))


def seconds(f: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    t0 = time.perf_counter()
    result = f()
    return time.perf_counter() - t0, result


# -- the benchmark ------------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=os.path.dirname(os.path.abspath(__file__)), check=False).stdout.strip()
    except OSError:
        commit = "?"
    return {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "machine": f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": ", ".join(f"{p} {md.version(p)}" for p in
                              ("lawtimeline", "OpenFisca-Core", "OpenFisca-France", "PyYAML")),
        "libyaml": str(yaml.__with_libyaml__),
        "commit": commit or "?",
        "load average at start (1, 5, 15 min)": ", ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parameters", help="an OpenFisca parameters directory (default: openfisca-france's)")
    ap.add_argument("--rounds", type=int, default=5, help="import rounds (default 5)")
    ap.add_argument("--queries", type=int, default=100_000, help="random value_of queries (default 100,000)")
    ap.add_argument("--days", type=int, default=11, help="in_force days (default 11)")
    ap.add_argument("--agree-days", type=int, default=24, help="random days in the agreement check (default 24)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", action="store_true", help="profile the import even if the targets are met")
    args = ap.parse_args()
    directory = args.parameters or france_parameters()
    info = machine()
    print(f"# lawtimeline vs OpenFisca on {directory}\n")
    for k, v in info.items():
        print(f"- {k}: {v}")
    files = yaml_files(directory)
    print(f"- tree: {len(files)} YAML files")

    # -- import ----------------------------------------------------------------------------------------------------
    bare_read(files)  # warm the page cache, untimed
    contenders: dict[str, Callable[[], Any]] = {
        "bare PyYAML read (CSafeLoader)": lambda: bare_read(files),
        "openfisca-core ParameterNode": lambda: ParameterNode("", directory_path=directory),
        "lt.io.openfisca.load": lambda: lof.load(directory),
    }
    names = list(contenders)
    times: dict[str, list[float]] = {n: [] for n in names}
    phases: dict[str, list[float]] = {"read_tree (walk + YAML)": [], "to_dataset (all)": [],
                                      "Timeline.from_dict": []}
    for r in range(args.rounds):
        for j in range(len(names)):
            name = names[(r + j) % len(names)]
            t, result = seconds(contenders[name])
            times[name].append(t)
            del result  # nothing loaded stays alive into the next timed call (it would slow the collector)
        t, _ = seconds(lambda: sum(1 for _ in lof.read_tree(directory)))
        phases["read_tree (walk + YAML)"].append(t)
        t, data = seconds(lambda: lof.to_dataset(directory))
        phases["to_dataset (all)"].append(t)
        t, _ = seconds(lambda data=data: lt.Timeline.from_dict(data))
        phases["Timeline.from_dict"].append(t)
        del data, _
    tl = lof.load(directory)
    node = ParameterNode("", directory_path=directory)
    bare = median(times[names[0]])
    print(f"\n## Import of the whole tree ({args.rounds} rounds, order rotating; seconds)\n")
    print("| | median | min | max | ÷ bare read (medians) | ÷ bare read (median of per-round ratios) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in names:
        ts = times[name]
        per_round = median([t / b for t, b in zip(ts, times[names[0]], strict=True)])
        print(f"| {name} | {median(ts):.3f} | {min(ts):.3f} | {max(ts):.3f} | {median(ts) / bare:.2f}× | "
              f"{per_round:.2f}× |")
    for name, ts in phases.items():
        print(f"| &nbsp;&nbsp;lawtimeline phase: {name} | {median(ts):.3f} | {min(ts):.3f} | {max(ts):.3f} | "
              f"{median(ts) / bare:.2f}× | |")
    import_ratio = median(times["lt.io.openfisca.load"]) / bare
    print(f"\n{len(tl.provisions)} provisions, {len(tl.changes)} changes, {len(tl.sources)} sources.")

    params = {p.name: p for p in openfisca_parameters(node)}
    index = bisect_index(params)
    names_ = sorted(params)
    assert set(names_) == set(tl.provisions), "the two trees do not have the same parameters"

    # -- value_of --------------------------------------------------------------------------------------------------
    rng = random.Random(f"value_of-{args.seed}")
    qs = [(rng.choice(names_), random_day(rng)) for _ in range(args.queries)]
    oq = [(params[n], d) for n, d in qs]

    def lt_batch(t: lt.Timeline, queries: list[tuple[str, str]]) -> None:
        value_of = t.value_of
        for n, d in queries:
            value_of(n, d)

    def of_batch(queries: list[tuple[Parameter, str]]) -> None:
        for p, d in queries:
            p.get_at_instant(d)

    def bare_batch(queries: list[tuple[str, str]]) -> None:
        for n, d in queries:
            bisect_value(index, n, d)

    tl.value_of(names_[0], "2000-01-01")  # build the engine (its cost is in the in_force section)
    empty_caches(tl)
    first, _ = seconds(lambda: lt_batch(tl, qs))  # the first pass fills lawtimeline's answer caches
    runs: dict[str, Callable[[], Any]] = {"lt": lambda: lt_batch(tl, qs), "of": lambda: of_batch(oq),
                                          "bare": lambda: bare_batch(qs)}
    warm = rounds(runs, args.rounds)
    fresh = lof.Timeline.from_dict(lof.to_dataset(directory))
    fresh.value_of(names_[0], "1900-01-01")  # build the engine
    cold_q = [(n, random_day(rng)) for n in names_]
    rng.shuffle(cold_q)
    cold_oq = [(params[n], d) for n, d in cold_q]

    def lt_cold() -> None:
        empty_caches(fresh)  # untimed below: the time of emptying is measured and taken off
        lt_batch(fresh, cold_q)

    t_empty = median([seconds(lambda: empty_caches(fresh))[0] for _ in range(3)])
    cold = rounds({"lt": lt_cold, "of": lambda: of_batch(cold_oq), "bare": lambda: bare_batch(cold_q)},
                  args.rounds)
    cold["lt"] = [max(0.0, t - t_empty) for t in cold["lt"]]
    print(f"\n## value_of: one parameter on one day (ISO strings; ns per call; batches of {len(qs):,} random "
          f"queries, {args.rounds} rounds)\n")
    print("| | lawtimeline | OpenFisca get_at_instant | bare bisect | OpenFisca ÷ lawtimeline |")
    print("|---|---:|---:|---:|---:|")
    per = 1e9 / len(qs)
    for label, r_, n_ in (("answers cached (headline)", warm, len(qs)),
                          (f"nothing cached ({len(cold_q):,} queries, each provision once)", cold, len(cold_q))):
        ours, theirs_, bare_ = (median(r_[k]) * 1e9 / n_ for k in ("lt", "of", "bare"))
        print(f"| {label} | {ours:,.0f} | {theirs_:,.0f} | {bare_:,.0f} | {theirs_ / ours:.1f}× |")
    print(f"| lawtimeline first pass (caches filling as it goes) | {first * per:,.0f} | | | "
          f"{median(warm['of']) / first:.1f}× |")
    value_ratio = median(warm["of"]) / median(warm["lt"])

    # -- in_force --------------------------------------------------------------------------------------------------
    rng = random.Random(f"in_force-{args.seed}")
    days = [dt.date.fromordinal(rng.randint(dt.date(1990, 1, 1).toordinal(), dt.date(2025, 12, 31).toordinal()))
            .isoformat() for _ in range(args.days)]
    unbuilt = lof.Timeline.from_dict(lof.to_dataset(directory))
    t_engine, _ = seconds(unbuilt._engine)
    del unbuilt
    uncached, cached, theirs, bare_if = [], [], [], []
    for i, day in enumerate(days):
        empty_caches(tl)
        order = ["lt", "of", "bare"]
        order = order[i % 3:] + order[:i % 3]
        for who in order:
            if who == "lt":
                t, _ = seconds(lambda day=day: tl.in_force(day))
                uncached.append(t)
                t, _ = seconds(lambda day=day: tl.in_force(day))
                cached.append(t)
            elif who == "of":
                t, _ = seconds(lambda day=day: node.get_at_instant(day))
                theirs.append(t)
            else:
                t, _ = seconds(lambda day=day: bisect_in_force(index, day))
                bare_if.append(t)
    print(f"\n## in_force: every parameter on one day ({len(days)} days; ms per call)\n")
    print("| | median | min | max |")
    print("|---|---:|---:|---:|")
    for label, ts in (("lawtimeline tl.in_force(day), answers uncached (headline)", uncached),
                      ("lawtimeline tl.in_force(day), same day again (cached)", cached),
                      ("OpenFisca ParameterNode.get_at_instant(day)", theirs),
                      ("bare bisect over every parameter", bare_if)):
        print(f"| {label} | {median(ts) * 1e3:.1f} | {min(ts) * 1e3:.1f} | {max(ts) * 1e3:.1f} |")
    print(f"| lawtimeline engine build (once per Timeline, on its first query) | {t_engine * 1e3:.0f} (one run) | | |")
    in_force_ratio = median(theirs) / median(uncached)
    per_day = median([o / u for o, u in zip(theirs, uncached, strict=True)])
    print(f"\nOpenFisca ÷ lawtimeline, uncached: {in_force_ratio:.2f}× (median of per-day ratios {per_day:.2f}×); "
          f"cached: {median(theirs) / median(cached):.1f}×")

    # -- agreement -------------------------------------------------------------------------------------------------
    rng = random.Random(f"agree-{args.seed}")
    common = sorted({random_day(rng) for _ in range(args.agree_days)})
    agree = 0
    disagree: list[str] = []
    for name in names_:
        p = params[name]
        grid = set(common)
        for v in p.values_list:
            d = dt.date.fromisoformat(iso(v.instant_str))
            grid.update(x.isoformat() for x in (d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)))
        for day in sorted(grid):
            a = tl.value_of(name, day)
            ours = a.value if a.in_force else None
            theirs_ = p.get_at_instant(day)
            if same(ours, theirs_):
                agree += 1
            else:
                disagree.append(f"{name} on {day}: lawtimeline {ours!r} ({a.status}), OpenFisca {theirs_!r}")
    snapshot_agree = 0
    for day in days:
        ours_map = {k: v.value for k, v in tl.in_force(day).items()}
        theirs_map = {n: v for n, p in params.items() if (v := p.get_at_instant(day)) is not None}
        snapshot_agree += ours_map.keys() == theirs_map.keys() and all(
            same(ours_map[k], theirs_map[k]) for k in theirs_map)
    print(f"\n## Agreement with OpenFisca\n\n{agree:,} answers agree, {len(disagree):,} disagree "
          f"({len(names_):,} parameters × their change days ±1 and {len(common)} random days); "
          f"in_force snapshots identical to OpenFisca's on {snapshot_agree} of {len(days)} days.")
    for line in disagree[:20]:
        print(f"- {line}")

    # -- targets and profile ---------------------------------------------------------------------------------------
    print("\n## Targets\n")
    print("| | measured | target | |")
    print("|---|---:|---:|---|")
    results = (("import ÷ bare read", import_ratio, TARGETS["import"], import_ratio <= TARGETS["import"]),
               ("value_of speed-up over OpenFisca", value_ratio, TARGETS["value_of"],
                value_ratio >= TARGETS["value_of"]),
               ("in_force speed-up over OpenFisca", in_force_ratio, TARGETS["in_force"],
                in_force_ratio >= TARGETS["in_force"]))
    for label, got, want, ok in results:
        sign = "≤" if label.startswith("import") else "≥"
        print(f"| {label} | {got:.2f}× | {sign} {want}× | {'met' if ok else 'MISSED'} |")
    print(f"\nLoad average at the end (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.profile or import_ratio > TARGETS["import"]:
        print_profile("lt.io.openfisca.load(dir)", lambda: lof.load(directory))
    if args.profile or value_ratio < TARGETS["value_of"]:
        lt_batch(tl, qs)  # the in_force section emptied the caches: fill them again, untimed
        print_profile(f"{len(qs):,} value_of calls (second pass)", lambda: [tl.value_of(n, d) for n, d in qs])

    def in_force_uncached() -> None:
        for day in days:
            empty_caches(tl)
            tl.in_force(day)

    if args.profile or in_force_ratio < TARGETS["in_force"]:
        print_profile(f"tl.in_force on {len(days)} days, answers uncached", in_force_uncached)


def same(ours: Any, theirs: Any) -> bool:
    if isinstance(theirs, list):
        return type(ours) is tuple and len(ours) == len(theirs) and all(map(same, ours, theirs))
    if type(ours) is not type(theirs):
        return False
    if isinstance(theirs, float) and math.isnan(theirs):
        return math.isnan(ours)
    return bool(ours == theirs)


def print_profile(what: str, run: Callable[[], Any]) -> None:
    """Where lawtimeline spends the time of ``run()``: own time grouped by module, then the top functions."""
    prof = cProfile.Profile()
    prof.enable()
    run()
    prof.disable()
    st = pstats.Stats(prof)
    stats: dict[Any, Any] = st.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.values())
    by_module: dict[str, float] = {}
    rows = []
    for (file, line, func), (_cc, _nc, tt, ct, _callers) in stats.items():
        where = file.split("site-packages/")[-1]
        if "lawtimeline/" in file:
            where = "lawtimeline/" + file.split("lawtimeline/", 1)[1]
        module = where if "lawtimeline/" in where else ("PyYAML (Python side)" if where.startswith("yaml/") else
                                                       "built-ins and C code (libyaml parser included)"
                                                       if file == "~" else where)
        by_module[module] = by_module.get(module, 0.0) + tt
        rows.append((tt, ct, f"{where}:{line}({func})" if file != "~" else func))
    print(f"\n## Profile: {what} (cProfile; {total:.2f} s under the profiler)\n")
    print("| module | own time | share |")
    print("|---|---:|---:|")
    for module, tt in sorted(by_module.items(), key=lambda kv: -kv[1])[:8]:
        print(f"| {module} | {tt:.3f} s | {tt / total:.0%} |")
    print("\n| function | own time | share | with callees |")
    print("|---|---:|---:|---:|")
    for tt, ct, name in sorted(rows, reverse=True)[:15]:
        print(f"| `{name}` | {tt:.3f} s | {tt / total:.0%} | {ct:.3f} s |")


if __name__ == "__main__":
    main()
