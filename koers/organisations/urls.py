from django.urls import path

from koers.organisations import views

urlpatterns = [
    path("organisation/", views.organisation_detail, name="organisation_detail"),
    path("organisation/staff/", views.member_list, name="member_list"),
    path(
        "organisation/staff/<int:membership_id>/end/",
        views.member_deactivate,
        name="member_deactivate",
    ),
    path("network/", views.network_organisation_list, name="network_organisation_list"),
    path(
        "network/<int:organisation_id>/",
        views.network_organisation_detail,
        name="network_organisation_detail",
    ),
    path("membership/switch/", views.membership_switch, name="membership_switch"),
]
