from django.urls import path

from koers.people import views

urlpatterns = [
    path("me/record/", views.person_record, name="person_record"),
    path("me/record/details/", views.person_details_edit, name="person_details_edit"),
    path("me/record/timeline/add/", views.life_status_add, name="life_status_add"),
    path(
        "me/record/timeline/<int:life_status_id>/end/",
        views.life_status_end,
        name="life_status_end",
    ),
    path("me/consents/", views.consent_list, name="consent_list"),
    path("me/consents/give/", views.consent_grant, name="consent_grant"),
    path("me/consents/<int:consent_id>/withdraw/", views.consent_revoke, name="consent_revoke"),
    path("me/consents/equity/", views.equity_profile_edit, name="equity_profile_edit"),
    path("me/sharing/", views.record_share_list, name="record_share_list"),
    path(
        "me/sharing/<int:share_id>/withdraw/",
        views.record_share_revoke,
        name="record_share_revoke",
    ),
    path("me/data/", views.my_data, name="my_data"),
    path("me/data/download/", views.my_data_download, name="my_data_download"),
    path("me/data/erasure/", views.erasure_request, name="erasure_request"),
]
