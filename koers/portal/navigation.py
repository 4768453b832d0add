"""The main navigation and home-page tiles per role, gathered from every app in a fixed order."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koers.api import navigation as api
from koers.careerinfo import navigation as careerinfo
from koers.core.navigation import NavItem, Tile
from koers.core.roles import Role
from koers.delivery import navigation as delivery
from koers.evaluation import navigation as evaluation
from koers.instruments import navigation as instruments
from koers.organisations import navigation as organisations
from koers.people import navigation as people
from koers.policy import navigation as policy
from koers.privacy import navigation as privacy
from koers.quality import navigation as quality

APPS = [
    people,
    delivery,
    instruments,
    careerinfo,
    quality,
    evaluation,
    policy,
    privacy,
    organisations,
    api,
]
HOME = NavItem(_("Home"), "home")
AUDIT = NavItem(_("Audit trail"), "audit_list")
AUDIT_TILE = Tile(_("Audit trail"), _("Who read or changed what, and why"), "audit_list")
AUDIT_ROLES = (Role.SERVICE_MANAGER, Role.ORGANISATION_ADMIN)


def nav_items_for(role: Role | None, current_path: str) -> list[dict[str, object]]:
    if role is None:
        return []
    entries = [HOME, *(item for app in APPS for item in app.NAV.get(role, []))]
    if role in AUDIT_ROLES:
        entries.append(AUDIT)
    items = []
    for entry in entries:
        url = reverse(entry.url_name)
        current = current_path == url or (url != reverse("home") and current_path.startswith(url))
        items.append({"label": entry.label, "url": url, "current": current})
    return items


def tiles_for(role: Role) -> list[Tile]:
    tiles = [tile for app in APPS for tile in app.TILES.get(role, [])]
    if role in AUDIT_ROLES:
        tiles.append(AUDIT_TILE)
    return tiles
