"""The dependency graph (DESIGN §8, §12 rules 12-13): its shape, its queries, its export, the dependency-aware
warnings of ``check()`` and the dependency view of a snapshot."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import lawtimeline as lt
from lawtimeline.cli import cli

EXAMPLE = Path(__file__).parent.parent / "examples" / "russia_migrants.yaml"

GROUNDS = "ru-citizenship-revocation-grounds"
NATURALIZED = "ru-naturalized-registration-duty"
MILITARY = "ru-military-registration-duty"
ENACTED = f"{GROUNDS}@enacted"
ADD_281 = f"ru-fz-281-2024/{GROUNDS}/1"
ADD_2025 = f"ru-law-2025-07-31/{GROUNDS}/1"


@pytest.fixture(scope="module")
def tl() -> lt.Timeline:
    return lt.load(EXAMPLE)


def ids(objects: tuple[object, ...]) -> list[str]:
    return [o.id for o in objects]  # type: ignore[attr-defined]


# -- graph queries on the flagship --------------------------------------------------------------------------------


def test_affected_by_the_july_2025_law_is_only_the_revocation_grounds(tl: lt.Timeline) -> None:
    """The law signed 31 July 2025 changes exactly one provision: the grounds for revocation."""
    assert ids(tl.affected_by("ru-law-2025-07-31")) == [GROUNDS]


def test_affected_by_includes_provisions_an_act_inserts_itself_in_dataset_order(tl: lt.Timeline) -> None:
    """281-FZ inserts its own two provisions (implicit enactments) and adds to 138-FZ's grounds: dataset order."""
    assert ids(tl.affected_by("ru-fz-281-2024")) == [
        NATURALIZED, "ru-interior-ministry-naturalization-data", GROUNDS,
    ]


def test_dependents_of_the_naturalized_duty_include_the_revocation_grounds(tl: lt.Timeline) -> None:
    """Revocation grounds depend on the naturalized registration duty; dependents come in dataset order."""
    assert ids(tl.dependents(NATURALIZED)) == ["ru-interior-ministry-naturalization-data", GROUNDS]


def test_dependents_are_transitive(tl: lt.Timeline) -> None:
    """Everything that rests on the general military registration duty, directly or through another provision."""
    found = ids(tl.dependents(MILITARY))
    assert GROUNDS in found  # grounds -> naturalized duty -> military duty
    assert "ru-cao-draft-only-limit" in found  # limit -> absence fine -> military duty
    assert MILITARY not in found
    assert found == [p for p in tl.provisions if p in set(found)]  # dataset order


def test_depends_on_direct_and_transitive(tl: lt.Timeline) -> None:
    """Direct: the naturalized duty only; transitive: also the general duty it rests on, in dataset order."""
    assert ids(tl.depends_on(GROUNDS)) == [NATURALIZED]
    assert ids(tl.depends_on(GROUNDS, transitive=True)) == [MILITARY, NATURALIZED]
    assert tl.depends_on(MILITARY) == () and tl.depends_on(MILITARY, transitive=True) == ()


def test_amendments_to_the_grounds_are_enactment_then_281fz_then_july_2025(tl: lt.Timeline) -> None:
    """The implicit @enacted insert first, then 281-FZ's add, then the 31 July 2025 add, in effective order."""
    changes = tl.amendments_to(GROUNDS)
    assert ids(changes) == [ENACTED, ADD_281, ADD_2025]
    assert [c.op for c in changes] == [lt.Op.INSERT, lt.Op.ADD, lt.Op.ADD]
    assert changes[0].implicit and not changes[1].implicit


def test_amendments_to_puts_pending_changes_last() -> None:
    """A change with no effective date comes after every dated change, even when it is first in the dataset."""
    tl = lt.loads("""
lawtimeline: 1
acts:
  - {id: a, title: A, events: [{kind: in_force, date: 2000-01-01}]}
  - {id: b, title: B, events: [{kind: signed, date: 2001-01-01}]}
  - {id: c, title: C, events: [{kind: in_force, date: 2002-01-01}]}
provisions:
  - {id: p, title: P, act: a, kind: number, value: 1}
changes:
  - {id: pending, act: b, provision: p, op: set, value: 2}
  - {id: dated, act: c, provision: p, op: set, value: 3}
""")
    assert ids(tl.amendments_to("p")) == ["p@enacted", "dated", "pending"]


def test_lineage_of_the_grounds(tl: lt.Timeline) -> None:
    """After every dated change, the grounds were shaped by all three changes; on 1 Jan 2024 (before 281-FZ) only by
    the enactment; before 138-FZ entered into force, by nothing."""
    assert ids(tl.lineage(GROUNDS)) == [ENACTED, ADD_281, ADD_2025]
    assert ids(tl.lineage(GROUNDS, on="2024-01-01")) == [ENACTED]
    assert ids(tl.lineage(GROUNDS, on="2025-08-10")) == [ENACTED, ADD_281]
    assert tl.lineage(GROUNDS, on="2023-10-25") == ()


def test_lineage_restarts_after_a_repeal(tl: lt.Timeline) -> None:
    """The draft-only limit is repealed on 1 January 2026: its lineage is empty afterwards, full before."""
    assert ids(tl.lineage("ru-cao-draft-only-limit", on="2025-12-31")) == ["ru-cao/ru-cao-draft-only-limit/1"]
    assert tl.lineage("ru-cao-draft-only-limit", on="2026-01-01") == ()


@pytest.mark.parametrize("query", ["amendments_to", "dependents", "depends_on", "lineage"])
def test_provision_queries_reject_unknown_ids(tl: lt.Timeline, query: str) -> None:
    """An unknown provision id is an UnknownIdError (also a KeyError) that suggests the closest id."""
    with pytest.raises(lt.UnknownIdError, match="ru-citizenship-revocation-grounds") as err:
        getattr(tl, query)("ru-citizenship-revocation-ground")
    assert isinstance(err.value, KeyError)


def test_affected_by_rejects_unknown_and_non_act_ids(tl: lt.Timeline) -> None:
    """affected_by takes an act id: an unknown id, or a provision id, is an UnknownIdError naming the closest act."""
    with pytest.raises(lt.UnknownIdError, match="ru-law-2025-07-31"):
        tl.affected_by("ru-law-2025-07-3")
    with pytest.raises(KeyError):
        tl.affected_by(GROUNDS)


# -- graph shape ------------------------------------------------------------------------------------------------


def test_graph_is_cached_multidigraph(tl: lt.Timeline) -> None:
    """tl.graph is a MultiDiGraph built once: the same object every time."""
    assert isinstance(tl.graph, nx.MultiDiGraph)
    assert tl.graph is tl.graph


def test_graph_nodes_are_acts_provisions_and_context_events_with_their_kinds(tl: lt.Timeline) -> None:
    """Node `kind` is the node type; the object's own kind is act_kind / provision_kind / event_kind."""
    g = tl.graph
    assert set(g.nodes) == set(tl.acts) | set(tl.provisions) | set(tl.events)
    for aid, act in tl.acts.items():
        assert g.nodes[aid]["kind"] == "act" and g.nodes[aid]["act_kind"] == act.kind
        assert g.nodes[aid]["title"] == act.title
    for pid, p in tl.provisions.items():
        assert g.nodes[pid]["kind"] == "provision" and g.nodes[pid]["provision_kind"] == p.kind.value
        assert g.nodes[pid]["act"] == p.act
    for eid, e in tl.events.items():
        assert g.nodes[eid]["kind"] == "event" and g.nodes[eid]["event_kind"] == e.kind
    assert g.nodes["bastrykin-2025-05"]["date"] == "[2025-05-19..2025-05-20]"  # the hull of disputed claims


def test_every_change_is_an_edge_keyed_by_its_id_implicit_ones_included(tl: lt.Timeline) -> None:
    """One act -> provision edge per change (implicit enactments too), key = change id, rel/op/effective (EDTF)."""
    g = tl.graph
    changes = list(tl.all_changes())
    assert any(c.implicit for c in changes)
    edges = {(a, b, k): d for a, b, k, d in g.edges(keys=True, data=True) if d["rel"] == "changes"}
    assert len(edges) == len(changes)
    for c in changes:
        d = edges[(c.act, c.provision, c.id)]
        assert d["op"] == c.op.value
        assert d["effective"] == (c.effective.edtf if c.effective is not None else None)
    assert edges[("ru-fz-138-2023", GROUNDS, ENACTED)] == {"rel": "changes", "op": "insert", "effective": "2023-10-26"}
    assert edges[("ru-fz-281-2024", GROUNDS, ADD_281)]["effective"] == "[2024-08-08..2024-08-31]"


def test_part_of_and_depends_on_edges(tl: lt.Timeline) -> None:
    """Each provision has one part_of edge to its act and one depends_on edge per dependency, keyed by rel."""
    g = tl.graph
    part_of = {(a, b) for a, b, k, d in g.edges(keys=True, data=True) if d["rel"] == "part_of" and k == "part_of"}
    assert part_of == {(p.id, p.act) for p in tl.provisions.values()}
    deps = {(a, b) for a, b, k, d in g.edges(keys=True, data=True) if d["rel"] == "depends_on" and k == "depends_on"}
    assert deps == {(p.id, d) for p in tl.provisions.values() for d in p.depends_on}
    assert (GROUNDS, NATURALIZED) in deps and (NATURALIZED, MILITARY) in deps


def test_concerns_edges_come_from_related(tl: lt.Timeline) -> None:
    """A context event has a concerns edge to each act or provision it is related to, and no other."""
    g = tl.graph
    concerns = {(a, b) for a, b, k, d in g.edges(keys=True, data=True) if d["rel"] == "concerns" and k == "concerns"}
    assert concerns == {(e.id, r) for e in tl.events.values() for r in e.related}
    assert ("interior-ministry-revocations-2025-10", "ru-fz-138-2023") in concerns


def test_amends_edges_link_an_act_to_the_acts_whose_provisions_it_changes(tl: lt.Timeline) -> None:
    """281-FZ and the July 2025 law amend 138-FZ; the fines laws amend the Code; an act never amends itself."""
    g = tl.graph
    amends = {(a, b) for a, b, k, d in g.edges(keys=True, data=True) if d["rel"] == "amends" and k == "amends"}
    assert amends == {
        ("ru-fz-281-2024", "ru-fz-138-2023"),
        ("ru-law-2025-07-31", "ru-fz-138-2023"),
        ("ru-fz-404-2023", "ru-cao"),
        ("ru-law-2025-07-07", "ru-cao"),
        ("ru-law-2025-12-15", "ru-cao"),
    }


def test_life_cycle_event_related_does_not_add_a_node_without_kind() -> None:
    """An act's life-cycle event may carry `related`; the graph must still hold only acts, provisions and context
    events, each with its `kind` (DESIGN §8, §12.12)."""
    tl = lt.loads("""
lawtimeline: 1
acts:
  - id: a
    title: A
    events: [{kind: in_force, date: 2000-02-01, related: [b]}]
  - {id: b, title: B, events: [{kind: in_force, date: 2005-02-01}]}
""")
    g = tl.graph
    assert set(g.nodes) == {"a", "b"}
    assert all(d.get("kind") in {"act", "provision", "event"} for _, d in g.nodes(data=True))


# -- export -------------------------------------------------------------------------------------------------------


def _edge_keys(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return set(g.edges(keys=True))


def test_cli_graphml_reads_back_with_every_node_edge_and_key(tl: lt.Timeline, tmp_path: Path) -> None:
    """`lawtimeline graph FILE -o out.graphml` writes GraphML that networkx reads back as the same multigraph, with
    tuples as JSON text and None attributes left out."""
    out = tmp_path / "g.graphml"
    result = CliRunner().invoke(cli, ["graph", str(EXAMPLE), "--format", "graphml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    h = nx.read_graphml(out, force_multigraph=True)
    g = tl.graph
    assert set(h.nodes) == set(g.nodes)
    assert _edge_keys(h) == _edge_keys(g)
    assert h.number_of_edges() == g.number_of_edges()
    assert h.nodes[GROUNDS]["kind"] == "provision"
    assert json.loads(h.nodes[GROUNDS]["depends_on"]) == [NATURALIZED]
    assert h.edges["ru-fz-281-2024", GROUNDS, ADD_281] == {
        "rel": "changes", "op": "add", "effective": "[2024-08-08..2024-08-31]",
    }
    pending = h.edges["ru-law-2025-07-07", "ru-cao-fine-move-3-months", "ru-law-2025-07-07/ru-cao-fine-move-3-months/1"]
    assert "effective" not in pending  # None is left out
    assert "url" not in h.nodes["ru-fz-138-2023"]


def test_cli_graph_writes_graphml_to_stdout_by_default() -> None:
    """Without -o the GraphML goes to stdout."""
    result = CliRunner().invoke(cli, ["graph", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().startswith("<?xml") or result.stdout.lstrip().startswith("<graphml")
    assert f'<edge source="ru-fz-281-2024" target="{GROUNDS}" id="{ADD_281}"' in result.stdout


def test_cli_node_link_json_reads_back(tl: lt.Timeline, tmp_path: Path) -> None:
    """`--format json` writes node-link JSON that networkx.node_link_graph(edges="edges") reads back."""
    out = tmp_path / "g.json"
    result = CliRunner().invoke(cli, ["graph", str(EXAMPLE), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    h = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    g = tl.graph
    assert h.is_multigraph() and h.is_directed()
    assert set(h.nodes) == set(g.nodes)
    assert _edge_keys(h) == _edge_keys(g)
    assert h.edges["ru-fz-138-2023", GROUNDS, ENACTED]["op"] == "insert"
    assert h.nodes["bastrykin-2025-05"]["disputed"] is True


def test_to_graphml_writes_the_same_graph(tl: lt.Timeline, tmp_path: Path) -> None:
    """Timeline.to_graphml(path) writes a file networkx reads back with every edge key."""
    out = tmp_path / "g.graphml"
    tl.to_graphml(out)
    assert _edge_keys(nx.read_graphml(out, force_multigraph=True)) == _edge_keys(tl.graph)


# -- dependency-aware warnings --------------------------------------------------------------------------------------

DEPENDENCY_REPEALED = """\
lawtimeline: 1
acts:
  - id: a
    title: A
    events:
      - {kind: signed, date: 2000-01-01}
      - {kind: in_force, date: 2000-02-01}
      - {kind: repealed, date: 2010-01-01}
  - id: b
    title: B
    events:
      - {kind: signed, date: 2005-01-01}
      - {kind: in_force, date: 2005-02-01}
provisions:
  - {id: base, title: Base, act: a, kind: text, value: x}
  - {id: dep, title: Dep, act: b, kind: text, value: y, depends_on: [base]}
"""

CHANGE_AFTER_REPEAL = """\
lawtimeline: 1
acts:
  - {id: a, title: A, events: [{kind: in_force, date: 2000-02-01}]}
  - id: b
    title: B
    events:
      - {kind: signed, date: 2005-01-10}
      - {kind: in_force, date: 2005-02-01}
      - {kind: repealed, date: 2007-01-01}
provisions:
  - {id: p, title: P, act: a, kind: number, value: 1}
changes:
  - {id: in-time, act: b, provision: p, op: set, value: 2}
  - {id: late, act: b, provision: p, op: set, value: 3, effective: 2008-01-01}
"""

RETROACTIVE = """\
lawtimeline: 1
acts:
  - {id: a, title: A, events: [{kind: in_force, date: 2000-02-01}]}
  - id: b
    title: B
    events:
      - {kind: signed, date: 2005-01-10}
      - {kind: in_force, date: 2005-02-01}
provisions:
  - {id: p, title: P, act: b, kind: number}
changes:
  - {id: retro, act: b, provision: p, op: insert, value: 1, effective: 2004-06-01}
  - {id: retro-known-later, act: b, provision: p, op: set, value: 2, effective: 2004-07-01, known: 2005-01-20}
  - {id: retro-known-same, act: b, provision: p, op: set, value: 3, effective: 2004-08-01, known: 2004-08-01}
"""


def _dependency_warnings(tl: lt.Timeline) -> list[lt.Problem]:
    return [w for w in tl.check() if "cites no source" not in w.message and "never cited" not in w.message]


def test_check_warns_when_a_provision_outlives_what_it_depends_on() -> None:
    """'dep' stays in force after act a (and with it 'base') is repealed on 1 Jan 2010: one warning at the
    depends_on entry, naming both provisions and the day, with its file position."""
    warnings = _dependency_warnings(lt.loads(DEPENDENCY_REPEALED))
    assert len(warnings) == 1
    w = warnings[0]
    assert w.severity == "warning"
    assert w.path == "provisions[1].depends_on[0]"
    assert "'dep'" in w.message and "'base'" in w.message and "2010-01-01" in w.message
    assert w.line == 16


def test_no_dependency_warning_when_the_dependent_goes_too() -> None:
    """If 'dep' is repealed the same day as its basis, nothing is wrong."""
    text = DEPENDENCY_REPEALED + "changes:\n  - {id: r, act: a, provision: dep, op: repeal, effective: 2010-01-01}\n"
    assert _dependency_warnings(lt.loads(text)) == []


def test_check_warns_on_a_change_taking_effect_after_its_act_was_repealed() -> None:
    """A change of act b effective 1 Jan 2008, after b was repealed on 1 Jan 2007: warned at changes[1]."""
    warnings = _dependency_warnings(lt.loads(CHANGE_AFTER_REPEAL))
    assert [w.path for w in warnings] == ["changes[1]"]
    assert "'late'" in warnings[0].message and "repealed" in warnings[0].message
    assert "1 January 2008" in warnings[0].message and "1 January 2007" in warnings[0].message


def test_check_warns_on_an_effective_date_before_signature_unless_known_is_later() -> None:
    """Effective before the act was signed: a warning without `known`, or with a `known` not after the effective
    date; none when `known` says it became known later (a declared retroactive change)."""
    warnings = _dependency_warnings(lt.loads(RETROACTIVE))
    assert [w.path for w in warnings] == ["changes[0]", "changes[2]"]
    assert all("before its act was signed" in w.message for w in warnings)
    assert "'retro'" in warnings[0].message and "known" in warnings[0].message


def test_validate_cli_prints_dependency_warnings_with_positions(tmp_path: Path) -> None:
    """`lawtimeline validate` lists the warnings as file:line:column: path: message and still exits 0."""
    f = tmp_path / "dep.yaml"
    f.write_text(DEPENDENCY_REPEALED, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(f)])
    assert result.exit_code == 0, result.output
    assert f"{f}:16:" in result.stderr
    assert "warning: provisions[1].depends_on[0]: 'dep' is in force on 2010-01-01" in result.stderr


def test_flagship_has_no_warnings(tl: lt.Timeline) -> None:
    """The flagship dataset is clean: check() returns nothing."""
    assert tl.check() == ()


# -- the snapshot's dependency view ----------------------------------------------------------------------------------

SUPPORT = """\
lawtimeline: 1
acts:
  - id: a
    title: A
    events:
      - {kind: in_force, date: 2000-02-01}
      - {kind: repealed, date: 2010-01-01}
  - {id: b, title: B, events: [{kind: in_force, date: 2005-02-01}]}
  - {id: c, title: C, events: [{kind: in_force, date: 2006-03}]}
provisions:
  - {id: base, title: Base, act: a, kind: text, value: x}
  - {id: other, title: Other, act: b, kind: text, value: x}
  - {id: later, title: Later, act: c, kind: text, value: x}
  - {id: on-other, title: On other, act: b, kind: text, value: y, depends_on: [other]}
  - {id: on-base, title: On base, act: b, kind: text, value: y, depends_on: [base]}
  - {id: on-later, title: On later, act: b, kind: text, value: y, depends_on: [later]}
  - {id: on-both, title: On both, act: b, kind: text, value: y, depends_on: [later, base]}
"""


@pytest.fixture(scope="module")
def support() -> lt.Timeline:
    return lt.loads(SUPPORT)


def test_snapshot_supported_true_when_dependencies_in_force(support: lt.Timeline) -> None:
    """On 1 April 2006 every dependency is in force: nothing missing, every provision supported."""
    s = support.in_force("2006-04-01")
    assert dict(s.missing) == {}
    assert {p: s.supported(p) for p in s} == dict.fromkeys(s, True)


def test_snapshot_supported_false_when_a_dependency_is_repealed(support: lt.Timeline) -> None:
    """On 1 January 2011 'base' is repealed: 'on-base' and 'on-both' lack it and are not supported."""
    s = support.in_force("2011-01-01")
    assert dict(s.missing) == {"on-base": ("base",), "on-both": ("base",)}
    assert s.supported("on-base") is False and s.supported("on-both") is False
    assert s.supported("on-other") is True and s.supported("on-later") is True


def test_snapshot_supported_none_when_a_dependency_date_is_partial(support: lt.Timeline) -> None:
    """On 15 March 2006 'later' (in force "2006-03") may or may not be in force: 'on-later' is undecided."""
    s = support.in_force("2006-03-15")
    assert s["later"].in_force is None
    assert dict(s.missing) == {"on-later": ("later",), "on-both": ("later",)}
    assert s.supported("on-later") is None and s.supported("on-both") is None
    assert s.supported("on-base") is True


def test_snapshot_supported_false_wins_over_undecided() -> None:
    """One dependency repealed and another undecided: the provision is certainly unsupported (False)."""
    tl = lt.loads(SUPPORT.replace("date: 2010-01-01", "date: 2006-03-01"))
    s = tl.in_force("2006-03-15")
    assert dict(s.missing)["on-both"] == ("later", "base")
    assert s.supported("on-both") is False


def test_snapshot_supported_false_before_a_dependency_exists(support: lt.Timeline) -> None:
    """On 1 June 2005 'later' is not yet in force: 'on-later' is in force without its basis."""
    s = support.in_force("2005-06-01")
    assert s.supported("on-later") is False
    assert "later" not in s


def test_snapshot_supported_rejects_provisions_not_in_the_snapshot(support: lt.Timeline) -> None:
    """supported() is asked of a provision in the snapshot; one not in force that day is a KeyError."""
    s = support.in_force("2005-06-01")
    with pytest.raises(KeyError):
        s.supported("later")


def test_flagship_snapshot_is_fully_supported(tl: lt.Timeline) -> None:
    """On 12 August 2025 every flagship provision in force has its basis in force."""
    s = tl.in_force("2025-08-12")
    assert dict(s.missing) == {}
    assert s.supported(GROUNDS) is True
