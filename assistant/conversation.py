"""Follow-up questions: a turn that leans on the earlier ones ("Et ceux de Laâyoune ?",
«وفي أي مجالات؟», "How many are there?", "that city") is read as the question it stands
for, through the question analysis — no rewriting model offline.

A question that stands on its own (it names its own subject and neither refers back nor
opens elliptically) is never rewritten. Otherwise, against the previous turn (itself
understood against the turns before it):

- a new entity of a role the previous turn filled replaces it there: the previous
  question is asked again about the new commune, partner or country;
- else the previous turn's entities of the roles this one lacks are carried over, as
  names after the question (what retrieval and the analysis read) or in place of a
  referring phrase ("that city" → "Arlington"); its topic (agreements) and source scope
  come along.

With an LLM a condense-the-question step could replace this; the offline reading stays
the fallback. The CLI (`ask --batch` "history", `chat`), the app's `/chat` and the
evaluation all go through `understand`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.analysis import Analysis, cue_hits, spans_of
from assistant.i18n import t
from assistant.arabic import normalize, tokenize

ROLES = ("commune", "partner", "country", "continent")
SHORT = 7  # words: a turn this short may lack a subject of its own
LEAD_WORDS = 12  # words: an elliptic opener ("et", "and", "وماذا عن") counts at the start of a turn this long
OWN_WORDS = 2  # search words (stop words and names aside) a subject-less short turn may have and still lean back
MAX_DEPTH = 4  # earlier turns read back at most


@dataclass
class Understood:
    question: str  # what is answered
    original: str  # as typed
    rewritten: bool = False
    carried: list[str] = field(default_factory=list)  # names taken from earlier turns
    inherit: dict = field(default_factory=dict)  # analysis flags carried over (about_agreements, scope)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def _phrases(cues: dict, key: str, lang: str) -> list[str]:
    node = ((cues or {}).get("follow_up") or {}).get(key) or {}
    return list(node.get(lang) or []) or [p for ps in node.values() for p in ps or []]


def _antecedents(question: str, q: str, a: Analysis, cues: dict, gazetteer, person: bool = False) -> list[int]:
    """Offsets in the normalized question of what a pronoun there could point to: the
    places it names, the sources it names, the record nouns (cities, agreements…); for a
    personal pronoun ("she", "lui"), the nouns of people and the capitalised names."""
    from assistant.aliases import match_tokens

    starts = [m.start() for m in re.finditer(r"\w+", q)]
    if person:
        nouns = list((cues.get("person_nouns") or {}).get(a.language) or [])
        out = [m.start() for m in re.finditer(r"\w+", q) if any(m.group(0).startswith(n) for n in nouns)]
        names = [m for m in re.finditer(r"\w+", question)][1:]  # the first word is capitalised anyway
        if len(starts) == len(names) + 1:
            out += [starts[k + 1] for k, m in enumerate(names) if m.group(0)[0].isupper()]
        return out
    out = []
    if gazetteer is not None and len(match_tokens(question)) == len(starts):
        out += [
            starts[i]
            for e, i, _ in gazetteer.find_spans(question)
            if gazetteer.places.get(e.id) is e and i < len(starts)
        ]
    scope = [p for by_lang in (cues.get("scope") or {}).values() for p in by_lang.get(a.language) or []]
    out += [s for s, _ in spans_of(q, scope)]
    if a.scope is not None and not out:
        out.append(0)  # a source named by its outlet or title, somewhere in the question
    nouns = (cues.get("record_nouns") or {}).get(a.language) or []
    words = [(m.start(), m.group(0)) for m in re.finditer(r"\w+", q)]
    stripped = match_tokens(question)  # «المدن» → «مدن»
    if len(stripped) == len(words):
        words += [(s, t) for (s, _), t in zip(words, stripped)]
    out += [s for s, w in words if any(w.startswith(n) for n in nouns)]
    return out


def _points_back(question: str, q: str, a: Analysis, cues: dict, gazetteer) -> bool:
    """Whether a referring word of the turn has nothing to point to inside the question."""
    masked = q
    for s, e in spans_of(q, _phrases(cues, "not_reference", a.language)):
        masked = masked[:s] + " " * (e - s) + masked[e:]
    refs = spans_of(masked, _phrases(cues, "reference", a.language))
    people = spans_of(masked, _phrases(cues, "person_pronoun", a.language))
    weak = spans_of(masked, _phrases(cues, "pronoun", a.language))
    weak += [
        (s, e)
        for s, e in spans_of(masked, _phrases(cues, "demonstrative", a.language))
        if re.match(r"\s+[^\W\d_]{3,}", masked[e:])  # before a noun: "cette signature", «هذه الخطوة»
    ]
    if not refs and not weak and not people:
        return False
    if {m.role for m in a.entities} >= {"commune", "partner"}:
        return False  # both sides of an agreement named: the question needs nothing from before it
    content = [m.start() for m in re.finditer(r"\w+", q) if tokenize(m.group(0))]
    for kind, spans in (("thing", refs + weak), ("person", people)):
        if spans and _unresolved(question, q, a, cues, gazetteer, spans, content, kind == "person"):
            return True
    return False


def _unresolved(question, q, a, cues, gazetteer, spans, content, person) -> bool:
    before = _antecedents(question, q, a, cues, gazetteer, person)
    for s, e in spans:
        inside = [b for b in before if not (s <= b < e)]  # "cette ville" is not its own antecedent
        if s > 0 and q[s - 1] == "-":
            # French inversion ("… compte-t-elle", "a-t-il") repeats the subject written before it
            if any(c < s for c in content if not _is_question_word(q, c)):
                continue
            return True
        if not any(b < s for b in inside):
            return True
    return False


def _is_question_word(q: str, offset: int) -> bool:
    word = re.match(r"\w+", q[offset:]).group(0)
    return word in _QUESTION_WORDS or word in _LATIN_QUESTION_WORDS


def is_follow_up(question: str, a: Analysis, cues: dict, gazetteer=None) -> bool:
    """Whether the turn leans on an earlier one: it opens elliptically ("Et pour Laâyoune ?",
    «والعيون؟»), a referring word in it has nothing to point to inside the question ("When
    was it signed?", "Sa ligne relie…"), or it is too short to name a subject of its own
    ("How many are there?")."""
    q = normalize(question)
    if _points_back(question, q, a, cues, gazetteer):
        return True
    words = _words(q)  # normalized: Arabic diacritics do not split words
    if len(words) <= LEAD_WORDS:
        lead = next(
            (
                p
                for p in sorted(_phrases(cues, "ellipsis_lead", a.language), key=len, reverse=True)
                if re.match(rf"{re.escape(p)}(?!\w)", q)
            ),
            None,
        )
        if lead is not None:
            return True
    if len(words) <= SHORT:
        if (
            a.language == "ar"
            and words
            and words[0].startswith("و")
            and len(words[0]) > 2
            and (
                len(words) <= 3
                or (gazetteer is not None and gazetteer.find_places(words[0][1:]))
                or words[0][1:] in _QUESTION_WORDS
            )
        ):
            return True  # «والعيون؟», «وبوجدور؟ شنو كتقول الدراسة؟», «وشنو قالت…»: the conjunction goes on
    # a commune, a partner, a source or the agreements themselves make a subject; a country or a
    # continent alone filters an earlier list ("Lesquelles sont en Afrique ?"). A short question
    # with words of its own to search for ("When was the World Parliament of Mayors founded?")
    # has a subject too.
    has_subject = any(m.role in ("commune", "partner") for m in a.entities) or a.scope is not None or a.about_agreements
    if has_subject or len(words) > SHORT:
        return False
    named = {t for m in a.entities for t in tokenize(m.text or "")}
    own = [t for t in tokenize(q) if t not in named]
    return len(own) <= OWN_WORDS


# Arabic and Darija question words a conjunction may lead («وشنو», «وأين», «وكيف»), normalized
_QUESTION_WORDS = frozenset(
    normalize(w)
    for w in (
        "ما",
        "ماذا",
        "من",
        "متى",
        "أين",
        "كيف",
        "كم",
        "هل",
        "لماذا",
        "أي",
        "أيها",
        "أيهم",
        "شنو",
        "شكون",
        "فين",
        "فوقاش",
        "امتى",
        "كيفاش",
        "شحال",
        "واش",
        "علاش",
        "اشنو",
        "آش",
        "منين",
    )
)


# French and English question words (normalized), for the French inversion rule
_LATIN_QUESTION_WORDS = frozenset(
    "comment quand pourquoi combien quel quelle quels quelles qui que qu quoi ou where when why how what which who".split()
)


def _name(m, gazetteer, lang: str) -> str:
    entry = gazetteer.places.get(m.id) if gazetteer is not None else None
    return entry.name(lang) if entry is not None else (m.text or m.id)


def _replace_entity(text: str, old, new_name: str, gazetteer) -> str | None:
    """`text` with the mention of `old` written as `new_name`, or None when it cannot be found."""
    entry = gazetteer.places.get(old.id) if gazetteer is not None else None
    names = sorted({*(entry.names if entry is not None else []), old.text} - {""}, key=len, reverse=True)
    for name in names:
        pattern = (
            rf"(?<![^\W\d_])(?:[وفبلك]?(?:ال)?)?{re.escape(name)}(?![^\W\d_])"
            if re.search(r"[\u0600-\u06FF]", name)
            else rf"(?<!\w){re.escape(name)}(?!\w)"
        )
        new, n = re.subn(pattern, new_name, text, count=1, flags=re.IGNORECASE)
        if n:
            return new
    return None


# what a referring phrase points to, by its noun: a city is a partner, a commune a commune…
_REFERENT_ROLE = (
    ("partner", ("ville", "city", "town", "مدينه", "بلديه")),
    ("commune", ("commune", "جماعه")),
    ("country", ("pays", "country", "بلد", "دوله")),
)


def _role_of(phrase: str) -> str | None:
    words = normalize(phrase).split()
    return next((role for role, nouns in _REFERENT_ROLE if any(n in words for n in nouns)), None)


def understand(
    question: str, history: list[str] | None, analyse, cues: dict, gazetteer=None, referents=None, _depth: int = 0
) -> Understood:
    """The question this turn stands for, given the earlier questions (oldest first).
    `referents(question, history)`: the places the answer to an earlier turn (asked after its
    own history) is about — the partner of the one agreement it found — for "that city" when
    the question itself named none."""
    out = Understood(question, question)
    history = [h for h in (history or []) if h and h.strip()]
    if not history or _depth >= MAX_DEPTH:
        return out
    a = analyse(question)
    if not is_follow_up(question, a, cues, gazetteer):
        return out
    earlier = understand(history[-1], history[:-1], analyse, cues, gazetteer, referents, _depth + 1)
    prev = earlier.question
    p = analyse(prev)
    lang = a.language
    mine: dict[str, list] = {}
    theirs: dict[str, list] = {}
    for m in a.entities:
        if m.role in ROLES:
            mine.setdefault(m.role, []).append(m)
    for m in p.entities:
        if m.role in ROLES and m.id not in {x.id for x in theirs.get(m.role, [])}:
            theirs.setdefault(m.role, []).append(m)
    # the topic, scope and kind of question the earlier turn had, itself perhaps from the one before it
    inherit = {
        "about_agreements": p.about_agreements or bool(earlier.inherit.get("about_agreements")),
        "scope": a.scope or p.scope or earlier.inherit.get("scope"),
        "intent": earlier.inherit.get("intent") or p.intent,
    }
    # "Et celle qui ne l'est pas ?", "And the others?": the earlier list less what filtered it
    if cue_hits(normalize(question), _phrases(cues, "negation", lang)):
        own = [m for m in a.entities if m.role in ("country", "continent")]
        excluded = own or [m for role in ("country", "continent") for m in theirs.get(role, [])]
        if excluded:
            kept = [m for role, ms in theirs.items() if role not in ("country", "continent", *mine) for m in ms]
            names = [_name(m, gazetteer, lang) for m in kept]
            label = t("answer.except_filter", lang, names=", ".join(_name(m, gazetteer, lang) for m in excluded))
            text = _with_names(question.rstrip(), [*names, label], lang)
            return Understood(text, question, True, names, {**inherit, "exclude": excluded})
    # a new subject in the previous question's place: ask that question again about it
    swapped, text = [], prev
    for role, ms in mine.items():
        olds = theirs.get(role) or []
        if len(olds) == 1 and len(ms) == 1 and olds[0].id != ms[0].id:
            new = _replace_entity(text, olds[0], _name(ms[0], gazetteer, lang), gazetteer)
            if new is not None:
                text, swapped = new, swapped + [_name(ms[0], gazetteer, lang)]
    if swapped and len(_words(normalize(question))) <= SHORT:
        return Understood(text, question, True, swapped, inherit)
    # else what this turn lacks comes from the previous one
    carry = [m for role, ms in theirs.items() if role not in mine for m in ms]
    text = question.rstrip()
    refs = sorted(_phrases(cues, "reference", lang), key=len, reverse=True)
    ref = next(
        (
            r
            for r in refs
            if len(normalize(r).split()) > 1 and re.search(rf"(?<!\w){re.escape(r)}(?!\w)", text, flags=re.IGNORECASE)
        ),
        None,
    )
    role = _role_of(ref) if ref else None
    if ref is not None and role is not None:
        # "that city" / "cette commune" / «هاد المدينة»: the entity it points to, by name — named by
        # the earlier question, or else what its answer was about
        pointed = [m for m in carry if m.role == role]
        if not pointed and referents is not None:
            pointed = [m for m in referents(history[-1], history[:-1]) if m.role == role]
            carry = [m for m in carry if m.role not in ("country", "continent")]  # the referent is more precise
        if len(pointed) == 1:
            text = re.sub(
                rf"(?<!\w){re.escape(ref)}(?!\w)",
                _name(pointed[0], gazetteer, lang),
                text,
                count=1,
                flags=re.IGNORECASE,
            )
            carry = [m for m in carry if m.id != pointed[0].id]
            # about that one place now: the earlier turn's list or count does not carry over
            inherit["intent"] = None
    if text == question.rstrip() and not carry and (a.about_agreements or not inherit["about_agreements"]):
        return out
    names = [_name(m, gazetteer, lang) for m in carry]
    if names:
        text = _with_names(text, names, lang)
    return Understood(text, question, True, names, inherit)


def _with_names(text: str, names: list[str], lang: str) -> str:
    """The question with what it was read with in brackets before its final mark:
    "Lesquelles sont africaines (Smara) ?"."""
    end = re.search(r"[?؟.!]+$", text)
    body, mark = (text[: end.start()].rstrip(), end.group(0)) if end else (text, "")
    sep = "، " if lang == "ar" else ", "
    return f"{body} ({sep.join(names)}){mark}"


def apply_inherited(a: Analysis, u: Understood) -> Analysis:
    """The analysis of an understood follow-up keeps the earlier turn's topic and scope."""
    if not u.rewritten:
        return a
    if u.inherit.get("about_agreements"):
        a.about_agreements = True
        if u.inherit.get("intent") in ("list", "count") and a.intent in ("who", "other", "where", "yes_no"):
            a.intent = "list"  # "Lesquelles…", «شكون فيهم…»: a filter on the earlier list is a list
        if a.intent in ("count", "list"):
            a.counts_records = True  # "How many are there?" after a list of agreements counts them
    if a.scope is None and u.inherit.get("scope"):
        a.scope = u.inherit["scope"]
    if u.inherit.get("exclude"):
        a.excluded = list(u.inherit["exclude"])
        gone = {m.id for m in a.excluded}
        a.entities = [m for m in a.entities if m.id not in gone]  # named in "(… except Africa)", not a filter
    return a


__all__ = ["Understood", "understand", "is_follow_up", "apply_inherited"]
