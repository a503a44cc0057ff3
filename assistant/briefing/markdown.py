"""The briefing as Markdown."""

from __future__ import annotations

import re

from assistant.arabic import is_arabic
from assistant.briefing.model import Briefing, Cite, _generated_line, display_url
from assistant.briefing.runs import bidi_marks
from assistant.i18n import t

# -- Markdown ------------------------------------------------------------------------------------------


def _md(text: str, rtl: bool = False) -> str:
    text = re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text or "")
    return bidi_marks(text, rtl)


def _md_cites(cites: list[Cite], rtl: bool) -> str:
    return " · ".join((f"{_md(c.where, rtl)} " if c.where else "") + f"[[{c.n}]](#src-{c.n})" for c in cites)


def to_markdown(b: Briefing) -> str:
    """The briefing as Markdown: [n] link to anchors on the sources list; an Arabic briefing is
    wrapped in <div dir="rtl">, and Arabic quotes in a French or English one are right-to-left blocks."""
    import html

    rtl = b.rtl
    out = []
    if rtl:
        out += ['<div dir="rtl">', ""]
    out += [f"# {_md(b.title, rtl)}", "", f"*{_md(_generated_line(b), rtl)}* — " + _md(" · ".join(b.facts), rtl), ""]
    for s in b.sections:
        out += [f"## {_md(s.title, rtl)}", ""]
        if not s.items:
            out += [_md(s.empty, rtl), ""]
        for item in s.items:
            if item.quote:
                quote_rtl = is_arabic(item.quote)
                if quote_rtl != rtl:
                    out.append(
                        f'<blockquote dir="{"rtl" if quote_rtl else "ltr"}">«{html.escape(item.quote)}»</blockquote>'
                    )
                    out.append("")
                else:
                    out += [f"> «{_md(item.quote, rtl)}»", ""]
                meta = " — ".join(x for x in (_md(item.lead, rtl), _md_cites(item.cites, rtl)) if x)
                out += [f"— {meta}" + (f" · *{_md(item.note, rtl)}*" if item.note else ""), ""]
            else:
                line = f"- **{_md(item.lead, rtl)}**" if item.lead else "-"
                if item.text:
                    line += f" — {_md(item.text, rtl)}"
                out.append(f"{line} — {_md_cites(item.cites, rtl)}" if item.cites else line)
        if s.items and not s.items[-1].quote:
            out.append("")
        if s.footer:
            out += [f"*{_md(s.footer, rtl)}*", ""]
    out += [f"## {_md(t('briefing.sources', b.lang), rtl)}", ""]
    for e in b.sources:
        line = f'- <a id="src-{e.n}"></a>**[{e.n}]** {_md(e.title, rtl)}'
        if e.details:
            line += f" — {_md(e.details, rtl)}"
        if e.url:
            line += f" — [{_md(display_url(e.url))}](<{e.url}>)"
        out.append(line)
    out.append("")
    if rtl:
        out += ["</div>", ""]
    return "\n".join(out)
