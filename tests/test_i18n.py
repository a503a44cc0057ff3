"""The translation catalogue (assistant/i18n.py, assistant/locales/*.yaml) and what it must
guarantee: every key in every language with the same placeholders, one lookup for the whole
package (no other language → label table in the code), Gradio's own texts completed with
Gradio's keys, tables and exports without a raw field name or stored code, and whole fonts for
the interface (no letter drawn from another font)."""

from __future__ import annotations

import ast
import csv
import glob
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant import i18n
from assistant.aliases import Gazetteer
from assistant.registry import CONTINENTS, ROW_FIELDS, Registry
from conftest import DATA_DIR, REPO

PACKAGE = REPO / "assistant"
ARABIC = re.compile(r"[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def registry():
    return Registry(DATA_DIR, Gazetteer.from_dir(DATA_DIR))


# -- the catalogue ---------------------------------------------------------------------------------


def test_every_key_is_in_every_language_with_the_same_placeholders():
    english = i18n.catalogue("en")
    assert len(english) > 250
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


def test_the_catalogue_completes_gradio_s_own_texts_with_gradio_s_keys():
    """Each gradio.* entry is a key Gradio's frontend knows, with Gradio's English text, that
    Gradio's own French or Arabic catalogue lacks (where Gradio has one, Gradio's wins)."""
    import gradio

    assets = Path(gradio.__file__).parent / "templates" / "frontend" / "assets"

    def bundle(pattern: str) -> str:
        return "".join(Path(p).read_text(encoding="utf-8") for p in glob.glob(str(assets / pattern)))

    core, fr, ar = bundle("core-*.js"), bundle("fr-*.js"), bundle("ar-*.js")
    translations = i18n.gradio_translations()
    assert set(translations) == set(i18n.LANGS) and i18n.keys("gradio.")
    for key in i18n.keys("gradio."):
        leaf = key.rsplit(".", 1)[1]
        assert f"{leaf}:`{i18n.t(key, 'en')}`" in core, key
        assert not (re.search(rf"[{{,]{leaf}:`", fr) and re.search(rf"[{{,]{leaf}:`", ar)), f"{key}: no gap to fill"
    assert translations["fr"]["common"]["download_all"] == i18n.t("gradio.common.download_all", "fr")


# -- tables and exports ------------------------------------------------------------------------------


def _codes(registry) -> set[str]:
    codes = set(CONTINENTS) | {"signed", "renewed", "announced", "approved"}
    codes |= {a.kind for a in registry.agreements} | {t for a in registry.agreements for t in a.themes}
    codes |= {d.kind for d in registry.discrepancies}
    return codes


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_agreements_table_shows_no_field_name_and_no_stored_code(registry, lang):
    from assistant.ui.blocks import TABLE_COLUMNS, agreement_records, table_frame

    frame = table_frame(agreement_records(registry, registry.agreements, lang, lang), TABLE_COLUMNS, "table", lang)
    raw = set(ROW_FIELDS) | set(TABLE_COLUMNS) | {"known_by", "n_chunks"}
    assert not raw & set(frame.columns), frame.columns
    codes = _codes(registry)
    for column in frame.columns:
        for cell in frame[column]:
            parts = {p.strip() for p in re.split(r"[;،]", str(cell))}
            assert not parts & codes, (column, cell)
    if lang == "ar":
        assert all(ARABIC.search(h) for h in frame.columns)
        assert set(frame[i18n.t("table.status", "ar")]) <= {i18n.t(k, "ar") for k in i18n.keys("status.")}


def test_documents_table_headers_and_values_in_the_interface_language(tmp_path):
    from assistant.ui.blocks import DOC_COLUMNS, App

    docs = [{"doc_id": "ismaili-2025", "kind": "study", "language": "ar", "n_chunks": 108, "title": "ديبلوماسية المدن"}]
    app = App(SimpleNamespace(documents=lambda: docs), export_dir=tmp_path)
    fr = app.documents_table("fr")
    assert list(fr.columns) == [i18n.t(f"docs.{c}", "fr") for c in DOC_COLUMNS] and "n_chunks" not in fr.columns
    row = fr.iloc[0].to_dict()
    assert row["Type"] == "Étude" and row["Langue"] == "Arabe" and row["Passages indexés"] == 108
    ar = app.documents_table("ar").iloc[0].to_dict()
    assert ar["النوع"] == "دراسة" and ar["اللغة"] == "العربية"


def test_exports_read_like_the_table_and_keep_the_ids(registry, tmp_path):
    from openpyxl import load_workbook

    from assistant.ui.blocks import App

    stub = SimpleNamespace(registry=registry, settings=SimpleNamespace(data_dir=DATA_DIR))
    app = App(stub, export_dir=tmp_path)
    expected = registry.filter(commune="dakhla")
    path = app.export("csv", "dakhla", "", "", "", "", "", "ar", ui="fr")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(expected)
    assert list(rows[0])[:3] == ["Commune", "Ville partenaire", "Nom dans la source"]
    assert {r["Commune"] for r in rows} == {"الداخلة"}  # names in the "Names in" language
    assert {r["Statut"] for r in rows} <= {i18n.t(k, "fr") for k in i18n.keys("status.")}
    assert {r["Identifiant"] for r in rows} == {a.id for a in expected}
    book = load_workbook(app.export("xlsx", "dakhla", "", "", "", "", "", "fr", ui="ar"))
    shown, data = book.worksheets
    assert shown.title == "الاتفاقيات" and shown["A1"].value == "الجماعة" and shown.max_row == len(expected) + 1
    assert data.title == "data" and [c.value for c in data[1]] == ROW_FIELDS  # the machine fields, unchanged


def test_count_line_says_the_filters_in_words(registry, tmp_path):
    from assistant.ui.blocks import App

    stub = SimpleNamespace(registry=registry, settings=SimpleNamespace(data_dir=DATA_DIR))
    app = App(stub, export_dir=tmp_path)
    _, count, *_ = app.agreements("dakhla", "", "western_europe", "", "culture", "signed", "fr", ui="fr")
    assert "Commune : Dakhla" in count and "Continent : Europe de l&#x27;Ouest" in count
    assert "Thème : Culture" in count and "Statut : Signé" in count
    assert "western_europe" not in count and "signed" not in count
    _, count, *_ = app.agreements("dakhla", "", "", "", "", "", "fr", ui="ar")
    assert "الجماعة: Dakhla" in count


# -- fonts -----------------------------------------------------------------------------------------------


def test_the_theme_s_font_files_hold_every_letter_the_interface_writes():
    """The first-letter glitch: Gradio's SemiBold files hold a few dozen glyphs (A, B …), so bold
    headings took "A" from one font and the rest from another. The theme declares whole files."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    from gradio.themes.utils import fonts

    from assistant.ui.blocks import theme

    letters = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789àâçéèêëîïôûùüÿœÀÉÇ'’:;,.()«»–—…")
    t = theme()
    declared = [f for f in (*t._font, *t._font_mono) if isinstance(f, fonts.LocalFont)]
    assert declared
    for font in declared:
        for weight in font.weights:
            path = fonts.font_file_path(font.name, weight)
            assert path.exists(), path
            cmap = ttlib.TTFont(path).getBestCmap()
            missing = sorted(c for c in letters if ord(c) not in cmap)
            assert not missing, (path.name, "".join(missing))
