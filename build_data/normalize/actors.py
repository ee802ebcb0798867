"""Actor registry: who a speaker label or a phrase in a decision refers to.

The registry is `build_data/data/actors.yml` (its header documents the fields and the
modelling choices). ISO codes of States are read from pycountry when it is loaded.

resolve() trusts, in this order: an exact alias; a normalised alias (case, diacritics,
punctuation, leading "the"/"delegation of"/"Republic of"/"OSCE" ignored); a fuzzy match
that is close (a typo) and clearly better than the runner-up. A trailing parenthetical
such as "(Partner for Co-operation)" is dropped when the whole label is not known.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pycountry
import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ..tables import TABLES

KINDS = frozenset(TABLES["actors"].column("kind").enum)  # the catalogue declares them
STATE_KINDS = frozenset({"participating_state", "partner_state"})
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

RESOLVED_KEPT = 100_000  # remembered resolutions (label, period); forgotten all at once beyond
MENTIONS_KEPT = 10_000  # remembered texts searched for mentions; forgotten all at once beyond
FUZZY_MIN_SCORE = 92.0
FUZZY_MARGIN = 4.0  # the runner-up must score at least this much lower
FUZZY_MAX_EDITS = 3  # a typo, not a different name that happens to be long
FUZZY_MIN_LENGTH = 5  # shorter keys are too easy to confuse (Malta/Mali)

CHAIRS = {"PC": "pc-chairperson", "FSC": "fsc-chairperson", "MC": "chairperson-in-office"}


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    iso_alpha2: str | None
    iso_alpha3: str | None
    abbreviation: str | None
    valid_from: str | None
    valid_to: str | None
    parent_id: str | None

    def valid_on(self, date: str) -> bool:
        """valid_from is inclusive, valid_to exclusive (ISO dates compare as strings)."""
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or date < self.valid_to
        )


@dataclass(frozen=True)
class Resolution:
    actor_id: str | None
    method: str  # 'exact', 'normalized', 'fuzzy', 'unknown', 'ambiguous'
    candidates: tuple[str, ...]  # actor ids considered (for ambiguous), else ()


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor_id: str
    text: str


# ------------------------------------------------------------------ normalisation

_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})
_LEADING = ("by ", "the ", "delegation of ", "delegations of ", "republic of ", "osce ")
_TRAILING = (" of the osce", " of osce")
_PARENTHETICAL = re.compile(r"(?<!\s)\s*\([^()]*\)")
_PARENTHETICAL_AFTER = re.compile(r"\s*\(([^()]*)\)")  # matched at a position, never searched


def fold(text: str) -> str:
    """Casefold and drop diacritics: 'Boháč' -> 'bohac', 'Türkiye' -> 'turkiye'."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c))


def normalize(label: str) -> str:
    """Comparison key of a label; spaces and hyphens are dropped so that
    'Co-operation' == 'Cooperation' and 'Chairperson-in-Office' == 'Chairperson in Office'."""
    words = " ".join(
        re.sub(r"[^a-z0-9]+", " ", fold(label).replace("’", "").replace("'", "")).split()
    )
    changed = True
    while changed:
        changed = False
        for prefix in _LEADING:
            if words.startswith(prefix) and len(words) > len(prefix):
                words, changed = words[len(prefix) :], True
        for suffix in _TRAILING:
            if words.endswith(suffix) and len(words) > len(suffix):
                words, changed = words[: -len(suffix)], True
    return words.replace(" ", "")


def slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))


# ------------------------------------------------------------------ registry


def _pycountry_record(key: str):
    record = pycountry.countries.get(name=key) or pycountry.historic_countries.get(name=key)
    if record is None:
        raise ValueError(f"actors.yml: pycountry has no country named {key!r}")
    return record


def _is_abbreviation(alias: str) -> bool:
    """Abbreviations ('CPC', 'OSR/CTHB', 'CiO', 'OSCE PA') match case-sensitively and never
    fuzzily."""
    word = alias.removeprefix("OSCE ")
    return (
        " " not in word and sum(c.isupper() for c in word) >= 2 and not re.search(r"[a-z]{3}", word)
    )


class Registry:
    def __init__(self, entries: list[dict]):
        actors: dict[str, Actor] = {}
        spellings: dict[str, list[str]] = {}
        self._successor: dict[str, str] = {}
        for e in entries:
            actor_id = e["id"]
            if not SLUG.match(actor_id):
                raise ValueError(f"actors.yml: id {actor_id!r} is not a slug")
            if actor_id in actors:
                raise ValueError(f"actors.yml: duplicate id {actor_id!r}")
            if e["kind"] not in KINDS:
                raise ValueError(f"actors.yml: {actor_id}: unknown kind {e['kind']!r}")
            alpha2 = alpha3 = None
            if e["kind"] in STATE_KINDS:
                record = _pycountry_record(e["pycountry"])
                alpha2, alpha3 = record.alpha_2, record.alpha_3
            actors[actor_id] = Actor(
                id=actor_id,
                name=e["name"],
                kind=e["kind"],
                iso_alpha2=alpha2,
                iso_alpha3=alpha3,
                abbreviation=e.get("abbreviation"),
                valid_from=str(e["valid_from"]) if e.get("valid_from") else None,
                valid_to=str(e["valid_to"]) if e.get("valid_to") else None,
                parent_id=e.get("parent"),
            )
            names = [e["name"], *(e.get("aliases") or [])]
            if e.get("parent") == "osce-field-operations":
                names += [f"Head of the {n}" for n in list(names)]
            if e.get("abbreviation"):
                names.append(e["abbreviation"])
            spellings[actor_id] = list(dict.fromkeys(names))
            if e.get("successor"):
                self._successor[actor_id] = e["successor"]

        for a in actors.values():
            for ref in (a.parent_id, self._successor.get(a.id)):
                if ref is not None and ref not in actors:
                    raise ValueError(f"actors.yml: {a.id} refers to unknown actor {ref!r}")

        self._by_id = actors
        self.actors: tuple[Actor, ...] = tuple(sorted(actors.values(), key=lambda a: a.id))

        self._exact: dict[str, str] = {}
        self._normalized: dict[str, set[str]] = {}
        self._fuzzy_keys: dict[str, set[str]] = {}
        for actor_id, names in spellings.items():
            for alias in names:
                other = self._exact.setdefault(alias, actor_id)
                if other != actor_id:
                    raise ValueError(
                        f"actors.yml: alias {alias!r} names both {other} and {actor_id}"
                    )
                key = normalize(alias)
                self._normalized.setdefault(key, set()).add(actor_id)
                if not _is_abbreviation(alias) and len(key) >= FUZZY_MIN_LENGTH:
                    self._fuzzy_keys.setdefault(key, set()).add(actor_id)
        self.aliases: tuple[tuple[str, str], ...] = tuple(sorted(self._exact.items()))
        self._mention_aliases = sorted(self._exact, key=lambda a: (-len(a), a))
        self._by_first_word = _aliases_by_first_word(self._mention_aliases)
        self._patterns: dict[str, re.Pattern[str]] = {}
        self._resolved: dict[tuple[str, tuple[int, int] | None], Resolution] = {}
        self._bounds = sorted(
            {d for a in self.actors for d in (a.valid_from, a.valid_to) if d is not None}
        )
        self._mentions: dict[str, tuple[Mention, ...]] = {}

    def get(self, actor_id: str) -> Actor:
        return self._by_id[actor_id]

    def chair_actor_id(self, body: str) -> str:
        """The actor who chairs meetings of a body: 'PC', 'FSC' or 'MC'."""
        return CHAIRS[body.upper()]

    # -------------------------------------------------------------- resolve

    def resolve(self, label: str, on_date: str | None = None) -> Resolution:
        """The actor a label names on a date (see the module's docstring). Results are
        remembered: the same few hundred labels come back in every journal, on dates that
        resolve alike (_period)."""
        key = (label, self._period(on_date))
        found = self._resolved.get(key)
        if found is None:
            if len(self._resolved) >= RESOLVED_KEPT:
                self._resolved.clear()
            found = self._resolved[key] = self._resolve_label(label, on_date)
        return found

    def _period(self, on_date: str | None) -> tuple[int, int] | None:
        """Which validity bounds of the registry (valid_from, valid_to) a date is before,
        on or after: the date enters a resolution only through Actor.valid_on (and when
        there is none), so dates of one period resolve every label alike."""
        if not on_date:
            return None
        return bisect.bisect_left(self._bounds, on_date), bisect.bisect_right(self._bounds, on_date)

    def _resolve_label(self, label: str, on_date: str | None) -> Resolution:
        label = " ".join(label.split())
        result = self._resolve(label, on_date)
        if result.method == "unknown":
            stripped = _PARENTHETICAL.sub("", label).strip()
            if stripped and stripped != label:
                result = self._resolve(stripped, on_date)
                if result.method == "exact":
                    result = Resolution(result.actor_id, "normalized", ())
        return result

    def _resolve(self, label: str, on_date: str | None) -> Resolution:
        if label in self._exact:
            return self._pick({self._exact[label]}, "exact", on_date)
        key = normalize(label)
        if key in self._normalized:
            return self._pick(self._normalized[key], "normalized", on_date)
        if len(key) < FUZZY_MIN_LENGTH:
            return Resolution(None, "unknown", ())
        best: dict[str, float] = {}
        for choice, score, _ in process.extract(
            key,
            list(self._fuzzy_keys),
            scorer=fuzz.ratio,
            limit=10,
            score_cutoff=FUZZY_MIN_SCORE - FUZZY_MARGIN,
        ):
            if (
                Levenshtein.distance(key, choice) > FUZZY_MAX_EDITS
                or key.startswith(choice)
                or choice.startswith(key)
            ):
                continue  # a longer or shorter word ('Austrian', 'Slovak') is not a typo
            for actor_id in self._fuzzy_keys[choice]:
                best[actor_id] = max(best.get(actor_id, 0.0), score)
        if on_date and any(self._by_id[a].valid_on(on_date) for a in best):
            best = {a: s for a, s in best.items() if self._by_id[a].valid_on(on_date)}
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or ranked[0][1] < FUZZY_MIN_SCORE:
            return Resolution(None, "unknown", ())
        if len(ranked) > 1 and ranked[1][1] > ranked[0][1] - FUZZY_MARGIN:
            return Resolution(None, "ambiguous", tuple(a for a, _ in ranked))
        return self._pick({ranked[0][0]}, "fuzzy", on_date)

    def _pick(self, actor_ids: set[str], method: str, on_date: str | None) -> Resolution:
        ids = {self._on_date(a, on_date) for a in actor_ids}
        if on_date and len(ids) > 1:
            valid = {a for a in ids if self._by_id[a].valid_on(on_date)}
            ids = valid or ids
        if len(ids) > 1:
            return Resolution(None, "ambiguous", tuple(sorted(ids)))
        return Resolution(ids.pop(), method, ())

    def _on_date(self, actor_id: str, on_date: str | None) -> str:
        """Follow successors of a dissolved State to the one that existed on the date."""
        seen = {actor_id}
        while on_date and not self._by_id[actor_id].valid_on(on_date):
            nxt = self._successor.get(actor_id)
            if nxt is None or nxt in seen:
                break
            actor_id = nxt
            seen.add(nxt)
        return actor_id

    # -------------------------------------------------------------- mentions

    def find_mentions(self, text: str) -> list[Mention]:
        """Longest non-overlapping alias matches, left to right. An abbreviation in
        parentheses right after the full name of the same actor is part of that mention.
        Remembered like resolutions: the same alignment lists come back journal after
        journal (finding them was a fifth of normalizing)."""
        found = self._mentions.get(text)
        if found is None:
            if len(self._mentions) >= MENTIONS_KEPT:
                self._mentions.clear()
            found = self._mentions[text] = tuple(self._find_mentions(text))
        return list(found)

    def _find_mentions(self, text: str) -> list[Mention]:
        mentions: list[Mention] = []
        pos = 0
        while (word := _WORD.search(text, pos)) is not None:
            pattern = self._pattern_for(word.group())
            m = pattern.match(text, word.start()) if pattern is not None else None
            if m is None:
                pos = word.end()  # no alias starts inside a word
                continue
            actor_id = self._exact[self._mention_aliases[int(m.lastgroup[1:])]]
            end = m.end()
            after = _PARENTHETICAL_AFTER.match(text, end)
            if after and self._exact.get(" ".join(after.group(1).split())) == actor_id:
                end = after.end()
            mentions.append(Mention(m.start(), end, actor_id, text[m.start() : end]))
            pos = end
        return mentions

    def _pattern_for(self, word: str) -> re.Pattern[str] | None:
        """The alternation of the aliases that can start with this word (None if none do),
        longest first. Trying ~350 aliases at every word of a long list was most of the
        time of a build; a word starts few of them."""
        indexes = self._by_first_word.get(word)
        if indexes is None:
            return None
        pattern = self._patterns.get(word)
        if pattern is None:
            pattern = self._patterns[word] = _mention_pattern(
                [(i, self._mention_aliases[i]) for i in indexes]
            )
        return pattern


_WORD = re.compile(r"(?<!\w)\w+")


def _sentence_initial(alias: str) -> bool:
    """Aliases of several words also match with their first letter in the other case
    ('Relevant OSCE executive structures'); single words stay case-sensitive so that
    'turkey' or 'georgia' are not States."""
    return " " in alias and not _is_abbreviation(alias) and alias[0].isalpha()


def _aliases_by_first_word(aliases: list[str]) -> dict[str, tuple[int, ...]]:
    """Indexes of the aliases (in the given order) keyed by each word they can start with:
    their first word as printed or, for those that match either case of their first
    letter, with that letter in the other case."""
    by_word: dict[str, list[int]] = {}
    for i, alias in enumerate(aliases):
        first = _WORD.match(alias)
        if first is None:
            raise ValueError(f"actors.yml: alias {alias!r} must start with a letter or digit")
        word = first.group()
        starts = (
            set(alias[0].upper() + alias[0].lower()) if _sentence_initial(alias) else {alias[0]}
        )
        for c in sorted(starts):
            by_word.setdefault(c + word[1:], []).append(i)
    return {k: tuple(v) for k, v in by_word.items()}


def _mention_pattern(aliases: list[tuple[int, str]]) -> re.Pattern[str]:
    """One alternation of (index, alias) pairs sorted longest first, so that the regex
    engine's first match at a position is the longest. Group a<index> tells which alias
    matched."""
    parts = []
    for i, alias in aliases:
        body = r"\s+".join(re.escape(w) for w in alias.split())
        if _sentence_initial(alias):
            body = f"[{alias[0].upper()}{alias[0].lower()}]" + body[len(re.escape(alias[0])) :]
        parts.append(f"(?P<a{i}>{body})")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


# ------------------------------------------------------------------ people

_TITLE = re.compile(
    r"""^(?:H\.\s?E\.|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Prof\.?|Professor|Sir|Dame|Lord|Baroness
        |Ambassador|Minister|Senator|Judge|Mgr\.?|Monsignor|Archbishop|Father|Rev\.?
        |(?:Lieutenant|Major|Brigadier|Rear|Vice)\s(?:General|Colonel|Admiral|Commander)
        |Lt\.?\s?Col\.?|Col\.?|Colonel|General|Brigadier|Major|Captain|Commander|Admiral
        |Lieutenant|\([A-Za-z.]{1,6}\))(?=\s|$)\s*""",
    re.VERBOSE,
)
_INITIALS = re.compile(r"^(?:[^\W\d_]\.\s?)+[^\W\d_]{2}")
_PARTICLES = frozenset(
    {"de", "van", "von", "der", "den", "da", "di", "del", "la", "le", "du", "dos"}
)


def _looks_like_name(name: str) -> bool:
    words = name.split()
    return (
        bool(words)
        and all(
            w in _PARTICLES
            or (w[0].isupper() and re.fullmatch(r"[^\W\d_][^\W\d_.'’-]*(?:[.'’-][^\W\d_]*)*\.?", w))
            for w in words
        )
        and words[0][0].isupper()
    )


@lru_cache(maxsize=65536)
def person_from_label(label: str, registry: Registry) -> Actor | None:
    """A person Actor for 'Mr. S. Efjestad', 'Colonel (GS) J. Doe', 'H.E. Karolos Papoulias,
    President of the Hellenic Republic'; None for States, bodies and anything that does not
    start with a title or initials. The name is printed without title or affiliation."""
    rest = " ".join(label.split())
    titled = False
    while (m := _TITLE.match(rest)) is not None and m.end() > 0:
        rest, titled = rest[m.end() :], True
    name = rest.split(",")[0].strip()
    if not _looks_like_name(name) or not (titled or _INITIALS.match(name)):
        return None
    words = name.split()
    if any(_TITLE.match(" ".join(words[i:])) for i in range(1, len(words))):
        # several people run together ('Ambassador A. B Ambassador C. D'): the caller splits
        return None
    if registry.resolve(name).actor_id is not None:
        return None
    return Actor(
        id=f"person-{slugify(name)}",
        name=name,
        kind="person",
        iso_alpha2=None,
        iso_alpha3=None,
        abbreviation=None,
        valid_from=None,
        valid_to=None,
        parent_id=None,
    )


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    text = resources.files("build_data").joinpath("data/actors.yml").read_text(encoding="utf-8")
    return Registry(
        yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    )  # libyaml when there
