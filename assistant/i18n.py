"""The package's words in Arabic, French and English: one catalogue, one lookup.

Every label, message and name the package shows a person — answer framing, the chat's
labels, the interface, chart titles, table headers and values, briefings, automatic
discrepancy notices, the texts Gradio's own components show — lives in one data file
per language, `assistant/locales/{ar,fr,en}.yaml`, and is read here only:

    t("answer.lead_in", "fr")                  → "Voici ce que disent les documents …"
    t("ui.agreements_count", "ar", n=3)        → "3 اتفاقية"
    t("status.signed", "xx")                   → "Signed" (unknown language: English)

Keys are dotted paths into the YAML (`ui.title`, `chart.by_country`, `status.signed`,
`briefing.status.signed` …); `{placeholders}` are filled with `str.format` when fields are
given. A key missing from a language falls back to English; an unknown key is a bug and
raises KeyError. Files are read once (cached); `tests/test_i18n.py` checks that every key
exists in every language with the same placeholders.

Why YAML files rather than gettext catalogues (Babel): the English text cannot be the
message id here. Answers are compared word for word by the evaluation, and the same
English word has different translations by context ("signed" is "Signé" in a chart
legend, "signé" in a briefing line, "موقعة" in both); stable readable keys say which is
meant without msgctxt on every entry. The project keeps its other data in YAML already
(corpus/data/*.yaml), the files need no compile step (.po → .mo) and are edited with any
text editor, and the three languages need no plural rules beyond what the texts already
say ("accord(s)"). Babel stays in use for what it is good at: CLDR dates (sources.py).
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

import yaml

LANGS = ("ar", "fr", "en")
DEFAULT = "en"  # the fallback language for a missing key or an unknown language
LOCALES_DIR = Path(__file__).resolve().parent / "locales"

# The interface-language choices (name in its own language, code)
LANGUAGES = [("العربية", "ar"), ("Français", "fr"), ("English", "en")]


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, path + "."))
        else:
            out[path] = "" if value is None else str(value)
    return out


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """{dotted key: text} of one language file (read once)."""
    path = LOCALES_DIR / f"{lang}.yaml"
    return _flatten(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def t(key: str, lang: str | None, **fields) -> str:
    """The text of `key` in `lang` (English when the language or the entry is missing),
    formatted with `fields` when any are given."""
    entries = catalogue(lang) if lang in LANGS else catalogue(DEFAULT)
    text = entries.get(key)
    if text is None:
        text = catalogue(DEFAULT)[key]  # KeyError: a key nobody defined
    return text.format(**fields) if fields else text


def has(key: str) -> bool:
    return key in catalogue(DEFAULT)


def keys(prefix: str) -> list[str]:
    """The keys under `prefix` ("status." → ["status.signed", …]), in file order."""
    return [k for k in catalogue(DEFAULT) if k.startswith(prefix)]


def placeholders(text: str) -> set[str]:
    """Field names a text formats: "{n} in {source}" → {"n", "source"}."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def format_date(iso: str | None, lang: str) -> str:
    """'2023-01' → 'janvier 2023'; '2026-01-15' → '15 January 2026'; '2009' → '2009' (month
    names as the documents write them: Moroccan Arabic يناير، ماي، يوليوز، غشت…)."""
    if not iso:
        return t("answer.date_not_given", lang)
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = t(f"month.{parts[1]}", lang)
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{parts[2]} {month} {parts[0]}"


def direction(lang: str | None) -> str:
    return "rtl" if lang == "ar" else "ltr"


def gradio_translations() -> dict[str, dict]:
    """The `gradio.*` entries as nested dictionaries per language, for `gr.I18n`: Gradio's own
    texts (table menus, download buttons) that its French and Arabic catalogues lack. Gradio
    loads its catalogue of a language after these, so where both have a key Gradio's wins."""
    out: dict[str, dict] = {}
    for lang in LANGS:
        tree: dict = {}
        for key, text in catalogue(lang).items():
            if key.startswith("gradio."):
                *path, leaf = key.removeprefix("gradio.").split(".")
                node = tree
                for part in path:
                    node = node.setdefault(part, {})
                node[leaf] = text
        out[lang] = tree
    return out
