"""A field whose type is a choice between tagged Structs (a roadmap item's schedule) as a form.

The form asks the kind in a select named "<field>.<tag field>" ("schedule.form", Russian names of
the kinds from web/form_words.py) and shows every kind's fields in its own fieldset, named
"<field>.<kind>.<name>" ("schedule.window.start"), so that it works without JavaScript: only the
chosen kind's fields are posted, as "<field>.<name>", the shape the API decodes. Also here: the
posted body's tidying (an empty row of a list of Structs is no row).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from msgspec import inspect as mi

from web.form_words import label_of, value_label

if TYPE_CHECKING:
    from web.command_forms import Field, FormSpec

HINT = "Заполните поля выбранного вида срока ниже; поля других видов не учитываются."


def union_fields(command: str, name: str, refused: Exception, needed: bool,
                 fields_of: Callable[[str, Any, str, bool], list[Field]]) -> list[Field]:
    """The select of the kind, then every kind's fields, each marked with its kind and legend."""
    from web.command_forms import Field

    union = refused.args[0]
    kinds = [t for t in union.types if not isinstance(t, mi.NoneType)]
    if not kinds or not all(isinstance(t, mi.StructType) and t.tag_field for t in kinds):
        raise refused
    tag_field = kinds[0].tag_field
    selector = f"{name}.{tag_field}"
    label, title = label_of(command, selector), label_of(command, name)
    if label is None or title is None:
        raise KeyError(f"{command}: no Russian label for {selector} or {name}")
    choices = []
    for kind in kinds:
        shown = value_label(tag_field, str(kind.tag))
        if shown is None:
            raise KeyError(f"{command}: no Russian name for the kind {kind.tag!r} of {name}")
        choices.append((str(kind.tag), shown))
    found = [Field(selector, label, "select", needed, tuple(choices), hint=HINT)]
    for kind, (tag, shown) in zip(kinds, choices, strict=True):
        legend = f"{title}: {shown}"
        found += [replace(f, variant=(selector, tag, legend))
                  for f in fields_of(command, kind, f"{name}.{tag}.", needed)]
    return found


def posted_path(f: Field) -> list[str]:
    """Where a kind's field goes in the command's body: its name without the kind."""
    parts = f.name.split(".")
    if f.variant:
        del parts[len(f.variant[0].split(".")) - 1]
    return parts


def chosen_kinds(spec: FormSpec, typed: dict[str, str]) -> dict[str, str]:
    """The kind chosen in each select of a kind, by the select's name."""
    return {f.variant[0]: typed.get(f.variant[0], "") for f in spec.fields if f.variant}


def kind_at(spec: FormSpec, at: str | None) -> str | None:
    """A refusal's path in the body ("schedule.due", or a rule's bare "end") as the chosen kind's field."""
    if at is None or any(f.name == at for f in spec.fields):
        return at
    names = {f.name for f in spec.fields}
    for selector, kind in spec.chosen.items():
        prefix = selector.rsplit(".", 1)[0]
        rest = at[len(prefix) + 1:] if at.startswith(prefix + ".") else at
        candidate = f"{prefix}.{kind}.{rest}"
        bare = re.sub(r"(\.\d+)+$", "", candidate)
        if kind and (candidate in names or bare in names):
            return candidate
    return at


def choice_query(name: str, chosen: dict[str, Any], tag_field: str = "form") -> str:
    """The address's part that pre-fills a choice with a stored value (the item's schedule now)."""
    kind = str(chosen.get(tag_field, ""))
    pairs = [(f"{name}.{tag_field}", kind)]
    for key, value in chosen.items():
        if key != tag_field and value not in (None, "", []):
            shown = "\n".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
            pairs.append((f"{name}.{kind}.{key}", shown))
    return urlencode(pairs)


def drop_empty_rows(data: Any) -> None:
    """A list of Structs keeps only the rows something was typed in; an empty group goes."""
    if not isinstance(data, dict):
        return
    for key, value in list(data.items()):
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            data[key] = [row for row in value if row]
            for row in data[key]:
                drop_empty_rows(row)
        elif isinstance(value, dict):
            drop_empty_rows(value)
            if not value:
                del data[key]
