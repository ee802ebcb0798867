"""The text of an adopted decision: title, chapeau, preambular and operative paragraphs,
annex with action items, and the documents it forwards or recalls."""

from __future__ import annotations

import re

from .action_items import parse_annex
from .paragraphs import BULLET_RE, Para, is_upper_title, rejoin
from .records import Line, Paragraph, Reference
from .vocabulary import ANNEX, BODY_NAME

CHAPEAU_RE = re.compile(rf"^The (?:{BODY_NAME}|Council)\s*(?:\(FSC\))?,$")
OPERATIVE_RE = re.compile(r"^(?:\d+\.\s+)?(?:[A-Z][a-z]+s|Decides|Adopts|Agrees)\b")
ANNEX_START_RE = re.compile(rf"^{ANNEX}\b")
PREAMBLE_RELATIONS = {
    "recalling": "recalls",
    "reaffirming": "reaffirms",
    "taking note": "takes_note",
    "noting": "notes",
    "welcoming": "welcomes",
    "bearing in mind": "bears_in_mind",
    "guided by": "guided_by",
    "building on": "builds_on",
    "acting upon": "acts_upon",
    "reiterating": "reiterates",
    "recognizing": "recognizes",
}
DOCUMENT_NOUN_RE = re.compile(
    r"\b(?:Decision|Declaration|Action Plan|Document|Charter|Convention|Protocol|Final Act|"
    r"Concept|Strategy|Resolution|Statement|Code of Conduct|Principles)\b"
)
VERBS_S_NOT_OPERATIVE = {"Is", "This", "His", "Its", "Has", "Was"}


def _is_operative(text: str) -> bool:
    m = OPERATIVE_RE.match(text)
    if not m:
        return False
    word = text.split()[0] if not text[0].isdigit() else text.split()[1]
    return word not in VERBS_S_NOT_OPERATIVE


def _preamble_reference(p: Para) -> Reference | None:
    low = p.text.lower()
    for lead, relation in PREAMBLE_RELATIONS.items():
        if low.startswith(lead):
            target = p.text[len(lead) :].strip().rstrip(",;")
            target = re.sub(r"^(?:of|that|with appreciation|further|also)\s+", "", target)
            if DOCUMENT_NOUN_RE.search(target):
                return Reference(relation, target, p.span)
    return None


def parse_decision_body(lines: list[Line]) -> tuple[str, list[Paragraph], list, list[Reference]]:
    """(full text, paragraphs, action items, references) of the lines after the title block."""
    paras = rejoin(lines)
    paragraphs: list[Paragraph] = []
    references: list[Reference] = []
    annex_at = None
    seen_operative = False
    for k, p in enumerate(paras):
        text = p.text
        if CHAPEAU_RE.match(text):
            continue
        if seen_operative and (is_upper_title(text) or ANNEX_START_RE.match(text)):
            annex_at = k
            break
        if (m := BULLET_RE.match(text)) and paragraphs:
            last = paragraphs[-1]
            paragraphs[-1] = Paragraph(
                last.kind, f"{last.text}\n- {m.group(1)}", last.span.union(p.span)
            )
            if last.kind == "operative" and re.search(
                r"\b(?:transmit|forward)", last.text, re.IGNORECASE
            ):
                references.append(Reference("forwards", m.group(1).rstrip(";.").strip(), p.span))
            continue
        if not seen_operative and _is_operative(text):
            seen_operative = True
        kind = "operative" if seen_operative else "preambular"
        paragraphs.append(Paragraph(kind, text, p.span))
        if kind == "preambular" and (ref := _preamble_reference(p)):
            references.append(ref)
    items = []
    if annex_at is not None:
        annex = paras[annex_at:]
        body = [q for q in annex if not (is_upper_title(q.text) or ANNEX_START_RE.match(q.text))]
        items, annex_paras = parse_annex(body)
        paragraphs.extend(annex_paras)
    full_text = "\n\n".join(p.text for p in paras)
    return full_text, paragraphs, items, references


TITLE_WITH_NOTE_RE = re.compile(r"^([^()]*[^()\s])\s+\([^()]*\)$")
# A title run together with the text after it: upper-case words (at least MIN_TITLE_WORDS),
# an optional note in parentheses, then a sentence ('... SEMINAR (Vienna, 16 and 17 February
# 2016) The OSCE will ...'). Read word by word: a pattern would backtrack over the words.
UPPER_WORD_RE = re.compile(
    r"(?<![^\sa-z()A-Z])[^\sa-z()A-Z]*[A-Z][^\sa-z()]*"
)  # split at its first capital, tried from the start of a run: no backtracking
SENTENCE_START_RE = re.compile(r"[A-Z“\"][a-z]")
MIN_TITLE_WORDS = 4


def split_title_run(line: Line) -> list[Line]:
    """A decision's title and the text run together after it, as two lines (one line
    when the title stands alone)."""
    if is_upper_title(line.text):
        return [line]
    words = line.text.split(" ")
    n = 0
    while n < len(words) and UPPER_WORD_RE.fullmatch(words[n]):
        n += 1
    if n < MIN_TITLE_WORDS:
        return [line]
    end = n
    if end < len(words) and words[end].startswith("("):  # the note: up to the word that closes it
        close = next(
            (k for k in range(end, len(words)) if ")" in words[k] or "(" in words[k][1:]), None
        )
        if (
            close is not None
            and words[close].endswith(")")
            and ")" not in words[close][:-1]
            and "(" not in words[close][1 if close == end else 0 :]
        ):
            end = close + 1
    if end >= len(words) or not SENTENCE_START_RE.match(words[end]):
        return [line]
    return [line.with_text(" ".join(words[:end])), line.with_text(" ".join(words[end:]))]


def title_block(lines: list[Line]) -> tuple[str, int]:
    """Title lines after 'DECISION No. N' (upper case, and a parenthetical such as the
    place and date after them, on its own line or on the title's last line): (title,
    number of lines used)."""
    used = 0
    parts = []
    for ln in lines:
        text = ln.text
        if not is_upper_title(text) and not (parts and text.startswith("(") and text.endswith(")")):
            head = TITLE_WITH_NOTE_RE.match(text)
            if not (head and is_upper_title(head.group(1))):
                break
        parts.append(text)
        used += 1
        if not is_upper_title(text):
            break  # the parenthetical ends the title
    return " ".join(parts), used
