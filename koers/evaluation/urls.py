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
    path("evaluation/studies/<int:study_id>/", views.study_detail, name="evaluation_study_detail"),
    path("evaluation/outcomes/", views.outcome_import, name="evaluation_outcome_import"),
]
