from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.core.access import KoersRequest, roles_required
from koers.core.actor import ACTIVE_MEMBERSHIP_SESSION_KEY
from koers.core.roles import STAFF_ROLES, Role
from koers.organisations import selectors, services
from koers.organisations.forms import MemberAddForm, MembershipSwitchForm

MEMBER_VIEWERS = (Role.ORGANISATION_ADMIN, Role.SERVICE_MANAGER)


@require_GET
@roles_required(*STAFF_ROLES)
def organisation_detail(request: KoersRequest) -> HttpResponse:
    organisation = selectors.organisation_get(
        actor=request.actor, organisation_id=request.actor.organisation_id or 0
    )
    crumbs = [(organisation.name, None)]
    return render(
        request,
        "organisations/organisation_detail.html",
        {"organisation": organisation, "crumbs": crumbs},
    )


@require_http_methods(["GET", "POST"])
@roles_required(*MEMBER_VIEWERS)
def member_list(request: KoersRequest) -> HttpResponse:
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(
                actor=request.actor,
                organisation_id=request.actor.organisation_id or 0,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=Role(form.cleaned_data["role"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The new role has been added and an e-mail sent."))
            return redirect("member_list")
    memberships = selectors.membership_list(actor=request.actor)
    can_manage = request.actor.has_role(Role.ORGANISATION_ADMIN)
    status = 400 if form.errors else 200
    return render(
        request,
        "organisations/member_list.html",
        {"memberships": memberships, "form": form, "can_manage": can_manage},
        status=status,
    )


@require_POST
@roles_required(Role.ORGANISATION_ADMIN)
def member_deactivate(request: KoersRequest, membership_id: int) -> HttpResponse:
    try:
        services.membership_deactivate(actor=request.actor, membership_id=membership_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role has been ended."))
    return redirect("member_list")


@require_GET
@roles_required(Role.POLICY_ANALYST)
def network_organisation_list(request: KoersRequest) -> HttpResponse:
    organisations = selectors.organisation_list(actor=request.actor)
    return render(
        request, "organisations/network_organisation_list.html", {"organisations": organisations}
    )


@require_GET
@roles_required(Role.POLICY_ANALYST)
def network_organisation_detail(request: KoersRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.organisation_get(actor=request.actor, organisation_id=organisation_id)
    crumbs = [
        (_("Organisations"), reverse("network_organisation_list")),
        (organisation.name, None),
    ]
    return render(
        request,
        "organisations/network_organisation_detail.html",
        {"organisation": organisation, "crumbs": crumbs},
    )


@require_POST
@roles_required(*STAFF_ROLES)
def membership_switch(request: KoersRequest) -> HttpResponse:
    form = MembershipSwitchForm(request.POST)
    memberships = {m.id for m in request.actor_memberships}
    if not form.is_valid() or form.cleaned_data["membership"] not in memberships:
        raise Http404
    request.session[ACTIVE_MEMBERSHIP_SESSION_KEY] = form.cleaned_data["membership"]
    return redirect("home")
