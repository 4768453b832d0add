"""The demo logins (koers/demo/setup.py), one per role, and logging in through the real form."""

from __future__ import annotations

from playwright.sync_api import Page

from koers.core.roles import Role
from koers.demo.setup import DEMO_PASSWORD, LOGINS

# The first demo login of each role.
EMAIL_BY_ROLE: dict[Role, str] = {}
for _login in LOGINS:
    EMAIL_BY_ROLE.setdefault(_login.role, _login.email)

ROLES = [
    Role.CITIZEN,
    Role.PRACTITIONER,
    Role.SERVICE_MANAGER,
    Role.POLICY_ANALYST,
    Role.ORGANISATION_ADMIN,
]


def log_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Fill in and submit the login form; wait for the role's home page."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/home/")


def log_in_as(page: Page, role: Role) -> None:
    log_in(page, EMAIL_BY_ROLE[role])
