from django.urls import path

from koers.privacy import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("privacy/register/", views.processing_register_view, name="processing_register"),
    path("privacy/erasure/", views.erasure_request_list, name="erasure_request_list"),
    path(
        "privacy/erasure/<int:request_id>/",
        views.erasure_request_review,
        name="erasure_request_review",
    ),
    path("privacy/my-erasure/", views.erasure_own, name="erasure_own"),
    path("privacy/retention/", views.retention, name="retention"),
    path("privacy/extracts/", views.extract_list, name="extract_list"),
]
