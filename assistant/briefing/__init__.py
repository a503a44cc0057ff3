"""One-page delegation briefing on a commune or a partner city, in Arabic, French or English.

`build_briefing(assistant, place, lang)` gathers, for the place the user names:

1. the place (its names from the gazetteer, its country and region);
2. the agreements involving it (`Registry.filter`), each cited to the row that states it and to the
   study's own reference for it;
3. a few passages of the documents that mention it, found with `Assistant.search` and quoted;
4. the study's recommendations (the chunks under its conclusions heading), the ones that name the
   place, its partners, their countries or their themes first;
5. the discrepancies between sources that touch its agreements (`Registry.discrepancies_for`);
6. the numbered sources every `[n]` of the briefing points to.

The result is a `Briefing` (pure data), rendered by `to_markdown`, `write_docx` and `write_pdf`.
Nothing about a place is written here: it all comes from the registry, the gazetteer and the documents.
Arabic is shaped and right to left in both files: DOCX paragraphs carry w:bidi and their Arabic runs
w:rtl; the PDF is laid out by fpdf2 with HarfBuzz shaping and its bidi algorithm, in DejaVu Sans (shipped
with matplotlib, so no system font is needed), with the runs of the other script isolated (U+2066-2069)
so that mixed lines keep their order. `[n]` marks are internal links to the sources list in both.

Modules: `model` (the dataclasses, shared formatters), `build` (`build_briefing`,
`resolve_place`), `runs` (text runs and direction marks for the renderers), `markdown`,
`to_docx` (not `docx`, the python-docx package it uses), `pdf`. Theme names come from
corpus/data/themes.yaml through `Registry.theme_name`.
"""

from assistant.briefing.build import build_briefing, resolve_place, theme_name
from assistant.briefing.markdown import to_markdown
from assistant.briefing.model import Briefing, Cite, Item, Section, SourceEntry, display_url, format_date
from assistant.briefing.pdf import font_paths, write_pdf
from assistant.briefing.to_docx import write_docx

__all__ = [
    "Briefing",
    "Section",
    "Item",
    "Cite",
    "SourceEntry",
    "build_briefing",
    "resolve_place",
    "to_markdown",
    "write_docx",
    "write_pdf",
    "font_paths",
    "format_date",
    "theme_name",
    "display_url",
]
