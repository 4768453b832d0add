from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import i18n
from django.views.decorators.http import require_GET

from koers.core.access import KoersRequest, public, roles_required
from koers.core.roles import Role
from koers.portal.forms import LoginForm, PasswordResetForm, SetPasswordForm
from koers.portal.navigation import tiles_for

HOME_TEMPLATES = {
    Role.CITIZEN: "portal/home_citizen.html",
    Role.PRACTITIONER: "portal/home_practitioner.html",
    Role.SERVICE_MANAGER: "portal/home_manager.html",
    Role.ORGANISATION_ADMIN: "portal/home_manager.html",
    Role.POLICY_ANALYST: "portal/home_analyst.html",
}


@require_GET
@roles_required(*Role)
def home(request: KoersRequest) -> HttpResponse:
    role = request.actor.role or Role.CITIZEN
    context = {"role_label": role.label, "tiles": tiles_for(role)}
    return render(request, HOME_TEMPLATES[role], context)


def _public_view(view: Any) -> Any:
    # Django's auth views return HttpResponseBase, which `public`'s type bound does not admit.
    return public(view)


login = _public_view(
    auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)
)
logout = _public_view(auth_views.LogoutView.as_view())
password_reset = _public_view(
    auth_views.PasswordResetView.as_view(
        form_class=PasswordResetForm,
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
        extra_context={"title": _("Forgot your password?")},
    )
)
password_reset_done = _public_view(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = _public_view(
    auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm)
)
password_reset_complete = _public_view(auth_views.PasswordResetCompleteView.as_view())
set_language = _public_view(i18n.set_language)
