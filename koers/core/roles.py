"""The roles a person can act in. Staff roles come from a membership of an organisation;
citizens act on their own record."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", _("Practitioner")
    SERVICE_MANAGER = "service_manager", _("Service manager")
    POLICY_ANALYST = "policy_analyst", _("Policy analyst")
    ORGANISATION_ADMIN = "organisation_admin", _("Organisation administrator")
    CITIZEN = "citizen", _("Citizen")


STAFF_ROLES = frozenset(
    {Role.PRACTITIONER, Role.SERVICE_MANAGER, Role.POLICY_ANALYST, Role.ORGANISATION_ADMIN}
)
