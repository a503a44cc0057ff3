"""Offline extractive answers: the sentences and table rows that answer the
question, each followed by its citation, under a one-line lead-in in the
asker's language. Quotations stay in the language of the source.

Which units are quoted, and whether to answer at all, are decided by the
answer models (`assistant.learn.answer_models`), fit on the dev split from the
features computed here; nothing is a hand-set threshold."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.aliases import match_tokens, runs_of
from assistant.arabic import tokenize
from assistant.extraction.rules import people_in
from assistant.answering import Answer, Citation
from assistant.i18n import t
from assistant.answering.support import (
    Supporter,
    absent_share,
    has_word,
    proper_names,
    question_concepts,
    split_units,
)
from assistant.learn.answer_models import TYPED_INTENTS, best_scores, type_match
from assistant.retrieval import Passage


@dataclass
class Unit:
    passage: Passage
    text: str
    position: int
    coverage: float
    features: dict = field(default_factory=dict)
    score: float = 0.0
    end: int | None = None  # last position quoted (a unit that took its successor along)


def passage_units(p: Passage) -> list[tuple[int, str]]:
    """What can be quoted from a passage: a table row as one line (cells in header
    order, as repaired), other passages sentence by sentence."""
    if p.kind == "table_row" and p.extra.get("cells"):
        cells = [c for c in p.extra["cells"] if c]
        return [(0, " — ".join(cells))]
    if p.kind == "reference":
        return [(0, p.text.split("\n")[0].strip())]
    return list(enumerate(split_units(p.text)))


def _number_words(cues: dict | None):
    words = tuple(w for ws in ((cues or {}).get("number_words") or {}).values() for w in ws or [])
    return _number_pattern(words)


@lru_cache(maxsize=8)
def _number_pattern(words: tuple[str, ...]):
    return (
        re.compile(
            r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE
        )
        if words
        else None
    )


@lru_cache(maxsize=8)
def _place_tokens(gazetteer) -> frozenset[str]:
    return frozenset(t for e in gazetteer.places.values() for n in e.ar for t in match_tokens(n))


def _words_of(cues: dict | None, key: str) -> frozenset[str]:
    """The match tokens of a cue list, every language together."""
    return frozenset(t for ws in ((cues or {}).get(key) or {}).values() for w in ws or [] for t in match_tokens(w))


def asks_location(intent: str, question: str, cues: dict | None) -> tuple[bool, bool]:
    """(the question asks where a place is, it asks for a level below the country:
    "which state", «أي ولاية»)."""
    below = bool(set(match_tokens(question)) & _words_of(cues, "subnational"))
    return intent == "where" or below, below


COUNTRY_REACH = 12  # words after a place within which a sentence may say its country


@dataclass
class Locator:
    """What a "where is X" question looks for in a sentence, read once per question."""

    places: set[str]
    asked: frozenset[str]  # the question's own words: a location must add one
    levels: frozenset[str]  # "ولاية", "state": passed over
    locative: frozenset[str]  # "in", "بـ": attach what follows
    below: bool
    national: bool = False  # the question asks for the country ("في أي بلد", "quel pays")

    @classmethod
    def of(cls, places: set[str], question: str, cues: dict | None, below: bool) -> "Locator":
        asked = frozenset(match_tokens(question))
        return cls(
            places,
            asked,
            _words_of(cues, "subnational"),
            _words_of(cues, "locative"),
            below,
            not below and bool(asked & _words_of(cues, "country_level")),
        )

    def locates(self, text: str, gazetteer) -> bool:
        from assistant.arabic import normalize

        toks = match_tokens(text)
        norm = normalize(text, keep_case=True)
        words = list(re.finditer(r"\w+", norm))
        if len(words) != len(toks):
            return False
        spans = gazetteer.find_spans(text)
        countries = {k for e, i, j in spans if e.kind == "country" for k in range(i, j)}
        if self.national:
            return self._in_a_country(spans, countries, toks, words, norm)
        # a city beside a city is a list, not a location ("العيون — أرلينغتون")
        named = {k for e, i, j in spans if e.id in self.places or e.kind in ("city", "commune") for k in range(i, j)}
        for e, i, j in spans:
            if e.id not in self.places or j > len(words):
                continue
            attached, end = False, words[j - 1].end()
            for k in range(j, min(j + 4, len(toks))):
                tok, word = toks[k], words[k].group(0)
                gap = norm[end : words[k].start()]
                end = words[k].end()
                attached = attached or bool(re.search(r"[,،(]", gap))
                if re.search(r"[—;:.)\]]", gap):
                    break  # the next cell or sentence
                if tok in self.levels or tok in self.locative:
                    attached = True
                    continue
                arabic = bool(re.match(r"[\u0600-\u06FF]", word))
                if arabic and word[0] == "ب" and len(word) > 4 and not self.asked & {tok, tok[1:]}:
                    attached, tok, word = True, tok[1:], word[1:]  # «بتكساس»: in Texas
                return (
                    attached
                    and (arabic or word[:1].isupper())
                    and not (tok in self.asked or k in named or (self.below and k in countries) or tok.isdigit())
                )
        return False

    def _in_a_country(self, spans, countries, toks, words, norm) -> bool:
        """A country asked for: the sentence names one (not the question's) after the place, in
        the same clause ("la Mérida yucateca, capitale de l'État du Yucatán, au Mexique")."""
        for e, i, j in spans:
            if e.id not in self.places or j > len(words):
                continue
            end = words[j - 1].end()
            for k in range(j, min(j + COUNTRY_REACH, len(toks))):
                if re.search(r"[.;:!?؟»«\]]", norm[end : words[k].start()]):
                    break  # another sentence or a quote
                end = words[k].end()
                if k in countries and toks[k] not in self.asked:
                    return True
        return False


def locates(text: str, places: set[str], question: str, gazetteer, cues: dict | None, below: bool) -> bool:
    """Whether the text writes, right after a place the question names, where that place is: a
    name attached to it by a comma, a bracket, a locative word or a level word, that the question
    does not hold ("مدينة أرلينغتون بتكساس", "Hollywood (État de Floride)", "Columbus, Ohio"). A
    country does not answer a question asking for a level below it ("Arlington, United States")."""
    return Locator.of(places, question, cues, below).locates(text, gazetteer)


ROLE_REACH = 5  # words between a role ("رئيس", "mayor") and the place it belongs to ("بلدية أغاديز", "of Agadez")
BODY_REACH = 3  # and the body it heads, at most an article and a preposition away ("chair of the council")


def bound_roles(
    text: str, gazetteer, cues: dict | None, named: tuple[tuple[str, str], ...] = (), *, terms: bool = False
) -> set[str]:
    """Places a role word is bound to in the text: "le maire de Tombouctou", «رئيس بلدية أغاديز»,
    "Agadez's mayor" → the place ids. The nearest place after the role, else right before it.
    `named`: (id, name) of places no gazetteer holds (a partner only the documents spell,
    «ولاية آدرار»), found by their tokens. `terms`: also the glossary concept right after the
    role («من يرأس مجلس التنسيق …»: a body, not a place), beside its place."""
    nouns = tuple(n for ns in ((cues or {}).get("person_nouns") or {}).values() for n in ns or [])
    if not nouns:
        return set()
    toks = match_tokens(text)
    raw = re.findall(r"\w+", text.lower())
    found = gazetteer.find_spans(text)
    spans = [(e.id, i, j) for e, i, j in found if gazetteer.places.get(e.id) is e]
    # bodies only: not a word naming the source ("the study": weight < 1) or a modifier
    concepts = (
        [
            (e.id, i, j)
            for e, i, j in found
            if e.id not in gazetteer.places and float(e.data.get("weight", 1.0)) >= 1.0 and not e.data.get("modifier")
        ]
        if terms
        else []
    )
    for pid, name in named:
        want = match_tokens(name)
        spans += [(pid, i, i + len(want)) for i in runs_of(toks, want)]
    starts = {i: pid for pid, i, _ in spans}
    ends = {j - 1: pid for pid, _, j in spans}
    out = set()
    for k, tok in enumerate(toks):
        word = raw[k] if len(raw) == len(toks) else tok
        if not (tok.startswith(nouns) or word.startswith(nouns)):
            continue
        after = next((starts[i] for i in range(k + 1, min(k + 1 + ROLE_REACH, len(toks))) if i in starts), None)
        before = ends.get(k - 1) or ends.get(k - 2)  # "Agadez's mayor", "Agadez mayor"
        if after or before:
            out.add(after or before)
        # the body right after the role ("يرأس مجلس التنسيق", "chair of the council"); a concept
        # holding the role word is the role itself ("رئيس المجلس" → mayor), not what it heads
        body = next((cid for cid, i, j in concepts if k < i <= k + BODY_REACH and not i <= k < j), None)
        if body:
            out.add(body)
    return out


LOCATING_SCAN = 30  # passages naming the place read for one that locates it
LOCATING_KEEP = 2


def locating_passages(locator: Locator, passages, gazetteer, vocab) -> list[Passage]:
    """For a "where is X" question: passages of the index that name X and say where it is
    ("… مدينة أرلينغتون بتكساس …"), when retrieval ranked them out of reach — a table row
    naming the city and its country outranks the bibliography entry naming its state."""
    from assistant.arabic import tokenize
    from assistant.retrieval import HybridRetriever

    if vocab is None or not hasattr(vocab, "search"):
        return []
    have = {p.chunk_id for p in passages}
    names = [n for pid in locator.places if (e := gazetteer.places.get(pid)) is not None for n in (*e.ar, *e.latin)]
    tokens = list(dict.fromkeys(t for n in names for t in tokenize(n)))
    out: list[Passage] = []
    for idx, _ in vocab.search(tokens, LOCATING_SCAN):
        c = vocab.chunks[idx]
        if c.id in have:
            continue
        p = HybridRetriever._passage(c, len(passages) + len(out) + 1, 0.0)
        if any(locator.locates(text, gazetteer) for _, text in passage_units(p)):
            out.append(p)
            if len(out) >= LOCATING_KEEP:
                break
    return out


@dataclass
class Candidates:
    """Every quotable unit of the retrieved passages with its features, and the
    question-level features the abstention model reads."""

    units: list[Unit]
    question: dict
    intent: str = "other"
    typed: bool = False  # the question asks for a type its answer must hold beyond the intent's (a role's place)


LOCALITY_KINDS = ("commune", "city")


def candidates(
    question: str,
    intent: str,
    intent_confidence: float,
    record_intent: bool,
    passages: list[Passage],
    gazetteer,
    vocab=None,
    cues: dict | None = None,
    source_words: list[str] | tuple[str, ...] = (),
    settings=None,
    figure: bool = False,
    named: tuple[tuple[str, str, str], ...] = (),
) -> Candidates:
    weights = (
        {
            "place_weight": settings.place_weight,
            "unknown_word_factor": settings.unknown_word_factor,
            "source_name_factor": settings.source_name_factor,
        }
        if settings is not None
        else {}
    )
    concepts = question_concepts(question, gazetteer, vocab, source_words=source_words, named=named, **weights)
    places = [c for c in concepts if c.kind == "place"]
    named_names = tuple((pid, name) for pid, name, _ in named)

    def named_in(text: str) -> set[str]:
        toks = match_tokens(text)
        return {pid for pid, name in named_names if runs_of(toks, match_tokens(name))}

    df = getattr(vocab, "df", None) or {}
    # the main concept is the topic, one the corpus could hold: not a modifier ("the three main
    # manifestations" are about manifestations), nor a word it never uses (a paraphrase, a frame
    # word such as "name" in "what's the name of the mayor"), which no unit covers anyway
    main = max(
        (
            c
            for c in concepts
            if c.kind != "place"
            and not c.modifier
            and not c.source
            and not (c.kind == "word" and df and c.key not in df)
        ),
        key=lambda c: c.weight,
        default=None,
    )
    supporter = Supporter(gazetteer)
    top = max((p.score for p in passages), default=0.0) or 1.0
    place_tokens = _place_tokens(gazetteer)
    rare = (lambda t: df.get(t, 0) <= 2 and t not in place_tokens) if df else None
    number_words = _number_words(cues)
    where, below = asks_location(intent, question, cues)
    # the place located is the foreign one the question names, else the commune ("Où se trouve Smara ?")
    entries = [gazetteer.places.get(c.key) for c in places]
    place_ids = {c.key for c, e in zip(places, entries) if e is not None and e.kind == "city"} or {
        c.key for c in places
    }
    locator = Locator.of(place_ids, question, cues, below) if where and place_ids else None
    # "who is the mayor of X", "what did the mayor of X say": a unit answers only about X's
    # bound to a place if the question names one there, else to the body it names ("who chairs the
    # coordination council"); a unit's roles are read with both
    roles = (
        (bound_roles(question, gazetteer, cues, named_names) or bound_roles(question, gazetteer, cues, terms=True))
        if locator is None
        else set()
    )
    if locator is not None:
        passages = list(passages) + locating_passages(locator, passages, gazetteer, vocab)

    def names_someone(text: str, n_places: int) -> bool:
        # a name the corpus rarely uses, or a person named with a title as signatories are
        # («ووقع الاتفاقية محمد …، رئيس جماعة …»: common given names, no rare word)
        return bool(type_match("who", text, n_places, rare, number_words)) or (
            settings is not None and bool(people_in(text, gazetteer, settings, [n for _, n in named_names]))
        )

    def typed(text: str, n_places: int) -> float:
        """Does the unit hold what the question asks for (the place's location, the role's
        holder, else what the intent asks)."""
        if locator is not None:
            return float(locator.locates(text, gazetteer))
        if roles:
            bound = bool(roles & bound_roles(text, gazetteer, cues, named_names, terms=True))
            return float(bound and (intent != "who" or names_someone(text, n_places)))
        if intent == "who":
            return float(names_someone(text, n_places))
        if figure and intent not in TYPED_INTENTS:
            # "what is the population of X", "the duration of the agreement": a figure, not a date
            return type_match("count", text, n_places, rare, number_words)
        return type_match(intent, text, n_places, rare, number_words)

    # the localities the question names, by kind: a unit naming other ones of a kind and none of
    # these is about another place ("a Paris–Dakhla air link" for a question on Paris–Laayoune)
    asked_by_kind: dict[str, set[str]] = {}
    for c in places:
        e = gazetteer.places.get(c.key)
        if e is not None and e.kind in LOCALITY_KINDS:
            asked_by_kind.setdefault(e.kind, set()).add(c.key)

    def conflicts(named: set[str]) -> float:
        for kind, asked in asked_by_kind.items():
            other = {i for i in named if i in gazetteer.places and gazetteer.places[i].kind == kind}
            if other and not (other & asked):
                return 1.0
        return 0.0

    units: list[Unit] = []
    for p in passages:
        # the passage's context (section, table header) counts towards its units' support
        context = p.context if p.kind == "table_row" else p.section
        with_context = supporter.analyse(context) if context else (set(), set())
        unit_dense = p.extra.get("unit_dense") or []
        unit_hub = p.extra.get("unit_hub") or []
        for pos, text in passage_units(p):
            own = supporter.analyse(text)
            if named_names:
                own = (own[0] | named_in(text), own[1])
            entries_all, words_all = own[0] | with_context[0], own[1] | with_context[1]
            cov = supporter.coverage(concepts, text, analysed=(entries_all, words_all))
            entries = own[0]
            n_places = sum(1 for e in entries if e in gazetteer.places)
            f = {
                "coverage": cov,
                "place_share": (sum(1 for c in places if c.key in entries) / len(places)) if places else 1.0,
                "inv_rank": 1.0 / p.rank,
                "rel_score": p.score / top,
                "type_match": typed(text, n_places),
                "first_in_passage": float(pos == 0),
                "log_len": math.log(1 + len(text)),
                "is_row": float(p.kind == "table_row"),
                "covers_main": 1.0 if main is None else float(main.key in entries_all or has_word(main.key, words_all)),
                "dense": float(unit_dense[pos] if pos < len(unit_dense) else p.extra.get("dense", 0.0)),
                "passage_dense": float(p.extra.get("dense", 0.0)),
                "hub": float(unit_hub[pos]) if pos < len(unit_hub) else 0.0,
                "place_conflict": conflicts(entries_all),
            }
            units.append(Unit(p, text, pos, cov, f))
    top_dense = max((u.features["dense"] for u in units), default=0.0)
    for u in units:
        u.features["dense_gap"] = (
            top_dense - u.features["dense"]
        )  # e5 similarities are compressed: rank within the question
    # a name written as a place the documents spell otherwise is not an unknown name
    names = proper_names(question) - {t for _, _, said in named for t in tokenize(said)}
    # a question naming two places (a commune and a partner) that no unit names together
    q = {
        "best_place_share": max((u.features["place_share"] for u in units), default=0.0),
        "best_coverage": max((u.coverage for u in units), default=0.0),
        "absent_share": absent_share(concepts),
        "unknown_names": float(any(n not in df for n in names)) if vocab is not None else 0.0,
        "top_score": top if passages else 0.0,
        "top_dense": top_dense,
        "intent_confidence": intent_confidence,
        "n_concepts": float(len(concepts)),
        "record_intent": float(record_intent),
    }
    return Candidates(units, q, intent, typed=bool(roles) or figure)


def choose(cands: Candidates, models, settings) -> tuple[list[Unit], float]:
    """(units to quote, P(abstain)). Units scoring within `settings.unit_margin` of the
    best are kept (at most `max_units`, `max_per_passage` per passage); a unit that
    ends with a colon or sets up its successor brings that successor along."""
    units = cands.units
    for u in units:
        u.score = models.unit.prob(u.features)
    best = max((u.score for u in units), default=0.0)
    p_abstain = models.abstain.prob(
        {**cands.question, **best_scores([(u.score, u.features) for u in units], cands.intent, cands.typed)}
    )
    if not units:
        return [], 1.0
    chosen: list[Unit] = []
    per_passage: dict[str, int] = {}
    for u in sorted(units, key=lambda u: -u.score):
        if len(chosen) >= settings.max_units or u.score < best - settings.unit_margin:
            break
        if per_passage.get(u.passage.chunk_id, 0) >= settings.max_per_passage:
            continue
        per_passage[u.passage.chunk_id] = per_passage.get(u.passage.chunk_id, 0) + 1
        chosen.append(u)
    top = chosen[0]
    successors = [u for u in units if u.passage is top.passage and u.position == top.position + 1]
    if successors and successors[0] not in chosen and (top.text.endswith(":") or successors[0].score >= best / 2):
        # "X faces difficulties." → "They include …": the list stays with its lead-in
        top.text = f"{top.text} {successors[0].text}"
        top.end = successors[0].position
    chosen.sort(key=lambda u: (u.passage.rank, u.position))
    # a sentence quoted inside another (its successor taken along, or the same sentence in two passages) goes
    chosen = [
        u for u in chosen if not any(v is not u and u.text in v.text and len(v.text) > len(u.text) for v in chosen)
    ]
    seen: set[str] = set()
    chosen = [u for u in chosen if not (u.text in seen or seen.add(u.text))]
    return chosen, p_abstain


LIST_ITEMS = 4  # items quoted after a lead-in that ends with a colon


def with_list_items(chosen: list[Unit], units: list[Unit], vocab) -> list[Unit]:
    """A chosen unit that introduces a list ("…three dimensions, namely:") keeps its items:
    the units after it in its passage, or the start of the next passage of the document
    when the list begins there (headings and bullets are often chunks of their own)."""
    out: list[Unit] = []
    for u in chosen:
        out.append(u)
        if not u.text.rstrip().endswith(":"):
            continue
        last = u.end if u.end is not None else u.position
        after = sorted((x for x in units if x.passage is u.passage and x.position > last), key=lambda x: x.position)[
            :LIST_ITEMS
        ]
        if not after and vocab is not None:
            later = _following(u.passage, vocab)
            subs = [x for x in later if x.section.startswith(f"{u.passage.section} > ")]
            if subs:
                # the list is the sub-sections that follow ("أ. …", "ب. …"): their headings are its items
                heads: dict[str, Passage] = {}
                for x in subs:
                    heads.setdefault(x.section.split(" > ")[len(u.passage.section.split(" > "))], x)
                after = [Unit(x, head, -1, 0.0) for head, x in list(heads.items())[:LIST_ITEMS]]
            elif later:
                after = [Unit(later[0], text, pos, 0.0) for pos, text in passage_units(later[0])[:LIST_ITEMS]]
        out += [x for x in after if x not in out and x not in chosen]
    return out


def _following(p: Passage, vocab, n: int = 8) -> list[Passage]:
    """The passages after this one in its document (references aside), in order."""
    from assistant.retrieval import HybridRetriever

    chunks = sorted(vocab.chunks_of(p.doc), key=lambda c: int(c.meta.get("line_start", 0)))
    later = [c for c in chunks if int(c.meta.get("line_start", 0)) > p.line_end and c.meta.get("kind") != "reference"]
    return [HybridRetriever._passage(c, p.rank, 0.0) for c in later[:n]]


def citation_for(n: int, p: Passage, url: str | None = None) -> Citation:
    return Citation(n=n, doc=p.doc, title=p.title, section=p.section, lines=p.lines, quote=p.text, url=url)


def abstention(question: str, language: str, passages: list[Passage], related_k: int) -> Answer:
    related = passages[:related_k]
    lines = [t("answer.abstain", language)]
    if related:
        lines.append(t("answer.related", language))
        lines += [f"- {p.title}" + (f" — {p.section}" if p.section else "") + f", {p.lines}" for p in related]
    return Answer(question, language, "extractive", "\n".join(lines), True, [], passages)


def request_candidates(req, components) -> Candidates:
    """The candidate units of an answer request, as the answer path and the fit both read them."""
    a = req.analysis
    return candidates(
        req.question,
        a.intent,
        max(a.intent_scores.values(), default=0.0),
        a.about_agreements and a.intent in ("list", "count", "date"),
        req.passages,
        components.gazetteer,
        req.vocab,
        components.cues,
        source_words=a.source_words,
        settings=components.settings,
        figure="figure" in a.attributes,
        # places the question names that only the documents spell (no gazetteer entry)
        named=tuple(
            (m.id, m.text, m.said or m.text) for m in a.entities if m.text and m.id not in components.gazetteer.places
        ),
    )


def extractive_answer(req, components) -> Answer:
    s = components.settings
    cands = request_candidates(req, components)
    units, p_abstain = choose(cands, components.answer_models, s)
    if not units or p_abstain >= components.answer_models.abstain.threshold:
        ans = abstention(req.question, req.language, req.passages, s.related_reading)
        ans.extra["p_abstain"] = p_abstain
        return ans
    units = with_list_items(units, cands.units, req.vocab)
    passages = list(req.passages) + [u.passage for u in units if all(u.passage is not p for p in req.passages)]
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    lines = [t("answer.lead_in", req.language)]
    for u in units:
        n = numbers.get(u.passage.chunk_id)
        if n is None:
            n = numbers[u.passage.chunk_id] = len(numbers) + 1
            citations.append(citation_for(n, u.passage, req.urls.get(u.passage.doc)))
        lines.append(f"- {u.text} [{n}]")
    ans = Answer(req.question, req.language, "extractive", "\n".join(lines), False, citations, passages)
    ans.extra["p_abstain"] = p_abstain
    return ans


__all__ = [
    "Unit",
    "Candidates",
    "candidates",
    "request_candidates",
    "choose",
    "extractive_answer",
    "passage_units",
    "citation_for",
    "abstention",
]
