"""Who-questions: the people a sentence names with a title, roles bound to places only the
documents spell, and such places written the question's own way. All sentences and places
here are invented for these tests (no gazetteer holds «وادي الكرم» / "Oued Lekram")."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from assistant.aliases import Gazetteer
from assistant.analysis import _named_run, load_cues
from assistant.answering.extractive import bound_roles
from assistant.answering.support import question_concepts
from assistant.extraction.rules import people_in
from assistant.settings import Settings

DATA = Path(__file__).resolve().parents[1] / "corpus" / "data"
PLACE = ("x-وادي-الكرم", "وادي الكرم")


@pytest.fixture(scope="module")
def env():
    return Settings(data_dir=DATA), Gazetteer.from_dir(DATA), load_cues(str(DATA / "cues.yaml"))


def test_the_invented_place_is_in_no_gazetteer(env):
    _, g, _ = env
    assert not g.find_places("وادي الكرم") and not g.find_places("Oued Lekram")


def test_people_named_with_a_title_are_found_whatever_their_given_names(env):
    s, g, _ = env
    # common given names, no rare word: a title next to them makes them people
    ar = "ووقع الاتفاقية محمد سالم ولد أحمد، رئيس جماعة الداخلة، وعلي ولد محمد، عمدة بلدية وادي الكرم."
    assert {p.name for p in people_in(ar, g, s)} == {"محمد سالم ولد أحمد", "علي ولد محمد"}
    en = "The mayor of Oued Lekram, Sara J. Malik, said the plan would start in June."
    assert [p.name for p in people_in(en, g, s)] == ["Sara J. Malik"]
    # a title alone, with a clause after it, names nobody (a place the documents spell is no person)
    clause = "وأكد رئيس المجلس الجهوي لوادي الكرم أن المشروع لم يعرض بعد على المجلس."
    assert people_in(clause, g, s, [PLACE[1]]) == []


def test_a_role_binds_to_a_place_only_the_documents_spell(env):
    _, g, cues = env
    named = (PLACE,)
    assert bound_roles("من هو رئيس المجلس الجهوي لوادي الكرم؟", g, cues, named) == {PLACE[0]}
    assert bound_roles("قال رئيس بلدية وادي الكرم إن الاتفاقية ستوقع قريبا.", g, cues, named) == {PLACE[0]}
    # a role of another place is not that place's
    assert PLACE[0] not in bound_roles("قال رئيس جماعة الداخلة إن وفدا من وادي الكرم سيزور المدينة.", g, cues, named)
    # without the documents' spelling the role binds to nothing
    assert bound_roles("من هو رئيس المجلس الجهوي لوادي الكرم؟", g, cues) == set()


def test_the_question_writes_such_a_place_its_own_way(env):
    _, g, _ = env
    question = "Who signed the Dakhla–Oued Lekram agreement?"
    said = _named_run(question, "وادي الكرم")
    assert said == "Oued Lekram"
    concepts = question_concepts(question, g, named=((*PLACE, said),))
    assert any(c.kind == "place" and c.key == PLACE[0] for c in concepts)
    # its words are the place, not unknown words of their own
    assert not any(c.kind == "word" and c.key in ("oued", "lekram") for c in concepts)


@given(st.lists(st.sampled_from(["وادي", "كرم", "بير", "ام", "x"]), min_size=1, max_size=8), st.data())
def test_property_a_run_is_found_where_it_stands_and_with_a_clitic(toks, data):
    from assistant.aliases import runs_of

    i = data.draw(st.integers(0, len(toks) - 1))
    j = data.draw(st.integers(i + 1, len(toks)))
    want = toks[i:j]
    assert i in runs_of(toks, want)
    glued = toks[:i] + ["ل" + toks[i]] + toks[i + 1 :]
    assert (i in runs_of(glued, want)) == (len(glued[i]) > 2)
    assert runs_of(toks, []) == []


def test_a_role_binds_to_the_body_it_heads_when_no_place_is_there(env):
    _, g, cues = env
    # the question: the coordination council, a glossary concept, no place within reach
    question = "من يرأس مجلس التنسيق الذي سيشرف على البرنامج المشترك؟"
    assert bound_roles(question, g, cues) == set()
    assert bound_roles(question, g, cues, terms=True) == {"international_coordination_council"}
    # a unit naming the council's head binds the same; one naming a mayor does not
    assert "international_coordination_council" in bound_roles(
        "وقال رئيس مجلس التنسيق أحمد ولد سالم إن الاجتماع الأول سيعقد في يونيو.", g, cues, terms=True
    )
    assert "international_coordination_council" not in bound_roles(
        "وقال رئيس بلدية كاولاك إن البرنامج سينطلق قريبا.", g, cues, terms=True
    )
    # the source a question names is no body, nor is a concept far from the role
    assert bound_roles("What skill gap among elected officials does the study point out?", g, cues, terms=True) == set()
    # a concept holding the role word is the role, not a body it heads
    assert "mayor" not in bound_roles("قال رئيس المجلس إن البرنامج سينطلق قريبا.", g, cues, terms=True)
