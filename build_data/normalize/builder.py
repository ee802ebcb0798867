"""The rows of one source as they are built (SourceBuilder): the documents it cites
(merged by symbol), the persons and aliases it names, its issues, and how a speaker
label or a list of States is resolved to actors with the registry."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from ..parse.records import Issue, ParsedDocument, Span
from ..shared import merge_documents
from ..source_rows import complete_row
from .actors import Registry, person_from_label, slugify
from .symbols import SymbolMatch, decision_symbol, parse_symbol

CHAIR_RE = re.compile(r"^(?:the\s+)?Chair(?:person|man|woman)(?:\s*\(.*\))?$", re.IGNORECASE)
STATES = ("participating_state", "partner_state")


@dataclass(frozen=True)
class SourceInfo:
    id: str
    filename: str
    sha256: str
    format: str
    encoding: str | None
    bytes: int
    line_count: int


def prov(source: SourceInfo, span: Span) -> dict:
    return {"source_id": source.id, "line_start": span.start, "line_end": span.end}


def slug_number(number: str) -> str:
    return number.replace("/", "-")


class SourceBuilder:
    """Accumulates the rows of one document."""

    def __init__(self, source: SourceInfo, doc: ParsedDocument, registry: Registry):
        self.source, self.doc, self.registry = source, doc, registry
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.issues: list[Issue] = list(doc.issues)
        self.documents: dict[str, tuple] = {}  # by symbol, merged
        self.persons: dict[str, dict] = {}
        self.aliases: set[tuple[str, str]] = set()
        self.body = doc.body
        self.date = doc.header.date if doc.header else None

    # ---------------------------------------------------------------- helpers
    def issue(self, level: str, code: str, message: str, span: Span, excerpt: str = "") -> None:
        self.issues.append(Issue(level, code, message, span, excerpt))

    def document(self, match: SymbolMatch, span: Span, title: str | None = None) -> str:
        sym = match.symbol
        key = sym.canonical()
        row = complete_row(
            "documents",
            {
                "symbol": key,
                "series": sym.series,
                "number": sym.number,
                "year": sym.year,
                "revision": sym.revision,
                "corrigendum": sym.corrigendum,
                "addendum": sym.addendum,
                "distribution": match.distribution,
                "title": title,
                **prov(self.source, span),
            },
        )
        before = self.documents.get(key)
        self.documents[key] = row if before is None else merge_documents((before, row))
        if match.repair:
            self.issue(
                "warning",
                "repaired-symbol",
                f"The document symbol '{match.printed}' was repaired ({match.repair}) to {key}.",
                span,
                match.printed,
            )
        return key

    def add_person(self, actor_id: str, name: str, parent_id: str | None) -> None:
        """An actors row for a person (or a post) seen in this source; the first one wins."""
        self.persons.setdefault(
            actor_id,
            {
                "id": actor_id,
                "name": name,
                "kind": "person",
                "iso_alpha2": None,
                "iso_alpha3": None,
                "abbreviation": None,
                "valid_from": None,
                "valid_to": None,
                "parent_id": parent_id,
            },
        )

    def resolve(self, label: str, span: Span) -> tuple[str | None, str]:
        """(actor id, resolution method) for a speaker label; records an issue when unresolved."""
        if not label:
            return None, "blanked"
        if CHAIR_RE.match(label) and self.body:
            return self.registry.chair_actor_id(self.body), "chair"
        person = person_from_label(label, self.registry)
        if person is not None:
            affiliation = label.split(",", 1)[1] if "," in label else ""
            employer = next(iter(self.registry.find_mentions(affiliation)), None)
            self.add_person(person.id, person.name, employer.actor_id if employer else None)
            self.aliases.add((label, person.id))
            return person.id, "person"
        res = self.registry.resolve(label, on_date=self.date)
        if res.actor_id:
            self.aliases.add((label, res.actor_id))
            return res.actor_id, res.method
        if official := self.official(label):
            return official, "official"
        if res.method == "ambiguous":
            self.issue(
                "warning",
                "ambiguous-actor",
                f"'{label}' could match several actors ({', '.join(res.candidates)}); it is left "
                "unresolved. Add an alias to the registry.",
                span,
                label,
            )
        else:
            self.issue(
                "warning",
                "unknown-actor",
                f"'{label}' is not in the actor registry; it is kept as printed. Add it or an "
                "alias to build_data/data/actors.yml.",
                span,
                label,
            )
        return None, res.method

    def without_footnote_mark(
        self,
        number: str,
        span: Span,
        issued: str | None = None,
        announced: frozenset[str] = frozenset(),
    ) -> str:
        """A decision number as printed, with a footnote mark glued to it taken off: to its
        year ('8/151' -> '8/15': years are two digits), or to a number without a year when
        the decision's own symbol or the decisions the journal announces say so
        ('DECISION No. 811' under PC.DEC/81, or when decision 81 is announced -> '81')."""
        m = GLUED_MARK_RE.match(number)
        if m:
            read = m.group(1)
        elif "/" in number or number in announced:
            return number
        else:
            symbol = parse_symbol(issued) if issued and self.body else None
            read = next(
                (
                    number[:-k]
                    for k in (1, 2)
                    if len(number) > k
                    and (
                        number[:-k] in announced
                        or (
                            symbol
                            and decision_symbol(self.body, number[:-k]).base() == symbol.base()
                        )
                    )
                ),
                None,
            )
            if read is None:
                return number
        self.issue(
            "warning",
            "footnote-mark-removed",
            f"The decision number '{number}' has a footnote "
            f"mark glued to it; it is read as {read}.",
            span,
            number,
        )
        return read

    def official(self, label: str) -> str | None:
        """A post named by its title ('Deputy Minister for Foreign Affairs of Sweden') becomes
        a person actor whose parent is the State or organisation the title names."""
        if not OFFICE_RE.match(label):
            return None
        holders = self.registry.find_mentions(label)
        if not holders:
            return None
        actor_id = f"official-{slugify(label)}"
        self.add_person(actor_id, label, holders[-1].actor_id)
        self.aliases.add((label, actor_id))
        return actor_id

    def states_in(self, text: str, span: Span) -> list[tuple[str, str]]:
        """(label, actor id) of the States named in a list such as an alignment list, in order."""
        found, leftovers = _states_listed(self.registry, text)
        if leftovers:
            self.issue(
                "warning",
                "unknown-actor",
                "Names in the list could not be matched to States: "
                f"{', '.join(leftovers)}; they are not linked.",
                span,
                text[:200],
            )
        for label, actor_id in found:
            self.aliases.add((label, actor_id))
        return list(found)


@functools.lru_cache(maxsize=4096)
def _states_listed(
    registry: Registry, text: str
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """(label, actor id) of the States a list names, in order, and the capitalised names
    left over; remembered: the same alignment lists come back journal after journal."""
    found = tuple(
        (m.text, m.actor_id)
        for m in registry.find_mentions(text)
        if registry.get(m.actor_id).kind in STATES
    )
    rest = text
    for label, _ in found:
        rest = rest.replace(label, " ", 1)
    return found, tuple(w for w in CAPITALISED_RE.findall(rest) if w not in LIST_WORDS)


GLUED_MARK_RE = re.compile(r"^(\d+/\d{2})\d{1,2}$")
CAPITALISED_RE = re.compile(r"\b[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]+)*")  # names left in a list
OFFICE_RE = re.compile(
    r"^(?:(?:First|Deputy|Vice|State|Under|Assistant|Permanent|Special|Personal|High|Prime)[\s-]+)*"
    r"(?:Minister|Secretary|President|Director|Head|Representative|Commissioner|Ombudsman|Co-ordinator|Envoy|Speaker|Chair(?:person|man|woman))\b.*\b(?:of|for|to)\b"
)
LIST_WORDS = {
    "European Free Trade Association",
    "European Economic Area",
    "Stabilisation",
    "Stabilization",
    "Association Process",
    "Process",
    "Association",
    "European Union",
    "European",
    "Union",
    "Economic",
    "Area",
    "Free",
    "Trade",
}
