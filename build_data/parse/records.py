"""Frozen records the parser produces: the structure of a document as printed.

Nothing here is resolved yet (actors, document symbols, ids): that is the normalize
stage's job. Every record carries the span of source lines it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """One logical line of content. Several may share a number when a physical line
    held several fields (flattened text); one may run over several physical lines, no to
    end, when a hard-wrapped paragraph was joined again. (Frozen like every record: a plain
    dataclass built faster, but saved only 2.5 % of the parser's instructions.)"""

    no: int
    text: str
    page: int | None = None
    end: int = 0  # last physical line, when beyond no

    def with_text(self, text: str) -> Line:
        """The same line holding text (a piece of it, or what is left of it)."""
        return Line(self.no, text, self.page, self.end)

    @property
    def last(self) -> int:
        return self.end or self.no

    @property
    def span(self) -> Span:
        return Span(self.no, self.end or self.no)


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    @staticmethod
    def of(lines) -> Span:
        return Span(min([ln.no for ln in lines]), max([ln.end or ln.no for ln in lines]))

    def union(self, other: Span | None) -> Span:
        if other is None:
            return self
        return Span(min(self.start, other.start), max(self.end, other.end))


@dataclass(frozen=True)
class Issue:
    level: str  # 'error' or 'warning'
    code: str
    message: str
    span: Span
    excerpt: str = ""


@dataclass(frozen=True)
class FurnitureItem:
    kind: str
    text: str
    span: Span
    page: int | None = None


@dataclass(frozen=True)
class Footnote:
    number: str
    text: str
    span: Span
    context: str = ""  # 'journal' or the title of the decision it sits in


@dataclass(frozen=True)
class Sitting:
    date: str | None
    started: str | None
    ended: str | None
    ended_by: str | None  # 'suspended' or 'closed'
    span: Span


@dataclass(frozen=True)
class MeetingHeader:
    body: str | None
    title: str | None
    kind: str | None  # None when no title is printed
    meeting_number: int | None
    date: str | None
    location: str | None
    opened: str | None
    closed: str | None
    sittings: tuple[Sitting, ...]
    chairmanship: str | None
    chairpersons: tuple[str, ...]
    span: Span
    session: str | None = None  # MC session title as printed, e.g. 'OPENING SESSION (OPEN)'


@dataclass(frozen=True)
class SpeakerEntry:
    position: int
    label: str  # as printed, without the parentheticals
    parentheticals: tuple[str, ...]
    kind: str  # 'statement', 'point_of_order', 'right_of_reply', 'contribution', 'presentation'
    span: Span
    complete: bool = True  # False when the text ends inside one of its parentheses


@dataclass(frozen=True)
class DecisionNotice:
    """The journal's 'Decision: ... adopted Decision No. N (SYMBOL) on TITLE ...' line."""

    number: str
    issued_symbol: str | None
    title: str | None
    span: Span


@dataclass(frozen=True)
class Note:
    """A narrative paragraph of a journal that is not a speaker list: a procedural
    reminder, condolences, a point of order before the agenda, 'The Chairperson
    formally opened ...'. Points of order also carry their speaker entries."""

    kind: str  # 'procedural', 'point_of_order', 'narrative'
    text: str
    entries: tuple[SpeakerEntry, ...]
    span: Span


@dataclass(frozen=True)
class AgendaItem:
    number: int | None
    label: str | None  # '(a)' for sub-items
    parent_number: int | None
    title: str
    entries: tuple[SpeakerEntry, ...]
    decisions: tuple[DecisionNotice, ...]
    span: Span
    notes: tuple[Note, ...] = ()
    truncated: bool = False  # the source text ends inside this item


@dataclass(frozen=True)
class NextMeeting:
    date: str | None
    time: str | None
    place: str | None
    span: Span


@dataclass(frozen=True)
class Paragraph:
    kind: str  # 'preambular', 'operative', 'annex'
    text: str
    span: Span


@dataclass(frozen=True)
class ActionItem:
    section: str | None
    section_title: str | None
    level: str | None
    heading: str | None
    number: str
    text: str
    span: Span


@dataclass(frozen=True)
class Reference:
    relation: str  # 'forwards', 'recalls', 'reaffirms', ...
    target: str  # as printed
    span: Span


@dataclass(frozen=True)
class DecisionText:
    number: str
    title: str
    issued_symbol: str | None  # from the decision's own header, when printed
    meeting_number: int | None
    journal_number: int | None
    agenda_item: int | None
    date: str | None
    text: str
    paragraphs: tuple[Paragraph, ...]
    action_items: tuple[ActionItem, ...]
    references: tuple[Reference, ...]
    span: Span


@dataclass(frozen=True)
class AttachedStatement:
    kind: str  # 'interpretative_statement' or 'annexed_statement'
    number: int | None  # attachment or annex number when printed
    delegation: str | None  # as printed after 'By the delegation of'
    decision_number: str | None  # the decision it is attached to
    text: str
    span: Span


@dataclass(frozen=True)
class MeetingPart:
    """One meeting (or MC session) of a journal: its header, notes before the agenda,
    agenda items and next-meeting line."""

    header: MeetingHeader
    notes: tuple[Note, ...]
    agenda_items: tuple[AgendaItem, ...]
    next_meeting: NextMeeting | None
    span: Span
    starts_in_agenda: bool = False  # its text starts inside the agenda: earlier items lost


@dataclass(frozen=True)
class DocHeader:
    """What the first lines of any OSCE document say about it (journals or not)."""

    body: str | None
    symbol: str | None
    date: str | None
    meeting_number: int | None
    journal_number: int | None
    agenda_item: int | None
    chairmanship: str | None
    span: Span


@dataclass(frozen=True)
class ParsedDocument:
    doc_kind: str
    symbol: str | None
    body: str | None
    header: MeetingHeader | None
    journal_number: int | None
    corrigendum: int | None
    agenda_items: tuple[AgendaItem, ...]
    next_meeting: NextMeeting | None
    decisions: tuple[DecisionText, ...]
    attachments: tuple[AttachedStatement, ...]
    footnotes: tuple[Footnote, ...]
    furniture: tuple[FurnitureItem, ...]
    issues: tuple[Issue, ...]
    journal_span: Span | None
    notes: tuple[Note, ...] = ()  # before the agenda of the first meeting
    sessions: tuple[MeetingPart, ...] = ()  # further sessions of an MC journal
    doc_header: DocHeader | None = None
    starts_in_agenda: bool = False  # the first meeting's text starts inside its agenda
