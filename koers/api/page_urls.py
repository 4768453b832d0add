"""The API's pages for people (outside /api/v1/): API token management."""

from django.urls import path

from koers.api import views

urlpatterns = [
    path("organisation/api-tokens/", views.api_token_list, name="api_token_list"),
    path(
        "organisation/api-tokens/<int:token_id>/revoke/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
]
