"""decisions rows and what hangs on them: decision_paragraphs, decision_references (and
the documents they cite), action_items and action_item_actors."""

from __future__ import annotations

from ..parse.records import DecisionText
from .builder import SourceBuilder, prov, slug_number
from .symbols import decision_symbol, find_symbols, is_decision_number, parse_symbol


def decision_number_read(b: SourceBuilder, number: str, span) -> bool:
    """Whether number is a decision's number ('1107', '8/15'); if not (cut short in the
    text: '8/9'), a warning: that decision is not read into decisions, its lines kept."""
    if is_decision_number(number):
        return True
    b.issue(
        "warning",
        "bad-decision-number",
        f"The decision number {number!r} is not one a decision has (NUMBER or NUMBER/YY; "
        "probably cut short in the text), so this decision is not read into decisions; its "
        "lines are kept.",
        span,
        number,
    )
    return False


def decision_rows(
    b: SourceBuilder, meeting_id: str, number: str, notice_pair, text: DecisionText | None
) -> str:
    source, body = b.source, b.body
    decision_id = f"{body.lower()}-dec-{slug_number(number)}"
    item, notice = notice_pair if notice_pair else (None, None)
    issued = None
    for printed in (notice.issued_symbol if notice else None, text.issued_symbol if text else None):
        if printed and (sym := parse_symbol(printed)):
            issued = sym
            break
    base = decision_symbol(body, number)
    if issued is None:
        issued = base
    span = text.span if text else notice.span
    title = (text.title if text and text.title else None) or (notice.title if notice else None)
    agenda_item_id = (
        f"{meeting_id}/{item.number}"
        if item
        else (
            f"{meeting_id}/{text.agenda_item}" if meeting_id and text and text.agenda_item else None
        )
    )
    b.rows["decisions"].append(
        {
            "id": decision_id,
            "symbol": base.base(),
            "issued_symbol": issued.canonical(),
            "body": body,
            "number": number,
            "title": title,
            "meeting_id": meeting_id,
            "agenda_item_id": agenda_item_id,
            "adopted_on": b.date,
            "year": int(b.date[:4]) if b.date else None,
            "text": text.text if text else None,
            **prov(source, span),
        }
    )
    notice_span = notice.span if notice else span
    for m in find_symbols(notice.issued_symbol or "") if notice else []:
        b.document(m, notice_span, title)
    if text is None:
        return decision_id
    for pos, p in enumerate(text.paragraphs, start=1):
        b.rows["decision_paragraphs"].append(
            {
                "decision_id": decision_id,
                "position": pos,
                "kind": p.kind,
                "text": p.text,
                **prov(source, p.span),
            }
        )
    refs = []
    cited: set[str] = set()
    for r in text.references:
        matches = find_symbols(r.target, default_body=body)
        target = r.target
        symbol = None
        if matches:
            m = matches[0]
            target = (r.target[: m.start] + r.target[m.end :]).strip(" ();,")
            symbol = b.document(m, r.span, target if r.relation == "forwards" else None)
            cited.add(symbol)
        refs.append((symbol, target, r.relation, r.span))
    for p in text.paragraphs:
        for m in find_symbols(p.text, default_body=body):
            key = m.symbol.canonical()
            if key not in cited:
                cited.add(b.document(m, p.span))
                refs.append((key, m.printed, "cites", p.span))
    for pos, a in enumerate(text.action_items, start=1):
        _action_item(b, decision_id, pos, a)
        for m in find_symbols(a.text, default_body=body):
            key = m.symbol.canonical()
            if key not in cited:
                cited.add(b.document(m, a.span))
                refs.append((key, m.printed, "cites", a.span))
    for pos, (symbol, target, relation, span) in enumerate(refs, start=1):
        b.rows["decision_references"].append(
            {
                "decision_id": decision_id,
                "position": pos,
                "document_symbol": symbol,
                "target": target,
                "relation": relation,
                **prov(source, span),
            }
        )
    return decision_id


def _action_item(b: SourceBuilder, decision_id: str, position: int, a) -> None:
    item_id = f"{decision_id}/{a.section or '-'}/{a.level or '-'}/{a.number}"
    mentions = b.registry.find_mentions(a.text)
    responsible: list = []
    if a.level == "osce":
        subject_end = min(
            (i for i in (a.text.find(" will "), a.text.find(", ")) if i >= 0), default=len(a.text)
        )
        responsible = [
            m
            for m in mentions
            if m.start < subject_end
            and b.registry.get(m.actor_id).kind in ("osce_body", "osce_official")
        ]
    seen = set()
    for role, group in (
        ("responsible", responsible),
        ("mentioned", [m for m in mentions if m not in responsible]),
    ):
        for m in group:
            if m.actor_id in seen:
                continue
            seen.add(m.actor_id)
            b.rows["action_item_actors"].append(
                {
                    "action_item_id": item_id,
                    "actor_id": m.actor_id,
                    "role": role,
                    "matched_text": m.text,
                    **prov(b.source, a.span),
                }
            )
    b.rows["action_items"].append(
        {
            "id": item_id,
            "decision_id": decision_id,
            "section": a.section,
            "section_title": a.section_title,
            "level": a.level,
            "heading": a.heading,
            "number": a.number,
            "text": a.text,
            "responsible_actor_id": responsible[0].actor_id if responsible else None,
            "position": position,
            **prov(b.source, a.span),
        }
    )
