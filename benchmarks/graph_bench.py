"""Dependency-graph benchmark: building ``tl.graph`` and asking ``tl.dependents``, side by side with plain networkx.

    python benchmarks/graph_bench.py                  # the 1,000,000-change corpus, about 3-4 minutes here
    python benchmarks/graph_bench.py --corpus PATH --rounds 3 --queries 2000

What is measured (medians; each row's two contenders run in the same invocation, on the same data):

- **graph build** on the corpus ``benchmarks/out/corpus-100000x10-seed1.json`` (100,000 provisions, 1,000,000
  changes; generated with ``generate.py`` when missing): ``lawtimeline.graph.build_graph(tl)`` (what ``tl.graph``
  runs once and caches: nodes with their attributes, one keyed edge per change with ``rel``/``op``/``effective``,
  ``part_of``, ``depends_on``, ``amends`` and ``concerns`` edges) against a plain ``networkx.MultiDiGraph`` built with
  ``add_edges_from`` of ``(act, provision, change id)`` for the same changes (``tl.all_changes()``, implicit ones
  included) with no attributes, plus the ``(provision, act, "part_of")`` edges. Each contender runs in its own
  fresh subprocess that loads the corpus, materialises ``tl.all_changes()`` (shared by both), then reads VmRSS,
  builds the graph once (the cold build, which is ``tl.graph`` for lawtimeline), reads VmRSS again ("extra memory"
  is the difference, the graph kept alive), then times ``--rounds`` more builds (each dropped before the next).
  RSS can under-count (the build reuses memory the load freed), so one last build runs under ``tracemalloc`` and
  the bytes it still holds are reported too.
- **dependents** on a synthetic dependency forest of 10,000 provisions (seeded trees of depth 5-8, each child
  depending on its parent), built with ``lt.Timeline.from_dict``: ``tl.dependents(pid)`` (transitive, returned as
  provisions in dataset order) against ``networkx.ancestors`` on a plain ``DiGraph`` of the same child → parent
  edges (a set of ids, no order). ``--queries`` random provisions and, apart, every tree root (the largest
  answers); the first ``tl.dependents`` call (which builds its cached dependency index) is reported apart.

Targets: build ≤ 10 s and ≤ 2 GB extra memory; ``dependents`` ≤ 5 ms. Results: ``benchmarks/GRAPH.md``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "out", "corpus-100000x10-seed1.json")
TARGETS = {"build_s": 10.0, "extra_gb": 2.0, "dependents_ms": 5.0}


def rss_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


# -- the build, one contender per fresh process -------------------------------------------------------------------


def child_build(which: str, corpus: str, rounds: int) -> dict[str, Any]:
    import networkx as nx

    import lawtimeline as lt
    from lawtimeline.graph import build_graph

    t = time.perf_counter()
    tl = lt.load(corpus)
    load_s = time.perf_counter() - t
    changes = tl.all_changes()  # shared by both contenders, so not part of either's cost

    if which == "lawtimeline":
        def build() -> Any:
            return build_graph(tl)

        def cold() -> Any:
            return tl.graph
    else:
        def build() -> Any:
            g = nx.MultiDiGraph()
            g.add_edges_from((c.act, c.provision, c.id) for c in changes)
            g.add_edges_from((p.id, p.act, "part_of") for p in tl.provisions.values())
            return g

        cold = build

    gc.collect()
    rss0 = rss_bytes()
    t = time.perf_counter()
    g = cold()
    cold_s = time.perf_counter() - t
    gc.collect()
    rss1 = rss_bytes()
    shape = (g.number_of_nodes(), g.number_of_edges())
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        h = build()
        times.append(time.perf_counter() - t)
        del h
        gc.collect()
    del g
    gc.collect()
    tracemalloc.start()  # the bytes the graph holds, counted by the allocator (RSS reuses memory freed by the load)
    g = build()
    traced = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert g.number_of_edges() == shape[1]  # the graph is alive while counted
    return {"load_s": load_s, "cold_s": cold_s, "times": times, "extra": rss1 - rss0, "rss_before": rss0,
            "traced": traced,
            "nodes": shape[0], "edges": shape[1], "changes": len(changes)}


def run_child(which: str, corpus: str, rounds: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", which, "--corpus", corpus, "--rounds", str(rounds)],
        check=True, capture_output=True, text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# -- dependents on a synthetic forest -----------------------------------------------------------------------------


def forest(n: int, seed: int) -> tuple[dict[str, Any], list[tuple[str, str]], list[str]]:
    """A dataset of ``n`` provisions in trees of depth 5-8 (child depends on parent), its edges and its roots."""
    rnd = random.Random(seed)
    provisions: list[dict[str, Any]] = []
    edges: list[tuple[str, str]] = []
    roots: list[str] = []
    while len(provisions) < n:
        depth = rnd.randint(5, 8)
        root = f"p{len(provisions)}"
        roots.append(root)
        provisions.append({"id": root, "title": root, "act": "a", "kind": "text", "value": "x"})
        level = [root]
        for _ in range(depth - 1):
            nxt = []
            for parent in level:
                for _ in range(rnd.choice((1, 1, 2, 2, 3))):
                    if len(provisions) >= n:
                        break
                    pid = f"p{len(provisions)}"
                    provisions.append({"id": pid, "title": pid, "act": "a", "kind": "text", "value": "x",
                                       "depends_on": [parent]})
                    edges.append((pid, parent))
                    nxt.append(pid)
            level = nxt
            if not level:
                break
    data = {"lawtimeline": 1, "acts": [{"id": "a", "title": "A", "events": [{"kind": "in_force",
                                                                            "date": "2000-01-01"}]}],
            "provisions": provisions}
    return data, edges, roots


def bench_dependents(n: int, queries: int, rounds: int, seed: int) -> dict[str, Any]:
    import networkx as nx

    import lawtimeline as lt

    data, edges, roots = forest(n, seed)
    tl = lt.Timeline.from_dict(data)
    plain = nx.DiGraph()
    plain.add_nodes_from(p["id"] for p in data["provisions"])
    plain.add_edges_from(edges)
    rnd = random.Random(seed + 1)
    sample = [rnd.choice(data["provisions"])["id"] for _ in range(queries)]

    t = time.perf_counter()
    tl.dependents(sample[0])
    first_ms = (time.perf_counter() - t) * 1e3

    # same answers (as sets) before timing anything
    for pid in sample[:200] + roots[:200]:
        assert {p.id for p in tl.dependents(pid)} == nx.ancestors(plain, pid), pid

    def per_call(f: Any, ids: list[str]) -> float:
        t = time.perf_counter()
        for pid in ids:
            f(pid)
        return (time.perf_counter() - t) / len(ids) * 1e3

    res: dict[str, list[float]] = {"lt_random": [], "nx_random": [], "lt_roots": [], "nx_roots": []}
    for r in range(rounds):
        pairs = [("lt", tl.dependents), ("nx", lambda pid: nx.ancestors(plain, pid))]
        for name, f in pairs if r % 2 == 0 else pairs[::-1]:
            res[f"{name}_random"].append(per_call(f, sample))
            res[f"{name}_roots"].append(per_call(f, roots))
    sizes = [len(nx.ancestors(plain, r)) for r in roots]
    return {"first_ms": first_ms, "n": n, "edges": len(edges), "trees": len(roots),
            "largest": max(sizes), "mean_root": statistics.mean(sizes),
            **{k: statistics.median(v) for k, v in res.items()}}


# -- report -------------------------------------------------------------------------------------------------------


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "MISS"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=CORPUS)
    ap.add_argument("--rounds", type=int, default=3, help="timed builds after the cold one (per contender)")
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--dep-rounds", type=int, default=7)
    ap.add_argument("--forest", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--child", choices=["lawtimeline", "plain"], help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        print(json.dumps(child_build(args.child, args.corpus, args.rounds)))
        return

    if not os.path.exists(args.corpus):
        print(f"generating {args.corpus} …", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--provisions", "100000",
                        "--changes-per", "10", "--seed", "1", "--out", args.corpus], check=True)

    load_before = os.getloadavg()
    dep = bench_dependents(args.forest, args.queries, args.dep_rounds, args.seed)
    lt_b = run_child("lawtimeline", args.corpus, args.rounds)
    nx_b = run_child("plain", args.corpus, args.rounds)
    load_after = os.getloadavg()

    lt_med = statistics.median([lt_b["cold_s"], *lt_b["times"]])
    nx_med = statistics.median([nx_b["cold_s"], *nx_b["times"]])
    gb = 1024**3
    rows = [
        ("build the graph (median of cold + warm builds, s)", f"{lt_med:.2f}", f"{nx_med:.2f}",
         f"{lt_med / nx_med:.1f}×", "≤ 10 s", verdict(lt_med, TARGETS["build_s"])),
        ("  cold build = first `tl.graph` (s)", f"{lt_b['cold_s']:.2f}", f"{nx_b['cold_s']:.2f}",
         f"{lt_b['cold_s'] / nx_b['cold_s']:.1f}×", "", ""),
        ("extra RSS holding the graph (GB)", f"{lt_b['extra'] / gb:.2f}", f"{nx_b['extra'] / gb:.2f}",
         f"{lt_b['extra'] / nx_b['extra']:.1f}×", "≤ 2 GB", verdict(lt_b["extra"] / gb, TARGETS["extra_gb"])),
        ("  bytes the graph holds (tracemalloc, GB)", f"{lt_b['traced'] / gb:.2f}", f"{nx_b['traced'] / gb:.2f}",
         f"{lt_b['traced'] / nx_b['traced']:.1f}×", "≤ 2 GB", verdict(lt_b["traced"] / gb, TARGETS["extra_gb"])),
        ("`dependents`, random provision (ms/call)", f"{dep['lt_random']:.4f}", f"{dep['nx_random']:.4f}",
         f"{dep['lt_random'] / dep['nx_random']:.1f}×", "≤ 5 ms", verdict(dep["lt_random"], TARGETS["dependents_ms"])),
        ("`dependents`, tree roots (ms/call)", f"{dep['lt_roots']:.4f}", f"{dep['nx_roots']:.4f}",
         f"{dep['lt_roots'] / dep['nx_roots']:.1f}×", "≤ 5 ms", verdict(dep["lt_roots"], TARGETS["dependents_ms"])),
        ("  first `dependents` call (builds its index, ms)", f"{dep['first_ms']:.1f}", "", "", "", ""),
    ]
    print(f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs; "
          f"load average before/after {load_before[0]:.2f}/{load_after[0]:.2f}")
    print(f"Corpus: {os.path.basename(args.corpus)}: {lt_b['changes']:,} changes (implicit included); lawtimeline "
          f"graph {lt_b['nodes']:,} nodes / {lt_b['edges']:,} edges, plain {nx_b['nodes']:,} / {nx_b['edges']:,}; "
          f"corpus load {lt_b['load_s']:.1f} s / {nx_b['load_s']:.1f} s; RSS before the build "
          f"{lt_b['rss_before'] / gb:.2f} / {nx_b['rss_before'] / gb:.2f} GB")
    print(f"Build times (s): lawtimeline cold {lt_b['cold_s']:.2f}, warm {[round(x, 2) for x in lt_b['times']]}; "
          f"plain cold {nx_b['cold_s']:.2f}, warm {[round(x, 2) for x in nx_b['times']]}")
    print(f"Forest: {dep['n']:,} provisions, {dep['edges']:,} depends_on edges, {dep['trees']} trees, largest "
          f"{dep['largest']} dependents of a root, mean {dep['mean_root']:.0f}; {args.queries} random queries, "
          f"median of {args.dep_rounds} rounds")
    print()
    print("| measure | lawtimeline | plain networkx | ratio | target | verdict |")
    print("|---|---:|---:|---:|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
