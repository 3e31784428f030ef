"""The log's event types and stream kinds in Russian, for the auditor's pages.

The trail keeps the stored name (e.g. «Report.Filed»), by which the auditor filters; the pages show
the Russian name with the stored one beside it in a title and secondary text. Every event class of
the domain has its name here (tests/unit/test_event_words.py).
"""

from __future__ import annotations

#: The aggregates of the log in Russian (a stream's kind, from its events' class).
KINDS: dict[str, str] = {
    "Appointment": "назначение", "ApprovalSheet": "лист согласования",
    "ChainCheckpoint": "контрольная точка", "Community": "сообщество",
    "FileImport": "импорт файла", "IndicatorSeries": "ряд показателя",
    "InternshipRequest": "заявка на стажировку", "MethodicalMaterial": "методический материал",
    "Network": "сеть школ", "Organisation": "организация", "OrganisationEvent": "мероприятие организации",
    "Partnership": "партнёрство", "Programme": "программа", "ReminderSubscription": "подписка на напоминания",
    "Report": "отчёт", "ReportingDuty": "обязанность отчитываться", "RiskProfile": "профиль рисков",
    "Roadmap": "дорожная карта", "School": "школа", "SchoolResults": "результаты школы",
    "SiteContest": "конкурс базовых площадок", "TeacherHeadcount": "численность педагогов",
    "TenantRules": "правила сроков", "Visit": "выезд",
}

#: What each event records, by its stored name.
EVENTS: dict[str, str] = {
    "Appointment.Made": "назначен ответственный приказом", "Appointment.HolderReplaced": "назначенный заменён",
    "Appointment.Ended": "освобождён от обязанностей",
    "ApprovalSheet.Submitted": "документ направлен на согласование", "ApprovalSheet.SignedOff": "лист подписан",
    "ApprovalSheet.Returned": "лист возвращён с замечаниями", "ApprovalSheet.Resubmitted": "документ направлен повторно",
    "ApprovalSheet.Approved": "документ согласован",
    "ChainCheckpoint.Opened": "цепочка контрольных точек открыта", "ChainCheckpoint.Checkpointed": "контрольная точка записана",
    "Community.Formed": "сообщество создано", "Community.MemberJoined": "школа включена в сообщество",
    "Community.MeetingHeld": "заседание сообщества проведено",
    "FileImport.Recorded": "импорт файла записан",
    "IndicatorSeries.Opened": "ряд показателя открыт", "IndicatorSeries.ValueRecorded": "значение показателя записано",
    "IndicatorSeries.ValueCorrected": "значение показателя исправлено",
    "InternshipRequest.Submitted": "заявка на стажировку подана", "InternshipRequest.Confirmed": "заявка подтверждена",
    "InternshipRequest.Withdrawn": "заявка отозвана", "InternshipRequest.Held": "стажировка проведена",
    "MethodicalMaterial.Added": "методический материал добавлен", "MethodicalMaterial.Withdrawn": "методический материал изъят",
    "Network.Established": "сеть школ создана", "Network.Recomposed": "состав сети изменён",
    "Network.Dissolved": "работа сети прекращена",
    "Organisation.Registered": "организация зарегистрирована",
    "OrganisationEvent.Planned": "мероприятие организации запланировано",
    "OrganisationEvent.Held": "мероприятие организации проведено",
    "OrganisationEvent.Cancelled": "мероприятие организации отменено",
    "Partnership.Assigned": "школа-партнёр назначена", "Partnership.AgreementConcluded": "соглашение заключено",
    "Partnership.AgreementExtended": "соглашение продлено", "Partnership.TerminationNotified": "уведомление о расторжении",
    "Partnership.TerminatedByConsent": "соглашение расторгнуто по согласию сторон", "Partnership.Ended": "партнёрство прекращено",
    "Programme.Adopted": "программа принята",
    "ReminderSubscription.Subscribed": "подписка на напоминания оформлена",
    "ReminderSubscription.AddressChanged": "адрес напоминаний изменён",
    "ReminderSubscription.SwitchedOff": "напоминания выключены", "ReminderSubscription.SwitchedOn": "напоминания включены",
    "Report.Filed": "отчёт подан", "Report.Refiled": "отчёт подан повторно", "Report.Accepted": "отчёт принят",
    "Report.Returned": "отчёт возвращён на доработку",
    "ReportingDuty.Adopted": "обязанность отчитываться установлена", "ReportingDuty.Amended": "обязанность отчитываться изменена",
    "ReportingDuty.Lapsed": "обязанность отчитываться отменена",
    "RiskProfile.Assessed": "рисковый профиль оценён", "RiskProfile.Reassessed": "рисковый профиль оценён заново",
    "RiskProfile.ProgrammeAdopted": "антирисковая программа утверждена",
    "Roadmap.Approved": "дорожная карта утверждена", "Roadmap.ItemAdded": "мероприятие добавлено",
    "Roadmap.ItemStarted": "мероприятие начато", "Roadmap.ItemCompleted": "мероприятие выполнено",
    "Roadmap.ItemRescheduled": "мероприятие перенесено", "Roadmap.ItemCancelled": "мероприятие отменено",
    "Roadmap.OccurrenceCompleted": "мероприятие выполнено в срок плана",
    "Roadmap.OccurrenceRescheduled": "срок мероприятия перенесён", "Roadmap.OccurrenceCancelled": "срок мероприятия отменён",
    "School.Registered": "школа внесена в реестр", "School.DetailsRecorded": "сведения о школе записаны",
    "School.Identified": "школа отнесена к ШНОР или ШФНСУ", "School.Designated": "школе присвоен статус",
    "School.NetworkCentreChanged": "центр сети школы изменён", "School.ExitedProgramme": "школа вышла из программы",
    "SchoolResults.Opened": "результаты школы открыты", "SchoolResults.Recorded": "результаты записаны",
    "SchoolResults.ProposalDecided": "решение по предложению об отнесении",
    "SiteContest.Announced": "конкурс объявлен", "SiteContest.Applied": "заявка на конкурс записана",
    "SiteContest.SiteDecided": "школа признана базовой площадкой", "SiteContest.SupportAssigned": "школа закреплена за площадкой",
    "TeacherHeadcount.Recorded": "численность учителей записана", "TeacherHeadcount.Corrected": "численность учителей исправлена",
    "TenantRules.Opened": "правила сроков открыты", "TenantRules.Changed": "правила сроков изменены",
    "Visit.Planned": "посещение запланировано", "Visit.Held": "посещение проведено", "Visit.Cancelled": "посещение отменено",
}


def event_name(stored: str) -> str | None:
    """The Russian name of a stored event type; a stream's creation is named after its kind."""
    if stored in EVENTS:
        return EVENTS[stored]
    kind, _, event = stored.partition(".")
    if event == "Created" and kind in KINDS:
        return f"{KINDS[kind]}: запись создана"
    return None


def event_shown(stored: str) -> str:
    """What the page shows: the Russian name, else the stored name (a class not in the table)."""
    return event_name(stored) or stored
