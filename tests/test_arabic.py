"""Arabic (and Latin) text normalization, light stemming, tokenizing and language detection.

`normalize` is what makes a question typed one way match a document spelled
another way: hamza/alef variants, ta marbuta, alef maqsura, diacritics,
tatweel, Arabic-Indic digits; and for Latin script only case and accents.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.arabic import detect_language, is_arabic, latin_stems, light10, normalize, normalize_spaces, tokenize

# -- normalize: Arabic ---------------------------------------------------------------------


@pytest.mark.parametrize("form", ["أ", "إ", "آ", "ٱ", "ا"])
def test_every_alef_form_becomes_bare_alef(form):
    assert normalize(form) == "ا"
    assert normalize(f"{form}حمد") == "احمد"


def test_hamza_spellings_of_the_same_word_match():
    # "agreement" as written with and without hamza, as users type it
    assert normalize("إتفاقية") == normalize("اتفاقية") == "اتفاقيه"
    assert normalize("آفاق") == normalize("افاق")


def test_ta_marbuta_becomes_ha_and_alef_maqsura_becomes_ya():
    assert normalize("مدينة") == "مدينه"
    assert normalize("السمارة") == "السماره"
    assert normalize("على") == "علي"
    assert normalize("مستوى") == "مستوي"


def test_diacritics_and_tatweel_are_removed():
    assert normalize("مُحَمَّدٌ") == "محمد"
    assert normalize("تُشكّل") == "تشكل"
    assert normalize("الـــتوأمة") == normalize("التوأمة")
    assert "\u0640" not in normalize("مـدينـة")


def test_arabic_indic_and_persian_digits_become_ascii():
    assert normalize("٢٠٢٣") == "2023"
    assert normalize("۱۲۳") == "123"
    assert normalize("ماي ٢٠٢٥") == "ماي 2025"


def test_invisible_marks_users_paste_are_dropped():
    assert normalize("العيون\u200f") == "العيون"
    assert normalize("\u202bالداخلة\u202c") == "الداخله"


def test_presentation_forms_fold_to_standard_letters():
    # U+FEDF U+FEE4 U+FEAA: lam, meem, dal in presentation (shaped) forms
    assert normalize("\ufedf\ufee4\ufeaa") == normalize("لمد")


# -- normalize: Latin -------------------------------------------------------------------------


def test_latin_is_lowercased_and_accents_folded():
    assert normalize("Laâyoune") == "laayoune"
    assert normalize("DAKHLA") == "dakhla"
    assert normalize("Élève Ça Jumelée") == "eleve ca jumelee"
    assert normalize("Tifariti, Boujdour.") == "tifariti, boujdour."


def test_normalize_spaces_collapses_whitespace():
    assert normalize_spaces("  مدينة \n\t  العيون  ") == "مدينه العيون"


# Independent oracle for Latin-1 letters: fold by an explicit table, then lowercase.
_ACCENTED = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿ"
_PLAIN = "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyy"
_FOLD = str.maketrans(_ACCENTED, _PLAIN)
_LATIN_ALPHABET = string.ascii_letters + string.digits + " " + string.punctuation + _ACCENTED + "ÆæØøßÐðÞþ"


@given(st.text(alphabet=_LATIN_ALPHABET, max_size=80))
@settings(max_examples=300, deadline=None)
def test_latin_text_only_changes_case_and_accents(text):
    assert normalize(text) == text.translate(_FOLD).lower()


@given(st.text(max_size=60))
@settings(max_examples=500, deadline=None)
def test_normalize_is_idempotent_on_arbitrary_text(text):
    once = normalize(text)
    assert normalize(once) == once


_ARABIC_ALPHABET = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآؤئةىـًٌٍَُِّْ٠١٢٣٤٥٦٧٨٩ "


@given(st.text(alphabet=_ARABIC_ALPHABET, max_size=60))
@settings(max_examples=300, deadline=None)
def test_normalized_arabic_has_no_variant_letters_left(text):
    out = normalize(text)
    assert normalize(out) == out
    assert not set(out) & set("أإآٱةىـًٌٍَُِّْ٠١٢٣٤٥٦٧٨٩")


# -- light10 stemming ----------------------------------------------------------------------------


def test_light10_strips_conjunction_article_and_plural_suffix():
    assert light10(normalize("والاتفاقيات")) == "اتفاق"
    assert light10(normalize("الاتفاقية")) == "اتفاق"
    assert light10(normalize("اتفاقيات")) == "اتفاق"


def test_light10_conflates_a_word_with_its_prefixed_forms():
    stems = {light10(normalize(w)) for w in ("بالمدينة", "المدينة", "مدينة", "للمدينة")}
    assert stems == {"مدين"}


def test_light10_keeps_short_words_intact():
    assert light10("من") == "من"
    assert light10("ولد") == "ولد"  # "و" is only stripped from words longer than three letters


# -- tokenize ----------------------------------------------------------------------------------------


def test_tokenize_drops_msa_french_and_english_stop_words():
    assert tokenize("ما هي المدن التي أبرمت على اتفاقيات") == ["مدن", "ابرمت", "اتفاق"]
    assert tokenize("Avec quelles villes Smara est-elle jumelée ?") == ["villes", "smara", "jumelee"]
    assert tokenize("Which cities is Dakhla twinned with?") == ["cities", "dakhla", "twinned"]


def test_tokenize_drops_darija_question_words():
    tokens = tokenize("شنو هي المدن اللي توأمات معاها السمارة؟")
    assert "شنو" not in tokens and "هي" not in tokens
    assert "مدن" in tokens and "سمار" in tokens
    tokens = tokenize("واش العيون عندها توأمة مع شي مدينة فأمريكا؟")
    assert "واش" not in tokens and "مع" not in tokens
    assert {"توام", "مدين"} <= set(tokens)


def test_tokenize_matches_spelling_variants_of_the_same_words():
    assert tokenize("إتفاقيّة التوأمة") == tokenize("اتفاقية التوامة")
    assert tokenize("Laâyoune") == tokenize("LAAYOUNE") == ["laayoune"]


def test_tokenize_keeps_numbers():
    assert "2023" in tokenize("اتفاقية ماي ٢٠٢٣")
    assert "7" in tokenize("7 agreements")


# -- language ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question, lang",
    [
        ("ما هي المدن المتوأمة مع الداخلة؟", "ar"),
        ("شنو هي المدن اللي توأمات معاها السمارة؟", "ar"),  # Darija
        ("واش العيون عندها توأمة مع شي مدينة فأمريكا؟", "ar"),  # Darija
        ("Avec quelles villes Smara est-elle jumelée ?", "fr"),
        ("Quelles villes sont jumelées avec Dakhla ?", "fr"),
        ("Which cities is Dakhla twinned with?", "en"),
        ("what links us to Arlington?", "en"),
    ],
)
def test_detect_language(question, lang):
    assert detect_language(question) == lang


def test_detect_language_falls_back_to_default_without_letters():
    assert detect_language("2023 ?", default="fr") == "fr"
    assert detect_language("", default="en") == "en"


def test_is_arabic_needs_a_real_share_of_arabic_letters():
    assert is_arabic("اتفاقية توأمة Dakhla")
    assert not is_arabic("Twinning agreement between Dakhla and Dreux, الداخلة")
    assert not is_arabic("12345")


@given(st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=20))
@settings(max_examples=200, deadline=None)
def test_latin_stems_only_strip_inflections(word):
    """A stem is a prefix-like form at most three letters shorter; short words and
    non-Latin tokens have none (they match exactly)."""
    for stem in latin_stems(word):
        assert len(word) - len(stem) <= 3 and len(word) >= 4


def test_latin_stems_join_inflections_across_english_and_french():
    assert latin_stems("receive") & latin_stems("received")
    assert latin_stems("signed") & latin_stems("signing")
    assert latin_stems("accords") & latin_stems("accord")
    assert latin_stems("agreements") & latin_stems("agreement")
    assert not latin_stems("السمارة") and not latin_stems("2025")
