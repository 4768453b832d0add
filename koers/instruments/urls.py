from django.urls import path

from koers.instruments import views

urlpatterns = [
    # The citizen's own questionnaires.
    path("me/questionnaires/", views.my_questionnaires, name="my_questionnaires"),
    path("me/questionnaires/start/", views.my_questionnaire_start, name="my_questionnaire_start"),
    path(
        "me/questionnaires/<int:administration_id>/page/<int:page>/",
        views.my_questionnaire_page,
        name="my_questionnaire_page",
    ),
    path(
        "me/questionnaires/<int:administration_id>/",
        views.my_questionnaire_result,
        name="my_questionnaire_result",
    ),
    # Practitioners and service managers: their organisation's clients.
    path("questionnaires/", views.results_list, name="questionnaire_results"),
    path(
        "questionnaires/people/<int:person_id>/",
        views.person_results,
        name="questionnaire_person_results",
    ),
    path(
        "questionnaires/people/<int:person_id>/start/",
        views.staff_start,
        name="questionnaire_staff_start",
    ),
    path(
        "questionnaires/<int:administration_id>/page/<int:page>/",
        views.staff_page,
        name="questionnaire_staff_page",
    ),
    path(
        "questionnaires/<int:administration_id>/",
        views.result_detail,
        name="questionnaire_result",
    ),
]
