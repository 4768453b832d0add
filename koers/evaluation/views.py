from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from koers.core.access import KoersRequest, roles_required
from koers.evaluation import selectors, services
from koers.evaluation.analysis import AnalysisSpec
from koers.evaluation.forms import OutcomeImportForm, PlanForm, StudyForm
from koers.evaluation.models import Design
from koers.evaluation.permissions import EVALUATORS
from koers.evaluation.stats.evidence import Design as StatsDesign

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
