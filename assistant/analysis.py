"""Question analysis: the one step every answer path, the CLI, the app and the
evaluation read a question through.

It says what is asked (intent, attributes), about what (entities with their
roles), and in which sources (scope, resolved from document metadata). Intent
comes from a classifier fit on labelled questions (`assistant.learn.intent`);
lexical cues (`corpus/data/cues.yaml`) are data, used as its features and for
the attribute / scope / flag readings below.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from assistant.arabic import normalize

INTENTS = (
    "list",
    "count",
    "date",
    "who",
    "where",
    "what_about",
    "definition",
    "recommendation",
    "reason",
    "yes_no",
    "other",
)
ATTRIBUTES = ("partner", "date", "themes", "signatories", "status", "count", "statement", "figure")
# Intents that a table of agreements can answer when the question is about agreements.
RECORD_INTENTS = ("list", "count", "date", "yes_no", "what_about", "who")


@dataclass
class Mention:
    id: str
    kind: str  # gazetteer kind: commune | city | country | region | …
    role: str  # commune | partner | country | continent | person | year
    text: str = ""
    said: str = ""  # the question's own words for it, when they differ ("Bir Moghrein" for «بئر أم كرين»)


@dataclass
class Analysis:
    question: str
    language: str
    intent: str = "other"
    intent_scores: dict[str, float] = field(default_factory=dict)
    attributes: list[str] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    scope: list[str] | None = None  # doc ids the question restricts itself to; None = all
    scope_label: str | None = None  # the cue that set it ("study", "news", …)
    total: bool = False  # "in all", "both sources"
    superlative: str | None = None  # oldest | newest
    status: str | None = None  # announced | renewed (asked about)
    about_agreements: bool = False  # the question is about twinning/cooperation instruments
    unknown_places: list[str] = field(default_factory=list)  # communes named that no source covers
    months: list[tuple[int, int]] = field(default_factory=list)  # (year, month) named together
    counts_records: bool = False  # what is counted or listed is agreements, cities, partners…
    relation: bool = False  # asks who is linked to whom ("twinned with", "avec qui", "مع من")
    person: bool = False  # names a person by role ("le maire de Tombouctou", «رئيس الجماعة»)
    excluded: list[Mention] = field(default_factory=list)  # filters a follow-up negates ("the others")
    scope_years: list[int] = field(default_factory=list)  # years that date a source ("l'article de 2025")
    source_words: list[str] = field(default_factory=list)  # words naming a scoped source's outlet or author
    kinds: list[str] = field(
        default_factory=list
    )  # instruments named, first named first ("conventions de coopération")

    def ids(self, role: str) -> list[str]:
        return [m.id for m in self.entities if m.role == role]

    @property
    def communes(self) -> list[str]:
        return self.ids("commune")

    @property
    def partners(self) -> list[str]:
        return self.ids("partner")

    @property
    def countries(self) -> list[str]:
        return self.ids("country")

    @property
    def continents(self) -> list[str]:
        return self.ids("continent")

    def to_json(self) -> dict:
        return asdict(self)


# -- cue data ---------------------------------------------------------------------------


@lru_cache(maxsize=4)
def load_cues(path: str) -> dict:
    """cues.yaml, with every phrase normalized like questions are."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}

    def norm(tree):
        if isinstance(tree, dict):
            return {k: norm(v) for k, v in tree.items()}
        if isinstance(tree, list):
            return [normalize(str(v)) for v in tree]
        return tree

    return norm(raw)


@lru_cache(maxsize=4096)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern | None:
    alts = sorted({p for p in phrases if p}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alts)) + ")") if alts else None


def cue_hits(text_norm: str, phrases) -> int:
    """How many distinct phrases occur in the normalized text, each starting a word
    (one compiled alternation per list: questions are read on every ask)."""
    pattern = _pattern(tuple(phrases))
    if pattern is None:
        return 0
    found: set[str] = set()
    for i in range(len(text_norm)):
        if i and text_norm[i - 1].isalnum():
            continue
        m = pattern.match(text_norm, i)
        if m:
            found.add(m.group(0))
    return len(found)


def spans_of(text_norm: str, phrases) -> list[tuple[int, int]]:
    """(start, end) of each whole-word occurrence of the phrases in the normalized text."""
    out = []
    for p in sorted(set(phrases), key=len, reverse=True):
        out += [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(p)}(?!\w)", text_norm)]
    return out


# -- the analyzer -------------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
# Gazetteer kinds → the role a mention plays in a question about agreements.
_ROLES = {"commune": "commune", "city": "partner", "country": "country", "region": "continent"}


class QuestionAnalyzer:
    """Reads a question: language, intent (classifier), attributes, entities with
    roles, scope and flags. `intent_model` is an `assistant.learn.intent.IntentModel`
    (or None: the cue-only reading), `vector` gives the question's embedding."""

    def __init__(
        self,
        gazetteer,
        cues: dict,
        *,
        known_communes=(),
        home_country: str | None = None,
        continents=(),
        intent_model=None,
        vector=None,
        language=None,
        manifest=None,
        unknown_places=None,
        instrument_kinds=(),
        months=(),
    ):
        self.gazetteer = gazetteer
        self.months = tuple(months)  # month names CLDR lacks (extraction.yaml): "février 2026" as documents date
        # partners the documents name as no gazetteer writes them (registry ids "x-…", or a known
        # place in a document's spelling): questions in any script reach their rows
        self.unknown_places = unknown_places or (lambda: {})
        self.cues = cues
        self.known_communes = set(known_communes)
        self.home_country = home_country
        self.continents = set(continents)
        self.intent_model = intent_model
        self.vector = vector
        self.language = language
        self.manifest = manifest or (lambda: {})
        # (kind, compiled pattern) of the extractor's cue words (extraction.yaml): one vocabulary
        # of instruments for documents and questions
        self.instrument_kinds = tuple(instrument_kinds)
        # "US", "UK", "UAE": too ambiguous for the gazetteer's token index, unmistakable in capitals
        self.abbreviations = {
            n: e for e in gazetteer.places.values() for n in e.latin if 2 <= len(n) <= 3 and n.isupper() and n.isalpha()
        }

    def _no_source_word(self, word: str) -> bool:
        return _no_source_word(self.gazetteer, word)

    def _phrases(self, node) -> list[str]:
        if isinstance(node, dict):
            return [p for v in node.values() for p in self._phrases(v)]
        return list(node or [])

    @cached_property
    def _records_pattern(self) -> re.Pattern:
        """A count/list lead followed within two words by a record noun ("combien d'accords",
        "which agreements", "كم مدينة"): one compiled pattern, built once."""
        attrs = self.cues.get("attributes") or {}
        lead = (
            self._phrases(attrs.get("count"))
            + self._phrases(attrs.get("partner"))
            + self._phrases(self.cues.get("record_leads"))
        )
        nouns = self._phrases(self.cues.get("record_nouns"))
        alt = lambda ps: "|".join(sorted({re.escape(p) for p in ps if p}, key=len, reverse=True))  # noqa: E731
        return re.compile(rf"(?<!\w)(?:{alt(lead)})\W*(?P<mid>(?:\w+\W+){{0,2}}?)(?:{alt(nouns)})")

    @cached_property
    def _record_words(self) -> tuple[set[str], tuple[str, ...]]:
        """The words of record leads, totals and superlatives (whole) and record nouns (prefixes):
        what may head a record noun without being what is asked («مجموع اتفاقيات», «أقدم اتفاقية»:
        agreements, summed or ranked)."""
        attrs = self.cues.get("attributes") or {}
        leads = (
            self._phrases(attrs.get("count"))
            + self._phrases(self.cues.get("record_leads"))
            + self._phrases(self.cues.get("total"))
            + self._phrases(self.cues.get("superlative"))
        )
        words = {w for p in leads for w in re.findall(r"\w+", normalize(p))}
        nouns = tuple(normalize(p) for p in self._phrases(self.cues.get("record_nouns")) if p)
        return words, nouns

    def _counts_records(self, q: str) -> bool:
        """Whether a count/list lead asks for records. In Arabic the head of a construct comes
        first, so a content word right before the record noun is what is asked («ما هي مدة سريان
        اتفاقية»: the duration, not the agreements); in French and English the word there is the
        noun's modifier ("which Spanish cities", "how many foreign cities")."""
        from assistant.arabic import _ARABIC_CHAR, is_stopword

        leads, nouns = self._record_words
        pos = 0
        while m := self._records_pattern.search(q, pos):
            head = (re.findall(r"\w+", m.group("mid")) or [""])[-1]
            if not _ARABIC_CHAR.match(head) or is_stopword(head) or head in leads or head.startswith(nouns):
                return True
            pos = m.start() + 1
        return False

    def flag(self, q: str, *path: str) -> bool:
        node = self.cues
        for key in path:
            node = (node or {}).get(key, {})
        return bool(cue_hits(q, self._phrases(node)))

    def _negated_regions(self, q: str, a: Analysis) -> None:
        """ "les villes non européennes", «غير الإفريقية», "except France": a country or continent
        named under a negation cue (follow_up.negation) is excluded, not filtered on."""
        cues = self._phrases(((self.cues.get("follow_up") or {}).get("negation")) or {})
        hits = spans_of(q, cues)
        if not hits:
            return
        for m in [m for m in a.entities if m.role in ("country", "continent")]:
            entry = self.gazetteer.places.get(m.id)
            names = [n for n in (normalize(x) for x in (entry.names if entry else [])) if len(n) > 2]
            if any(
                any(n in q[start:end] or q[end : end + 4 + len(n)].lstrip().startswith(n) for n in names)
                for start, end in hits
            ):
                a.entities.remove(m)
                a.excluded.append(m)

    def analyse(self, question: str) -> Analysis:
        from assistant.sources import kind_phrases, resolve_scope, source_words

        q = normalize(question)
        lang = self.language(question) if self.language else "en"
        a = Analysis(question=question, language=lang)
        spans = self.gazetteer.find_spans(question)  # once: the entities, and the words a scope must not read
        found: list = []
        for entry, _, _ in spans:  # as Gazetteer.find_places reads them
            if entry not in found and self.gazetteer.places.get(entry.id) is entry:
                found.append(entry)
        found += [
            e
            for tok in re.findall(r"\b[A-Z]{2,3}\b", question)
            if (e := self.abbreviations.get(tok)) is not None and e not in found
        ]
        for entry in found:
            role = _ROLES.get(entry.kind)
            if role is None or (role == "country" and entry.id == self.home_country):
                continue
            if role == "continent" and self.continents and entry.id not in self.continents:
                continue
            a.entities.append(Mention(entry.id, entry.kind, role, entry.name("en")))
            if role == "commune" and self.known_communes and entry.id not in self.known_communes:
                a.unknown_places.append(entry.name(lang if lang in ("ar", "fr", "en") else "en"))
        for pid, info in self.unknown_places().items():
            if any(m.id == pid for m in a.entities):
                continue
            said = next((r for name in info.get("names") or [] if (r := _named_run(question, name))), None) or next(
                (r for name in info.get("strict") or [] if (r := _named_run(question, name, strict=True))), None
            )
            if said:
                a.entities.append(Mention(pid, "city", "partner", (info.get("names") or info["strict"])[0], said))
        a.years = [int(y) for y in _YEAR.findall(question)]
        if a.years:
            from assistant.extraction.dates import find_dates

            # "en février 2026", «في فبراير 2026»: the month of a year the question names
            a.months = list(
                dict.fromkeys(
                    (int(d.iso[:4]), int(d.iso[5:7]))
                    for d in find_dates(question, self.months)
                    if d.precision == "month" and int(d.iso[:4]) in a.years
                )
            )
        for y in a.years:
            a.entities.append(Mention(str(y), "year", "year", str(y)))
        self._negated_regions(q, a)
        a.attributes = [k for k in ATTRIBUTES if self.flag(q, "attributes", k)]
        a.total = self.flag(q, "total")
        a.superlative = next((k for k in ("oldest", "newest") if self.flag(q, "superlative", k)), None)
        a.status = next((k for k in ("announced", "renewed") if self.flag(q, "status", k)), None)
        a.about_agreements = self.flag(q, "agreement_topic") and not self.flag(q, "not_registry")
        # "according to all the documents" names every source, not one: no scope
        # a word of a place the question names is that place, not an outlet sharing it
        # ("Foum El Oued" does not name "Oued Noun News")
        from assistant.aliases import match_tokens

        toks, stripped = re.findall(r"\w+", q), match_tokens(question)
        in_places = {t for _, i, j in spans for t in toks[i:j] + stripped[i:j]}
        not_source = lambda w: w in in_places or self._no_source_word(w)  # noqa: E731
        a.scope, a.scope_label = (
            (None, None)
            if self.flag(q, "all_documents")
            else resolve_scope(
                q, self.manifest(), self.cues.get("scope", {}), lang, not_source, self.cues.get("scope_asked")
            )
        )
        a.source_words = sorted(
            {w for d in a.scope or [] for w in source_words(q, self.manifest().get(d) or {}, not_source)}
        )
        if a.scope and a.years:
            # a year right after a source's kind, and that source's own year, dates the source
            # ("l'article de 2025"), not the agreements ("the study's agreements from 2022")
            kinds = kind_phrases(self.cues.get("scope", {}))
            manifest = self.manifest()
            source_years = {str((manifest.get(d) or {}).get("date") or "")[:4] for d in a.scope}
            for y in list(a.years):
                if str(y) in source_years and any(
                    re.search(rf"(?<!\w){re.escape(k)}\w*\W+(?:\w+\W+){{0,2}}?{y}", q) for k in kinds
                ):
                    a.years.remove(y)
                    a.scope_years.append(y)
                    a.entities = [m for m in a.entities if not (m.role == "year" and m.id == str(y))]
        named = sorted((m.start(), kind) for kind, pat in self.instrument_kinds if (m := pat.search(q)))
        a.kinds = list(dict.fromkeys(kind for _, kind in named))
        a.counts_records = self._counts_records(q)
        a.relation = self.flag(q, "relation")
        nouns = (self.cues.get("person_nouns") or {}).get(lang) or [
            n for ns in (self.cues.get("person_nouns") or {}).values() for n in ns
        ]
        a.person = any(w.startswith(tuple(nouns)) for w in toks + stripped) if nouns else False
        if "statement" in a.attributes and not a.person:
            a.attributes.remove("statement")  # "what does the study say": a source's content, not a person's words
        vector = self.vector(question) if (self.vector and self.intent_model) else None
        if self.intent_model is not None:
            a.intent_scores = self.intent_model.scores(question, q, vector)
        else:
            a.intent_scores = cue_scores(q, self.cues)
        a.intent = max(a.intent_scores, key=a.intent_scores.get) if a.intent_scores else "other"
        if a.intent == "count" and "count" not in a.attributes:
            a.attributes.append("count")
        return a


def cue_vector(q_norm: str, cues: dict) -> list[float]:
    """One feature per intent: how many of its cue phrases the question holds (all
    languages: a French question may use an English word)."""
    table = cues.get("intents", {})
    return [float(cue_hits(q_norm, [p for ps in (table.get(i) or {}).values() for p in (ps or [])])) for i in INTENTS]


def cue_scores(q_norm: str, cues: dict) -> dict[str, float]:
    """The cue-only reading (no classifier): intent with the most cue hits, else other."""
    vec = cue_vector(q_norm, cues)
    total = sum(vec)
    if not total:
        return {i: (1.0 if i == "other" else 0.0) for i in INTENTS}
    return {i: v / total for i, v in zip(INTENTS, vec)}


__all__ = [
    "Analysis",
    "Mention",
    "QuestionAnalyzer",
    "INTENTS",
    "ATTRIBUTES",
    "RECORD_INTENTS",
    "load_cues",
    "cue_hits",
    "cue_vector",
    "cue_scores",
]


@lru_cache(maxsize=20_000)
def _no_source_word(gazetteer, word: str) -> bool:
    """A word of an outlet's name that names no source: a place, or an ordinary word."""
    from wordfreq import zipf_frequency

    if gazetteer.find_places(word):
        return True
    # normalized Arabic ends in ه where the word is written ة (جماعه / جماعة): try both
    forms = {word, word[:-1] + "ة"} if word.endswith("ه") else {word}
    return max(zipf_frequency(f, lang) for f in forms for lang in ("ar", "fr", "en")) >= 4.5


def _named_in(question: str, name: str, *, strict: bool = False) -> bool:
    """Whether the question writes `name` (any script: aliases.same_name), as a run of words."""
    return _named_run(question, name, strict=strict) is not None


def _named_run(question: str, name: str, *, strict: bool = False) -> str | None:
    """The run of the question's words that writes `name`, None when none does."""
    from assistant.aliases import _strip_prefixes, same_name
    from assistant.arabic import is_stopword

    words = re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", question)
    size = len(name.split())
    for n in {max(1, size - 1), size, size + 1}:
        for i in range(len(words) - n + 1):
            if n > size and (is_stopword(words[i]) or is_stopword(words[i + n - 1])):
                # a run longer than the name may not start or end on a function word: "avec une"
                # is no place's name, whatever its consonants (v-c-n ~ Favignana)
                continue
            run = words[i : i + n]
            # «وفافينيانا»: the conjunction or preposition glued to a name is not part of it
            first = _strip_prefixes(run[0])
            bare = first[1:] if len(first) > 4 and first[0] in "وفبل" else first
            # "l'Adrar", "d'Assa": an elided article or preposition is not part of the name either
            elided = re.sub(r"^(?:[ldjmnst]|qu)['’](?=\w)", "", run[0], flags=re.I)
            for chunk in dict.fromkeys(" ".join([w, *run[1:]]) for w in (run[0], first, bare, elided)):
                if len(chunk) >= 4 and same_name(chunk, name, strict=strict):
                    return " ".join(run)
    return None
