"""The citation graph: documents, decisions, meetings and statements as nodes, citations
as directed edges with a weight (how many times the source cites the target).

Edges, by `kind`:
  cites        decision -> document (or decision) it refers to (decision_references)
  circulated   statement -> document it circulated (statement_documents)
  interprets   interpretative statement -> the decision it interprets
  adopted_at   decision -> meeting that adopted it
  made_at      statement -> meeting where it was made
A cited symbol that is a decision in the database (its symbol or the symbol it was issued
under) is that decision's node, so decision -> decision citations are edges between
decision nodes; any other symbol is a document node. Attributes that are empty are left
out (GraphML has no null). Written as GraphML (networkx) and as CSV node and edge lists.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import networkx as nx

from .database import rows

EDGE_COLUMNS = ("source", "target", "kind", "weight", "relations")
NODE_COLUMNS = (
    "id",
    "type",
    "label",
    "symbol",
    "body",
    "date",
    "year",
    "series",
    "actor_id",
    "statement_kind",
    "title",
)


def node(graph: nx.DiGraph, node_id: str, **attrs) -> None:
    graph.add_node(node_id, **{k: v for k, v in attrs.items() if v is not None and v != ""})


def edge(
    graph: nx.DiGraph, source: str, target: str, kind: str, relation: str | None = None
) -> None:
    if graph.has_edge(source, target):
        data = graph.edges[source, target]
        data["weight"] += 1
    else:
        graph.add_edge(source, target, kind=kind, weight=1, relations="")
        data = graph.edges[source, target]
    if relation and relation not in data["relations"].split(";"):
        data["relations"] = ";".join(
            sorted(filter(None, data["relations"].split(";") + [relation]))
        )


def build(conn: sqlite3.Connection) -> nx.DiGraph:
    graph = nx.DiGraph(name="OSCE citation graph")
    decision_by_symbol: dict[str, str] = {}
    for d in rows(
        conn,
        "select id, symbol, issued_symbol, body, title, "
        "adopted_on, year from decisions order by id",
    ):
        node(
            graph,
            f"decision:{d['id']}",
            type="decision",
            label=d["symbol"],
            symbol=d["symbol"],
            body=d["body"],
            date=d["adopted_on"],
            year=d["year"],
            title=d["title"],
        )
        for symbol in (d["symbol"], d["issued_symbol"]):
            if symbol:
                decision_by_symbol.setdefault(symbol, f"decision:{d['id']}")
    for m in rows(
        conn, "select id, body, journal_symbol, date, year, title from meetings order by id"
    ):
        node(
            graph,
            f"meeting:{m['id']}",
            type="meeting",
            label=m["journal_symbol"] or m["id"],
            symbol=m["journal_symbol"],
            body=m["body"],
            date=m["date"],
            year=m["year"],
            title=m["title"],
        )
    for doc in rows(conn, "select symbol, series, year, title from documents order by symbol"):
        if doc["symbol"] not in decision_by_symbol:
            node(
                graph,
                f"document:{doc['symbol']}",
                type="document",
                label=doc["symbol"],
                symbol=doc["symbol"],
                series=doc["series"],
                year=doc["year"],
                title=doc["title"],
            )
    for s in rows(
        conn,
        "select s.id, s.kind, s.speaker_label, s.actor_id, m.date, m.year from statements s join "
        "meetings m on m.id = s.meeting_id order by s.id",
    ):
        node(
            graph,
            f"statement:{s['id']}",
            type="statement",
            label=s["speaker_label"] or s["id"],
            actor_id=s["actor_id"],
            statement_kind=s["kind"],
            date=s["date"],
            year=s["year"],
        )

    def target(symbol: str) -> str:
        return decision_by_symbol.get(symbol, f"document:{symbol}")

    for d in rows(
        conn, "select id, meeting_id from decisions where meeting_id is not null order by id"
    ):
        edge(graph, f"decision:{d['id']}", f"meeting:{d['meeting_id']}", "adopted_at")
    for r in rows(
        conn,
        "select decision_id, document_symbol, relation from decision_references where "
        "document_symbol is not null order by decision_id, position",
    ):
        edge(
            graph,
            f"decision:{r['decision_id']}",
            target(r["document_symbol"]),
            "cites",
            r["relation"],
        )
    for s in rows(conn, "select id, meeting_id, kind, decision_id from statements order by id"):
        edge(graph, f"statement:{s['id']}", f"meeting:{s['meeting_id']}", "made_at")
        if s["kind"] == "interpretative_statement" and s["decision_id"]:
            edge(graph, f"statement:{s['id']}", f"decision:{s['decision_id']}", "interprets")
    for r in rows(
        conn,
        "select statement_id, document_symbol from "
        "statement_documents order by statement_id, document_symbol",
    ):
        edge(graph, f"statement:{r['statement_id']}", target(r["document_symbol"]), "circulated")
    for _, _, data in graph.edges(data=True):
        if not data["relations"]:
            del data["relations"]
    return graph


def write_csv(path: Path, columns: tuple[str, ...], records) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        for record in records:
            writer.writerow(["" if record.get(c) is None else record.get(c) for c in columns])


def write(conn: sqlite3.Connection, out: Path) -> list[Path]:
    graph = build(conn)
    folder = out / "graph"
    folder.mkdir(parents=True, exist_ok=True)
    graphml = folder / "citations.graphml"
    nx.write_graphml(graph, graphml, encoding="utf-8", prettyprint=True, named_key_ids=True)
    nodes, edges = folder / "nodes.csv", folder / "edges.csv"
    write_csv(nodes, NODE_COLUMNS, ({"id": n, **data} for n, data in graph.nodes(data=True)))
    write_csv(
        edges,
        EDGE_COLUMNS,
        ({"source": s, "target": t, **data} for s, t, data in graph.edges(data=True)),
    )
    return [graphml, edges, nodes]
