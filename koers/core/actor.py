"""The actor: who is acting, in which role, for which organisation. One per request.

Every selector and service takes an actor first; scoping starts here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from koers.core.models import User
from koers.core.roles import STAFF_ROLES, Role

# The session key holding the membership a user chose to act in.
ACTIVE_MEMBERSHIP_SESSION_KEY = "koers_membership_id"


@dataclass(frozen=True)
class Actor:
    user: User | None
    role: Role | None = None
    organisation_id: int | None = None
    membership_id: int | None = None
    organisation_name: str = ""
    # Materialised path of the organisation: a policy analyst sees aggregates of everything
    # whose path starts with it (their region or network and the providers under it).
    organisation_path: str = ""
    # Set for a citizen acting on their own record (people app).
    person_id: int | None = None

    @classmethod
    def anonymous(cls) -> Actor:
        return cls(user=None)

    @classmethod
    def system(cls) -> Actor:
        """Koers itself, for command-line and setup work outside any request."""
        return cls(user=None, organisation_name="Koers")

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES and self.organisation_id is not None

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def require_role(self, *roles: Role) -> None:
        """Raise PermissionDenied (403) unless the actor acts in one of `roles`."""
        if not self.has_role(*roles):
            raise PermissionDenied

    @property
    def email(self) -> str:
        return self.user.email if self.user else ""
