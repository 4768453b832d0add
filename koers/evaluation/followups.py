"""Follow-up links and e-mails: the signed, expiring token in a follow-up link, and the
invitation and reminder mails in the person's language.

A link carries the follow-up's random token signed with a timestamp (`django.core.signing`):
it cannot be forged without the secret key, it expires LINK_VALID_DAYS after it was signed
(a reminder signs it afresh), and it is single-use because a submitted questionnaire cannot be
opened again.
"""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

LINK_SALT = "koers.evaluation.followup"
LINK_VALID_DAYS = 30


class LinkProblem(StrEnum):
    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"


class LinkError(Exception):
    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def new_token() -> str:
    return secrets.token_urlsafe(24)


def link_sign(token: str) -> str:
    """The value in a follow-up link: the token, signed now."""
    return signing.TimestampSigner(salt=LINK_SALT).sign(token)


def link_token(signed: str, *, max_age_days: int = LINK_VALID_DAYS) -> str:
    """The token inside a link value; LinkError when it was tampered with or has expired."""
    signer = signing.TimestampSigner(salt=LINK_SALT)
    try:
        return signer.unsign(signed, max_age=dt.timedelta(days=max_age_days))
    except signing.SignatureExpired:
        raise LinkError(LinkProblem.EXPIRED) from None
    except signing.BadSignature:
        raise LinkError(LinkProblem.INVALID) from None


def link_url(token: str) -> str:
    return settings.KOERS_BASE_URL + reverse("followup_answer", kwargs={"token": link_sign(token)})


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the last day of a shorter month)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def followup_mail_send(
    *,
    email: str,
    language: str,
    given_name: str,
    organisation: str,
    months: int,
    token: str,
    reminder: bool,
) -> None:
    """Send the invitation (or the one reminder) with a freshly signed personal link."""
    with translation.override(language):
        context = {
            "given_name": given_name,
            "organisation": organisation,
            "months": months,
            "url": link_url(token),
            "valid_days": LINK_VALID_DAYS,
            "reminder": reminder,
        }
        subject = (
            _("Reminder: how are you doing? A short questionnaire from %(organisation)s")
            if reminder
            else _("How are you doing? A short questionnaire from %(organisation)s")
        ) % {"organisation": organisation}
        send_mail(
            subject=subject,
            message=render_to_string("evaluation/email/followup.txt", context),
            from_email=None,
            recipient_list=[email],
        )
