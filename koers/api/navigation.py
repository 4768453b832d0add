"""This app's entries in the main navigation and on home pages (see koers.core.navigation)."""

from django.utils.translation import gettext_lazy as _

from koers.core.navigation import NavItem, Tile
from koers.core.roles import Role

NAV: dict[Role, list[NavItem]] = {
    Role.ORGANISATION_ADMIN: [NavItem(_("API tokens"), "api_token_list")],
    Role.SERVICE_MANAGER: [NavItem(_("Import and export"), "data_import")],
}
TILES: dict[Role, list[Tile]] = {
    Role.ORGANISATION_ADMIN: [
        Tile(
            _("API tokens"),
            _("Let other systems read or write your organisation's records"),
            "api_token_list",
        )
    ],
    Role.SERVICE_MANAGER: [
        Tile(
            _("Import and export"),
            _("Bring in engagements and life status from another system, or take them out"),
            "data_import",
        )
    ],
}
