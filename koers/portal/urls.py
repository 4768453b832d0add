from django.urls import path

from koers.portal import two_factor_views, views

urlpatterns = [
    path("home/", views.home, name="home"),
    path("accounts/login/", views.login, name="login"),
    path("accounts/logout/", views.logout, name="logout"),
    path("accounts/password/reset/", views.password_reset, name="password_reset"),
    path("accounts/password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "accounts/password/set/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/set/done/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/2fa/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    path("accounts/2fa/setup/", two_factor_views.two_factor_setup, name="two_factor_setup"),
    path("account/security/", two_factor_views.account_security, name="account_security"),
    path(
        "account/security/recovery-codes/",
        two_factor_views.recovery_codes_renew,
        name="recovery_codes_renew",
    ),
]
