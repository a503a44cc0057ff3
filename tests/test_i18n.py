"""The translation catalogue (assistant/i18n.py, assistant/locales/*.yaml) and what it must
guarantee: every key in every language with the same placeholders, one lookup for the whole
package (no other language → label table in the code)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from assistant import i18n
from conftest import REPO

PACKAGE = REPO / "assistant"
ARABIC = re.compile(r"[\u0600-\u06ff]")


# -- the catalogue ---------------------------------------------------------------------------------


def test_every_key_is_in_every_language_with_the_same_placeholders():
    english = i18n.catalogue("en")
    assert len(english) > 190
    for lang in i18n.LANGS:
        entries = i18n.catalogue(lang)
        assert set(entries) == set(english), (lang, set(english) ^ set(entries))
        for key, text in entries.items():
            assert text.strip(), (lang, key)
            assert i18n.placeholders(text) == i18n.placeholders(english[key]), (lang, key, text)
    for key, text in i18n.catalogue("ar").items():
        # an Arabic entry is Arabic (a few are codes or names the same in every script)
        if not key.startswith("gradio.") and key not in {"answer.meta_doi"}:
            assert ARABIC.search(text) or not re.search(r"[A-Za-z]{3,}", text.format_map(_Blank())), (key, text)


class _Blank(dict):
    def __missing__(self, key):
        return ""


def test_lookup_falls_back_to_english_and_formats():
    assert i18n.t("ui.send", "fr") == "Envoyer"
    assert i18n.t("ui.send", "xx") == i18n.t("ui.send", None) == "Send"
    assert i18n.t("ui.agreements_count", "ar", n=3) == "3 اتفاقية"
    assert i18n.t("answer.registry_none", "fr", filters="x").endswith("(x).")
    with pytest.raises(KeyError):
        i18n.t("ui.no_such_label", "fr")
    assert i18n.format_date("2023-01", "ar") == "يناير 2023" and i18n.format_date(None, "fr") == "date non précisée"
    assert i18n.format_date("2026-01-15", "en") == "15 January 2026"
    assert i18n.keys("status.") == ["status.signed", "status.renewed", "status.announced", "status.approved"]


def _label_tables(path: Path):
    """Dict literals keyed by two or more of ar/fr/en whose values are text (or text per key),
    and tables of (ar, fr, en) tuples: a language → label table."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        if len(set(keys) & set(i18n.LANGS)) >= 2:
            if all(isinstance(v, (ast.Constant, ast.JoinedStr, ast.List, ast.Dict)) for v in node.values):
                yield node.lineno, ast.unparse(node)[:80]
        for v in node.values:  # {"count_mismatch": ("العدد", "Décompte", "Count"), ...}
            if (
                isinstance(v, ast.Tuple)
                and len(v.elts) == 3
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in v.elts)
                and ARABIC.search(v.elts[0].value)
            ):
                yield node.lineno, ast.unparse(node)[:80]
                break


# language-keyed tables that are not labels for a person
NOT_LABELS = {
    "assistant/answering/llm.py": "the name of the answer's language, in English, inside the LLM prompt",
}
LOCALE_CODES = re.compile(r"\{('(ar|fr|en)': '[a-z]{2}([-_][A-Z]{2})?'(, )?)+\}")


def test_no_module_but_the_catalogue_defines_a_language_to_label_table():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        if rel == "assistant/i18n.py" or rel in NOT_LABELS:
            continue
        for line, text in _label_tables(path):
            if not LOCALE_CODES.fullmatch(text.replace('"', "'")):  # {"ar": "ar_MA", ...}: locale codes
                found.append(f"{rel}:{line}: {text}")
    assert not found, "labels belong in assistant/locales/*.yaml:\n" + "\n".join(found)
    # and the old lookups are gone
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^(LABELS|MESSAGES|UI|KNOWN_BY|MONTHS)\b.*=", text, re.M), path
