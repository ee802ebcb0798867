"""The lines a web page prints around and between the parts of a journal it shows (its title
in other casing, upload details, counters, buttons, links): page furniture, recognised
because they do not fit the journal's grammar where they stand, not by what they say.

A journal is read in regions, each with its own grammar:

- before the header: nothing but the header opens a journal (its symbol, the organisation,
  'Chairmanship:', the title in capitals, '1. Date'); what comes before is the site's;
- the header: every paragraph holds a field (a label, the title in capitals, a symbol, a
  date, the body, a note), or continues a note;
- section 3: every paragraph is an agenda line (item, sub-item, decision, presentation,
  narrative sentence, ...) or a speaker list, whose entries are names: capitalised words
  and the words that join them ('of', 'the', ...), with no digit, colon or lower-case word
  of their own. A lone name with nothing in parentheses right after another speaker list,
  or right before one, is not a speaker either (a list goes on after a comma);
- after section 3 (decisions, statements, annexes): every paragraph is a structural line
  (headers, titles, numbered items, bullets, headings) or prose, whose lines run on into
  the next one or end a sentence. A short phrase that neither ends a sentence nor runs on
  (the next line would have fitted after it) is not the journal's.

Anywhere, a line repeating the header's words in other casing is the site's. Only
paragraphs standing alone between blank lines (or page furniture) are judged, and a
paragraph is taken out whole.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from .after_journal import (
    DECISION_TITLE_RE,
    DELEGATION_RE,
    HEADER_LINE_RE,
    STATEMENT_TITLE_RE,
    _is_header_line,
)
from .agenda import DECISION_START_RE, ITEM_RE, LIST_KINDS, NARRATIVE_RE, NONE_RE, PRESENTATION_RE
from .dates import DATE_RE, parse_date
from .decision_text import CHAPEAU_RE
from .footnotes import FOOTNOTE_RE
from .meeting_header import (
    DATE_LINE_RE,
    LABEL_RE,
    MC_DAY_RE,
    MC_SESSION_RE,
    MISREAD_NEXT_RE,
    NEXT_RE,
    TITLE_RE,
)
from .memo import line_cache
from .notes_before_agenda import NOTE_START_RE
from .own_marks import first_appended
from .paragraphs import ASCII_LOWER_RE, BLOCK_START_RE, LEVEL_RE, SECTION_RE, is_upper_title
from .patterns import one_of
from .records import FurnitureItem, Line
from .speakers import split_entry, split_top_level
from .symbol_grammar import JOURNAL_SERIES, SYMBOL
from .vocabulary import (
    BODY_NAME,
    CHAIR_LABEL,
    CHAIRMANSHIP,
    CHAIRMANSHIP_LABEL,
    DATE_LABEL,
    MEETING_KIND,
    NUMBERED_ORDINAL,
    ORDINAL_SUFFIX,
    ORGANIZATION,
    ORIGINAL_LANGUAGE,
    PLENARY_MEETING,
    SECTION3_LABEL,
    SITTING_WORD,
)

KIND = "site_boilerplate"
HEADER_START_RE = re.compile(
    rf"^(?:{CHAIRMANSHIP_LABEL}|{DATE_LABEL}\b)|\b{JOURNAL_SERIES}\b|\b{ORGANIZATION}\b"
)
MEETING_WORD_RE = re.compile(r"\b(?:MEETING|SESSION|COUNCIL|FORUM)\b")
ORDINAL_SUFFIX_RE = re.compile(rf"(?<=\d){ORDINAL_SUFFIX}\b")
HEADER_FIELD_RE = re.compile(
    rf"(?=[A-Z])(?:{SYMBOL}|\b{ORIGINAL_LANGUAGE}|^(?:{ORGANIZATION}|{BODY_NAME})\b)"
)
# A field's label printed apart from its value ('1. Date' / ': Tuesday, 7 December 2004').
LABEL_APART_RE = re.compile(
    rf"(?:{CHAIRMANSHIP}|{DATE_LABEL}|{SITTING_WORD}|{CHAIR_LABEL})\s*:?\s*$|:\s"
)
PLENARY_TITLE_RE = re.compile(
    rf"(?=\d)(?<!\d){NUMBERED_ORDINAL}\s+(?:\(?{MEETING_KIND}\)?\s+)?{PLENARY_MEETING}\b",
    re.IGNORECASE,
)  # '(976th Plenary Meeting)'
SUB_ITEM_START_RE = re.compile(r"^\([a-z]\)\s")
ELLIPSIS_RE = re.compile(r"\.\.\.|…")
SENTENCE_START_RE = re.compile(
    rf"{DECISION_START_RE.pattern}|{PRESENTATION_RE.pattern}|{NARRATIVE_RE.pattern}", re.IGNORECASE
)
SECTION3_START_RE = re.compile(
    rf"^{SECTION3_LABEL}", re.IGNORECASE
)  # its label may wrap before the colon
SENTENCE_RE = re.compile(r"^(?:The|This|It|At|After|Following|In|On)\s+[a-zA-Z].*[.:]$")
ADDRESSED = "addressed the "
# The starts of an agenda line (or a line with ADDRESSED), tested at once.
AGENDA_LINE_RE = one_of(
    ITEM_RE,
    SUB_ITEM_START_RE,
    NONE_RE,
    DECISION_START_RE,
    PRESENTATION_RE,
    SENTENCE_RE,
    FOOTNOTE_RE,
    *(p for p, _ in LIST_KINDS),
    NEXT_RE,
)
# The structural lines of a decision or statement (or a title in capitals), tested at once:
# header lines, titles, a delegation, the start of a block, a footnote, the chapeau.
STRUCTURAL_LINE_RE = one_of(
    HEADER_LINE_RE,
    DECISION_TITLE_RE,
    STATEMENT_TITLE_RE,
    DELEGATION_RE,
    BLOCK_START_RE,
    FOOTNOTE_RE,
    CHAPEAU_RE,
)
# Words that join the capitalised words of a name ('Bosnia and Herzegovina', 'the former
# Yugoslav Republic of Macedonia', 'Mr. G. van den Berg'), and particles glued to one ('al-').
JOINING_WORDS = frozenset(
    [
        "of",
        "the",
        "and",
        "or",
        "for",
        "on",
        "at",
        "in",
        "to",
        "with",
        "by",
        "also",
        "former",
        "de",
        "da",
        "del",
        "della",
        "des",
        "du",
        "la",
        "le",
        "van",
        "von",
        "den",
        "der",
        "y",
        "et",
        "und",
    ]
)
PARTICLE_RE = re.compile(r"^[a-z]{1,3}['’-]\w")
TERMINAL = tuple(".,;:!?\"”’'»")
SENTENCE_END = tuple(".;:!?\"”’'»")
MIN_REPEATED = 5  # words of the header repeated in other casing: fewer may be a phrase of its own
SHORT = 100  # characters: a site's line is short; longer lines are judged as the journal's
# a line is full when the next word would pass this share of the width (fonts are proportional)
FULL = 0.85
MAX_LINES = 12  # a paragraph of more lines is the journal's (text with no blank lines is one)


def take_site_text(
    lines: list[Line], furniture: dict[int, str] | None = None
) -> tuple[list[Line], list[FurnitureItem]]:
    """(journal lines, the site's lines as page furniture) of a journal's content lines;
    furniture gives the kind of the lines already taken out, by number (the site's join the
    paragraphs around them, a page's break them)."""
    furniture = furniture or {}
    site_lines = {n for n, kind in furniture.items() if kind == KIND}
    start = next((i for i, ln in enumerate(lines) if _opens_header(ln.text)), None)
    region = "header"
    if _opens_in_agenda(lines, start):  # the first page lost: the text opens inside the
        # agenda, with the end of an item whose start is lost
        start, region = 0, "agenda"
    if start is None:
        return lines, []
    site = list(range(start))
    header_end = next(
        (
            i
            for i in range(start, len(lines))
            if SECTION3_START_RE.match(lines[i].text) or ITEM_RE.match(lines[i].text)
        ),
        len(lines),
    )
    header = " ".join(
        ln.text for ln in lines[start:header_end] if _journal_token(ln.text, titles=False)
    )
    blocks = _blocks(lines, start, site_lines)
    lengths = sorted(len(ln.text) for ln in lines)
    width = lengths[
        (len(lengths) - 1) * 9 // 10
    ]  # a full line of the text (the longest may be an odd one)
    kept_prev, next_value = None, False
    item_titles = _items_in_other_casing(lines)
    appended = first_appended(lines, start)
    # a misread '4. Next meeting' label ends the agenda only when no label comes after it
    # ('4. Other matters:' may be an agenda's line; an MC journal's earlier session has its own)
    labels = functools.cache(lambda: [i for i, ln in enumerate(lines) if NEXT_RE.match(ln.text)])
    for k, (a, b) in enumerate(blocks):
        block = lines[a:b]
        region, judged = _region(region, block, lambda a=a: not any(n > a for n in labels()))
        if region != "after" and appended is not None and a <= appended < b:
            # the documents appended to a journal whose '4. Next meeting' is lost
            region, judged = "after", False
        if len(block) <= MAX_LINES and (
            _other_casing(block, header, region)
            or (item_titles and any(i in item_titles for i in range(a, b)))
        ):
            bad = True
        elif next_value:  # the value of a '4. Next meeting:' printed on its own: the first
            # paragraph, unless the one after it has the date and this one has none
            bad = parse_date(block[0].text) is None and any(
                parse_date(t) and not (_structural(t) or HEADER_FIELD_RE.search(t))
                for t in (lines[c].text for c, _ in blocks[k + 1 : k + 4])
            )
            next_value = bad
        elif (
            not judged
            or len(block) > MAX_LINES
            or any(len(ln.text) >= SHORT for ln in block)
            # in section 3 an agenda line keeps its paragraph (as _bad_agenda_block would
            # say): asked first, it spares the slower search for the journal's tokens
            or (region == "agenda" and any(_agenda_line(ln.text) for ln in block))
            or any(_journal_token(ln.text) for ln in block)
        ):
            bad = False
        elif _touches(block, site_lines) and not any(
            _structural(ln.text) or _agenda_line(ln.text) for ln in block
        ):
            bad = True  # short lines in one paragraph with a site's line
        elif region == "header":
            bad = _bad_header_block(block, kept_prev)
        elif region == "agenda":
            following = lines[blocks[k + 1][0] : blocks[k + 1][1]] if k + 1 < len(blocks) else None
            page_break = following is not None and any(
                n in furniture and n not in site_lines
                for n in range(block[-1].last + 1, following[0].no)
            )
            bad = _bad_agenda_block(block, kept_prev, following, width, header, page_break)
        else:
            sandwiched = (
                len(block) == 1
                and not _structural(block[0].text)
                and kept_prev is not None
                and _is_header_line(kept_prev[-1].text)
                and b < len(lines)
                and _is_header_line(lines[b].text)
            )
            bad = sandwiched or _bad_prose_block(
                block, kept_prev, functools.partial(_next_prose_line, lines, b), width
            )
        if bad:
            site.extend(range(a, b))
            continue
        if not (
            len(block) == 1 and FOOTNOTE_RE.match(block[0].text)
        ):  # a footnote stands aside of the text it breaks
            kept_prev = block
        if (
            m := NEXT_RE.match(block[-1].text)
            or (None if judged else MISREAD_NEXT_RE.match(block[-1].text))  # (a boundary's)
        ) and not m.group(1).strip():
            next_value = True
    if not site:
        return lines, []
    drop = set(site)
    furniture = [FurnitureItem(KIND, lines[i].text, lines[i].span, lines[i].page) for i in site]
    return [ln for i, ln in enumerate(lines) if i not in drop], sorted(
        furniture, key=lambda f: f.span.start
    )


def _opens_in_agenda(lines: list[Line], header: int | None) -> bool:
    """Does the text open inside a meeting's agenda (its first page lost): an agenda item
    before any header, and the meeting's '4. Next meeting' (or the documents appended to
    it) too? (A web page's line naming an agenda item before a whole journal has the
    journal's header after it.)"""
    item = next((i for i, ln in enumerate(lines[:header]) if ITEM_RE.match(ln.text)), None)
    if item is None:
        return False
    after = next((i for i in range(item, len(lines)) if NEXT_RE.match(lines[i].text)), None)
    if after is None:  # its '4. Next meeting' lost: the documents appended to it
        after = first_appended(lines, item)
    return header is None or (after is not None and after <= header)


def _next_prose_line(lines: list[Line], b: int) -> Line | None:
    """The next line of prose from lines[b] on: a page header the text kept (with a symbol)
    is passed over."""
    for c in range(b, len(lines)):
        if not (HEADER_FIELD_RE.search(lines[c].text) or _is_header_line(lines[c].text)):
            return lines[c]
    return None


def _touches(block: list[Line], site_lines: set[int]) -> bool:
    return any(n in site_lines for n in range(block[0].no - 1, block[-1].last + 2))


def _opens_header(text: str) -> bool:
    return bool(HEADER_START_RE.search(text)) or _capital_title(text)


def _capital_title(text: str) -> bool:
    """A meeting title as journals print it: in capitals (ordinals aside)."""
    return MEETING_WORD_RE.search(text) is not None and _in_capitals(text)


def _in_capitals(text: str) -> bool:
    """Is text in capitals, ordinals aside ('976th PLENARY MEETING')? Its first lower-case
    letter, unless a digit stands before it, is no ordinal's: most lines end there."""
    lower = ASCII_LOWER_RE.search(text)
    if lower is not None and not text[lower.start() - 1 : lower.start()].isdigit():
        return False
    return is_upper_title(ORDINAL_SUFFIX_RE.sub("", text))


def _blocks(lines: list[Line], start: int, site_lines: set[int]) -> list[tuple[int, int]]:
    """(first, end) index of each paragraph from start: lines with no blank line between."""
    out: list[tuple[int, int]] = []
    a = start
    for i in range(start + 1, len(lines)):
        gap = range(lines[i - 1].last + 1, lines[i].no)  # the blank or site's lines between
        if gap and not (site_lines and site_lines.issuperset(gap)):
            out.append((a, i))
            a = i
    if start < len(lines):
        out.append((a, len(lines)))
    return out


# what ends the agenda (its next meeting's label, or that label misread) and what ends the
# documents after it (an MC journal's next session), each one pattern: a line is tested once
AGENDA_END_RE = one_of(NEXT_RE, MISREAD_NEXT_RE)
AFTER_END_RE = one_of(DATE_LINE_RE, MC_SESSION_RE, MC_DAY_RE, SECTION3_START_RE)


def _region(region: str, block: list[Line], misread_next) -> tuple[str, bool]:
    """(region the block ends in, whether the block is judged): a block holding the
    boundary of a region belongs to the journal. misread_next(): may a misread next
    meeting label end the agenda?"""
    boundary = False
    for ln in block:
        if region == "header" and (SECTION3_START_RE.match(ln.text) or ITEM_RE.match(ln.text)):
            region, boundary = "agenda", True
        elif (
            region == "agenda"
            and AGENDA_END_RE.match(ln.text)
            and (NEXT_RE.match(ln.text) or misread_next())
        ):
            region, boundary = "after", True
        elif region == "after" and AFTER_END_RE.match(ln.text):
            # the next MC session: its date, its title (its date line may be lost), its
            # section 3 label (its title lost too)
            region = "agenda" if SECTION3_START_RE.match(ln.text) else "header"
            boundary = True
    return region, not boundary


@functools.lru_cache(maxsize=8)
def _casefolded(header: str) -> tuple[str, frozenset[str]]:
    """The header casefolded, and its words."""
    folded = header.casefold()
    return folded, frozenset(folded.split())


def _other_casing(block: list[Line], header: str, region: str) -> bool:
    """Does a line of the block repeat words (MIN_REPEATED or more) of the header in other casing,
    but for a word or two at its end? (After section 3, headers of decisions such as '3rd Plenary
    Meeting' are the journal's.)"""
    folded, header_words = _casefolded(header)
    for ln in block:
        if len(ln.text) >= 3 * SHORT:
            continue
        words = ln.text.split()
        if len(words) < MIN_REPEATED or words[1].casefold() not in header_words:
            # (the words repeated are five or more: the second stands between two spaces of
            # the header, one of its words)
            continue
        least = max(MIN_REPEATED, len(words) - 2)
        if (
            " ".join(words[:least]).casefold() not in folded  # held by any longer prefix
            or (region == "after" and _structural(ln.text))
            or _agenda_line(ln.text)
        ):
            continue
        k = len(words)  # the line, or the line but a word or two the site added ('- Documents')
        while " ".join(words[:k]).casefold() not in folded:
            k -= 1
        if " ".join(words[:k]) not in header:
            return True
    return False


def _items_in_other_casing(lines: list[Line]) -> set[int]:
    """The indexes of short lines that are one of the journal's agenda item lines (or its
    start, of MIN_REPEATED words or more) in other casing. The journal prints its items'
    titles in capitals; a site that took one for its page's title repeats it as it likes.
    (With the head of the journal lost, its header cannot tell them.)"""
    items = [
        (i, ln.text, m.group(2)) for i, ln in enumerate(lines) if (m := ITEM_RE.match(ln.text))
    ]
    if all(title.isupper() or not title for _, _, title in items):  # the usual journal
        return set()
    capital: list[str] = []
    other: list[tuple[int, str]] = []
    for i, text, title in items:
        if not title:
            continue
        if _in_capitals(title):
            capital.append(text.casefold())
        elif len(text) < SHORT and len(text.split()) >= MIN_REPEATED:
            other.append((i, " ".join(text.split()).casefold()))
    return {i for i, folded in other if any(item.startswith(folded) for item in capital)}


@line_cache
def _journal_token(text: str, titles: bool = True) -> bool:
    """Does the line hold what only a journal prints: a field label (or a label printed
    apart from its value, ': value' on the line after), a document symbol, the organisation
    or a body, a date, capitals, (with titles) a meeting's title in any case?"""
    return bool(
        (":" in text and LABEL_RE.search(text))  # every label ends with its colon
        or LABEL_APART_RE.match(text)
        or HEADER_FIELD_RE.search(text)
        or DATE_RE.search(text)
        or _in_capitals(text)
        or (titles and (TITLE_RE.search(text) or PLENARY_TITLE_RE.search(text)))
    )


def _bad_header_block(block: list[Line], prev: list[Line] | None) -> bool:
    if any(NOTE_START_RE.match(ln.text) for ln in block):
        return False
    note_goes_on = (
        prev is not None
        and not prev[-1].text.endswith(".")
        and not LABEL_RE.search(prev[-1].text)
        and block[0].text[:1].islower()
    )
    list_goes_on = prev is not None and prev[-1].text.endswith(
        ","
    )  # e.g. the second of two chairpersons
    return not (note_goes_on or list_goes_on)


@line_cache
def _agenda_line(text: str) -> bool:
    return AGENDA_LINE_RE.match(text) is not None or ADDRESSED in text


def name_like(label: str) -> bool:
    """Is label (a speaker entry without its parentheses) a name: capitalised words and the
    words that join them, no digit, no colon?"""
    if ":" in label:
        return False
    return all(
        w[0].isupper()
        or w in JOINING_WORDS
        or PARTICLE_RE.match(w)
        or not any(c.isalnum() for c in w)
        for w in label.split()
    )


def _entries(text: str) -> list[tuple[str, tuple[str, ...]]]:
    out = []
    for a, b in split_top_level(text):
        piece = text[a:b]
        if piece.strip(" ,;."):
            label, parens, _ = split_entry(piece)
            out.append((label, parens))
    return out


def _is_list(block: list[Line] | None) -> bool:
    return (
        block is not None and not _agenda_line(block[0].text) and not _agenda_line(block[-1].text)
    )


def _last_entry(block: list[Line]) -> str:
    """The block's text from the start of its last speaker entry (an open parenthesis holds
    the rest of the text in it); the block's last lines suffice."""
    text = " ".join(ln.text for ln in block[-3:])
    return text[split_top_level(text)[-1][0] :]


def _goes_on(prev: list[Line], tail: str, line: Line) -> bool:
    """Does line carry on the list of prev (tail: its last entry), broken by a page or a
    blank line: after a comma, 'and', 'of' or 'the', inside a parenthesis, or with '(' or a
    lower-case word? (As agenda._new_list reads a list, from its last entry only.)"""
    if line.no <= prev[-1].last + 1:
        return True
    if tail.count("(") > tail.count(")") or re.search(r"(?:,|\band|\bof|\bthe)\s*$", prev[-1].text):
        return True
    return line.text[:1] == "(" or line.text[:1].islower()


def _bad_agenda_block(
    block: list[Line],
    prev: list[Line] | None,
    following: list[Line] | None,
    width: int,
    header: str,
    page_break: bool,
) -> bool:
    if any(_agenda_line(ln.text) for ln in block):
        return False
    tail = _last_entry(prev) if prev is not None else ""  # the last entry of the list before
    text = " ".join(ln.text for ln in block)
    if (
        prev is not None
        and SENTENCE_START_RE.match(prev[0].text)
        and not prev[-1].text.endswith(".")
    ):
        # a decision, a presentation or a sentence going on after a page break
        if PRESENTATION_RE.match(prev[0].text):
            return not all(name_like(label) for label, _ in _entries(text))
        return _bad_prose_block(block, prev, lambda: following[0] if following else None, width)
    if prev is not None and not prev[-1].text.endswith(".") and _goes_on(prev, tail, block[0]):
        # the list before goes on: its last entry with this block must still be names
        if (
            tail.count("(") > tail.count(")")
            and ")" not in text
            and not _runs_on(block[-1].text, following[0] if following else None, width)
        ):
            return True  # inside a parenthesis that it neither closes nor carries on
        return bool(ELLIPSIS_RE.search(text)) or not any(
            name_like(label) for label, _ in _entries(f"{tail} {text}")
        )
    entries = _entries(text)
    if ELLIPSIS_RE.search(text) or not any(name_like(label) for label, _ in entries):
        return True  # no name at all (a list with one odd entry among names is still a list)
    if any(
        _broken_for_nothing(ln.text, nxt.text, width)
        for ln, nxt in zip(block, block[1:], strict=False)
    ):
        return True  # lines of names, not a list wrapped on the page
    if _lone(entries) and following is None and _is_list(prev):
        return True  # a lone name after the last list, where the text ends
    if (
        _lone(entries)
        and following is not None
        and following[0].text.startswith("(")
        and not page_break
    ):
        return True  # a name and its parenthesis are parted only by a page break
    return (
        _lone(entries)
        and following is not None
        and _is_list(following)
        and not _goes_on(block, text, following[0])
        and _clear_list(following, header)
    )


def _broken_for_nothing(line: str, nxt: str, width: int) -> bool:
    """Does a speaker list break after line where nothing made it (no comma or open
    parenthesis before the break, the next word would have fitted)?"""
    ends_entry_or_word = (
        line.endswith((",", ";", "("))
        or line.rsplit(" ", 1)[-1] in JOINING_WORDS
        or line.count("(") > line.count(")")
    )
    return not (
        ends_entry_or_word
        or nxt[:1] in "("
        or nxt[:1].islower()
        or len(line) + 1 + len(nxt.split()[0]) > FULL * width
    )


def _lone(entries: list[tuple[str, tuple[str, ...]]]) -> bool:
    return len(entries) == 1 and not entries[0][1]


def _clear_list(block: list[Line], header: str) -> bool:
    """Is the block a speaker list beyond doubt: names, and more than one or in parentheses?"""
    entries = _entries(" ".join(ln.text for ln in block))
    return (
        all(name_like(label) for label, _ in entries)
        and not _lone(entries)
        and not _other_casing(block, header, "agenda")
    )


def _phrase(text: str, opens: bool) -> bool:
    """A line that is no sentence's end and no structural line of a decision or statement
    (a line that opens a paragraph ends a sentence only with a word or more before it)."""
    return (
        not (text.endswith(TERMINAL) and (" " in text or not opens))
        and not _structural(text)
        and len(text) < SHORT
    )


@line_cache
def _structural(text: str) -> bool:
    return STRUCTURAL_LINE_RE.match(text) is not None or is_upper_title(text)


def _heading(text: str) -> bool:
    return bool(LEVEL_RE.match(text) or SECTION_RE.match(text)) or is_upper_title(text)


def _bad_prose_block(
    block: list[Line],
    prev: list[Line] | None,
    following: Callable[[], Line | None],
    width: int,
) -> bool:
    """Is the block a phrase that is not prose: a line that ends no sentence and does not run
    on into the next? following() gives the line after the block, looked for only when a
    test needs it (finding it can take a search through page headers)."""
    first = block[0].text
    if any(_structural(ln.text) for ln in block):
        return False
    unfinished = (
        prev is not None
        and not prev[-1].text.endswith(SENTENCE_END)
        and not _heading(prev[-1].text)
    )
    if first[:1].islower() and unfinished:
        return False  # a paragraph going on after a page break
    if (
        unfinished
        and not block[-1].text.endswith(TERMINAL)
        and sum(len(ln.text) for ln in block) < SHORT
        and (after := following()) is not None
        and after.text[:1].islower()
    ):
        # a short block inside a paragraph broken by a page: the page's, not the paragraph's
        return True
    for k, ln in enumerate(block):
        if _phrase(ln.text, k == 0) and not _runs_on(
            ln.text, block[k + 1] if k + 1 < len(block) else following(), width
        ):
            return True
    return False


def _runs_on(text: str, nxt: Line | None, width: int) -> bool:
    """Does a line run on into the next: it ends with a comma, semicolon or joining word such
    as 'of', the next starts in lower case, or the next word would not have fitted on a full
    line of the text (width)?"""
    if text.endswith((",", ";")) or text.rsplit(" ", 1)[-1] in JOINING_WORDS:
        return True
    return nxt is not None and (
        nxt.text[:1].islower() or len(text) + 1 + len(nxt.text.split()[0]) > FULL * width
    )
