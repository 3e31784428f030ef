"""The partnership agreement's term and its end: how long it runs, who ends it (003 §3.1-3.3).

Pure rules used by `domain.partnership`; the agreement itself lives on the Partnership stream.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from domain.base import InvalidValue
from domain.rules import DeadlineRules
from domain.schedule import add_months

#: How the term was given: an explicit last day, a calendar year («сроком на 2019 год», to
#: 31.12 of that year, 003 §3.1) or a number of years from signing. `""` on agreements recorded
#: before the form was stored.
TermForm = Literal["explicit", "calendar_year", "years"]

#: Who gave the written notice of a unilateral termination (003 §3.3): one of the two schools
#: party to the agreement, or the municipality that assigned the pair. `""`: not stated.
NoticeParty = Literal["supported_school", "partner_school", "municipality"]

_YEARS = (1, 10)


def agreement_term(
    concluded_on: date,
    rules: DeadlineRules,
    term: TermForm | None = None,
    term_until: date | None = None,
    term_year: int | None = None,
    term_years: int | None = None,
) -> tuple[date, TermForm]:
    """The agreement's last day and the form it was given in (003 §3.1).

    A `term_until` alone is explicit; nothing at all takes the tenant's default form
    (`DeadlineRules.agreement_term`, the calendar year of signing as 003 §3.1 words it).
    """
    form: TermForm = term or ("explicit" if term_until is not None else rules.agreement_term)
    if term_until is not None and form != "explicit":
        raise InvalidValue("term_until", "is given only with term explicit, not {form}", form=form)
    if term_year is not None and form != "calendar_year":
        raise InvalidValue("term_year", "is given only with term calendar_year")
    if term_years is not None and form != "years":
        raise InvalidValue("term_years", "is given only with term years")
    if form == "explicit":
        if term_until is None:
            raise InvalidValue("term_until", "is required when the term is explicit")
        last = term_until
    elif form == "calendar_year":
        year = concluded_on.year if term_year is None else term_year
        if year < concluded_on.year:
            raise InvalidValue("term_year", "must not be before the year of signing {year}", year=concluded_on.year)
        last = date(year, 12, 31)
    else:
        years = rules.agreement_term_years if term_years is None else term_years
        if not _YEARS[0] <= years <= _YEARS[1]:
            raise InvalidValue("term_years", "must be an integer 1-10")
        last = add_months(concluded_on, 12 * years)
    if last <= concluded_on:
        field = {"explicit": "term_until", "calendar_year": "term_year", "years": "term_years"}
        raise InvalidValue(field[form], "the term must end after concluded_on")
    return last, form


def in_force(concluded_on: date | None, term_until: date | None, ended_on: date | None, day: date) -> bool:
    """An agreement runs from its signing through the last day of its term, unless ended (003 §3)."""
    if concluded_on is None or term_until is None:
        return False
    return concluded_on <= day <= term_until and (ended_on is None or day < ended_on)


def check_extension(number: str, current: date, term_until: date) -> None:
    """A supplementary agreement is numbered and moves the term later (003 §3.2)."""
    if not number.strip():
        raise InvalidValue("number", "must not be empty")
    if term_until <= current:
        raise InvalidValue("term_until", "must be after the current term {current}", current=current)


def check_consent(number: str, agreed_on: date, takes_effect_on: date, term_until: date) -> None:
    """An early end by consent is numbered and takes effect after the consent, within the term."""
    if not number.strip():
        raise InvalidValue("number", "must not be empty")
    if takes_effect_on < agreed_on:
        raise InvalidValue("takes_effect_on", "must not be before agreed_on")
    if takes_effect_on > term_until:
        raise InvalidValue("takes_effect_on", "the agreement runs only to {term_until}; end the partnership instead", term_until=term_until)


#: How an agreement stands on a day, as the registers show it (issue 11): none signed by then,
#: in force, in force but its term ends within `EXPIRY_WARNING_DAYS`, past its term, or ended.
AgreementStatus = Literal["none", "in_force", "expiring", "expired", "ended"]

#: An agreement in force whose last day is at most this many days after the day is "expiring".
EXPIRY_WARNING_DAYS = 60


def agreement_status(
    concluded_on: date | None, term_until: date | None, ended_on: date | None, day: date
) -> AgreementStatus:
    """The agreement's status on `day` by its term rules (003 §3.1-3.3, `in_force`).

    Not signed by `day`: none. Ended (termination or consent) on or before `day`: ended. Past
    its term (extensions included) without an end recorded: expired. Otherwise in force, and
    expiring when its term ends within `EXPIRY_WARNING_DAYS` of `day`.
    """
    if concluded_on is None or term_until is None or concluded_on > day:
        return "none"
    if in_force(concluded_on, term_until, ended_on, day):
        return "expiring" if (term_until - day).days <= EXPIRY_WARNING_DAYS else "in_force"
    if ended_on is not None and ended_on <= day:
        return "ended"
    return "expired"
