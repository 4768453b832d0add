from django.urls import path

from koers.policy import views

urlpatterns = [
    # Public: no login.
    path("publications/", views.publication_index, name="policy_publication_index"),
    path("publications/feed/", views.publication_feed, name="policy_publication_feed"),
    path(
        "publications/<int:publication_id>/",
        views.publication_public,
        name="policy_publication_public",
    ),
    path(
        "publications/<int:publication_id>/data.zip",
        views.publication_package,
        name="policy_publication_package",
    ),
    path("what-works/", views.evidence_index, name="policy_evidence_index"),
    # Policy analysts.
    path("policy/goals/", views.goal_list, name="policy_goal_list"),
    path("policy/goals/<int:goal_id>/", views.goal_detail, name="policy_goal_detail"),
    path(
        "policy/goals/<int:goal_id>/targets/", views.goal_target_add, name="policy_goal_target_add"
    ),
    path("policy/goals/<int:goal_id>/advance/", views.goal_advance, name="policy_goal_advance"),
    path("policy/goals/<int:goal_id>/review/", views.goal_review, name="policy_goal_review"),
    path("policy/publications/", views.publication_list, name="policy_publication_list"),
    path(
        "policy/publications/<int:publication_id>/",
        views.publication_detail,
        name="policy_publication_detail",
    ),
    path(
        "policy/publications/<int:publication_id>/publish/",
        views.publication_publish,
        name="policy_publication_publish",
    ),
    path(
        "policy/publications/<int:publication_id>/correct/",
        views.publication_correct,
        name="policy_publication_correct",
    ),
    # Funding schemes: analysts and accredited providers.
    path("policy/schemes/", views.scheme_list, name="policy_scheme_list"),
    path("policy/schemes/<int:scheme_id>/", views.scheme_detail, name="policy_scheme_detail"),
    path("policy/schemes/<int:scheme_id>/issue/", views.voucher_issue, name="policy_voucher_issue"),
    path("policy/vouchers/<int:voucher_id>/", views.voucher_detail, name="policy_voucher_detail"),
    path(
        "policy/vouchers/<int:voucher_id>/redeem/",
        views.voucher_redeem,
        name="policy_voucher_redeem",
    ),
    path("policy/claims/", views.claim_list, name="policy_claim_list"),
    path("policy/claims/<int:claim_id>/decide/", views.claim_decide, name="policy_claim_decide"),
    # Costs: service managers.
    path("policy/costs/", views.cost_overview, name="policy_cost_overview"),
]
