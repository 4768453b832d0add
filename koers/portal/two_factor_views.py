"""Setting up and giving the second factor, and the account security page."""

from __future__ import annotations

import base64

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.core import two_factor
from koers.core.access import KoersRequest, roles_required
from koers.core.account import account_security_get
from koers.core.forms import KoersFormMixin
from koers.core.models import User
from koers.core.roles import Role


class CodeForm(KoersFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _user(request: KoersRequest) -> User:
    assert request.actor.user is not None  # noqa: S101 - roles_required guarantees a user
    return request.actor.user


def _next_url(request: KoersRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/home/"


@require_http_methods(["GET", "POST"])
@roles_required(*Role, second_factor=False)
def two_factor_verify(request: KoersRequest) -> HttpResponse:
    user = _user(request)
    if not two_factor.second_factor_configured(user):
        return redirect(f"{reverse('two_factor_setup')}?next={_next_url(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.second_factor_verify(
                request=request, user=user, token=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            return redirect(_next_url(request))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@roles_required(*Role, second_factor=False)
def two_factor_setup(request: KoersRequest) -> HttpResponse:
    user = _user(request)
    if two_factor.second_factor_configured(user) and not user.is_verified():  # type: ignore[attr-defined]
        # Replacing an authenticator needs the current one first.
        return redirect(f"{reverse('two_factor_verify')}?next={reverse('two_factor_setup')}")
    device = two_factor.totp_device_pending(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.totp_device_confirm(
                request=request, user=user, token=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            return render(
                request,
                "registration/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    context = {
        "form": form,
        "qr_svg": two_factor.totp_qr_svg(device),
        "secret": base64.b32encode(device.bin_key).decode(),
        "next": _next_url(request),
    }
    return render(
        request, "registration/two_factor_setup.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET"])
@roles_required(*Role)
def account_security(request: KoersRequest) -> HttpResponse:
    security = account_security_get(actor=request.actor)
    return render(request, "portal/account_security.html", {"security": security})


@require_POST
@roles_required(*Role)
def recovery_codes_renew(request: KoersRequest) -> HttpResponse:
    codes = two_factor.recovery_codes_replace(user=_user(request))
    return render(
        request, "registration/recovery_codes.html", {"codes": codes, "next": "/account/security/"}
    )
