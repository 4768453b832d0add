from django.urls import path

from koers.quality import views

EVALUATION = "quality/self-evaluations/<int:self_evaluation_id>/"
CRITERION = f"{EVALUATION}criteria/<str:criterion_key>/"

urlpatterns = [
    path("quality/", views.dashboard, name="quality_dashboard"),
    path("quality/recompute/", views.indicators_recompute, name="quality_indicators_recompute"),
    path(
        "quality/self-evaluations/",
        views.self_evaluation_list,
        name="quality_self_evaluation_list",
    ),
    path(EVALUATION, views.self_evaluation_detail, name="quality_self_evaluation_detail"),
    path(
        f"{EVALUATION}refresh/",
        views.self_evaluation_refresh,
        name="quality_self_evaluation_refresh",
    ),
    path(
        f"{EVALUATION}finalise/",
        views.self_evaluation_finalise,
        name="quality_self_evaluation_finalise",
    ),
    path(
        f"{EVALUATION}report/",
        views.self_evaluation_report,
        name="quality_self_evaluation_report",
    ),
    path(
        f"{EVALUATION}report.pdf",
        views.self_evaluation_report_pdf,
        name="quality_self_evaluation_report_pdf",
    ),
    path(CRITERION, views.criterion_detail, name="quality_criterion_detail"),
    path(f"{CRITERION}answer/", views.criterion_answer, name="quality_criterion_answer"),
    path(f"{CRITERION}actions/new/", views.action_create, name="quality_action_create"),
    path("quality/actions/", views.action_list, name="quality_action_list"),
    path("quality/actions/<int:action_id>/", views.action_detail, name="quality_action_detail"),
    path(
        "quality/actions/<int:action_id>/update/",
        views.action_update,
        name="quality_action_update",
    ),
]
