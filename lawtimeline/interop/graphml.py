"""GraphML and node-link JSON of the dependency graph (``tl.to_graphml``, ``lawtimeline graph``).

Readable by ``networkx.read_graphml``, Gephi and yEd; ``None`` attributes are left out and tuples written as JSON.
"""

from __future__ import annotations

import json
import os
from typing import Any

import networkx as nx

__all__ = ["export_graph", "graphml_text", "node_link_json", "write_graphml"]


def _export_value(v: Any) -> Any:
    if isinstance(v, tuple | list):
        return json.dumps(list(v), ensure_ascii=False)
    return v


def export_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy fit for GraphML and JSON: ``None`` attributes left out, tuples as JSON text."""
    out = nx.MultiDiGraph(**{k: v for k, v in g.graph.items() if v is not None})
    out.add_nodes_from(
        (n, {k: _export_value(v) for k, v in d.items() if v is not None and v != ()}) for n, d in g.nodes(data=True)
    )
    out.add_edges_from(
        (a, b, k, {kk: _export_value(v) for kk, v in d.items() if v is not None})
        for a, b, k, d in g.edges(keys=True, data=True)
    )
    return out


def write_graphml(g: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write GraphML readable by ``networkx.read_graphml``, Gephi and yEd."""
    nx.write_graphml(export_graph(g), os.fspath(path), encoding="utf-8")


def graphml_text(g: nx.MultiDiGraph) -> str:
    """The GraphML document as text."""
    return "\n".join(nx.generate_graphml(export_graph(g))) + "\n"


def node_link_json(g: nx.MultiDiGraph) -> str:
    """Node-link JSON (``networkx.node_link_graph`` reads it back)."""
    data = nx.node_link_data(export_graph(g), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
