"""The official-source importers on the corpus files, beside baselines measured in the same run.

    python benchmarks/import_bench.py              # cold (a fresh process each) then warm medians
    python benchmarks/import_bench.py --rounds 9

What is measured, for each input (the 1.1 MB legislation.gov.uk feed; the German and the Kenyan Akoma Ntoso pairs;
the Laws.Africa collection):

- **cold**: the whole import (``module.load(*paths)``: safe XML or JSON parse, mapping, validation by the dataset
  builder) in a fresh Python process that has imported lawtimeline and nothing else, 3 processes, median; the
  baseline is a fresh process doing only the bare parse of the same files (lxml with the importers' safe parser
  settings, or ``json.load``);
- **warm**: the same import ``--rounds`` times in this process (median), beside the bare parse, and beside
  ``lt.load`` of the dataset the import writes (``lt.dumps`` to YAML, then read back): the import against the
  library's own format for the same data.

Targets (issue 2.3): the UK feed ≤ 1 s; each Akoma Ntoso pair ≤ 0.5 s (cold and warm). Results go to stdout as a
Markdown table; ``benchmarks/README.md`` keeps the latest one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
INPUTS: dict[str, tuple[str, list[Path], float | None]] = {
    "UK effects feed (1.1 MB)": ("legislation_gov_uk",
                                 [CORPUS / "uk-effects" / "changes-affecting-ukpga-2002-38-feed.xml"], 1.0),
    "German pair (LegalDocML.de)": ("akn", [CORPUS / "de-ldml" / "vereinsg-1964-s593-zielgesetz.xml",
                                            CORPUS / "de-ldml" / "vereinsg-aend-2017-s419-aenderungsgesetz.xml"], 0.5),
    "Kenyan pair (AKN 2.0)": ("akn", [CORPUS / "ke-akn2" / "Act_Kenya_1997-08-22_3_2003-12-19.xml",
                                      CORPUS / "ke-akn2" / "Act_Kenya_2003-12-10-short.xml"], 0.5),
    "Laws.Africa collection (31 works)": ("lawsafrica",
                                          [CORPUS / "za-lawsafrica" / "za-wc013-works-asat-2020-03-10.json"], None),
}

_COLD = """
import sys, time
paths = sys.argv[2:]
{setup}
t = time.perf_counter()
{work}
print(time.perf_counter() - t)
"""


def bare_parse(paths: list[Path]) -> None:
    from lawtimeline.interop import _xml

    for p in paths:
        if p.suffix == ".json":
            with open(p, encoding="utf-8") as f:
                json.load(f)
        else:
            _xml.parse(p)


def cold(module: str, paths: list[Path], runs: int = 3) -> tuple[float, float]:
    """Median seconds of the import and of the bare parse, each in fresh processes (imports untimed)."""
    imp = _COLD.format(setup=f"from lawtimeline.interop import {module} as m",
                       work="m.load(*paths)")
    base = _COLD.format(setup="import json\nfrom lawtimeline.interop import _xml",
                        work="[json.load(open(p, encoding='utf-8')) if p.endswith('.json') else _xml.parse(p) "
                             "for p in paths]")
    out: list[list[float]] = [[], []]
    for _ in range(runs):
        for i, code in enumerate((imp, base)):
            r = subprocess.run([sys.executable, "-c", code, "x", *map(str, paths)], capture_output=True, text=True,
                               cwd=ROOT, check=True)
            out[i].append(float(r.stdout.strip().splitlines()[-1]))
    return statistics.median(out[0]), statistics.median(out[1])


def warm(fn: Callable[[], Any], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def ms(s: float) -> str:
    return f"{s * 1000:.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    import importlib

    import lawtimeline as lt

    print("| input | import, cold | bare parse, cold | ratio | import, warm | bare parse, warm | ratio "
          "| `lt.load` of the written YAML, warm | target | result |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, (module, paths, target) in INPUTS.items():
        if not all(p.exists() for p in paths):
            print(f"| {name} | (corpus files missing) |||||||||")
            continue
        mod = importlib.import_module(f"lawtimeline.interop.{module}")
        c_imp, c_base = cold(module, paths)
        tl = mod.load(*paths)
        text = lt.dumps(tl)
        w_imp = warm(lambda: mod.load(*paths), args.rounds)  # noqa: B023
        w_base = warm(lambda: bare_parse(paths), args.rounds)  # noqa: B023
        w_own = warm(lambda: lt.loads(text), args.rounds)  # noqa: B023
        if target is None:
            verdict, tgt = "(info)", ""
        else:
            worst = max(c_imp, w_imp)
            verdict = f"{'PASS' if worst <= target else 'MISS'} ({worst / target:.2f}× target)"
            tgt = f"≤ {target:g} s"
        print(f"| {name} | {ms(c_imp)} | {ms(c_base)} | {c_imp / c_base:.1f}× | {ms(w_imp)} | {ms(w_base)} "
              f"| {w_imp / w_base:.1f}× | {ms(w_own)} | {tgt} | {verdict} |")
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs; medians of 3 fresh processes (cold) and "
          f"{args.rounds} rounds (warm).")


if __name__ == "__main__":
    main()
