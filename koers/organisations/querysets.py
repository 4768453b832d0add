from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from koers.organisations.models import Membership, Organisation

    OrganisationBase = models.QuerySet[Organisation]
    MembershipBase = models.QuerySet[Membership]
else:
    OrganisationBase = MembershipBase = models.QuerySet


class OrganisationQuerySet(OrganisationBase):
    def under(self, organisation: Organisation) -> OrganisationQuerySet:
        """The organisation itself and everything beneath it in the network tree."""
        return self.filter(path__startswith=organisation.path)


class MembershipQuerySet(MembershipBase):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, user__is_active=True)
