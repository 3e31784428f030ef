"""The school list's rows checked cell by cell, and a school described the same twice (pure)."""

from __future__ import annotations

import pytest

from domain.base import Actor, InvalidValue, Provenance
from domain.imports import FileImport, file_digest
from domain.people import Person
from domain.school import School
from services.imports.schools import plan_schools
from services.imports.table import TableError, read_table

META = Provenance("ru-16-kaybitsy", Actor("officer", "municipal_officer", "ru-16"), "c-1")
HEADER = "Код;Наименование;Краткое название;Адрес;Директор;Категории\r\n"


def plan(text: str, registered: dict[str, School] | None = None):
    content = ("\ufeff" + HEADER + text).encode()
    return plan_schools(content, "list.csv", file_digest(content), (registered or {}).get)


def test_each_bad_cell_is_named_by_row_and_column_in_russian():
    found = plan("k-1;;;;;\r\nк-2;Школа;;;;\r\nk-3;Школа;;;;ШНОР, отличная\r\nk-1;Школа;;;;\r\n")
    assert found.errors == [
        "Строка 2, столбец «Наименование»: не заполнено",
        "Строка 3, столбец «Код»: «к-2» — код пишется латиницей, цифрами и знаками . _ / - "
        "(до 80 знаков, первым — буква или цифра)",
        "Строка 4, столбец «Категории»: неизвестная категория «отличная»; допустимы: ШНОР, ШФНСУ, "
        "школа-лидер, центр сетевого взаимодействия, базовая площадка",
    ]
    assert [r.action for r in found.rows] == ["refused", "refused", "refused", "new"]


def test_a_code_twice_in_the_file_refuses_the_second_row():
    found = plan("k-1;Школа 1;;;;\r\nk-1;Школа 1 bis;;;;\r\n")
    assert found.errors == ["Строка 3, столбец «Код»: код «k-1» уже указан в строке 2"]
    assert found.command() is not None and found.command().refused == 1


def test_a_school_registered_the_same_is_unchanged_and_a_changed_one_updated():
    school = School.register(META, "k-1", "МБОУ «Школа № 1»")
    school.record_details(META, "Школа № 1", "ул. Ленина, 1", Person("Иванова А.П.", "директор"), ("low_results",))
    found = plan("k-1;МБОУ «Школа № 1»;Школа № 1;ул. Ленина, 1;Иванова А.П.;ШНОР\r\n"
                 "k-2;МБОУ «Школа № 2»;;;;\r\n", {"k-1": school})
    assert [r.action for r in found.rows] == ["unchanged", "new"]
    moved = plan("k-1;МБОУ «Школа № 1»;Школа № 1;ул. Новая, 2;Иванова А.П.;ШНОР\r\n", {"k-1": school})
    assert [r.action for r in moved.rows] == ["update"]


def test_describing_a_school_the_same_again_records_nothing():
    school = School.register(META, "k-1", "Школа")
    assert school.record_details(META, "Ш", "адрес", None, ("leader_school",)) is True
    assert school.record_details(META, "Ш", "адрес", None, ("leader_school",)) is False
    assert [type(e).__name__ for e in school.collect_events()] == ["Registered", "DetailsRecorded"]


def test_an_import_names_its_file_by_hash_and_counts_its_rows():
    digest = file_digest(b"x")
    done = FileImport.record(META, "schools", "list.csv", digest, (50, 47, 0, 3))
    assert done.id == FileImport.create_id(META, "schools", digest) and done.counts == (50, 47, 0, 3)
    with pytest.raises(InvalidValue):
        FileImport.record(META, "schools", "list.csv", "not-a-hash", (1, 1, 0, 0))


def test_a_table_without_the_required_columns_or_not_a_table_is_refused_in_russian():
    with pytest.raises(TableError, match="строка 1: нет столбцов «Наименование»"):
        read_table("Код\nk-1\n".encode(), {"Код": "school", "Наименование": "name"}, ("school", "name"))
    with pytest.raises(TableError, match="XLSX"):
        read_table(b"PK\x03\x04broken", {"Код": "school"}, ("school",))
    rfc = read_table(b'"\xd0\x9a\xd0\xbe\xd0\xb4",x\r\n"k-1, k-2",1\r\n', {"Код": "school"}, ("school",))
    assert rfc[0].cells == {"school": "k-1, k-2"} and rfc[0].number == 2
