"""Where the OpenAPI document and the served answers must agree for a client generated from it
(and for schemathesis, which checks every answer against it): the `Allow` of OPTIONS, what a
Decimal input takes, and the business-rule refusals a schema-valid request may still meet.

Applied to the app once at start-up, after services/api_contract.py.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.openapi.spec import OpenAPIType, Schema
from litestar.routes import HTTPRoute

from services.api_contract import operations_of


def allow_every_method(app: Litestar) -> None:
    """Make each path's OPTIONS answer list every method the path serves (RFC 9110 §10.2.1).

    Litestar (2.25) adds the OPTIONS handler when a path's first handler is registered; a second
    handler on the same path (GET and POST of `/feed-tokens`) rebuilds the route but keeps that
    handler, whose `Allow` still reads the first route's methods. Its function closes over the
    route (`self`): point it at the route that serves the path now.
    """
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or "OPTIONS" not in route.route_handler_map:
            continue
        handler, _ = route.route_handler_map["OPTIONS"]
        function = getattr(handler.fn, "__wrapped__", handler.fn)
        closure = dict(zip(function.__code__.co_freevars, function.__closure__ or (), strict=True))
        cell = closure.get("self")
        if function.__name__ == "options_handler" and isinstance(cell.cell_contents if cell else None, HTTPRoute):
            cell.cell_contents = route


def describe_numbers(app: Litestar) -> None:
    """A command's Decimal is documented as the server reads it: a JSON number or a string.

    Litestar documents `Decimal` as a string, but msgspec decodes a JSON number into it as well
    (`"context_bounds": [0.5]`), so a client reading the document could not know that a number
    is taken. Each Decimal field of the command structs (also inside a list or an optional) gets
    `oneOf [number, string]`; the number within services/commands/limits' bound, the string
    a decimal such as "87.5" (its digits are checked as the limits say, a 422 otherwise).
    """
    from msgspec import inspect as types

    from services.commands.limits import DECIMAL_LIMIT
    from services.commands.registry import CATALOGUE

    number = Schema(type=OpenAPIType.NUMBER, exclusive_minimum=-float(DECIMAL_LIMIT),
                    exclusive_maximum=float(DECIMAL_LIMIT))
    fields: dict[type, list[str]] = {}

    def holds_decimal(info: Any) -> bool:
        if isinstance(info, types.Metadata):
            return holds_decimal(info.type)
        if isinstance(info, types.DecimalType):
            return True
        if hasattr(info, "item_type"):
            return holds_decimal(info.item_type)
        if isinstance(info, types.UnionType):
            return any([holds_decimal(member) for member in info.types])
        if isinstance(info, types.StructType) and info.cls not in fields:
            fields[info.cls] = []
            fields[info.cls] = [f.name for f in info.fields if holds_decimal(f.type)]
        return False

    for info in types.multi_type_info(list(CATALOGUE)):
        holds_decimal(info)
    components = app.openapi_schema.components.schemas or {}
    for cls, names in fields.items():
        prefixed = "_".join([*cls.__module__.split(".")[1:], cls.__name__])
        component = components.get(cls.__name__) or components.get(prefixed)
        for name in names if component is not None else []:
            component.properties[name] = _number_or_string(component.properties[name], number)


def _number_or_string(schema: Any, number: Schema) -> Any:
    """The string schema Litestar gave a Decimal, as `oneOf [number, string]` (lists, nulls kept)."""
    if not isinstance(schema, Schema):
        return schema
    if schema.type == OpenAPIType.ARRAY:
        schema.items = _number_or_string(schema.items, number)
        return schema
    if schema.one_of:
        members = [m for m in schema.one_of if getattr(m, "type", None) == OpenAPIType.STRING]
        schema.one_of = [number, *members, *[m for m in schema.one_of if m not in members]]
        return schema
    if schema.type == OpenAPIType.STRING:
        return Schema(one_of=[number, Schema(type=OpenAPIType.STRING)], description=schema.description)
    return schema


#: Operations a schema-valid request may still be refused by, with a rule of the documents the
#: schema cannot say: (status, when). The fuzz tests accept these answers to valid data here only.
BUSINESS_REFUSALS: dict[str, dict[str, str]] = {
    "postCommand": {
        "413": "The body is over `CASCADE_MAX_BODY_BYTES` (64 KiB by default): each field has its "
               "maximum, but long texts in long lists may together exceed the body limit.",
        "409": "Refused by the state of the records (`invalid-transition`, `already-exists`, "
               "`version-conflict`): the command does not apply now; nothing was written.",
        "422": "Refused by a rule of the documents (`invalid-value`, `deadline-rule`): dates "
               "judged against the day of the fact and today (a transcription's `effective_on` "
               "not after today nor before the facts it rests on), notice periods, limits of "
               "numbers; `field` names the value at fault; nothing was written.",
    },
    "importSchools": {
        "422": "The file is not a table of the documented columns (`field: file`): an empty "
               "body, not XLSX or CSV, or the required columns missing; nothing was written.",
    },
    "importResults": {
        "422": "The file is not a table of the documented columns (`field: file`): an empty "
               "body, not XLSX or CSV, or the required columns missing; nothing was written.",
    },
}


def describe_business_refusals(app: Litestar) -> None:
    """Declare the 409/422 a valid request may meet, as problem details (docs/api.md)."""
    from litestar.openapi.spec import OpenAPIResponse

    for operation, _ in operations_of(app):
        refusals = BUSINESS_REFUSALS.get(operation.operation_id or "", {})
        refused = (operation.responses or {}).get("4XX")
        for status, description in refusals.items():
            operation.responses[status] = OpenAPIResponse(
                description=description, content=getattr(refused, "content", None))
