"""Citation graph export: the GraphML read back with networkx has the database's
documents, decisions, meetings and statements as nodes, and as many citations as
decision_references and statement_documents hold; the CSV edge list says the same."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from collections import Counter

import networkx as nx

from build_data.exports.folder import export


def read(folder) -> nx.DiGraph:
    return nx.read_graphml(folder / "graph" / "citations.graphml")


def weights(graph: nx.DiGraph) -> Counter:
    total: Counter = Counter()
    for _, _, data in graph.edges(data=True):
        total[data["kind"]] += data["weight"]
    return total


def test_counts_agree_with_the_database(bundled, bundled_exports):
    """Nodes per type are the rows of decisions, meetings, statements and the documents
    that are not decisions; the weights of `cites` and `circulated` edges add up to the
    rows of decision_references (with a symbol) and statement_documents."""
    graph = read(bundled_exports)
    (
        (decisions,),
        (meetings,),
        (statements,),
        (documents,),
        (references,),
        (circulated,),
        (interpretative,),
    ) = (
        bundled.rows(sql)[0]
        for sql in (
            "select count(*) from decisions",
            "select count(*) from meetings",
            "select count(*) from statements",
            "select count(*) from documents where symbol not in (select symbol from decisions "
            "union select issued_symbol from decisions where issued_symbol is not null)",
            "select count(*) from decision_references where document_symbol is not null",
            "select count(*) from statement_documents",
            "select count(*) from statements where kind = 'interpretative_statement' and "
            "decision_id is not null",
        )
    )
    assert Counter(d["type"] for _, d in graph.nodes(data=True)) == Counter(
        decision=decisions, meeting=meetings, statement=statements, document=documents
    )
    assert weights(graph) == Counter(
        cites=references,
        circulated=circulated,
        interprets=interpretative,
        adopted_at=decisions,
        made_at=statements,
    )
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (29, 32)


def test_graphml_round_trips(bundled_exports):
    """The GraphML read back equals the CSV node and edge lists written with it, and no
    attribute is empty."""
    graph = read(bundled_exports)
    with (bundled_exports / "graph" / "nodes.csv").open(encoding="utf-8") as f:
        nodes = {r.pop("id"): {k: v for k, v in r.items() if v} for r in csv.DictReader(f)}
    with (bundled_exports / "graph" / "edges.csv").open(encoding="utf-8") as f:
        edges = {
            (r.pop("source"), r.pop("target")): {k: v for k, v in r.items() if v}
            for r in csv.DictReader(f)
        }
    as_text = lambda data: {k: str(v) for k, v in data.items()}  # noqa: E731
    assert {n: as_text(d) for n, d in graph.nodes(data=True)} == nodes
    assert {(s, t): as_text(d) for s, t, d in graph.edges(data=True)} == edges
    assert [v for _, d in graph.nodes(data=True) for v in d.values() if v in (None, "")] == []


def test_interpretative_statements_link_states_to_the_decision(bundled_exports):
    """Each interpretative statement of 1107 points to the decision it interprets and
    carries the State that made it."""
    graph = read(bundled_exports)
    interpreting = sorted(
        (s, graph.nodes[s]["actor_id"])
        for s, t, d in graph.edges(data=True)
        if d["kind"] == "interprets" and t == "decision:pc-dec-1107"
    )
    assert interpreting == [
        ("statement:pc-dec-1107/att1", "russian-federation"),
        ("statement:pc-dec-1107/att2", "holy-see"),
        ("statement:pc-dec-1107/att3", "azerbaijan"),
        ("statement:pc-dec-1107/att4", "armenia"),
    ]


def test_a_cited_decision_in_the_database_is_a_decision_node(bundled, tmp_path):
    """When the decision a decision cites is in the database (here MC.DEC/5/11, added to
    a copy), the citation is a decision -> decision edge and no document node stands for it."""
    db = tmp_path / "osce.db"
    shutil.copyfile(bundled.db, db)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "insert into decisions (id, symbol, issued_symbol, body, number, title, adopted_on, "
            "year, source_id, line_start, line_end) select 'mc-dec-5-11', 'MC.DEC/5/11', "
            "'MC.DEC/5/11', 'MC', '5/11', 'Partners for Co-operation', '2011-12-07', 2011, "
            "source_id, 0, 0 from decisions limit 1"
        )
    export(db, tmp_path / "exports", ["graph"])
    graph = read(tmp_path / "exports")
    assert "document:MC.DEC/5/11" not in graph
    assert dict(graph.edges["decision:pc-dec-1107", "decision:mc-dec-5-11"]) == {
        "kind": "cites",
        "weight": 1,
        "relations": "cites",
    }
