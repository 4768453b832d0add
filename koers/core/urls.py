from django.urls import path

from koers.core import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("audit/", views.audit_list, name="audit_list"),
]
