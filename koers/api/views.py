"""Pages for organisation administrators (make, list and revoke API tokens) and for service
managers (bulk import and export)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.api import selectors, services
from koers.api.exports import export_lines
from koers.api.forms import ApiTokenCreateForm, DataImportForm
from koers.api.imports import KINDS, MAX_BYTES, import_file, template_csv
from koers.api.models import TokenScope
from koers.core.access import KoersRequest, roles_required
from koers.core.roles import Role


@require_http_methods(["GET", "POST"])
@roles_required(Role.ORGANISATION_ADMIN)
def api_token_list(request: KoersRequest) -> HttpResponse:
    form = ApiTokenCreateForm(request.POST or None)
    secret = ""
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = services.api_token_create(
                actor=request.actor,
                name=form.cleaned_data["name"],
                scope=TokenScope(form.cleaned_data["scope"]),
                expires_at=timezone.now() + timedelta(days=form.cleaned_data["lifetime"]),
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            # The secret is shown in this response only; it is never stored or shown again.
            form = ApiTokenCreateForm()
    tokens = selectors.api_token_list(actor=request.actor)
    response = render(
        request,
        "api/api_token_list.html",
        {
            "tokens": tokens,
            "form": form,
            "created": created,
            "secret": secret,
            "now": timezone.now(),
            "crumbs": [(_("API tokens"), None)],
        },
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@roles_required(Role.ORGANISATION_ADMIN)
def api_token_revoke(request: KoersRequest, token_id: int) -> HttpResponse:
    try:
        token = services.api_token_revoke(actor=request.actor, token_id=token_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The token “%(name)s” has been revoked.") % {"name": token.name}
        )
    return redirect("api_token_list")


def _kind(request: KoersRequest) -> str:
    kind = request.GET.get("kind", "engagements")
    if kind not in KINDS:
        raise Http404
    return kind


@require_http_methods(["GET", "POST"])
@roles_required(Role.SERVICE_MANAGER)
def data_import(request: KoersRequest) -> HttpResponse:
    form = DataImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", _("The file is larger than 20 MB; split it into smaller files."))
        else:
            report = import_file(
                actor=request.actor,
                kind=form.cleaned_data["kind"],
                name=upload.name,
                data=upload.read(),
                atomic=not form.cleaned_data["keep_valid"],
                dry_run=form.cleaned_data["dry_run"],
            )
    return render(
        request,
        "api/data_import.html",
        {
            "form": form,
            "report": report,
            "kinds": KINDS,
            "crumbs": [(_("Import and export"), None)],
        },
        status=400 if form.errors or (report and report.problems and not report.committed) else 200,
    )


@require_GET
@roles_required(Role.SERVICE_MANAGER)
def data_export(request: KoersRequest) -> HttpResponse:
    kind = _kind(request)
    lines = export_lines(actor=request.actor, kind=kind)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="koers-{kind}.csv"'
    # Streamed so memory stays flat; the access decorator's View type only knows HttpResponse.
    return response  # type: ignore[return-value]


@require_GET
@roles_required(Role.SERVICE_MANAGER)
def import_template(request: KoersRequest) -> HttpResponse:
    kind = _kind(request)
    response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="koers-{kind}-template.csv"'
    return response
