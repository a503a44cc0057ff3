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


def _record(doc, commune, partner, kind, line):
    from assistant.extraction import Extracted, Mention

    return Extracted(
        doc=doc,
        commune=commune,
        partner=partner,
        partner_as_written=partner or "",
        kind=kind,
        mentions=[Mention(lines=(line, line), quote="…")],
    )


def _curated(aid, commune, partner):
    from assistant.registry import Agreement, Source

    return Agreement(
        id=aid,
        commune=commune,
        partner=partner,
        partner_as_written=partner,
        country=None,
        continent=None,
        date=None,
        date_precision=None,
        date_as_written="",
        status="signed",
        sources=[Source(doc="minutes", lines=(10, 10), quote="…")],
    )


def _discrepancy(kind, agreement, line):
    from assistant.registry import Discrepancy, Side

    return Discrepancy(
        id=f"{kind}-1",
        kind=kind,
        agreements=[agreement],
        summary={"en": "the sources disagree"},
        sides=[Side(doc="minutes", lines=(10, 10), quote="…"), Side(doc="minutes", lines=(line, line), quote="…")],
    )


def test_a_record_on_a_side_of_a_curated_discrepancy_is_explained_not_a_false_positive():
    """A reference calling the table's twinning a cooperation: the curators found that disagreement,
    so the extractor reading it is neither right (the gold has no such row) nor an error."""
    from assistant.extraction.scoring import discrepancy_explains, score

    curated = [_curated("a1", "commune-x", "city-y")]
    explains = discrepancy_explains([_discrepancy("status_mismatch", "a1", 40)], curated)
    on_side = _record("minutes", "commune-x", "city-y", "cooperation", 40)
    elsewhere = _record("minutes", "commune-x", "city-y", "cooperation", 90)
    other_doc = _record("article", "commune-x", "city-y", "cooperation", 40)
    s = score(None, [on_side, elsewhere, other_doc], [], explains=explains)
    assert [e.split(": ")[-1] for e in s.explained] == ["status_mismatch-1"]
    assert s.fp == 2 and s.precision == 0.0
    assert s.to_dict()["explained"] == s.explained


def test_only_disagreeing_discrepancies_about_the_same_places_explain():
    from assistant.extraction.scoring import discrepancy_explains

    curated = [_curated("a1", "commune-x", "city-y")]
    spelling = discrepancy_explains([_discrepancy("spelling_variant", "a1", 40)], curated)
    assert spelling(_record("minutes", "commune-x", "city-y", "cooperation", 40)) is None
    status = discrepancy_explains([_discrepancy("status_mismatch", "a1", 40)], curated)
    assert status(_record("minutes", "commune-z", "city-w", "cooperation", 40)) is None
    assert status(_record("minutes", "commune-z", "city-y", "cooperation", 40)) == "status_mismatch-1"


def test_strict_precision_counts_the_explained_records_as_errors():
    from assistant.extraction.scoring import Score

    s = Score(tp=8, fp=0, explained=["a", "b"])
    assert s.precision == 1.0 and s.precision_strict == 0.8


def test_a_growth_report_names_the_set_it_measured():
    import json
    from pathlib import Path

    from assistant.evaluation_growth import format_report

    results = json.loads((Path(__file__).parents[1] / "eval" / "growth4" / "results.json").read_text(encoding="utf-8"))
    text = format_report({**results, "growth_dir": "eval/growth4"})
    assert "`eval/growth4/documents/`" in text and "`eval/growth/documents/`" not in text
