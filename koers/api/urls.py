"""Every API route under /api/v1/. Endpoints live in each app's api.py; the router gives each
Koers's authentication, access check, rate limits and pagination (koers/api/routers.py)."""

from django.urls import path

from koers.api.docs import SchemaView, SwaggerView
from koers.api.routers import KoersRouter
from koers.delivery.api import EmployerViewSet, EngagementViewSet
from koers.organisations.api import MembershipViewSet, OrganisationViewSet
from koers.people.api import PersonViewSet

router = KoersRouter()
router.register("organisations", OrganisationViewSet, basename="api-organisation")
router.register("memberships", MembershipViewSet, basename="api-membership")
router.register("persons", PersonViewSet, basename="api-person")
router.register("engagements", EngagementViewSet, basename="api-engagement")
router.register("employers", EmployerViewSet, basename="api-employer")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api_schema"),
    path("docs/", SwaggerView.as_view(), name="api_docs"),
    *router.urls,
]
