"""This app's entries in the main navigation and on home pages (see koers.core.navigation)."""

from django.utils.translation import gettext_lazy as _

from koers.core.navigation import NavItem, Tile
from koers.core.roles import Role

CASELOAD = NavItem(_("Caseload"), "caseload")
EMPLOYERS = NavItem(_("Employers"), "employer_list")
PARTNERS = NavItem(_("Partner services"), "partner_list")
OFFER = NavItem(_("Our offer"), "service_list")

NAV: dict[Role, list[NavItem]] = {
    Role.PRACTITIONER: [CASELOAD, EMPLOYERS, PARTNERS, NavItem(_("My profile"), "own_profile")],
    Role.SERVICE_MANAGER: [
        CASELOAD,
        EMPLOYERS,
        PARTNERS,
        OFFER,
        NavItem(_("Practitioners"), "team"),
    ],
    Role.ORGANISATION_ADMIN: [NavItem(_("Practitioners"), "team")],
    Role.CITIZEN: [NavItem(_("My action plan"), "my_plan")],
}
TILES: dict[Role, list[Tile]] = {
    Role.PRACTITIONER: [
        Tile(
            _("Caseload"), _("Your clients, follow-ups due and who you have not seen"), "caseload"
        ),
        Tile(_("New trajectory"), _("Intake and readiness triage"), "engagement_open"),
        Tile(_("My profile"), _("Qualifications, register and CPD log"), "own_profile"),
    ],
    Role.SERVICE_MANAGER: [
        Tile(_("All trajectories"), _("Every trajectory of your organisation"), "caseload"),
        Tile(_("Our offer"), _("The interventions your organisation offers"), "service_list"),
        Tile(_("Practitioners"), _("Qualifications, register and CPD of your team"), "team"),
    ],
    Role.ORGANISATION_ADMIN: [
        Tile(_("Practitioners"), _("Qualifications, register and CPD of your team"), "team"),
    ],
    Role.CITIZEN: [
        Tile(_("My action plan"), _("Your goals and the steps towards them"), "my_plan"),
    ],
}
