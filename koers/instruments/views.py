from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.core.access import KoersRequest, roles_required
from koers.core.models import AuditPurpose
from koers.core.roles import Role
from koers.instruments import scoring, selectors, services
from koers.instruments.forms import SectionForm, StaffStartForm, StartForm
from koers.instruments.models import Administration, InstrumentKind, Occasion, localised
from koers.instruments.panels import interest_panels
from koers.people.selectors import person_get

CLIENT_ROLES = (Role.PRACTITIONER, Role.SERVICE_MANAGER)
PAGE_SIZE = 50


@require_GET
@roles_required(Role.CITIZEN)
def my_questionnaires(request: KoersRequest) -> HttpResponse:
    versions = selectors.instrument_version_list()
    administrations = selectors.administration_list(actor=request.actor)[:PAGE_SIZE]
    return render(
        request,
        "instruments/my_questionnaires.html",
        {
            "versions": versions,
            "administrations": administrations,
            "crumbs": [(_("Questionnaires"), None)],
        },
    )


@require_POST
@roles_required(Role.CITIZEN)
def my_questionnaire_start(request: KoersRequest) -> HttpResponse:
    form = StartForm(request.POST)
    if not form.is_valid():
        raise Http404
    administration = services.administration_start(
        actor=request.actor, version_id=form.cleaned_data["version"]
    )
    return redirect("my_questionnaire_page", administration_id=administration.id, page=1)


def _page(
    request: KoersRequest, administration_id: int, page: int, *, page_url: str, result_url: str
) -> HttpResponse:
    """One section of a questionnaire; POST saves its answers, then goes on or submits."""
    administration = selectors.administration_for_answering(
        actor=request.actor, administration_id=administration_id
    )
    definition = selectors.definition_of(administration.version)
    if not 1 <= page <= len(definition.sections):
        raise Http404
    section = definition.sections[page - 1]
    items = selectors.section_items(administration=administration, section=section.key)
    answers = selectors.answers_of(administration=administration)
    initial = {item.key: answers.get(item.key, "") for item in items}
    form = SectionForm(request.POST or None, items=items, initial=initial)
    last = page == len(definition.sections)
    if request.method == "POST" and form.is_valid():
        try:
            services.responses_record(
                actor=request.actor, administration_id=administration.id, answers=form.answers()
            )
            if "previous" in request.POST and page > 1:
                return redirect(page_url, administration_id=administration.id, page=page - 1)
            if not last:
                return redirect(page_url, administration_id=administration.id, page=page + 1)
            services.administration_complete(
                actor=request.actor, administration_id=administration.id
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for key, problems in error.message_dict.items():
                    form.add_error(key if key in form.fields else None, problems)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your answers have been submitted."))
            return redirect(result_url, administration_id=administration.id)
    language = translation.get_language() or "nl"
    return render(
        request,
        "instruments/questionnaire_page.html",
        {
            "administration": administration,
            "version": administration.version,
            "section_title": localised(section.title),
            "section_intro": localised(section.intro),
            "form": form,
            "page": page,
            "pages": len(definition.sections),
            "last": last,
            "missing_language": language[:2] not in definition.languages,
            "crumbs": [(administration.version.title, None)],
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@roles_required(Role.CITIZEN)
def my_questionnaire_page(request: KoersRequest, administration_id: int, page: int) -> HttpResponse:
    return _page(
        request,
        administration_id,
        page,
        page_url="my_questionnaire_page",
        result_url="my_questionnaire_result",
    )


def _result_context(request: KoersRequest, administration: Administration) -> dict[str, object]:
    definition = selectors.definition_of(administration.version)
    scores = list(administration.scores.all())
    holland = None
    if administration.version.instrument.kind == InstrumentKind.INTEREST_INVENTORY and scores:
        by_key = {s.scale.key: s.value for s in scores}
        if definition.profile_scales:
            holland = scoring.holland_code(by_key, definition.profile_scales)
    names = {s.scale.key: s.scale.label for s in scores}
    ties = [", ".join(names[key] for key in group) for group in holland.ties] if holland else []
    language = translation.get_language() or "nl"
    profile = selectors.interest_profile_of(administration) if holland else None
    return {
        "administration": administration,
        "version": administration.version,
        "scores": scores,
        "panels": interest_panels(profile) if profile else [],
        "holland": holland,
        "holland_ties": ties,
        "missing_language": language[:2] not in definition.languages,
    }


@require_GET
@roles_required(Role.CITIZEN)
def my_questionnaire_result(request: KoersRequest, administration_id: int) -> HttpResponse:
    administration = selectors.administration_get(
        actor=request.actor, administration_id=administration_id
    )
    context = _result_context(request, administration)
    context["continue_url"] = reverse(
        "my_questionnaire_page", kwargs={"administration_id": administration.id, "page": 1}
    )
    context["can_continue"] = administration.organisation_id is None
    context["crumbs"] = [
        (_("Questionnaires"), reverse("my_questionnaires")),
        (administration.version.title, None),
    ]
    return render(request, "instruments/result_detail.html", context)


@require_GET
@roles_required(*CLIENT_ROLES)
def results_list(request: KoersRequest) -> HttpResponse:
    administrations = selectors.administration_list(actor=request.actor).order_by("-id")
    before = request.GET.get("before", "")
    if before.isdigit():
        administrations = administrations.filter(id__lt=int(before))
    rows = list(administrations[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return render(
        request,
        "instruments/results_list.html",
        {
            "administrations": rows,
            "next_before": rows[-1].id if more else None,
            "crumbs": [(_("Questionnaire results"), None)],
        },
    )


@require_GET
@roles_required(*CLIENT_ROLES)
def person_results(request: KoersRequest, person_id: int) -> HttpResponse:
    person = person_get(actor=request.actor, person_id=person_id, purpose=AuditPurpose.GUIDANCE)
    administrations = list(selectors.person_results(actor=request.actor, person_id=person.id))
    comparisons = [
        (
            next(a.version for a in administrations if a.version_id == version_id),
            selectors.pre_post_comparison(
                actor=request.actor, person_id=person.id, version_id=version_id
            ),
        )
        for version_id in selectors.versions_with_pre_and_post(administrations)
    ]
    versions = [(v.id, v.title) for v in selectors.instrument_version_list()]
    return render(
        request,
        "instruments/person_results.html",
        {
            "person": person,
            "administrations": administrations,
            "comparisons": comparisons,
            "start_form": StaffStartForm(versions=versions, initial={"occasion": Occasion.PRE}),
            "crumbs": [
                (_("Questionnaire results"), reverse("questionnaire_results")),
                (person.full_name, None),
            ],
        },
    )


@require_POST
@roles_required(*CLIENT_ROLES)
def staff_start(request: KoersRequest, person_id: int) -> HttpResponse:
    versions = [(v.id, v.title) for v in selectors.instrument_version_list()]
    form = StaffStartForm(request.POST, versions=versions)
    # The person is looked up inside the service, scoped to the actor: another organisation's
    # client is a 404 whatever the form says.
    if not form.is_valid():
        person_get(actor=request.actor, person_id=person_id, purpose=AuditPurpose.GUIDANCE)
        messages.error(request, _("Choose a questionnaire and a moment."))
        return redirect("questionnaire_person_results", person_id=person_id)
    administration = services.administration_start(
        actor=request.actor,
        version_id=form.cleaned_data["version"],
        person_id=person_id,
        occasion=Occasion(form.cleaned_data["occasion"]),
    )
    return redirect("questionnaire_staff_page", administration_id=administration.id, page=1)


@require_http_methods(["GET", "POST"])
@roles_required(*CLIENT_ROLES)
def staff_page(request: KoersRequest, administration_id: int, page: int) -> HttpResponse:
    return _page(
        request,
        administration_id,
        page,
        page_url="questionnaire_staff_page",
        result_url="questionnaire_result",
    )


@require_GET
@roles_required(*CLIENT_ROLES)
def result_detail(request: KoersRequest, administration_id: int) -> HttpResponse:
    administration = selectors.administration_get(
        actor=request.actor, administration_id=administration_id
    )
    context = _result_context(request, administration)
    context["continue_url"] = reverse(
        "questionnaire_staff_page", kwargs={"administration_id": administration.id, "page": 1}
    )
    context["can_continue"] = administration.organisation_id == request.actor.organisation_id
    context["crumbs"] = [
        (_("Questionnaire results"), reverse("questionnaire_results")),
        (
            administration.person.full_name,
            reverse("questionnaire_person_results", kwargs={"person_id": administration.person_id}),
        ),
        (administration.version.title, None),
    ]
    return render(request, "instruments/result_detail.html", context)
