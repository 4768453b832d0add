"""This app's entries in the main navigation and on home pages (see koers.core.navigation)."""

from django.utils.translation import gettext_lazy as _

from koers.core.navigation import NavItem, Tile
from koers.core.roles import Role

GOALS = NavItem(_("Policy goals"), "policy_goal_list")
PUBLICATIONS = NavItem(_("Publications"), "policy_publication_list")
SCHEMES = NavItem(_("Funding schemes"), "policy_scheme_list")
CLAIMS = NavItem(_("Claims"), "policy_claim_list")
COSTS = NavItem(_("Costs"), "policy_cost_overview")

NAV: dict[Role, list[NavItem]] = {
    Role.POLICY_ANALYST: [GOALS, PUBLICATIONS, SCHEMES, CLAIMS],
    Role.SERVICE_MANAGER: [SCHEMES, COSTS],
    Role.PRACTITIONER: [SCHEMES],
}
TILES: dict[Role, list[Tile]] = {
    Role.POLICY_ANALYST: [
        Tile(
            _("Policy goals"), _("Goals and targets through the policy cycle"), "policy_goal_list"
        ),
        Tile(
            _("Publications"),
            _("Publish figures and studies, with small groups hidden"),
            "policy_publication_list",
        ),
        Tile(_("Funding schemes"), _("Vouchers, uptake, spend and claims"), "policy_scheme_list"),
    ],
    Role.SERVICE_MANAGER: [
        Tile(_("Costs"), _("Cost per person, per hour and per outcome"), "policy_cost_overview"),
    ],
    Role.PRACTITIONER: [
        Tile(_("Funding schemes"), _("Issue and redeem vouchers"), "policy_scheme_list"),
    ],
}
