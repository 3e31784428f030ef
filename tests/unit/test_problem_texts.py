"""One table of texts per problem type (issue 15 item 5), and Accept-Language by its q-values."""

from __future__ import annotations

import pytest

from services.problem_texts import TEXTS, language, texts
from services.problems import PROBLEM_STATUS


@pytest.mark.parametrize(("header", "expected"), [
    (None, "ru"), ("", "ru"), ("*", "ru"), ("en", "en"), ("EN-us", "en"), ("ru-RU", "ru"),
    ("de, fr", "ru"), ("de, en;q=0.1", "en"), ("en;q=0.3, ru;q=0.7", "ru"), ("ru;q=0.3, en;q=0.7", "en"),
    ("en;q=0", "ru"), ("ru;q=0, en", "en"), ("en;q=bad, ru;q=0.1", "ru"), ("en, ru", "en"),
    ("xx-!!, en", "en"), ("*;q=0.1, en;q=0.5", "en"),
])
def test_the_language_is_the_best_weighted_tag_we_speak(header, expected):
    assert language(header) == expected


def test_every_problem_type_answered_has_russian_and_english_texts():
    assert set(PROBLEM_STATUS) <= set(TEXTS)
    for code, (ru_title, ru_detail, en_title) in TEXTS.items():
        assert ru_title and ru_detail and en_title, code
        assert texts(code, "ru", "english", None)[1] and "{" not in texts(code, "ru", "x", None)[1]


def test_english_keeps_the_rules_message_and_russian_names_the_field():
    assert texts("invalid-value", "en", "school: too long", "school") == ("Invalid value", "school: too long")
    assert texts("invalid-value", "ru", "school: too long", "school") == (
        "Недопустимое значение", "Значение поля «school» не допускается правилами.")
