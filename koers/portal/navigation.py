"""The main navigation per role. Each app's pages are added here when they exist."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koers.core.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str


HOME = NavItem(_("Home"), "home")
ORGANISATION = NavItem(_("Organisation"), "organisation_detail")
STAFF = NavItem(_("Staff"), "member_list")
AUDIT = NavItem(_("Audit trail"), "audit_list")
NETWORK = NavItem(_("Organisations"), "network_organisation_list")

NAVIGATION: dict[Role, list[NavItem]] = {
    Role.CITIZEN: [HOME],
    Role.PRACTITIONER: [HOME, ORGANISATION],
    Role.SERVICE_MANAGER: [HOME, ORGANISATION, STAFF, AUDIT],
    Role.ORGANISATION_ADMIN: [HOME, ORGANISATION, STAFF, AUDIT],
    Role.POLICY_ANALYST: [HOME, NETWORK],
}


def nav_items_for(role: Role | None, current_path: str) -> list[dict[str, object]]:
    items = []
    for item in NAVIGATION.get(role, []) if role else []:
        url = reverse(item.url_name)
        current = current_path == url or (url != "/" and current_path.startswith(url))
        items.append({"label": item.label, "url": url, "current": current})
    return items
