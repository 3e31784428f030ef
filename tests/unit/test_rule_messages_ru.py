"""Every message a rule of domain/ raises has its Russian form (services/locale/ru, Babel).

The messages are found in the source: the message argument of each `raise InvalidValue(...)`,
`InvalidTransition`, `DeadlineMissed`, `NotFound`, `AlreadyExists`, `NotYourTurn` and of each
`self._require(...)`. Each must be a template (a plain string, its values as keyword arguments,
never an f-string), named in the catalogue with the same placeholders.
"""

from __future__ import annotations

import ast
import string
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from domain.base import DeadlineMissed, InvalidTransition, InvalidValue
from services.rule_messages import render, russian_detail, russian_templates, russian_value

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
RAISED = {"InvalidValue", "InvalidTransition", "DeadlineMissed", "NotFound", "AlreadyExists",
          "NotYourTurn", "DomainError"}
#: Raises whose message is a template handed on, not one of their own.
HANDED_ON = {("base.py", "message"), ("results.py", "error.template")}


def _messages() -> list[tuple[str, int, ast.expr, set[str]]]:
    """(file, line, message argument, keyword names) of every rule's refusal in domain/."""
    found = []
    for path in sorted(DOMAIN.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            call = node.exc if isinstance(node, ast.Raise) else node
            if not isinstance(call, ast.Call):
                continue
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if (isinstance(node, ast.Raise) and name in RAISED) or name == "_require":
                index = 1 if name in {"InvalidValue", "_require"} else 0
                if len(call.args) > index:
                    keywords = {k.arg for k in call.keywords if k.arg}
                    found.append((path.name, call.lineno, call.args[index], keywords))
    return found


def _placeholders(template: str) -> set[tuple[str, str | None]]:
    return {(name, conversion) for _, name, _, conversion in string.Formatter().parse(template)
            if name is not None}


def test_every_rule_message_is_a_template_with_its_values_as_keywords():
    messages = _messages()
    assert len(messages) > 250
    for file, line, argument, keywords in messages:
        if (file, ast.unparse(argument)) in HANDED_ON:
            continue
        assert isinstance(argument, ast.Constant) and isinstance(argument.value, str), (
            f"domain/{file}:{line}: the message is not a template: {ast.unparse(argument)}")
        names = {name for name, _ in _placeholders(argument.value)}
        assert names == keywords, f"domain/{file}:{line}: {names} != {keywords}"


def test_every_rule_message_has_a_russian_form_with_the_same_placeholders():
    catalogue = russian_templates()
    templates = {m.value for _, _, m, _ in _messages() if isinstance(m, ast.Constant)}
    missing = sorted(templates - set(catalogue))
    assert not missing, f"no Russian form in services/locale/ru/LC_MESSAGES/messages.po: {missing}"
    for template in templates:
        assert _placeholders(catalogue[template]) == _placeholders(template), template
    assert not set(catalogue) - templates, "entries no rule raises any more"


def test_values_are_written_the_russian_way():
    assert russian_value(date(2026, 2, 28)) == "28.02.2026"
    assert russian_value(Decimal("87.5")) == "87,5"
    assert russian_value(Decimal("0.1234567")) == "0,1234567"
    assert russian_value(2021) == "2021"
    assert russian_value(datetime(2026, 2, 28, 9, 5)) == "28.02.2026 09:05"
    assert render("{key!r} is not MM-DD", {"key": "13-40"}) == "«13-40» не имеет вид ММ-ДД"


def test_the_english_text_is_kept_and_the_russian_sentence_names_the_field():
    error = InvalidValue("withdrawn_on", "must not be before {earliest}", earliest=date(2021, 3, 1))
    assert str(error) == error.message == "withdrawn_on: must not be before 2021-03-01"
    assert russian_detail(error) == "Поле «withdrawn_on»: не может быть раньше 01.03.2021."
    late = DeadlineMissed("an internship starting on {start} must be requested by {latest}",
                          "submitted_on", start=date(2021, 3, 10), latest=date(2021, 3, 3))
    assert str(late) == "an internship starting on 2021-03-10 must be requested by 2021-03-03"
    assert russian_detail(late) == ("Заявку на стажировку, начинающуюся 10.03.2021, нужно подать "
                                    "не позднее 03.03.2021.")
    assert russian_detail(InvalidTransition("no such rule {x}", x=1)) is None


def test_a_web_form_shows_the_rules_russian_sentence_where_it_showed_the_general_one():
    from web.forms import refusal_of

    fields = ("period", "summary")
    error = InvalidValue("filed_on", "must not be before the period {period} begins", period="2021-03")
    refusal = refusal_of(error, "file_report", fields)
    assert refusal.field == "period"
    assert refusal.message == "Не может быть раньше начала периода 2021-03."
    # A sentence of the table for the field still wins over the rule's own.
    assert refusal_of(InvalidValue("summary", "must not be empty"), "file_report", fields).message == (
        "Напишите, что сделано за месяц.")
