"""HTML for the chat: messages, answers with [n] links, source cards, notices.

Pure functions over `Answer.to_json()` dictionaries, so they can be tested
without a browser. Every piece of text that comes from a document, a question
or the assistant goes through `html.escape`; URLs are only linked when they are
http(s). Direction: each message and card gets `dir="rtl"` when its text is
Arabic (assistant.arabic.is_arabic), else `dir="ltr"`.
"""

from __future__ import annotations

import html
import re

from assistant.arabic import is_arabic, tokenize
from assistant.i18n import has, t

CITE = re.compile(r"\[(\d+)\]")


def esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def direction(text: str | None) -> str:
    return "rtl" if text and is_arabic(text) else "ltr"


def message_direction(lang: str | None, text: str | None) -> str:
    """An answer's direction is its framing language's: an English answer quoting mostly Arabic
    passages stays left-to-right (its lines keep their own direction); the text decides only
    when the language is unknown."""
    if lang:
        return "rtl" if lang == "ar" else "ltr"
    return direction(text)


def safe_url(url: str | None) -> str | None:
    """Only http(s) links: a `javascript:` URL in metadata must not become a link."""
    if url and re.match(r"^https?://[^\s\"'<>]+$", str(url).strip(), flags=re.IGNORECASE):
        return str(url).strip()
    return None


def card_id(turn: int, n: int) -> str:
    return f"src-{turn}-{n}"


_AR = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
# a run of Arabic (with the spaces, digits and punctuation between its words)
_AR_RUN = re.compile(rf"[{_AR}](?:[{_AR}\s\d٠-٩،؛؟.,:()\-–—/]*[{_AR}])?")
# a run of Latin script inside an Arabic line
_LATIN_RUN = re.compile(r"[A-Za-zÀ-ÿ](?:[A-Za-zÀ-ÿ\s\d.,:;'’()\-–/&]*[A-Za-zÀ-ÿ\d)])?")


def line_direction(text: str) -> str:
    """Direction of a line = that of its first letter (what dir="auto" does), so a French
    sentence quoting Arabic stays left-to-right and an Arabic one quoting English stays RTL."""
    for ch in text or "":
        if ch.isalpha():
            return "rtl" if re.match(rf"[{_AR}]", ch) else "ltr"
    return "ltr"


def isolate(escaped: str, line_dir: str) -> str:
    """Wrap runs of the other script in <bdi> so the bidi algorithm cannot reorder the
    punctuation and citation marks around them."""
    if line_dir == "ltr":
        return _AR_RUN.sub(lambda m: f'<bdi dir="rtl">{m.group(0)}</bdi>', escaped)
    return _LATIN_RUN.sub(
        lambda m: f'<bdi dir="ltr">{m.group(0)}</bdi>' if len(m.group(0)) > 2 else m.group(0), escaped
    )


def _inline(text: str, turn: int, known: set[int] | None, line_dir: str | None = None) -> str:
    """One escaped line with each [n] turned into a link to its source card and runs of
    the other script isolated."""

    def link(m: re.Match) -> str:
        n = int(m.group(1))
        if known is not None and n not in known:
            return m.group(0)
        target = card_id(turn, n)
        return f'<a class="cite" href="#{target}" data-card="{target}" title="source {n}">[{n}]</a>'

    escaped = esc(text)
    if line_dir is not None:
        escaped = isolate(escaped, line_dir)
    return CITE.sub(link, escaped)


def answer_body(text: str, turn: int, known: set[int] | None = None) -> str:
    """Answer text → paragraphs and bullet lists ("- ..." lines), [n] as links. Each line
    also gets its own direction: French framing around an Arabic quotation stays LTR."""
    out: list[str] = []
    items: list[str] = []

    def flush():
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items.clear()

    for line in (text or "").splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if stripped.startswith(("- ", "• ", "* ")):
            d = line_direction(stripped[2:])
            items.append(f'<li dir="{d}">{_inline(stripped[2:], turn, known, d)}</li>')
        else:
            flush()
            d = line_direction(stripped)
            out.append(f'<p dir="{d}">{_inline(stripped, turn, known, d)}</p>')
    flush()
    return "".join(out)


def user_message(question: str) -> str:
    d = direction(question)
    return f'<div class="msg msg-user" dir="{d}"><div class="msg-text">{esc(question)}</div></div>'


def pending_message(turn: int, lang: str | None, partial: str = "") -> str:
    """The assistant's message while the answer is being produced."""
    if partial:
        d = message_direction(lang, partial)
        body = answer_body(partial, turn)
    else:
        d = "rtl" if lang == "ar" else "ltr"
        body = f'<p class="searching">{esc(t("chat.searching", lang))}</p>'
    return (
        f'<div class="msg msg-assistant msg-pending" id="turn-{turn}" dir="{d}" data-turn="{turn}">'
        f'<div class="msg-text answer-text">{body}</div></div>'
    )


_WORD = re.compile(r"\w+")


def highlight(text: str, terms: set[str]) -> str:
    """Escaped text with the words that match the question (same normalization and
    stemming as the keyword search, so الداخلة matches داخلة) wrapped in <mark>."""
    if not terms:
        return esc(text)
    out, last = [], 0
    for m in _WORD.finditer(text):
        if terms.intersection(tokenize(m.group())):
            out += [esc(text[last : m.start()]), f"<mark>{esc(m.group())}</mark>"]
            last = m.end()
    out.append(esc(text[last:]))
    return "".join(out)


def source_card(turn: int, c: dict, lang: str | None, terms: set[str] | None = None) -> str:
    quote = c.get("quote") or ""
    title = c.get("title") or c.get("doc") or ""
    d = direction(quote or title)
    url = safe_url(c.get("url"))
    meta = []
    if c.get("section"):
        meta.append(
            f'<span class="src-section"><b>{esc(t("chat.section", lang))}:</b> <bdi>{esc(c["section"])}</bdi></span>'
        )
    meta.append(
        f'<span class="src-lines"><b>{esc(t("chat.lines", lang))}:</b> <bdi dir="ltr">{esc(c.get("lines"))}</bdi></span>'
    )
    meta.append(
        f'<span class="src-doc"><b>{esc(t("chat.doc", lang))}:</b> <bdi dir="ltr">{esc(c.get("doc"))}</bdi></span>'
    )
    quote_html = "<br>".join(highlight(line, terms or set()) for line in quote.splitlines())
    link = (
        f'<a class="src-url" href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(t("chat.open", lang))} ↗</a>'
        if url
        else ""
    )
    n = int(c.get("n", 0))
    return (
        f'<div class="src-card" id="{card_id(turn, n)}" dir="{d}" data-n="{n}">'
        f'<div class="src-head"><span class="src-n">[{n}]</span> '
        f'<span class="src-title" dir="{direction(title)}">{esc(title)}</span></div>'
        f'<div class="src-meta">{" · ".join(meta)}</div>'
        f'<div class="src-quote" dir="{direction(quote)}">{quote_html}</div>{link}</div>'
    )


OPEN_NOTICES = 2  # notices shown open under an answer; the rest are folded


def answer_message(turn: int, ans: dict) -> str:
    """The final assistant message: answer, notices, abstention badge, source cards."""
    lang = ans.get("language")
    text = ans.get("answer") or ""
    d = message_direction(lang, text)
    citations = sorted(ans.get("citations") or [], key=lambda c: int(c.get("n", 0)))
    known = {int(c["n"]) for c in citations}
    classes = "msg msg-assistant" + (" msg-abstained" if ans.get("abstained") else "")
    parts = [
        f'<div class="{classes}" id="turn-{turn}" dir="{d}" data-turn="{turn}" data-mode="{esc(ans.get("mode"))}">'
    ]
    if ans.get("understood"):
        # a follow-up, as the question it was read as: a wrong reading shows at once
        u = ans["understood"]
        parts.append(
            f'<div class="understood" dir="{direction(u)}">{esc(t("answer.understood", lang))} <q>{esc(u)}</q></div>'
        )
    if ans.get("abstained"):
        parts.append(f'<div class="badge badge-abstained">{esc(t("chat.abstained", lang))}</div>')
    parts.append(f'<div class="msg-text answer-text">{answer_body(text, turn, known)}</div>')
    notices = [
        f'<div class="notice" dir="{direction(n)}" role="note">⚠ {esc(n)}</div>' for n in ans.get("notices") or []
    ]
    parts += notices[:OPEN_NOTICES]
    if len(notices) > OPEN_NOTICES:
        # the answer stays in view: the other notices wait under one line
        rest = len(notices) - OPEN_NOTICES
        more = t("chat.more_notice", lang) if rest == 1 else t("chat.more_notices", lang, n=rest)
        parts.append(
            f'<details class="more-notices"><summary>{esc(more)}</summary>{"".join(notices[OPEN_NOTICES:])}</details>'
        )
    if citations:
        # folded: a click on [n] opens the list at that card (CHAT_JS)
        parts.append(
            f'<details class="sources"><summary class="sources-title">{esc(t("chat.sources", lang))} '
            f"({len(citations)})</summary>"
        )
        terms = set(tokenize(ans.get("question") or ""))  # the supporting words to highlight
        parts += [source_card(turn, c, lang, terms) for c in citations]
        parts.append("</details>")
    mode = ans.get("mode")
    total = (ans.get("timings_ms") or {}).get("total_ms")
    footer = esc(t(f"chat.{mode}", lang) if mode and has(f"chat.{mode}") else mode or "")
    if total is not None:
        footer += f' · <bdi dir="ltr">{float(total) / 1000:.1f} s</bdi>'
    parts.append(f'<div class="msg-footer">{footer}</div></div>')
    return "".join(parts)


def error_message(turn: int, message: str, lang: str | None = None) -> str:
    d = direction(message) if lang != "ar" else "rtl"
    return (
        f'<div class="msg msg-assistant msg-error" id="turn-{turn}" dir="{d}" data-turn="{turn}" role="alert">'
        f'<div class="badge badge-error">{esc(t("chat.error", lang))}</div>'
        f'<div class="msg-text">{esc(message)}</div></div>'
    )


def conversation(turns: list[str]) -> str:
    if not turns:
        return '<div class="chat-log chat-empty"></div>'
    return '<div class="chat-log">' + "".join(turns) + "</div>"


# Click on [n]: scroll to the card and highlight it (event delegation on the
# component's root element, so it keeps working after every re-render).
CHAT_JS = """
element.addEventListener('click', function (event) {
  const link = event.target.closest('a.cite');
  if (!link) return;
  event.preventDefault();
  const card = element.querySelector('#' + CSS.escape(link.dataset.card));
  if (!card) return;
  const folded = card.closest('details');
  if (folded) folded.open = true;
  element.querySelectorAll('.src-card.highlight').forEach(c => c.classList.remove('highlight'));
  card.classList.add('highlight');
  card.scrollIntoView({behavior: 'smooth', block: 'center'});
});
"""

CSS = """
.chat-log { display: flex; flex-direction: column; gap: 12px; padding: 4px; }
.msg { border-radius: 10px; padding: 10px 14px; max-width: 100%; line-height: 1.7; }
.msg[dir=rtl] { text-align: right; font-size: 1.05em; }
.msg[dir=ltr] { text-align: left; }
.msg-user { background: #e8f0fe; align-self: flex-start; border: 1px solid #c6d7f5; }
.msg-user[dir=rtl] { align-self: flex-end; }
.msg-assistant { background: #fafafa; border: 1px solid #ddd; }
.msg-abstained { border-color: #d9a400; background: #fffaf0; }
.msg-error { border-color: #c62828; background: #fff5f5; }
.msg-text p { margin: 0.2em 0; }
.msg-text ul { margin: 0.3em 0; padding-inline-start: 1.4em; }
/* a quoted line in the other direction keeps its bullet inside the list's box */
.msg[dir=ltr] .msg-text li[dir=rtl], .msg[dir=rtl] .msg-text li[dir=ltr] { list-style-position: inside; }
.searching { color: #666; font-style: italic; }
a.cite { text-decoration: none; font-weight: 600; color: #1a56b0; padding: 0 1px; }
a.cite:hover { text-decoration: underline; }
.badge { display: inline-block; font-size: 0.85em; font-weight: 600; border-radius: 6px; padding: 1px 8px;
         margin-bottom: 4px; }
.badge-abstained { background: #ffe8a3; color: #6b4e00; }
.badge-error { background: #ffd6d6; color: #8a1c1c; }
.understood { margin-bottom: 6px; font-size: 0.9em; color: #555; font-style: italic; }
.understood q { quotes: "« " " »"; }
.more-notices summary, .sources > summary { cursor: pointer; }
.more-notices summary { margin-top: 6px; font-size: 0.9em; color: #6b4e00; }
.notice { margin-top: 6px; padding: 4px 8px; border-inline-start: 4px solid #d9a400; background: #fff8e1;
          font-size: 0.92em; }
.sources { margin-top: 10px; }
.sources[open] { display: flex; flex-direction: column; gap: 8px; }
.sources-title { font-weight: 700; font-size: 0.95em; color: #444; }
.src-card { border: 1px solid #ccc; border-radius: 8px; padding: 8px 10px; background: #fff;
            scroll-margin: 80px; transition: background 0.3s, box-shadow 0.3s; }
.src-card[dir=rtl] { text-align: right; }
.src-card[dir=ltr] { text-align: left; }
.src-card.highlight, .src-card:target { background: #fff3c4; box-shadow: 0 0 0 3px #f0b400; }
.src-head { font-weight: 600; }
.src-n { color: #1a56b0; }
.src-meta { font-size: 0.85em; color: #555; margin: 2px 0; }
.src-quote { margin: 4px 0; padding: 4px 10px; border-inline-start: 3px solid #9bb7e0; background: #f5f8fd;
             white-space: normal; }
.src-url { font-size: 0.85em; display: inline-block; margin-top: 2px; }
#chat p, #chat ul { margin-top: 0.15em; margin-bottom: 0.15em; }
.msg-footer { font-size: 0.8em; color: #777; margin-top: 6px; }
#question textarea { unicode-bidi: plaintext; text-align: start; }
#agreements-table, #documents-table { --font-mono: var(--font); }
#agreements-table td, #documents-table td { unicode-bidi: plaintext; }
.src-quote mark { background: #ffe58a; color: inherit; padding: 0 1px; border-radius: 2px; }
.build-banner { padding: 8px 12px; border: 1px solid #9bb7e0; background: #eef4fc; border-radius: 8px; }
.build-banner.build-failed { border-color: #c62828; background: #fff5f5; }
.build-bar { height: 6px; background: #d6e2f3; border-radius: 3px; margin-top: 6px; overflow: hidden; }
.build-bar > div { height: 100%; background: #1a56b0; transition: width 0.5s; }
.app-title h1 { margin: 0.2em 0; font-size: 1.6em; }
.app-title p { margin: 0; color: #555; }
[dir=rtl] .app-title, [dir=rtl] #agreements-count { text-align: right; }
#b-preview { border: 1px solid #ddd; border-radius: 8px; padding: 8px 16px; unicode-bidi: plaintext; }
#b-preview td, #b-preview li, #b-preview p { unicode-bidi: plaintext; }
"""
