"""Pages of the practitioner workspace (practice/…) and the citizen's own action plan (me/plan/).

Thin: parse input, call a selector or service, render. Forms work without JavaScript; htmx makes
activity logging a partial swap.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.core.access import KoersRequest, roles_required
from koers.core.roles import Role
from koers.delivery import selectors, services
from koers.delivery.catalogue import PRINCIPLE_LABELS
from koers.delivery.forms import (
    ActivityForm,
    CaseloadFilterForm,
    CheckInForm,
    CpdForm,
    EmployerForm,
    EngagementEndForm,
    EngagementOpenForm,
    GoalForm,
    GroupActivityForm,
    OpportunityForm,
    ParticipationAddForm,
    ParticipationFeedbackForm,
    PartnerForm,
    PractitionersForm,
    QualificationForm,
    ReferralForm,
    ReferralStatusForm,
    RegisterForm,
    ServiceForm,
    StepForm,
    StepUpdateForm,
    TriageForm,
)
from koers.delivery.models import (
    REFERRAL_TRANSITIONS,
    Attendance,
    CheckInOutcome,
    DecisionStatus,
    EmployerSize,
    EndReason,
    LifeArea,
    OpportunityKind,
    ParticipationStatus,
    PartnerKind,
    ReferralStatus,
    Source,
    StepStatus,
)
from koers.delivery.triage import Capability, Complexity, ServiceLevel

CASEWORKERS = (Role.PRACTITIONER, Role.SERVICE_MANAGER)
PROFILE_READERS = (Role.PRACTITIONER, Role.SERVICE_MANAGER, Role.ORGANISATION_ADMIN)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, next to the field it is about."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _level(value: str) -> ServiceLevel | None:
    return ServiceLevel(value) if value else None


# --- Caseload ----------------------------------------------------------------------------------


@require_GET
@roles_required(*CASEWORKERS)
def caseload(request: KoersRequest) -> HttpResponse:
    form = CaseloadFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.CaseloadFilters(
        service_level=data.get("service_level", ""),
        follow_up_due=bool(data.get("follow_up_due")),
        quiet_weeks=data.get("quiet_weeks"),
        query=data.get("q", ""),
        include_ended=bool(data.get("include_ended")),
        before_id=data.get("before"),
    )
    rows = list(
        selectors.engagement_list(actor=request.actor, filters=filters)[
            : selectors.CASELOAD_PAGE_SIZE + 1
        ]
    )
    has_next = len(rows) > selectors.CASELOAD_PAGE_SIZE
    rows = rows[: selectors.CASELOAD_PAGE_SIZE]
    next_query = ""
    if has_next:
        params = request.GET.copy()
        params["before"] = str(rows[-1].id)
        next_query = params.urlencode()
    return render(
        request,
        "delivery/caseload.html",
        {
            "form": form,
            "engagements": rows,
            "next_query": next_query,
            "today": timezone.localdate(),
            "is_manager": request.actor.role == Role.SERVICE_MANAGER,
            "crumbs": [(_("Caseload"), None)],
        },
    )


# --- Opening and changing engagements ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@roles_required(*CASEWORKERS)
def engagement_open(request: KoersRequest) -> HttpResponse:
    form = EngagementOpenForm(
        request.POST or None,
        practitioners=selectors.practitioner_choices(actor=request.actor),
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_person = None
        if not data["person_reference"]:
            new_person = {
                "given_name": data["given_name"],
                "family_name": data["family_name"],
                "date_of_birth": data["date_of_birth"],
                "email": data["email"],
            }
        try:
            engagement = services.engagement_open(
                actor=request.actor,
                person_reference=data["person_reference"],
                new_person=new_person,
                started_on=data["started_on"],
                source=Source(data["source"]),
                question=data["question"],
                capability=Capability(data["capability"]),
                complexity=Complexity(data["complexity"]),
                decision_status=DecisionStatus(data["decision_status"]),
                service_level=_level(data["service_level"]),
                level_override_reason=data["level_override_reason"],
                practitioner_ids=[m.id for m in data["practitioners"]],
                next_follow_up_on=data["next_follow_up_on"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The trajectory has been opened."))
            return redirect("engagement_detail", engagement_id=engagement.id)
    return render(
        request,
        "delivery/engagement_open.html",
        {"form": form, "crumbs": [(_("Caseload"), reverse("caseload")), (_("New"), None)]},
        status=400 if form.errors else 200,
    )


def _file_context(request: KoersRequest, engagement_id: int, **forms_: Any) -> dict[str, Any]:
    file = selectors.engagement_file_get(actor=request.actor, engagement_id=engagement_id)
    engagement = file.engagement
    referrals = [
        (referral, [ReferralStatus(s) for s in REFERRAL_TRANSITIONS[referral.status]])
        for referral in file.referrals
    ]
    activity_form = forms_.get("activity_form") or ActivityForm(
        services=selectors.service_list(actor=request.actor, active_only=True),
        initial={"occurred_on": timezone.localdate(), "duration_minutes": 45},
    )
    return {
        "file": file,
        "engagement": engagement,
        "person": file.person,
        "referrals": referrals,
        "activity_form": activity_form,
        "goal_form": forms_.get("goal_form") or GoalForm(),
        "participation_form": ParticipationAddForm(
            opportunities=selectors.opportunity_list(
                actor=request.actor, upcoming_from=timezone.localdate()
            )
        ),
        "step_statuses": StepStatus.choices,
        "check_in_outcomes": CheckInOutcome.choices,
        "crumbs": [(_("Caseload"), reverse("caseload")), (engagement.reference, None)],
    }


@require_GET
@roles_required(*CASEWORKERS)
def engagement_detail(request: KoersRequest, engagement_id: int) -> HttpResponse:
    return render(request, "delivery/engagement_detail.html", _file_context(request, engagement_id))


@require_POST
@roles_required(*CASEWORKERS)
def activity_log(request: KoersRequest, engagement_id: int) -> HttpResponse:
    """Log an activity from the client file: an htmx swap of the activity section, or a plain
    POST that redirects back to the file."""
    # 404 first, before anything is parsed, for engagements the actor may not see.
    selectors.engagement_get(actor=request.actor, engagement_id=engagement_id)
    service_choices = selectors.service_list(actor=request.actor, active_only=True)
    form = ActivityForm(request.POST, services=service_choices)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_record(
                actor=request.actor,
                engagement_id=engagement_id,
                occurred_on=data["occurred_on"],
                duration_minutes=data["duration_minutes"],
                service_id=data["service"].id,
                attendance=Attendance(data["attendance"]),
                takeaway=data["takeaway"],
                confidential_note=data["confidential_note"],
                next_follow_up_on=data["next_follow_up_on"],
            )
        except ValidationError as error:
            _add_errors(form, error)
    if not form.errors and not request.htmx:
        messages.success(request, _("The activity has been logged."))
        return redirect("engagement_detail", engagement_id=engagement_id)
    if form.errors:
        context = _file_context(request, engagement_id, activity_form=form)
    else:
        context = _file_context(request, engagement_id)
        context["logged"] = True
    if request.htmx:
        # htmx swaps only 2xx answers; the partial carries the errors itself.
        return render(request, "delivery/_activities.html", context)
    return render(request, "delivery/engagement_detail.html", context, status=400)


@require_http_methods(["GET", "POST"])
@roles_required(*CASEWORKERS)
def engagement_triage(request: KoersRequest, engagement_id: int) -> HttpResponse:
    engagement = selectors.engagement_get(actor=request.actor, engagement_id=engagement_id)
    form = TriageForm(
        request.POST or None,
        initial={
            "capability": engagement.capability,
            "complexity": engagement.complexity,
            "decision_status": engagement.decision_status,
            "next_follow_up_on": engagement.next_follow_up_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.engagement_triage_update(
                actor=request.actor,
                engagement_id=engagement.id,
                capability=Capability(data["capability"]),
                complexity=Complexity(data["complexity"]),
                decision_status=DecisionStatus(data["decision_status"]),
                service_level=_level(data["service_level"]),
                level_override_reason=data["level_override_reason"],
                next_follow_up_on=data["next_follow_up_on"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The triage has been saved."))
            return redirect("engagement_detail", engagement_id=engagement.id)
    return _engagement_form_page(request, engagement, form, _("Readiness triage"))


def _engagement_form_page(
    request: KoersRequest, engagement: Any, form: forms.Form, title: str
) -> HttpResponse:
    crumbs = [
        (_("Caseload"), reverse("caseload")),
        (engagement.reference, reverse("engagement_detail", args=[engagement.id])),
        (title, None),
    ]
    return render(
        request,
        "delivery/engagement_form.html",
        {"form": form, "engagement": engagement, "title": title, "crumbs": crumbs},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@roles_required(*CASEWORKERS)
def engagement_end(request: KoersRequest, engagement_id: int) -> HttpResponse:
    engagement = selectors.engagement_get(actor=request.actor, engagement_id=engagement_id)
    form = EngagementEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_end(
                actor=request.actor,
                engagement_id=engagement.id,
                ended_on=form.cleaned_data["ended_on"],
                end_reason=EndReason(form.cleaned_data["end_reason"]),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The trajectory has been ended."))
            return redirect("engagement_detail", engagement_id=engagement.id)
    return _engagement_form_page(request, engagement, form, _("End the trajectory"))


@require_http_methods(["GET", "POST"])
@roles_required(*CASEWORKERS)
def engagement_practitioners(request: KoersRequest, engagement_id: int) -> HttpResponse:
    engagement = selectors.engagement_get(actor=request.actor, engagement_id=engagement_id)
    form = PractitionersForm(
        request.POST or None,
        practitioners=selectors.practitioner_choices(actor=request.actor),
        initial={"practitioners": list(engagement.practitioners.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_practitioners_set(
                actor=request.actor,
                engagement_id=engagement.id,
                practitioner_ids=[m.id for m in form.cleaned_data["practitioners"]],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The practitioners have been assigned."))
            if selectors.engagement_scope(actor=request.actor).filter(id=engagement.id).exists():
                return redirect("engagement_detail", engagement_id=engagement.id)
            return redirect("caseload")
    return _engagement_form_page(request, engagement, form, _("Practitioners"))


@require_http_methods(["GET", "POST"])
@roles_required(*CASEWORKERS)
def group_activity_log(request: KoersRequest) -> HttpResponse:
    form = GroupActivityForm(
        request.POST or None,
        services=selectors.service_list(actor=request.actor, active_only=True),
        engagements=selectors.engagement_list(actor=request.actor).order_by(
            "person__family_name", "person__given_name", "id"
        ),
        initial={"occurred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.group_activity_record(
                actor=request.actor,
                engagement_ids=[e.id for e in data["engagements"]],
                occurred_on=data["occurred_on"],
                duration_minutes=data["duration_minutes"],
                service_id=data["service"].id,
                title=data["title"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The group activity has been logged."))
            return redirect("caseload")
    return render(
        request,
        "delivery/group_activity.html",
        {
            "form": form,
            "crumbs": [(_("Caseload"), reverse("caseload")), (_("Group activity"), None)],
        },
        status=400 if form.errors else 200,
    )


def _report(request: KoersRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@require_POST
@roles_required(*CASEWORKERS)
def goal_add(request: KoersRequest, engagement_id: int) -> HttpResponse:
    selectors.engagement_get(actor=request.actor, engagement_id=engagement_id)
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services.goal_add(
                actor=request.actor,
                engagement_id=engagement_id,
                text=form.cleaned_data["text"],
                life_area=LifeArea(form.cleaned_data["life_area"]),
            )
        except ValidationError as error:
            _add_errors(form, error)
    if form.errors:
        context = _file_context(request, engagement_id, goal_form=form)
        return render(request, "delivery/engagement_detail.html", context, status=400)
    messages.success(request, _("The goal has been added."))
    return redirect(reverse("engagement_detail", args=[engagement_id]) + "#plan")


@require_POST
@roles_required(*CASEWORKERS)
def step_add(request: KoersRequest, goal_id: int) -> HttpResponse:
    goal = selectors.goal_get(actor=request.actor, goal_id=goal_id)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.step_add(
                actor=request.actor,
                goal_id=goal.id,
                text=form.cleaned_data["text"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("The step has been added."))
    else:
        messages.error(request, _("Describe the step."))
    return redirect(reverse("engagement_detail", args=[goal.plan.engagement_id]) + "#plan")


@require_POST
@roles_required(*CASEWORKERS)
def step_update(request: KoersRequest, step_id: int) -> HttpResponse:
    step = selectors.step_get(actor=request.actor, step_id=step_id)
    _step_update(request, step.id)
    return redirect(reverse("engagement_detail", args=[step.goal.plan.engagement_id]) + "#plan")


def _step_update(request: KoersRequest, step_id: int) -> None:
    form = StepUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return
    try:
        services.step_update(
            actor=request.actor,
            step_id=step_id,
            version=form.cleaned_data["version"],
            status=StepStatus(form.cleaned_data["status"]),
        )
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The step has been updated."))


@require_POST
@roles_required(*CASEWORKERS)
def check_in_record(request: KoersRequest, check_in_id: int) -> HttpResponse:
    check_in = selectors.check_in_get(actor=request.actor, check_in_id=check_in_id)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            services.check_in_record(
                actor=request.actor,
                check_in_id=check_in.id,
                outcome=CheckInOutcome(form.cleaned_data["outcome"]),
            )
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("The check-in has been recorded."))
    return redirect("engagement_detail", engagement_id=check_in.engagement_id)


# --- Referrals and participations --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@roles_required(*CASEWORKERS)
def referral_new(request: KoersRequest, engagement_id: int) -> HttpResponse:
    engagement = selectors.engagement_get(actor=request.actor, engagement_id=engagement_id)
    form = ReferralForm(
        request.POST or None,
        partners=selectors.partner_list(actor=request.actor, active_only=True),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_propose(
                actor=request.actor,
                engagement_id=engagement.id,
                partner_id=data["partner"].id,
                reason=data["reason"],
                share_personal_data=data["share_personal_data"],
                region_override_reason=data["region_override_reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The referral has been proposed."))
            return redirect(reverse("engagement_detail", args=[engagement.id]) + "#referrals")
    return _engagement_form_page(request, engagement, form, _("Refer to a partner service"))


@require_POST
@roles_required(*CASEWORKERS)
def referral_transition(request: KoersRequest, referral_id: int) -> HttpResponse:
    referral = selectors.referral_get(actor=request.actor, referral_id=referral_id)
    form = ReferralStatusForm(request.POST)
    if not form.is_valid() or form.cleaned_data["to_status"] not in ReferralStatus.values:
        messages.error(request, _("Choose what happened with the referral."))
    else:
        try:
            services.referral_transition(
                actor=request.actor,
                referral_id=referral.id,
                to_status=ReferralStatus(form.cleaned_data["to_status"]),
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("The referral has been updated."))
    return redirect(reverse("engagement_detail", args=[referral.engagement_id]) + "#referrals")


@require_POST
@roles_required(*CASEWORKERS)
def participation_add(request: KoersRequest, engagement_id: int) -> HttpResponse:
    selectors.engagement_get(actor=request.actor, engagement_id=engagement_id)
    form = ParticipationAddForm(
        request.POST, opportunities=selectors.opportunity_list(actor=request.actor)
    )
    if form.is_valid():
        try:
            services.participation_add(
                actor=request.actor,
                engagement_id=engagement_id,
                opportunity_id=form.cleaned_data["opportunity"].id,
            )
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("The place has been booked."))
    else:
        messages.error(request, _("Choose an opportunity."))
    return redirect(reverse("engagement_detail", args=[engagement_id]) + "#participations")


@require_http_methods(["GET", "POST"])
@roles_required(*CASEWORKERS)
def participation_feedback(request: KoersRequest, participation_id: int) -> HttpResponse:
    participation = selectors.participation_get(
        actor=request.actor, participation_id=participation_id
    )
    form = ParticipationFeedbackForm(
        request.POST or None,
        initial={
            "status": participation.status,
            "person_feedback": participation.person_feedback,
            "employer_feedback": participation.employer_feedback,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.participation_feedback(
            actor=request.actor,
            participation_id=participation.id,
            status=ParticipationStatus(form.cleaned_data["status"]),
            person_feedback=form.cleaned_data["person_feedback"],
            employer_feedback=form.cleaned_data["employer_feedback"],
        )
        messages.success(request, _("The feedback has been saved."))
        return redirect(
            reverse("engagement_detail", args=[participation.engagement_id]) + "#participations"
        )
    return _engagement_form_page(
        request, participation.engagement, form, str(participation.opportunity)
    )


# --- Employers, opportunities, partners, offer -------------------------------------------------


@require_http_methods(["GET", "POST"])
@roles_required(*CASEWORKERS)
def employer_list(request: KoersRequest) -> HttpResponse:
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            employer = services.employer_create(
                actor=request.actor,
                name=data["name"],
                sector=data["sector"],
                size=EmployerSize(data["size"]),
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The employer has been added."))
            return redirect("employer_detail", employer_id=employer.id)
    return render(
        request,
        "delivery/employer_list.html",
        {
            "employers": selectors.employer_list(actor=request.actor),
            "opportunities": selectors.opportunity_list(
                actor=request.actor, upcoming_from=timezone.localdate()
            ),
            "form": form,
            "crumbs": [(_("Employers"), None)],
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@roles_required(*CASEWORKERS)
def employer_detail(request: KoersRequest, employer_id: int) -> HttpResponse:
    employer = selectors.employer_get(actor=request.actor, employer_id=employer_id)
    form = OpportunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.opportunity_create(
                actor=request.actor,
                employer_id=employer.id,
                kind=OpportunityKind(data["kind"]),
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                places=data["places"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The opportunity has been added."))
            return redirect("employer_detail", employer_id=employer.id)
    return render(
        request,
        "delivery/employer_detail.html",
        {
            "employer": employer,
            "opportunities": selectors.opportunity_list(
                actor=request.actor, employer_id=employer.id
            ),
            "form": form,
            "crumbs": [(_("Employers"), reverse("employer_list")), (employer.name, None)],
        },
        status=400 if form.errors else 200,
    )


@require_GET
@roles_required(*CASEWORKERS)
def opportunity_detail(request: KoersRequest, opportunity_id: int) -> HttpResponse:
    opportunity = selectors.opportunity_get(actor=request.actor, opportunity_id=opportunity_id)
    return render(
        request,
        "delivery/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "participations": selectors.opportunity_participation_list(
                actor=request.actor, opportunity_id=opportunity.id
            ),
            "crumbs": [
                (_("Employers"), reverse("employer_list")),
                (
                    opportunity.employer.name,
                    reverse("employer_detail", args=[opportunity.employer_id]),
                ),
                (opportunity.title, None),
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@roles_required(*CASEWORKERS)
def partner_list(request: KoersRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.partner_create(
                actor=request.actor,
                name=data["name"],
                kind=PartnerKind(data["kind"]),
                region_code=data["region_code"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                website=data["website"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The partner service has been added."))
            return redirect("partner_list")
    kind = request.GET.get("kind", "")
    return render(
        request,
        "delivery/partner_list.html",
        {
            "partners": selectors.partner_list(
                actor=request.actor, kind=kind if kind in PartnerKind.values else ""
            ),
            "kinds": PartnerKind.choices,
            "kind": kind,
            "form": form,
            "crumbs": [(_("Partner services"), None)],
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@roles_required(*CASEWORKERS)
def service_list(request: KoersRequest) -> HttpResponse:
    types = selectors.intervention_type_list()
    can_manage = request.actor.role == Role.SERVICE_MANAGER
    form = ServiceForm(request.POST or None, types=types)
    if request.method == "POST":
        request.actor.require_role(Role.SERVICE_MANAGER)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.service_create(
                    actor=request.actor,
                    intervention_type_id=data["intervention_type"].id,
                    name=data["name"],
                    duration_minutes=data["duration_minutes"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The service has been added to your offer."))
                return redirect("service_list")
    return render(
        request,
        "delivery/service_list.html",
        {
            "services": selectors.service_list(actor=request.actor),
            "types": types,
            "principle_labels": PRINCIPLE_LABELS,
            "form": form,
            "can_manage": can_manage,
            "crumbs": [(_("Our offer"), None)],
        },
        status=400 if form.errors else 200,
    )


@require_POST
@roles_required(Role.SERVICE_MANAGER)
def service_adopt_catalogue(request: KoersRequest) -> HttpResponse:
    created = services.service_offer_from_catalogue(actor=request.actor)
    messages.success(
        request,
        ngettext(
            "%(count)s service was added to your offer.",
            "%(count)s services were added to your offer.",
            len(created),
        )
        % {"count": len(created)},
    )
    return redirect("service_list")


# --- Practitioner profile ----------------------------------------------------------------------


PROFILE_FORMS = {"register": RegisterForm, "qualification": QualificationForm, "cpd": CpdForm}


@require_http_methods(["GET", "POST"])
@roles_required(Role.PRACTITIONER)
def own_profile(request: KoersRequest) -> HttpResponse:
    profile = selectors.own_practitioner_profile(actor=request.actor)
    which = request.POST.get("form", "")
    bound: dict[str, forms.Form] = {}
    if request.method == "POST":
        if which not in PROFILE_FORMS:
            raise Http404
        form = PROFILE_FORMS[which](request.POST)
        bound[which] = form
        if form.is_valid():
            try:
                _profile_save(request, which, form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("own_profile")
    register_initial = (
        {
            "register_name": profile.register_name,
            "register_number": profile.register_number,
            "register_renewal_on": profile.register_renewal_on,
        }
        if profile
        else {}
    )
    return render(
        request,
        "delivery/own_profile.html",
        {
            "profile": profile,
            "register_form": bound.get("register") or RegisterForm(initial=register_initial),
            "qualification_form": bound.get("qualification") or QualificationForm(),
            "cpd_form": bound.get("cpd") or CpdForm(initial={"date": timezone.localdate()}),
            "crumbs": [(_("My profile"), None)],
        },
        status=400 if bound and any(f.errors for f in bound.values()) else 200,
    )


def _profile_save(request: KoersRequest, which: str, data: dict[str, Any]) -> None:
    if which == "register":
        services.practitioner_register_update(actor=request.actor, **data)
    elif which == "qualification":
        services.qualification_add(actor=request.actor, **data)
    else:
        services.cpd_entry_add(actor=request.actor, **data)


@require_GET
@roles_required(Role.SERVICE_MANAGER, Role.ORGANISATION_ADMIN)
def team(request: KoersRequest) -> HttpResponse:
    return render(
        request,
        "delivery/team.html",
        {
            "profiles": selectors.practitioner_profile_list(actor=request.actor),
            "today": timezone.localdate(),
            "crumbs": [(_("Practitioners"), None)],
        },
    )


@require_GET
@roles_required(*PROFILE_READERS)
def profile_detail(request: KoersRequest, profile_id: int) -> HttpResponse:
    profile = selectors.practitioner_profile_get(actor=request.actor, profile_id=profile_id)
    return render(
        request,
        "delivery/profile_detail.html",
        {
            "profile": profile,
            "today": timezone.localdate(),
            "crumbs": [(str(profile), None)],
        },
    )


# --- The citizen's own action plan -------------------------------------------------------------


@require_GET
@roles_required(Role.CITIZEN)
def my_plan(request: KoersRequest) -> HttpResponse:
    return render(
        request,
        "delivery/my_plan.html",
        {
            "goals": selectors.own_goal_list(actor=request.actor),
            "step_statuses": StepStatus.choices,
            "crumbs": [(_("My action plan"), None)],
        },
    )


@require_POST
@roles_required(Role.CITIZEN)
def my_step_update(request: KoersRequest, step_id: int) -> HttpResponse:
    step = selectors.own_step_get(actor=request.actor, step_id=step_id)
    _step_update(request, step.id)
    return redirect("my_plan")
