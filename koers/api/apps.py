from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """DRF wiring only: router, authentication, pagination, error mapping. Endpoints live in
    each app's api.py over the same selectors and services as the pages."""

    name = "koers.api"
    label = "api"
    verbose_name = _("API")
