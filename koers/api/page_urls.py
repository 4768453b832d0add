"""The API's pages for people (outside /api/v1/): API token management, bulk import/export."""

from django.urls import path

from koers.api import views

urlpatterns = [
    path("organisation/api-tokens/", views.api_token_list, name="api_token_list"),
    path(
        "organisation/api-tokens/<int:token_id>/revoke/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("organisation/import/", views.data_import, name="data_import"),
    path("organisation/import/template/", views.import_template, name="import_template"),
    path("organisation/export/", views.data_export, name="data_export"),
]
