from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.core.access import KoersRequest, public, roles_required
from koers.core.audit import AUDIT_READERS, audit_event_list
from koers.core.models import AuditAction

AUDIT_PAGE_SIZE = 50


@require_GET
@public
def landing(request: KoersRequest) -> HttpResponse:
    return render(request, "core/landing.html")


@require_GET
@roles_required(*AUDIT_READERS)
def audit_list(request: KoersRequest) -> HttpResponse:
    action = request.GET.get("action", "")
    if action not in AuditAction.values:
        action = ""
    before = request.GET.get("before", "")
    before_id = int(before) if before.isdigit() else None
    events = list(
        audit_event_list(actor=request.actor, action=action, before_id=before_id)[
            : AUDIT_PAGE_SIZE + 1
        ]
    )
    next_before = events[AUDIT_PAGE_SIZE - 1].id if len(events) > AUDIT_PAGE_SIZE else None
    template = "core/audit_list.html#results" if request.htmx else "core/audit_list.html"
    return render(
        request,
        template,
        {
            "events": events[:AUDIT_PAGE_SIZE],
            "next_before": next_before,
            "action": action,
            "actions": AuditAction.choices,
            "crumbs": [(_("Audit trail"), None)],
        },
    )
