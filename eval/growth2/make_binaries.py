"""Build the binary growth2 documents (.docx) from their source texts.

    python eval/growth2/make_binaries.py

Each eval/growth2/sources/<stem>.txt becomes eval/growth2/documents/<stem>.docx.
Source format, one block per line (same as eval/growth/sources/):
    "# text"   title (DOCX: Heading 1)
    "> text"   byline (italic)
    other      a body paragraph; blank lines are ignored

Reuses parse-and-RTL logic from eval/growth/make_binaries.py (imported, with its
SOURCES/DOCS paths pointed at this folder).  Idempotent: core-properties dates are
fixed and the zip entries get a fixed timestamp, so a rerun gives byte-identical
files.  Arabic paragraphs are right-aligned and marked bidi/RTL.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
DOCS = HERE / "documents"

_spec = importlib.util.spec_from_file_location("growth_make_binaries", HERE.parent / "growth" / "make_binaries.py")
_growth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_growth)
_growth.SOURCES = SOURCES          # parse() reads from here
_growth.DOCS = DOCS

# stem -> (format, language)
TARGETS = {
    "g2-04-ar-laayoune-limbe-visit": ("docx", "ar"),
    "g2-06-fr-tarfaya-saint-gilles-renouvellement": ("docx", "fr"),
    "g2-10-es-san-fernando-amgala-hermanamiento": ("docx", "es"),
}

FIXED = dt.datetime(2025, 12, 20, 12, 0, 0)
ZIP_TIME = (2025, 12, 20, 12, 0, 0)
AUTHOR = "eval/growth2/make_binaries.py"


def make_docx(stem: str, lang: str, blocks) -> Path:
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
            _growth._set_rtl(p)
    cp = doc.core_properties
    cp.title = blocks[0][1]
    cp.author = AUTHOR
    cp.language = lang
    cp.created = FIXED
    cp.modified = FIXED
    cp.last_modified_by = AUTHOR
    cp.revision = 1

    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, zin.read(info.filename))
    path = DOCS / f"{stem}.docx"
    path.write_bytes(out.getvalue())
    return path


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    for stem, (fmt, lang) in TARGETS.items():
        if fmt != "docx":
            raise SystemExit(f"{stem}: only docx targets are built here")
        blocks = _growth.parse(stem)
        path = make_docx(stem, lang, blocks)
        print(f"wrote {path.relative_to(HERE)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
