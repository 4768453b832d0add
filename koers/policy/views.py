"""Pages of the policy app: public publications and the evidence library; goals, publications
and schemes for analysts; vouchers and claims for providers; costs for service managers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.core.access import KoersRequest, public, roles_required
from koers.core.roles import Role
from koers.policy import costbenefit
from koers.policy.aggregates import ORGANISATION, REGION
from koers.policy.forms import (
    AssumptionsForm,
    ClaimDecisionForm,
    ClaimForm,
    CorrectionForm,
    CostForm,
    GoalForm,
    IssueForm,
    PublicationForm,
    RedeemForm,
    ReviewForm,
    SchemeForm,
    TargetForm,
)
from koers.policy.models import (
    ClaimStatus,
    CostKind,
    EntitlementUnit,
    Phase,
    Publication,
    ReviewOutcome,
)
from koers.policy.package import package_name, package_zip
from koers.policy.selectors import evidence as evidence_selectors
from koers.policy.selectors import goals as goal_selectors
from koers.policy.selectors import publications as publication_selectors
from koers.policy.selectors import schemes as scheme_selectors
from koers.policy.services import costs, goals, publications, schemes
from koers.quality.indicators import BREAKDOWN_LABELS, INDICATORS

ANALYST = Role.POLICY_ANALYST
PROVIDER_STAFF = (Role.PRACTITIONER, Role.SERVICE_MANAGER)


def _flash_errors(request: KoersRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _breakdown_label(name: str) -> str:
    labels = {"": _("Total"), REGION: _("Region or network"), ORGANISATION: _("Provider")}
    return str(labels.get(name) or BREAKDOWN_LABELS.get(name, name))


# --- public -------------------------------------------------------------------------------------


@require_GET
@public
def publication_index(request: KoersRequest) -> HttpResponse:
    items = publication_selectors.public_publication_list()
    return render(request, "policy/publication_index.html", {"publications": items})


def _report_context(publication: Publication) -> dict[str, Any]:
    tables = publication_selectors.publication_tables(publication=publication)
    return {
        "publication": publication,
        "tables": [
            {
                "table": table,
                "title": str(INDICATORS[table.indicator].title),
                "breakdown_label": _breakdown_label(table.breakdown),
                "rows": table.rows if not table.breakdown else table.rows[1:],
            }
            for table in tables
        ],
    }


@require_GET
@public
def publication_public(request: KoersRequest, publication_id: int) -> HttpResponse:
    publication = publication_selectors.public_publication_get(publication_id=publication_id)
    context = _report_context(publication)
    context["crumbs"] = [
        (_("Publications"), reverse("policy_publication_index")),
        (publication.title, None),
    ]
    return render(request, "policy/publication_public.html", context)


@require_GET
@public
def publication_package(request: KoersRequest, publication_id: int) -> HttpResponse:
    publication = publication_selectors.public_publication_get(publication_id=publication_id)
    tables = publication_selectors.publication_tables(publication=publication)
    response = HttpResponse(package_zip(publication, tables), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package_name(publication)}.zip"'
    return response


class PublicationFeed(Feed):  # type: ignore[type-arg]
    """Atom feed of published publications."""

    feed_type = Atom1Feed
    title = gettext_lazy("Koers publications")
    subtitle = gettext_lazy("Figures and evaluations on lifelong guidance, disclosure-controlled.")

    def link(self) -> str:
        return reverse("policy_publication_index")

    def items(self) -> list[Publication]:
        return list(publication_selectors.public_publication_list()[:50])

    def item_title(self, item: Publication) -> str:
        return f"{item.title} (v{item.version})"

    def item_description(self, item: Publication) -> str:
        return item.summary

    def item_link(self, item: Publication) -> str:
        return reverse("policy_publication_public", args=[item.id])

    def item_pubdate(self, item: Publication) -> dt.datetime | None:
        return item.published_at


publication_feed = require_GET(public(PublicationFeed()))


@require_GET
@public
def evidence_index(request: KoersRequest) -> HttpResponse:
    return render(request, "policy/evidence_index.html", {"kinds": evidence_selectors.what_works()})


# --- goals --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@roles_required(ANALYST)
def goal_list(request: KoersRequest) -> HttpResponse:
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = goals.goal_create(actor=request.actor, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The goal has been created."))
            return redirect("policy_goal_detail", goal_id=goal.id)
    items = goal_selectors.goal_list(actor=request.actor)
    return render(
        request,
        "policy/goal_list.html",
        {"goals": items, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@roles_required(ANALYST)
def goal_detail(request: KoersRequest, goal_id: int) -> HttpResponse:
    goal = goal_selectors.goal_get(actor=request.actor, goal_id=goal_id)
    context = {
        "goal": goal,
        "monitor": goal_selectors.goal_monitor(actor=request.actor, goal=goal),
        "target_form": TargetForm(),
        "review_form": ReviewForm(),
        "phases": [(phase.value, phase.label) for phase in Phase],
        "in_review": goal.phase == Phase.REVIEW and goal.closed_on is None,
        "crumbs": [(_("Policy goals"), reverse("policy_goal_list")), (goal.title, None)],
    }
    return render(request, "policy/goal_detail.html", context)


@require_POST
@roles_required(ANALYST)
def goal_target_add(request: KoersRequest, goal_id: int) -> HttpResponse:
    form = TargetForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        goals.target_add(
            actor=request.actor,
            goal_id=goal_id,
            indicator=data.get("indicator", request.POST.get("indicator", "")),
            baseline=data.get("baseline"),
            baseline_period=data.get("baseline_period", ""),
            target_value=data.get("target_value"),
            deadline=data.get("deadline"),
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("The target has been added."))
    return redirect("policy_goal_detail", goal_id=goal_id)


@require_POST
@roles_required(ANALYST)
def goal_advance(request: KoersRequest, goal_id: int) -> HttpResponse:
    try:
        goal = goals.goal_advance(actor=request.actor, goal_id=goal_id)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(
            request,
            _("The goal is now in the phase: %(phase)s.") % {"phase": goal.get_phase_display()},
        )
    return redirect("policy_goal_detail", goal_id=goal_id)


@require_POST
@roles_required(ANALYST)
def goal_review(request: KoersRequest, goal_id: int) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and write down the reasons."))
        return redirect("policy_goal_detail", goal_id=goal_id)
    try:
        _decision, following = goals.goal_review(
            actor=request.actor,
            goal_id=goal_id,
            outcome=ReviewOutcome(form.cleaned_data["outcome"]),
            reasons=form.cleaned_data["reasons"],
        )
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect("policy_goal_detail", goal_id=goal_id)
    messages.success(request, _("The review has been recorded and the cycle closed."))
    return redirect("policy_goal_detail", goal_id=following.id if following else goal_id)


# --- publications (analysts) --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@roles_required(ANALYST)
def publication_list(request: KoersRequest) -> HttpResponse:
    form = PublicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publication = publications.publication_create(actor=request.actor, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft has been saved; check it before publishing."))
            return redirect("policy_publication_detail", publication_id=publication.id)
    items = publication_selectors.publication_list(actor=request.actor)
    return render(
        request,
        "policy/publication_list.html",
        {"publications": items, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@roles_required(ANALYST)
def publication_detail(request: KoersRequest, publication_id: int) -> HttpResponse:
    publication = publication_selectors.publication_get(
        actor=request.actor, publication_id=publication_id
    )
    context = _report_context(publication)
    context["correction_form"] = CorrectionForm()
    context["crumbs"] = [
        (_("Publications"), reverse("policy_publication_list")),
        (publication.title, None),
    ]
    return render(request, "policy/publication_detail.html", context)


@require_POST
@roles_required(ANALYST)
def publication_publish(request: KoersRequest, publication_id: int) -> HttpResponse:
    try:
        publications.publication_publish(actor=request.actor, publication_id=publication_id)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("Published. Small groups are hidden in every table."))
    return redirect("policy_publication_detail", publication_id=publication_id)


@require_POST
@roles_required(ANALYST)
def publication_correct(request: KoersRequest, publication_id: int) -> HttpResponse:
    form = CorrectionForm(request.POST)
    try:
        new = publications.publication_correct(
            actor=request.actor,
            publication_id=publication_id,
            correction_note=form.data.get("correction_note", ""),
        )
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect("policy_publication_detail", publication_id=publication_id)
    messages.success(request, _("A new draft version has been made."))
    return redirect("policy_publication_detail", publication_id=new.id)


# --- schemes, vouchers, claims ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@roles_required(ANALYST, *PROVIDER_STAFF)
def scheme_list(request: KoersRequest) -> HttpResponse:
    is_analyst = request.actor.has_role(ANALYST)
    providers = scheme_selectors.providers_for(actor=request.actor) if is_analyst else []
    form = SchemeForm(request.POST or None, providers=providers) if is_analyst else None
    if request.method == "POST":
        if form is None:
            return redirect("policy_scheme_list")
        if form.is_valid():
            data = form.cleaned_data
            try:
                scheme = schemes.scheme_create(
                    actor=request.actor,
                    name=data["name"],
                    description=data["description"],
                    rule=data["rule"],
                    unit=EntitlementUnit(data["unit"]),
                    entitlement=data["entitlement"],
                    value_per_unit=data["value_per_unit"],
                    validity_days=data["validity_days"],
                    provider_ids=[int(p) for p in data["providers"]],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The scheme has been created."))
                return redirect("policy_scheme_detail", scheme_id=scheme.id)
    items = scheme_selectors.scheme_list(actor=request.actor)
    return render(
        request,
        "policy/scheme_list.html",
        {"schemes": items, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@require_GET
@roles_required(ANALYST, *PROVIDER_STAFF)
def scheme_detail(request: KoersRequest, scheme_id: int) -> HttpResponse:
    scheme = scheme_selectors.scheme_get(actor=request.actor, scheme_id=scheme_id)
    is_analyst = request.actor.has_role(ANALYST)
    context = {
        "scheme": scheme,
        "monitor": scheme_selectors.scheme_monitor(actor=request.actor, scheme=scheme)
        if is_analyst
        else None,
        "vouchers": scheme_selectors.voucher_list(actor=request.actor, scheme=scheme),
        "issue_form": None if is_analyst else IssueForm(),
        "crumbs": [(_("Funding schemes"), reverse("policy_scheme_list")), (scheme.name, None)],
    }
    return render(request, "policy/scheme_detail.html", context)


@require_POST
@roles_required(*PROVIDER_STAFF)
def voucher_issue(request: KoersRequest, scheme_id: int) -> HttpResponse:
    form = IssueForm(request.POST)
    try:
        decision, voucher = schemes.voucher_issue(
            actor=request.actor,
            scheme_id=scheme_id,
            person_reference=form.data.get("person_reference", ""),
        )
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect("policy_scheme_detail", scheme_id=scheme_id)
    if voucher is None:
        messages.warning(request, _("Not eligible. The reasons are stored with the decision."))
        for line in decision.explanation.get(request.LANGUAGE_CODE, decision.explanation["en"]):
            messages.info(request, line)
        return redirect("policy_scheme_detail", scheme_id=scheme_id)
    messages.success(request, _("Eligible: the voucher has been issued."))
    return redirect("policy_voucher_detail", voucher_id=voucher.id)


@require_GET
@roles_required(*PROVIDER_STAFF)
def voucher_detail(request: KoersRequest, voucher_id: int) -> HttpResponse:
    voucher = scheme_selectors.voucher_get(actor=request.actor, voucher_id=voucher_id)
    explanation = voucher.decision.explanation
    context = {
        "voucher": voucher,
        "explanation": explanation.get(request.LANGUAGE_CODE, explanation["en"]),
        "remaining": schemes.voucher_remaining(voucher),
        "redemptions": scheme_selectors.redemption_list(voucher=voucher),
        "activities": scheme_selectors.redeemable_activities(actor=request.actor, voucher=voucher),
        "redeem_form": RedeemForm(),
        "crumbs": [
            (_("Funding schemes"), reverse("policy_scheme_list")),
            (voucher.scheme.name, reverse("policy_scheme_detail", args=[voucher.scheme_id])),
            (voucher.reference, None),
        ],
    }
    return render(request, "policy/voucher_detail.html", context)


@require_POST
@roles_required(*PROVIDER_STAFF)
def voucher_redeem(request: KoersRequest, voucher_id: int) -> HttpResponse:
    try:
        activity_id = int(request.POST.get("activity", "0"))
    except ValueError:
        activity_id = 0
    try:
        schemes.redemption_record(
            actor=request.actor, voucher_id=voucher_id, activity_id=activity_id
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("The activity has been redeemed on the voucher."))
    return redirect("policy_voucher_detail", voucher_id=voucher_id)


@require_http_methods(["GET", "POST"])
@roles_required(ANALYST, Role.SERVICE_MANAGER)
def claim_list(request: KoersRequest) -> HttpResponse:
    is_manager = request.actor.has_role(Role.SERVICE_MANAGER)
    form = ClaimForm(request.POST or None) if is_manager else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            _claim, created = schemes.claim_submit(
                actor=request.actor,
                scheme_id=form.cleaned_data["scheme"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(
                request,
                _("The claim has been submitted.")
                if created
                else _("This claim was already submitted; nothing changed."),
            )
        return redirect("policy_claim_list")
    context = {
        "claims": scheme_selectors.claim_list(actor=request.actor),
        "form": form,
        "schemes": scheme_selectors.scheme_list(actor=request.actor) if is_manager else [],
        "decision_form": ClaimDecisionForm(),
        "statuses": ClaimStatus,
    }
    return render(request, "policy/claim_list.html", context)


@require_POST
@roles_required(ANALYST)
def claim_decide(request: KoersRequest, claim_id: int) -> HttpResponse:
    form = ClaimDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what happens to the claim."))
        return redirect("policy_claim_list")
    try:
        schemes.claim_decide(
            actor=request.actor, claim_id=claim_id, status=ClaimStatus(form.cleaned_data["status"])
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("The claim has been updated."))
    return redirect("policy_claim_list")


# --- costs --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@roles_required(Role.SERVICE_MANAGER)
def cost_overview(request: KoersRequest) -> HttpResponse:
    year = timezone.localdate().year
    form = CostForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            costs.cost_record_add(
                actor=request.actor,
                year=data["year"],
                kind=CostKind(data["kind"]),
                description=data["description"],
                amount=data["amount"],
                hours=data["hours"],
                rate=data["rate"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The cost has been recorded."))
            return redirect("policy_cost_overview")
    summary = costs.cost_summary(actor=request.actor, year=year)
    assumptions_form = AssumptionsForm(request.GET or None)
    assumptions = dict(costbenefit.DEFAULTS)
    if summary.per_person is not None:
        assumptions["participants"] = float(summary.people)
        assumptions["cost_per_participant"] = float(summary.per_person)
    if request.GET and assumptions_form.is_valid():
        assumptions.update(assumptions_form.cleaned_data)
    elif not request.GET:
        assumptions_form = AssumptionsForm(initial=assumptions)
    problems = costbenefit.check(assumptions)
    context = {
        "form": form,
        "summary": summary,
        "assumptions_form": assumptions_form,
        "result": None if problems else costbenefit.compute(assumptions),
        "sensitivity": []
        if problems
        else [
            (label, ratios)
            for (key, ratios), label in zip(
                costbenefit.sensitivity(assumptions),
                [a.label for a in costbenefit.ASSUMPTIONS],
                strict=True,
            )
        ],
        "steps": [f"{round(step * 100):+d}%" for step in costbenefit.SENSITIVITY_STEPS],
        "zero": Decimal(0),
    }
    return render(request, "policy/cost_overview.html", context, status=400 if form.errors else 200)
