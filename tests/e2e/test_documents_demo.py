"""Each printable document of issue 14 item 1 for the demo data, in both formats, read back:
python-docx opens the DOCX and finds the columns and names; pypdf extracts the PDF's text and
its pages are counted. The overview is also rendered to PNG under test-output/ (an artifact)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest
from litestar.testing import TestClient

from cascade.app import create_app
from cascade.calendar_store import bundled_calendars
from cascade.demo.data import DEMO_PRINCIPALS
from cascade.demo.loader import post_demo
from domain.roles import MUNICIPAL_OFFICER, REGION_OPERATOR, SCHOOL_USER
from services.commands.executor import CommandExecutor
from services.projections.registers.tables import PARTNER_LIST_COLUMNS
from tenants.backends import SQLiteBackend
from tests.e2e.documents import docx_text, fetch, pdf_pages, spaced
from tests.e2e.helpers import Api

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(os.environ.get("CASCADE_TEST_OUTPUT", ROOT / "test-output")) / "documents"
KAYBITSY, LENINOGORSK = "ru-16-kaybitsy", "ru-16-leninogorsk"
FEDOROVSKAYA = "kaybitsy-fedorovskaya"
A4 = (595, 842)  # points, portrait


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Api]:
    """The demo loaded once on SQLite: documents only read the views, which the view tests
    already check on both backends; the documents' isolation runs on both in test_documents_api."""
    root = tmp_path_factory.mktemp("documents")
    backend = SQLiteBackend(root / "store")
    from cascade.settings import Settings

    settings = Settings(data_dir=str(root / "var"))
    post_demo(backend, CommandExecutor(bundled_calendars()))
    try:
        with TestClient(create_app(settings, backend=backend), raise_server_exceptions=False) as client:
            api = Api(client, settings, backend)
            api.project()
            yield api
    finally:
        backend.close()


def who(role: str, tenant: str | None = None, region: str = "ru-16", school: str | None = None):
    return next(p for p in DEMO_PRINCIPALS.values() if p.role == role and p.region == region
                and (tenant is None or p.tenant == tenant) and (school is None or p.school == school))


def _pages_size(reader) -> list[tuple[int, int]]:
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]


def test_000_appendix_1_partner_school_list_in_both_formats(demo):
    path = f"/api/v1/tenants/{KAYBITSY}/documents/partner-schools"
    officer = who(MUNICIPAL_OFFICER, KAYBITSY)
    text, tables, document = docx_text(fetch(demo, path, officer, "docx", as_of="2021-03-01"))
    [table] = tables
    assert table[0] == [c.header for c in PARTNER_LIST_COLUMNS]
    assert [(r[0], r[1], r[3]) for r in table[1:]] == [
        ("1", "МБОУ «Федоровская СОШ»", "МБОУ «Большекайбицкая СОШ»"),
        ("2", "МБОУ «Чутеевская СОШ»", "МБОУ «Хозесановская СОШ»"),
    ]
    assert all(", " in row[2] and ", " in row[4] for row in table[1:])  # name, position
    header = spaced(document.sections[0].header.paragraphs[0].text)
    assert header == "Кайбицкий муниципальный район · № ПШ-20210301 от 1 марта 2021 г."
    assert "Перечень школ-партнеров" in text and "Приложение 1 к приказу № 20/2 от 11.02.2021" in spaced(text)
    footer = document.sections[0].footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    pages, reader = pdf_pages(fetch(demo, path, officer, "pdf", as_of="2021-03-01"))
    assert len(pages) == 1 and _pages_size(reader) == [A4]
    page = spaced(pages[0])
    for expected in ("Перечень школ-партнеров", "Федоровская СОШ", "Хозесановская СОШ",
                     "Кайбицкий муниципальный район", "№ ПШ-20210301 от 1 марта 2021 г.", "Страница 1 из 1"):
        assert expected in page


def test_003_approval_sheet_lists_each_approver_in_order_with_the_result(demo):
    path = f"/api/v1/tenants/{LENINOGORSK}/documents/approval-sheet"
    methodist = who(MUNICIPAL_OFFICER, LENINOGORSK)
    text, tables, _ = docx_text(fetch(demo, path, methodist, "docx", sheet="leninogorsk-order-662"))
    [table] = tables
    assert table[0] == ["№", "ФИО, должность", "Срок согласования", "Результат согласования", "Замечания"]
    assert [r[0] for r in table[1:]] == ["1", "2"]
    assert table[1][1].startswith("deputy.leninogorsk@example.org, заместитель начальника")
    assert table[2][1].startswith("head.leninogorsk@example.org, начальник")
    assert table[1][3].startswith("Согласовано 30.04.2019") and table[2][3].startswith("Подписано 30.04.2019")
    assert "Инициатор согласования: methodist.leninogorsk@example.org" in text
    assert "Тип согласования: последовательное" in text and "Приказ № 662 от 03.05.2019" in spaced(text)
    pages, _ = pdf_pages(fetch(demo, path, methodist, "pdf", sheet="leninogorsk-order-662"))
    page = spaced(pages[0])
    assert len(pages) == 1
    assert "Лист согласования" in page and "Согласовано 30.04.2019" in page and "Подписано 30.04.2019" in page


def test_monthly_report_is_prefilled_with_the_months_occurrences_and_signature_lines(demo):
    officer = who(MUNICIPAL_OFFICER, KAYBITSY)
    roadmaps = demo.get(f"/api/v1/tenants/{KAYBITSY}/roadmaps", officer, school=FEDOROVSKAYA,
                        as_of="2021-03-31").json()["roadmaps"]
    due = sorted((o["due_on"], i["seq"], i["title"]) for r in roadmaps for i in r["items"]
                 for o in i["occurrences"] if o["due_on"].startswith("2021-03"))
    assert due, "the demo has items due in March 2021"
    path = f"/api/v1/tenants/{KAYBITSY}/documents/monthly-report"
    school = who(SCHOOL_USER, KAYBITSY, school=FEDOROVSKAYA)
    text, tables, _ = docx_text(fetch(demo, path, school, "docx", month="2021-03"))
    report, signatures = tables
    assert report[0][:4] == ["№", "Мероприятие дорожной карты", "Срок", "Состояние"]
    assert [r[1] for r in report[1:]] == [title for _, _, title in due]
    assert all(r[3] != "—" for r in report[1:])
    assert [r[0] for r in signatures] == ["Директор школы", "Координатор"]
    assert "Отчётный период: март 2021" in text and "МБОУ «Федоровская СОШ»" in text
    pages, _ = pdf_pages(fetch(demo, path, school, "pdf", month="2021-03"))
    joined = spaced(" ".join(pages))
    assert "Отчёт об исполнении дорожной карты" in joined and "Директор школы" in joined
    assert f"Страница {len(pages)} из {len(pages)}" in joined


def test_roadmap_prints_section_item_schedule_as_written_responsible_and_status(demo):
    officer = who(MUNICIPAL_OFFICER, KAYBITSY)
    [roadmap] = demo.get(f"/api/v1/tenants/{KAYBITSY}/roadmaps", officer, school=FEDOROVSKAYA,
                         as_of="2021-12-31").json()["roadmaps"]
    items = sorted(roadmap["items"], key=lambda i: i["seq"])
    path = f"/api/v1/tenants/{KAYBITSY}/documents/roadmap"
    _, tables, _ = docx_text(fetch(demo, path, officer, "docx", roadmap=roadmap["roadmap"], as_of="2021-12-31"))
    [table] = tables
    assert table[0] == ["№", "Раздел", "Мероприятие", "Сроки", "Ответственные", "Состояние"]
    assert [(r[2], r[3]) for r in table[1:]] == [(i["title"], i["schedule"]["label"]) for i in items]
    pages, _ = pdf_pages(fetch(demo, path, officer, "pdf", roadmap=roadmap["roadmap"], as_of="2021-12-31"))
    joined = spaced(" ".join(pages))
    assert roadmap["title"].split()[0] in joined and "Состояние на 31 декабря 2021 г." in joined
    assert f"Страница {len(pages)} из {len(pages)}" in joined


def test_003_criteria_table_of_a_school_against_the_averages(demo):
    methodist = who(MUNICIPAL_OFFICER, LENINOGORSK)
    path = f"/api/v1/tenants/{LENINOGORSK}/documents/criteria"
    params = {"as_of": "2019-12-30", "school": "leninogorsk-zelenoroshchinskaya"}
    text, tables, _ = docx_text(fetch(demo, path, methodist, "docx", **params))
    [table] = tables
    assert table[0] == ["№", "Критерий", "Ожидаемый результат", "Значение школы", "Средний показатель", "Оценка"]
    assert [r[0] for r in table[1:] if "." not in r[0]] == [str(n) for n in range(1, 10)]
    assert "МБОУ «Зеленорощинская СОШ»" in text and "Достигнуто критериев:" in text
    pages, _ = pdf_pages(fetch(demo, path, methodist, "pdf", **params))
    joined = spaced(" ".join(pages))
    assert "Критерии оценки результативности" in joined and "№ КР-20191230" in joined


def test_the_overview_is_one_landscape_page_with_its_charts_and_a_png_artifact(demo):
    operator = who(REGION_OPERATOR)
    path = "/api/v1/regions/ru-16/documents/overview"
    _, tables, document = docx_text(fetch(demo, path, operator, "docx", as_of="2021-12-31"))
    section = document.sections[0]
    assert section.page_width > section.page_height
    assert [r[0] for r in tables[0][1:]] == ["Кайбицкий муниципальный район", "Лениногорский муниципальный район",
                                            "Республика Татарстан"]
    content = fetch(demo, path, operator, "pdf", as_of="2021-12-31")
    pages, reader = pdf_pages(content)
    assert len(pages) == 1 and _pages_size(reader) == [A4[::-1]]
    page = spaced(pages[0])
    for expected in ("Сводка по региону", "Кайбицкий муниципальный район", "Отчёты в срок",
                     "21 из 24 (87,5 %)", "Страница 1 из 1"):
        assert expected in page
    OUTPUT.mkdir(parents=True, exist_ok=True)
    image = pypdfium2.PdfDocument(content)[0].render(scale=1.5).to_pil()
    target = OUTPUT / "overview-ru-16-2021-12-31.png"
    image.save(target)
    assert image.width > image.height and target.stat().st_size > 10_000
