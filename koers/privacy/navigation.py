"""This app's entries in the main navigation and on home pages (see koers.core.navigation)."""

from koers.core.navigation import NavItem, Tile
from koers.core.roles import Role

NAV: dict[Role, list[NavItem]] = {}
TILES: dict[Role, list[Tile]] = {}
