"""The briefing as an A4 PDF (fpdf2 with HarfBuzz shaping, DejaVu Sans from matplotlib)."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.arabic import is_arabic
from assistant.briefing.model import Briefing, _generated_line
from assistant.briefing.runs import _AR_RUN, LRM, _cite_runs, _item_runs, _Run, _source_runs, bidi_marks
from assistant.i18n import t

# -- PDF ------------------------------------------------------------------------------------------------

LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"


def font_paths() -> tuple[Path, Path]:
    """DejaVu Sans (regular, bold) as shipped with matplotlib: it covers Arabic, and is there on
    a fresh machine with no system fonts."""
    import matplotlib

    base = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return base / "DejaVuSans.ttf", base / "DejaVuSans-Bold.ttf"


def _pdf_plain(text: str) -> str:
    """Text that fpdf2's markdown mode shows as written."""
    text = text.replace("\\", "/").replace("](", "] (")
    for marker in ("**", "__", "--", "~~"):
        text = text.replace(marker, "\\" + marker)
    return text


_NUMBER = re.compile(r"(\d+(?:[.,:/\-–]\d+)*)")


def _pdf_bidi(text: str, rtl: bool) -> str:
    """Work around fpdf2's bidi, which orders whole fragments by direction only (no nested
    levels): in a left-to-right paragraph, an Arabic run holding numbers ("الجدول رقم 2. جدول")
    comes out with its pieces in logical order. Such runs are given in visual order instead,
    each Arabic piece isolated (RLI…PDI) so its punctuation stays with it. Right-to-left
    paragraphs only get the marks of `bidi_marks`: their Latin runs hold no Arabic."""
    if rtl:
        return bidi_marks(text, True)

    def visual(m: re.Match) -> str:
        run = m.group()
        if re.search(r"\d", run):
            pieces = [p for p in _NUMBER.split(run) if p]
            run = "".join(p if _NUMBER.fullmatch(p) else f"{RLI}{p}{PDI}" for p in reversed(pieces))
        return run + LRM

    return _AR_RUN.sub(visual, text)


def _pdf_text(text: str, rtl: bool) -> str:
    return _pdf_bidi(_pdf_plain(text), rtl)


def _pdf_markup(runs: list[_Run], rtl: bool) -> str:
    """fpdf2 markdown for a paragraph: bold runs, links to the sources list and to URLs (isolated
    in right-to-left paragraphs, where the bidi algorithm would otherwise split their markup)."""
    out = []
    for r in runs:
        if r.cite is not None:
            link = f"[[{r.cite}](#src-{r.cite})]"
            out.append(f"{LRI}{link}{PDI}" if rtl else link)
        elif r.url:
            shown = _pdf_plain(r.text).replace("[", "(").replace("]", ")")
            link = f"[{shown}]({r.url.replace('(', '%28').replace(')', '%29')})"
            out.append(f"{LRI}{link}{PDI}" if rtl else link)
        else:
            text = _pdf_text(r.text, rtl)
            out.append(f"**{text}**" if r.bold and text.strip() else text)
    return "".join(out)


def write_pdf(b: Briefing, path) -> Path:
    """The briefing as an A4 PDF: Arabic shaped by HarfBuzz and laid out right to left, [n] as
    links to named destinations on the sources list."""
    from fpdf import FPDF

    path = Path(path)
    regular, bold = font_paths()
    pdf = FPDF(format="A4")
    pdf.set_margins(13, 10, 13)
    pdf.set_auto_page_break(True, margin=10)
    pdf.add_font("dejavu", "", str(regular))
    pdf.add_font("dejavu", "B", str(bold))
    pdf.set_text_shaping(True)
    pdf.set_title(b.title)
    pdf.set_lang({"ar": "ar-MA", "fr": "fr-FR", "en": "en-GB"}[b.lang])
    pdf.add_page()
    rtl = b.rtl

    def para(
        markup: str,
        size: float = 8.2,
        style: str = "",
        color=(0, 0, 0),
        indent: float = 0,
        direction: bool | None = None,
        gap: float = 0.6,
    ):
        d = rtl if direction is None else direction
        pdf.set_font("dejavu", style, size)
        pdf.set_text_color(*color)
        pdf.set_text_shaping(True, direction="rtl" if d else "ltr")
        width = pdf.epw - indent
        pdf.set_x(pdf.l_margin + (0 if d else indent))
        pdf.multi_cell(
            width, size * 0.44, markup, align="R" if d else "L", markdown=True, new_x="LMARGIN", new_y="NEXT"
        )
        if gap:
            pdf.ln(gap)

    def heading(text: str):
        pdf.ln(1.2)
        para(_pdf_text(text, rtl), size=10.5, style="B", color=(31, 78, 154), gap=0)
        y = pdf.get_y() + 0.4
        pdf.set_draw_color(180, 190, 210)
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(1.4)

    para(_pdf_text(b.title, rtl), size=15, style="B", gap=0.8)
    para(_pdf_text(_generated_line(b) + " — " + " · ".join(b.facts), rtl), size=8, color=(90, 90, 90), gap=0.5)
    for s in b.sections:
        heading(s.title)
        if not s.items:
            para(_pdf_text(s.empty, rtl), color=(90, 90, 90))
        for item in s.items:
            if item.quote:
                quote_rtl = is_arabic(item.quote)
                para(_pdf_text(f"«{item.quote}»", quote_rtl), indent=5, direction=quote_rtl, gap=0.2)
                meta = (
                    [_Run("— " + item.lead)] + _cite_runs(item.cites) + ([_Run(f" · {item.note}")] if item.note else [])
                )
                para(_pdf_markup(meta, rtl), size=7.3, color=(90, 90, 90), indent=5, gap=1.0)
            else:
                para(_pdf_markup([_Run("• ")] + _item_runs(item, b.lang), rtl))
        if s.footer:
            para(_pdf_text(s.footer, rtl), size=7.8, color=(90, 90, 90))
    heading(t("briefing.sources", b.lang))
    for e in b.sources:
        pdf.set_link(name=f"src-{e.n}", y=pdf.get_y())
        para(_pdf_markup(_source_runs(e), rtl), size=7.3, gap=0.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path
