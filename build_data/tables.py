"""The table catalogue: every published table and column, declared once.

The SQLite schema (store.py), the Frictionless descriptors (export.py) and Datasette's
metadata.yml (publish.py) are all generated from this module, so they cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

# Column types and how each target spells them.
SQLITE_TYPES = {
    "string": "TEXT",
    "integer": "INTEGER",
    "boolean": "INTEGER",
    "date": "TEXT",
    "time": "TEXT",
    "number": "REAL",
}
TIME_PATTERN = r"[0-2][0-9]:[0-5][0-9]"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, integer, boolean, date, time, number
    description: str
    required: bool = False
    fk: str | None = None  # "table.column"
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    facets: tuple[str, ...] = ()
    label_column: str | None = None
    sort: str | None = None  # default sort column (ascending)
    sort_desc: str | None = None
    fts: tuple[str, ...] = ()
    # Extra indexes beyond FKs, facets and sort: a column, or a tuple of columns (an index a
    # dashboard chart reads alone, its grouping columns first).
    indexes: tuple[str | tuple[str, ...], ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name}")

    @property
    def foreign_keys(self) -> tuple[tuple[str, str, str], ...]:
        """(column, other table, other column) for every declared foreign key."""
        return tuple((c.name, *c.fk.split(".")) for c in self.columns if c.fk)

    @property
    def index_keys(self) -> tuple[tuple[str, ...], ...]:
        """The secondary indexes, each the tuple of its columns, named by its first.

        A facet column's index also holds the default sort column and the other facets, so
        a facet click (the rows with one value, in the default order, with the other facets
        counted over them) reads one range of one index and no table rows. Then each extra
        index of several columns, and one index per foreign-key column, the default sort
        column and each extra column, unless an index or the primary key already starts
        with it."""
        sort = self.sort or self.sort_desc
        keys: list[tuple[str, ...]] = []
        for facet in self.facets:
            cols = [facet, sort, *self.facets]
            keys.append(tuple(c for i, c in enumerate(cols) if c and c not in cols[:i]))
        keys += [k for k in self.indexes if isinstance(k, tuple)]
        singles = [c for c, _, _ in self.foreign_keys] + [sort]
        singles += [c for c in self.indexes if isinstance(c, str)]
        for col in singles:
            if col and col != self.primary_key[0] and col not in [k[0] for k in keys]:
                keys.append((col,))
        return tuple(keys)

    @property
    def has_provenance(self) -> bool:
        return {"source_id", "line_start", "line_end"} <= set(self.column_names)


def provenance(required: bool = True) -> tuple[Column, ...]:
    return (
        Column(
            "source_id",
            "string",
            "The input file this row was read from.",
            required,
            fk="sources.id",
        ),
        Column(
            "line_start",
            "integer",
            "First line of the source text this row was read from (1-based); the line's text, and "
            "for a PDF its page, are in source_lines.",
            required,
        ),
        Column(
            "line_end",
            "integer",
            "Last line of the source text this row was read from (inclusive).",
            required,
        ),
    )


BODIES = ("PC", "FSC", "MC")
LEVELS = ("error", "warning")

SOURCES = Table(
    "sources",
    "Sources",
    "One row per input file: what it is, how it was read and whether it was built.",
    (
        Column(
            "id",
            "string",
            "Stable id of the file's content: the first 12 hex digits of its SHA-256.",
            True,
        ),
        Column("filename", "string", "File name as given to the build.", True),
        Column("sha256", "string", "SHA-256 of the file's bytes.", True),
        Column(
            "format",
            "string",
            "How the file was read.",
            True,
            enum=("text", "pdf", "docx", "unknown"),
        ),
        Column("encoding", "string", "Text encoding the file was decoded with (text files)."),
        Column("bytes", "integer", "Size of the file in bytes.", True),
        Column(
            "line_count",
            "integer",
            "Number of lines of the text as read (the numbering used by line_start and line_end).",
            True,
        ),
        Column(
            "doc_kind",
            "string",
            "What the document is.",
            True,
            enum=(
                "journal",
                "decision",
                "status_table",
                "other",
                "not_recognised",
                "unreadable",
                "duplicate",
            ),
        ),
        Column(
            "symbol",
            "string",
            "The document's own symbol, when it prints one (e.g. PC.JOUR/976, FSC.DEC/8/15).",
        ),
        Column(
            "duplicate_of",
            "string",
            "For a file whose journal was already read from another file: that file's id.",
            fk="sources.id",
        ),
        Column(
            "superseded_by",
            "string",
            "For an original superseded by a corrigendum in "
            "the same build: the corrigendum's source id.",
            fk="sources.id",
        ),
    ),
    ("id",),
    facets=("format", "doc_kind"),
    label_column="filename",
    sort="filename",
)

SOURCE_LINES = Table(
    "source_lines",
    "Source lines",
    "The text of every source as it was parsed, one row per non-blank line: what line_start and "
    "line_end of every other table point to. For a PDF a line is a paragraph, and the page of any "
    "record is the page of its first line here.",
    (
        Column("source_id", "string", "The input file.", True, fk="sources.id"),
        Column(
            "line_number",
            "integer",
            "Number of the line in the text as read (1-based; "
            "blank lines are counted but not stored).",
            True,
        ),
        Column(
            "page",
            "integer",
            "Page of a PDF the line starts on (empty for "
            "text and DOCX sources, which have no pages).",
        ),
        Column(
            "page_end",
            "integer",
            "Page of a PDF the line ends on: later than "
            "page when a paragraph runs over a page break.",
        ),
        Column(
            "text",
            "string",
            "The line as extracted: page headers, footers and footnotes of a PDF or DOCX are "
            "already taken out (they are in page_furniture and footnotes).",
            True,
        ),
    ),
    ("source_id", "line_number"),
    # No default facet: lines per source (sources.line_count) counted over 5 M lines at
    # 30,000 journals took seconds.
    sort="source_id",
)

MEETINGS = Table(
    "meetings",
    "Meetings",
    "One row per meeting journal (a Ministerial Council "
    "journal with several sessions gives one row per session).",
    (
        Column("id", "string", "Readable id: body and meeting number, e.g. pc-976.", True),
        Column(
            "body",
            "string",
            "Decision-making body: PC (Permanent Council), FSC (Forum for Security Co-operation) "
            "or MC (Ministerial Council).",
            True,
            enum=BODIES,
        ),
        Column(
            "meeting_number", "integer", "Number of the plenary meeting (e.g. 976 for the 976th)."
        ),
        Column(
            "journal_symbol",
            "string",
            "Symbol of the journal, e.g. PC.JOUR/976 (with /Corr.n for a corrigendum).",
        ),
        Column(
            "journal_number",
            "integer",
            "Number of the journal; can differ from the meeting number (FSC).",
        ),
        Column(
            "corrigendum", "string", "Corrigendum suffix of the journal, e.g. Corr.1, or empty."
        ),
        Column(
            "kind",
            "string",
            "Kind of meeting, from its printed title; empty when the text prints no title "
            "(its first lines lost).",
            enum=("regular", "special", "reinforced", "joint", "session"),
        ),
        Column("title", "string", "Title of the meeting as printed."),
        Column("date", "date", "Date of the meeting (first day when it continued on a later day)."),
        Column("year", "integer", "Year of the meeting (for faceting)."),
        Column(
            "location",
            "string",
            "The parenthetical after the date, as printed (e.g. Kyiv, via video teleconference).",
        ),
        Column("opened", "time", "Time the meeting opened (HH:MM, 24 h)."),
        Column("closed", "time", "Time the meeting closed (HH:MM, 24 h)."),
        Column(
            "chairmanship",
            "string",
            "Chairmanship as printed (the participating State chairing the OSCE).",
        ),
        Column(
            "chairmanship_actor_id",
            "string",
            "The chairmanship resolved to an actor.",
            fk="actors.id",
        ),
        Column("chairperson", "string", "Chairperson(s) as printed; several are joined with '; '."),
        Column(
            "chair_actor_id",
            "string",
            "The chairing office ('Chairperson' in speaker lists resolves to it).",
            fk="actors.id",
        ),
        Column("next_meeting_date", "date", "Date of the next meeting, as announced."),
        Column("next_meeting_time", "time", "Time of the next meeting (HH:MM, 24 h)."),
        Column("next_meeting_place", "string", "Place of the next meeting, as printed."),
        *provenance(),
    ),
    ("id",),
    facets=("body", "kind", "year"),
    label_column="id",
    sort_desc="date",
    indexes=("date",),
)

MEETING_SESSIONS = Table(
    "meeting_sessions",
    "Meeting sessions",
    "One row per sitting of a meeting: from its opening "
    "or resumption to its suspension or closure.",
    (
        Column("meeting_id", "string", "The meeting.", True, fk="meetings.id"),
        Column("seq", "integer", "Order of the sitting within the meeting (1-based).", True),
        Column("date", "date", "Date of the sitting."),
        Column("started", "time", "Time the sitting opened or resumed (HH:MM)."),
        Column("ended", "time", "Time the sitting was suspended or closed (HH:MM)."),
        Column("ended_by", "string", "How the sitting ended.", enum=("suspended", "closed")),
        *provenance(),
    ),
    ("meeting_id", "seq"),
    sort="meeting_id",
)

AGENDA_ITEMS = Table(
    "agenda_items",
    "Agenda items",
    "One row per agenda item of a meeting; sub-items, lettered (a), (b) or printed without a "
    "letter, are rows of their own with a parent.",
    (
        Column(
            "id",
            "string",
            "Readable id: meeting id and item number, e.g. pc-976/1 (sub-items pc-976/1a; "
            "sub-items printed without a letter pc-976/1-1, pc-976/1-2 in order).",
            True,
        ),
        Column("meeting_id", "string", "The meeting.", True, fk="meetings.id"),
        Column("number", "integer", "Agenda item number as printed."),
        Column("label", "string", "Letter of a sub-item, e.g. (a); empty when none is printed."),
        Column("parent_id", "string", "For a sub-item: its agenda item.", fk="agenda_items.id"),
        Column("title", "string", "Title as printed."),
        Column("position", "integer", "Order within the meeting.", True),
        *provenance(),
    ),
    ("id",),
    facets=("meeting_id",),
    label_column="title",
    sort="id",
)

DECISIONS = Table(
    "decisions",
    "Decisions",
    "One row per adopted decision, with its full text.",
    (
        Column("id", "string", "Readable id, e.g. pc-dec-1107.", True),
        Column("symbol", "string", "Canonical symbol without corrigendum, e.g. PC.DEC/1107.", True),
        Column("issued_symbol", "string", "Symbol as issued, e.g. PC.DEC/1107/Corr.1."),
        Column("body", "string", "Body that adopted it.", True, enum=BODIES),
        Column(
            "number",
            "string",
            "Decision number as printed (e.g. 1107, or 8/15 for numbers with a year).",
        ),
        Column("title", "string", "Title of the decision."),
        Column("meeting_id", "string", "Meeting at which it was adopted.", fk="meetings.id"),
        Column(
            "agenda_item_id",
            "string",
            "Agenda item under which it was adopted.",
            fk="agenda_items.id",
        ),
        Column("adopted_on", "date", "Date of adoption."),
        Column("year", "integer", "Year of adoption (for faceting)."),
        Column(
            "text",
            "string",
            "Full text: page furniture and footnotes removed, "
            "paragraphs split by page breaks rejoined.",
        ),
        *provenance(),
    ),
    ("id",),
    facets=("body", "year"),
    label_column="title",
    sort="id",
    fts=("title", "text"),
)

DECISION_PARAGRAPHS = Table(
    "decision_paragraphs",
    "Decision paragraphs",
    "Preambular and operative paragraphs of each decision, "
    "and annex paragraphs that are not action items.",
    (
        Column("decision_id", "string", "The decision.", True, fk="decisions.id"),
        Column("position", "integer", "Order within the decision (1-based).", True),
        Column(
            "kind",
            "string",
            "preambular (the considerations), operative (what is decided) or annex.",
            True,
            enum=("preambular", "operative", "annex"),
        ),
        Column("text", "string", "Text of the paragraph.", True),
        *provenance(),
    ),
    ("decision_id", "position"),
    facets=("kind", "decision_id"),
    sort="decision_id",
)

ACTION_ITEMS = Table(
    "action_items",
    "Action items",
    "Numbered recommended actions for participating States and tasks for OSCE institutions and "
    "bodies in a decision or its annex.",
    (
        Column(
            "id",
            "string",
            "Readable id: decision, section, level and number, e.g. pc-dec-1107/II/national/1.1.",
            True,
        ),
        Column("decision_id", "string", "The decision.", True, fk="decisions.id"),
        Column("section", "string", "Roman numeral of the annex section, e.g. III."),
        Column("section_title", "string", "Title of the section."),
        Column(
            "level",
            "string",
            "national: recommended action for participating States; osce: task for OSCE "
            "institutions and bodies.",
            enum=("national", "osce"),
        ),
        Column(
            "heading",
            "string",
            "Heading the item stands under, e.g. Prevention of all forms of trafficking.",
        ),
        Column("number", "string", "Number as printed, e.g. 1.12.", True),
        Column(
            "text",
            "string",
            "Text of the item (page breaks and footnotes repaired, bulleted sub-lists kept).",
            True,
        ),
        Column(
            "responsible_actor_id",
            "string",
            "First OSCE body or official the item makes responsible "
            "(for faceting; all are in action_item_actors).",
            fk="actors.id",
        ),
        Column("position", "integer", "Order within the decision.", True),
        *provenance(),
    ),
    ("id",),
    facets=("section", "level", "heading", "responsible_actor_id"),
    label_column="number",
    sort="id",
    fts=("heading", "text"),
)

ACTION_ITEM_ACTORS = Table(
    "action_item_actors",
    "Action item actors",
    "Actors named in an action item: as responsible for it, or mentioned.",
    (
        Column("action_item_id", "string", "The action item.", True, fk="action_items.id"),
        Column("actor_id", "string", "The actor.", True, fk="actors.id"),
        Column(
            "role",
            "string",
            "responsible (the subject of the task) or mentioned.",
            True,
            enum=("responsible", "mentioned"),
        ),
        Column("matched_text", "string", "The words of the item that named the actor."),
        *provenance(),
    ),
    ("action_item_id", "actor_id", "role"),
    facets=("role", "actor_id"),
    sort="action_item_id",
)

ACTORS = Table(
    "actors",
    "Actors",
    "States, groups, OSCE bodies and officials, organisations and persons (reference data from "
    "the registry plus persons seen in journals).",
    (
        Column("id", "string", "Stable readable id, e.g. russian-federation, odihr.", True),
        Column("name", "string", "Name.", True),
        Column(
            "kind",
            "string",
            "Kind of actor.",
            True,
            enum=(
                "participating_state",
                "partner_state",
                "group",
                "osce_body",
                "osce_official",
                "international_organization",
                "person",
                "other",
            ),
        ),
        Column("iso_alpha2", "string", "ISO 3166-1 alpha-2 code (states; from pycountry)."),
        Column("iso_alpha3", "string", "ISO 3166-1 alpha-3 code (states; from pycountry)."),
        Column("abbreviation", "string", "Usual abbreviation, e.g. ODIHR."),
        Column(
            "valid_from",
            "date",
            "For a State that ceased to exist or changed: first day of validity.",
        ),
        Column("valid_to", "date", "Last day of validity."),
        Column(
            "parent_id",
            "string",
            "The actor this one is part of (e.g. a Secretariat unit), or for a person the State "
            "or organisation the text says they speak for or work for.",
            fk="actors.id",
        ),
    ),
    ("id",),
    facets=("kind",),
    label_column="name",
    sort="name",
)

ACTOR_ALIASES = Table(
    "actor_aliases",
    "Actor aliases",
    "Every spelling of an actor known to the registry or seen in the sources.",
    (
        Column("alias", "string", "The spelling.", True),
        Column("actor_id", "string", "The actor.", True, fk="actors.id"),
    ),
    ("alias", "actor_id"),
    facets=("actor_id",),
    sort="alias",
)

STATEMENTS = Table(
    "statements",
    "Statements",
    "Entries of agenda items' speaker lists, and statements attached to decisions or annexed to "
    "the journal (with their text).",
    (
        Column(
            "id",
            "string",
            "Readable id, e.g. pc-976/1/s2, or pc-dec-1107/att1 for an attached statement.",
            True,
        ),
        Column("meeting_id", "string", "The meeting.", True, fk="meetings.id"),
        Column("agenda_item_id", "string", "The agenda item.", fk="agenda_items.id"),
        Column("position", "integer", "Order within the agenda item's speaker list."),
        Column("speaker_label", "string", "Speaker as printed."),
        Column(
            "actor_id",
            "string",
            "The speaker resolved to an actor (empty when unresolved).",
            fk="actors.id",
        ),
        Column(
            "delivered_by_actor_id",
            "string",
            "Who delivered it, when it differs from the "
            "actor (e.g. Germany for Germany-European Union).",
            fk="actors.id",
        ),
        Column(
            "kind",
            "string",
            "statement (speaker-list entry), point_of_order, right_of_reply, contribution "
            "(written), presentation, interpretative_statement (text attached to a decision), "
            "annexed_statement (text annexed to the journal).",
            True,
            enum=(
                "statement",
                "point_of_order",
                "right_of_reply",
                "contribution",
                "presentation",
                "interpretative_statement",
                "annexed_statement",
            ),
        ),
        Column(
            "decision_id",
            "string",
            "The decision the statement is about (interpretative statements).",
            fk="decisions.id",
        ),
        Column(
            "attachment_number",
            "integer",
            "Number of the attachment to the decision that holds the text.",
        ),
        Column("annex_number", "integer", "Number of the journal annex that holds the text."),
        Column(
            "entry_id",
            "string",
            "For an attached or annexed text: the speaker-list entry it belongs to.",
            fk="statements.id",
        ),
        Column(
            "resolution",
            "string",
            "How speaker_label was matched to actor_id.",
            enum=(
                "exact",
                "normalized",
                "fuzzy",
                "chair",
                "person",
                "official",
                "unknown",
                "ambiguous",
                "blanked",
            ),
        ),
        Column("text", "string", "Text of the statement, when the journal carries it."),
        *provenance(),
    ),
    ("id",),
    # No default facet. actor_id, kind and meeting_id counted every one of 2.6 M rows at
    # 30,000 journals (a second each); the sparse delivered_by_actor_id was cheap on the
    # table page but counted again over every match of a search (Datasette 0.65 runs each
    # facet over `rowid in (select rowid from statements_fts ...)`: 110 of a search's 400 ms
    # at 30,000), where it was empty for any word of the texts (only speaker-list entries,
    # which carry no text, have a deliverer). An actor's statements are linked from its row
    # page; `?_facet=` still counts any column on demand.
    label_column="speaker_label",
    sort="id",
    fts=("speaker_label", "text"),
    indexes=(
        # The statements one actor delivered for another (linked from the actor's row
        # page), read in page order from one range of this index.
        ("delivered_by_actor_id", "id"),
        # The dashboard's statements per actor: counted group by group along this index
        # alone (it also serves an actor's statements, as the actor_id index would).
        ("actor_id", "speaker_label", "kind", "meeting_id"),
    ),
)

STATEMENT_ALIGNMENTS = Table(
    "statement_alignments",
    "Statement alignments",
    "Countries aligning themselves with a statement (the '(with ... in alignment)' lists) or on "
    "whose behalf it was made.",
    (
        Column("statement_id", "string", "The statement.", True, fk="statements.id"),
        Column(
            "relation", "string", "aligned or on_behalf_of.", True, enum=("aligned", "on_behalf_of")
        ),
        Column("position", "integer", "Order in the printed list.", True),
        Column("label", "string", "Country as printed.", True),
        Column("actor_id", "string", "The country resolved to an actor.", fk="actors.id"),
        *provenance(),
    ),
    ("statement_id", "relation", "position"),
    # No default facet: actor_id and relation counted every one of 2.4 M rows at 30,000
    # journals. A country's alignments are linked from its row page in actors.
    sort="statement_id",
    # The dashboard's alignment frequency: counted group by group along this index alone.
    indexes=(("relation", "actor_id", "label", "statement_id"),),
)

DOCUMENTS = Table(
    "documents",
    "Documents",
    "Every OSCE document symbol seen anywhere in the sources, parsed.",
    (
        Column("symbol", "string", "Canonical symbol, e.g. MC.DD/6/13/Rev.3/Corr.1.", True),
        Column("series", "string", "Series, e.g. PC.DEL, MC.DD.", True),
        Column("number", "integer", "Number within the series."),
        Column("year", "integer", "Year (four digits) for series numbered per year."),
        Column("revision", "integer", "Revision number (Rev.n)."),
        Column("corrigendum", "integer", "Corrigendum number (Corr.n)."),
        Column("addendum", "integer", "Addendum number (Add.n)."),
        Column(
            "distribution",
            "string",
            "Distribution marker as printed with a citation.",
            enum=("OSCE+", "Restr."),
        ),
        Column("title", "string", "Title, when the text gives one."),
        *provenance(),
    ),
    ("symbol",),
    # Only the sparse facet: series and year counted every one of 600,000 symbols at 30,000
    # journals (a facet click on series then counted 350,000 rows three times).
    facets=("distribution",),
    label_column="symbol",
    sort="symbol",
)

STATEMENT_DOCUMENTS = Table(
    "statement_documents",
    "Statement documents",
    "Documents cited by a speaker entry (e.g. the written version of a statement).",
    (
        Column("statement_id", "string", "The statement.", True, fk="statements.id"),
        Column("document_symbol", "string", "The document.", True, fk="documents.symbol"),
        Column("printed", "string", "The reference as printed."),
        *provenance(),
    ),
    ("statement_id", "document_symbol"),
    # No default facet: a document's citations are linked from its row page in documents;
    # counted for every symbol (600,000 of them at 30,000 journals) the facet took seconds.
    sort="statement_id",
)

DECISION_REFERENCES = Table(
    "decision_references",
    "Decision references",
    "Documents and decisions a decision forwards, recalls or otherwise refers to.",
    (
        Column("decision_id", "string", "The decision.", True, fk="decisions.id"),
        Column("position", "integer", "Order within the decision.", True),
        Column(
            "document_symbol",
            "string",
            "The document referred to, when it has a symbol.",
            fk="documents.symbol",
        ),
        Column("target", "string", "What is referred to, as printed."),
        Column("relation", "string", "forwards, recalls, reaffirms, cites, ...", True),
        *provenance(),
    ),
    ("decision_id", "position"),
    facets=("relation", "decision_id"),
    sort="decision_id",
)

FOOTNOTES = Table(
    "footnotes",
    "Footnotes",
    "Footnotes found in the text, taken out of the sentences they interrupted; for a PDF or DOCX, "
    "line_start is the line that carried the footnote mark.",
    (
        Column("id", "string", "Readable id: source id and line.", True),
        Column("number", "string", "Footnote number as printed."),
        Column("text", "string", "Text of the footnote.", True),
        Column("attached_to", "string", "Id of the record it annotates, when known."),
        Column(
            "page",
            "integer",
            "Page of a PDF the footnote is printed on (empty for text and DOCX sources).",
        ),
        *provenance(),
    ),
    ("id",),
    sort="id",
)

PAGE_FURNITURE = Table(
    "page_furniture",
    "Page furniture",
    "Running headers, footers, page numbers and hosting-site boilerplate "
    "recognised and taken out of the text; for a PDF, line_start is the line "
    "running on that page (the first for a header, the last for a footer).",
    (
        Column("id", "string", "Readable id: source id and position.", True),
        Column(
            "kind",
            "string",
            "What it is.",
            True,
            enum=(
                "page_header",
                "page_footer",
                "page_number",
                "internal_code",
                "site_boilerplate",
                "repeated_text",
            ),
        ),
        Column("page", "integer", "Page number, when known (PDF)."),
        Column("text", "string", "The text removed.", True),
        *provenance(),
    ),
    ("id",),
    facets=("kind",),
    sort="id",
)

PARSE_ISSUES = Table(
    "parse_issues",
    "Parse issues",
    "Everything the parser could not fully understand, "
    "with the source lines, so nothing is lost silently.",
    (
        Column("id", "string", "Readable id: source id and sequence.", True),
        Column(
            "level",
            "string",
            "error (content lost or unusable) or warning (content kept, with doubt).",
            True,
            enum=LEVELS,
        ),
        Column("code", "string", "Slug naming the problem, e.g. unknown-actor.", True),
        Column("message", "string", "One sentence: what is wrong and what to do.", True),
        Column("excerpt", "string", "The text concerned (shortened)."),
        *provenance(),
    ),
    ("id",),
    facets=("code", "level"),
    sort="id",
)


# --- issue 3 (layouts): notes before the agenda, every annex of a speaker, what any
# document's first lines say (journals or not).
MEETING_NOTES = Table(
    "meeting_notes",
    "Meeting notes",
    "Narrative paragraphs of a journal that are not speaker lists: reminders, condolences and "
    "points of order before the agenda (agenda_item_id empty), or sentences inside an item ('The "
    "Chairperson formally opened ...').",
    (
        Column("id", "string", "Readable id: meeting id and position, e.g. fsc-947/n1.", True),
        Column("meeting_id", "string", "The meeting.", True, fk="meetings.id"),
        Column(
            "agenda_item_id",
            "string",
            "The agenda item, or empty for a note before the agenda.",
            fk="agenda_items.id",
        ),
        Column("position", "integer", "Order within the meeting.", True),
        Column(
            "kind",
            "string",
            "procedural (before the agenda), point_of_order (its speakers are also statements of "
            "kind point_of_order), narrative (inside an item).",
            True,
            enum=("procedural", "point_of_order", "narrative"),
        ),
        Column("text", "string", "The paragraph as printed.", True),
        *provenance(),
    ),
    ("id",),
    facets=("kind", "meeting_id"),
    sort="id",
    fts=("text",),
)

STATEMENT_ANNEXES = Table(
    "statement_annexes",
    "Statement annexes",
    "Every journal annex a speaker-list entry refers to "
    "('(Annex 2)'); statements.annex_number holds the first.",
    (
        Column("statement_id", "string", "The speaker-list entry.", True, fk="statements.id"),
        Column("annex_number", "integer", "Number of the journal annex.", True),
        *provenance(),
    ),
    ("statement_id", "annex_number"),
    sort="statement_id",
)

DOCUMENT_HEADERS = Table(
    "document_headers",
    "Document headers",
    "What the first lines of each source say, whatever kind of document it is: body, symbol, "
    "date, meeting and journal numbers, chairmanship.",
    (
        Column("source_id", "string", "The input file.", True, fk="sources.id"),
        Column("body", "string", "Body named in the header.", enum=BODIES),
        Column(
            "symbol",
            "string",
            "First document symbol of the header, as "
            "printed (e.g. FSC.DEC/8/15, MC.INF/6/18/Rev.4).",
        ),
        Column("date", "date", "First date of the header (the first day of a range)."),
        Column(
            "meeting_number",
            "integer",
            "Plenary meeting number printed in the header ('807th Plenary Meeting').",
        ),
        Column(
            "journal_number",
            "integer",
            "Journal number printed in the header ('FSC Journal No. 813').",
        ),
        Column(
            "agenda_item",
            "integer",
            "Agenda item printed with the journal number ('Agenda item 2').",
        ),
        Column("chairmanship", "string", "Chairmanship as printed."),
        Column("line_start", "integer", "First line of the header (1-based).", True),
        Column("line_end", "integer", "Last line read for the row's span (inclusive).", True),
    ),
    ("source_id",),
    facets=("body",),
    sort="source_id",
)

CATALOGUE: tuple[Table, ...] = (
    SOURCES,
    SOURCE_LINES,
    ACTORS,
    ACTOR_ALIASES,
    MEETINGS,
    MEETING_SESSIONS,
    AGENDA_ITEMS,
    DECISIONS,
    DECISION_PARAGRAPHS,
    ACTION_ITEMS,
    ACTION_ITEM_ACTORS,
    STATEMENTS,
    STATEMENT_ALIGNMENTS,
    DOCUMENTS,
    STATEMENT_DOCUMENTS,
    DECISION_REFERENCES,
    FOOTNOTES,
    PAGE_FURNITURE,
    PARSE_ISSUES,
    MEETING_NOTES,
    STATEMENT_ANNEXES,
    DOCUMENT_HEADERS,
)
TABLES = {t.name: t for t in CATALOGUE}
