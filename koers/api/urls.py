from django.urls import path  # noqa: F401 - routes arrive with the API issue

urlpatterns: list[object] = []
