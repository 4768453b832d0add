"""Pages for organisation administrators: make, list and revoke API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.api import selectors, services
from koers.api.forms import ApiTokenCreateForm
from koers.api.models import TokenScope
from koers.core.access import KoersRequest, roles_required
from koers.core.roles import Role


@require_http_methods(["GET", "POST"])
@roles_required(Role.ORGANISATION_ADMIN)
def api_token_list(request: KoersRequest) -> HttpResponse:
    form = ApiTokenCreateForm(request.POST or None)
    secret = ""
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = services.api_token_create(
                actor=request.actor,
                name=form.cleaned_data["name"],
                scope=TokenScope(form.cleaned_data["scope"]),
                expires_at=timezone.now() + timedelta(days=form.cleaned_data["lifetime"]),
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            # The secret is shown in this response only; it is never stored or shown again.
            form = ApiTokenCreateForm()
    tokens = selectors.api_token_list(actor=request.actor)
    response = render(
        request,
        "api/api_token_list.html",
        {
            "tokens": tokens,
            "form": form,
            "created": created,
            "secret": secret,
            "now": timezone.now(),
            "crumbs": [(_("API tokens"), None)],
        },
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@roles_required(Role.ORGANISATION_ADMIN)
def api_token_revoke(request: KoersRequest, token_id: int) -> HttpResponse:
    try:
        token = services.api_token_revoke(actor=request.actor, token_id=token_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The token “%(name)s” has been revoked.") % {"name": token.name}
        )
    return redirect("api_token_list")
