"""This app's entries in the main navigation and on home pages (see koers.core.navigation)."""

from django.utils.translation import gettext_lazy as _

from koers.core.navigation import NavItem, Tile
from koers.core.roles import Role

QUALITY = NavItem(_("Quality"), "quality_dashboard")
SELF_EVALUATIONS = NavItem(_("Self-evaluations"), "quality_self_evaluation_list")
ACTIONS = NavItem(_("Improvement actions"), "quality_action_list")

NAV: dict[Role, list[NavItem]] = {
    Role.SERVICE_MANAGER: [QUALITY, SELF_EVALUATIONS, ACTIONS],
    Role.ORGANISATION_ADMIN: [QUALITY, SELF_EVALUATIONS],
    Role.PRACTITIONER: [SELF_EVALUATIONS],
}
TILES: dict[Role, list[Tile]] = {
    Role.SERVICE_MANAGER: [
        Tile(
            _("Self-evaluation"),
            _("Hold your service against the ten principles"),
            "quality_self_evaluation_list",
        ),
        Tile(
            _("Overdue improvement actions"),
            _("Actions past their due date come first"),
            "quality_action_list",
        ),
    ],
}
