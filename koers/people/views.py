"""The citizen portal: my record, my consents, my shares, my data. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.forms import Form
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.core.access import KoersRequest, roles_required
from koers.core.roles import Role
from koers.people import selectors, services
from koers.people.forms import (
    ConsentGrantForm,
    EquityProfileForm,
    ErasureRequestForm,
    LifeStatusEndForm,
    LifeStatusForm,
    PersonDetailsForm,
    RecordShareForm,
)
from koers.people.models import CONSENT_EXPLANATIONS, ConsentPurpose, Language, Person


def _own_person(request: KoersRequest) -> Person:
    """The citizen's record, created on their first visit (so every login has one)."""
    return services.person_register_self(actor=request.actor)


def _record_crumb() -> tuple[str, str]:
    return (_("My record"), reverse("person_record"))


def _apply(form: Form, call: Any) -> bool:
    """Run a service; put its ValidationError on the form. True when it succeeded."""
    try:
        call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


def _status(form: Form) -> int:
    return 400 if form.errors else 200


@require_GET
@roles_required(Role.CITIZEN)
def person_record(request: KoersRequest) -> HttpResponse:
    person = _own_person(request)
    timeline = selectors.life_status_list(actor=request.actor, person_id=person.id)
    return render(
        request,
        "people/person_record.html",
        {"person": person, "timeline": timeline, "crumbs": [(_("My record"), None)]},
    )


@require_http_methods(["GET", "POST"])
@roles_required(Role.CITIZEN)
def person_details_edit(request: KoersRequest) -> HttpResponse:
    person = _own_person(request)
    initial = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "email": person.email,
        "phone": person.phone,
        "preferred_language": person.preferred_language,
    }
    form = PersonDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.person_update_details(
                actor=request.actor,
                given_name=data["given_name"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
                email=data["email"],
                phone=data["phone"],
                preferred_language=Language(data["preferred_language"]),
            ),
        ):
            messages.success(request, _("Your details have been saved."))
            return redirect("person_record")
    crumbs = [_record_crumb(), (_("Change my details"), None)]
    return render(
        request,
        "people/person_details_form.html",
        {"form": form, "crumbs": crumbs},
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
@roles_required(Role.CITIZEN)
def life_status_add(request: KoersRequest) -> HttpResponse:
    person = _own_person(request)
    form = LifeStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.life_status_add(actor=request.actor, person_id=person.id, **data),
        ):
            messages.success(request, _("The period has been added to your timeline."))
            return redirect("person_record")
    crumbs = [_record_crumb(), (_("Add a period"), None)]
    return render(
        request,
        "people/life_status_form.html",
        {"form": form, "crumbs": crumbs},
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
@roles_required(Role.CITIZEN)
def life_status_end(request: KoersRequest, life_status_id: int) -> HttpResponse:
    life_status = selectors.own_life_status_get(actor=request.actor, life_status_id=life_status_id)
    form = LifeStatusEndForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.life_status_end(
                actor=request.actor,
                life_status_id=life_status.id,
                end_date=form.cleaned_data["end_date"],
            ),
        )
    ):
        messages.success(request, _("The period has been ended."))
        return redirect("person_record")
    crumbs = [_record_crumb(), (_("End a period"), None)]
    return render(
        request,
        "people/life_status_end.html",
        {"form": form, "life_status": life_status, "crumbs": crumbs},
        status=_status(form),
    )


@require_GET
@roles_required(Role.CITIZEN)
def consent_list(request: KoersRequest) -> HttpResponse:
    _own_person(request)
    consents = list(selectors.consent_list(actor=request.actor))
    active = {c.purpose: c for c in consents if c.revoked_at is None}
    purposes = [
        {
            "purpose": purpose,
            "explanation": CONSENT_EXPLANATIONS[purpose],
            "consent": active.get(purpose.value),
        }
        for purpose in ConsentPurpose
    ]
    equity = selectors.equity_profile_for_citizen(actor=request.actor)
    return render(
        request,
        "people/consent_list.html",
        {
            "purposes": purposes,
            "history": [c for c in consents if c.revoked_at is not None],
            "equity_consent": ConsentPurpose.EQUITY_MONITORING.value in active,
            "equity": equity,
            "crumbs": [(_("My consents"), None)],
        },
    )


@require_POST
@roles_required(Role.CITIZEN)
def consent_grant(request: KoersRequest) -> HttpResponse:
    _own_person(request)
    form = ConsentGrantForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what you give consent for."))
        return redirect("consent_list")
    try:
        services.consent_grant(
            actor=request.actor, purpose=ConsentPurpose(form.cleaned_data["purpose"])
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your consent has been recorded."))
    return redirect("consent_list")


@require_POST
@roles_required(Role.CITIZEN)
def consent_revoke(request: KoersRequest, consent_id: int) -> HttpResponse:
    try:
        services.consent_revoke(actor=request.actor, consent_id=consent_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your consent has been withdrawn."))
    return redirect("consent_list")


@require_http_methods(["GET", "POST"])
@roles_required(Role.CITIZEN)
def equity_profile_edit(request: KoersRequest) -> HttpResponse:
    _own_person(request)
    profile = selectors.equity_profile_for_citizen(actor=request.actor)
    initial: dict[str, str] = {}
    if profile is not None:
        initial = {
            "gender": profile.gender,
            "migration_background": profile.migration_background,
            "disability": profile.disability,
            "highest_education": profile.highest_education,
        }
    form = EquityProfileForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form, lambda: services.equity_profile_save(actor=request.actor, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Thank you. Your answers have been saved."))
        return redirect("consent_list")
    crumbs = [(_("My consents"), reverse("consent_list")), (_("Equity monitoring"), None)]
    return render(
        request,
        "people/equity_profile_form.html",
        {
            "form": form,
            "crumbs": crumbs,
            "explanation": CONSENT_EXPLANATIONS[ConsentPurpose.EQUITY_MONITORING],
        },
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
@roles_required(Role.CITIZEN)
def record_share_list(request: KoersRequest) -> HttpResponse:
    _own_person(request)
    providers = [
        (organisation.id, organisation.name)
        for organisation in selectors.sharing_provider_list(actor=request.actor)
    ]
    form = RecordShareForm(request.POST or None, providers=providers)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.record_share_grant(
                actor=request.actor,
                organisation_id=form.cleaned_data["organisation"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at,
            ),
        )
    ):
        messages.success(request, _("Your record is now shared."))
        return redirect("record_share_list")
    return render(
        request,
        "people/record_share_list.html",
        {
            "shares": selectors.record_share_list(actor=request.actor),
            "form": form,
            "crumbs": [(_("Sharing my record"), None)],
        },
        status=_status(form),
    )


@require_POST
@roles_required(Role.CITIZEN)
def record_share_revoke(request: KoersRequest, share_id: int) -> HttpResponse:
    try:
        services.record_share_revoke(actor=request.actor, share_id=share_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The share has been withdrawn."))
    return redirect("record_share_list")


@require_GET
@roles_required(Role.CITIZEN)
def my_data(request: KoersRequest) -> HttpResponse:
    person = _own_person(request)
    return render(
        request,
        "people/my_data.html",
        {
            "person": person,
            "form": ErasureRequestForm(),
            "requests": selectors.erasure_request_list(actor=request.actor),
            "crumbs": [(_("My data"), None)],
        },
    )


@require_GET
@roles_required(Role.CITIZEN)
def my_data_download(request: KoersRequest) -> HttpResponse:
    person = _own_person(request)
    data = services.person_export_own(actor=request.actor)
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = f'attachment; filename="koers-{person.reference}.json"'
    return response


@require_POST
@roles_required(Role.CITIZEN)
def erasure_request(request: KoersRequest) -> HttpResponse:
    _own_person(request)
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("my_data")
    try:
        services.erasure_request_submit(actor=request.actor, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("We have received your request to erase your record. We will let you know."),
        )
    return redirect("my_data")
