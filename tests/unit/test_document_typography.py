"""Russian typography and the server-drawn charts of the printed documents (issue 14 item 1)."""

from __future__ import annotations

import re
from datetime import date, datetime

from services.documents.charts import svg, text_bar
from services.documents.layout import Bar, Chart
from services.documents.typography import (
    NBSP,
    date_time,
    figure,
    long_date,
    numbered,
    percent,
    quoted,
)
from services.documents.words import own_number


def test_dates_numbers_and_the_number_sign_follow_russian_typography():
    assert long_date(date(2021, 2, 28)) == f"28 февраля 2021{NBSP}г."
    assert date_time(datetime(2019, 4, 30, 15, 43)) == "30.04.2019 15:43"
    assert numbered("12") == f"№{NBSP}12"
    assert own_number("ПШ", date(2021, 3, 1)) == f"№{NBSP}ПШ-20210301"
    assert figure(2314) == f"2{NBSP}314" and figure(48.75, 2) == "48,75" and figure(None) == "—"
    assert percent(87.5) == f"87,5{NBSP}%"
    assert quoted("Федоровская СОШ") == "«Федоровская СОШ»" and quoted("«А»") == "«А»"


def test_a_bar_is_as_long_as_its_share_and_carries_its_number():
    drawn = svg(Chart("Отчёты в срок", [Bar("Кайбицкий", 50.0, "50 %"), Bar("Лениногорский", None, "—")]))
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="12" fill="#2f5d8a"', drawn)]
    assert widths == [75.0, 0.0]  # 150 points of room: half, and nothing for no data
    assert ">50 %<" in drawn and ">—<" in drawn
    assert text_bar(50, 100, 10) == "█████░░░░░" and text_bar(None, 100, 4) == "░░░░"
