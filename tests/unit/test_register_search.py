"""Folding names for the registers' search (Russian, case- and ё/е-insensitive) and short names."""

from __future__ import annotations

from services.projections.registers.search import fold, like_pattern, short_name


def test_fold_ignores_case_yo_quotes_and_spacing():
    assert fold("МБОУ  «Фёдоровская СОШ»") == fold("мбоу федоровская сош") == "мбоу федоровская сош"
    assert fold("ЁЛКИНСКАЯ") == "елкинская"


def test_a_query_matches_its_words_in_order_and_its_wildcards_literally():
    assert like_pattern("Фёдоровская  СОШ") == "%федоровская%сош%"
    assert like_pattern("100%_!") == "%100!%!_!!%"


def test_the_short_name_is_the_name_in_quotes():
    assert short_name("МБОУ «Федоровская СОШ»") == "Федоровская СОШ"
    assert short_name('МБОУ "Гимназия № 2"') == "Гимназия № 2"
    assert short_name("Средняя школа № 1") == "Средняя школа № 1"
