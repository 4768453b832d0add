"""Every API route under /api/v1/. Endpoints live in each app's api.py; the router gives each
Koers's authentication, access check, rate limits and pagination (koers/api/routers.py)."""

from django.urls import path

from koers.api.docs import SchemaView, SwaggerView
from koers.api.routers import KoersRouter
from koers.careerinfo.api import OccupationViewSet
from koers.delivery.api import (
    EmployerViewSet,
    EngagementViewSet,
    OpportunityViewSet,
    ParticipationViewSet,
    PractitionerProfileViewSet,
    ReferralViewSet,
    StepViewSet,
)
from koers.evaluation.api import StudyViewSet
from koers.instruments.api import AdministrationViewSet
from koers.organisations.api import MembershipViewSet, OrganisationViewSet
from koers.people.api import PersonViewSet
from koers.quality.api import IndicatorSnapshotViewSet

router = KoersRouter()
router.register("organisations", OrganisationViewSet, basename="api-organisation")
router.register("memberships", MembershipViewSet, basename="api-membership")
router.register(
    "practitioner-profiles", PractitionerProfileViewSet, basename="api-practitioner-profile"
)
router.register("persons", PersonViewSet, basename="api-person")
router.register("engagements", EngagementViewSet, basename="api-engagement")
router.register("steps", StepViewSet, basename="api-step")
router.register("referrals", ReferralViewSet, basename="api-referral")
router.register("employers", EmployerViewSet, basename="api-employer")
router.register("opportunities", OpportunityViewSet, basename="api-opportunity")
router.register("participations", ParticipationViewSet, basename="api-participation")
router.register("administrations", AdministrationViewSet, basename="api-administration")
router.register("occupations", OccupationViewSet, basename="api-occupation")
router.register("studies", StudyViewSet, basename="api-study")
router.register("indicator-snapshots", IndicatorSnapshotViewSet, basename="api-indicator-snapshot")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api_schema"),
    path("docs/", SwaggerView.as_view(), name="api_docs"),
    *router.urls,
]
