"""Profile one phase of the benchmark with cProfile and print where the time goes.

    python benchmarks/profile_phase.py load                 # lt.load of the 100,000 x 10 corpus
    python benchmarks/profile_phase.py value_of-cold --quick

Phases: ``load``, ``engine`` (the index build on the first query), ``value_of-cold``, ``value_of-warm``,
``in_force-cold``, ``in_force-warm``, ``history-cold``. The workload (corpus, queries, days, provisions) is the one
``run.py`` measures. cProfile adds a fixed cost to every Python call, so it inflates code made of many small calls:
read the shares as "where", and take the absolute times from ``run.py``. ``--pyinstrument`` samples the stack
instead (much lower overhead; needs ``pip install pyinstrument``). ``--no-gc`` disables the cyclic garbage collector
for the profiled phase, to separate its cost (which is otherwise charged to whichever function allocates).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
from typing import Any

import run

PHASES = ("load", "engine", "value_of-cold", "value_of-warm", "in_force-cold", "in_force-warm", "history-cold")


def _where(func: tuple[str, int, str]) -> str:
    file, line, name = func
    if file == "~":
        return name
    for marker in ("/lawtimeline/", "/site-packages/", "/lib/python3"):
        if marker in file:
            file = file.split(marker, 1)[1]
            if marker == "/lawtimeline/":
                file = "lawtimeline/" + file
            break
    return f"{file}:{line}({name})"


def report(prof: cProfile.Profile, top: int) -> None:
    st = pstats.Stats(prof)
    raw: dict[Any, Any] = st.stats  # type: ignore[attr-defined]
    total = sum(tt for _cc, _nc, tt, _ct, _callers in raw.values())
    print(f"total {total:.3f} s (profiled)\n")
    print("self time (tottime), top functions:")
    print(f"{'share':>6} {'self s':>8} {'cum s':>8} {'calls':>10}  function")
    for func, (_cc, nc, tt, ct, _callers) in sorted(raw.items(), key=lambda kv: -kv[1][2])[:top]:
        print(f"{tt / total:6.1%} {tt:8.3f} {ct:8.3f} {nc:>10}  {_where(func)}")
    print("\ncumulative time, lawtimeline functions:")
    print(f"{'share':>6} {'cum s':>8} {'self s':>8} {'calls':>10}  function")
    ours = [(f, v) for f, v in raw.items() if "/lawtimeline/" in f[0]]
    for func, (_cc, nc, tt, ct, _callers) in sorted(ours, key=lambda kv: -kv[1][3])[:top]:
        print(f"{ct / total:6.1%} {ct:8.3f} {tt:8.3f} {nc:>10}  {_where(func)}")


class _CProfile:
    def __init__(self, no_gc: bool) -> None:
        self.profile = cProfile.Profile()
        self.no_gc = no_gc

    def enable(self) -> None:
        if self.no_gc:
            gc.disable()
        self.profile.enable()

    def disable(self) -> None:
        self.profile.disable()
        gc.enable()


class _Sampler:
    def __init__(self, profiler: Any, no_gc: bool) -> None:
        self.profiler = profiler
        self.no_gc = no_gc

    def enable(self) -> None:
        if self.no_gc:
            gc.disable()
        self.profiler.start()

    def disable(self) -> None:
        self.profiler.stop()
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("phase", choices=PHASES)
    parser.add_argument("--provisions", type=int, default=100_000)
    parser.add_argument("--changes-per", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="10,000 provisions x 10 changes")
    parser.add_argument("--queries", type=int, default=20_000)
    parser.add_argument("--history", type=int, default=2_000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--dump", help="also save the raw cProfile data here (for snakeviz, pstats)")
    parser.add_argument("--pyinstrument", action="store_true", help="sample with pyinstrument instead of cProfile")
    parser.add_argument("--no-gc", action="store_true", help="disable the cyclic GC during the profiled phase")
    args = parser.parse_args(argv)
    if args.quick:
        args.provisions, args.changes_per = 10_000, 10
    path = run.ensure_corpus(args.provisions, args.changes_per, args.seed)

    import lawtimeline as lt

    prof: Any
    if args.pyinstrument:
        from pyinstrument import Profiler

        prof = _Sampler(Profiler(interval=0.0005), args.no_gc)
    else:
        prof = _CProfile(args.no_gc)
    if args.phase == "load":
        prof.enable()
        lt.load(path)
        prof.disable()
    else:
        tl = lt.load(path)
        pids = list(tl.provisions)
        if args.phase == "engine":
            prof.enable()
            tl.value_of(pids[0], on="1989-12-31")
            prof.disable()
        else:
            tl.value_of(pids[0], on="1989-12-31")
        if args.phase.startswith("value_of"):
            qs = run.queries(pids, args.queries, args.seed)
            if args.phase.endswith("warm"):
                for p, d in qs:
                    tl.value_of(p, on=d)
            prof.enable()
            for p, d in qs:
                tl.value_of(p, on=d)
            prof.disable()
        elif args.phase.startswith("in_force"):
            days = run.snapshot_days(args.seed)
            if args.phase.endswith("warm"):
                for day in days:
                    tl.in_force(on=day)
            prof.enable()
            for day in days:
                tl.in_force(on=day)
            prof.disable()
        elif args.phase == "history-cold":
            hp = run.history_pids(pids, args.history, args.seed)
            prof.enable()
            for p in hp:
                tl.history(p)
            prof.disable()
    print(f"phase {args.phase}, corpus {path}{', cyclic GC off' if args.no_gc else ''}")
    if args.pyinstrument:
        print(prof.profiler.output_text(unicode=True, color=False))
    else:
        report(prof.profile, args.top)
        if args.dump:
            prof.profile.dump_stats(args.dump)
    return 0


if __name__ == "__main__":
    sys.exit(main())
