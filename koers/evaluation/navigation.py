"""This app's entries in the main navigation and on home pages (see koers.core.navigation)."""

from django.utils.translation import gettext_lazy as _

from koers.core.navigation import NavItem, Tile
from koers.core.roles import Role

NAV: dict[Role, list[NavItem]] = {
    Role.SERVICE_MANAGER: [NavItem(_("Evaluation"), "evaluation_home")],
}
TILES: dict[Role, list[Tile]] = {
    Role.SERVICE_MANAGER: [
        Tile(
            _("Evaluation"),
            _("Evaluation plans, studies of impact and their strength of evidence"),
            "evaluation_home",
        )
    ],
}
