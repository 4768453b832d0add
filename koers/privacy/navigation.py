"""This app's entries in the main navigation and on home pages (see koers.core.navigation)."""

from django.utils.translation import gettext_lazy as _

from koers.core.navigation import NavItem, Tile
from koers.core.roles import Role

ERASURE = NavItem(_("Erasure requests"), "erasure_request_list")
RETENTION = NavItem(_("Retention"), "retention")

NAV: dict[Role, list[NavItem]] = {
    Role.SERVICE_MANAGER: [ERASURE],
    Role.ORGANISATION_ADMIN: [RETENTION],
}
TILES: dict[Role, list[Tile]] = {
    Role.SERVICE_MANAGER: [
        Tile(_("Erasure requests"), _("Review requests to erase a record"), "erasure_request_list"),
        Tile(_("Retention"), _("How long records are kept"), "retention"),
    ],
    Role.ORGANISATION_ADMIN: [
        Tile(_("Research extracts"), _("Pseudonymised extracts for research"), "extract_list"),
        Tile(
            _("Processing register"), _("What personal data Koers processes"), "processing_register"
        ),
    ],
}
