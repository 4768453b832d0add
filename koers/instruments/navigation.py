"""This app's entries in the main navigation and on home pages (see koers.core.navigation)."""

from django.utils.translation import gettext_lazy as _

from koers.core.navigation import NavItem, Tile
from koers.core.roles import Role

MINE = NavItem(_("Questionnaires"), "my_questionnaires")
RESULTS = NavItem(_("Questionnaire results"), "questionnaire_results")
RESULTS_TILE = Tile(
    _("Questionnaire results"),
    _("Results of your clients' questionnaires, before and after guidance"),
    "questionnaire_results",
)

NAV: dict[Role, list[NavItem]] = {
    Role.CITIZEN: [MINE],
    Role.PRACTITIONER: [RESULTS],
    Role.SERVICE_MANAGER: [RESULTS],
}
TILES: dict[Role, list[Tile]] = {
    Role.CITIZEN: [
        Tile(
            _("Questionnaires"),
            _("Find out about your interests and career skills, and see your results"),
            "my_questionnaires",
        )
    ],
    Role.PRACTITIONER: [RESULTS_TILE],
    Role.SERVICE_MANAGER: [RESULTS_TILE],
}
