"""Second factor for logging in: TOTP (an authenticator app) with one-time recovery codes.

Staff must use it wherever KOERS_REQUIRE_2FA is on (always in production); citizens may.
"""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from koers.core.models import User

RECOVERY_CODE_COUNT = 10
PENDING_DEVICE_NAME = "pending"
APP_DEVICE_NAME = "authenticator app"


def second_factor_configured(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device of a user who is setting up an authenticator app."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": PENDING_DEVICE_NAME}
    )
    return device


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no JavaScript, no external service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, user: User, token: str) -> list[str]:
    """Confirm the pending authenticator with a code from it; return fresh recovery codes.

    Side effects: replaces earlier authenticator devices and recovery codes, and marks this
    session as verified.
    """
    device = totp_device_pending(user=user)
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ValidationError(
            _("That code is not right. Check the time on your phone and try again.")
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.name = APP_DEVICE_NAME
    device.confirmed = True
    device.save(update_fields=["name", "confirmed"])
    codes = recovery_codes_replace(user=user)
    otp_login(request, device)
    return codes


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """New one-time recovery codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "recovery codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(*, user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user).count())


def second_factor_verify(*, request: HttpRequest, user: User, token: str) -> None:
    """Check a code from the authenticator app or a recovery code and verify the session."""
    device = match_token(user, token.strip().replace(" ", ""))
    if device is None:
        raise ValidationError(_("That code is not right. Try again, or use a recovery code."))
    otp_login(request, device)
