"""This app's entries in the main navigation and on home pages (see koers.core.navigation)."""

from django.utils.translation import gettext_lazy as _

from koers.core.navigation import NavItem, Tile
from koers.core.roles import Role

OCCUPATIONS = NavItem(_("Occupations"), "careers_occupation_search")
NAV: dict[Role, list[NavItem]] = {role: [OCCUPATIONS] for role in Role}
EXPLORE = Tile(
    _("Explore occupations"),
    _("Occupations and their skills, interests and labour market (ESCO)"),
    "careers_occupation_search",
)
MATCH = Tile(
    _("Occupations that fit your interests"),
    _("Rank occupations by your six interest scores"),
    "careers_interest_match",
)
TILES: dict[Role, list[Tile]] = {
    Role.CITIZEN: [EXPLORE, MATCH],
    Role.PRACTITIONER: [EXPLORE, MATCH],
}
