"""Lists of Structs with as many rows as the person needs, without JavaScript, and the envelope
every command may carry (`transcribed`, `expected_version`) as inputs of the forms.

A list's rows are inputs named "<list>.<row>.<field>"; the form carries how many it shows in a
hidden "rows.<list>", and two submit buttons ("rows_action" = "add:<list>" or "remove:<list>")
post the form back to be drawn again with one row more or less, keeping what was typed and
writing nothing. Each row stands in its own fieldset («Подтверждение: строка 2»).

The envelope is asked as the API takes it (services/commands/registry.py `Command`):
`expected_version`, the record's version the person worked from (a record changed since refuses
the command, nothing written), and, for those who may transcribe (municipal officers and region
operators, domain/roles.py TRANSCRIBERS), `transcribed`: the day a fact from paper happened, why
it is entered now, and the paper's number, date and title. Left empty, both are not posted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from domain.roles import TRANSCRIBERS
from services.auth import Principal
from web.command_forms import Field, FormSpec
from web.form_words import label_of

#: The most rows a list is drawn with (the command's own limits judge what is posted).
MAX_ROWS = 50
_ROW = re.compile(r"^(?P<list>[a-z_.]+?)\.(?P<row>\d+)\.(?P<rest>.+)$")

VERSION_GROUP = "Проверка версии записи"
PAPER_GROUP = "Перенос факта с бумажного носителя"
VERSION_HINT = ("Номер версии записи, с которой вы работали (его показывает журнал аудита, "
                "«Состояние записи»). Если запись с тех пор изменили, форма не будет принята и ничего "
                "не запишется.")
PAPER_HINT = ("Заполните, только если вносите факт прошлой даты с бумажного документа: действие будет "
              "проверено на день факта, а в журнале останутся и день факта, и день ввода.")


@dataclass(frozen=True)
class ListRows:
    """A list of Structs as the form draws it: its name, Russian label and rows shown."""

    name: str
    label: str
    count: int


def envelope_fields(principal: Principal) -> list[Field]:
    """The envelope's inputs for this person: the version always, the transcription if they may."""
    found = [Field("expected_version", "Версия записи", "integer", False, hint=VERSION_HINT,
                   group=VERSION_GROUP)]
    if principal.role in TRANSCRIBERS:
        found += [
            Field("transcribed.effective_on", "День, когда факт произошёл", "date", False,
                  hint=PAPER_HINT, group=PAPER_GROUP),
            Field("transcribed.reason", "Почему факт вносится сейчас", "textarea", False, group=PAPER_GROUP),
            Field("transcribed.document.number", "Реквизиты бумажного источника: №", "text", False,
                  hint="Если номера нет, напишите «б/н».", group=PAPER_GROUP),
            Field("transcribed.document.issued_on", "Реквизиты бумажного источника: подписан", "date", False, group=PAPER_GROUP),
            Field("transcribed.document.title", "Реквизиты бумажного источника: заголовок", "text", False, group=PAPER_GROUP),
        ]
    return found


def _wanted(name: str, shown: int, given: Mapping[str, Any] | None) -> int:
    """How many rows to draw: as the form carried them, one more or one less for its buttons."""
    if given is None:
        return shown
    carried = str(given.get(f"rows.{name}", ""))
    count = int(carried) if carried.isdigit() else shown
    action = str(given.get("rows_action", ""))
    count += 1 if action == f"add:{name}" else -1 if action == f"remove:{name}" else 0
    return max(1, min(MAX_ROWS, count))


def resize(spec: FormSpec, given: Mapping[str, Any] | None = None) -> bool:
    """Draw each list of Structs with the rows the form asks; True when a row button was pressed."""
    lists: dict[str, list[Field]] = {}
    for f in spec.fields:
        found = _ROW.match(f.name)
        if found:
            lists.setdefault(found["list"], []).append(f)
    spec.list_ends = {}
    for name, fields in lists.items():
        template = [f for f in fields if _ROW.match(f.name)["row"] == "0"]  # type: ignore[index]
        shown = len({_ROW.match(f.name)["row"] for f in fields})  # type: ignore[index]
        count = _wanted(name, shown, given)
        label = label_of(spec.name, name) or ""
        rows = [replace(t, name=f"{name}.{row}.{_ROW.match(t.name)['rest']}",  # type: ignore[index]
                        required=t.required and row == 0, group=f"{label}: строка {row + 1}")
                for row in range(count) for t in template]
        at = spec.fields.index(fields[0])
        rest = [f for f in spec.fields if f not in fields]
        spec.fields = [*rest[:at], *rows, *rest[at:]]
        spec.list_ends[rows[-1].name] = ListRows(name, label, count)
    return given is not None and bool(str(given.get("rows_action", "")))
