from django.urls import path

from koers.evaluation import views

urlpatterns = [
    path("evaluation/", views.evaluation_home, name="evaluation_home"),
    path("evaluation/plans/new/", views.plan_create, name="evaluation_plan_create"),
    path("evaluation/plans/<int:plan_id>/", views.plan_detail, name="evaluation_plan_detail"),
    path(
        "evaluation/plans/<int:plan_id>/revise/",
        views.plan_revise,
        name="evaluation_plan_revise",
    ),
    path("evaluation/studies/new/", views.study_create, name="evaluation_study_create"),
    path(
        "evaluation/studies/from-records/",
        views.study_from_records,
        name="evaluation_study_from_records",
    ),
    path("evaluation/studies/<int:study_id>/", views.study_detail, name="evaluation_study_detail"),
    path("evaluation/outcomes/", views.outcome_import, name="evaluation_outcome_import"),
    path("evaluation/follow-ups/", views.follow_ups, name="evaluation_follow_ups"),
    path(
        "evaluation/follow-ups/<int:wave_id>/stop/",
        views.follow_up_wave_stop,
        name="evaluation_follow_up_wave_stop",
    ),
    # Public: the signed link in the follow-up e-mail is the credential.
    path("followup/<str:token>/", views.followup_answer, name="followup_answer"),
]
