"""Generate realistic journal documents (PDF, DOCX, broken PDFs) for extractor tests.

The input is the bundled journal text. `clean_journal_text` removes the artefacts of the
earlier text conversion: the stray footnote lines, the `**` bold markers, and the
paragraphs that conversion split at its page breaks (a long line ending in a lower-case
letter, a blank line, then the rest). `*x*` italic markers are kept in the text and
rendered as italics; `journal_paragraphs` gives what an extractor should return.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from benchmarks.paths import BUNDLED

SAMPLE = BUNDLED

# Paragraph prefix -> footnote text, as in the published journal (numbering restarts per annex).
FOOTNOTES = {
    "DECISION No. 1107": "Reissued due to a correction to the title of the Addendum.",
    "ADDENDUM TO THE OSCE ACTION PLAN TO COMBAT": (
        "The word “draft” has been removed from the title."
    ),
}
# Long plain words get a soft hyphen after their sixth letter, so the layout breaks some
# of them at a line end ("organi-" + "zations") like a hyphenating word processor.
_LONG_WORD = re.compile(r"\b([a-z]{6})([a-z]{6,})\b")
SYMBOL, DATE, INTERNAL_CODE = "PC.JOUR/976", "6 December 2013", "PCOEJ976"
_STRAY_FOOTNOTE = re.compile(r"^1 (Reissued|The word “draft”)")
_NEW_PAGE = re.compile(
    r"^(DECISION No\.|INTERPRETATIVE STATEMENT|ADDENDUM TO THE OSCE ACTION PLAN TO)"
)
_RIGHT_ALIGNED = re.compile(
    r"^(PC\.DEC/\S+|\d+\w\w Plenary Meeting|PC Journal No\. \d+, Agenda item \d+|"
    r"\d{1,2} \w+ \d{4}|Attachment \d+|Original: \w+)$"
)


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Furnishing:
    """What a journal's PDF prints besides its text: the running header from page 2 (page
    number, symbol, date), the internal code in the first page's footer (none when None),
    and the footnotes, each (prefix, after, text): the note of the first paragraph starting
    with prefix, its mark glued after the first `after` in it (at its end when after is None)."""

    symbol: str = SYMBOL
    date: str = DATE
    internal_code: str | None = INTERNAL_CODE
    notes: tuple[tuple[str, str | None, str], ...] = tuple(
        (prefix, None, note) for prefix, note in FOOTNOTES.items()
    )


_FOOTNOTE_LINE = re.compile(r"^(\d{1,2}) ([A-Z].+)$")
_MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# A page header that an earlier conversion left on a line of its own: 'PCOEJ1233 - 2 - PC.JOUR/1233
# 20 June 2019', '- 2 - MC(12).JOUR/2' (its date on the next line).
_PAGE_HEADER_LINE = re.compile(
    rf"^(?:[A-Z]{{2,5}}\d{{0,2}}E[JWD]\d+ )?- \d+ - \S+(?: \d{{1,2}} {_MONTH} \d{{4}})?$"
)
_DATE_LINE = re.compile(rf"^\d{{1,2}} {_MONTH} \d{{4}}$")


def furnished(text: str, symbol: str, date: str) -> tuple[str, Furnishing]:
    """A journal's text as its PDF prints it: (body text, furnishing). Page headers on lines
    of their own give way to the PDF's running headers; footnote lines of the text
    ('1 Includes corrections ...') become footnotes, their mark taken off the word it
    is glued to ('FSC.JOUR/953/Corr.11' where 'FSC.JOUR/953/Corr.1' occurs elsewhere); the
    internal code is the first one the text prints (PCOEJ1233, MC12EJ02), if any."""
    code = re.search(r"\b[A-Z]{2,5}\d{0,2}E[JWD]\d+\b", text)
    original = text.splitlines()
    words = {w for ln in original for w in ln.split()}
    lines, notes = [], []
    for k, ln in enumerate(original):  # the PDF prints its own running headers
        header = _PAGE_HEADER_LINE.match(ln.strip()) or (
            k and _DATE_LINE.match(ln.strip()) and _PAGE_HEADER_LINE.match(original[k - 1].strip())
        )
        lines.append("" if header else ln)
    for k in range(len(lines) - 1, -1, -1):
        m = _FOOTNOTE_LINE.match(lines[k])
        if not m:
            continue
        number, others = m.group(1), [(i, ln.split()) for i, ln in enumerate(lines) if i != k]
        glued = next(
            (
                (i, w)
                for i, ws in others
                for w in ws
                if w.endswith(number) and len(w) > len(number) + 2 and w[: -len(number)] in words
            ),
            None,
        )
        if glued:
            i, word = glued
            lines[i] = lines[i].replace(word, word[: -len(number)], 1)
            notes.append((lines[i].strip()[:40], word[: -len(number)], m.group(2)))
            del lines[k]
    return "\n".join(lines) + "\n", Furnishing(
        symbol, date, code.group(0) if code else None, tuple(notes)
    )


def clean_journal_text(raw: str) -> str:
    lines = [
        ln.replace("**", "").rstrip() for ln in raw.splitlines() if not _STRAY_FOOTNOTE.match(ln)
    ]
    out: list[str] = []
    pending_join = False
    for ln in lines:
        if pending_join and ln.strip():
            out[-1] = out[-1] + " " + ln.strip()
            pending_join = False
            continue
        if pending_join:
            continue
        out.append(ln)
        pending_join = len(ln) > 60 and ln[-1].islower()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def normalise(line: str) -> str:
    return " ".join(line.replace("*", "").split())


def journal_paragraphs(text: str) -> list[str]:
    """The paragraphs an extractor must return: one per non-blank line, whitespace collapsed."""
    return [normalise(ln) for ln in text.splitlines() if ln.strip()]


@dataclass
class _Block:
    text: str
    kind: str  # 'body', 'title', 'right', 'list1', 'list2', 'list3'
    space_before: bool


def _blocks(text: str) -> list[_Block]:
    raw = sample_text().replace("\r", "")
    bold = {normalise(x) for m in re.findall(r"\*\*(.+?)\*\*", raw, re.S) for x in m.splitlines()}
    blocks, blank = [], True
    for ln in text.splitlines():
        if not ln.strip():
            blank = True
            continue
        s = ln.strip()
        if normalise(s) in bold:
            kind = "title"
        elif _RIGHT_ALIGNED.match(s):
            kind = "right"
        elif re.match(r"^-\s+\d+\.\d+\s", s):
            kind = "list2"
        elif re.match(r"^-\s", s) and ln.startswith(" "):
            kind = "list3"
        elif re.match(r"^(\d+\.|-)\s", s):
            kind = "list1"
        else:
            kind = "body"
        blocks.append(_Block(s, kind, blank))
        blank = False
    return blocks


def _markup(text: str, footnote_number: str | None, after: str | None = None) -> str:
    from xml.sax.saxutils import escape

    mark = f'<super rise="4" size="7">{footnote_number}</super>' if footnote_number else ""
    if mark and after:
        at = text.index(after) + len(after)
        return _markup(text[:at], None) + mark + _markup(text[at:], None)
    s = escape(text)
    s = re.sub(r"\*(.+?)\*", r"<i>\1</i>", s)
    s = _LONG_WORD.sub("\\1\xad\\2", s)
    return s + mark


LIBERATION = Path("/usr/share/fonts/truetype/liberation")  # Debian's fonts-liberation


def _serif(text: str) -> tuple[str, str]:
    """Times, whose standard PDF font holds the Windows-1252 characters; for a text with
    others (Boháč) Liberation Serif, the free font with Times's metrics, when installed."""
    try:
        text.encode("cp1252")
        return "Times-Roman", "Times-Bold"
    except UnicodeEncodeError:
        pass
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not (LIBERATION / "LiberationSerif-Regular.ttf").exists():
        raise FileNotFoundError(
            f"{LIBERATION}/LiberationSerif-*.ttf is absent (apt-get install fonts-liberation): "
            "the text needs a font beyond Windows-1252"
        )
    for style, bold, italic in (
        ("Regular", 0, 0),
        ("Bold", 1, 0),
        ("Italic", 0, 1),
        ("BoldItalic", 1, 1),
    ):
        name = "Liberation" + ("" if style == "Regular" else "-" + style)
        pdfmetrics.registerFont(TTFont(name, str(LIBERATION / f"LiberationSerif-{style}.ttf")))
        addMapping("Liberation", bold, italic, name)
    return "Liberation", "Liberation-Bold"


def make_journal_pdf(
    text: str,
    path: Path,
    *,
    footnotes: bool = True,
    furnishing: Furnishing = Furnishing(),
    pagesize: tuple[float, float] | None = None,
) -> Path:
    """A journal (A4 unless pagesize): running header from page 2, internal code footer on
    page 1, footnotes at the foot of the page of their mark (see Furnishing)."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph

    serif, serif_bold = _serif(text + "".join(t for *_, t in furnishing.notes))
    width, height = pagesize or A4
    scale = width / A4[0]  # margins shrink with the page
    left, right, top, bottom = 72 * scale, 72 * scale, 100 * scale, 120 * scale
    pending: dict[int, list[tuple[str, str]]] = {}

    class FootnotedParagraph(Paragraph):
        def __init__(self, markup, style, note):
            super().__init__(markup, style)
            self.note = note

        def draw(self):
            pending.setdefault(self.canv.getPageNumber(), []).append(self.note)
            super().draw()

    def on_page(canv, doc):
        n = canv.getPageNumber()
        canv.saveState()
        if n >= 2:
            canv.setFont(serif, 12)
            canv.drawCentredString(width / 2, height - 60 * scale, f"- {n} -")
            canv.drawRightString(width - right, height - 60 * scale, furnishing.symbol)
            canv.drawRightString(width - right, height - 60 * scale - 14, furnishing.date)
        elif furnishing.internal_code:
            canv.setFont("Helvetica", 7)
            canv.drawString(left, 40 * scale, furnishing.internal_code)
        canv.restoreState()

    def on_page_end(canv, doc):
        notes = pending.pop(canv.getPageNumber(), [])
        if not notes:
            return
        canv.saveState()
        y = bottom - 22
        canv.line(left, y + 12, left + 144, y + 12)
        for number, note in notes:
            canv.setFont(serif, 6)
            canv.drawString(left, y + 3, number)
            canv.setFont(serif, 10)
            canv.drawString(left + 6, y, note)
            y -= 12
        canv.restoreState()

    base = {
        "fontName": serif,
        "fontSize": 12,
        "leading": 14,
        "alignment": TA_JUSTIFY,
        "embeddedHyphenation": 1,
    }
    styles = {
        "body": ParagraphStyle("body", **base),
        "title": ParagraphStyle(
            "title", **{**base, "fontName": serif_bold, "alignment": TA_CENTER}
        ),
        "right": ParagraphStyle("right", **{**base, "alignment": TA_RIGHT}),
        "list1": ParagraphStyle("list1", **base, leftIndent=28, firstLineIndent=-28),
        "list2": ParagraphStyle("list2", **base, leftIndent=64, firstLineIndent=-36),
        "list3": ParagraphStyle("list3", **base, leftIndent=82, firstLineIndent=-18),
    }
    story, kinds = [], []
    for b in _blocks(text):
        if _NEW_PAGE.match(b.text) and story:
            # An annex starts on a new page together with its right-aligned symbol block.
            at = len(kinds)
            while at > 0 and kinds[at - 1] == "right":
                at -= 1
            story.insert(at, PageBreak())
            kinds.insert(at, "break")
        kinds.append(b.kind)
        style = ParagraphStyle(
            b.kind, parent=styles[b.kind], spaceBefore=12 if b.space_before else 0
        )
        note = (
            next(((after, t) for p, after, t in furnishing.notes if b.text.startswith(p)), None)
            if footnotes
            else None
        )
        if note:
            story.append(FootnotedParagraph(_markup(b.text, "1", note[0]), style, ("1", note[1])))
        else:
            story.append(Paragraph(_markup(b.text, None), style))
    doc = BaseDocTemplate(str(path), pagesize=(width, height), title=furnishing.symbol)
    frame = Frame(
        left,
        bottom,
        width - left - right,
        height - top - bottom,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate("journal", [frame], onPage=on_page, onPageEnd=on_page_end)])
    doc.build(story)
    return path


def make_lines_pdf(lines: list[str], path: Path) -> Path:
    """One page with the given lines drawn exactly as given (controlled line ends)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Times-Roman", 12)
    y = A4[1] - 100
    for ln in lines:
        if ln:
            c.drawString(72, y, ln)
        y -= 14
    c.save()
    return path


def make_image_only_pdf(path: Path) -> Path:
    """A 'scan': one page holding only an image, no text layer."""
    import io
    import struct
    import zlib

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    w = h = 32
    raw = b"".join(b"\x00" + bytes((x * 8 + y * 4) % 256 for x in range(w)) for y in range(h))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(io.BytesIO(png)), 72, 300, width=450, height=450)
    c.save()
    return path


def make_damaged_pdf(path: Path, source: Path | None = None) -> Path:
    """A PDF cut off after its first few hundred bytes, as from an interrupted download."""
    if source is None:
        source = make_lines_pdf(["Some text."], path.with_name(path.stem + "-whole.pdf"))
    path.write_bytes(source.read_bytes()[:400])
    return path


def make_empty_pdf(path: Path) -> Path:
    """A syntactically valid PDF with zero pages."""
    from pypdf import PdfWriter

    with path.open("wb") as fh:
        PdfWriter().write(fh)
    return path


def make_encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = make_lines_pdf(["Secret text."], path.with_name(path.stem + "-plain.pdf"))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="owner")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def make_journal_docx(text: str, path: Path, *, footnotes: bool = True) -> Path:
    """Word journal: one paragraph per line, header/footer, real footnotes (word/footnotes.xml).

    python-docx has no footnote API, so the footnotes part is built by hand and related to
    the document part; the body gets ``w:footnoteReference`` runs.
    """
    from xml.sax.saxutils import escape

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = f"{SYMBOL}\n{DATE}"
    section.first_page_footer.paragraphs[0].text = INTERNAL_CODE
    notes: list[str] = []
    for b in _blocks(text):
        par = document.add_paragraph()
        par.paragraph_format.space_before = Pt(12 if b.space_before else 0)
        if b.kind == "title":
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif b.kind == "right":
            par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif b.kind.startswith("list"):
            par.paragraph_format.left_indent = Pt(18 * int(b.kind[-1]))
        for i, piece in enumerate(re.split(r"\*(.+?)\*", b.text)):
            if piece:
                run = par.add_run(piece)
                run.italic = i % 2 == 1
                run.bold = b.kind == "title"
        note = (
            next((t for p, t in FOOTNOTES.items() if b.text.startswith(p)), None)
            if footnotes
            else None
        )
        if note:
            notes.append(note)
            run = par.add_run()
            rpr = OxmlElement("w:rPr")
            va = OxmlElement("w:vertAlign")
            va.set(qn("w:val"), "superscript")
            rpr.append(va)
            ref = OxmlElement("w:footnoteReference")
            ref.set(qn("w:id"), str(len(notes)))
            run._r.append(rpr)
            run._r.append(ref)
    if notes:
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        body = "".join(
            (
                f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign '
                'w:val="superscript"/></w:rPr>'
                '<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
                f"{escape(t)}</w:t></w:r></w:p></w:footnote>"
            )
            for i, t in enumerate(notes, start=1)
        )
        xml = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
            '<w:footnote w:type="separator" '
            'w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote '
            'w:type="continuationSeparator" '
            'w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            f"{body}</w:footnotes>"
        )
        part = Part(
            PackURI("/word/footnotes.xml"),
            CT.WML_FOOTNOTES,
            xml.encode("utf-8"),
            document.part.package,
        )
        document.part.relate_to(part, RT.FOOTNOTES)
    document.save(str(path))
    return path


def make_damaged_docx(path: Path) -> Path:
    """A DOCX cut off half-way (its zip directory is missing)."""
    whole = make_journal_docx(
        "Some text.\n", path.with_name(path.stem + "-whole.docx"), footnotes=False
    )
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def make_first_page_scanned(typeset: Path, path: Path) -> Path:
    """The PDF `typeset` with its first page a scan of it (an image only, 300 dpi): what a
    PDF assembled from a scanned page and typeset ones looks like."""
    import io

    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    page = pdfium.PdfDocument(str(typeset))[0]
    width, height = page.get_size()
    image = io.BytesIO()
    page.render(scale=300 / 72, grayscale=True).to_pil().save(image, format="PNG")
    image.seek(0)
    scan = path.with_name(path.stem + "-page-1.pdf")
    c = canvas.Canvas(str(scan), pagesize=(width, height))
    c.drawImage(ImageReader(image), 0, 0, width=width, height=height)
    c.save()
    mixed = PdfWriter()
    mixed.add_page(PdfReader(str(scan)).pages[0])
    for p in PdfReader(str(typeset)).pages[1:]:
        mixed.add_page(p)
    with open(path, "wb") as f:
        mixed.write(f)
    scan.unlink()
    return path
