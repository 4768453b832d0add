"""Tenant-matrix cases for login, logout, password and language routes (see tests/matrix.py)."""

from tests.matrix import RouteCase

ROUTE_CASES = [
    # Someone without an authenticator yet is sent on to set one up.
    RouteCase("two_factor_verify", ok=frozenset({200, 302})),
    RouteCase("recovery_codes_renew", method="post"),
    RouteCase("logout", method="post"),
    RouteCase(
        "set_language", method="post", data=lambda world, user: {"language": "en", "next": "/"}
    ),
    RouteCase(
        "password_reset_confirm", kwargs=lambda world: {"uidb64": "MQ", "token": "set-password"}
    ),
]
