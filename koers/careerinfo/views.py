"""Career information pages.

They are public (@public): ESCO, ISCO-08 and O*NET are open reference data, labour-market
figures are published statistics, and nothing here reads or stores data about a person. So a
citizen can explore occupations before they have an account, and every logged-in role sees the
same pages. The interest page keeps the six scores in the query string only; nothing is saved.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.careerinfo import selectors
from koers.careerinfo.forms import InterestProfileForm, OccupationSearchForm
from koers.core.access import KoersRequest, public

PAGE_SIZE = 25
MATCHES = 20


@require_GET
@public
def occupation_search(request: KoersRequest) -> HttpResponse:
    form = OccupationSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    occupations = selectors.occupation_search(query=query)
    page = Paginator(occupations, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "careerinfo/occupation_search.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {"form": form, "query": query, "page": page, "crumbs": [(_("Occupations"), None)]},
    )


@require_GET
@public
def occupation_detail(request: KoersRequest, occupation_id: int) -> HttpResponse:
    detail = selectors.occupation_get(occupation_id=occupation_id)
    crumbs = [(_("Occupations"), reverse("careers_occupation_search")), (detail.label, None)]
    return render(
        request, "careerinfo/occupation_detail.html", {"detail": detail, "crumbs": crumbs}
    )


@require_GET
@public
def interest_match(request: KoersRequest) -> HttpResponse:
    form = InterestProfileForm(request.GET or None)
    matches = None
    if form.is_valid():
        matches = selectors.occupations_matching_interests(profile=form.cleaned_data, limit=MATCHES)
    crumbs = [
        (_("Occupations"), reverse("careers_occupation_search")),
        (_("Occupations that fit your interests"), None),
    ]
    return render(
        request,
        "careerinfo/interest_match.html",
        {"form": form, "matches": matches, "crumbs": crumbs},
        status=400 if form.errors else 200,
    )
