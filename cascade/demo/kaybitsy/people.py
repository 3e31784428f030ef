"""The Kaibitsy district's schools, people and partner pairs (appendix 1 of order 20/2 of 000)."""

from __future__ import annotations

from domain.roles import MUNICIPAL_OFFICER, SCHOOL_USER
from services.auth import Principal

TENANT = "ru-16-kaybitsy"
REGION = "ru-16"

FEDOROVSKAYA = "kaybitsy-fedorovskaya"
CHUTEEVSKAYA = "kaybitsy-chuteevskaya"
BOLSHEKAYBITSKAYA = "kaybitsy-bolshekaybitskaya"
KHOZESANOVSKAYA = "kaybitsy-khozesanovskaya"

OFFICER = Principal("officer.kaybitsy@example.org", MUNICIPAL_OFFICER, REGION, TENANT)


def _school_user(code: str) -> Principal:
    return Principal(f"user.{code}@example.org", SCHOOL_USER, REGION, TENANT, code)


#: One user per school: the two supported schools and their partner (curator) schools.
USERS = {code: _school_user(code) for code in (
    FEDOROVSKAYA, CHUTEEVSKAYA, BOLSHEKAYBITSKAYA, KHOZESANOVSKAYA,
)}

PRINCIPALS: dict[str, Principal] = {
    "municipal officer, Kaibitsy district": OFFICER,
    "school user, МБОУ «Федоровская СОШ» (supported)": USERS[FEDOROVSKAYA],
    "school user, МБОУ «Большекайбицкая СОШ» (partner of Федоровская)": USERS[BOLSHEKAYBITSKAYA],
    "school user, МБОУ «Чутеевская СОШ» (supported)": USERS[CHUTEEVSKAYA],
    "school user, МБОУ «Хозесановская СОШ» (partner of Чутеевская)": USERS[KHOZESANOVSKAYA],
}

#: Order 20/2 of 11.02.2021: the basis of the list, the regulation and the roadmap.
ORDER_20_2 = {"number": "20/2", "issued_on": "2021-02-11",
              "title": "Об организации сетевого взаимодействия"}

#: The fictitious municipal coordinator of both pairs (the order names a real deputy head).
MUNICIPAL_COORDINATOR = {"full_name": "Закирова А.И.", "position": "методист отдела образования",
                         "contact": "coordinator.kaybitsy@example.org"}

#: Appendix 1 of 000: supported school -> partner school, with fictitious coordinator/curator.
PAIRS = [
    {"partnership": "kaybitsy-fedorovskaya-bolshekaybitskaya",
     "supported_school": FEDOROVSKAYA, "partner_school": BOLSHEKAYBITSKAYA,
     "coordinator": {"full_name": "Гарипова Л.Н.", "position": "заместитель директора по УВР"},
     "curator": {"full_name": "Мухаметова Э.Р.", "position": "учитель математики"},
     "agreement": "СВ-1/2021", "roadmap": "kaybitsy-fedorovskaya-2021"},
    {"partnership": "kaybitsy-chuteevskaya-khozesanovskaya",
     "supported_school": CHUTEEVSKAYA, "partner_school": KHOZESANOVSKAYA,
     "coordinator": {"full_name": "Тимофеева О.С.", "position": "заместитель директора"},
     "curator": {"full_name": "Хайруллина Г.М.", "position": "заместитель директора по УВР"},
     "agreement": "СВ-2/2021", "roadmap": "kaybitsy-chuteevskaya-2021"},
]
FED, CHU = PAIRS
