from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.core.access import KoersRequest, public, roles_required
from koers.evaluation import selectors, services
from koers.evaluation.analysis import AnalysisSpec
from koers.evaluation.followups import LinkError, LinkProblem
from koers.evaluation.forms import (
    FollowUpWaveForm,
    OutcomeImportForm,
    PlanForm,
    RecordStudyForm,
    StudyForm,
)
from koers.evaluation.models import Design
from koers.evaluation.permissions import EVALUATORS
from koers.evaluation.stats.evidence import Design as StatsDesign
from koers.instruments import selectors as instrument_selectors
from koers.instruments import services as instrument_services
from koers.instruments.forms import SectionForm
from koers.instruments.models import localised

ROLES = tuple(EVALUATORS)


def _home_crumb() -> tuple[str, str]:
    return (_("Evaluation"), reverse("evaluation_home"))


@require_GET
@roles_required(*ROLES)
def evaluation_home(request: KoersRequest) -> HttpResponse:
    context = {
        "plans": selectors.plan_list(actor=request.actor),
        "studies": selectors.study_list(actor=request.actor),
        "imports": selectors.outcome_import_list(actor=request.actor)[:10],
        "outcome_summary": selectors.outcome_record_summary(actor=request.actor),
        "response_rates": selectors.follow_up_response_rates(
            actor=request.actor, today=timezone.localdate()
        ),
        "crumbs": [(_("Evaluation"), None)],
    }
    return render(request, "evaluation/home.html", context)


@require_http_methods(["GET", "POST"])
@roles_required(*ROLES)
def plan_create(request: KoersRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.actor, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The evaluation plan has been saved."))
            return redirect("evaluation_plan_detail", plan_id=plan.id)
    crumbs = [_home_crumb(), (_("New evaluation plan"), None)]
    return render(
        request,
        "evaluation/plan_form.html",
        {"form": form, "crumbs": crumbs, "heading": _("New evaluation plan")},
        status=400 if form.errors else 200,
    )


@require_GET
@roles_required(*ROLES)
def plan_detail(request: KoersRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    versions = selectors.plan_versions(actor=request.actor, series=str(plan.series))
    crumbs = [_home_crumb(), (str(plan), None)]
    return render(
        request,
        "evaluation/plan_detail.html",
        {"plan": plan, "versions": versions, "crumbs": crumbs, "latest": versions[0]},
    )


@require_http_methods(["GET", "POST"])
@roles_required(*ROLES)
def plan_revise(request: KoersRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.actor, plan_id=plan_id)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_from(plan))
    if request.method == "POST" and form.is_valid():
        try:
            revised = services.plan_revise(
                actor=request.actor, plan_id=plan.id, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(version)d of the plan has been saved.") % {"version": revised.version},
            )
            return redirect("evaluation_plan_detail", plan_id=revised.id)
    crumbs = [
        _home_crumb(),
        (str(plan), reverse("evaluation_plan_detail", args=[plan.id])),
        (_("Change"), None),
    ]
    return render(
        request,
        "evaluation/plan_form.html",
        {"form": form, "crumbs": crumbs, "heading": _("Change the evaluation plan")},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@roles_required(*ROLES)
def study_create(request: KoersRequest) -> HttpResponse:
    form = StudyForm(
        request.POST or None,
        request.FILES or None,
        plans=selectors.plan_choices(actor=request.actor),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = AnalysisSpec(
            design=StatsDesign(data["design"]),
            outcome=data["outcome"],
            treatment=data["treatment"],
            pre=data["pre"],
            covariates=data["covariates"],
            replacement=data["replacement"],
            higher_is_better=not data["lower_is_better"],
        )
        try:
            study = services.study_run(
                actor=request.actor,
                title=data["title"],
                data=data["dataset"].read(),
                filename=data["dataset"].name,
                spec=spec,
                plan_id=data["plan"].id if data["plan"] else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The study has been run."))
            return redirect("evaluation_study_detail", study_id=study.id)
    crumbs = [_home_crumb(), (_("New study"), None)]
    return render(
        request,
        "evaluation/study_form.html",
        {"form": form, "crumbs": crumbs},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@roles_required(*ROLES)
def study_from_records(request: KoersRequest) -> HttpResponse:
    """Run a study on the organisation's own records (no file needed)."""
    form = RecordStudyForm(request.POST or None, plans=selectors.plan_choices(actor=request.actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            study = services.study_run_from_records(
                actor=request.actor,
                title=data["title"],
                design=StatsDesign(data["design"]),
                outcome=data["outcome"],
                plan_id=data["plan"].id if data["plan"] else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The study has been run."))
            return redirect("evaluation_study_detail", study_id=study.id)
    crumbs = [_home_crumb(), (_("Study from records"), None)]
    return render(
        request,
        "evaluation/study_records_form.html",
        {"form": form, "crumbs": crumbs},
        status=400 if form.errors else 200,
    )


@require_GET
@roles_required(*ROLES)
def study_detail(request: KoersRequest, study_id: int) -> HttpResponse:
    study = selectors.study_get(actor=request.actor, study_id=study_id)
    diagnostics = study.diagnostics
    crumbs = [_home_crumb(), (study.title, None)]
    return render(
        request,
        "evaluation/study_detail.html",
        {
            "study": study,
            "estimates": list(study.estimates.all()),
            "balance": diagnostics.get("balance", []),
            "evidence": diagnostics.get("evidence_level", {}),
            "warnings": diagnostics.get("warnings", []),
            "histogram": diagnostics.get("details", {}).get("score_histogram", []),
            "is_prepost": study.design == Design.PREPOST,
            "crumbs": crumbs,
        },
    )


@require_http_methods(["GET", "POST"])
@roles_required(*ROLES)
def outcome_import(request: KoersRequest) -> HttpResponse:
    form = OutcomeImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["dataset"]
        try:
            report = services.outcome_import(
                actor=request.actor,
                data=upload.read(),
                filename=upload.name,
                all_or_nothing=not form.cleaned_data["keep_good_rows"],
            )
        except ValidationError as error:
            form.add_error("dataset", error)
        else:
            if not report.rejected:
                messages.success(
                    request,
                    _("%(count)d outcome records have been imported.") % {"count": report.imported},
                )
                return redirect("evaluation_home")
    crumbs = [_home_crumb(), (_("Import outcome data"), None)]
    return render(
        request,
        "evaluation/outcome_import.html",
        {"form": form, "report": report, "crumbs": crumbs},
        status=400 if form.errors or (report and report.rejected) else 200,
    )


@require_http_methods(["GET", "POST"])
@roles_required(*ROLES)
def follow_ups(request: KoersRequest) -> HttpResponse:
    """The organisation's follow-up moments, and a form to add one."""
    form = FollowUpWaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.follow_up_wave_add(actor=request.actor, **form.cleaned_data)
        except ValidationError as error:
            for key, problems in error.message_dict.items():
                form.add_error(key if key in form.fields else None, problems)
        else:
            messages.success(
                request,
                _("Follow-up after %(months)d months has been set up.") % {"months": wave.months},
            )
            return redirect("evaluation_follow_ups")
    return render(
        request,
        "evaluation/follow_ups.html",
        {
            "waves": selectors.follow_up_wave_list(actor=request.actor),
            "form": form,
            "crumbs": [_home_crumb(), (_("Follow-ups"), None)],
        },
        status=400 if form.errors else 200,
    )


@require_POST
@roles_required(*ROLES)
def follow_up_wave_stop(request: KoersRequest, wave_id: int) -> HttpResponse:
    wave = services.follow_up_wave_stop(actor=request.actor, wave_id=wave_id)
    messages.success(
        request,
        _("Follow-up after %(months)d months has been switched off.") % {"months": wave.months},
    )
    return redirect("evaluation_follow_ups")


LINK_MESSAGES = {
    LinkProblem.INVALID: (
        gettext_lazy("This link does not work"),
        gettext_lazy("Check that you copied the whole link from the e-mail."),
    ),
    LinkProblem.EXPIRED: (
        gettext_lazy("This link has expired"),
        gettext_lazy(
            "The link worked for a limited time. Contact the organisation that guided you."
        ),
    ),
    LinkProblem.USED: (
        gettext_lazy("You have already answered"),
        gettext_lazy("Thank you: your answers have been received. The link cannot be used again."),
    ),
}


def _link_problem(request: KoersRequest, problem: LinkProblem) -> HttpResponse:
    heading, text = LINK_MESSAGES[problem]
    return render(
        request,
        "evaluation/followup_link_problem.html",
        {"heading": heading, "text": text, "crumbs": [(heading, None)]},
        status=404,
    )


@require_http_methods(["GET", "POST"])
@public
def followup_answer(request: KoersRequest, token: str) -> HttpResponse:
    """A follow-up questionnaire, answered without logging in: the signed link is the
    credential. One section per page (?page=N); the last page submits."""
    try:
        follow_up = services.followup_for_link(signed=token)
    except LinkError as error:
        return _link_problem(request, error.problem)
    administration = follow_up.administration
    definition = instrument_selectors.definition_of(administration.version)
    page_text = request.GET.get("page", "1")
    page = int(page_text) if page_text.isdigit() else 0
    if not 1 <= page <= len(definition.sections):
        return _link_problem(request, LinkProblem.INVALID)
    section = definition.sections[page - 1]
    items = instrument_selectors.section_items(administration=administration, section=section.key)
    answers = instrument_selectors.answers_of(administration=administration)
    form = SectionForm(
        request.POST or None,
        items=items,
        initial={item.key: answers.get(item.key, "") for item in items},
    )
    last = page == len(definition.sections)
    here = reverse("followup_answer", kwargs={"token": token})
    if request.method == "POST" and form.is_valid():
        try:
            instrument_services.respondent_answers_record(
                administration_id=administration.id, answers=form.answers()
            )
            if "previous" in request.POST and page > 1:
                return redirect(f"{here}?page={page - 1}")
            if not last:
                return redirect(f"{here}?page={page + 1}")
            instrument_services.respondent_complete(administration_id=administration.id)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for key, problems in error.message_dict.items():
                    form.add_error(key if key in form.fields else None, problems)
            else:
                form.add_error(None, error)
        else:
            return render(
                request,
                "evaluation/followup_thanks.html",
                {"organisation": follow_up.organisation, "crumbs": [(_("Thank you"), None)]},
            )
    language = (request.LANGUAGE_CODE or "nl")[:2]
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
            "missing_language": language not in definition.languages,
            "crumbs": [(administration.version.title, None)],
        },
        status=400 if form.errors else 200,
    )
