"""Loading source files: TXT/Markdown, PDF, DOCX, HTML, with metadata.

Every loader returns plain text in the Markdown-like form the chunker reads
(`#` headings, tab-separated table rows, `- ` bullets), or raises
`DocumentError` with a message that names the file and says what is wrong.
"""

from __future__ import annotations

import io
import random
import zipfile

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from assistant.chunking import chunk_document
from assistant.documents import DocumentError, discover, file_sha256, load_document, load_metadata

from conftest import CORPUS_DIR, NEWS_FILE, NEWS_ID, STUDY_FILE, STUDY_ID

# A real paragraph of the study (line 110), used for the encoding tests.
ARABIC_PARAGRAPH = (
    "يُعد التنظيم الداخلي للجان المتخصصة في تعزيز الشراكة والتعاون الدولي، والأهمية المعطاة لهذه "
    "البيئة داخل مجالس الجماعات بـمدن الأقاليم الجنوبية، عاملاً أساسياً لنجاح مشاركتها في أنشطة "
    "دبلوماسية المدن."
)


def minimal_pdf(pages: list[list[str]]) -> bytes:
    """A small valid PDF written by hand: one Helvetica text line per string, one page per list."""

    def escape(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects = {1: "<< /Type /Catalog /Pages 2 0 R >>", 3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids, n = [], 4
    for lines in pages:
        content = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(f"({escape(s)}) Tj T*" for s in lines) + " ET"
        objects[n] = (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {n + 1} 0 R >>"
        )
        objects[n + 1] = f"<< /Length {len(content)} >>\nstream\n{content}\nendstream"
        kids.append(f"{n} 0 R")
        n += 2
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), {}
    for i in sorted(objects):
        offsets[i] = len(out)
        out += f"{i} 0 obj\n{objects[i]}\nendobj\n".encode("latin-1")
    xref, size = len(out), max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offsets[i]:010d} 00000 n \n".encode() for i in range(1, size))
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def twinning_docx() -> bytes:
    d = docx.Document()
    d.add_heading("اتفاقيات التوأمة", level=1)
    d.add_paragraph("وقعت جماعة الداخلة اتفاقية توأمة مع مدينة درو الفرنسية.")
    d.add_heading("Partners", level=2)
    d.add_paragraph("Dreux", style="List Bullet")
    d.add_paragraph("Great Neck", style="List Bullet")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [
            ("الجماعة", "المدينة الشريكة", "التاريخ"),
            ("الداخلة", "درو، فرنسا", "ماي 2025"),
            ("العيون", "أرلينغتون، الولايات المتحدة", "أكتوبر 2024"),
        ]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("فقرة بعد الجدول.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# -- text files ----------------------------------------------------------------------------------------


def test_utf8_text_file(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("# عنوان\n\n" + ARABIC_PARAGRAPH + "\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.text == "# عنوان\n\n" + ARABIC_PARAGRAPH + "\n"
    assert doc.doc_id == "note" and doc.title == "note"
    assert doc.sha256 == file_sha256(path.read_bytes())


def test_utf8_with_bom_and_windows_newlines(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf" + "سطر أول\r\nسطر ثان\r\n".encode("utf-8"))
    assert load_document(path).text == "سطر أول\nسطر ثان\n"


def test_arabic_in_windows_1256_is_decoded(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARABIC_PARAGRAPH.encode("cp1256"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert load_document(path).text == ARABIC_PARAGRAPH


def test_the_real_corpus_files_load_with_their_metadata():
    meta = load_metadata(CORPUS_DIR)
    assert set(meta) == {STUDY_FILE.name, NEWS_FILE.name}
    study = load_document(STUDY_FILE, meta[STUDY_FILE.name])
    assert study.doc_id == STUDY_ID
    assert study.title.startswith("ديبلوماسية المدن كآلية")
    assert study.metadata["doi"] == "10.54878/x0w7nf44"
    assert study.metadata["source_file"] == STUDY_FILE.name
    assert "id" not in study.metadata
    news = load_document(NEWS_FILE, meta[NEWS_FILE.name])
    assert news.doc_id == NEWS_ID and "السمارة" in news.text


# -- files that cannot be ingested ---------------------------------------------------------------------


def test_binary_file_is_refused_by_name(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(DocumentError, match=r"photo\.txt: .*binary"):
        load_document(path)


def test_zero_byte_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(DocumentError, match=r"empty\.txt: the file is empty"):
        load_document(path)


def test_whitespace_only_file_is_refused(tmp_path):
    path = tmp_path / "blank.md"
    path.write_text(" \n\n\t\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"blank\.md: the file is empty"):
        load_document(path)


def test_unsupported_extension_is_refused_listing_what_is_supported(tmp_path):
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(DocumentError) as err:
        load_document(path)
    message = str(err.value)
    assert message.startswith("table.xlsx: unsupported file type '.xlsx'")
    assert ".pdf" in message and ".docx" in message


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(ARABIC_PARAGRAPH * 50, encoding="utf-8")
    with pytest.raises(DocumentError, match=r"big\.txt: .* over the .* limit"):
        load_document(path, max_bytes=1000)


def test_missing_file_is_a_document_error(tmp_path):
    with pytest.raises(DocumentError, match=r"gone\.txt: cannot read the file"):
        load_document(tmp_path / "gone.txt")


# -- PDF --------------------------------------------------------------------------------------------------------


def test_pdf_text_is_extracted_page_by_page(tmp_path):
    path = tmp_path / "agreement.pdf"
    path.write_bytes(
        minimal_pdf(
            [
                ["Twinning agreement between Dakhla and Dreux", "signed in May 2025."],
                ["Second page: Laayoune and Arlington (Texas)."],
            ]
        )
    )
    doc = load_document(path)
    assert doc.text == (
        "Twinning agreement between Dakhla and Dreux\nsigned in May 2025.\n\n"
        "Second page: Laayoune and Arlington (Texas)."
    )
    assert doc.doc_id == "agreement"
    chunks = chunk_document(doc.doc_id, doc.text)
    assert "Arlington" in " ".join(c.text for c in chunks)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_bytes_named_pdf_are_refused(tmp_path, seed):
    path = tmp_path / "corrupt.pdf"
    rng = random.Random(seed)
    path.write_bytes((b"%PDF-1.4\n" if seed else b"") + rng.randbytes(4000))
    with pytest.raises(DocumentError, match=r"corrupt\.pdf: not a readable PDF"):
        load_document(path)


def test_pdf_with_a_self_referencing_object_is_refused(tmp_path):
    # pypdf raises LimitReachedError (not a PdfReadError) on this damage
    good = minimal_pdf([["Dakhla and Dreux"]]).decode("latin-1")
    damaged = good.replace("<< /Length", "<< /Length 5 0 R /Old", 1)
    path = tmp_path / "loop.pdf"
    path.write_bytes(damaged.encode("latin-1"))
    with pytest.raises(DocumentError, match=r"loop\.pdf: not a readable PDF"):
        load_document(path)


def test_truncated_pdf_is_refused(tmp_path):
    data = minimal_pdf([["Dakhla and Dreux"]])
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(DocumentError, match=r"truncated\.pdf"):
        load_document(path)


def test_pdf_without_text_asks_for_ocr(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buf = io.BytesIO()
    writer.write(buf)
    path = tmp_path / "scan.pdf"
    path.write_bytes(buf.getvalue())
    with pytest.raises(DocumentError, match=r"scan\.pdf: the PDF has no extractable text .*OCR"):
        load_document(path)


def test_password_protected_pdf_is_refused(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minimal_pdf([["secret text"]]))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    path = tmp_path / "locked.pdf"
    path.write_bytes(buf.getvalue())
    with pytest.raises(DocumentError, match=r"locked\.pdf: the PDF is password-protected"):
        load_document(path)


# -- DOCX -----------------------------------------------------------------------------------------------------


def test_docx_headings_lists_and_tables_become_markdown_like_text(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(twinning_docx())
    text = load_document(path).text
    lines = text.split("\n")
    assert lines[0] == "# اتفاقيات التوأمة"
    assert "وقعت جماعة الداخلة اتفاقية توأمة مع مدينة درو الفرنسية." in lines
    assert "## Partners" in lines
    assert "- Dreux" in lines and "- Great Neck" in lines
    assert "الجماعة\tالمدينة الشريكة\tالتاريخ" in lines
    assert "الداخلة\tدرو، فرنسا\tماي 2025" in lines
    assert lines.index("الداخلة\tدرو، فرنسا\tماي 2025") < lines.index("فقرة بعد الجدول.")
    # and the chunker sees a real table
    rows = [c for c in chunk_document("report", text) if c.kind == "table_row"]
    assert [r.meta["cells"][1] for r in rows] == ["درو، فرنسا", "أرلينغتون، الولايات المتحدة"]
    assert rows[0].meta["table"] == "Partners"


def test_docx_zip_bomb_guard(tmp_path):
    # a DOCX carrying a highly compressible member: tiny on disk, big once unzipped
    buf = io.BytesIO(twinning_docx())
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/padding.bin", b"\x00" * 3_000_000)
    path = tmp_path / "bomb.docx"
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 100_000
    declared = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    assert declared > 3_000_000
    with pytest.raises(
        DocumentError, match=r"bomb\.docx: the DOCX expands to .* over the .* limit \(possible zip bomb\)"
    ):
        load_document(path, max_unzipped=1_000_000)
    # under a generous limit the same file is an ordinary DOCX
    assert "# اتفاقيات التوأمة" in load_document(path, max_unzipped=50_000_000).text


def test_damaged_docx_is_refused(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + random.Random(3).randbytes(2000))
    with pytest.raises(DocumentError, match=r"broken\.docx: not a valid DOCX file"):
        load_document(path)


def test_zip_that_is_not_a_docx_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    path = tmp_path / "notword.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(DocumentError, match=r"notword\.docx: not a readable DOCX file"):
        load_document(path)


# -- HTML -----------------------------------------------------------------------------------------------------


def test_html_keeps_headings_paragraphs_lists_and_tables_and_drops_scripts(tmp_path):
    html = """<!doctype html><html><head><title>t</title>
    <style>.x { color: red }</style><script>var tracking = "do-not-index";</script></head>
    <body>
      <h1>توأمة الداخلة</h1>
      <p>وقعت جماعة <b>الداخلة</b> اتفاقية توأمة مع مدينة درو.</p>
      <h2>Secteurs</h2>
      <ul><li>الطيران</li><li><p>الطاقة الريحية</p></li></ul>
      <table><tr><th>المدينة</th><th>التاريخ</th></tr><tr><td>درو</td><td>ماي 2025</td></tr></table>
      <noscript>enable javascript</noscript>
      <script>alert("nope")</script>
    </body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    text = load_document(path).text
    lines = text.split("\n")
    assert lines[0] == "# توأمة الداخلة"
    assert "وقعت جماعة الداخلة اتفاقية توأمة مع مدينة درو." in lines
    assert "## Secteurs" in lines
    assert "- الطيران" in lines
    assert lines.count("- الطاقة الريحية") == 1 and "الطاقة الريحية" not in lines  # nested <p> once
    assert "المدينة\tالتاريخ" in lines and "درو\tماي 2025" in lines
    for gone in ("do-not-index", "alert", "color", "enable javascript"):
        assert gone not in text


def test_html_drops_the_sites_menus_related_links_and_footer(tmp_path):
    html = """<html><body>
      <header><p>Le Courrier du Sud</p><nav><ul><li>Accueil</li><li>Culture</li></ul></nav></header>
      <div role="navigation"><a href="/">Régions</a></div>
      <main><article><h1>Smara et Kayes signent un pacte</h1>
        <p>La commune de Smara a signé un pacte d'amitié avec Kayes.</p></article>
        <aside><h2>À lire aussi</h2><ul><li>Nouvelle ligne de bus</li></ul></aside></main>
      <footer><p>© 2026 Le Courrier du Sud</p></footer>
    </body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    text = load_document(path).text
    assert "# Smara et Kayes signent un pacte" in text and "pacte d'amitié avec Kayes" in text
    assert "Le Courrier du Sud" in text.split("\n")[0]  # the header's own text stays
    for gone in ("Accueil", "Régions", "À lire aussi", "bus", "©"):
        assert gone not in text, gone


def test_html_without_any_text_is_refused(tmp_path):
    path = tmp_path / "blank.htm"
    path.write_text("<html><body><script>x=1</script></body></html>", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"blank\.htm: the HTML page contains no text"):
        load_document(path)


# -- discovering files --------------------------------------------------------------------------------------------


def test_discover_finds_supported_files_recursively_sorted_and_skips_hidden(tmp_path):
    for rel in (
        "b.txt",
        "a.md",
        "sub/c.pdf",
        "sub/d.docx",
        "page.html",
        "notes.xlsx",
        ".hidden.txt",
        ".git/e.txt",
        "documents.yaml",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.md", "b.txt", "page.html", "sub/c.pdf", "sub/d.docx"]


def test_discover_lists_a_file_given_twice_once(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.txt").write_text("y")
    found = discover([tmp_path, tmp_path / "a.txt", tmp_path / "b.txt"])
    assert [p.name for p in found] == ["a.txt", "b.txt"]
