from __future__ import annotations

from django.contrib.auth import forms as auth_forms

from koers.core.forms import KoersFormMixin


class LoginForm(KoersFormMixin, auth_forms.AuthenticationForm):
    pass


class PasswordResetForm(KoersFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(KoersFormMixin, auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    pass
