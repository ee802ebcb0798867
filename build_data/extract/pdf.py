"""PDF -> ExtractedText: body paragraphs as lines, page furniture and footnotes beside them.

Rules (all from layout, no OCR):

* Lines: words (pdfplumber, split where the font size changes) are grouped into lines,
  larger words first, so a raised superscript joins the line it belongs to.
* Furniture: a text chunk in the first or last three lines of a page is furniture by the
  rules of paging.py (page numbers, running headers repeated on at least half of the other
  pages, an internal code like ``PCOEJ976`` on the last line), where a running header must
  also stand at the same height on those pages and an internal code be in the smaller font.
  The height condition keeps a repeated title from being taken for a header unless it also
  repeats on most pages.
* Footnotes: the run of lines at the bottom of a page in a font smaller than the body,
  starting with a number, grouped as paging.py does. A
  footnote mark is a number in a smaller, raised font glued to a body word; it is removed,
  and the footnote is attached to the line (paragraph) that carried its mark on its page.
* Provenance: as paging.compose gives it.
* Paragraphs: a line continues the previous one when the first word of the line (up to
  and including its first hyphen, where layouts may also wrap) would not have fitted at
  the end of the previous line, so the layout had to wrap; when there is no extra
  vertical space; when the line does not start a list item (``- 1.1``, ``1.``, ``-``,
  ``–``, ``•``); and when it is not a centred line after a non-centred one or a
  right-aligned line after another. The same test joins a paragraph across a page break.
* Hyphenation at a line end: paging.keep_hyphen.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from .model import ExtractedFootnote, ExtractedText, ExtractIssue, Furniture
from .paging import (
    HYPHENS,
    LIST_ITEM,
    NUMBER,
    compose,
    edge_kind,
    group_footnotes,
    join_lines,
    mask,
    vocabulary,
)


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class PdfLine:
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
        least = self.size * 0.8  # once: the line's size counts all its words
        return min(w.top for w in self.words if w.size >= least)

    @property
    def bottom(self) -> float:
        least = self.size * 0.8
        return max(w.bottom for w in self.words if w.size >= least)

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
            return _issue(
                "encrypted-pdf",
                f"{path.name} is encrypted with a password; "
                "obtain an unprotected copy from the publisher.",
            )
        if len(reader.pages) == 0:
            return _issue(
                "empty-pdf",
                f"{path.name} has no pages; download the "
                "document again or drop it from the sources.",
            )
    except Exception as exc:  # pypdf raises many types for broken files
        return _issue(
            "damaged-pdf",
            f"{path.name} cannot be read as a PDF ({type(exc).__name__}); download it again.",
        )
    return None


def extract_pdf(path: Path, ocr: bool = False) -> ExtractedText:
    """ocr: read a scan by OCR (see ocr.py); otherwise it is no-text-layer."""
    import pdfplumber

    path = Path(path)
    problem = _check_readable(path)
    if problem:
        return _failed(problem)
    try:
        with pdfplumber.open(path) as pdf:
            heights = [float(p.height) for p in pdf.pages]
            pages = []
            for page in pdf.pages:
                pages.append(_page_lines(page))
                page.close()  # its layout is read: memory does not grow with the pages
            # pages without text that show images are scans (asked only of pages without
            # text: pdfplumber makes a dict of every object of a page it counts images on)
            empty = [i for i, lines in enumerate(pages) if not lines]
            scanned = [i for i in empty if _has_images(pdf.pages[i])]
    except Exception as exc:
        return _failed(
            _issue(
                "damaged-pdf",
                f"{path.name} cannot be parsed ({type(exc).__name__}); download it again.",
            )
        )
    typeset = any(pages)
    read = None
    if ocr and scanned:
        from .ocr import read_pages

        read = read_pages(path, scanned, _page_lines)
        if read is not None:
            for i, lines in zip(scanned, read, strict=True):
                pages[i] = lines
    if not any(pages):
        hint = "its pages are images (a scan)" if scanned else "it contains no text"
        return _failed(
            _issue(
                "no-text-layer",
                f"{path.name} has no text layer because {hint}; OCR it before extraction (or "
                "build with --ocr where Tesseract is installed).",
            )
        )
    result = _assemble(pages, heights)
    if not scanned:
        return result
    numbers = ", ".join(str(i + 1) for i in scanned)
    if not typeset:
        issue = _issue(
            "ocr-used",
            f"{path.name} has no text layer; its text was read by OCR (Tesseract) and may "
            "contain recognition errors: check names and numbers against the PDF.",
            "warning",
        )
    elif read is not None:
        issue = _issue(
            "ocr-used",
            f"{path.name} has scanned pages (images: page(s) {numbers}); their text was read by "
            "OCR (Tesseract) and may contain recognition errors: check names and numbers.",
            "warning",
        )
    else:
        issue = _issue(
            "scanned-pages",
            f"{path.name} has scanned pages (images: page(s) {numbers}) whose text is not read; "
            "build with --ocr where Tesseract is installed to read them.",
            "warning",
        )
    return replace(result, issues=(issue, *result.issues))


def _has_images(page) -> bool:
    found = bool(page.images)
    page.close()
    return found


def _page_lines(page) -> list[PdfLine]:
    from pdfplumber.utils import extract_words

    words = [
        Word(
            w["text"],
            float(w["x0"]),
            float(w["x1"]),
            float(w["top"]),
            float(w["bottom"]),
            float(w["size"]),
        )
        for w in extract_words(_chars(page), extra_attrs=["size"], use_text_flow=False)
        if w.get("upright", True)
    ]
    lines: list[PdfLine] = []
    for w in sorted(words, key=lambda w: (-round(w.size, 1), w.top, w.x0)):
        centre = (w.top + w.bottom) / 2
        for ln in lines:
            first = ln.words[0]
            if first.top - 0.35 * (first.bottom - first.top) <= centre <= first.bottom:
                ln.words.append(w)
                break
        else:
            lines.append(PdfLine(page=page.page_number, words=[w]))
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
    return sorted(lines, key=lambda ln: ln.top)


def _chars(page) -> list[dict]:
    """The characters of a pdfplumber page as `page.chars` gives them, with only the fields
    word extraction reads. `page.chars` makes each character a dict of every attribute
    pdfminer knows, each resolved through the PDF's objects: half the time of extracting a
    journal. The values are computed as pdfplumber computes them (Page.process_object)."""
    from pdfminer.layout import LTChar, LTContainer

    x_shift, top_shift = page.mediabox[:2]
    height, doctop = page.height, page.initial_doctop
    chars = []
    stack = [iter(page.layout._objs)]
    while stack:  # depth first, in order, as pdfplumber walks the layout
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
        elif type(obj) is LTChar:  # pdfplumber's 'char' objects: LTChar, by class name
            top = (height - obj.y1) + top_shift
            x0, x1 = (obj.x0 + x_shift, obj.x1 + x_shift) if x_shift != 0 else (obj.x0, obj.x1)
            chars.append(
                {
                    "text": obj.get_text(),
                    "x0": x0,
                    "x1": x1,
                    "top": top,
                    "bottom": (height - obj.y0) + top_shift,
                    "doctop": doctop + top,
                    "width": obj.width,
                    "height": obj.height,
                    "upright": obj.upright,
                    "size": obj.size,
                }
            )
        elif isinstance(obj, LTContainer):
            stack.append(iter(obj._objs))
    return chars


def _is_superscript(w: Word, line: PdfLine, prev: Word | None) -> bool:
    return (
        w.text.isdigit()
        and w.size < line.size * 0.8
        and w.bottom < line.bottom - 1
        and prev is not None
        and w.x0 - prev.x1 < 1.5
    )


def _chunks(line: PdfLine) -> list[list[Word]]:
    """Split a line where the horizontal gap is wide (a header has left, centre and right parts)."""
    out = [[line.words[0]]]
    wide = 2 * line.size
    for prev, w in zip(line.words, line.words[1:], strict=False):
        if w.x0 - prev.x1 > wide:
            out.append([])
        out[-1].append(w)
    return out


def _remove_furniture(
    pages: list[list[PdfLine]], heights: list[float], body_size: float
) -> list[tuple[Furniture, bool]]:
    """Furniture taken out of the pages, each with whether it stood in the top half of its page."""
    edge = lambda lines: {id(ln) for ln in lines[:3] + lines[-3:]}  # noqa: E731
    seen: dict[tuple[str, int], set[int]] = defaultdict(set)
    for lines in pages:
        edges = edge(lines)
        for ln in lines:
            if id(ln) in edges:
                for ch in _chunks(ln):
                    seen[(mask(" ".join(w.text for w in ch)), round(ch[0].top / 3))].add(ln.page)
    n = len(pages)
    furniture: list[tuple[Furniture, bool]] = []
    for lines, height in zip(pages, heights, strict=False):
        edges = edge(lines)
        keep: list[PdfLine] = []
        for i, ln in enumerate(lines):
            if id(ln) not in edges:
                keep.append(ln)
                continue
            rest: list[Word] = []
            for ch in _chunks(ln):
                text = " ".join(w.text for w in ch)
                others = len(seen[(mask(text), round(ch[0].top / 3))] - {ln.page})
                kind = edge_kind(
                    text,
                    i,
                    len(lines),
                    others,
                    n,
                    top=ch[0].top < height / 2,
                    code=len(ch) == 1 and ln.size < body_size,
                )
                if kind:
                    furniture.append(
                        (Furniture(page=ln.page, kind=kind, text=text), ch[0].top < height / 2)
                    )
                else:
                    rest.extend(ch)
            if rest:
                ln.words = rest
                keep.append(ln)
        lines[:] = keep
    return furniture


def _take_footnotes(lines: list[PdfLine], body_size: float) -> list[ExtractedFootnote]:
    start = len(lines)
    while start > 0 and lines[start - 1].size < body_size * 0.9:
        start -= 1
    tail = lines[start:]
    if not tail or not NUMBER.match(tail[0].words[0].text):
        return []
    del lines[start:]
    return group_footnotes([(ln.page, [w.text for w in ln.words]) for ln in tail])


def _strip_marks(line: PdfLine) -> None:
    kept: list[Word] = []
    for w in line.words:
        if _is_superscript(w, line, kept[-1] if kept else None):
            line.marks.append(w.text)
        else:
            kept.append(w)
    line.words = kept


def _assemble(pages: list[list[PdfLine]], heights: list[float]) -> ExtractedText:
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
    return compose("pdf", _paragraphs(body, body_size), footnotes, furniture)


def _paragraphs(body: list[PdfLine], body_size: float) -> list[tuple[list[PdfLine], str]]:
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
    gaps = [
        b.top - a.bottom
        for a, b in zip(body, body[1:], strict=False)
        if a.page == b.page and b.top > a.bottom - 1
    ]
    usual_gap = statistics.median(gaps) if gaps else 0.0
    vocab = vocabulary([ln.text for ln in body])
    paras: list[list[PdfLine]] = [[body[0]]]
    for a, b in zip(body, body[1:], strict=False):
        if _continues(a, b, left, right, usual_gap, indents):
            paras[-1].append(b)
        else:
            paras.append([b])
    return [(lines, join_lines([ln.text for ln in lines], vocab)) for lines in paras]


def _continues(
    a: PdfLine, b: PdfLine, left: float, right: float, usual_gap: float, indents: set[int]
) -> bool:
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


def _centred(line: PdfLine, left: float, right: float, indents: set[int]) -> bool:
    """Centred between the margins and not starting at an indent that many lines share."""
    return (
        line.x0 > left + 5
        and round(line.x0) not in indents
        and abs((line.x0 + line.x1) / 2 - (left + right) / 2) < 3
    )
