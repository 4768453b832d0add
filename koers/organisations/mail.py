"""E-mails about memberships, rendered in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from koers.organisations.models import Membership


def membership_welcome_send(*, membership_id: int) -> None:
    """Tell a person they have a role in an organisation; new users get a set-password link."""
    membership = Membership.objects.select_related("user", "organisation").get(id=membership_id)
    user = membership.user
    set_password_path = ""
    if not user.has_usable_password():
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        set_password_path = reverse(
            "password_reset_confirm", kwargs={"uidb64": uid, "token": token}
        )
    with translation.override(user.preferred_language):
        context = {
            "membership": membership,
            "role": membership.get_role_display(),
            "base_url": settings.KOERS_BASE_URL,
            "set_password_path": set_password_path,
        }
        send_mail(
            subject=_("You now work in Koers for %(organisation)s")
            % {"organisation": membership.organisation.name},
            message=render_to_string("organisations/email/welcome.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
