from django.urls import path

from koers.privacy import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
