"""The Gradio app: Chat, Agreements, Briefing, Sources and Settings tabs, and the `/ask` API.

Everything here calls the `Assistant` API (assistant.api), the registry and the
briefing module; nothing retrieves or answers on its own. HTML comes from
assistant.ui.render, words from the catalogue (assistant.i18n), figures from assistant.ui.charts.
"""

from __future__ import annotations

import csv
import datetime as dt
import queue
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path

import gradio as gr
import pandas as pd

from assistant import i18n
from assistant.api import Assistant, QuestionError, clean_question
from assistant.i18n import t
from assistant.registry import CONTINENTS, ROW_FIELDS, RegistryError, row_values, to_rows, write_sheets
from assistant.ui import render
from assistant.ui.render import esc

UPLOAD_TYPES = [".txt", ".md", ".pdf", ".docx", ".html"]
CONCURRENCY = "assistant"  # chat, /ask and ingestion share one worker: one index, one writer

EXAMPLES = [
    "مع أي مدن وقعت جماعة السمارة اتفاقيات توأمة؟",
    "ما هو النادي الدولي للمدن المتوأمة بالسمارة؟",
    "شحال من اتفاقية ديال التوأمة وقعات الداخلة؟",
    "Avec quelles villes Dakhla est-elle jumelée ?",
    "Quels accords Laâyoune a-t-elle signés avec des villes françaises ?",
    "Which Italian cities are twinned with Dakhla?",
    "What agreements has Amgala signed, and when?",
]

STATUSES = ["signed", "renewed", "announced", "approved"]
BUILD_WAIT_S = 900  # how long a question waits for the first index build before giving up
HISTORY = 6  # earlier questions a chat turn is read against
# the Agreements table (and the app's exports): headers table.<column>, in the interface language
TABLE_COLUMNS = [
    "commune",
    "partner",
    "as_written",
    "country",
    "continent",
    "date",
    "status",
    "kind",
    "themes",
    "source",
    "how_known",
    "discrepancies",
]
# the Sources table: headers docs.<column>
DOC_COLUMNS = ["doc_id", "kind", "date", "language", "n_chunks", "title", "author", "outlet", "file", "ingested"]
# automatic discrepancies are kinded "<field> (found automatically)" (assistant.resolution)
AUTO_DISCREPANCY = {"date": "date_mismatch", "commune": "commune_mismatch", "kind": "kind_mismatch"}


def known_by(a, lang: str) -> str:
    """How a row is known: curated by hand, or extracted (method, confidence, reviewed)."""
    if a.method in (None, "curated"):
        return t("table.known_by.curated", lang)
    method = t(f"method.{a.method}", lang) if i18n.has(f"method.{a.method}") else a.method
    text = t("table.known_by.extracted", lang, method=method, confidence=f"{float(a.confidence or 0):.2f}")
    if not a.reviewed:
        text += " — " + t("table.known_by.unreviewed", lang)
        if a.extracted_ids:
            text += f" [{a.extracted_ids[0]}]"  # the id a reviewer accepts or rejects
    return text


def discrepancy_kind(kind: str, lang: str) -> str:
    kind = AUTO_DISCREPANCY.get(kind.split(" ")[0], kind) if kind.endswith("(found automatically)") else kind
    return t(f"discrepancy_kind.{kind}" if i18n.has(f"discrepancy_kind.{kind}") else "discrepancy_kind.other", lang)


def agreement_records(registry, agreements, names: str, lang: str) -> list[dict]:
    """One row per agreement, keyed by TABLE_COLUMNS (plus its id): place and theme names in
    `names` (the "Names in" choice), every other word in `lang` (the interface language);
    no field name or code (`western_europe`, `signed`, `mou`) is shown as it is stored."""
    sep = t("table.sep", lang)
    out = []
    for a in agreements:
        first = a.sources[0]
        lines = str(first.lines[0]) if first.lines[0] == first.lines[1] else f"{first.lines[0]}–{first.lines[1]}"
        refs = sorted({s.reference for s in a.sources if s.reference})
        source = (
            t("table.source_lines_ref", lang, doc=first.doc, lines=lines, ref=refs[0])
            if refs
            else t("table.source_lines", lang, doc=first.doc, lines=lines)
        )
        kinds = dict.fromkeys(discrepancy_kind(d.kind, lang) for d in registry.discrepancies_for([a]))
        out.append(
            {
                "id": a.id,
                "commune": registry.name(a.commune, names) if a.commune else "",
                "partner": registry.name(a.partner, names) if a.partner else "",
                "as_written": a.partner_as_written or "",
                "country": registry.name(a.country, names) if a.country else "",
                "continent": registry.name(a.continent, names) if a.continent else "",
                "date": a.date or "",
                "status": t(f"status.{a.status}", lang)
                + (f" — {t('answer.renewed_on', lang, date=sep.join(a.renewals))}" if a.renewals else ""),
                "kind": _capital(t(f"kind.{a.kind}", lang)) if i18n.has(f"kind.{a.kind}") else a.kind,
                "themes": sep.join(registry.theme_name(x, names) for x in a.themes),
                "source": source,
                "how_known": known_by(a, lang),
                "discrepancies": sep.join(kinds),
            }
        )
    return out


def _capital(text: str) -> str:
    """A label that answers use mid-sentence ("convention de coopération"), as a table cell."""
    return text[:1].upper() + text[1:]


def table_frame(records: list[dict], columns: list[str], prefix: str, lang: str) -> pd.DataFrame:
    """The records as a DataFrame whose headers are the columns' names in `lang`."""
    headers = [t(f"{prefix}.{c}", lang) for c in columns]
    return pd.DataFrame([[r.get(c, "") for c in columns] for r in records], columns=headers).fillna("")


def language_name(code: str | None, lang: str) -> str:
    """'ar' → 'arabe' in French, 'العربية' in Arabic (CLDR, through Babel); unknown codes as they are."""
    if not code:
        return ""
    try:
        from babel import Locale

        name = Locale.parse(lang).languages.get(str(code))
    except (ValueError, TypeError, LookupError):
        name = None
    return (name[0].upper() + name[1:]) if name and lang != "ar" else (name or str(code))


class App:
    """Handlers bound to one Assistant (kept as methods so tests can call them directly)."""

    def __init__(self, assistant: Assistant, export_dir: Path | None = None):
        self.a = assistant
        self.export_dir = Path(export_dir or tempfile.mkdtemp(prefix="assistant-exports-"))
        self.export_dir.mkdir(parents=True, exist_ok=True)
        self.ready = threading.Event()
        self.ready.set()  # until start_build() is called, the index is the caller's business
        self.build_progress: tuple[int, int] = (0, 0)
        self.build_error: str | None = None

    # -- first index build ----------------------------------------------------------------------
    def start_build(self, on_done=None) -> threading.Thread:
        """Build or refresh the index in the background, so the page is up (with a progress
        banner) while the documents are embedded. Questions wait for it."""
        self.ready.clear()

        def work():
            try:
                report = self.a.ensure_index(
                    show_progress=True, on_progress=lambda d, n: setattr(self, "build_progress", (d, n))
                )
                # warm-up: embedder, keyword index, registry and answerer loaded before the first user
                for question in ("مع أي مدن وقعت الداخلة؟", "Qu'est-ce que la diplomatie des villes ?"):
                    self.a.ask(question)
                if on_done:
                    on_done(report)
            except Exception as exc:  # shown in the banner and to each question; the app stays up
                self.build_error = f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc)
            finally:
                self.ready.set()

        thread = threading.Thread(target=work, daemon=True, name="index-build")
        thread.start()
        return thread

    def build_banner(self, lang: str) -> str:
        if self.build_error:
            return (
                f'<div class="build-banner build-failed" dir="{i18n.direction(lang)}" role="alert">'
                f"{esc(t('ui.build_failed', lang, error=self.build_error))}</div>"
            )
        if self.ready.is_set():
            return ""
        done, total = self.build_progress
        pct = int(100 * done / total) if total else 0
        return (
            f'<div class="build-banner" dir="{i18n.direction(lang)}" role="status">'
            f"{esc(t('ui.building', lang, done=done, total=total or '…'))}"
            f'<div class="build-bar"><div style="width:{pct}%"></div></div></div>'
        )

    def _wait_ready(self) -> None:
        if not self.ready.wait(BUILD_WAIT_S):
            raise QuestionError("the index is still being built; try again in a minute")
        if self.build_error:
            raise QuestionError(f"the index could not be built: {self.build_error}")

    # -- chat -------------------------------------------------------------------------------
    def chat(self, question: str, turns: list[str] | None, asked: list[str] | None = None):
        """Generator: yields (conversation HTML, turns, question box, questions asked) as the
        answer grows; the earlier questions make the history a follow-up is read against."""
        turns = list(turns or [])
        asked = list(asked or [])
        turn = len(turns) + 1
        try:
            cleaned = clean_question(question)
        except QuestionError as exc:
            # lone surrogates (a browser can send "\ud800") cannot be serialized back: show U+FFFD
            shown = re.sub(r"[\ud800-\udfff]", "\ufffd", question or "")
            user = render.user_message(shown) if shown.strip() else ""
            turns.append(user + render.error_message(turn, str(exc)))
            yield render.conversation(turns), turns, question, asked
            return
        lang = self.a.question_language(cleaned)
        user = render.user_message(cleaned)
        yield render.conversation(turns + [user + render.pending_message(turn, lang)]), turns, "", asked

        events: queue.Queue = queue.Queue()
        result: dict = {}

        def work():
            try:
                self._wait_ready()
                result["answer"] = self.a.ask(
                    cleaned, history=asked[-HISTORY:], on_token=lambda text: events.put(("token", text))
                )
            except Exception as exc:  # shown to the user; the app keeps running
                result["error"] = exc
            finally:
                events.put(("done", None))

        threading.Thread(target=work, daemon=True, name="assistant-ask").start()
        partial, done = "", False
        while not done:
            kind, token = events.get()
            while True:  # coalesce tokens that arrived together into one update
                if kind == "done":
                    done = True
                    break
                partial += token or ""
                try:
                    kind, token = events.get(timeout=0.03)
                except queue.Empty:
                    break
            if not done and partial:
                # the box was emptied by the first update; later ones leave it alone, so a next
                # question typed while this answer streams is not wiped
                yield (
                    render.conversation(turns + [user + render.pending_message(turn, lang, partial)]),
                    turns,
                    gr.skip(),
                    asked,
                )
        if "error" in result:
            exc = result["error"]
            message = (
                str(exc)
                if isinstance(exc, (QuestionError, RegistryError, ValueError, OSError))
                else f"{type(exc).__name__}: {exc}"
            )
            turns.append(user + render.error_message(turn, message, lang))
        else:
            turns.append(user + render.answer_message(turn, result["answer"].to_json()))
            asked.append(cleaned)
        yield render.conversation(turns), turns, gr.skip(), asked

    def ask_json(self, question: str, history: list[str] | None = None) -> dict:
        """The `/ask` (and, with `history`, `/chat`) endpoint: the same JSON as
        `python -m assistant ask --json`, plus `understood` for a follow-up."""
        try:
            clean_question(question)  # a bad question is answered at once, even during the build
            if history is not None and (not isinstance(history, list) or not all(isinstance(h, str) for h in history)):
                raise QuestionError("history must be a list of earlier questions (strings)")
            self._wait_ready()
            ans = self.a.ask(question, history=history)
            if history is None:
                return ans.to_json()
            return {**ans.to_json(), "understood": ans.extra.get("understood") or ans.question}
        except QuestionError as exc:
            return {"error": str(exc)}

    # -- agreements ----------------------------------------------------------------------------
    def _selected(self, commune, country, continent, year, theme, status):
        filters = {
            "commune": commune or None,
            "country": country or None,
            "continent": continent or None,
            "year": int(year) if year not in (None, "") else None,
            "theme": theme or None,
            "status": status or None,
        }
        filters = {k: v for k, v in filters.items() if v is not None}
        return self.a.registry.filter(**filters), filters

    def agreements(self, commune, country, continent, year, theme, status, lang, unreviewed=False, ui=None):
        """Table, count line, four charts and the map for the current filters (`unreviewed`:
        only rows extracted from documents that nobody has reviewed yet). Names of places and
        themes in `lang` (the "Names in" choice); headers, values and charts in `ui`, the
        interface language (`lang` when not given)."""
        from assistant.ui import charts

        lang = lang or "fr"
        ui = ui or lang
        try:
            selected, filters = self._selected(commune, country, continent, year, theme, status)
            if unreviewed:
                selected = [a for a in selected if not a.reviewed]
                filters["unreviewed"] = True
        except (RegistryError, ValueError) as exc:
            empty = table_frame([], TABLE_COLUMNS, "table", ui)
            return (empty, f'<div class="notice" role="alert">{esc(exc)}</div>', *(gr.skip() for _ in range(5)))
        table = table_frame(agreement_records(self.a.registry, selected, lang, ui), TABLE_COLUMNS, "table", ui)
        scope = t("ui.filter_sep", ui).join(self._filter_words(filters, lang, ui)) or t("ui.no_filter", ui)
        count = (
            f'<div class="agreements-count" dir="{i18n.direction(ui)}">'
            f"{esc(t('ui.agreements_count', ui, n=len(selected)))} — <bdi>{esc(scope)}</bdi></div>"
        )
        figures = charts.all_figures(self.a.registry, selected, ui, data_dir=self.a.settings.data_dir)
        return (
            table,
            count,
            figures["by_country"],
            figures["by_continent"],
            figures["by_year"],
            figures["by_theme"],
            figures["twinning_map"],
        )

    def _filter_words(self, filters: dict, names: str, ui: str) -> list[str]:
        """The filters in words ("Commune : Dakhla", "Statut : Signé"), not as stored."""
        reg = self.a.registry
        out = []
        for key, value in filters.items():
            if key == "unreviewed":
                out.append(t("ui.unreviewed_only", ui))
                continue
            if key == "theme":
                shown = reg.theme_name(value, names)
            elif key == "status":
                shown = t(f"status.{value}", ui) if i18n.has(f"status.{value}") else value
            elif key in ("commune", "country", "continent"):
                shown = reg.name(reg.resolve(key, value) if key != "continent" else value, names)
            else:
                shown = str(value)
            out.append(t("ui.filter_is", ui, field=t(f"ui.{key}", ui), value=shown))
        return out

    def review(self, decision, row_id, request: gr.Request | None = None):
        """Accept or reject an extracted row (signed-in users only); the decision is data
        (corpus/data/reviews.yaml) and the registry follows at once."""
        from assistant import review
        from assistant.extraction import Extracted
        from assistant.resolution import row_id as id_of

        user = getattr(request, "username", None) if request is not None else None
        if not self.a.settings.login or not user:
            raise gr.Error("sign in to review extracted rows")
        known = {
            id_of(Extracted(**r)) for info in self.a._registry_docs().values() for r in info.get("agreements") or []
        }
        try:
            entry = review.decide(self.a.settings.data_dir, (row_id or "").strip(), decision, known, who=user)
        except review.ReviewError as exc:
            raise gr.Error(str(exc))
        self.a._registry = None  # rebuilt with the decision
        return f"{entry['decision']}: {entry['id']}"

    def export(self, fmt, commune, country, continent, year, theme, status, lang, unreviewed=False, ui=None):
        """The table as shown — same columns, headers and values in the interface language —
        plus each agreement's id, as CSV or XLSX; the XLSX also has a `data` sheet with the
        machine fields (ids and codes, as `python -m assistant agreements --format xlsx` writes)."""
        ui = ui or lang or "fr"
        try:
            selected, _ = self._selected(commune, country, continent, year, theme, status)
            if unreviewed:
                selected = [a for a in selected if not a.reviewed]
        except (RegistryError, ValueError) as exc:
            raise gr.Error(str(exc))
        records = agreement_records(self.a.registry, selected, lang or "fr", ui)
        columns = TABLE_COLUMNS + ["id"]
        header = [t(f"table.{c}", ui) for c in columns]
        values = [[r[c] for c in columns] for r in records]
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.export_dir / f"agreements-{stamp}.{fmt}"
        if fmt == "csv":
            with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel reads Arabic right
                writer = csv.writer(fh)
                writer.writerow(header)
                writer.writerows(values)
        else:
            rows = to_rows(self.a.registry, selected, lang or "fr")
            machine = [row_values(row) for row in rows]
            write_sheets(path, [(t("ui.tab_agreements", ui), header, values), ("data", ROW_FIELDS, machine)])
        return str(path)

    # -- briefing ------------------------------------------------------------------------------
    def briefing(self, place, lang):
        """Preview (Markdown) and the three exports for a commune or partner city."""
        from assistant import briefing

        lang = lang or "fr"
        if not place:
            raise gr.Error(t("ui.place", lang) + " ?")
        try:
            brief = briefing.build_briefing(self.a, place, lang)
        except (RegistryError, QuestionError, ValueError) as exc:
            raise gr.Error(str(exc))
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", str(place)).strip("-") or "place"
        stem = self.export_dir / f"briefing-{slug}-{lang}-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}"
        markdown = briefing.to_markdown(brief)
        md_path = stem.with_suffix(".md")
        md_path.write_text(markdown, encoding="utf-8")
        briefing.write_docx(brief, stem.with_suffix(".docx"))
        briefing.write_pdf(brief, stem.with_suffix(".pdf"))
        return (
            gr.update(value=markdown, rtl=lang == "ar"),
            [str(md_path), str(stem.with_suffix(".docx")), str(stem.with_suffix(".pdf"))],
        )

    # -- sources -----------------------------------------------------------------------------------
    def documents_table(self, lang: str | None = "en") -> pd.DataFrame:
        """The indexed documents, headers and values (kind, language) in `lang`."""
        lang = lang or "en"
        rows = []
        for d in self.a.documents():
            when = d.get("ingested_at")
            kind = d.get("kind")
            rows.append(
                {
                    "doc_id": d.get("doc_id"),
                    "title": d.get("title"),
                    "kind": t(f"doc_kind.{kind}", lang) if kind and i18n.has(f"doc_kind.{kind}") else kind,
                    "author": d.get("author"),
                    "outlet": d.get("outlet"),
                    "date": d.get("date"),
                    "language": language_name(d.get("language"), lang),
                    "n_chunks": d.get("n_chunks"),
                    "file": d.get("source_file") or d.get("file"),
                    "ingested": dt.datetime.fromtimestamp(when).strftime("%Y-%m-%d %H:%M")
                    if isinstance(when, (int, float))
                    else "",
                }
            )
        return table_frame(rows, DOC_COLUMNS, "docs", lang)

    @property
    def uploads_dir(self) -> Path:
        return Path(self.a.settings.index_dir) / "uploads"

    def upload(self, files, lang="en", progress=gr.Progress()):
        """Copy uploads next to the index (so re-indexing finds them), ingest, report per file.
        A file that fails is removed again (or its previous version restored)."""
        paths = [Path(f if isinstance(f, str) else getattr(f, "name", f)) for f in (files or [])]
        if not paths:
            return (
                f'<div class="notice">{esc(t("ui.choose_files", lang))}</div>',
                self.documents_table(lang),
                self.a.status(),
            )
        limit_mb = self.a.settings.max_file_mb
        problems: list[tuple[str, str]] = []
        staged: dict[Path, Path | None] = {}  # target -> backup of the previous version
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
        for p in paths:
            if p.suffix.lower() not in UPLOAD_TYPES:
                problems.append((p.name, t("ui.upload_unsupported", lang, types=", ".join(UPLOAD_TYPES))))
                continue
            if not p.is_file():
                problems.append((p.name, t("ui.upload_unreadable", lang)))
                continue
            if self.uploads_dir / p.name in staged:
                problems.append((p.name, t("ui.upload_same_name", lang)))
                continue
            size_mb = p.stat().st_size / 1e6
            if size_mb > limit_mb:
                problems.append((p.name, t("ui.upload_too_large", lang, size=f"{size_mb:.1f}", limit=f"{limit_mb:g}")))
                continue
            target = self.uploads_dir / p.name
            backup = None
            try:
                if target.exists():
                    backup = target.with_name(f".{target.name}.{time.time_ns()}.bak")
                    shutil.copy2(target, backup)
                shutil.copyfile(p, target)
            except OSError as exc:  # disk full, read-only index directory…
                if backup:
                    shutil.move(backup, target)
                problems.append((p.name, t("ui.upload_not_stored", lang, error=exc.strerror or exc)))
                continue
            staged[target] = backup
        report = None
        if staged:
            progress(0, desc=t("ui.indexing", lang))

            def on_progress(done, total):
                progress((done, total), desc=t("ui.indexing", lang), unit="chunks")

            try:
                report = self.a.ingest(list(staged), show_progress=False, on_progress=on_progress)
            except Exception as exc:
                report = None
                problems += [(f.name, f"{type(exc).__name__}: {exc}") for f in staged]
            failed_names = {Path(f).name for f, _ in (report.failed if report else [])} | (
                {f.name for f in staged} if report is None else set()
            )
            for target, backup in staged.items():
                if target.name in failed_names:
                    if backup:
                        shutil.move(backup, target)
                    else:
                        target.unlink(missing_ok=True)
                elif backup:
                    backup.unlink(missing_ok=True)
            if report:
                # the loader's messages usually start with the file name already
                problems += [(Path(f).name, m.removeprefix(f"{Path(f).name}: ")) for f, m in report.failed]
        parts = []
        if report:
            parts.append(
                f'<div class="ingest-summary" dir="{i18n.direction(lang)}">{esc(ingest_summary(report, lang))}</div>'
            )
        if problems:
            parts.append(
                f'<div class="notice ingest-failed" role="alert" dir="{i18n.direction(lang)}">'
                f"<b>{esc(t('ui.not_added', lang))}</b>:<ul>"
                + "".join(f"<li><bdi>{esc(name)}</bdi>: {esc(msg)}</li>" for name, msg in problems)
                + "</ul></div>"
            )
        return "".join(parts), self.documents_table(lang), self.a.status()


def ingest_summary(report, lang: str) -> str:
    """IngestReport.summary() in the interface language."""
    counts = [("added", report.added), ("updated", report.updated), ("unchanged", report.unchanged)]
    counts += [(k, v) for k, v in (("removed", report.removed), ("failed", report.failed)) if v]
    parts = t("ui.filter_sep", lang).join(t(f"ui.ingest_{k}", lang, n=len(v)) for k, v in counts)
    return t("ui.ingest_summary", lang, parts=parts, chunks=report.chunks_written, seconds=f"{report.seconds:.1f}")


def _choices(registry, field: str, lang: str) -> list[tuple[str, str]]:
    out = [(t("ui.all", lang), "")]
    if field == "theme":
        return out + [(registry.theme_name(v, lang), v) for v in registry.known("theme")]
    if field == "status":
        return out + [(t(f"status.{v}", lang), v) for v in STATUSES]
    for pid in registry.known(field) if field != "continent" else list(CONTINENTS):
        name, ar = registry.name(pid, lang if lang != "ar" else "fr"), registry.name(pid, "ar")
        out.append((f"{name} — {ar}" if ar and ar != name else name, pid))
    return out


def _places(registry, lang: str) -> list[tuple[str, str]]:
    """Briefing targets: the Moroccan communes, then the partner cities."""
    out = []
    for field in ("commune", "partner"):
        for pid in registry.known(field):
            name, ar = registry.name(pid, lang if lang != "ar" else "fr"), registry.name(pid, "ar")
            out.append((f"{name} — {ar}" if ar and ar != name else name, pid))
    return out


def _title(lang: str) -> str:
    return (
        f'<div class="app-title" dir="{i18n.direction(lang)}"><h1>{esc(t("ui.title", lang))}</h1>'
        f"<p>{esc(t('ui.subtitle', lang))}</p></div>"
    )


# Sets the page's language: mirrors the whole page for Arabic (Gradio rows and tabs are flex boxes,
# so `dir` on the root reverses them), remembers the choice for the next visit, and switches
# Gradio's own texts (upload box, buttons, table menus) through Gradio's i18n: its frontend takes
# the browser's language at load; `changeLocale` (exported by the core module the page already
# runs, found among the loaded scripts) sets it to the interface language instead. The catalogue
# entries under gradio.* (given to gr.I18n in launch_kwargs) fill the gaps of Gradio's own French
# and Arabic catalogues; they cannot replace its wordings (Gradio loads its own after them).
SET_LANGUAGE_JS = """
(lang) => {
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.documentElement.setAttribute('dir', dir);
  document.documentElement.setAttribute('lang', lang);
  const root = document.querySelector('.gradio-container');
  if (root) root.setAttribute('dir', dir);
  try { localStorage.setItem('assistant-ui-lang', lang); } catch (e) {}
  const core = performance.getEntriesByType('resource').map(e => e.name)
    .find(n => /\\/assets\\/core-[\\w-]+\\.js(\\?|$)/.test(n));
  if (core) {
    import(core).then(m => m.changeLocale && m.changeLocale(lang)).catch(() => {});
  }
  return lang;
}
"""


def build_app(assistant: Assistant, *, export_dir: Path | None = None, app: App | None = None) -> gr.Blocks:
    app = app or App(assistant, export_dir)
    registry = assistant.registry
    years = sorted({a.year for a in registry.agreements if a.year is not None})
    lang0 = assistant.settings.ui_language
    limit = assistant.settings.max_file_mb
    labelled: list[tuple] = []  # (component, how to relabel it) for the interface-language switch

    def lab(component, key, kind="label", **fields):
        labelled.append((component, f"ui.{key}", kind, fields))
        return component

    with gr.Blocks(title="مساعد اتفاقيات التوأمة — Twinning assistant") as demo:
        with gr.Row(elem_id="top-bar"):
            title = gr.HTML(_title(lang0), elem_id="title")
            ui_lang = gr.Radio(
                i18n.LANGUAGES, value=lang0, label=t("ui.interface", lang0), elem_id="ui-lang", scale=0, min_width=260
            )
        lab(ui_lang, "interface")
        banner = gr.HTML(app.build_banner(lang0), elem_id="build-status")
        timer = gr.Timer(1.0, active=not app.ready.is_set())

        with gr.Tabs():
            with lab(gr.Tab(t("ui.tab_chat", lang0), id="chat-tab", elem_id="chat-tab"), "tab_chat"):
                turns = gr.State([])
                asked = gr.State([])
                chat_html = gr.HTML(render.conversation([]), elem_id="chat", js_on_load=render.CHAT_JS)
                with gr.Row():
                    question = lab(
                        gr.Textbox(
                            placeholder=t("ui.placeholder", lang0),
                            label=t("ui.placeholder", lang0),  # hidden, but read out (else Gradio's "Textbox")
                            show_label=False,
                            lines=2,
                            max_lines=6,
                            scale=8,
                            elem_id="question",
                            autofocus=True,
                        ),
                        "placeholder",
                        "placeholder+label",
                    )
                    send = lab(
                        gr.Button(t("ui.send", lang0), variant="primary", scale=1, elem_id="send"), "send", "value"
                    )
                examples = gr.Examples(
                    examples=[[q] for q in EXAMPLES], inputs=[question], label=t("ui.examples", lang0)
                )
                lab(examples.dataset, "examples")
                clear = lab(gr.Button(t("ui.clear", lang0), size="sm", elem_id="clear"), "clear", "value")
                chat_event = dict(
                    fn=app.chat,
                    inputs=[question, turns, asked],
                    outputs=[chat_html, turns, question, asked],
                    api_name="chat_turn",
                    concurrency_id=CONCURRENCY,
                    concurrency_limit=1,
                    api_visibility="private",
                    show_progress="hidden",
                )
                send.click(**chat_event)
                question.submit(**chat_event)
                clear.click(
                    lambda: (render.conversation([]), [], []),
                    outputs=[chat_html, turns, asked],
                    api_visibility="private",
                )

            with lab(
                gr.Tab(t("ui.tab_agreements", lang0), id="agreements-tab", elem_id="agreements-tab"), "tab_agreements"
            ) as agreements_tab:
                with gr.Row():
                    commune = lab(
                        gr.Dropdown(
                            _choices(registry, "commune", lang0),
                            value="",
                            label=t("ui.commune", lang0),
                            allow_custom_value=True,
                            elem_id="f-commune",
                        ),
                        "commune",
                    )
                    country = lab(
                        gr.Dropdown(
                            _choices(registry, "country", lang0),
                            value="",
                            label=t("ui.country", lang0),
                            allow_custom_value=True,
                            elem_id="f-country",
                        ),
                        "country",
                    )
                    continent = lab(
                        gr.Dropdown(
                            _choices(registry, "continent", lang0),
                            value="",
                            label=t("ui.continent", lang0),
                            elem_id="f-continent",
                        ),
                        "continent",
                    )
                    year = lab(
                        gr.Dropdown(
                            [(t("ui.all", lang0), "")] + [(str(y), str(y)) for y in years],
                            value="",
                            label=t("ui.year", lang0),
                            elem_id="f-year",
                        ),
                        "year",
                    )
                    theme = lab(
                        gr.Dropdown(
                            _choices(registry, "theme", lang0), value="", label=t("ui.theme", lang0), elem_id="f-theme"
                        ),
                        "theme",
                    )
                    status = lab(
                        gr.Dropdown(
                            _choices(registry, "status", lang0),
                            value="",
                            label=t("ui.status", lang0),
                            elem_id="f-status",
                        ),
                        "status",
                    )
                    names = lab(
                        gr.Radio(i18n.LANGUAGES, value=lang0, label=t("ui.names_in", lang0), elem_id="f-lang"),
                        "names_in",
                    )
                    unreviewed = lab(
                        gr.Checkbox(False, label=t("ui.unreviewed_only", lang0), elem_id="f-unreviewed"),
                        "unreviewed_only",
                    )
                count = gr.HTML(elem_id="agreements-count")
                table = gr.Dataframe(interactive=False, wrap=True, elem_id="agreements-table")
                with gr.Row():
                    csv_btn = lab(gr.Button(t("ui.download_csv", lang0), elem_id="export-csv"), "download_csv", "value")
                    xlsx_btn = lab(
                        gr.Button(t("ui.download_xlsx", lang0), elem_id="export-xlsx"), "download_xlsx", "value"
                    )
                export_file = lab(
                    gr.File(label=t("ui.export", lang0), interactive=False, elem_id="export-file"), "export"
                )
                with lab(gr.Accordion(t("ui.charts", lang0), open=True, elem_id="charts"), "charts"):
                    with gr.Row():
                        chart_country = gr.Plot(elem_id="chart-country", show_label=False)
                        chart_continent = gr.Plot(elem_id="chart-continent", show_label=False)
                    with gr.Row():
                        chart_year = gr.Plot(elem_id="chart-year", show_label=False)
                        chart_theme = gr.Plot(elem_id="chart-theme", show_label=False)
                with lab(gr.Accordion(t("ui.map", lang0), open=True, elem_id="map-box"), "map"):
                    twin_map = gr.Plot(elem_id="twinning-map", show_label=False)
                if assistant.settings.login:  # signed-in users review the rows extracted from documents
                    with gr.Row():
                        review_id = lab(
                            gr.Textbox(label=t("ui.review_id", lang0), elem_id="review-id", scale=4), "review_id"
                        )
                        accept_btn = lab(
                            gr.Button(t("ui.accept", lang0), elem_id="review-accept", scale=1), "accept", "value"
                        )
                        reject_btn = lab(
                            gr.Button(t("ui.reject", lang0), elem_id="review-reject", scale=1), "reject", "value"
                        )
                    review_note = gr.Markdown(elem_id="review-note")

                    def accept(row: str, request: gr.Request):
                        return app.review("accept", row, request)

                    def reject(row: str, request: gr.Request):
                        return app.review("reject", row, request)

                    accept_btn.click(accept, inputs=[review_id], outputs=review_note, api_visibility="private")
                    reject_btn.click(reject, inputs=[review_id], outputs=review_note, api_visibility="private")
                filters = [commune, country, continent, year, theme, status, names, unreviewed]
                # table and figures are made when the tab is first opened, not at page load: page-load
                # work delayed the first chat answer by ~0.7 s (measured in the browser)
                opened = gr.State(False)

                def refresh_if_open(is_open, *f):
                    *f, ui = f  # the interface language comes last: headers, values and charts follow it
                    return app.agreements(*f, ui=ui) if is_open else tuple(gr.skip() for _ in range(7))

                views = [table, count, chart_country, chart_continent, chart_year, chart_theme, twin_map]
                for comp in [*filters, ui_lang]:
                    comp.change(
                        refresh_if_open, inputs=[opened, *filters, ui_lang], outputs=views, api_visibility="private"
                    )
                for btn, fmt in ((csv_btn, "csv"), (xlsx_btn, "xlsx")):
                    btn.click(
                        lambda *f, fmt=fmt: app.export(fmt, *f[:-1], ui=f[-1]),
                        inputs=[*filters, ui_lang],
                        outputs=export_file,
                        api_visibility="private",
                    )
                agreements_tab.select(
                    lambda *f: (True, *app.agreements(*f[:-1], ui=f[-1])),
                    inputs=[*filters, ui_lang],
                    outputs=[opened, *views],
                    api_visibility="private",
                )

            with lab(gr.Tab(t("ui.tab_briefing", lang0), id="briefing-tab", elem_id="briefing-tab"), "tab_briefing"):
                briefing_help = gr.Markdown(t("ui.briefing_help", lang0), elem_id="briefing-help", rtl=lang0 == "ar")
                with gr.Row():
                    place = lab(
                        gr.Dropdown(
                            _places(registry, lang0),
                            value=None,
                            label=t("ui.place", lang0),
                            allow_custom_value=True,
                            elem_id="b-place",
                            scale=3,
                        ),
                        "place",
                    )
                    b_lang = lab(
                        gr.Radio(
                            i18n.LANGUAGES, value=lang0, label=t("ui.briefing_lang", lang0), elem_id="b-lang", scale=2
                        ),
                        "briefing_lang",
                    )
                    b_btn = lab(
                        gr.Button(t("ui.make_briefing", lang0), variant="primary", elem_id="b-make", scale=1),
                        "make_briefing",
                        "value",
                    )
                b_files = lab(
                    gr.File(
                        label=t("ui.briefing_files", lang0), file_count="multiple", interactive=False, elem_id="b-files"
                    ),
                    "briefing_files",
                )
                b_preview = gr.Markdown(elem_id="b-preview")
                b_btn.click(
                    app.briefing,
                    inputs=[place, b_lang],
                    outputs=[b_preview, b_files],
                    concurrency_id=CONCURRENCY,
                    concurrency_limit=1,
                    api_visibility="private",
                )

            with lab(gr.Tab(t("ui.tab_sources", lang0), id="sources-tab", elem_id="sources-tab"), "tab_sources"):
                docs = lab(
                    gr.Dataframe(
                        interactive=False, wrap=True, elem_id="documents-table", label=t("ui.documents", lang0)
                    ),
                    "documents",
                )
                uploads = lab(
                    gr.File(
                        file_count="multiple",
                        file_types=UPLOAD_TYPES,
                        type="filepath",
                        label=t("ui.upload", lang0, types=", ".join(UPLOAD_TYPES), mb=f"{limit:g}"),
                        elem_id="upload",
                    ),
                    "upload",
                    "label",
                    types=", ".join(UPLOAD_TYPES),
                    mb=f"{limit:g}",
                )
                ingest_btn = lab(
                    gr.Button(t("ui.ingest", lang0), variant="primary", elem_id="ingest"), "ingest", "value"
                )
                ingest_msg = gr.HTML(elem_id="ingest-message")

            with lab(gr.Tab(t("ui.tab_settings", lang0), id="settings-tab", elem_id="settings-tab"), "tab_settings"):
                settings_help = gr.Markdown(t("ui.settings_help", lang0), rtl=lang0 == "ar")
                with gr.Row():
                    settings_json = lab(gr.JSON(label=t("ui.settings", lang0), elem_id="settings-json"), "settings")
                    status_json = lab(gr.JSON(label=t("ui.index_status", lang0), elem_id="status-json"), "index_status")
                refresh = lab(gr.Button(t("ui.refresh", lang0), size="sm"), "refresh", "value")

        ingest_btn.click(
            app.upload,
            inputs=[uploads, ui_lang],
            outputs=[ingest_msg, docs, status_json],
            concurrency_id=CONCURRENCY,
            concurrency_limit=1,
            api_visibility="private",
        )

        def panel(lang):
            return app.documents_table(lang), assistant.settings.describe(), assistant.status()

        demo.load(panel, inputs=ui_lang, outputs=[docs, settings_json, status_json], api_visibility="private")
        refresh.click(panel, inputs=ui_lang, outputs=[docs, settings_json, status_json], api_visibility="private")

        # -- first build: a banner with progress, polled until the index is ready ------------------
        def poll(lang):
            if app.ready.is_set():
                return app.build_banner(lang), gr.Timer(active=False), *panel(lang)
            return app.build_banner(lang), gr.skip(), gr.skip(), gr.skip(), gr.skip()

        timer.tick(
            poll,
            inputs=ui_lang,
            outputs=[banner, timer, docs, settings_json, status_json],
            api_visibility="private",
            show_progress="hidden",
        )

        # -- interface language: labels, text, and the page direction ------------------------------
        def relabel(lang):
            updates = []
            for comp, key, kind, fields in labelled:
                text = t(key, lang, **fields)
                if isinstance(comp, gr.Tab):
                    updates.append(gr.Tab(label=text))
                elif kind == "value":
                    updates.append(gr.update(value=text))
                else:
                    updates.append(gr.update(**{prop: text for prop in kind.split("+")}))
            rtl = lang == "ar"
            return [
                *updates,
                _title(lang),
                app.build_banner(lang),
                gr.update(value=t("ui.briefing_help", lang), rtl=rtl),
                gr.update(value=t("ui.settings_help", lang), rtl=rtl),
                gr.update(value=lang),
                gr.update(value=lang),
                gr.update(choices=_choices(registry, "commune", lang)),
                gr.update(choices=_choices(registry, "country", lang)),
                gr.update(choices=_choices(registry, "continent", lang)),
                gr.update(choices=[(t("ui.all", lang), "")] + [(str(y), str(y)) for y in years]),
                gr.update(choices=_choices(registry, "theme", lang)),
                gr.update(choices=_choices(registry, "status", lang)),
                gr.update(choices=_places(registry, lang)),
                app.documents_table(lang),
            ]

        relabel_outputs = [c for c, *_ in labelled] + [
            title,
            banner,
            briefing_help,
            settings_help,
            names,
            b_lang,
            commune,
            country,
            continent,
            year,
            theme,
            status,
            place,
            docs,
        ]
        ui_lang.change(
            relabel,
            inputs=ui_lang,
            outputs=relabel_outputs,
            js=SET_LANGUAGE_JS,
            api_visibility="private",
            show_progress="hidden",
        )

        def initial_language(request: gr.Request):
            """?lang=ar|fr|en in the URL wins; else the configured default."""
            wanted = (request.query_params.get("lang") if request else None) or lang0
            return wanted if wanted in ("ar", "fr", "en") else lang0

        demo.load(initial_language, outputs=ui_lang, api_visibility="private").then(
            None, inputs=ui_lang, js=SET_LANGUAGE_JS
        )

        def ask(question: str) -> dict:
            """A cited answer as JSON (same as `python -m assistant ask --json`); {"error": ...} for a bad question."""
            return app.ask_json(question)

        gr.api(ask, api_name="ask", concurrency_id=CONCURRENCY, concurrency_limit=1)

        def chat(question: str, history: list[str]) -> dict:
            """A follow-up in a conversation: `history` = the earlier questions, oldest first. The
            same JSON as /ask, plus `understood` (the question as read); {"error": ...} for bad input."""
            return app.ask_json(question, history=list(history or []))

        gr.api(chat, api_name="chat", concurrency_id=CONCURRENCY, concurrency_limit=1)

    demo.assistant_app = app  # for tests and callers
    return demo


def theme() -> gr.themes.Base:
    """Gradio's default theme with whole fonts. Gradio ships Source Sans Pro and IBM Plex Mono
    SemiBold (600) files that hold only a few dozen glyphs (space, A, B and some Cyrillic),
    and its default theme declares weights 400 and 600: every semi-bold or bold text (headings,
    buttons) took "A" and "B" from that file and every other letter from a fallback font, so
    "Assistant des jumelages" and "Ajouter à l'index" began with a letter in another font.
    Declaring 400 and 700 instead uses the complete Bold files (1,615 and 750 glyphs), which the
    browser also picks for 600."""
    from gradio.themes.utils import fonts

    return gr.themes.Default(
        font=(fonts.LocalFont("Source Sans Pro", weights=(400, 700)), "ui-sans-serif", "system-ui", "sans-serif"),
        font_mono=(fonts.LocalFont("IBM Plex Mono", weights=(400, 700)), "ui-monospace", "Consolas", "monospace"),
    )


def launch_kwargs(assistant: Assistant) -> dict:
    """Arguments for `demo.launch`: CSS, the theme (whole fonts), Gradio's own texts in Arabic and
    French (gr.I18n, from the catalogue), the upload size limit, the export dir as allowed path,
    and the login when ASSISTANT_UI_USERNAME / ASSISTANT_UI_PASSWORD are set (it then guards the
    page, the API and file downloads alike). Host and port come from GRADIO_SERVER_NAME /
    GRADIO_SERVER_PORT (Gradio reads them)."""
    kwargs = {
        "css": render.CSS,
        "theme": theme(),
        "i18n": gr.I18n(**i18n.gradio_translations()),
        "max_file_size": int(assistant.settings.max_file_mb * 1024 * 1024),
        "footer_links": ["api"],
        "run_history": False,
    }
    if assistant.settings.login:
        kwargs.update(
            auth=assistant.settings.login,
            auth_message="مساعد اتفاقيات التوأمة — Twinning assistant: sign in / connectez-vous",
        )
    return kwargs
