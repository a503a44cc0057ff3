"""Text normalization, light stemming and language detection.

Arabic: hamza/alef forms -> ا, ة -> ه, ى -> ي, diacritics and tatweel removed,
Persian letter forms folded, Arabic-Indic digits -> ASCII. Latin: lowercased,
accents folded. Stemming follows Larkey's light10.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ARABIC_CHAR = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_PRESENTATION = re.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")
_TATWEEL = "\u0640"
_LETTER_MAP = str.maketrans(
    {
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ک": "ك",
        "ی": "ي",
        "ھ": "ه",
        "ۀ": "ه",
        "ء": "",  # lone hamza carries no retrieval signal and is spelled inconsistently
        _TATWEEL: "",
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)
# Invisible format characters (zero-width, bidi controls) that users paste in.
_INVISIBLE = re.compile(r"[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u061C]")


def strip_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def normalize(text: str, *, keep_case: bool = False) -> str:
    """Normalize for matching. Idempotent; Latin text only changes case and accents
    (case kept with `keep_case`, for telling the town Nice from the word nice)."""
    text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = strip_invisible(text).replace("ۀ", "ه")  # before NFD, which would split it into ە + hamza
    # NFD splits hamza/madda carriers (أ إ آ ؤ ئ) and Latin accents into base + mark.
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    folded = unicodedata.normalize("NFC", stripped.translate(_LETTER_MAP))
    return folded if keep_case else folded.lower()


def normalize_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", normalize(text)).strip()


def is_arabic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return sum(1 for c in letters if _ARABIC_CHAR.match(c)) / len(letters) >= 0.3


# --- stemming -----------------------------------------------------------------

_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")  # light10 order, longest first
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")  # ة/ى already folded


def light10(word: str) -> str:
    """Larkey et al.'s light10 stemmer, on a normalized Arabic word."""
    if len(word) > 3 and word.startswith("و"):
        word = word[1:]
    for art in _ARTICLES:
        if word.startswith(art) and len(word) - len(art) >= 2:
            word = word[len(art) :]
            break
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 2:
            word = word[: -len(suf)]
    return word


_STOPWORDS = frozenset(
    normalize(w)
    for w in """
    في من على إلى الى عن مع أن ان إن التي الذي الذين هذه هذا ذلك تلك كما أو او ثم قد لا لم لن ما ماذا
    هل كل بين عبر حول حيث كان كانت هي هو هم وهي وهو بها به لها له فيها منها عليها التى يتم تم
    شنو شنا اش آش واش فين شحال كيفاش علاش اشنو أشنو ديال ديل ليها ليه كاين كاينة عند
    le la les l de des du d un une et en est à a au aux pour par sur dans que qui quel quelle quels quelles
    ce cette ces se sa son ses il elle ils elles avec ou y ont été être quoi comment combien qu
    selon sont est-elle est-il a-t-elle a-t-il ont-elles quelles quels lesquels lesquelles dont plus
    entre mis avant aussi ainsi alors donc quand lors depuis chez vers sans sous très tout tous toute toutes
    the of and to in on for with by is are was were what which who whom how many much does do did
    an as at be it its this that these those from or has have had
    according there their they which whose about into
    """.split()
)


def _library_stopwords() -> frozenset[str]:
    """French and English stop words from bm25s's lists, normalized like our tokens."""
    from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_FRENCH

    return frozenset(normalize(w) for w in (*STOPWORDS_EN_PLUS, *STOPWORDS_FRENCH))


_STOPWORDS = (
    _STOPWORDS
    | _library_stopwords()
    | frozenset(
        normalize(w)
        for w in """حسب اللي لي غير بلي كتقول كيقول هاد هادي هادا ديالها ديالهم عندها عندهم عندو
    إمتى امتى فوقاش شكون علاش كيفاش منين فين شحال واش شنو اشنو بصح كاين كاينين كاينة
    متى لماذا ماذا كيف أين اين كم وكم أي اي ما هل لم بالضبط""".split()
    )
)


def is_stopword(word: str) -> bool:
    """A function word of Arabic, French or English ("avec", "une", "في")."""
    return normalize(word).lower() in _STOPWORDS


def tokenize(text: str) -> list[str]:
    """Tokens for keyword search: normalized, stop words dropped, Arabic light-stemmed."""
    tokens = []
    for tok in re.findall(r"\w+", normalize(text)):
        if tok in _STOPWORDS or (len(tok) < 2 and not tok.isdigit()):
            continue
        tokens.append(light10(tok) if _ARABIC_CHAR.match(tok[0]) else tok)
    return tokens


@lru_cache(maxsize=1)
def _stemmers():
    import snowballstemmer

    return snowballstemmer.stemmer("english"), snowballstemmer.stemmer("french")


@lru_cache(maxsize=100_000)
def latin_stems(token: str) -> frozenset[str]:
    """Snowball stems (English and French) of a normalized Latin token: "receive" and
    "received" share one, so a question's word meets the document's inflection. An
    Arabic token or a number has none (light10 already stemmed it). Only stems that strip
    an inflection (at most three letters) count: French Snowball takes "communications"
    down to "commun", which would meet "commune"."""
    if not token.isascii() or not token.isalpha() or len(token) < 4:
        return frozenset()
    return frozenset(st for s in _stemmers() if len(token) - len(st := s.stemWord(token)) <= 3)


_CLITICS = ("وال", "بال", "فال", "كال", "لل", "و", "ف", "ب", "ل", "ك")
_DARIJA_VERB = ("كت", "كي", "كن", "تي", "ت")


def variants(token: str) -> list[str]:
    """Other readings of a stemmed Arabic token: clitics light10 keeps (ل, ب, ك …) and
    Darija's verbal prefixes (كتعتبر → تعتبر), for lookups that miss on the token itself."""
    out = []
    for prefix in _CLITICS + _DARIJA_VERB:
        if token.startswith(prefix) and len(token) - len(prefix) >= 3:
            out.append(light10(token[len(prefix) :]))
    return out


# --- language -----------------------------------------------------------------

LANGUAGES = ("ar", "fr", "en")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.FRENCH, Language.ENGLISH).build()


def detect_language(text: str, default: str = "en") -> str:
    """'ar', 'fr' or 'en'. Arabic script (including Darija) decides first."""
    if is_arabic(text):
        return "ar"
    if not re.search(r"[^\W\d_]", text):
        return default
    lang = _detector().detect_language_of(text)
    if lang is None:
        return default
    return {"FRENCH": "fr", "ENGLISH": "en"}.get(lang.name, default)
