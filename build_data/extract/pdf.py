"""PDF -> ExtractedText: body paragraphs as lines, page furniture and footnotes beside them.

Rules (all from layout, no OCR):

* Lines: words (pdfplumber, split where the font size changes) are grouped into lines,
  larger words first, so a raised superscript joins the line it belongs to.
* Furniture: a text chunk in the first or last three lines of a page is furniture when the
  same text (digits masked) stands at the same height on at least half of the other pages
  (running headers such as ``- 2 -``, ``PC.JOUR/976``, the date line); a chunk like ``- 2 -``
  or ``3`` there is a page number; a single code like ``PCOEJ976`` in the smaller font on the
  last line of a page is an internal code. The height condition keeps a repeated title
  from being taken for a header unless it also repeats on most pages.
* Footnotes: the run of lines at the bottom of a page in a font smaller than the body,
  starting with a number; lines without a number continue the previous footnote. A
  footnote mark is a number in a smaller, raised font glued to a body word; it is removed,
  and the footnote is attached to the line (paragraph) that carried its mark on its page.
* Provenance: every line gets the page it starts on and the page it ends on; furniture is
  attached to the first line running on its page (headers, top page numbers) or the last
  (footers, codes, bottom page numbers).
* Paragraphs: a line continues the previous one when the first word of the line (up to
  and including its first hyphen, where layouts may also wrap) would not have fitted at
  the end of the previous line, so the layout had to wrap; when there is no extra
  vertical space; when the line does not start a list item (``- 1.1``, ``1.``, ``-``,
  ``–``, ``•``); and when it is not a centred line after a non-centred one or a
  right-aligned line after another. The same test joins a paragraph across a page break.
* Hyphenation at a line end (``x-`` + ``y``): keep the hyphen when ``x-y`` occurs elsewhere
  in the document; else drop it when ``xy`` occurs elsewhere; else keep it when ``y`` is
  capitalised or numeric or ``x`` is an acronym, when ``x`` is a common prefix (co, anti,
  non, ...) or ``y`` a common compound tail (based, related, ...), or when both parts are
  words of the document; otherwise drop it (a soft hyphenation such as ``organi-zation``).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from .model import ExtractedFootnote, ExtractedText, ExtractIssue, Furniture

LIST_ITEM = re.compile(r"^(-\s+\d+(\.\d+)+\s|\d+(\.\d+)*\.\s|[-–•]\s)")
PAGE_NUMBER = re.compile(r"^(-\s*\d+\s*-|\d{1,4}|Page \d+( of \d+)?)$", re.I)
INTERNAL_CODE = re.compile(r"^[A-Z]{3,}\d{2,}[A-Z]?$")
HYPHENS = "-\u2010\xad"
PREFIXES = {"co", "anti", "non", "multi", "self", "cross", "socio", "post", "pre", "ex", "semi", "counter"}
COMPOUND_TAILS = {"based", "related", "led", "oriented", "building", "raising", "making", "level", "term",
                  "wide", "scale", "free", "specific", "sensitive", "owned", "up"}
TOKEN = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*")
HYPHENATED_RE = re.compile(r"([^\W\d_][\w-]*)[" + HYPHENS + r"]$")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class Line:
    page: int
    words: list[Word] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words if w.size >= self.size * 0.8)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words if w.size >= self.size * 0.8)

    @property
    def size(self) -> float:
        sizes = Counter()
        for w in self.words:
            sizes[round(w.size, 1)] += len(w.text)
        return sizes.most_common(1)[0][0]


def _issue(code: str, message: str, level: str = "error") -> ExtractIssue:
    return ExtractIssue(level=level, code=code, message=message)


def _failed(issue: ExtractIssue) -> ExtractedText:
    return ExtractedText(format="pdf", lines=(), pages=(), issues=(issue,))


def _check_readable(path: Path) -> ExtractIssue | None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            return _issue("encrypted-pdf", f"{path.name} is encrypted with a password; obtain an unprotected copy from the publisher.")
        if len(reader.pages) == 0:
            return _issue("empty-pdf", f"{path.name} has no pages; download the document again or drop it from the sources.")
    except Exception as exc:  # pypdf raises many types for broken files
        return _issue("damaged-pdf", f"{path.name} cannot be read as a PDF ({type(exc).__name__}); download it again.")
    return None


def extract_pdf(path: Path, ocr: bool = True) -> ExtractedText:
    """ocr: read a scan by OCR when that is switched on (see ocr.py); otherwise no-text-layer."""
    import pdfplumber

    path = Path(path)
    problem = _check_readable(path)
    if problem:
        return _failed(problem)
    try:
        with pdfplumber.open(path) as pdf:
            heights = [float(p.height) for p in pdf.pages]
            pages = [_page_lines(p) for p in pdf.pages]
            images = sum(len(p.images) for p in pdf.pages)
    except Exception as exc:
        return _failed(_issue("damaged-pdf", f"{path.name} cannot be parsed ({type(exc).__name__}); download it again."))
    if not any(pages):
        if ocr and images:
            from .ocr import extract_scanned

            scanned = extract_scanned(path, extract_pdf)
            if scanned is not None:
                return scanned
        hint = "its pages are images (a scan)" if images else "it contains no text"
        return _failed(_issue("no-text-layer", f"{path.name} has no text layer because {hint}; OCR it before extraction (or build with --ocr where Tesseract is installed)."))
    return _assemble(pages, heights)


def _page_lines(page) -> list[Line]:
    words = [Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]), float(w["size"]))
             for w in page.extract_words(extra_attrs=["size"], use_text_flow=False) if w.get("upright", True)]
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (-round(w.size, 1), w.top, w.x0)):
        centre = (w.top + w.bottom) / 2
        for ln in lines:
            first = ln.words[0]
            if first.top - 0.35 * (first.bottom - first.top) <= centre <= first.bottom:
                ln.words.append(w)
                break
        else:
            lines.append(Line(page=page.page_number, words=[w]))
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
    return sorted(lines, key=lambda ln: ln.top)


def _is_superscript(w: Word, line: Line, prev: Word | None) -> bool:
    return (w.text.isdigit() and w.size < line.size * 0.8 and w.bottom < line.bottom - 1
            and prev is not None and w.x0 - prev.x1 < 1.5)


def _chunks(line: Line) -> list[list[Word]]:
    """Split a line where the horizontal gap is wide (a header has left, centre and right parts)."""
    out = [[line.words[0]]]
    for prev, w in zip(line.words, line.words[1:]):
        if w.x0 - prev.x1 > 2 * line.size:
            out.append([])
        out[-1].append(w)
    return out


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def _remove_furniture(pages: list[list[Line]], heights: list[float], body_size: float) -> list[tuple[Furniture, bool]]:
    """Furniture taken out of the pages, each with whether it stood in the top half of its page."""
    edge = lambda lines: {id(ln) for ln in lines[:3] + lines[-3:]}  # noqa: E731
    seen: dict[tuple[str, int], set[int]] = defaultdict(set)
    for lines in pages:
        edges = edge(lines)
        for ln in lines:
            if id(ln) in edges:
                for ch in _chunks(ln):
                    seen[(_mask(" ".join(w.text for w in ch)), round(ch[0].top / 3))].add(ln.page)
    n = len(pages)
    furniture: list[tuple[Furniture, bool]] = []
    for lines, height in zip(pages, heights):
        edges = edge(lines)
        keep: list[Line] = []
        for i, ln in enumerate(lines):
            if id(ln) not in edges:
                keep.append(ln)
                continue
            rest: list[Word] = []
            for ch in _chunks(ln):
                text = " ".join(w.text for w in ch)
                key = (_mask(text), round(ch[0].top / 3))
                others = len(seen[key] - {ln.page})
                kind = None
                if PAGE_NUMBER.match(text) and (i < 2 or i >= len(lines) - 2):
                    kind = "page_number"
                elif n > 1 and others >= max(1, (n - 1) / 2):
                    kind = "page_header" if ch[0].top < height / 2 else "page_footer"
                elif i == len(lines) - 1 and len(ch) == 1 and INTERNAL_CODE.match(text) and ln.size < body_size:
                    kind = "internal_code"
                if kind:
                    furniture.append((Furniture(page=ln.page, kind=kind, text=text), ch[0].top < height / 2))
                else:
                    rest.extend(ch)
            if rest:
                ln.words = rest
                keep.append(ln)
        lines[:] = keep
    return furniture


def _take_footnotes(lines: list[Line], body_size: float) -> list[ExtractedFootnote]:
    start = len(lines)
    while start > 0 and lines[start - 1].size < body_size * 0.9:
        start -= 1
    tail = lines[start:]
    if not tail or not re.match(r"^\d+$", tail[0].words[0].text):
        return []
    notes: list[list] = []
    for ln in tail:
        first = ln.words[0].text
        if re.match(r"^\d+$", first) and len(ln.words) > 1:
            notes.append([ln.page, first, " ".join(w.text for w in ln.words[1:])])
        elif notes:
            notes[-1][2] += " " + ln.text
    del lines[start:]
    return [ExtractedFootnote(page=p, number=num, text=" ".join(t.split())) for p, num, t in notes]


def _strip_marks(line: Line) -> None:
    kept: list[Word] = []
    for w in line.words:
        if _is_superscript(w, line, kept[-1] if kept else None):
            line.marks.append(w.text)
        else:
            kept.append(w)
    line.words = kept


def _assemble(pages: list[list[Line]], heights: list[float]) -> ExtractedText:
    sizes = Counter()
    for lines in pages:
        for ln in lines:
            sizes[ln.size] += len(ln.text)
    body_size = sizes.most_common(1)[0][0]
    furniture = _remove_furniture(pages, heights, body_size)
    footnotes: list[ExtractedFootnote] = []
    for lines in pages:
        footnotes += _take_footnotes(lines, body_size)
        for ln in lines:
            _strip_marks(ln)
    body = [ln for lines in pages for ln in lines if ln.words]
    paragraphs = _paragraphs(body, body_size)
    out_lines: list[str] = []
    out_pages: list[int | None] = []
    out_ends: list[int | None] = []
    line_of: dict[int, int] = {}  # id(Line) -> 1-based output line of its paragraph
    for lines, text in paragraphs:
        if out_lines:
            out_lines.append("")
            out_pages.append(None)
            out_ends.append(None)
        out_lines.append(text)
        out_pages.append(lines[0].page)
        out_ends.append(lines[-1].page)
        line_of.update((id(ln), len(out_lines)) for ln in lines)
    issues = ()
    marks = Counter((ln.page, m) for ln in body for m in ln.marks)
    notes = Counter((f.page, f.number) for f in footnotes)
    if marks != notes:
        issues = (_issue("footnote-mismatch", "Footnote marks and footnote texts do not pair up on every page; check the footnotes of this file by hand.", "warning"),)
    mark_lines: dict[tuple[int, str], list[int]] = defaultdict(list)
    for ln in body:
        for m in ln.marks:
            mark_lines[(ln.page, m)].append(line_of[id(ln)])
    footnotes = [replace(f, line=mark_lines[(f.page, f.number)].pop(0)) if mark_lines.get((f.page, f.number)) else f
                 for f in footnotes]
    first_on: dict[int, int] = {}
    last_on: dict[int, int] = {}
    for ln in body:
        first_on.setdefault(ln.page, line_of[id(ln)])
        last_on[ln.page] = line_of[id(ln)]
    placed = []
    for f, top in furniture:
        line = (first_on if top else last_on).get(f.page)
        if line is None:  # a page without body text: the text running before it
            line = max((n for page, n in last_on.items() if page < f.page), default=None)
        placed.append(replace(f, line=line))
    return ExtractedText(format="pdf", lines=tuple(out_lines), pages=tuple(out_pages), page_ends=tuple(out_ends),
                         footnotes=tuple(footnotes), furniture=tuple(placed), issues=issues)


def _paragraphs(body: list[Line], body_size: float) -> list[tuple[list[Line], str]]:
    """(layout lines, text) of every paragraph, in reading order."""
    if not body:
        return []
    right = statistics.quantiles([ln.x1 for ln in body], n=20)[-1] if len(body) > 1 else body[0].x1
    starts = Counter(round(ln.x0) for ln in body)
    left = starts.most_common(1)[0][0]
    texts_at: dict[int, set[str]] = defaultdict(set)
    for ln in body:
        texts_at[round(ln.x0)].add(ln.text)
    indents = {x for x, texts in texts_at.items() if len(texts) >= 3}
    gaps = [b.top - a.bottom for a, b in zip(body, body[1:]) if a.page == b.page and b.top > a.bottom - 1]
    usual_gap = statistics.median(gaps) if gaps else 0.0
    vocab = _vocabulary(body)
    paras: list[list[Line]] = [[body[0]]]
    for a, b in zip(body, body[1:]):
        if _continues(a, b, left, right, usual_gap, indents):
            paras[-1].append(b)
        else:
            paras.append([b])
    return [(lines, _join(lines, vocab)) for lines in paras]


def _continues(a: Line, b: Line, left: float, right: float, usual_gap: float, indents: set[int]) -> bool:
    """Whether line b is a wrapped continuation of line a (see module docstring)."""
    if LIST_ITEM.match(b.text):
        return False
    if a.page == b.page and b.top - a.bottom > usual_gap + 0.4 * a.size:
        return False
    width = right - left
    if b.x0 > left + 0.3 * width and abs(b.x1 - right) < 2 and abs(a.x1 - right) < 2:
        return False  # right-aligned lines, e.g. a symbol block
    if _centred(b, left, right, indents) and not _centred(a, left, right, indents):
        return False  # a centred heading after ordinary text
    if a.text[-1] in HYPHENS and a.text[-2:-1].isalpha():
        return right - a.x1 < 0.25 * width
    # Layouts may wrap after a hyphen, so only the part up to the first hyphen had to fit.
    first = b.words[0]
    unit = re.match(r"^[^-\u2010]*[-\u2010]?", first.text).group(0)
    unit_width = (first.x1 - first.x0) * len(unit) / len(first.text)
    return a.x1 + 0.25 * a.size + unit_width > right + 1


def _centred(line: Line, left: float, right: float, indents: set[int]) -> bool:
    """Centred between the margins and not starting at an indent that many lines share."""
    return (line.x0 > left + 5 and round(line.x0) not in indents
            and abs((line.x0 + line.x1) / 2 - (left + right) / 2) < 3)


def _vocabulary(body: list[Line]) -> tuple[Counter, set[str]]:
    """Words and hyphenated compounds of the document, not counting the pieces of line-end breaks."""
    words: Counter = Counter()
    compounds: set[str] = set()
    broke = False
    for ln in body:
        tokens = TOKEN.findall(ln.text)
        if broke and tokens:
            tokens = tokens[1:]
        broke = ln.text[-1] in HYPHENS
        if broke and tokens:
            tokens = tokens[:-1]
        for t in tokens:
            t = t.lower().replace("\u2010", "-")
            if "-" in t:
                compounds.add(t)
            for part in t.split("-"):
                words[part] += 1
    return words, compounds


def keep_hyphen(left: str, right: str, vocab: tuple[Counter, set[str]]) -> bool:
    """Whether a line-end break ``left-`` + ``right`` keeps its hyphen (rules in the module docstring)."""
    words, compounds = vocab
    l_tok, r_tok = left.lower(), right.lower()
    l_last, r_first = l_tok.split("-")[-1], r_tok.split("-")[0]
    if f"{l_tok}-{r_tok}" in compounds or f"{l_last}-{r_first}" in compounds:
        return True
    if words.get(l_last + r_first, 0) > 0:
        return False
    last_part = left.split("-")[-1]
    if right[:1].isupper() or right[:1].isdigit() or (last_part.isupper() and len(last_part) > 1):
        return True
    if l_last in PREFIXES or r_first in COMPOUND_TAILS:
        return True
    return words.get(l_last, 0) > 0 and words.get(r_first, 0) > 0 and len(l_last) > 2 and len(r_first) > 2


def _hyphenated(text: str) -> re.Match | None:
    """HYPHENATED_RE searched in text from the start of its last run of word characters
    and hyphens (a match cannot start earlier), when text ends with a hyphen (else the
    match is not used): searching from every position was quadratic in a long word."""
    if not text or text[-1] not in HYPHENS:
        return None
    start = len(text) - 1
    while start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
        start -= 1
    return HYPHENATED_RE.search(text, start)


def _join(lines: list[Line], vocab) -> str:
    text = lines[0].text
    for ln in lines[1:]:
        nxt = ln.text
        m = _hyphenated(text)
        n = TOKEN.match(nxt)
        if m and n and text[-1] in HYPHENS:
            if text[-1] == "\xad" or not keep_hyphen(m.group(1), n.group(0), vocab):
                text = text[:-1] + nxt
            else:
                text = text[:-1] + "-" + nxt
        else:
            text = text + " " + nxt
    return " ".join(text.split())
