"""What a user sees about their own account's security: second factor and login history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessFailureLog, AccessLog

from koers.core.actor import Actor
from koers.core.two_factor import recovery_codes_left, second_factor_configured

HISTORY_LENGTH = 20


@dataclass(frozen=True)
class LoginEvent:
    at: datetime
    succeeded: bool
    ip_address: str
    user_agent: str


@dataclass(frozen=True)
class AccountSecurity:
    second_factor: bool
    recovery_codes_left: int
    logins: list[LoginEvent]


def account_security_get(*, actor: Actor) -> AccountSecurity:
    """The actor's own second-factor status and their latest logins, failed ones included."""
    user = actor.user
    if user is None:
        raise ValueError("an anonymous visitor has no account")
    successes = AccessLog.objects.filter(username=user.email).order_by("-attempt_time")
    failures = AccessFailureLog.objects.filter(username=user.email).order_by("-attempt_time")
    events = [
        LoginEvent(log.attempt_time, True, log.ip_address or "", log.user_agent)
        for log in successes[:HISTORY_LENGTH]
    ] + [
        LoginEvent(log.attempt_time, False, log.ip_address or "", log.user_agent)
        for log in failures[:HISTORY_LENGTH]
    ]
    events.sort(key=lambda event: event.at, reverse=True)
    return AccountSecurity(
        second_factor=second_factor_configured(user),
        recovery_codes_left=recovery_codes_left(user=user),
        logins=events[:HISTORY_LENGTH],
    )
