"""The annex of an action-plan decision: sections, levels, headings and numbered items."""

from __future__ import annotations

from dataclasses import dataclass, field

from .paragraphs import BULLET_RE, LEVEL_RE, NUMBERED_RE, SECTION_RE, SUB_ITEM_RE, Para
from .records import ActionItem, Paragraph, Span


def level_of(text: str) -> str:
    return "osce" if "osce" in text.lower() else "national"


@dataclass
class _Open:
    number: str
    parts: list[str]
    span: Span
    section: str | None
    section_title: str | None
    level: str | None
    heading: str | None
    bullets: list[str] = field(default_factory=list)

    def close(self) -> ActionItem:
        text = " ".join(self.parts)
        if self.bullets:
            text += "".join(f"\n- {b}" for b in self.bullets)
        return ActionItem(
            self.section, self.section_title, self.level, self.heading, self.number, text, self.span
        )


def parse_annex(paras: list[Para]) -> tuple[list[ActionItem], list[Paragraph]]:
    """Action items of an annex, and the annex paragraphs that are not action items."""
    items: list[ActionItem] = []
    others: list[Paragraph] = []
    section = section_title = level = heading = None
    current: _Open | None = None

    def close():
        nonlocal current
        if current:
            items.append(current.close())
            current = None

    for k, p in enumerate(paras):
        text = p.text
        if m := SECTION_RE.match(text):
            close()
            section, section_title, level, heading = m.group(1), m.group(2).strip(), None, None
        elif LEVEL_RE.match(text):
            close()
            level, heading = level_of(text), None
        elif m := SUB_ITEM_RE.match(text):
            close()
            current = _Open(
                m.group(1),
                [m.group(2)],
                p.span,
                section,
                section_title,
                level or "national",
                heading,
            )
        elif (m := NUMBERED_RE.match(text)) and level:
            close()
            number, rest = m.group(1), m.group(2)
            following = paras[k + 1].text if k + 1 < len(paras) else ""
            sub = SUB_ITEM_RE.match(following)
            if level == "national" and sub and sub.group(1).split(".")[0] == number:
                heading = rest.strip()
            else:
                current = _Open(
                    number,
                    [rest],
                    p.span,
                    section,
                    section_title,
                    level,
                    None if level == "osce" else heading,
                )
        elif (m := BULLET_RE.match(text)) and current:
            current.bullets.append(m.group(1))
            current.span = current.span.union(p.span)
        elif current:
            current.parts.append(text)
            current.span = current.span.union(p.span)
        else:
            others.append(Paragraph("annex", text, p.span))
    close()
    return items, others
