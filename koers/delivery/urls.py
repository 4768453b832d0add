from django.urls import path

from koers.delivery import views

urlpatterns = [
    path("practice/", views.caseload, name="caseload"),
    path("practice/engagements/new/", views.engagement_open, name="engagement_open"),
    path(
        "practice/engagements/<int:engagement_id>/",
        views.engagement_detail,
        name="engagement_detail",
    ),
    path(
        "practice/engagements/<int:engagement_id>/activities/",
        views.activity_log,
        name="activity_log",
    ),
    path(
        "practice/engagements/<int:engagement_id>/triage/",
        views.engagement_triage,
        name="engagement_triage",
    ),
    path(
        "practice/engagements/<int:engagement_id>/end/",
        views.engagement_end,
        name="engagement_end",
    ),
    path(
        "practice/engagements/<int:engagement_id>/practitioners/",
        views.engagement_practitioners,
        name="engagement_practitioners",
    ),
    path("practice/group-activities/new/", views.group_activity_log, name="group_activity_log"),
    path("practice/engagements/<int:engagement_id>/goals/", views.goal_add, name="goal_add"),
    path(
        "practice/engagements/<int:engagement_id>/referrals/new/",
        views.referral_new,
        name="referral_new",
    ),
    path(
        "practice/engagements/<int:engagement_id>/participations/",
        views.participation_add,
        name="participation_add",
    ),
    path("practice/goals/<int:goal_id>/steps/", views.step_add, name="step_add"),
    path("practice/steps/<int:step_id>/", views.step_update, name="step_update"),
    path("practice/check-ins/<int:check_in_id>/", views.check_in_record, name="check_in_record"),
    path(
        "practice/referrals/<int:referral_id>/status/",
        views.referral_transition,
        name="referral_transition",
    ),
    path(
        "practice/participations/<int:participation_id>/",
        views.participation_feedback,
        name="participation_feedback",
    ),
    path("practice/employers/", views.employer_list, name="employer_list"),
    path("practice/employers/<int:employer_id>/", views.employer_detail, name="employer_detail"),
    path(
        "practice/opportunities/<int:opportunity_id>/",
        views.opportunity_detail,
        name="opportunity_detail",
    ),
    path("practice/partners/", views.partner_list, name="partner_list"),
    path("practice/offer/", views.service_list, name="service_list"),
    path("practice/offer/catalogue/", views.service_adopt_catalogue, name="service_adopt"),
    path("practice/profile/", views.own_profile, name="own_profile"),
    path("practice/team/", views.team, name="team"),
    path("practice/team/<int:profile_id>/", views.profile_detail, name="profile_detail"),
    path("me/plan/", views.my_plan, name="my_plan"),
    path("me/plan/steps/<int:step_id>/", views.my_step_update, name="my_step_update"),
]
