"""Canned queries published with the site: the common questions, read-only and
parameterised. Each is checked against a built database by the tests."""


# Datasette row URLs escape "/" and "." in primary keys with tildes (tilde encoding);
# ids here are slugs, so these replacements are the whole of it.
def row_path(expr: str) -> str:
    return (
        f"replace(replace(replace(replace({expr}, '~', '~7E'), '/', '~2F'), '.', '~2E'), ' ', '+')"
    )


QUERIES = {
    "source_text": {
        "title": "Source text of a row",
        "description": (
            "The lines of a source file a row was read from: give the row's source_id, "
            "line_start and line_end (line_start 0 means the file as a whole: every line)."
        ),
        "sql": (
            "select l.line_number, l.page, l.text, s.filename\n"
            "from source_lines l join sources s on s.id = l.source_id\n"
            "where l.source_id = :source_id\n"
            "  and (cast(:line_start as integer) = 0\n"
            "       or l.line_number between cast(:line_start as integer) and cast(:line_end as "
            "integer))\norder by l.line_number"
        ),
    },
    "decision_outline": {
        "title": "A decision as an outline",
        "description": (
            "A decision read as its text is laid out: preamble and operative paragraphs, then "
            "the action plan's sections, headings and numbered items, with the actors "
            "responsible and the source lines of each part (decision id, e.g. pc-dec-1107)."
        ),
        "sql": (
            (
                "select 'paragraph' as part, p.position, p.kind as section, null as "
                "section_title, null as level,\n"
                "  null as heading, null as number, p.text, null as item_path, null as actors,\n"
                "  d.id as decision_id, d.symbol, d.title as decision_title, d.adopted_on, "
                "d.meeting_id,\n  p.source_id, p.line_start, p.line_end\n"
                "from decision_paragraphs p join decisions d on d.id = p.decision_id\n"
                "where d.id = :decision_id\n"
                "union all\n"
                "select 'item', ai.position, ai.section, ai.section_title, ai.level, ai.heading, "
                "ai.number, ai.text,\n  "
            )
            + row_path("ai.id")
            + (
                ",\n"
                "  (select group_concat(aa.actor_id || '|' || "
                "coalesce(a.name, aa.actor_id) || '|' || aa.role, ';')\n"
                "   from action_item_actors aa left join actors a on a.id = aa.actor_id\n"
                "   where aa.action_item_id = ai.id),\n"
                "  d.id, d.symbol, d.title, d.adopted_on, d.meeting_id,\n"
                "  ai.source_id, ai.line_start, ai.line_end\n"
                "from action_items ai join decisions d on d.id = ai.decision_id\n"
                "where d.id = :decision_id\n"
                "order by part desc, position"
            )
        ),
    },
    "statements_by_actor": {
        "title": "Everything an actor said",
        "description": (
            "Speaker-list entries and attached or annexed statements of one actor across "
            "meetings (actor id, e.g. russian-federation)."
        ),
        "sql": (
            "select s.id, m.date, s.meeting_id, s.agenda_item_id, a.title as agenda_item, s.kind, "
            "s.speaker_label,\n  s.decision_id, s.attachment_number, s.annex_number, s.text, "
            "s.source_id, s.line_start, s.line_end\n"
            "from statements s join meetings m on m.id = s.meeting_id\n"
            "left join agenda_items a on a.id = s.agenda_item_id\n"
            "where s.actor_id = :actor_id or s.delivered_by_actor_id = :actor_id\n"
            "order by m.date, s.meeting_id, s.agenda_item_id, s.position"
        ),
    },
    "action_items_for_body": {
        "title": "Action items assigned to an OSCE body",
        "description": (
            "Tasks that name an OSCE body or official as "
            "responsible (actor id, e.g. odihr, sr-cthb)."
        ),
        "sql": (
            "select ai.id, ai.decision_id, d.title as decision, ai.section, ai.section_title, "
            "ai.level, ai.heading, ai.number, ai.text,\n"
            "  ai.source_id, ai.line_start, ai.line_end\n"
            "from action_item_actors aa join action_items ai on ai.id = aa.action_item_id\n"
            "join decisions d on d.id = ai.decision_id\n"
            "where aa.actor_id = :actor_id and aa.role = 'responsible'\n"
            "order by ai.decision_id, ai.position"
        ),
    },
    "interpretative_statements_per_decision": {
        "title": "Interpretative statements per decision",
        "description": (
            "How many interpretative statements were attached to each decision, and by whom."
        ),
        "sql": (
            "select d.id as decision_id, d.symbol, d.title, count(s.id) as statements,\n"
            "  group_concat(coalesce(act.name, s.speaker_label), '; ') as by_actors\n"
            "from decisions d join statements s on s.decision_id = d.id and s.kind = "
            "'interpretative_statement'\nleft join actors act on act.id = s.actor_id\n"
            "group by d.id order by statements desc, d.id"
        ),
    },
    "decisions_by_body_and_year": {
        "title": "Decisions by body and year",
        "description": "Number of decisions adopted per body and year.",
        "sql": (
            "select body, year, count(*) as decisions from "
            "decisions group by body, year order by body, year"
        ),
    },
    "documents_cited_most": {
        "title": "Documents cited most often",
        "description": "Documents by the number of speaker entries and decisions that cite them.",
        "sql": (
            "select d.symbol, d.series, d.year, d.title,\n"
            "  (select count(*) from statement_documents sd where "
            "sd.document_symbol = d.symbol) as cited_by_statements,\n  (select "
            "count(*) from decision_references dr where dr.document_symbol = "
            "d.symbol) as cited_by_decisions\nfrom documents d order by "
            "cited_by_statements + cited_by_decisions desc, d.symbol limit 100"
        ),
    },
    "eu_alignment_frequency": {
        "title": "How often each country aligned with EU statements",
        "description": (
            "Countries by the number of European Union statements they aligned themselves with."
        ),
        "sql": (
            "select sa.actor_id, a.name, count(*) as alignments\n"
            "from statement_alignments sa join statements s on s.id = sa.statement_id\n"
            "left join actors a on a.id = sa.actor_id\n"
            "where sa.relation = 'aligned' and s.actor_id = 'european-union'\n"
            "group by sa.actor_id order by alignments desc, sa.actor_id"
        ),
    },
    "unresolved_labels": {
        "title": "Labels that are still unresolved",
        "description": (
            "Speaker labels the actor registry could not match, with how often they occur: add "
            "them to build_data/data/actors.yml."
        ),
        "sql": (
            "select speaker_label, resolution, count(*) as occurrences, min(id) as example\n"
            "from statements where actor_id is null\n"
            "group by speaker_label, resolution order by occurrences desc, speaker_label"
        ),
    },
}


def _bar(
    x: str, y: str, x_title: str, y_title: str, color: str | None = None, horizontal: bool = False
) -> dict:
    """A vega-lite bar chart of y by x (x sorted by y when horizontal)."""
    cat = {"field": x, "type": "nominal", "title": x_title}
    num = {"field": y, "type": "quantitative", "title": y_title}
    if horizontal:
        cat["sort"] = "-x"
        encoding = {"y": cat, "x": num}
    else:
        encoding = {"x": cat, "y": num}
    if color:
        encoding["color"] = {"field": color, "type": "nominal", "title": color}
    return {"mark": {"type": "bar", "tooltip": True}, "encoding": encoding}


def _metric(title: str, sql: str) -> dict:
    return {
        "title": title,
        "db": "osce",
        "library": "metric",
        "query": sql,
        "display": {"field": "n"},
    }


# datasette-dashboards configuration (plugins -> datasette-dashboards in metadata.yml).
# [[ ... ]] parts of a query apply only when the filter is set.
DASHBOARDS = {
    "overview": {
        "title": "OSCE journals at a glance",
        "description": (
            "Who speaks, what action plans ask of whom, how many decisions each year, and who "
            "aligns with whom. Filter by body; click a chart's title to see its query."
        ),
        "layout": [
            ["meetings", "decisions", "statements", "action-items"],
            [
                "statements-per-actor",
                "statements-per-actor",
                "action-items-by-section",
                "action-items-by-section",
            ],
            [
                "decisions-per-year",
                "decisions-per-year",
                "alignment-frequency",
                "alignment-frequency",
            ],
        ],
        "filters": {
            "body": {"name": "Body", "type": "select", "options": ["PC", "FSC", "MC"]},
        },
        "charts": {
            "meetings": _metric(
                "Meetings", "select count(*) as n from meetings where 1 [[ and body = :body ]]"
            ),
            "decisions": _metric(
                "Decisions", "select count(*) as n from decisions where 1 [[ and body = :body ]]"
            ),
            "statements": _metric(
                "Statements",
                "select count(*) as n from statements where 1 "
                "[[ and meeting_id in (select id from meetings where body = :body) ]]",
            ),
            "action-items": _metric(
                "Action items",
                "select count(*) as n from action_items ai join decisions d on d.id = "
                "ai.decision_id where 1 [[ and d.body = :body ]]",
            ),
            "statements-per-actor": {
                "title": "Statements per actor",
                "db": "osce",
                "library": "vega-lite",
                # Counted along idx_statements_actor_id in its order, names joined to the
                # few groups after (+ keeps the body filter from choosing another index).
                "query": (
                    "select coalesce(a.name, g.speaker_label) as actor, g.kind, "
                    "sum(g.n) as statements\n"
                    "from (select actor_id, speaker_label, kind, count(*) as n from statements\n"
                    "  where 1 [[ and +meeting_id in "
                    "(select id from meetings where body = :body) ]]\n"
                    "  group by actor_id, speaker_label, kind) g\n"
                    "left join actors a on a.id = g.actor_id\n"
                    "group by 1, 2 order by statements desc limit 200"
                ),
                "display": _bar(
                    "actor", "statements", "Actor", "Statements", color="kind", horizontal=True
                ),
            },
            "action-items-by-section": {
                "title": "Action items by section and level",
                "db": "osce",
                "library": "vega-lite",
                "query": (
                    "select ai.section || ' ' || coalesce(ai.section_title, '') as section, "
                    "ai.level, count(*) as items\n"
                    "from action_items ai join decisions d on d.id = ai.decision_id\n"
                    "where 1 [[ and d.body = :body ]]\n"
                    "group by 1, 2 order by min(ai.position)"
                ),
                "display": _bar("section", "items", "Section", "Action items", color="level"),
            },
            "decisions-per-year": {
                "title": "Decisions per year",
                "db": "osce",
                "library": "vega-lite",
                "query": (
                    "select cast(year as text) as year, body, count(*) as decisions from "
                    "decisions\nwhere year is not null [[ and body = :body ]]\n"
                    "group by year, body order by year"
                ),
                "display": _bar("year", "decisions", "Year", "Decisions", color="body"),
            },
            "alignment-frequency": {
                "title": "Alignment frequency (countries aligning with statements)",
                "db": "osce",
                "library": "vega-lite",
                # Counted along idx_statement_alignments_relation in its order; the body
                # filter looks up the meeting of each statement that has alignments once
                # (not once per alignment), in the order the cross joins fix.
                "query": (
                    "select coalesce(a.name, g.label) as country, sum(g.n) as alignments\n"
                    "from (select actor_id, label, count(*) as n from statement_alignments\n"
                    # datasette-dashboards finds a [[ ... ]] part within one line
                    "  where relation = 'aligned' [[ and +statement_id in (select s.id "
                    "from (select distinct statement_id from statement_alignments "
                    "where relation = 'aligned') d "
                    "cross join statements s on s.id = d.statement_id "
                    "cross join meetings m on m.id = s.meeting_id where m.body = :body) ]]\n"
                    "  group by actor_id, label) g\n"
                    "left join actors a on a.id = g.actor_id\n"
                    "group by 1 order by alignments desc limit 60"
                ),
                "display": _bar("country", "alignments", "Country", "Alignments", horizontal=True),
            },
        },
    }
}
