"""Dates as documents write them, in ar/fr/en/it/es: full dates, month and year, a
year alone, numeric forms, and dates relative to the document's date ("mardi
dernier", "الثلاثاء الماضي", "yesterday"), which are resolved and marked
approximate. Month and weekday names come from CLDR (Babel), plus the forms the
data file adds."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.arabic import normalize

_LOCALES = ("ar", "ar_MA", "ar_DZ", "ar_LB", "fr", "en", "it", "es")


@dataclass(frozen=True)
class FoundDate:
    iso: str  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: str  # year | month | day | approximate
    as_written: str
    start: int  # offsets in the normalized text
    end: int


def _norm(word: str) -> str:
    return normalize(word).strip(". ")


@lru_cache(maxsize=8)
def _names(extra_months: tuple) -> tuple[dict, dict]:
    """(month name -> number, weekday name -> 0..6, Monday = 0), normalized."""
    from babel import Locale

    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for code in _LOCALES:
        loc = Locale.parse(code)
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for num, name in loc.months[ctx][width].items():
                    if len(_norm(name)) >= 3:
                        months.setdefault(_norm(name), num)
                for num, name in loc.days[ctx]["wide"].items():
                    weekdays.setdefault(_norm(name), num)
                    weekdays.setdefault(_norm(name).removeprefix("ال"), num)
    for num, names in extra_months:
        for name in names:
            months.setdefault(_norm(name), int(num))
    months.pop("mar", None)  # "mar" is also a word (Spanish sea, French Tuesday abbreviation)
    return months, weekdays


def _alternation(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=8)
def _patterns(extra_months: tuple):
    months, weekdays = _names(extra_months)
    m = _alternation(months)
    # Arabic clitics before a month or weekday (في, ب, ل, و): "بأكتوبر", "يوم الثلاثاء"
    pre = r"(?<![^\W\d_])(?:[وبلف]?(?:ال)?)"
    return (
        {
            "dmy": re.compile(
                rf"(?<!\d)(?P<d>\d{{1,2}})(?:er|º|°)?\s*(?:de\s+|di\s+)?{pre}(?P<mo>{m})(?![^\W\d_])[\s,]*(?:de\s+|del\s+)?(?P<y>\d{{4}})(?!\d)"
            ),
            "mdy": re.compile(
                rf"{pre}(?P<mo>{m})(?![^\W\d_])\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)"
            ),
            "my": re.compile(rf"{pre}({m})(?![^\W\d_])[\s,]*(?:de\s+|del\s+|di\s+)?(\d{{4}})(?!\d)"),
            "ym": re.compile(rf"(?<!\d)(\d{{4}})[\s.]*{pre}({m})(?![^\W\d_])"),
            "iso": re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),
            "num": re.compile(r"(?<!\d)(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)"),
            "nym": re.compile(r"(?<!\d)(\d{4})/(\d{1,2})(?![\d/])"),
            "year": re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)"),
            # no year: "le 3 mars dernier", "el pasado 3 de diciembre", "in October", "خلال شهر مارس"
            "dm": re.compile(
                rf"(?<!\d)(?P<d>\d{{1,2}})(?:er|º|°)?\s*(?:de\s+|di\s+)?{pre}(?P<mo>{m})(?![^\W\d_])(?!\s*\d)"
            ),
            # "on February 26", "March 3rd" (English order, no year)
            "md": re.compile(
                rf"{pre}(?P<mo>{m})(?![^\W\d_])\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:.,]\d|\d|\s*,?\s*\d{{4}})"
            ),
            "pm": re.compile(
                rf"(?<![^\W\d_])(?:en|in|a|di|shahr|شهر|خلال|في)\s+(?:de\s+)?{pre}({m})(?![^\W\d_])(?!\s*\d)"
            ),
            "weekday": re.compile(rf"{pre}({_alternation(weekdays)})(?![^\W\d_])"),
        },
        months,
        weekdays,
    )


def _valid(y: int, mo: int, d: int | None = None) -> bool:
    try:
        dt.date(y, mo, d or 1)
        return 1900 <= y <= 2100
    except ValueError:
        return False


def find_dates(
    text: str, extra_months: tuple = (), doc_date: str | None = None, relative: dict | None = None
) -> list[FoundDate]:
    """Dates in `text`, most precise first where they overlap. `relative` holds the
    data file's yesterday/today/last words per language."""
    norm = normalize(text)
    pats, months, weekdays = _patterns(extra_months)
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def add(iso: str, precision: str, m: re.Match) -> None:
        if any(s < m.end() and m.start() < e for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(FoundDate(iso, precision, m.group(0).strip(), m.start(), m.end()))

    for key in ("dmy", "mdy"):  # day first ("3 mars 2026"), then month first ("March 3, 2026")
        for m in pats[key].finditer(norm):
            d, mo, y = int(m["d"]), months[m["mo"]], int(m["y"])
            if _valid(y, mo, d):
                add(f"{y:04d}-{mo:02d}-{d:02d}", "day", m)
    for key in ("iso", "num"):
        for m in pats[key].finditer(norm):
            a, b, c = (int(g) for g in m.groups())
            y, mo, d = (a, b, c) if key == "iso" else (c, b, a)
            if _valid(y, mo, d):
                add(f"{y:04d}-{mo:02d}-{d:02d}", "day", m)
    for m in pats["my"].finditer(norm):
        mo, y = months[m.group(1)], int(m.group(2))
        if _valid(y, mo):
            add(f"{y:04d}-{mo:02d}", "month", m)
    for m in pats["ym"].finditer(norm):
        y, mo = int(m.group(1)), months[m.group(2)]
        if _valid(y, mo):
            add(f"{y:04d}-{mo:02d}", "month", m)
    for m in pats["nym"].finditer(norm):
        y, mo = int(m.group(1)), int(m.group(2))
        if _valid(y, mo):
            add(f"{y:04d}-{mo:02d}", "month", m)
    for m in pats["year"].finditer(norm):
        add(m.group(1), "year", m)
    if doc_date and re.match(r"\d{4}-\d{2}-\d{2}", doc_date):
        _yearless(norm, pats, months, doc_date, relative or {}, add)
    other_year = any(f.iso[:4] != (doc_date or "")[:4] for f in found)
    near: list[FoundDate] = []
    if doc_date and not [f for f in found if f.precision != "year"]:
        near = _relative(norm, doc_date, pats["weekday"], weekdays, relative or {}, taken)
    order = {"day": 0, "month": 1, "approximate": 2, "year": 3}
    if other_year:
        # "signed the day before yesterday with a town founded in 2012": both are offered, the
        # year first; the caller's nearest-to-the-event choice tells which dates the event
        return sorted(found, key=lambda f: (order[f.precision], f.start)) + near
    return sorted(found + near, key=lambda f: (order[f.precision], f.start))


def _yearless(norm: str, pats: dict, months: dict, doc_date: str, relative: dict, add) -> None:
    """A day and month, or "in" a month, with no year: the year of the document's date,
    or the one before when the text says "last" ("le 3 mars dernier") and the date would
    otherwise fall after the document."""
    today = dt.date.fromisoformat(doc_date[:10])
    last = [w for w in _words(relative, "last") if w]

    def year_of(mo: int, d: int, end: int) -> int:
        near = norm[max(0, end - 60) : end + 15]
        said_last = any(re.search(rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])", near) for w in last)
        return today.year - 1 if said_last and (mo, d) > (today.month, today.day) else today.year

    for key in ("dm", "md"):  # "le 3 mars", then "March 3"
        for m in pats[key].finditer(norm):
            d, mo = int(m["d"]), months[m["mo"]]
            y = year_of(mo, d, m.end())
            if _valid(y, mo, d):
                add(f"{y:04d}-{mo:02d}-{d:02d}", "day", m)
    for m in pats["pm"].finditer(norm):
        mo = months[m.group(1)]
        y = year_of(mo, 1, m.end())
        if _valid(y, mo):
            add(f"{y:04d}-{mo:02d}", "month", m)


def _words(relative: dict, key: str) -> list[str]:
    return [_norm(w) for ws in (relative.get(key) or {}).values() for w in ws]


def _relative(norm: str, doc_date: str, weekday_re, weekdays: dict, relative: dict, taken) -> list[FoundDate]:
    try:
        base = dt.date.fromisoformat(doc_date[:10])
    except ValueError:
        return []
    out = []
    for key, delta in (("before_yesterday", 2), ("yesterday", 1), ("today", 0)):  # "أول أمس" holds "أمس"
        words = _words(relative, key)
        if words:
            m = re.search(rf"(?<![^\W\d_])(?:{_alternation(words)})(?![^\W\d_])", norm)
            if m:
                day = base - dt.timedelta(days=delta)
                out.append(FoundDate(day.isoformat(), "approximate", m.group(0), m.start(), m.end()))
                return out
    for key, back in (("last_month", 1), ("this_month", 0)):  # longest phrases first: "last month" holds "month"
        words = _words(relative, key)
        m = re.search(rf"(?<![^\W\d_])(?:{_alternation(words)})(?![^\W\d_])", norm) if words else None
        if m and not any(s < m.end() and m.start() < e for s, e in taken):
            y, mo = (base.year, base.month - back) if base.month > back else (base.year - 1, 12)
            out.append(FoundDate(f"{y:04d}-{mo:02d}", "month", m.group(0), m.start(), m.end()))
            return out
    for m in weekday_re.finditer(norm):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        # the most recent such weekday before the document's date (news report past events)
        back = (base.weekday() - weekdays[m.group(1)]) % 7 or 7
        day = base - dt.timedelta(days=back)
        start, end = m.start(), m.end()
        last = _words(relative, "last")
        if last:  # "mardi dernier", "الثلاثاء الماضي", "last Tuesday": the whole phrase as written
            around = re.compile(
                rf"(?:(?:{_alternation(last)})\s+)?{re.escape(m.group(0).strip())}"
                rf"(?:\s+(?:{_alternation(last)}))?"
            )
            wide = around.search(norm, max(0, start - 12))
            if wide and wide.start() <= start and wide.end() >= end:
                start, end = wide.start(), wide.end()
        out.append(FoundDate(day.isoformat(), "approximate", norm[start:end].strip(), start, end))
        break
    return out
