"""Quizzes/quiz.schema.json, which editors use to complete and check quiz files, agrees with the checker: the shipped
quizzes are valid, and the new fields' mistakes the checker reports are schema errors too."""
import json

import jsonschema
import pytest

from conftest import ROOT

SCHEMA = json.loads((ROOT / "Quizzes" / "quiz.schema.json").read_text())
INVALID = ROOT / "Tests" / "QuizfunnelDomainTests" / "Fixtures" / "invalid"


def errors(document):
    validator = jsonschema.Draft202012Validator(SCHEMA)
    return sorted(error.message for error in validator.iter_errors(document))


def test_the_schema_is_itself_valid():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", ["golf-club.json", "social-seller.json"])
def test_the_shipped_quizzes_are_valid(name):
    assert errors(json.loads((ROOT / "Quizzes" / name).read_text())) == []


@pytest.mark.parametrize("name", ["bad-pictures.json", "bad-products.json", "bad-text-questions.json", "bad-exclusions.json"])
def test_mistakes_in_the_new_fields_are_schema_errors(name):
    assert errors(json.loads((INVALID / name).read_text())) != []
