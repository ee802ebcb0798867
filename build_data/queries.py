"""Canned queries published with the site: the common questions, read-only and
parameterised. Each is checked against a built database by the tests."""

QUERIES = {
    "statements_by_actor": {
        "title": "Everything an actor said",
        "description": "Speaker-list entries and attached or annexed statements of one actor across meetings (actor id, e.g. russian-federation).",
        "sql": (
            "select s.id, m.date, s.meeting_id, s.agenda_item_id, a.title as agenda_item, s.kind, s.speaker_label,\n"
            "  s.decision_id, s.attachment_number, s.annex_number, s.text, s.source_id, s.line_start, s.line_end\n"
            "from statements s join meetings m on m.id = s.meeting_id\n"
            "left join agenda_items a on a.id = s.agenda_item_id\n"
            "where s.actor_id = :actor_id or s.delivered_by_actor_id = :actor_id\n"
            "order by m.date, s.meeting_id, s.agenda_item_id, s.position"
        ),
    },
    "action_items_for_body": {
        "title": "Action items assigned to an OSCE body",
        "description": "Tasks that name an OSCE body or official as responsible (actor id, e.g. odihr, sr-cthb).",
        "sql": (
            "select ai.id, ai.decision_id, d.title as decision, ai.section, ai.section_title, ai.number, ai.text,\n"
            "  ai.source_id, ai.line_start, ai.line_end\n"
            "from action_item_actors aa join action_items ai on ai.id = aa.action_item_id\n"
            "join decisions d on d.id = ai.decision_id\n"
            "where aa.actor_id = :actor_id and aa.role = 'responsible'\n"
            "order by ai.decision_id, ai.position"
        ),
    },
    "interpretative_statements_per_decision": {
        "title": "Interpretative statements per decision",
        "description": "How many interpretative statements were attached to each decision, and by whom.",
        "sql": (
            "select d.id as decision_id, d.symbol, d.title, count(s.id) as statements,\n"
            "  group_concat(coalesce(act.name, s.speaker_label), '; ') as by_actors\n"
            "from decisions d join statements s on s.decision_id = d.id and s.kind = 'interpretative_statement'\n"
            "left join actors act on act.id = s.actor_id\n"
            "group by d.id order by statements desc, d.id"
        ),
    },
    "decisions_by_body_and_year": {
        "title": "Decisions by body and year",
        "description": "Number of decisions adopted per body and year.",
        "sql": "select body, year, count(*) as decisions from decisions group by body, year order by body, year",
    },
    "documents_cited_most": {
        "title": "Documents cited most often",
        "description": "Documents by the number of speaker entries and decisions that cite them.",
        "sql": (
            "select d.symbol, d.series, d.year, d.title,\n"
            "  (select count(*) from statement_documents sd where sd.document_symbol = d.symbol) as cited_by_statements,\n"
            "  (select count(*) from decision_references dr where dr.document_symbol = d.symbol) as cited_by_decisions\n"
            "from documents d order by cited_by_statements + cited_by_decisions desc, d.symbol limit 100"
        ),
    },
    "eu_alignment_frequency": {
        "title": "How often each country aligned with EU statements",
        "description": "Countries by the number of European Union statements they aligned themselves with.",
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
        "description": "Speaker labels the actor registry could not match, with how often they occur: add them to build_data/data/actors.yml.",
        "sql": (
            "select speaker_label, resolution, count(*) as occurrences, min(id) as example\n"
            "from statements where actor_id is null\n"
            "group by speaker_label, resolution order by occurrences desc, speaker_label"
        ),
    },
}
