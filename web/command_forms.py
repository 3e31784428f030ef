"""Forms generated from the command Structs: fields, their Russian labels, and the posted values.

A command's msgspec Struct says what the form asks: a date is a date input, a code with a fixed
set of values (a Literal) a select of Russian names, a nested Struct (an order, a person) its own
group of fields named "<field>.<name>", a list of text one line a value, a list of Structs a few
rows ("evidence.0.kind"), a choice between tagged Structs a select of the kind and each kind's
fields (web/form_unions.py). The labels come from web/form_words.py only. The posted values are
turned back into the command's shape and decoded by msgspec exactly as the API decodes a body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from msgspec import inspect as mi

from domain.base import KEY_PATTERN
from services.commands.registry import Command
from web.form_unions import chosen_kinds, drop_empty_rows, posted_path, union_fields
from web.form_words import COMMAND_TITLES, label_of, value_label

#: The envelope every command has: not a question a form asks.
ENVELOPE = ("expected_version", "transcribed")
CODE_HINT = "Код: латинские буквы, цифры, точка, дефис, косая черта; до 80 знаков."
#: Rows offered for a list of Structs (an empty row is left out).
LIST_ROWS = 3


class Unsupported(Exception):
    """A field shape the generated form cannot ask (a choice between Structs is asked by kind)."""


@dataclass(frozen=True)
class Field:
    """One input: its dotted name, Russian label, kind of input, and the select's choices."""

    name: str
    label: str
    kind: str  # text, code, textarea, date, integer, number, select, lines, multiselect
    required: bool
    choices: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    #: A list's item: text, integer, number or date (one a line).
    item: str = "text"
    variant: tuple[str, str, str] | tuple[()] = ()  # A choice's kind: (its select, kind, legend).
    group: str = ""  # The legend of its fieldset: a list's row, a group of the envelope.

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-")


@dataclass
class FormSpec:
    """How one command is asked: its fields, those fixed by where the form was opened, its title."""

    command: type[Command]
    fields: list[Field]
    title: str
    intro: str = ""
    #: Values the page sets (the school of a school user, the record the form was opened from).
    fixed: dict[str, str] = field(default_factory=dict)
    #: The kind chosen in each select of a kind, as last posted.
    chosen: dict[str, str] = field(default_factory=dict)
    list_ends: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.command.__struct_config__.tag)

    def visible(self) -> list[Field]:
        return [f for f in self.fields if f.name not in self.fixed]

    def questions(self) -> list[Field]:
        """The command's own inputs; the envelope's are drawn apart, after the button."""
        return [f for f in self.visible() if f.name.split(".")[0] not in ENVELOPE]

    def envelope(self) -> list[Field]:
        """The envelope's inputs (`expected_version`, `transcribed`: web/form_rows.py)."""
        return [f for f in self.visible() if f.name.split(".")[0] in ENVELOPE]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def _unwrap(t: Any) -> tuple[Any, bool, int | None]:
    """The type inside Metadata and `| None`, whether None is allowed, and a text's max length."""
    optional, limit = False, None
    while True:
        if isinstance(t, mi.Metadata):
            t = t.type
        elif isinstance(t, mi.UnionType):
            rest = [x for x in t.types if not isinstance(x, mi.NoneType)]
            optional = optional or len(rest) < len(t.types)
            if len(rest) != 1:
                raise Unsupported(t)
            t = rest[0]
        else:
            if isinstance(t, mi.StrType):
                limit = t.max_length
            return t, optional, limit


def _choices(command: str, name: str, values: Any) -> tuple[tuple[str, str], ...]:
    leaf = name.split(".")[-1]
    found = []
    for value in values:
        shown = value_label(leaf, str(value))
        if shown is None:
            raise KeyError(f"{command}: no Russian name for the value {value!r} of {name}")
        found.append((str(value), shown))
    return tuple(found)


def _fields(command: str, struct: mi.StructType, prefix: str, required: bool) -> list[Field]:
    found: list[Field] = []
    for f in struct.fields:
        if not prefix and f.name in ENVELOPE:
            continue
        name = prefix + f.name
        try:
            t, optional, limit = _unwrap(f.type)
        except Unsupported as union:
            found += union_fields(command, name, union, required and f.required, _fields)
            continue
        needed = required and f.required and not optional
        found += _field(command, name, t, needed, limit)
    return found


_SCALARS = {mi.DateType: "date", mi.IntType: "integer", mi.DecimalType: "number", mi.FloatType: "number"}


def _field(command: str, name: str, t: Any, needed: bool, limit: int | None) -> list[Field]:
    label = label_of(command, name)
    if label is None:
        raise KeyError(f"{command}: no Russian label for the field {name}")
    if isinstance(t, mi.StructType):
        return _fields(command, t, name + ".", needed)
    if isinstance(t, mi.ListType | mi.VarTupleType):
        item, _, _ = _unwrap(t.item_type)
        if isinstance(item, mi.StructType):
            return [g for row in range(LIST_ROWS)
                    for g in _fields(command, item, f"{name}.{row}.", needed and row == 0)]
        if isinstance(item, mi.LiteralType):
            return [Field(name, label, "multiselect", needed, _choices(command, name, item.values))]
        kind = _SCALARS.get(type(item), "text")
        hint = {"date": "Одна дата в строке, например 2021-03-01.", "number": "Одно число в строке."}
        return [Field(name, label, "lines", needed, hint=hint.get(kind, "Одно значение в строке."), item=kind)]
    if isinstance(t, mi.LiteralType):
        return [Field(name, label, "select", needed, _choices(command, name, t.values))]
    if isinstance(t, mi.BoolType):
        return [Field(name, label, "select", needed, (("true", "да"), ("false", "нет")))]
    if isinstance(t, mi.StrType) and t.pattern == KEY_PATTERN:
        return [Field(name, label, "code", needed, hint=CODE_HINT)]
    if isinstance(t, mi.StrType):
        return [Field(name, label, "textarea" if (limit or 0) > 300 else "text", needed)]
    if type(t) in _SCALARS:
        return [Field(name, label, _SCALARS[type(t)], needed)]
    raise Unsupported(t)


@cache
def _command_fields(command: type[Command]) -> tuple[Field, ...]:
    """Every field of a command's Struct, in its order (built once: a Struct does not change)."""
    info = mi.type_info(command)
    assert isinstance(info, mi.StructType)
    return tuple(_fields(str(command.__struct_config__.tag), info, "", True))


def spec_of(command: type[Command], **extra: Any) -> FormSpec:
    """The generated form of a command: a fresh copy of its fields, for the page to adjust."""
    title = COMMAND_TITLES[str(command.__struct_config__.tag)]
    return FormSpec(command, list(_command_fields(command)), title, **extra)


def _set(data: dict[str, Any], path: list[str], value: Any) -> None:
    for i, part in enumerate(path[:-1]):
        nxt: Any = [] if path[i + 1].isdigit() else {}
        if isinstance(data, list):
            index = int(part)
            while len(data) <= index:
                data.append(nxt)
            data = data[index]
        else:
            data = data.setdefault(part, nxt)
    data[path[-1]] = value


def _scalar(kind: str, text: str) -> Any:
    if kind == "integer" and re.fullmatch(r"-?\d{1,12}", text):
        return int(text)
    if kind == "number":
        return text.replace(",", ".").replace(" ", "")
    return text


def _value(f: Field, raw: list[str]) -> Any:
    text = (raw[0] if raw else "").strip()
    if f.kind == "multiselect":
        return [v for v in raw if v]
    if f.kind == "lines":
        found = [line.strip() for line in text.splitlines() if line.strip()]
        return [_scalar(f.item, line) for line in found]
    if f.kind in ("integer", "number"):
        return _scalar(f.kind, text)
    if f.choices == (("true", "да"), ("false", "нет")) and text in ("true", "false"):
        return text == "true"
    return text


def command_data(spec: FormSpec, form: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The command's body from the posted form (fixed values win), and the values as typed."""
    typed: dict[str, str] = {}
    data: dict[str, Any] = {"type": spec.name}
    for f in spec.fields:
        raw = [spec.fixed[f.name]] if f.name in spec.fixed else [str(v) for v in form.getall(f.name, [])]
        typed[f.name] = "\n".join(raw) if f.kind == "multiselect" else (raw[0] if raw else "")
        if f.variant and typed.get(f.variant[0]) != f.variant[1]:
            continue  # another kind's field: shown, not posted
        value = _value(f, raw)
        in_row = any(part.isdigit() for part in f.name.split("."))
        # An empty row of a list is no row: the list's own rule (e.g. at least one) judges it.
        if value in ("", []) and (in_row or not f.required):
            continue
        _set(data, posted_path(f), value)
    spec.chosen = chosen_kinds(spec, typed)
    drop_empty_rows(data)
    return data, typed
