"""This app's entries in the main navigation and on home pages (see koers.core.navigation)."""

from django.utils.translation import gettext_lazy as _

from koers.core.navigation import NavItem, Tile
from koers.core.roles import Role

NAV: dict[Role, list[NavItem]] = {
    Role.CITIZEN: [
        NavItem(_("My record"), "person_record"),
        NavItem(_("Consents"), "consent_list"),
        NavItem(_("Sharing"), "record_share_list"),
        NavItem(_("My data"), "my_data"),
    ]
}
TILES: dict[Role, list[Tile]] = {
    Role.CITIZEN: [
        Tile(
            _("My record"),
            _("Your details and your life situation over the years"),
            "person_record",
        ),
        Tile(
            _("My consents"),
            _("Decide what your details may be used for"),
            "consent_list",
        ),
        Tile(
            _("Sharing my record"),
            _("Let a new school or service see your history"),
            "record_share_list",
        ),
        Tile(
            _("My data"),
            _("Download everything we hold about you, or ask us to erase it"),
            "my_data",
        ),
    ]
}
