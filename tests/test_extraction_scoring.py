"""Extraction scoring: how an extracted partner no gazetteer knows meets its gold label. Fast; no index."""

from assistant.extraction.scoring import _within


def test_a_locality_label_matches_its_titled_written_form_either_way():
    assert _within("il Comune di Favignana – Isole Egadi", "Favignana")
    assert _within("il Comune di Favignana – Isole Egadi", "Favignana – Isole Egadi")
    assert _within("Favignana", "Favignana")


def test_other_names_do_not_match():
    assert not _within("Mbarek Ould Cheikh", "Tinajo")
    assert not _within("Favignana", "il Comune di Favignana")  # the shorter side cannot hold the longer
    assert not _within("", "Tinajo") and not _within("Tinajo", "")
