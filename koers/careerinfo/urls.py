from django.urls import path

from koers.careerinfo import views

urlpatterns = [
    path("careers/", views.occupation_search, name="careers_occupation_search"),
    path(
        "careers/occupations/<int:occupation_id>/",
        views.occupation_detail,
        name="careers_occupation_detail",
    ),
    path("careers/interests/", views.interest_match, name="careers_interest_match"),
]
