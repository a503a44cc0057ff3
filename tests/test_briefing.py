"""The delegation briefing (assistant/briefing/) on the real corpus: content, Markdown,
DOCX (bidi / rtl, internal links), PDF (Arabic text, named destinations), unknown places, CLI."""

from __future__ import annotations

import re
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from assistant.arabic import normalize, strip_invisible
from assistant.briefing import Briefing, build_briefing, format_date, to_markdown, write_docx, write_pdf
from assistant.registry import RegistryError, UnknownFilter

TODAY = date(2026, 1, 15)
ARABIC = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture(scope="module")
def briefings(corpus_assistant) -> dict[tuple[str, str], Briefing]:
    """Built once: (place as typed, lang) -> Briefing."""
    return {
        (place, lang): build_briefing(corpus_assistant, place, lang, today=TODAY)
        for place, lang in [
            ("Dakhla", "fr"),
            ("Arlington", "en"),
            ("الداخلة", "ar"),
            ("Smara", "ar"),
            ("Sorrento", "fr"),
        ]
    }


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", normalize(strip_invisible(text))).strip()


# -- content -----------------------------------------------------------------------------------------


def test_dakhla_fr_lists_its_agreements_with_dates_and_sources(briefings, corpus_assistant):
    b = briefings[("Dakhla", "fr")]
    registry = corpus_assistant.registry
    expected = registry.filter(commune="dakhla")
    assert b.place_id == "dakhla" and b.role == "commune" and b.lang == "fr"
    assert b.title == "Note de briefing : Dakhla"
    assert b.generated == "2026-01-15"
    items = b.section("agreements").items
    assert [i.data["id"] for i in items] == [a.id for a in expected]
    for item, a in zip(items, expected):
        assert item.lead.startswith(registry.name(a.partner, "fr"))
        assert format_date(a.date, "fr") in item.text  # "janvier 2023", "octobre 2009" …
        # the table row first; a reference that also names the agreement may join it (extracted sources)
        assert item.cites and item.cites[0].where.split(",")[0] == f"l. {a.sources[0].lines[0]}"
    md = to_markdown(b)
    assert "Vibo Valentia" in md and "janvier 2023" in md and "octobre 2009" in md
    assert "Générée le 15 janvier 2026" in md
    # the study's reference for each row is a numbered source with its outlet and link
    refs = [s for s in b.sources if s.key.startswith("ref:")]
    assert len(refs) == len(expected)
    assert all(s.url and s.url.startswith("http") for s in refs)


def test_dakhla_sections_passages_recommendations_discrepancies(briefings, corpus_assistant):
    b = briefings[("Dakhla", "fr")]
    passages = b.section("passages").items
    assert passages, "passages that mention Dakhla"
    dakhla = corpus_assistant.gazetteer.places["dakhla"]
    for p in passages:
        assert any(name in p.quote for name in dakhla.ar), p.quote  # the quote shows the place
        assert f"l. {p.data['lines'].split('-')[0]}" in p.cites[0].where
    recs = b.section("recommendations").items
    assert 1 <= len(recs) <= 4
    assert all(r.data["doc"] == "ismaili-2025" and 175 < r.data["line"] < 205 for r in recs)
    # the recommendation naming Dakhla (Paris–Dakhla air route, line 199) comes first
    assert recs[0].data["line"] == 199 and "Dakhla" in recs[0].note
    discrepancies = b.section("discrepancies")
    ids = [i.data["id"] for i in discrepancies.items]
    assert "per-commune-counts" in ids
    assert all(i.text for i in discrepancies.items)  # French summaries
    assert "Autres écarts" in discrepancies.footer


def test_arlington_en_finds_the_partner_side(briefings, corpus_assistant):
    b = briefings[("Arlington", "en")]
    assert b.role == "partner" and b.place_id == "arlington"
    items = b.section("agreements").items
    assert [i.data["commune"] for i in items] == ["laayoune"]
    assert items[0].lead.startswith(corpus_assistant.registry.name("laayoune", "en"))
    assert "October 2024" in items[0].text
    assert "United States" in b.facts
    md = to_markdown(b)
    assert md.startswith("# Briefing note: Arlington")
    assert "No discrepancy recorded" in md


def test_sorrento_and_smara_carry_their_discrepancies_and_news(briefings, corpus_assistant):
    sorrento = briefings[("Sorrento", "fr")]
    assert "sorrento-2009-vs-2017-renewal" in [i.data["id"] for i in sorrento.section("discrepancies").items]
    assert "renouvelé" in sorrento.section("agreements").items[0].text  # status, in French
    smara = briefings[("Smara", "ar")]
    assert smara.title.startswith("مذكرة إحاطة")
    items = smara.section("agreements").items
    assert [i.data["id"] for i in items] == [a.id for a in corpus_assistant.registry.filter(commune="smara")]
    docs = {s.key for s in smara.sources}
    assert "doc:noonpost-2025-10-31" in docs  # the October 2025 signings
    assert any("31 أكتوبر 2025" in i.text for i in items)


# -- citations resolve ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", [("Dakhla", "fr"), ("Arlington", "en"), ("الداخلة", "ar"), ("Smara", "ar")])
def test_markdown_every_citation_is_in_the_sources_list(briefings, key):
    b = briefings[key]
    md = to_markdown(b)
    body, _, sources = md.partition("\n## " + {"ar": "المصادر", "fr": "Sources", "en": "Sources"}[b.lang])
    used = re.findall(r"\[\[(\d+)\]\]\(#src-(\d+)\)", body)
    assert used
    assert all(a == b_ for a, b_ in used)
    listed = re.findall(r'<a id="src-(\d+)"></a>\*\*\[(\d+)\]\*\*', sources)
    assert all(a == b_ for a, b_ in listed)
    assert {int(a) for a, _ in used} == {int(a) for a, _ in listed} == set(range(1, len(b.sources) + 1))
    # no bare [n] in the body that is not a link
    assert not re.search(r"(?<![\[\\])\[\d+\](?!\]|\()", body)
    # numbered in reading order
    assert b.cited() == list(range(1, len(b.sources) + 1))
    if b.lang == "ar":
        assert md.startswith('<div dir="rtl">')


# -- DOCX ------------------------------------------------------------------------------------------


def _bookmarks(doc) -> dict[str, str]:
    out = {}
    for p in doc.paragraphs:
        for bm in p._p.iter(qn("w:bookmarkStart")):
            out[bm.get(qn("w:name"))] = p.text
    return out


def _links(doc) -> list[tuple[str, str]]:
    out = []
    for p in doc.paragraphs:
        for h in p._p.iter(qn("w:hyperlink")):
            if h.get(qn("w:anchor")):
                out.append((h.get(qn("w:anchor")), "".join(t.text for t in h.iter(qn("w:t")))))
    return out


@pytest.mark.parametrize("key", [("الداخلة", "ar"), ("Dakhla", "fr")])
def test_docx_arabic_is_right_to_left_and_citations_link_to_sources(briefings, key, tmp_path):
    b = briefings[key]
    path = write_docx(b, tmp_path / "b.docx")
    doc = Document(str(path))
    arabic_paragraphs = 0
    for p in doc.paragraphs:
        ppr = p._p.pPr
        bidi = ppr is not None and ppr.find(qn("w:bidi")) is not None
        mostly_arabic = len(ARABIC.findall(p.text)) > len(re.findall(r"[A-Za-z]", p.text))
        if b.lang == "ar" or (mostly_arabic and p.text.startswith("«")):
            assert bidi, p.text
            assert p.alignment is not None and int(p.alignment) == 2, p.text  # right
            arabic_paragraphs += 1
        for run in p._p.iter(qn("w:r")):
            text = "".join(t.text for t in run.iter(qn("w:t")))
            if ARABIC.search(text):
                rpr = run.find(qn("w:rPr"))
                assert rpr is not None and rpr.find(qn("w:rtl")) is not None, text
    assert arabic_paragraphs >= 3
    bookmarks = _bookmarks(doc)
    assert set(bookmarks) == {f"src_{e.n}" for e in b.sources}
    for e in b.sources:
        assert bookmarks[f"src_{e.n}"].startswith(f"[{e.n}]")
    links = _links(doc)
    assert links
    for anchor, text in links:
        assert anchor in bookmarks
        assert text == f"[{anchor.split('_')[1]}]"
    assert {a for a, _ in links} == set(bookmarks)  # every source is cited


# -- PDF -------------------------------------------------------------------------------------------


def test_pdf_arabic_text_and_internal_links(briefings, corpus_assistant, tmp_path):
    b = briefings[("الداخلة", "ar")]
    path = write_pdf(b, tmp_path / "b.pdf")
    reader = PdfReader(str(path))
    assert len(reader.pages) == 1  # one page, even for Dakhla
    text = _norm("\n".join(page.extract_text() for page in reader.pages))
    registry = corpus_assistant.registry
    for phrase in [
        "مذكرة إحاطة",
        "اتفاقيات التوأمة والتعاون",
        "توصيات الدراسة",
        "تباينات بين المصادر",
        "المصادر",
        registry.name("dakhla", "ar"),
        registry.name("vibo-valentia", "ar"),
        registry.name("italy", "ar"),
        "أكتوبر",
    ]:
        assert _norm(phrase) in text, phrase
    # a quoted passage and a recommendation, as extracted
    quote = b.section("recommendations").items[0].quote
    words = [w for w in _norm(quote).split() if len(w) > 3 and not w.startswith("…")][:6]
    assert all(w in text for w in words), words

    dests = set(reader.named_destinations)
    assert {f"src-{e.n}" for e in b.sources} <= dests
    internal, external = set(), set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Dest") is not None:
                internal.add(str(a["/Dest"]))
            elif a.get("/A") is not None and a["/A"].get("/URI"):
                external.add(str(a["/A"]["/URI"]))
    assert internal == {f"src-{n}" for n in b.cited()}
    assert {e.url for e in b.sources if e.url} <= external


def test_pdf_french_keeps_arabic_names(briefings, tmp_path):
    b = briefings[("Dakhla", "fr")]
    path = write_pdf(b, tmp_path / "fr.pdf")
    reader = PdfReader(str(path))
    assert len(reader.pages) == 1
    text = _norm("\n".join(p.extract_text() for p in reader.pages))
    for phrase in ["Note de briefing", "Accords de jumelage", "Vibo Valentia", "janvier 2023", "Sources"]:
        assert _norm(phrase) in text, phrase
    assert _norm("كروتوني") in text


def test_font_is_found_without_system_fonts():
    from assistant.briefing import font_paths

    regular, bold = font_paths()
    assert regular.is_file() and bold.is_file()


# -- unknown places ---------------------------------------------------------------------------------


def test_unknown_place_raises_with_a_suggestion(corpus_assistant):
    with pytest.raises(UnknownFilter) as exc:
        build_briefing(corpus_assistant, "Dakhlla")
    assert "dakhla" in exc.value.suggestions
    assert "Did you mean" in str(exc.value)
    with pytest.raises(RegistryError) as exc:
        build_briefing(corpus_assistant, "Arlingxon", "en")  # ("Arlingtn" is a GeoNames spelling of Arlington)
    assert "arlington" in str(exc.value)
    with pytest.raises(RegistryError):
        build_briefing(corpus_assistant, "   ")


# -- CLI ----------------------------------------------------------------------------------------------


def test_cli_unknown_place_exits_2_with_suggestion(run_cli, tmp_path):
    proc = run_cli("briefing", "Smarra", index_dir=tmp_path / "index", timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "Did you mean" in proc.stderr and "smara" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_writes_a_pdf(run_cli, corpus_assistant, tmp_path):
    out = tmp_path / "smara.pdf"
    proc = run_cli(
        "briefing",
        "السمارة",
        "--lang",
        "ar",
        "--format",
        "pdf",
        "--output",
        str(out),
        index_dir=corpus_assistant.settings.index_dir,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.is_file() and out.read_bytes().startswith(b"%PDF")
    assert "Traceback" not in proc.stderr
