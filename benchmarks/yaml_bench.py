"""YAML reading: lawtimeline's reader on libyaml's parser against the same reader on PyYAML's pure-Python parser,
beside PyYAML's own loaders (``yaml.CSafeLoader``, ``yaml.SafeLoader``) on the same text, in the same run.

    python benchmarks/yaml_bench.py                  # flagship, 1 MB flow list, 100,000-change corpus
    python benchmarks/yaml_bench.py --quick          # without the 100,000-change corpus

Each number is the median of ``--runs`` fresh processes (cold: a new interpreter each time, the file already in
the page cache), timing only the read of text already in memory: ``read_yaml`` (text to plain values, checked,
no positions: what ``lt.load`` does before building) and ``yaml.load``. A reader that took the pure-Python path
where libyaml exists would show the two lawtimeline columns equal. The corpus is ``generate.py --provisions 10000
--changes-per 10`` written as YAML to ``benchmarks/out/`` (made once, reused). The pure-Python columns on the
corpus run once (they take minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "benchmarks", "out")

_PURE = """
import yaml
from lawtimeline.io import _read
class _Pure(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    def __init__(self, s):
        yaml.reader.Reader.__init__(self, s); yaml.scanner.Scanner.__init__(self); yaml.parser.Parser.__init__(self)
_read._YamlParser = _Pure
"""

READERS = {
    "lawtimeline, libyaml": "from lawtimeline.io._read import read_yaml\nrun = lambda t: read_yaml(t)",
    "lawtimeline, pure Python": _PURE + "run = lambda t: _read.read_yaml(t)",
    "yaml.CSafeLoader": "import yaml\nrun = lambda t: yaml.load(t, Loader=yaml.CSafeLoader)",
    "yaml.SafeLoader": "import yaml\nrun = lambda t: yaml.load(t, Loader=yaml.SafeLoader)",
}

_TIMER = """
import gc, sys, time
{setup}
text = open(sys.argv[1], encoding="utf-8").read()
gc.disable()  # as lt.load does while reading
start = time.perf_counter()
run(text)
print(time.perf_counter() - start)
"""


def measure(reader: str, path: str) -> float:
    code = _TIMER.format(setup=READERS[reader])
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip())


def inputs(quick: bool) -> list[tuple[str, str]]:
    os.makedirs(OUT, exist_ok=True)
    flow = os.path.join(OUT, "flow-list-1mb.yaml")
    if not os.path.exists(flow):
        items = ", ".join(f"item-{i:06d}" for i in range(90_000))
        with open(flow, "w", encoding="utf-8") as f:
            f.write(f"lawtimeline: 1\ntitle: A 1 MB flow list\nacts: [{{id: a, tags: [{items}]}}]\n")
    out = [("flagship (examples/russia_migrants.yaml)", os.path.join(ROOT, "examples", "russia_migrants.yaml")),
           ("1 MB flow list", flow)]
    if not quick:
        corpus = os.path.join(OUT, "corpus-10000x10-seed1.yaml")
        if not os.path.exists(corpus):
            subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", "generate.py"), "--provisions",
                            "10000", "--changes-per", "10", "--seed", "1", "--out", corpus], check=True)
        out.append(("100,000-change corpus", corpus))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    results: dict[str, dict[str, float]] = {}
    for label, path in inputs(args.quick):
        big = os.path.getsize(path) > 5_000_000
        row = {}
        for reader in READERS:
            runs = 1 if big and ("pure" in reader.lower() or reader == "yaml.SafeLoader") else args.runs
            row[reader] = statistics.median(measure(reader, path) for _ in range(runs))
            print(f"{label}: {reader}: {row[reader]:.3f} s", file=sys.stderr, flush=True)
        results[f"{label} ({os.path.getsize(path) / 1e6:.2f} MB)"] = row
    print("| input | " + " | ".join(READERS) + " | libyaml speed-up |")
    print("|---|" + "---:|" * (len(READERS) + 1))
    for label, row in results.items():
        cells = " | ".join(_fmt(row[r]) for r in READERS)
        print(f"| {label} | {cells} | {row['lawtimeline, pure Python'] / row['lawtimeline, libyaml']:.1f}x |")
    with open(os.path.join(OUT, "yaml_bench.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)
    return 0


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


if __name__ == "__main__":
    sys.exit(main())
