"""A person's facts on a given day, as the eligibility rules (rules.py) name them.

Dates, decided once:
- **Age**: someone reaches an age on their birthday (on the day itself). Someone born on
  29 February reaches it on 1 March in a year without 29 February.
- **Months since the last voucher**: whole calendar months; the month is complete on the same
  day-of-month (10 March to 10 May is 2 months, to 9 May is 1).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from koers.people.models import LifeStatus, LifeStatusKind, Person

WORKING = (LifeStatusKind.EMPLOYED, LifeStatusKind.SELF_EMPLOYED)
DAYS_PER_YEAR = 365.25


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def whole_months_between(start: dt.date, day: dt.date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month - (day.day < start.day)


def person_facts(
    *, person: Person, day: dt.date, last_voucher_on: dt.date | None
) -> dict[str, Any]:
    """The facts of `person` on `day` (None where unknown); two small queries at most."""
    periods = list(
        LifeStatus.objects.filter(person=person, start_date__lte=day).values(
            "status", "start_date", "end_date"
        )
    )
    current = [p for p in periods if p["end_date"] is None or p["end_date"] >= day]
    current.sort(key=lambda p: p["start_date"], reverse=True)
    worked_days = sum(
        (min(p["end_date"] or day, day) - p["start_date"]).days + 1
        for p in periods
        if p["status"] in WORKING
    )
    return {
        "age": age_on(person.date_of_birth, day) if person.date_of_birth else None,
        "years_worked": round(worked_days / DAYS_PER_YEAR, 2) if periods else None,
        "life_status": current[0]["status"] if current else None,
        "months_since_last_voucher": (
            whole_months_between(last_voucher_on, day) if last_voucher_on else None
        ),
    }
