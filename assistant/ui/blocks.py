"""The Gradio app: Chat, Agreements, Sources and Settings tabs, and the `/ask` API.

Everything here calls the `Assistant` API (assistant.api); nothing retrieves or
answers on its own. The HTML is built by assistant.ui.render.
"""

from __future__ import annotations

import datetime as dt
import queue
import shutil
import tempfile
import threading
import time
from pathlib import Path

import gradio as gr
import pandas as pd

from assistant.api import Assistant, QuestionError, clean_question
from assistant.registry import CONTINENTS, RegistryError, to_rows, write_csv, write_xlsx
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
    "What did Amgala sign on 31 October 2025?",
]

TABLE_COLUMNS = ["commune_name", "partner_name", "partner_as_written", "country_name", "continent", "date",
                 "status", "themes", "source", "discrepancies"]


def _flat(value) -> str:
    if isinstance(value, list):
        return "; ".join(str(v.get("number", "")) + ". " + str(v.get("text", "")) if isinstance(v, dict) else str(v)
                         for v in value)
    return "" if value is None else str(value)


class App:
    """Handlers bound to one Assistant (kept as methods so tests can call them directly)."""

    def __init__(self, assistant: Assistant, export_dir: Path | None = None):
        self.a = assistant
        self.export_dir = Path(export_dir or tempfile.mkdtemp(prefix="assistant-exports-"))
        self.export_dir.mkdir(parents=True, exist_ok=True)

    # -- chat -------------------------------------------------------------------------------
    def chat(self, question: str, turns: list[str] | None):
        """Generator: yields (conversation HTML, turns, question box) as the answer grows."""
        turns = list(turns or [])
        turn = len(turns) + 1
        try:
            cleaned = clean_question(question)
        except QuestionError as exc:
            user = render.user_message(question) if (question or "").strip() else ""
            turns.append(user + render.error_message(turn, str(exc)))
            yield render.conversation(turns), turns, question
            return
        lang = self.a.question_language(cleaned)
        user = render.user_message(cleaned)
        yield render.conversation(turns + [user + render.pending_message(turn, lang)]), turns, ""

        events: queue.Queue = queue.Queue()
        result: dict = {}

        def work():
            try:
                result["answer"] = self.a.ask(cleaned, on_token=lambda t: events.put(("token", t)))
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
                yield render.conversation(turns + [user + render.pending_message(turn, lang, partial)]), turns, ""
        if "error" in result:
            exc = result["error"]
            message = str(exc) if isinstance(exc, (QuestionError, RegistryError, ValueError, OSError)) \
                else f"{type(exc).__name__}: {exc}"
            turns.append(user + render.error_message(turn, message, lang))
        else:
            turns.append(user + render.answer_message(turn, result["answer"].to_json()))
        yield render.conversation(turns), turns, ""

    def ask_json(self, question: str) -> dict:
        """The `/ask` endpoint: the same JSON as `python -m assistant ask --json`."""
        try:
            return self.a.ask(question).to_json()
        except QuestionError as exc:
            return {"error": str(exc)}

    # -- agreements ----------------------------------------------------------------------------
    def _rows(self, commune, country, continent, year, lang):
        filters = {"commune": commune or None, "country": country or None, "continent": continent or None,
                   "year": int(year) if year not in (None, "") else None}
        filters = {k: v for k, v in filters.items() if v is not None}
        agreements = self.a.registry.filter(**filters)
        return to_rows(self.a.registry, agreements, lang or "fr"), filters

    def agreements(self, commune, country, continent, year, lang):
        try:
            rows, filters = self._rows(commune, country, continent, year, lang)
        except (RegistryError, ValueError) as exc:
            return pd.DataFrame(columns=TABLE_COLUMNS), f'<div class="notice" role="alert">{esc(exc)}</div>'
        table = pd.DataFrame([{k: _flat(r.get(k)) for k in TABLE_COLUMNS} for r in rows], columns=TABLE_COLUMNS)
        scope = ", ".join(f"{k} = {v}" for k, v in filters.items()) or "no filter"
        return table, f'<div class="agreements-count">{len(rows)} agreement(s) — {esc(scope)}</div>'

    def export(self, fmt, commune, country, continent, year, lang):
        try:
            rows, _ = self._rows(commune, country, continent, year, lang)
        except (RegistryError, ValueError) as exc:
            raise gr.Error(str(exc))
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.export_dir / f"agreements-{stamp}.{fmt}"
        if fmt == "csv":
            with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel reads Arabic right
                write_csv(rows, fh)
        else:
            write_xlsx(rows, path)
        return str(path)

    # -- sources -----------------------------------------------------------------------------------
    def documents_table(self) -> pd.DataFrame:
        cols = ["doc_id", "kind", "date", "language", "n_chunks", "title", "author", "outlet", "file", "ingested"]
        rows = []
        for d in self.a.documents():
            when = d.get("ingested_at")
            rows.append({"doc_id": d.get("doc_id"), "title": d.get("title"), "kind": d.get("kind"),
                         "author": d.get("author"), "outlet": d.get("outlet"), "date": d.get("date"),
                         "language": d.get("language"), "n_chunks": d.get("n_chunks"),
                         "file": d.get("source_file") or d.get("file"),
                         "ingested": dt.datetime.fromtimestamp(when).strftime("%Y-%m-%d %H:%M")
                         if isinstance(when, (int, float)) else ""})
        return pd.DataFrame(rows, columns=cols).fillna("")

    @property
    def uploads_dir(self) -> Path:
        return Path(self.a.settings.index_dir) / "uploads"

    def upload(self, files, progress=gr.Progress()):
        """Copy uploads next to the index (so re-indexing finds them), ingest, report per file.
        A file that fails is removed again (or its previous version restored)."""
        paths = [Path(f if isinstance(f, str) else getattr(f, "name", f)) for f in (files or [])]
        if not paths:
            return '<div class="notice">Choose one or more files first.</div>', self.documents_table(), \
                self.a.status()
        limit_mb = self.a.settings.max_file_mb
        problems: list[tuple[str, str]] = []
        staged: dict[Path, Path | None] = {}  # target -> backup of the previous version
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
        for p in paths:
            if p.suffix.lower() not in UPLOAD_TYPES:
                problems.append((p.name, f"unsupported type; allowed: {', '.join(UPLOAD_TYPES)}"))
                continue
            size_mb = p.stat().st_size / 1e6
            if size_mb > limit_mb:
                problems.append((p.name, f"too large ({size_mb:.1f} MB; the limit is {limit_mb:g} MB)"))
                continue
            target = self.uploads_dir / p.name
            backup = None
            if target.exists():
                backup = target.with_name(f".{target.name}.{time.time_ns()}.bak")
                shutil.copy2(target, backup)
            shutil.copyfile(p, target)
            staged[target] = backup
        report = None
        if staged:
            progress(0, desc="Indexing")

            def on_progress(done, total):
                progress((done, total), desc="Indexing", unit="files")

            try:
                report = self.a.ingest(list(staged), show_progress=False, on_progress=on_progress)
            except Exception as exc:
                report = None
                problems += [(t.name, f"{type(exc).__name__}: {exc}") for t in staged]
            failed_names = {Path(f).name for f, _ in (report.failed if report else [])} | \
                ({t.name for t in staged} if report is None else set())
            for target, backup in staged.items():
                if target.name in failed_names:
                    if backup:
                        shutil.move(backup, target)
                    else:
                        target.unlink(missing_ok=True)
                elif backup:
                    backup.unlink(missing_ok=True)
            if report:
                problems += [(Path(f).name, m) for f, m in report.failed]
        parts = []
        if report:
            parts.append(f'<div class="ingest-summary">{esc(report.summary())}</div>')
        if problems:
            parts.append('<div class="notice ingest-failed" role="alert"><b>Not added</b> (the index is unchanged '
                         'for these files):<ul>' + "".join(
                             f'<li><bdi>{esc(name)}</bdi>: {esc(msg)}</li>' for name, msg in problems) + "</ul></div>")
        return "".join(parts), self.documents_table(), self.a.status()


def _choices(registry, field: str) -> list[tuple[str, str]]:
    out = [("— all —", "")]
    for pid in registry.known(field) if field != "continent" else list(CONTINENTS):
        fr, ar = registry.name(pid, "fr"), registry.name(pid, "ar")
        out.append((f"{fr} — {ar}" if ar and ar != fr else fr, pid))
    return out


def build_app(assistant: Assistant, *, export_dir: Path | None = None) -> gr.Blocks:
    app = App(assistant, export_dir)
    registry = assistant.registry
    years = sorted({a.year for a in registry.agreements})

    with gr.Blocks(title="Twinning assistant — مساعد اتفاقيات التوأمة") as demo:
        gr.HTML('<div class="app-title"><h1>Twinning assistant · <span dir="rtl">مساعد اتفاقيات التوأمة</span></h1>'
                '<p>Cited answers from the documents on the twinning agreements of the southern-province communes. '
                'Ask in Arabic, French or English. <span dir="rtl">اسأل بالعربية أو الفرنسية أو الإنجليزية.</span>'
                '</p></div>', elem_id="title")
        with gr.Tabs():
            with gr.Tab("Chat · المحادثة", id="chat-tab"):
                turns = gr.State([])
                chat_html = gr.HTML(render.conversation([]), elem_id="chat", js_on_load=render.CHAT_JS)
                with gr.Row():
                    question = gr.Textbox(placeholder="اكتب سؤالك… / Posez votre question… / Ask a question…",
                                          show_label=False, lines=2, max_lines=6, scale=8, elem_id="question",
                                          autofocus=True)
                    send = gr.Button("Send · إرسال", variant="primary", scale=1, elem_id="send")
                gr.Examples(examples=[[q] for q in EXAMPLES], inputs=[question], label="Examples · أمثلة")
                clear = gr.Button("Clear conversation", size="sm", elem_id="clear")
                chat_event = dict(fn=app.chat, inputs=[question, turns], outputs=[chat_html, turns, question],
                                  concurrency_id=CONCURRENCY, concurrency_limit=1, api_visibility="private",
                                  show_progress="hidden")
                send.click(**chat_event)
                question.submit(**chat_event)
                clear.click(lambda: (render.conversation([]), []), outputs=[chat_html, turns],
                            api_visibility="private")

            with gr.Tab("Agreements · الاتفاقيات", id="agreements-tab"):
                with gr.Row():
                    commune = gr.Dropdown(_choices(registry, "commune"), value="", label="Commune",
                                          allow_custom_value=True, elem_id="f-commune")
                    country = gr.Dropdown(_choices(registry, "country"), value="", label="Country / pays",
                                          allow_custom_value=True, elem_id="f-country")
                    continent = gr.Dropdown(_choices(registry, "continent"), value="", label="Continent",
                                            elem_id="f-continent")
                    year = gr.Dropdown([("— all —", "")] + [(str(y), str(y)) for y in years], value="",
                                       label="Year / année", elem_id="f-year")
                    lang = gr.Radio([("العربية", "ar"), ("Français", "fr"), ("English", "en")], value="fr",
                                    label="Names in", elem_id="f-lang")
                count = gr.HTML(elem_id="agreements-count")
                table = gr.Dataframe(interactive=False, wrap=True, elem_id="agreements-table")
                with gr.Row():
                    csv_btn = gr.Button("Download CSV", elem_id="export-csv")
                    xlsx_btn = gr.Button("Download XLSX", elem_id="export-xlsx")
                export_file = gr.File(label="Export", interactive=False, elem_id="export-file")
                filters = [commune, country, continent, year, lang]
                for comp in filters:
                    comp.change(app.agreements, inputs=filters, outputs=[table, count], api_visibility="private")
                csv_btn.click(lambda *f: app.export("csv", *f), inputs=filters, outputs=export_file,
                              api_visibility="private")
                xlsx_btn.click(lambda *f: app.export("xlsx", *f), inputs=filters, outputs=export_file,
                               api_visibility="private")
                demo.load(app.agreements, inputs=filters, outputs=[table, count], api_visibility="private")

            with gr.Tab("Sources · المصادر", id="sources-tab"):
                docs = gr.Dataframe(interactive=False, wrap=True, elem_id="documents-table")
                limit = assistant.settings.max_file_mb
                uploads = gr.File(file_count="multiple", file_types=UPLOAD_TYPES, type="filepath",
                                  label=f"Add documents ({', '.join(UPLOAD_TYPES)}; at most {limit:g} MB each)",
                                  elem_id="upload")
                ingest_btn = gr.Button("Add to the index", variant="primary", elem_id="ingest")
                ingest_msg = gr.HTML(elem_id="ingest-message")

            with gr.Tab("Settings · الإعدادات", id="settings-tab"):
                gr.Markdown("Read-only. Change settings with `ASSISTANT_*` environment variables or `.env`.")
                with gr.Row():
                    settings_json = gr.JSON(label="Settings", elem_id="settings-json")
                    status_json = gr.JSON(label="Index status", elem_id="status-json")
                refresh = gr.Button("Refresh", size="sm")

        ingest_btn.click(app.upload, inputs=[uploads], outputs=[ingest_msg, docs, status_json],
                         concurrency_id=CONCURRENCY, concurrency_limit=1, api_visibility="private")

        def panel():
            return app.documents_table(), assistant.settings.describe(), assistant.status()

        demo.load(panel, outputs=[docs, settings_json, status_json], api_visibility="private")
        refresh.click(panel, outputs=[docs, settings_json, status_json], api_visibility="private")

        def ask(question: str) -> dict:
            """A cited answer as JSON (same as `python -m assistant ask --json`); {"error": ...} for a bad question."""
            return app.ask_json(question)

        gr.api(ask, api_name="ask", concurrency_id=CONCURRENCY, concurrency_limit=1)

    demo.assistant_app = app  # for tests and callers
    return demo


def launch_kwargs(assistant: Assistant) -> dict:
    """Arguments for `demo.launch`: CSS, the upload size limit, the export dir as allowed path.
    Host and port come from GRADIO_SERVER_NAME / GRADIO_SERVER_PORT (Gradio reads them)."""
    return {"css": render.CSS, "max_file_size": int(assistant.settings.max_file_mb * 1024 * 1024),
            "footer_links": ["api"], "run_history": False}
