from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.core.access import KoersRequest, roles_required
from koers.quality import report, selectors, services
from koers.quality.criteria import localised
from koers.quality.forms import (
    ActionForm,
    ActionUpdateForm,
    AnswerForm,
    BreakdownForm,
    RecomputeForm,
    SelfEvaluationStartForm,
)
from koers.quality.indicators import BREAKDOWN_LABELS, ELEMENT_LABELS, INDICATORS, Period
from koers.quality.labels import group_label
from koers.quality.models import ImprovementAction, SelfEvaluation
from koers.quality.permissions import QUALITY_MANAGERS, QUALITY_VIEWERS, quality_policy
from koers.quality.selectors import QUALITY_ROLES, CriterionDetail

VIEWERS = tuple(QUALITY_VIEWERS)
MANAGERS = tuple(QUALITY_MANAGERS)


def _list_crumb() -> tuple[str, str]:
    return (_("Self-evaluations"), reverse("quality_self_evaluation_list"))


def _evaluation_title(evaluation: SelfEvaluation) -> str:
    return _("%(framework)s, %(year)s") % {
        "framework": localised(evaluation.framework.name),
        "year": evaluation.period,
    }


def _evaluation_crumb(evaluation: SelfEvaluation) -> tuple[str, str]:
    return (
        _evaluation_title(evaluation),
        reverse("quality_self_evaluation_detail", args=[evaluation.id]),
    )


def _owner_choices(request: KoersRequest) -> list[tuple[int, str]]:
    return [
        (m.id, f"{m.user.full_name} ({m.get_role_display()})")
        for m in selectors.owner_choices(actor=request.actor)
    ]


# --- dashboard ------------------------------------------------------------------------------------

BREAKDOWN_DEFAULT = {"indicator": "SP6", "breakdown": "gender"}


@require_GET
@roles_required(*QUALITY_ROLES)
def dashboard(request: KoersRequest) -> HttpResponse:
    board = selectors.quality_dashboard(actor=request.actor)
    form = BreakdownForm(request.GET if "indicator" in request.GET else BREAKDOWN_DEFAULT)
    breakdown: dict[str, Any] | None = None
    if form.is_valid() and board.latest_period:
        code, name = form.cleaned_data["indicator"], form.cleaned_data["breakdown"]
        rows = selectors.indicator_breakdown(
            actor=request.actor, code=code, period=Period.parse(board.latest_period), breakdown=name
        )
        breakdown = {
            "indicator": INDICATORS[code],
            "name": BREAKDOWN_LABELS[name],
            "rows": [(group_label(name, row.group), row) for row in rows],
        }
    elements = [
        {
            "label": label,
            "key": element,
            "indicators": [i for i in board.indicators if i.element == element],
        }
        for element, label in ELEMENT_LABELS.items()
    ]
    return render(
        request,
        "quality/dashboard.html",
        {
            "board": board,
            "elements": elements,
            "form": form,
            "breakdown": breakdown,
            "recompute_form": RecomputeForm(
                initial={"year": board.latest_period or timezone.localdate().year - 1}
            ),
            "crumbs": [(_("Quality"), None)],
        },
        status=400 if form.errors else 200,
    )


@require_POST
@roles_required(*QUALITY_ROLES)
def indicators_recompute(request: KoersRequest) -> HttpResponse:
    form = RecomputeForm(request.POST)
    if form.is_valid():
        services.indicators_recompute_request(actor=request.actor, year=form.cleaned_data["year"])
        messages.success(
            request,
            _("The indicators for %(year)s are being recomputed.")
            % {"year": form.cleaned_data["year"]},
        )
    else:
        messages.error(request, _("Give a year between 1950 and 2200, such as 2026."))
    return redirect("quality_dashboard")


# --- self-evaluations -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@roles_required(*VIEWERS)
def self_evaluation_list(request: KoersRequest) -> HttpResponse:
    can_manage = quality_policy.can(request.actor, "manage")
    form = SelfEvaluationStartForm(
        request.POST or None, frameworks=list(selectors.framework_choices())
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.self_evaluation_start(
                actor=request.actor,
                framework_id=form.cleaned_data["framework"],
                year=form.cleaned_data["year"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The self-evaluation has been started."))
            return redirect("quality_self_evaluation_detail", self_evaluation_id=evaluation.id)
    elif request.method == "POST":
        quality_policy.require(request.actor, "manage")
    evaluations = selectors.self_evaluation_list(actor=request.actor)
    return render(
        request,
        "quality/self_evaluation_list.html",
        {
            "evaluations": [(e, _evaluation_title(e)) for e in evaluations],
            "form": form,
            "can_manage": can_manage,
            "crumbs": [(_("Self-evaluations"), None)],
        },
        status=400 if form.errors else 200,
    )


@require_GET
@roles_required(*VIEWERS)
def self_evaluation_detail(request: KoersRequest, self_evaluation_id: int) -> HttpResponse:
    overview = selectors.self_evaluation_overview(
        actor=request.actor, self_evaluation_id=self_evaluation_id
    )
    evaluation = overview.evaluation
    return render(
        request,
        "quality/self_evaluation_detail.html",
        {
            "overview": overview,
            "evaluation": evaluation,
            "title": _evaluation_title(evaluation),
            "previous_title": _evaluation_title(overview.previous) if overview.previous else "",
            "can_edit": quality_policy.can(request.actor, "manage") and not evaluation.is_finalised,
            "crumbs": [_list_crumb(), (_evaluation_title(evaluation), None)],
        },
    )


@require_POST
@roles_required(*MANAGERS)
def self_evaluation_refresh(request: KoersRequest, self_evaluation_id: int) -> HttpResponse:
    try:
        services.self_evaluation_refresh(actor=request.actor, self_evaluation_id=self_evaluation_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The computed criteria have been recomputed."))
    return redirect("quality_self_evaluation_detail", self_evaluation_id=self_evaluation_id)


@require_POST
@roles_required(*MANAGERS)
def self_evaluation_finalise(request: KoersRequest, self_evaluation_id: int) -> HttpResponse:
    try:
        services.self_evaluation_finalise(
            actor=request.actor, self_evaluation_id=self_evaluation_id
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The self-evaluation has been finalised."))
    return redirect("quality_self_evaluation_detail", self_evaluation_id=self_evaluation_id)


# --- report ---------------------------------------------------------------------------------------

REPORT_LANGUAGES = ("nl", "en")


def _report_language(request: KoersRequest) -> str:
    """`?lang=nl` or `?lang=en`, else the language of the page."""
    asked = request.GET.get("lang", "")
    if asked in REPORT_LANGUAGES:
        return asked
    current = (translation.get_language() or "nl")[:2]
    return current if current in REPORT_LANGUAGES else "nl"


def _report_context(request: KoersRequest, self_evaluation_id: int) -> dict[str, Any]:
    """Everything the report shows; call it inside the report's language."""
    overview = selectors.self_evaluation_overview(
        actor=request.actor, self_evaluation_id=self_evaluation_id
    )
    evaluation = overview.evaluation
    return {
        "overview": overview,
        "evaluation": evaluation,
        "framework_name": localised(evaluation.framework.name),
        "organisation_name": request.actor.organisation_name,
        "actions": list(
            selectors.improvement_action_list(actor=request.actor, self_evaluation_id=evaluation.id)
        ),
        "printed_on": timezone.localdate(),
        "report_language": translation.get_language(),
    }


@require_GET
@roles_required(*VIEWERS)
def self_evaluation_report(request: KoersRequest, self_evaluation_id: int) -> HttpResponse:
    with translation.override(_report_language(request)):
        context = _report_context(request, self_evaluation_id)
        evaluation = context["evaluation"]
        context["crumbs"] = [
            _list_crumb(),
            _evaluation_crumb(evaluation),
            (_("Report"), None),
        ]
        content = render_to_string("quality/self_evaluation_report.html", context, request=request)
    return HttpResponse(content)


@require_GET
@roles_required(*VIEWERS)
def self_evaluation_report_pdf(request: KoersRequest, self_evaluation_id: int) -> HttpResponse:
    language = _report_language(request)
    with translation.override(language):
        context = _report_context(request, self_evaluation_id)
        html = render_to_string("quality/self_evaluation_report_print.html", context)
    evaluation = context["evaluation"]
    response = HttpResponse(report.pdf_from_html(html), content_type="application/pdf")
    name = f"self-evaluation-{evaluation.framework.key}-{evaluation.period}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- criteria -------------------------------------------------------------------------------------


def _breakdowns(request: KoersRequest, detail: CriterionDetail) -> list[dict[str, Any]]:
    """The indicator behind a computed criterion by group, for those who may see the figures."""
    criterion = detail.criterion
    if not criterion.is_computed or not request.actor.has_role(*QUALITY_ROLES):
        return []
    found = selectors.indicator_breakdowns(
        actor=request.actor, code=criterion.indicator, period=Period.parse(detail.evaluation.period)
    )
    return [
        {
            "key": name,
            "name": BREAKDOWN_LABELS[name],
            "rows": [(group_label(name, row.group), row) for row in rows],
        }
        for name, rows in found.items()
    ]


def _criterion_page(
    request: KoersRequest,
    detail: CriterionDetail,
    answer_form: AnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    evaluation, criterion = detail.evaluation, detail.criterion
    can_edit = quality_policy.can(request.actor, "manage") and not evaluation.is_finalised
    if answer_form is None and can_edit and not criterion.is_computed:
        answer_form = AnswerForm(criterion=criterion)
    return render(
        request,
        "quality/criterion_detail.html",
        {
            "evaluation": evaluation,
            "criterion": criterion,
            "actions": detail.actions,
            "form": answer_form,
            "breakdowns": _breakdowns(request, detail),
            "can_plan": quality_policy.can(request.actor, "manage") and criterion.met is not True,
            "crumbs": [
                _list_crumb(),
                _evaluation_crumb(evaluation),
                (_("Criterion %(key)s") % {"key": criterion.key}, None),
            ],
        },
        status=status,
    )


@require_GET
@roles_required(*VIEWERS)
def criterion_detail(
    request: KoersRequest, self_evaluation_id: int, criterion_key: str
) -> HttpResponse:
    detail = selectors.criterion_get(
        actor=request.actor, self_evaluation_id=self_evaluation_id, criterion_key=criterion_key
    )
    return _criterion_page(request, detail)


@require_POST
@roles_required(*MANAGERS)
def criterion_answer(
    request: KoersRequest, self_evaluation_id: int, criterion_key: str
) -> HttpResponse:
    detail = selectors.criterion_get(
        actor=request.actor, self_evaluation_id=self_evaluation_id, criterion_key=criterion_key
    )
    form = AnswerForm(request.POST, criterion=detail.criterion)
    if form.is_valid():
        try:
            services.self_evaluation_answer(
                actor=request.actor,
                self_evaluation_id=self_evaluation_id,
                criterion_key=criterion_key,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The answer has been saved."))
            return redirect("quality_self_evaluation_detail", self_evaluation_id=self_evaluation_id)
    return _criterion_page(request, detail, form, status=400)


# --- improvement actions --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@roles_required(*MANAGERS)
def action_create(
    request: KoersRequest, self_evaluation_id: int, criterion_key: str
) -> HttpResponse:
    detail = selectors.criterion_get(
        actor=request.actor, self_evaluation_id=self_evaluation_id, criterion_key=criterion_key
    )
    form = ActionForm(request.POST or None, owners=_owner_choices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.improvement_action_create(
                actor=request.actor,
                self_evaluation_id=self_evaluation_id,
                criterion_key=criterion_key,
                title=data["title"],
                owner_id=data["owner"],
                due_on=data["due_on"],
                expected_effect=data["expected_effect"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The improvement action has been planned."))
            return redirect("quality_action_detail", action_id=action.id)
    evaluation, criterion = detail.evaluation, detail.criterion
    crumbs = [
        _list_crumb(),
        _evaluation_crumb(evaluation),
        (
            _("Criterion %(key)s") % {"key": criterion.key},
            reverse("quality_criterion_detail", args=[evaluation.id, criterion.key]),
        ),
        (_("New improvement action"), None),
    ]
    return render(
        request,
        "quality/action_form.html",
        {"form": form, "criterion": criterion, "evaluation": evaluation, "crumbs": crumbs},
        status=400 if form.errors else 200,
    )


@require_GET
@roles_required(*VIEWERS)
def action_list(request: KoersRequest) -> HttpResponse:
    actions = list(selectors.improvement_action_list(actor=request.actor))
    overdue = [a for a in actions if a.is_overdue]
    return render(
        request,
        "quality/action_list.html",
        {
            "overdue": overdue,
            "open_actions": [a for a in actions if a.is_open and not a.is_overdue],
            "closed": [a for a in actions if not a.is_open],
            "crumbs": [(_("Improvement actions"), None)],
        },
    )


def _action_page(
    request: KoersRequest,
    action: ImprovementAction,
    form: ActionUpdateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = quality_policy.can(request.actor, "manage") and action.is_open
    if form is None and can_edit:
        form = ActionUpdateForm(
            owners=_owner_choices(request),
            initial={"status": action.status, "owner": action.owner_id, "due_on": action.due_on},
        )
    evaluation = action.criterion_result.self_evaluation
    return render(
        request,
        "quality/action_detail.html",
        {
            "action": action,
            "evaluation": evaluation,
            "evaluation_title": _evaluation_title(evaluation),
            "form": form,
            "crumbs": [
                (_("Improvement actions"), reverse("quality_action_list")),
                (action.title, None),
            ],
        },
        status=status,
    )


@require_GET
@roles_required(*VIEWERS)
def action_detail(request: KoersRequest, action_id: int) -> HttpResponse:
    action = selectors.improvement_action_get(actor=request.actor, action_id=action_id)
    return _action_page(request, action)


@require_POST
@roles_required(*MANAGERS)
def action_update(request: KoersRequest, action_id: int) -> HttpResponse:
    action = selectors.improvement_action_get(actor=request.actor, action_id=action_id)
    form = ActionUpdateForm(request.POST, owners=_owner_choices(request))
    if form.is_valid():
        try:
            data = form.cleaned_data
            services.improvement_action_update(
                actor=request.actor,
                action_id=action.id,
                status=data["status"],
                owner_id=data["owner"],
                due_on=data["due_on"],
                what_changed=data["what_changed"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The improvement action has been updated."))
            return redirect("quality_action_detail", action_id=action.id)
    return _action_page(request, action, form, status=400)
