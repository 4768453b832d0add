"""Every API route under /api/v1/. Endpoints live in each app's api.py."""

from django.urls import path

from koers.api.docs import SchemaView, SwaggerView
from koers.api.routers import KoersRouter
from koers.organisations.api import MembershipViewSet, OrganisationViewSet

router = KoersRouter()
router.register("organisations", OrganisationViewSet, basename="api-organisation")
router.register("memberships", MembershipViewSet, basename="api-membership")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api_schema"),
    path("docs/", SwaggerView.as_view(), name="api_docs"),
    *router.urls,
]
