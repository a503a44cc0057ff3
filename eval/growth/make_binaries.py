"""Build the binary growth documents (.docx, .pdf) from their source texts.

    python eval/growth/make_binaries.py

Each eval/growth/sources/<stem>.txt becomes eval/growth/documents/<stem>.docx or
<stem>.pdf (the extension is fixed in TARGETS below).  Source format, one block per
line:
    "# text"   title (DOCX: Heading 1; PDF: bold, larger)
    "> text"   byline (italic)
    other      a body paragraph; blank lines are ignored

Other growth sets (eval/growth3) call `build` with their own directory, targets and date.

Idempotent: metadata dates are fixed and the DOCX zip entries get a fixed
timestamp, so re-running produces byte-identical files.  PDFs are only made for
Latin-script documents; the text is set in DejaVu Sans (TTF on this system) so
every accent, guillemet and dash is embedded with a ToUnicode map and extracts
back exactly with pypdf.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

# stem -> (format, language)
TARGETS = {
    "g04-ar-tarfaya-letter-of-intent": ("docx", "ar"),
    "g05-ar-boujdour-libreville-convention": ("docx", "ar"),
    "g07-fr-laayoune-sorrente-renouvellement": ("pdf", "fr"),
    "g09-fr-foum-el-oued-kaolack-convention": ("docx", "fr"),
    "g11-en-laayoune-kochi-mou": ("pdf", "en"),
    "g13-it-amgala-orgosolo-gemellaggio": ("pdf", "it"),
    "g15-es-boujdour-trujillo-hermanamiento": ("docx", "es"),
}

FIXED = dt.datetime(2025, 12, 20, 12, 0, 0, tzinfo=dt.timezone.utc)
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class BinarySet:
    """A growth set's binaries: its directory (sources/ in, documents/ out), stem -> (format,
    language), and the date stamped into every file."""

    here: Path
    targets: dict
    fixed: dt.datetime

    @property
    def sources(self) -> Path:
        return self.here / "sources"

    @property
    def docs(self) -> Path:
        return self.here / "documents"

    @property
    def author(self) -> str:
        return f"eval/{self.here.name}/make_binaries.py"


GROWTH = BinarySet(HERE, TARGETS, FIXED)


def parse(s: BinarySet, stem: str) -> list[tuple[str, str]]:
    """[(kind, text)] with kind in title | byline | para."""
    blocks = []
    for line in (s.sources / f"{stem}.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("# "):
            blocks.append(("title", line[2:].strip()))
        elif line.startswith("> "):
            blocks.append(("byline", line[2:].strip()))
        else:
            blocks.append(("para", line))
    return blocks


# ---------------------------------------------------------------- DOCX
def _set_rtl(paragraph) -> None:
    from docx.oxml import OxmlElement

    ppr = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    ppr.insert(0, bidi)
    for run in paragraph.runs:
        rpr = run._r.get_or_add_rPr()
        rpr.append(OxmlElement("w:rtl"))


def make_docx(s: BinarySet, stem: str, lang: str, blocks) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(12)
    for kind, text in blocks:
        if kind == "title":
            p = doc.add_heading(text, level=1)
        elif kind == "byline":
            p = doc.add_paragraph()
            p.add_run(text).italic = True
        else:
            p = doc.add_paragraph(text)
        if lang == "ar":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_rtl(p)
    cp = doc.core_properties
    cp.title = blocks[0][1]
    cp.author = s.author
    cp.language = lang
    cp.created = s.fixed.replace(tzinfo=None)
    cp.modified = s.fixed.replace(tzinfo=None)
    cp.last_modified_by = s.author
    cp.revision = 1

    raw = io.BytesIO()
    doc.save(raw)
    # rewrite the zip with fixed entry timestamps (python-docx uses the current time)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=s.fixed.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data)
    path = s.docs / f"{stem}.docx"
    path.write_bytes(out.getvalue())
    return path


# ---------------------------------------------------------------- PDF
def make_pdf(s: BinarySet, stem: str, lang: str, blocks) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(s.fixed)
    pdf.set_title(blocks[0][1])
    pdf.set_author(s.author)
    pdf.set_lang(lang)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    for kind, text in blocks:
        if kind == "title":
            pdf.set_font("DejaVu", "B", 16)
            pdf.multi_cell(0, 8, text, align="L")
            pdf.ln(2)
        elif kind == "byline":
            pdf.set_font("DejaVu", "I", 9)
            pdf.multi_cell(0, 5, text, align="L")
            pdf.ln(4)
        else:
            pdf.set_font("DejaVu", "", 11)
            pdf.multi_cell(0, 6, text, align="L")
            pdf.ln(3)
    path = s.docs / f"{stem}.pdf"
    pdf.output(str(path))
    return path


def build(s: BinarySet) -> None:
    s.docs.mkdir(exist_ok=True)
    for stem, (fmt, lang) in s.targets.items():
        if fmt == "pdf" and lang == "ar":
            raise SystemExit(f"{stem}: PDFs are for Latin-script documents only")
        blocks = parse(s, stem)
        path = make_docx(s, stem, lang, blocks) if fmt == "docx" else make_pdf(s, stem, lang, blocks)
        print(f"wrote {path.relative_to(s.here)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    build(GROWTH)
