"""'Where is X' questions: a sentence answers when it writes, right after the place asked
about, where that place is (assistant.answering.extractive.locates). Own sentences, the
real gazetteer and cue words."""

from __future__ import annotations

import pytest

from assistant.aliases import Gazetteer
from assistant.analysis import load_cues
from assistant.answering.extractive import asks_location, locates
from conftest import DATA_DIR

CUES = load_cues(str(DATA_DIR / "cues.yaml"))


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.from_dir(DATA_DIR)


def _place(g, name):
    return {e.id for e in g.find_places(name) if e.kind == "city"}


@pytest.mark.parametrize(
    "question, text, expected",
    [
        # a level below the country asked: a state written after the city answers, the country does not
        ("Dans quel État se trouve Columbus ?", "Dakhla a signé en 2015 avec Columbus (Ohio).", True),
        ("Dans quel État se trouve Columbus ?", "Dakhla — Columbus, États-Unis — 2015", False),
        ("In which state is Columbus?", "الداخلة وكولومبوس بولاية أوهايو", True),
        ("In which state is Columbus?", "The delegation from Columbus met the council.", False),
        # no level asked: the country locates it
        ("Où se trouve Sorrento ?", "Laâyoune et Sorrento, Italie, 2009", True),
        # a city beside a city is a list, not a location
        ("Où se trouve Sorrento ?", "Sorrento, Creil et Talcahuano ont signé.", False),
    ],
)
def test_a_sentence_locates_the_place_asked_about(gazetteer, question, text, expected):
    where, below = asks_location("where", question, CUES)
    assert where
    name = question.rstrip(" ?").split()[-1]
    assert locates(text, _place(gazetteer, name), question, gazetteer, CUES, below) is expected


def test_a_question_naming_a_level_asks_for_a_location_whatever_its_intent():
    assert asks_location("other", "C'est l'Arlington de quel État ?", CUES) == (True, True)
    assert asks_location("other", "في أي ولاية توجد هذه المدينة؟", CUES) == (True, True)
    assert asks_location("list", "Quelles villes ont signé avec Dakhla ?", CUES) == (False, False)


# -- roles bound to places ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Qui est le maire de Creil ?", {"creil"}),
        ("Who is the president of the commune of Boujdour?", {"boujdour"}),
        ("What did Sorrento's mayor say?", {"sorrento"}),
        ("وأكد رئيس بلدية نيامي أن الاتفاقية ستفتح آفاقا جديدة", {"niamey"}),
        ("La délégation de Niamey a visité Dakhla.", set()),  # no role
        ("Qui est l'auteur de l'étude ?", set()),  # a role, no place
    ],
)
def test_a_role_is_bound_to_the_place_it_belongs_to(gazetteer, text, expected):
    from assistant.answering.extractive import bound_roles

    assert bound_roles(text, gazetteer, CUES) == expected


def test_what_a_person_said_is_not_a_registry_question(gazetteer):
    from assistant.analysis import QuestionAnalyzer
    from assistant.registry import Registry
    from assistant.answering.registry_answer import route

    analyzer = QuestionAnalyzer(gazetteer, CUES, language=lambda q: "fr", manifest=lambda: {})
    registry = Registry(DATA_DIR, gazetteer)
    said = analyzer.analyse("Qu'a déclaré le maire de Niamey lors de la signature avec Smara ?")
    assert "statement" in said.attributes and said.person
    assert route(said, registry) is None
    listed = analyzer.analyse("Avec quelles villes Smara a-t-elle signé des accords de jumelage ?")
    assert route(listed, registry) is not None
    # what a source says is its content, not a person's words
    source = QuestionAnalyzer(gazetteer, CUES, language=lambda q: "en", manifest=lambda: {}).analyse(
        "What does the study say about the agreements of Smara?"
    )
    assert "statement" not in source.attributes


def test_a_country_question_wants_the_country_the_sentence_names_after_the_place(gazetteer):
    from assistant.answering.extractive import Locator

    q = "Dans quel pays se trouve Mérida ?"
    loc = Locator.of(_place(gazetteer, "Mérida"), q, CUES, below=False)
    assert loc.national
    # a state right after the name is no country; the country further on in the clause is
    assert not loc.locates("La Voz del Mayab – Mérida, Yucatán – martes 24 de marzo", gazetteer)
    assert loc.locates("Se trata de la Mérida yucateca, capital del estado de Yucatán, en México.", gazetteer)
    assert not loc.locates("Mérida recibió a la delegación. México envió a su embajador.", gazetteer)
