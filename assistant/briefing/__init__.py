"""One-page delegation briefing on a commune or a partner city (see build.py)."""

from assistant.briefing.build import (LABELS, Briefing, Cite, Item, Section, SourceEntry, build_briefing, font_paths,
                                      format_date, resolve_place, to_markdown, write_docx, write_pdf)

__all__ = ["Briefing", "Section", "Item", "Cite", "SourceEntry", "build_briefing", "resolve_place",
           "to_markdown", "write_docx", "write_pdf", "LABELS", "font_paths", "format_date"]
