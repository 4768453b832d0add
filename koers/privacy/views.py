from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from koers.core.access import KoersRequest, public, roles_required
from koers.core.roles import Role
from koers.privacy import selectors, services
from koers.privacy.forms import ErasureDecisionForm, RetentionRuleForm, SelfErasureForm
from koers.privacy.health import health_check
from koers.privacy.models import Decision
from koers.privacy.register import processing_register

SERVICE_UNAVAILABLE = 503
RETENTION_MANAGERS = (Role.SERVICE_MANAGER, Role.ORGANISATION_ADMIN)


@never_cache
@require_GET
@public
def healthz(request: KoersRequest) -> HttpResponse:
    """For load balancers: 200 with {"status": "ok"} when the database answers, else 503."""
    health = health_check()
    return JsonResponse(
        {
            "status": "ok" if health.ok else "unavailable",
            "database": "ok" if health.database else "unavailable",
            "database_ms": round(health.database_ms, 1),
        },
        status=200 if health.ok else SERVICE_UNAVAILABLE,
    )


@require_GET
@public
def processing_register_view(request: KoersRequest) -> HttpResponse:
    return render(
        request,
        "privacy/register.html",
        {"entries": processing_register(), "crumbs": [(_("Processing register"), None)]},
    )


@require_GET
@roles_required(Role.SERVICE_MANAGER)
def erasure_request_list(request: KoersRequest) -> HttpResponse:
    requests = selectors.erasure_request_list(actor=request.actor)
    return render(
        request,
        "privacy/erasure_list.html",
        {"requests": requests, "crumbs": [(_("Erasure requests"), None)]},
    )


@require_http_methods(["GET", "POST"])
@roles_required(Role.SERVICE_MANAGER)
def erasure_request_review(request: KoersRequest, request_id: int) -> HttpResponse:
    erasure = selectors.erasure_request_get(actor=request.actor, request_id=request_id)
    form = ErasureDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erasure_request_review(
                actor=request.actor,
                request_id=erasure.id,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.cleaned_data["decision"] == Decision.APPROVED:
                messages.success(request, _("The person's data has been erased."))
            else:
                messages.success(request, _("The request has been declined."))
            return redirect("erasure_request_list")
    crumbs = [
        (_("Erasure requests"), reverse("erasure_request_list")),
        (erasure.person_reference, None),
    ]
    return render(
        request,
        "privacy/erasure_review.html",
        {"erasure": erasure, "form": form, "crumbs": crumbs},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@roles_required(Role.CITIZEN)
def erasure_own(request: KoersRequest) -> HttpResponse:
    """The citizen's open requests; where no organisation holds their records, they confirm the
    erasure of what they alone hold."""
    form = SelfErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erasure_request_review(
                actor=request.actor,
                request_id=form.cleaned_data["request"],
                decision=Decision.APPROVED,
                reason=_("Erased at the citizen's own request (no provider held records)."),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your data has been erased."))
        return redirect("erasure_own")
    requests = [
        (erasure, selectors.self_held_only(person_id=erasure.person_id))
        for erasure in selectors.erasure_request_own_list(actor=request.actor)
        if erasure.person_id is not None
    ]
    return render(
        request,
        "privacy/erasure_own.html",
        {"requests": requests, "crumbs": [(_("Your erasure request"), None)]},
    )


@require_http_methods(["GET", "POST"])
@roles_required(*RETENTION_MANAGERS)
def retention(request: KoersRequest) -> HttpResponse:
    form = RetentionRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_rule_set(
                actor=request.actor,
                record_type=form.cleaned_data["record_type"],
                years=form.cleaned_data["years"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The retention period has been saved."))
            return redirect("retention")
    preview = selectors.retention_preview(
        today=timezone.localdate(), organisation_id=request.actor.organisation_id
    )
    return render(
        request,
        "privacy/retention.html",
        {"form": form, "preview": preview, "crumbs": [(_("Retention"), None)]},
        status=400 if form.errors else 200,
    )


@require_GET
@roles_required(*RETENTION_MANAGERS)
def extract_list(request: KoersRequest) -> HttpResponse:
    extracts = selectors.extract_record_list(actor=request.actor)
    return render(
        request,
        "privacy/extract_list.html",
        {"extracts": extracts, "crumbs": [(_("Research extracts"), None)]},
    )
