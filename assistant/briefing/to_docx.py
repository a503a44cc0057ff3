"""The briefing as a Word document (python-docx). Named `to_docx` so that it is never mistaken
for the `docx` package it imports."""

from __future__ import annotations

from pathlib import Path

from assistant.arabic import is_arabic
from assistant.briefing.model import Briefing, _generated_line
from assistant.briefing.runs import (
    _LATIN_LETTER,
    _cite_runs,
    _item_runs,
    _Run,
    _source_runs,
    _split_scripts,
    bidi_marks,
)
from assistant.i18n import t

# -- DOCX ------------------------------------------------------------------------------------------------


def write_docx(b: Briefing, path) -> Path:
    """The briefing as a Word document: Arabic paragraphs right to left (w:bidi, w:rtl runs),
    [n] as internal hyperlinks to bookmarks on the sources list."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.shared import Mm, Pt, RGBColor

    path = Path(path)
    doc = Document()
    for s in doc.sections:
        s.top_margin = s.bottom_margin = Mm(14)
        s.left_margin = s.right_margin = Mm(16)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(9.5)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Arial")
    cs = OxmlElement("w:szCs")
    cs.set(qn("w:val"), "19")
    rpr.find(qn("w:sz")).addnext(cs)
    normal.paragraph_format.space_after = Pt(2)

    link_color = RGBColor(0x1F, 0x4E, 0x9A)
    gray = RGBColor(0x55, 0x55, 0x55)

    def cs_size(rpr, size: float) -> None:
        """w:szCs (the size of complex-script text) next to w:sz."""
        sz = rpr.find(qn("w:sz"))
        el = OxmlElement("w:szCs")
        el.set(qn("w:val"), str(round(size * 2)))
        if sz is not None:
            sz.addnext(el)

    def paragraph(rtl: bool, indent: float = 0, space_before: float = 0):
        p = doc.add_paragraph()
        p.is_rtl = rtl
        fmt = p.paragraph_format
        if space_before:
            fmt.space_before = Pt(space_before)
        if indent:
            fmt.left_indent = Mm(indent)
        if rtl:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            ppr = p._p.get_or_add_pPr()
            ppr.insert_element_before(
                OxmlElement("w:bidi"),
                "w:adjustRightInd",
                "w:snapToGrid",
                "w:spacing",
                "w:ind",
                "w:contextualSpacing",
                "w:mirrorIndents",
                "w:suppressOverlap",
                "w:jc",
                "w:textDirection",
                "w:textAlignment",
                "w:textboxTightWrap",
                "w:outlineLvl",
                "w:divId",
                "w:cnfStyle",
                "w:rPr",
                "w:sectPr",
                "w:pPrChange",
            )
        return p

    def add_text(p, text: str, bold: bool = False, size: float | None = None, color=None, italic=False):
        for piece, arabic in _split_scripts(bidi_marks(text, p.is_rtl)):
            run = p.add_run(piece)
            font = run.font
            if bold:
                font.bold = True
            if italic:
                font.italic = True
            if color is not None:
                font.color.rgb = color
            if size:
                font.size = Pt(size)
                cs_size(run._r.get_or_add_rPr(), size)
            if arabic or (p.is_rtl and not _LATIN_LETTER.search(piece)):
                font.rtl = True  # Arabic, or digits and punctuation read in a right-to-left paragraph
                if bold:
                    font.cs_bold = True

    def add_link(p, text: str, *, anchor: str | None = None, url: str | None = None, size=None):
        link = OxmlElement("w:hyperlink")
        if anchor:
            link.set(qn("w:anchor"), anchor)
        else:
            link.set(qn("r:id"), p.part.relate_to(url, RT.HYPERLINK, is_external=True))
        p._p.append(link)
        run = p.add_run(text)  # made by python-docx (properties in schema order), then moved
        link.append(run._r)
        run.font.color.rgb = link_color
        run.font.underline = True
        if p.is_rtl and not _LATIN_LETTER.search(text):
            run.font.rtl = True
        if size:
            run.font.size = Pt(size)
            cs_size(run._r.get_or_add_rPr(), size)

    def add_runs(p, runs: list[_Run], size=None, color=None):
        for r in runs:
            if r.cite is not None:
                add_link(p, r.text, anchor=f"src_{r.cite}", size=size)
            elif r.url:
                add_link(p, r.text, url=r.url, size=size)
            else:
                add_text(p, r.text, bold=r.bold, size=size, color=color)

    rtl = b.rtl
    p = paragraph(rtl)
    add_text(p, b.title, bold=True, size=15)
    p = paragraph(rtl, space_before=0)
    add_text(p, _generated_line(b) + " — " + " · ".join(b.facts), size=8.5, color=gray, italic=True)
    for s in b.sections:
        p = paragraph(rtl, space_before=6)
        add_text(p, s.title, bold=True, size=11.5, color=link_color)
        if not s.items:
            add_text(paragraph(rtl), s.empty)
        for item in s.items:
            if item.quote:
                quote_rtl = is_arabic(item.quote)
                add_text(paragraph(quote_rtl, indent=0 if quote_rtl else 5), f"«{item.quote}»")
                meta = paragraph(rtl, indent=0 if rtl else 5)
                add_runs(
                    meta,
                    [_Run("— " + item.lead)]
                    + _cite_runs(item.cites)
                    + ([_Run(f" · {item.note}")] if item.note else []),
                    size=8,
                    color=gray,
                )
            else:
                add_runs(paragraph(rtl, indent=0), [_Run("• ")] + _item_runs(item, b.lang))
        if s.footer:
            add_text(paragraph(rtl), s.footer, size=8.5, color=gray, italic=True)
    p = paragraph(rtl, space_before=6)
    add_text(p, t("briefing.sources", b.lang), bold=True, size=11.5, color=link_color)
    for k, e in enumerate(b.sources):
        p = paragraph(rtl)
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(k + 1))
        start.set(qn("w:name"), f"src_{e.n}")
        p._p.append(start)
        add_runs(p, _source_runs(e), size=8.5)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(k + 1))
        p._p.append(end)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
