"""Structure-aware chunking.

The contract: a chunk's `text` is an exact slice of its document
(`doc[start:end]`), its line numbers are those of that slice, and everything
it needs to be understood alone (section path, table title, column headers,
the commune a table row belongs to) lives in `context`, never in `text`.
The study's Table 1 is irregular (commune named only on a group's first row,
a wrapped row, rows written right-to-left in reversed column order); the
chunker repairs all of that in the context.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.chunking import MAX_CHARS, chunk_document

TABLE1 = "الجدول رقم 1. جل اتفاقيات التعاون والتوأمة التي تجمع مدن الأقاليم الجنوبية بالمغرب مع مدن بلدان أجنبية"
TABLE1_COLUMNS = ["مدن الأقاليم الجنوبية بالمغرب", "مدن البلدان الأجنبية", "محور اتفاقية التوأمة", "التاريخ"]


@pytest.fixture(scope="module")
def chunks(study):
    return chunk_document(study.doc_id, study.text, study.title)


def line_of(doc: str, offset: int) -> int:
    return doc.count("\n", 0, offset) + 1


def rows_by_line(chunks) -> dict[int, object]:
    return {c.line_start: c for c in chunks if c.kind == "table_row"}


# -- exact slices, real lines -----------------------------------------------------------------------


def test_every_chunk_is_an_exact_slice_of_the_study(study, chunks):
    assert len(chunks) > 50
    for c in chunks:
        assert c.text == study.text[c.start : c.end]
        assert c.text and c.text == c.text.strip()


def test_line_numbers_correspond_to_the_offsets(study, chunks):
    source_lines = study.text.split("\n")
    for c in chunks:
        assert c.line_start == line_of(study.text, c.start)
        assert c.line_end == line_of(study.text, c.end - 1)
        assert c.lines == f"{c.line_start}-{c.line_end}"
        # the first and last lines of the chunk are (parts of) those source lines
        assert c.text.split("\n")[0] in source_lines[c.line_start - 1]
        assert c.text.split("\n")[-1] in source_lines[c.line_end - 1]


def test_chunks_are_in_document_order_and_do_not_overlap(chunks):
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    for a, b in zip(chunks, chunks[1:]):
        assert a.end <= b.start


def test_no_chunk_is_much_longer_than_the_limit(chunks):
    # paragraphs are windowed; only a single table row may be long on its own
    for c in chunks:
        if c.kind in ("paragraph", "list"):
            assert len(c.text) <= MAX_CHARS * 2, (c.lines, len(c.text))


def test_the_news_article_chunks_are_exact_slices_too(news):
    chunks = chunk_document(news.doc_id, news.text, news.title)
    assert chunks
    for c in chunks:
        assert c.text == news.text[c.start : c.end]
        assert c.line_start == line_of(news.text, c.start)
    assert any("السمارة" in c.text for c in chunks)


# -- Table 1 ---------------------------------------------------------------------------------------------


def test_table1_header_is_its_own_chunk_with_the_columns(chunks):
    header = next(c for c in chunks if c.kind == "table_header" and c.meta["table"] == TABLE1)
    assert header.line_start == header.line_end == 131
    assert header.meta["columns"] == TABLE1_COLUMNS
    assert header.context == TABLE1 + "\n" + " | ".join(TABLE1_COLUMNS)


def test_table1_rows_inherit_the_commune_named_on_the_group_first_row(chunks):
    rows = rows_by_line(chunks)
    assert rows[132].meta["row_group"] == "الداخلية"  # spelled so in the source
    assert rows[132].meta["row_group_inherited"] is False
    assert rows[135].meta["row_group"] == "الداخلية"  # Columbus: commune cell empty
    assert rows[135].meta["row_group_inherited"] is True
    hollywood = rows[142]
    assert "هوليوود" in hollywood.text
    assert hollywood.meta["row_group"] == "العيون"
    assert "العيون" not in hollywood.text  # the repair is in the context only
    assert "مدن الأقاليم الجنوبية بالمغرب: العيون" in hollywood.context
    assert hollywood.context.startswith(TABLE1 + "\n")


def test_talcahuano_row_reversed_in_source_is_put_in_header_order(study, chunks):
    row = rows_by_line(chunks)[147]
    assert row.line_start == row.line_end == 147
    # in the source the row is written date-first and its commune cell is empty
    assert study.text.split("\n")[146].startswith("أكتوبر 2018\t")
    assert row.meta["reversed_in_source"] is True
    assert row.meta["row_group"] == "العيون"
    assert row.meta["cells"][0] == "العيون"
    assert row.meta["cells"][1] == "طاكاوانو، الشيلي"
    assert row.meta["cells"][2].startswith("خلق فرص للتعاون")
    assert row.meta["cells"][3] == "أكتوبر 2018"
    assert row.context.split("\n")[1:] == [f"{h}: {c}" for h, c in zip(TABLE1_COLUMNS, row.meta["cells"])]


def test_smara_rows_belong_to_smara(chunks):
    rows = rows_by_line(chunks)
    bazas, mwanza = rows[148], rows[149]
    assert "بازاس" in bazas.text and "موانزا" in mwanza.text
    for row in (bazas, mwanza):
        assert row.meta["row_group"] == "السامرة"
        assert row.meta["reversed_in_source"] is True
        assert row.meta["cells"][0] == "السامرة"
        assert "مدن الأقاليم الجنوبية بالمغرب: السامرة" in row.context
    assert mwanza.meta["row_group_inherited"] is True
    assert rows[150].meta["row_group"] == "بوجدور"


def test_pueblo_libre_wrapped_row_spans_its_continuation_line(study, chunks):
    row = next(c for c in chunks if c.kind == "table_row" and "بويلو ليبري" in c.text)
    assert (row.line_start, row.line_end) == (144, 146)
    assert row.text == study.text[row.start : row.end]
    assert "الاتفاقية فرصة لتمتين علاقات التعاون" in row.text
    # the continuation is joined to the agreement-axis cell, in the context
    axis = row.meta["cells"][2]
    assert axis.startswith("تعزيز علاقات التعاون الثنائي") and "الاتفاقية فرصة لتمتين" in axis
    assert f"محور اتفاقية التوأمة: {axis}" in row.context
    assert row.meta["cells"][3] == "ماي 2023"
    assert row.meta["row_group"] == "العيون"
    # line 146 is not a row of its own
    assert 146 not in rows_by_line(chunks)


def test_table1_has_one_chunk_per_logical_row(chunks):
    rows = [c for c in chunks if c.kind == "table_row" and c.meta["table"] == TABLE1]
    # lines 132-151 less a blank line and a continuation: the study's "about 18 agreements"
    assert len(rows) == 18
    assert all(len(r.meta["cells"]) == 4 and all(r.meta["cells"]) for r in rows)
    groups = [r.meta["row_group"] for r in rows]
    assert groups.count("الداخلية") == 8 and groups.count("العيون") == 6
    assert groups.count("السامرة") == 2 and groups.count("بوجدور") == 2


# -- lists, references, sections ----------------------------------------------------------------------


def test_recommendation_lists_start_with_their_heading(chunks):
    expected = {
        "على مستوى الحكامة المؤسسية": (179, 187),
        "على مستوى قدرات وكفاءة الإدارة": (189, 195),
        "على مستوى التخطيط الاستراتيجي": (197, 203),
    }
    for heading, (first, last) in expected.items():
        chunk = next(c for c in chunks if c.kind == "list" and c.section and c.section[-1] == heading)
        assert chunk.text.startswith(f"#### {heading}:")
        assert (chunk.line_start, chunk.line_end) == (first, last)
    governance = next(c for c in chunks if c.kind == "list" and c.line_start == 179)
    assert governance.text.count("\n-") == 4
    assert governance.text.rstrip().endswith("لدعم أهداف السياسة الخارجية الوطنية.")


def test_references_are_one_per_chunk_numbered_1_to_34(chunks):
    refs = [c for c in chunks if c.kind == "reference"]
    assert [c.meta["reference"] for c in refs] == list(range(1, 35))
    for c in refs:
        assert c.text.startswith(f"{c.meta['reference']}.")
        assert c.section[-1] == "مراجع"
    # a reference keeps its URL line with it
    ref24 = refs[23]
    assert "أرلينغتون" in ref24.text
    assert "Itemid=80307" in ref24.text
    assert (ref24.line_start, ref24.line_end) == (253, 255)


def test_section_paths_follow_the_headings(study, chunks):
    first_section_line = 1 + study.text.split("\n").index("## ARTICLE HISTORY")
    for c in chunks:
        if c.line_start > first_section_line:
            assert c.section, c.lines
            assert c.section_path == " > ".join(c.section)
    # the document title (first level-1 heading) is not a section
    assert all(not c.section or not c.section[0].startswith("ديبلوماسية المدن كآلية") for c in chunks)
    hollywood = rows_by_line(chunks)[142]
    assert hollywood.section[-1] == TABLE1
    intro = next(c for c in chunks if c.line_start == 40)
    assert intro.section == ["مقدمة"]
    assert intro.context.startswith(study.title)
    assert "مقدمة" in intro.context


def test_table2_rows_name_their_city_and_columns(chunks):
    rows = [c for c in chunks if c.kind == "table_row" and c.meta["table"].startswith("الجدول رقم 2")]
    assert [r.meta["row_group"] for r in rows] == ["الداخلية", "العيون", "السمارة", "بوجدور"]
    assert all(r.meta["columns"] == ["المدن", "الحكامة المؤسسية", "القدرة والكفاءة الإدارية"] for r in rows)


# -- small documents: paragraphs, windows, headings -----------------------------------------------------


def test_short_paragraphs_merge_and_long_ones_are_windowed():
    short = "الداخلة مدينة ساحلية.\n\nالعيون عاصمة الجهة.\n"
    merged = chunk_document("d", short)
    assert len(merged) == 1 and merged[0].kind == "paragraph"
    assert (merged[0].line_start, merged[0].line_end) == (1, 3)

    sentence = "وقعت جماعة الداخلة اتفاقية توأمة جديدة مع مدينة أوروبية لتعزيز التعاون الاقتصادي. "
    long_doc = "# عنوان\n\n" + sentence * 40 + "\n"
    pieces = chunk_document("d", long_doc)
    assert len(pieces) > 1
    assert all(p.kind == "paragraph" and len(p.text) <= MAX_CHARS for p in pieces)
    assert all(p.text == long_doc[p.start : p.end] and p.line_start == p.line_end == 3 for p in pieces)
    assert all(p.text.endswith(".") for p in pieces)  # cut at sentence boundaries


def test_a_heading_with_nothing_under_it_is_kept_as_a_chunk():
    doc = "## قسم أول\n\nنص القسم الأول.\n\n## قسم فارغ\n\n## قسم ثالث\n\nنص القسم الثالث.\n"
    chunks = chunk_document("d", doc)
    assert [c.kind for c in chunks] == ["paragraph", "heading", "paragraph"]
    assert chunks[1].text == "## قسم فارغ" and chunks[1].section == ["قسم فارغ"]


def test_paragraph_ending_with_a_colon_leads_into_its_list():
    doc = "وتشمل الاتفاقية المجالات التالية:\n\n- السياحة\n- الثقافة\n- البيئة\n\nفقرة أخرى مستقلة تماما عن القائمة."
    chunks = chunk_document("d", doc)
    assert chunks[0].kind == "list"
    assert chunks[0].text.startswith("وتشمل الاتفاقية") and chunks[0].text.endswith("- البيئة")


# -- property: any Markdown-like document --------------------------------------------------------------

_HEADING_LINE = re.compile(r"^#{1,6}\s+\S")
_WORDS = [
    "مدينة",
    "توأمة",
    "الداخلة",
    "اتفاقية",
    "التعاون",
    "العيون",
    "السمارة",
    "بوجدور",
    "إيطاليا",
    "أكتوبر 2018",
    "ماي 2023",
    "Dakhla",
    "twinning",
    "Dreux",
    "2009",
    "ville",
    "sources",
    "مراجع",
]
_word = st.one_of(
    st.sampled_from(_WORDS),
    st.text(alphabet="ابتجدهوزحطيكلمنسعفصقرشتثخذضظغءأإآةى abcdeé0123456789,()«»-", min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool),
)
_sentence = st.lists(_word, min_size=1, max_size=25).map(" ".join)
_end = st.sampled_from(["", ".", ":", "؟", "؛", "،"])
_paragraph = st.builds(lambda parts, end: " ".join(parts) + end, st.lists(_sentence, min_size=1, max_size=12), _end)
_long_run = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ", min_size=900, max_size=2600)
_heading = st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 6), st.one_of(_sentence, st.just("مراجع :")))
_bullet = st.builds(lambda b, t: b + t, st.sampled_from(["- ", "-", "• ", "* ", "  - "]), _sentence)
_numbered = st.builds(lambda n, t: f"{n}. {t}", st.integers(1, 60), _sentence)
_cell = st.one_of(st.just(""), st.just("ماي 2023"), st.just("2009"), _sentence)
_row = st.lists(_cell, min_size=2, max_size=5).map("\t".join)
_wrapped = st.builds(lambda t: "\t" + t + "\t\t", _sentence.filter(lambda t: len(t) > 40))  # a row's continuation
_table = st.lists(st.one_of(_row, _row, _wrapped), min_size=2, max_size=7).map("\n".join)
_blank = st.sampled_from(["", "", " ", "  "])
_line = st.one_of(_heading, _paragraph, _paragraph, _bullet, _numbered, _row, _table, _blank, _blank, _long_run)
_document = st.lists(_line, min_size=1, max_size=40).map("\n".join)


@given(_document)
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_markdown_like_document_is_chunked_into_exact_covering_slices(doc):
    chunks = chunk_document("doc", doc, "عنوان")
    covered = bytearray(len(doc))
    for c in chunks:
        assert c.text == doc[c.start : c.end]
        assert c.text.strip()
        assert c.line_start == line_of(doc, c.start)
        assert c.line_end == line_of(doc, c.end - 1)
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    for a, b in zip(chunks, chunks[1:]):
        assert a.end <= b.start
    offset = 0
    for number, line in enumerate(doc.split("\n"), 1):
        if line.strip() and not _HEADING_LINE.match(line):
            missing = [i for i, ch in enumerate(line) if not ch.isspace() and not covered[offset + i]]
            assert not missing, f"line {number} not covered by any chunk: {line!r}"
        offset += len(line) + 1
