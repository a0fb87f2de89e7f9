"""A deterministic synthetic corpus in the lawtimeline dataset format, for benchmarks.

    python benchmarks/generate.py --provisions 100000 --changes-per 10 --seed 1 --out benchmarks/out/corpus.json

The same arguments always give byte-identical output (one seeded ``random.Random``, no clock, no hash order).

Shape of the corpus:

- one act per 100 provisions (at least one). Each act is signed on a day between 1995 and 2024, published 0-14
  days later and enters into force either ``{after: published, days: 10}`` (60 %) or on a day 0-180 days after
  publication (40 %). The acts are numbered in order of signature.
- each provision belongs to one of the earliest third of the acts (its "code") and is amended by ``--changes-per``
  other acts that enter into force after it. Kinds: number 45 %, range 35 %, set 12 %, text 4 %, list 2 %,
  bool 2 %. 30 % of provisions carry an initial ``value`` (an implicit insert when their act enters into force);
  the others are brought in by an ``insert`` change.
- operations follow the provision's state in time: ``insert`` when it is not in force, else ``set`` (scalars), or
  ``add``/``remove``/``set`` (sets and lists), and about 5 % ``repeal`` (a later change re-inserts it).
- 10 % of changes give ``effective`` explicitly (a fifth of them retroactive, before the act was signed; the rest
  deferred up to a year after the act's entry into force) and 3 % give ``known`` explicitly.
- about 5 % of the dates written (publication, explicit entry into force, explicit ``effective``/``known``) are
  partial: a month (``2011-04``) or a day range (``[2011-04-03..2011-04-19]``). A partial publication makes the
  relative entry into force a day range too, so every change of that act has a partial effective date.
- a few sources, tags and ``depends_on`` links (always to an earlier provision, so never a cycle), and one context
  event per 1,000 provisions.
- with ``--overlap F`` (default 0), a share F of the provisions has two consecutive changes both dated by the month
  of the first one's day: their windows overlap and their order is unknown, so answers after that month may be
  unresolved (the enumeration of orders has a cost to show). The rest of the corpus is the same as without it.

The output is JSON (``.json``, one record per line) or YAML (``.yaml``/``.yml``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import sys
from typing import Any

START = dt.date(1995, 1, 1).toordinal()
SPAN = dt.date(2024, 12, 31).toordinal() - START + 1  # 30 years of days
PARTIAL_SHARE = 0.05
KIND_WEIGHTS = (("number", 45), ("range", 35), ("set", 12), ("text", 4), ("list", 2), ("bool", 2))
NUMBER_UNITS = ("RUB", "RUB", "EUR", "days", "%")
RANGE_UNITS = ("RUB", "RUB", "EUR", "months")
TAGS = tuple(f"topic-{i}" for i in range(12))
GROUNDS = tuple(f"ground {i}" for i in range(40))
STEPS = tuple(f"step {i}" for i in range(25))


def _iso(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


class _Generator:
    def __init__(self, provisions: int, changes_per: int, seed: int, overlap: float = 0.0) -> None:
        if provisions < 1:
            raise ValueError("--provisions must be at least 1")
        if changes_per < 0:
            raise ValueError("--changes-per must be 0 or more")
        self.n = provisions
        self.m = changes_per
        self.rng = random.Random(seed)
        self.seed = seed
        if not 0.0 <= overlap <= 1.0:
            raise ValueError("--overlap must be between 0 and 1")
        self.overlap = overlap
        # a separate stream, so that the corpus without overlaps is the same as before the option existed
        self.orng = random.Random(f"overlap-{seed}")

    # -- dates ----------------------------------------------------------------------------------------------------
    def written(self, ordinal: int) -> str:
        """The text of a date whose true day is ``ordinal``: exact, or (about 5 %) a month or a day range."""
        rng = self.rng
        if rng.random() >= PARTIAL_SHARE:
            return _iso(ordinal)
        if rng.random() < 0.5:
            return _iso(ordinal)[:7]
        return f"[{_iso(ordinal - rng.randint(0, 10))}..{_iso(ordinal + rng.randint(1, 20))}]"

    # -- the corpus -----------------------------------------------------------------------------------------------
    def build(self) -> dict[str, Any]:
        rng = self.rng
        n_acts = max(1, math.ceil(self.n / 100))
        sources = [
            {"id": f"src-{i:03d}", "title": f"Official gazette, series {i}", "publisher": "Synthetic Gazette",
             "url": f"https://example.org/gazette/{i}", "date": _iso(START + rng.randrange(SPAN))}
            for i in range(20)
        ]

        signed = sorted(START + rng.randrange(SPAN - 200) for _ in range(n_acts))
        acts: list[dict[str, Any]] = []
        in_force_day: list[int] = []  # true day of each act's entry into force
        published_day: list[int] = []
        for i, s in enumerate(signed):
            published = s + rng.randint(0, 14)
            events: list[dict[str, Any]] = [
                {"kind": "signed", "date": _iso(s), "by": "President"},
                {"kind": "published", "date": self.written(published)},
            ]
            if rng.random() < 0.6:
                in_force = published + 10
                events.append({"kind": "in_force", "date": {"after": "published", "days": 10}})
            else:
                in_force = published + rng.randint(0, 180)
                events.append({"kind": "in_force", "date": self.written(in_force)})
            act: dict[str, Any] = {"id": f"act-{i + 1:05d}", "title": f"Federal Law No. {i + 1}-FZ",
                                   "number": f"{i + 1}-FZ", "jurisdiction": "XX", "kind": "federal law"}
            if rng.random() < 0.5:
                act["sources"] = [f"src-{rng.randrange(20):03d}"]
            act["events"] = events
            acts.append(act)
            in_force_day.append(in_force)
            published_day.append(published)

        # Acts in order of entry into force: a provision's amending acts come after its own act.
        by_force = sorted(range(n_acts), key=lambda a: (in_force_day[a], a))
        provisions: list[dict[str, Any]] = []
        changes_by_act: list[list[dict[str, Any]]] = [[] for _ in range(n_acts)]
        codes = max(1, n_acts // 3)
        for p in range(self.n):
            pos = rng.randrange(codes)
            home = by_force[pos]
            later = by_force[pos + 1:] or [home]
            amenders = (rng.sample(later, self.m) if len(later) >= self.m
                        else [rng.choice(later) for _ in range(self.m)])
            provisions.append(self.provision(p, acts[home]["id"]))
            planned = []
            for a in amenders:
                day, change = self.dated_change(acts[a]["id"], in_force_day[a], published_day[a], signed[a])
                planned.append((day, a, change))
            planned.sort(key=lambda dac: (dac[0], dac[1]))
            if self.overlap and len(planned) >= 2 and self.orng.random() < self.overlap:
                self.overlapping(planned)
            self.assign_ops(provisions[-1], [c for _d, _a, c in planned])
            for _day, a, change in planned:
                changes_by_act[a].append(change)

        events = []
        for i in range(max(1, self.n // 1000)):
            a = rng.randrange(n_acts)
            events.append({"id": f"statement-{i + 1:04d}", "kind": "statement",
                           "title": f"Official comments on {acts[a]['number']}",
                           "date": self.written(in_force_day[a] + rng.randint(-30, 60)),
                           "related": [acts[a]["id"]], "sources": [f"src-{rng.randrange(20):03d}"]})
        return {
            "lawtimeline": 1,
            "title": f"Synthetic corpus: {self.n} provisions x {self.m} changes (seed {self.seed})",
            "description": "Generated by benchmarks/generate.py for benchmarks; not real law.",
            "sources": sources,
            "acts": acts,
            "provisions": provisions,
            "changes": [c for per_act in changes_by_act for c in per_act],
            "events": events,
        }

    def provision(self, p: int, act_id: str) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0]
        d: dict[str, Any] = {"id": f"prov-{p + 1:06d}", "title": f"Provision {p + 1}", "act": act_id,
                             "path": f"Art. {p % 500 + 1}({p % 7 + 1})", "kind": kind}
        if kind == "number":
            d["unit"] = rng.choice(NUMBER_UNITS)
        elif kind == "range":
            d["unit"] = rng.choice(RANGE_UNITS)
        if rng.random() < 0.5:
            d["tags"] = [rng.choice(TAGS)]
        if p > 0 and rng.random() < 0.01:
            d["depends_on"] = [f"prov-{rng.randrange(p) + 1:06d}"]
        if rng.random() < 0.3:
            d["value"] = self.value(kind, d.get("unit"), None)
        return d

    def dated_change(self, act_id: str, in_force: int, published: int, signed: int
                     ) -> tuple[int, dict[str, Any]]:
        """A change by ``act_id`` (op and payload filled in later) and the true day it takes effect."""
        rng = self.rng
        change: dict[str, Any] = {"act": act_id, "provision": ""}
        day = in_force
        if rng.random() < 0.10:
            # a fifth retroactive (before signature), the rest deferred
            day = signed - rng.randint(30, 365) if rng.random() < 0.2 else in_force + rng.randint(1, 365)
            change["effective"] = self.written(day)
        if rng.random() < 0.03:
            change["known"] = self.written(published + rng.randint(0, 30))
        return day, change

    def overlapping(self, planned: list[tuple[int, int, dict[str, Any]]]) -> None:
        """Two consecutive changes of the provision both dated by the month of the first one's day (an explicit
        ``effective``): their windows overlap, so their order is unknown (the enumeration's cost shows)."""
        k = self.orng.randrange(len(planned) - 1)
        month = _iso(planned[k][0])[:7]
        for n in (k, k + 1):
            _day, a, change = planned[n]
            change["effective"] = month
            planned[n] = (planned[k][0], a, change)

    def assign_ops(self, prov: dict[str, Any], changes: list[dict[str, Any]]) -> None:
        """Give each change, in order of taking effect, an op and payload that suit the provision's state."""
        rng = self.rng
        kind, unit = prov["kind"], prov.get("unit")
        current: Any = prov.get("value")
        in_force = "value" in prov
        for c in changes:
            c["provision"] = prov["id"]
            if not in_force:
                op = "insert"
            elif rng.random() < 0.05:
                op = "repeal"
            elif kind in ("set", "list"):
                op = rng.choices(("add", "remove", "set"), (40, 25, 35))[0]
                if op == "remove" and len(current) < 2:
                    op = "add"
            else:
                op = "set"
            c["op"] = op
            if op in ("insert", "set"):
                current = self.value(kind, unit, current)
                c["value"] = current
                in_force = True
            elif op == "repeal":
                current, in_force = None, False
            elif op == "add":
                vocab = GROUNDS if kind == "set" else STEPS
                fresh = [x for x in vocab if x not in current] or list(vocab)
                items = rng.sample(fresh, min(len(fresh), rng.randint(1, 2)))
                c["items"] = items
                current = current + [x for x in items if x not in current]
            else:  # remove
                items = [rng.choice(current)]
                c["items"] = items
                current = [x for x in current if x not in items]
            # keep the key order of a hand-written change: act, provision, op, value/items, dates
            for key in ("effective", "known"):
                if key in c:
                    c[key] = c.pop(key)

    def value(self, kind: str, unit: str | None, previous: Any) -> Any:
        rng = self.rng
        if kind == "number":
            if unit == "%":
                return round(rng.uniform(0, 50), 2)
            if unit == "days":
                return rng.randint(1, 365)
            return rng.randrange(1, 1000) * 100
        if kind == "range":
            lo = rng.randrange(1, 500) * 100
            return {"min": None if rng.random() < 0.15 else lo, "max": lo + rng.randrange(1, 500) * 100}
        if kind == "set":
            return sorted(rng.sample(GROUNDS, rng.randint(2, 5)))
        if kind == "list":
            return rng.sample(STEPS, rng.randint(2, 4))
        if kind == "bool":
            return not previous if isinstance(previous, bool) else rng.random() < 0.5
        return f"Rule text, version {rng.randrange(10_000)}"


def generate(provisions: int, changes_per: int, seed: int = 1, overlap: float = 0.0) -> dict[str, Any]:
    """The corpus as plain data in the dataset format; ``overlap`` is the share of provisions with two changes
    whose windows overlap."""
    return _Generator(provisions, changes_per, seed, overlap).build()


def _write_json(data: dict[str, Any], f: Any) -> None:
    """JSON with one record per line: readable, diffable, and close to a compact file in size."""
    def one(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False, separators=(", ", ": "))

    keys = list(data)
    f.write("{\n")
    for n, key in enumerate(keys):
        comma = "," if n < len(keys) - 1 else ""
        value = data[key]
        if isinstance(value, list) and value:
            f.write(f"{one(key)}: [\n")
            last = len(value) - 1
            for i, item in enumerate(value):
                f.write(one(item) + (",\n" if i < last else "\n"))
            f.write(f"]{comma}\n")
        else:
            f.write(f"{one(key)}: {one(value)}{comma}\n")
    f.write("}\n")


def write(data: dict[str, Any], out: str) -> None:
    """Write the corpus to ``out`` (``.json``, ``.yaml`` or ``.yml``), atomically."""
    lower = out.lower()
    if not lower.endswith((".json", ".yaml", ".yml")):
        raise ValueError(f"{out}: name the output *.json, *.yaml or *.yml")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    tmp = f"{out}.tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        if lower.endswith(".json"):
            _write_json(data, f)
        else:
            import yaml

            yaml.safe_dump(data, f, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)
    os.replace(tmp, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--provisions", type=int, default=100_000, help="number of provisions (default 100000)")
    parser.add_argument("--changes-per", type=int, default=10, help="changes per provision (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--overlap", type=float, default=0.0,
                        help="share of provisions with two changes in one month, order unknown (default 0)")
    parser.add_argument("--out", required=True, help="output file, *.json or *.yaml")
    args = parser.parse_args(argv)
    try:
        data = generate(args.provisions, args.changes_per, args.seed, args.overlap)
        write(data, args.out)
    except ValueError as e:
        print(f"generate.py: {e}", file=sys.stderr)
        return 2
    print(f"{args.out}: {len(data['acts'])} acts, {len(data['provisions'])} provisions, "
          f"{len(data['changes'])} changes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
