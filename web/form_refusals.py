"""Why a form's command was refused, in Russian, at the input the person can change."""

from __future__ import annotations

import re

import msgspec

from domain.base import DomainError
from services.auth import Forbidden
from web.command_forms import Field, FormSpec
from web.form_unions import kind_at
from web.form_words import GENERATED
from web.forms import Refusal
from web.messages import MESSAGES, message_for, refusal_message, rule_text

_PATH = re.compile(r"at `\$(?P<path>(?:\.[A-Za-z_]+|\[\d+\])*)`")
_MISSING = re.compile(r"missing required field `(?P<name>[A-Za-z_]+)`")
#: services/commands/limits names the whole path of a value out of bounds.
_LIMITS = re.compile(r"invalid field `(?P<path>[^`]+)`")


def _path_of(error: msgspec.ValidationError) -> str | None:
    text = str(error)
    limits = _LIMITS.search(text)
    if limits:
        return limits["path"].replace("[", ".").replace("]", "").lstrip("$.")
    found = _PATH.search(text)
    path = found["path"].replace("[", ".").replace("]", "").lstrip(".") if found else ""
    missing = _MISSING.search(text)
    if missing:
        path = f"{path}.{missing['name']}".lstrip(".")
    return path or None


def _shown_at(spec: FormSpec, at: str | None) -> Field | None:
    """The input a refusal at `at` belongs to: that field, else the first of its group."""
    if at is None:
        return None
    visible = spec.visible()
    at = re.sub(r"(\.\d+)+$", "", at) if not any(f.name == at for f in visible) else at
    exact = next((f for f in visible if f.name == at), None)
    return exact or next((f for f in visible if f.name.startswith(at + ".")), None)


#: A rule refused at a value the form does not ask, shown at the input the person can change.
ALIASES = {("request_internship", "submitted_on"): "start"}


def sentence(problem: str, spec: FormSpec, shown: Field | None, at: str | None = None,
             error: Exception | None = None) -> str:
    """The Russian sentence: the table's for this command or field, else the rule's own or the
    type's general one after the field's label."""
    if shown is not None:
        leaf = shown.name.split(".")[-1]
        names = [at] if at and at != shown.name else []
        names += [shown.name] + ([] if problem == "invalid-request" else [leaf])
        # A shape refusal's sentence is the command's own, else made from the label: the older
        # entries of a bare field name speak of the monthly report's fields.
        keys = [(problem, f"{spec.name}.{n}") for n in names]
        keys += [] if problem == "invalid-request" else [(problem, n) for n in names]
        for key in keys:
            if key in MESSAGES:
                return MESSAGES[key]
        if problem == "invalid-request":
            return f"«{shown.label}»: {GENERATED[shown.kind]}."
        rule = rule_text(error) if error is not None else None
        if rule:
            return f"«{shown.label}»: {rule}."
        general = message_for(problem, None).rstrip(".")
        return f"«{shown.label}»: {general[0].lower()}{general[1:]}."
    return refusal_message(problem, spec.name, error) if error is not None else message_for(problem, spec.name)


def refusal(error: Exception, spec: FormSpec) -> Refusal:
    """Why the command was refused, at the input it belongs to (the first input when at none)."""
    if isinstance(error, msgspec.ValidationError):
        problem, at = "invalid-request", _path_of(error)
    else:
        assert isinstance(error, DomainError | Forbidden)
        problem, at = error.code, error.field
    at = kind_at(spec, ALIASES.get((spec.name, at or ""), at))
    shown = _shown_at(spec, at)
    first = spec.visible()[0].name if spec.visible() else ""
    return Refusal(shown.name if shown else first, sentence(problem, spec, shown, at, error))
