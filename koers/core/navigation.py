"""What an app adds to the main navigation and to a role's home page.

Each app lists its entries in its own `navigation.py` (NAV and TILES, keyed by role); the portal
puts them together in a fixed app order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str


@dataclass(frozen=True)
class Tile:
    title: str | Promise
    description: str | Promise
    url_name: str
