"""Section 3 of a journal: agenda items, their speaker lists and decisions."""

from __future__ import annotations

import re

from .joined import Joined
from .memo import line_cache
from .records import AgendaItem, DecisionNotice, Issue, Line, Note, Span, SpeakerEntry
from .speakers import parse_speakers, split_top_level
from .vocabulary import (
    ANNOUNCED_DECISION,
    CHAIRPERSON,
    CONTRIBUTION_LABEL,
    DECISION_NO,
    DECISION_NUMBER,
    DECISIONS_LABEL,
    HONORIFIC,
    POINT_OF_ORDER_LABEL,
    PRESENTATION,
    RIGHT_OF_REPLY_LABEL,
    decision_number,
)

# (also as OCR misreads it: 'Agenda itern 2:', 'Agenda item 2 REVIEW ...' without its colon
# when a title in capitals, ending no sentence, fills the rest of the line)
ITEM_RE = re.compile(
    r"^Agenda\s+[il1]t[ec](?:m|rn)\s+(\d+)"
    r"(?:\s*:\s*|\s+(?=(?-i:[A-Z][A-Z(][^a-z.]*[A-Z)])$))(.*)$",
    re.IGNORECASE,
)
NONE_RE = re.compile(r"^None\.?$", re.IGNORECASE)
DECISION_START_RE = re.compile(rf"^(?:{DECISIONS_LABEL}|{ANNOUNCED_DECISION})", re.IGNORECASE)
DECISION_RE = re.compile(
    rf"{DECISION_NO}\s*(?=\d|\()(?:(?P<number>{DECISION_NUMBER})\s*)?"
    r"(?:\((?P<symbol>[^()]*)\))?"
    r"(?:\s+on\s+(?P<title>.+?)(?:,\s+the text of which|,?\s+had been adopted|\.$|$))?",
    re.IGNORECASE | re.DOTALL,
)
LIST_KINDS = [
    (re.compile(rf"^{POINT_OF_ORDER_LABEL}\s*", re.IGNORECASE), "point_of_order"),
    (re.compile(rf"^{RIGHT_OF_REPLY_LABEL}\s*", re.IGNORECASE), "right_of_reply"),
    (re.compile(rf"^{CONTRIBUTION_LABEL}\s*:\s*", re.IGNORECASE), "contribution"),
]


# The end of a sentence with more after it (not an initial, 'No.' or 'Mr.'), e.g. of a
# decision notice in a journal run together on one line: '... to this journal. Chairperson'.
SENTENCE_END_RE = re.compile(r"(?<=[a-z]{3})\.\s+(?=[A-Z(])")


def _decision_lines(body: list[Line], i: int) -> tuple[int, int | None]:
    """Index after the last line of a decision notice starting at body[i], and the offset in
    that line where text that is not part of the notice begins (None: the notice ends it)."""
    for j in range(i, len(body)):
        text = body[j].text
        if text.rstrip().endswith("."):
            return j + 1, None
        if j > i and (ITEM_RE.match(text) or DECISION_START_RE.match(text)):
            return j, None
        if m := SENTENCE_END_RE.search(text):
            return j + 1, m.end()
    return len(body), None


SUB_ITEM_RE = re.compile(r"^\(([a-z])\)\s+(?=\S|\s:)(.|.+?(?<!\s))\s*:\s*(.*)$")
# A sub-item printed without a letter: '<topic>: <speaker list>'.
TOPIC_RE = re.compile(r"^(?P<topic>[A-Z](?:[^:()]|\([^()]*\)){2,200}):\s+(?P<rest>[A-Z(].*)$")
# A lettered sub-item heading cut before its colon by a line break.
UNFINISHED_SUB_ITEM_RE = re.compile(r"^\([a-z]\)\s+[^:]*$")
# 'Presentation by ...', 'Presentations on <topic> by Mr. A, ...' (the first 'by' before a name).
PRESENTATION_RE = re.compile(
    rf"^[–-]?\s*{PRESENTATION}\s+(?:on\s+(?:[^:\s]+\s+)*?by\s+(?=[A-Z]|the\s)|by\s+)(.+)$"
)
# Where the speaker list starts when it is run together with the last presenter's affiliation
# ('..., Ministry of Defence of Sweden Chairperson, Colonel P. Q. Lindqvist, Ukraine'); not
# a presenter who is a chairperson ('the FSC Chairperson, Ambassador X', 'Mr. X, Chairperson, Y').
LIST_AFTER_PRESENTER_RE = re.compile(rf"(?<![,;:\s])(?<!\bthe)\s+(?={CHAIRPERSON}\s*[,(])")
HONORIFIC_START_RE = re.compile(rf"{HONORIFIC}\s")
# 'Mr. A, Head of X, and Ms. B, Adviser, Y': several presenters in one line.
PRESENTER_SPLIT_RE = re.compile(rf",?(?<!\s)\s+and\s+(?={HONORIFIC}\s)")
ADDRESSED_RE = re.compile(
    r"^(?P<who>.|.+?(?:(?<!\s)|(?=,))),?\s+addressed the (?:Meeting|Council|Forum|"
    r"Conference)\b\s*(?P<rest>.*)$"
)
NARRATIVE_RE = re.compile(r"^(?:The|This|It|At|After|Following|In|On)\s+[a-zA-Z]")
# An item title is the upper-case run after 'Agenda item N:' ('(continued)', numbers such as
# '2.1', '1st', 'No. 3/22' belong to it); what follows on a run-together line is the item's text.
TITLE_WORD_RE = re.compile(
    r"(?:\((?:continued|cont'd)\)|\([^()a-z]*\)|(?![A-Z]\.[A-Z]\.)(?=[^\sa-z]*[A-Z])[^\sa-z]*+|[\d,:;–—&/-]+(?:\.\d+)*|\d+(?:st|nd|rd|th)|No\.(?=\s+\d)|[A-Z]’S|of|and|the)(?=\s|$)"
)


@line_cache
def split_title(text: str) -> tuple[str, str]:
    """('TITLE', 'rest') of an item heading printed with its text on one line."""
    pos, end = 0, 0
    while True:
        m = TITLE_WORD_RE.match(text, pos)
        if not m:
            break
        word = m.group(0)
        if word in ("of", "and", "the"):  # lower-case words only inside a title
            pos = m.end() + 1
            continue
        end = m.end()
        pos = m.end()
        while pos < len(text) and text[pos] == " ":
            pos += 1
    if end == 0:
        return text.strip(), ""
    return text[:end].strip(), text[end:].strip()


CONTINUED = ("(continued)", "(cont'd)")  # ends a title; an upper-case parenthesis ('(ERP)') may not
CONNECTORS = {"OF", "AND", "THE", "ON", "TO", "FOR", "IN", "BY", "A", "AN", "WITH", "AT", "FROM"}


def _title_continuation(head: str, title: str, line: Line) -> tuple[str, str] | None:
    """(rest of the title, rest of the line) when a title wrapped onto the next line: the
    heading ran to the width of the page or stopped at a word like OF, and the next line
    starts with upper-case words (not a short abbreviation that begins a name, e.g. 'OSCE
    Project Co-ordinator')."""
    if (
        not title
        or title.endswith(CONTINUED)
        or (len(head) < 60 and title.split()[-1] not in CONNECTORS)
    ):
        return None
    if (
        not TITLE_WORD_RE.match(line.text) or line.text[:1].islower()
    ):  # 'the former Yugoslav Republic ...' starts a speaker list
        return None
    cont, rest = split_title(line.text)
    if not cont or not any(c.isalpha() for c in cont) or cont.startswith("("):
        return None
    if rest and len(cont.split()) == 1 and len(cont) <= 5 and rest[:1].isupper():
        return None
    return cont, rest


def parse_agenda(lines: list[Line]) -> tuple[list[AgendaItem], list[Line], list[Issue]]:
    """Agenda items found in lines (sub-items follow their item); returns also the lines
    before the first item."""
    starts = [i for i, ln in enumerate(lines) if ITEM_RE.match(ln.text)]
    before = lines[: starts[0]] if starts else list(lines)
    items, issues = [], []
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        item_list, item_issues = _parse_item(lines[i], lines[i + 1 : end])
        items.extend(item_list)
        issues.extend(item_issues)
    return items, before, issues


class _Bucket:
    """Entries, decisions and notes of one item or sub-item while it is read."""

    def __init__(self, number, label, parent, title, head):
        self.number, self.label, self.parent, self.title = number, label, parent, title
        self.lines: list[Line] = [head]
        self.entries: list = []
        self.decisions: list = []
        self.notes: list = []
        self.pending: list[Line] = []

    def flush(self):
        if self.pending:
            self.entries.extend(parse_speakers(self.pending, "statement", len(self.entries) + 1))
            self.pending.clear()

    def item(self) -> AgendaItem:
        self.flush()
        return AgendaItem(
            self.number,
            self.label,
            self.parent,
            self.title,
            tuple(self.entries),
            tuple(self.decisions),
            Span.of(self.lines),
            tuple(self.notes),
        )


def _parse_item(head: Line, body: list[Line]) -> tuple[list[AgendaItem], list[Issue]]:
    m = ITEM_RE.match(head.text)
    number = int(m.group(1))
    title, rest = split_title(m.group(2).strip())
    if rest:
        body = [head.with_text(rest), *body]
    elif body and (more := _title_continuation(head.text, title, body[0])) is not None:
        cont, rest = more
        title = f"{title} {cont}"
        body = ([body[0].with_text(rest)] if rest else []) + body[1:]
    buckets = [_Bucket(number, None, None, title, head)]
    issues: list[Issue] = []
    i = 0
    while i < len(body):
        ln = body[i]
        b = buckets[-1]
        if NONE_RE.match(ln.text):
            b.flush()
            b.lines.append(ln)
            i += 1
            continue
        if sm := SUB_ITEM_RE.match(ln.text):
            b.flush()
            sub = _Bucket(number, f"({sm.group(1)})", number, sm.group(2).strip(), ln)
            buckets.append(sub)
            if sm.group(3).strip():
                sub.pending.append(ln.with_text(sm.group(3).strip()))
            i += 1
            continue
        if ":" in ln.text and (tm := TOPIC_RE.match(ln.text)) and _is_topic(tm, b.pending):
            b.flush()
            sub = _Bucket(number, None, number, tm.group("topic").strip(), ln)
            buckets.append(sub)
            speakers, more = _glued_topic(tm.group("rest"))
            sub.pending.append(ln.with_text(speakers))
            if more:  # the next topic, run together with this one's last speaker, is read next
                body = [*body[: i + 1], ln.with_text(more), *body[i + 1 :]]
            i += 1
            continue
        b.lines.append(ln)
        if DECISION_START_RE.match(ln.text):
            b.flush()
            j, cut = _decision_lines(body, i)
            if cut is not None:  # what follows the notice on its last line is read next
                last = body[j - 1]
                body = [
                    *body[: j - 1],
                    last.with_text(last.text[:cut].rstrip()),
                    last.with_text(last.text[cut:]),
                    *body[j:],
                ]
            b.lines.extend(body[i + 1 : j])
            notice, from_symbol = _decision_notice(body[i:j])
            if notice:
                b.decisions.append(notice)
                if from_symbol:
                    issues.append(
                        Issue(
                            "warning",
                            "decision-number-from-symbol",
                            "The decision line prints no decision number; it is read from the "
                            f"symbol {notice.issued_symbol} as {notice.number}.",
                            notice.span,
                            notice.issued_symbol,
                        )
                    )
            else:
                issues.append(
                    Issue(
                        "warning",
                        "unreadable-decision",
                        "A decision line names no decision number; the "
                        "decision is not linked to this agenda item.",
                        Span.of(body[i:j]),
                        Joined(body[i:j]).text[:200],
                    )
                )
            i = j
            continue
        if pm := PRESENTATION_RE.match(ln.text):
            b.flush()
            presenters, speakers = _presentation(pm.group(1).removesuffix(".").rstrip())
            for who in presenters:
                b.entries.append(SpeakerEntry(len(b.entries) + 1, who, (), "presentation", ln.span))
            if speakers:
                b.pending.append(ln.with_text(speakers))
        elif NARRATIVE_RE.match(ln.text):
            b.flush()
            b.notes.append(Note("narrative", ln.text, (), ln.span))
        elif "addressed the " in ln.text and (
            am := ADDRESSED_RE.match(ln.text)
        ):  # the test in front spares the slow pattern
            b.flush()
            who = am.group("who").strip(" ,")
            refs = tuple(p.strip() for p in re.findall(r"\(([^()]*)\)", am.group("rest")))
            b.entries.append(SpeakerEntry(len(b.entries) + 1, who, refs, "statement", ln.span))
        else:
            for pattern, kind in LIST_KINDS:
                if pm := pattern.match(ln.text):
                    b.flush()
                    b.entries.extend(
                        parse_speakers([ln], kind, len(b.entries) + 1, prefix_len=pm.end())
                    )
                    break
            else:
                if b.pending and _new_list(b.pending, ln):
                    b.flush()
                b.pending.append(ln)
        i += 1
    return [b.item() for b in buckets], issues


def _presentation(text: str) -> tuple[list[str], str]:
    """(presenters with their affiliations, the speaker list that follows on the line) of
    what follows 'Presentation(s) [on <topic>] by'. The list starts after a colon, or with
    the Chairperson's entry glued to the last affiliation."""
    pieces = split_top_level(text, ":")
    if len(pieces) > 1:
        cut, rest = pieces[0][1], text[pieces[1][0] :]
    elif (m := LIST_AFTER_PRESENTER_RE.search(text)) and (
        "," in text[: m.start()] or HONORIFIC_START_RE.match(text)
    ):
        cut, rest = m.start(), text[m.end() :]  # after '<name>, <affiliation>' or '<rank> <name>'
    else:
        cut, rest = len(text), ""
    presenters = [p.strip(" ,;") for p in PRESENTER_SPLIT_RE.split(text[:cut])]
    return [p for p in presenters if p], rest.strip()


def _glued_topic(text: str) -> tuple[str, str]:
    """(speakers of a topic, the next '<topic>: ...' run together with them, or ''). The next
    topic can be told from the last speaker only after a parenthesis ('Canada (PC.DEL/1/23)
    Situation in Belarus: Lithuania'); a name cannot be told from a topic in general."""
    pieces = split_top_level(text, ":")
    if len(pieces) < 2:
        return text.strip(), ""
    before = text[: pieces[0][1]]
    close = before.rfind(")")
    tail = before[close + 1 :]
    if close < 0 or "," in tail or "(" in tail or not tail.strip()[:1].isupper():
        return text.strip(), ""
    return text[: close + 1].strip(), text[close + 1 :].strip()


def _is_topic(m: re.Match, pending: list[Line]) -> bool:
    """Is a '<words>: <capital> ...' line a sub-item with no letter? Not a line with a label
    of its own ('Decision:', 'Point of order:', 'Presentations on X by ...:'), a sentence
    (which ends with a full stop), a one-word label with its value (a header field or a web
    site's line: 'Chairmanship: ...', 'Category: ...') or a value with no lower-case letter
    ('Original: ENGLISH'), or the rest of a list left open on the line before (after a comma,
    'and', inside a parenthesis) or of a lettered heading wrapped before its colon."""
    text, topic, rest = m.string, m.group("topic"), m.group("rest")
    if rest.rstrip().endswith(".") or SENTENCE_END_RE.search(topic):
        return False
    if " " not in topic.strip() or not any(
        c.islower() for c in rest
    ):  # 'Category: Politics', 'Original: ENGLISH'
        return False
    if (
        DECISION_START_RE.match(text)
        or PRESENTATION_RE.match(text)
        or any(p.match(text) for p, _ in LIST_KINDS)
    ):
        return False
    return not (pending and (_open_list(pending) or UNFINISHED_SUB_ITEM_RE.match(pending[-1].text)))


def _open_list(pending: list[Line]) -> bool:
    """Does the pending speaker list stop where it must go on: after a comma, 'and', or
    inside a parenthesis?"""
    text = " ".join(ln.text for ln in pending)
    return (
        text.count("(") > text.count(")")
        or re.search(r"(?:,|\band|\bof|\bthe)\s*$", text) is not None
    )


def _new_list(pending: list[Line], line: Line) -> bool:
    """Does line start a new speaker list rather than continue the pending one? A blank
    line (a gap in the numbering) after a complete entry ends a list; a list split by a
    page break goes on after a comma, 'and', an open parenthesis, or with a parenthesis
    or a lower-case word."""
    last = pending[-1]
    if line.no <= last.last + 1:
        return False
    if _open_list(pending):
        return False
    return line.text[:1] != "(" and not line.text[:1].islower()


def _decision_notice(lines: list[Line]) -> tuple[DecisionNotice | None, bool]:
    """The notice, and whether its number was read from its symbol."""
    text = Joined(lines).text
    m = DECISION_RE.search(text)
    if not m:
        return None, False
    title = m.group("title")
    symbol = (m.group("symbol") or "").strip() or None
    number, from_symbol = decision_number(m.group("number"), symbol)
    if not number:
        return None, False
    return DecisionNotice(
        number, symbol, " ".join(title.split()) if title else None, Span.of(lines)
    ), from_symbol
