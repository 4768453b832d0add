"""This app's entries in the main navigation and on home pages (see koers.core.navigation)."""

from django.utils.translation import gettext_lazy as _

from koers.core.navigation import NavItem, Tile
from koers.core.roles import Role

ORGANISATION = NavItem(_("Organisation"), "organisation_detail")
STAFF = NavItem(_("Staff"), "member_list")
NETWORK = NavItem(_("Organisations"), "network_organisation_list")

NAV: dict[Role, list[NavItem]] = {
    Role.PRACTITIONER: [ORGANISATION],
    Role.SERVICE_MANAGER: [ORGANISATION, STAFF],
    Role.ORGANISATION_ADMIN: [ORGANISATION, STAFF],
    Role.POLICY_ANALYST: [NETWORK],
}
STAFF_TILE = Tile(
    _("Staff and roles"), _("See who works in Koers for your organisation"), "member_list"
)
TILES: dict[Role, list[Tile]] = {
    Role.PRACTITIONER: [
        Tile(_("Your organisation"), _("Organisation details"), "organisation_detail")
    ],
    Role.SERVICE_MANAGER: [STAFF_TILE],
    Role.ORGANISATION_ADMIN: [STAFF_TILE],
    Role.POLICY_ANALYST: [
        Tile(
            _("Organisations"),
            _("Providers in your region or network"),
            "network_organisation_list",
        )
    ],
}
