from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("koers.api.urls")),
    path("", include("koers.core.urls")),
    path("", include("koers.portal.urls")),
    path("", include("koers.organisations.urls")),
    path("", include("koers.api.page_urls")),
    path("", include("koers.people.urls")),
    path("", include("koers.delivery.urls")),
    path("", include("koers.instruments.urls")),
    path("", include("koers.careerinfo.urls")),
    path("", include("koers.quality.urls")),
    path("", include("koers.evaluation.urls")),
    path("", include("koers.policy.urls")),
    path("", include("koers.privacy.urls")),
]

handler403 = "koers.core.errors.permission_denied"
handler404 = "koers.core.errors.page_not_found"
handler500 = "koers.core.errors.server_error"
