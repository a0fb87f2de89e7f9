"""A long fuzzing soak of everything that reads outside input: the dataset loader (YAML and JSON), the OpenFisca
importer and the XML importers (legislation.gov.uk, Akoma Ntoso), when they are installed. Not part of CI.

    nice python benchmarks/fuzz_soak.py --minutes 10                # atheris (coverage-guided) when installed
    nice python benchmarks/fuzz_soak.py --minutes 10 --engine hypothesis

The property is the loader's promise: every input either loads or raises ``LawTimelineError`` (a located
``DatasetError`` for a dataset), within a time bound; what loads also answers ``in_force``, ``chronology``,
``to_html`` and round-trips through ``dumps``/``loads``. Inputs start from every dataset in ``examples/`` and
``tests/data/`` and are mutated by the engine (atheris: libFuzzer's coverage-guided byte mutations; hypothesis: the
structured mutations of ``tests/test_fuzz.py`` with a large budget). Each finding (any other exception, or an input
slower than ``--slow`` seconds) is written once per kind and place to ``--out`` (default ``benchmarks/out/soak``)
with its traceback; the summary at the end says how many inputs ran and what was found. The README section "Fuzz
soak" records the last run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import glob
import hashlib
import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

TARGETS = ("yaml", "json", "openfisca", "legislation_gov_uk", "akn", "lawsafrica")
IMPORTERS = TARGETS[2:]


def seeds() -> list[tuple[str, bytes]]:
    """(target, bytes) for every small dataset and importer input in the repository."""
    out: list[tuple[str, bytes]] = []
    patterns = [("yaml", "examples/*.yaml"), ("yaml", "tests/data/*.yaml"), ("yaml", "tests/data/bad/*.yaml"),
                ("json", "tests/data/bad/*.json"), ("openfisca", "tests/data/openfisca/**/*.yaml"),
                ("legislation_gov_uk", "tests/data/xml/**/*.xml"), ("akn", "tests/data/xml/**/*.xml"),
                ("legislation_gov_uk", "tests/data/legislation_gov_uk/**/*.xml"), ("akn", "tests/data/akn/**/*.xml"),
                ("lawsafrica", "tests/data/lawsafrica/*.json")]
    for target, pattern in patterns:
        for path in sorted(glob.glob(os.path.join(ROOT, pattern), recursive=True)):
            with open(path, "rb") as f:
                data = f.read()
            if len(data) < 300_000:
                out.append((target, data))
    return out


class Soak:
    def __init__(self, out: str, slow: float) -> None:
        import lawtimeline as lt

        self.lt = lt
        self.out = out
        self.slow = slow
        self.runs = dict.fromkeys(TARGETS, 0)
        self.loaded = dict.fromkeys(TARGETS, 0)
        self.findings: dict[str, str] = {}
        self.tmp = tempfile.mkdtemp(prefix="lt-soak-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
        self.importers: dict[str, Callable[[str], Any]] = {}
        for name in IMPORTERS:
            module = _importer(name)
            if module is not None:
                self.importers[name] = module.load
        os.makedirs(out, exist_ok=True)

    def one(self, target: str, data: bytes) -> None:
        """Run one input through ``target``; record it if it breaks the promise."""
        if target in IMPORTERS and target not in self.importers:
            target = "yaml"
        self.runs[target] += 1
        start = time.perf_counter()
        try:
            tl = self._load(target, data)
            if tl is not None:
                self.loaded[target] += 1
                self._use(tl)
        except self.lt.LawTimelineError:
            pass
        except Exception as e:  # every other exception is a finding
            self._finding(target, data, e)
        elapsed = time.perf_counter() - start
        if elapsed > self.slow:
            self._finding(target, data, TimeoutError(f"took {elapsed:.1f} s"))

    def _load(self, target: str, data: bytes) -> Any:
        lt = self.lt
        if target in ("yaml", "json"):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                path = os.path.join(self.tmp, f"input.{target}")
                with open(path, "wb") as f:
                    f.write(data)
                return lt.load(path)
            return lt.loads(text, target)
        if target == "openfisca":
            directory = os.path.join(self.tmp, "openfisca")
            os.makedirs(directory, exist_ok=True)
            with open(os.path.join(directory, "parameter.yaml"), "wb") as f:
                f.write(data)
            return self.importers[target](directory)
        path = os.path.join(self.tmp, "input.json" if target == "lawsafrica" else "input.xml")
        with open(path, "wb") as f:
            f.write(data)
        return self.importers[target](path)

    def _use(self, tl: Any) -> None:
        lt = self.lt
        days = [e.date.earliest for e in tl.chronology() if getattr(e.date, "earliest", None) is not None]
        for day in [*days[:3], dt.date(2025, 1, 1)]:
            tl.in_force(on=day)
        tl.to_html()
        for fmt in ("yaml", "json"):
            again = lt.loads(lt.dumps(tl, fmt), fmt)
            if again != tl:
                raise AssertionError(f"dumps/loads through {fmt} changed the timeline")

    def _finding(self, target: str, data: bytes, e: BaseException) -> None:
        tb = traceback.extract_tb(e.__traceback__)
        where = f"{tb[-1].filename}:{tb[-1].lineno}" if tb else "?"
        key = f"{target} {type(e).__name__} {where}"
        if key in self.findings:
            return
        digest = hashlib.sha1(data).hexdigest()[:12]
        path = os.path.join(self.out, f"{target}-{type(e).__name__}-{digest}.bin")
        with open(path, "wb") as f:
            f.write(data)
        with open(path + ".txt", "w", encoding="utf-8") as f:
            f.write(key + "\n\n" + "".join(traceback.format_exception(e)))
        self.findings[key] = path
        print(f"FINDING {key} -> {path}", file=sys.stderr, flush=True)

    def summary(self, engine: str, seconds: float) -> dict[str, Any]:
        return {"engine": engine, "seconds": round(seconds), "inputs": self.runs, "loaded": self.loaded,
                "importers": sorted(self.importers), "findings": self.findings}


def _importer(name: str) -> Any:
    """The importer module, wherever it lives (``lawtimeline.interop`` or the older ``lawtimeline.io``)."""
    import importlib

    for package in ("lawtimeline.interop", "lawtimeline.io"):
        try:
            module = importlib.import_module(f"{package}.{name}")
        except ImportError:
            continue
        if hasattr(module, "load"):
            return module
    return None


def run_atheris(soak_args: argparse.Namespace) -> dict[str, Any]:
    import atheris

    with atheris.instrument_imports(include=["lawtimeline"]):
        soak = Soak(soak_args.out, soak_args.slow)
    corpus = os.path.join(soak_args.out, "corpus")
    os.makedirs(corpus, exist_ok=True)
    for target, data in seeds():  # the first byte picks the target
        name = hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(corpus, f"{target}-{name}"), "wb") as f:
            f.write(bytes([TARGETS.index(target)]) + data)
    start = time.monotonic()

    seconds = int(soak_args.minutes * 60)
    argv = [sys.argv[0], corpus, f"-max_total_time={seconds}", "-timeout=30", "-rss_limit_mb=3072",
            "-max_len=200000", "-print_final_stats=1", f"-artifact_prefix={soak_args.out}{os.sep}"]

    def report(quiet: bool = False) -> None:
        summary = soak.summary("atheris", time.monotonic() - start)
        if not quiet:
            print(json.dumps(summary, indent=2))
        with open(os.path.join(soak_args.out, "summary.json"), "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=2)

    last = [start]

    def test_one(data: bytes) -> None:
        if data:
            soak.one(TARGETS[data[0] % len(TARGETS)], data[1:])
        if time.monotonic() - last[0] > 10:  # libFuzzer ends the process without atexit: keep the summary fresh
            last[0] = time.monotonic()
            report(quiet=True)

    atheris.Setup(argv, test_one)
    atheris.Fuzz()
    return {}  # pragma: no cover - atheris.Fuzz exits the process


def run_hypothesis(soak_args: argparse.Namespace) -> dict[str, Any]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from test_fuzz import SOURCES, mutants

    soak = Soak(soak_args.out, soak_args.slow)
    start = time.monotonic()
    deadline = start + soak_args.minutes * 60

    @settings(max_examples=10**9, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(SOURCES).flatmap(mutants))
    def check(case: tuple[str, str]) -> None:
        if time.monotonic() > deadline:
            raise _Done
        fmt, text = case
        soak.one(fmt, text.encode("utf-8", "surrogatepass"))

    with contextlib.suppress(_Done):
        check()
    return soak.summary("hypothesis", time.monotonic() - start)


class _Done(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    parser.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "out", "soak"))
    parser.add_argument("--slow", type=float, default=10.0, help="seconds after which an input is a finding")
    args = parser.parse_args(argv)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    summary = run_atheris(args) if engine == "atheris" else run_hypothesis(args)
    print(json.dumps(summary, indent=2))
    with open(os.path.join(args.out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    return 1 if summary["findings"] else 0


if __name__ == "__main__":
    sys.exit(main())
