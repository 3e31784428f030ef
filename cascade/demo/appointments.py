"""Appointments by order in the demo tenants, from the orders that make them.

- 000 p.3 (Kaibitsy, order 20/2): «Контроль за исполнением настоящего приказа возложить на
  заместителя начальника отдела образования»;
- 003 p.1, p.2, p.7 (Leninogorsk, order 662): the working group of seven with their positions, the
  municipal coordinator of both schools, the controller of the order; and (illustrative, not in
  003) the curator of the second pair replaced from 01.09.2019;
- 001 p.2 (Smolensk, order 486): the coordinator of the municipal programme, the head of the
  information-analytical department.

Every person is fictitious (152-ФЗ): the names in the orders are personal data. The positions
are the orders' own.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cascade.demo import data_leninogorsk as lenin
from cascade.demo import data_smolensk as smolensk
from cascade.demo.kaybitsy import people as kaybitsy
from cascade.demo.model import DemoStep
from services.auth import Principal

_DEPUTY = "заместитель начальника МКУ «Управление образования»"
_METHODIST = "методист управления образования"

#: 003 p.1.1-1.7: «рабочую группу ... в составе» (fictitious names, the order's positions).
WORKING_GROUP = [
    ("Мухаметова Г.К.", _DEPUTY), (lenin.MUNICIPAL_COORDINATOR["full_name"], _METHODIST),
    ("Гарипова Г.М.", _METHODIST), ("Семёнова Ю.В.", _METHODIST), ("Борисова Е.В.", _METHODIST),
    ("Хайруллина Р.Р.", _METHODIST), ("Ахметова Э.Ф.", _METHODIST),
]


def _step(tenant: str, actor: Principal, on: str, type_: str, **fields: Any) -> DemoStep:
    return DemoStep(tenant, actor, date.fromisoformat(on), {"type": type_, **fields})


def kaybitsy_steps() -> list[DemoStep]:
    on = kaybitsy.ORDER_20_2["issued_on"]
    return [_step(kaybitsy.TENANT, kaybitsy.OFFICER, on, "appoint", appointment="control-order-20-2",
                  post="order_controller", scope="приказ № 20/2 от 11.02.2021", effective_from=on,
                  order=kaybitsy.ORDER_20_2,
                  person={"full_name": "Латыпова Р.Н.",
                          "position": "заместитель начальника отдела образования"})]


def leninogorsk_steps() -> list[DemoStep]:
    on, order = lenin.ORDER_662["issued_on"], lenin.ORDER_662

    def appoint(key: str, post: str, person: dict[str, str], **fields: Any) -> DemoStep:
        return _step(lenin.TENANT, lenin.METHODIST, on, "appoint", appointment=key, post=post,
                     person=person, effective_from=on, order=order, **fields)

    steps = [appoint(f"working-group-662.{n}", "working_group_member",
                     {"full_name": name, "position": position}, scope="working-group-662",
                     duty=f"п. 1.{n}: {position}")
             for n, (name, position) in enumerate(WORKING_GROUP, start=1)]
    steps += [
        appoint("municipal-coordinator-662", "municipal_coordinator", lenin.MUNICIPAL_COORDINATOR,
                scope="СОШ № 10 и Зеленорощинская СОШ"),
        appoint("control-order-662", "order_controller",
                {"full_name": WORKING_GROUP[0][0], "position": "заместитель начальника управления образования"},
                scope="приказ № 662 от 03.05.2019"),
        _step(lenin.TENANT, lenin.METHODIST, "2019-09-02", "replace_partnership_person",
              partnership=lenin.PAIRS[1]["partnership"], role="curator", effective_from="2019-09-02",
              person={"full_name": "Зарипова А.М.", "position": "руководитель МО учителей математики"},
              reason="смена руководителя МО (иллюстративно)"),
    ]
    return steps


def smolensk_steps() -> list[DemoStep]:
    on = smolensk.ORDER_486["issued_on"]
    return [_step(smolensk.TENANT, smolensk.OFFICER, on, "appoint", appointment="programme-coordinator",
                  post="programme_coordinator", effective_from=on, order=smolensk.ORDER_486,
                  person={"full_name": smolensk.MUNICIPAL_COORDINATOR["full_name"],
                          "position": "начальник информационно-аналитического отдела управления "
                                      "образования и молодежной политики"})]
