from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Data-protection duties across the apps: erasure and retention, research extracts, the
    processing register, key rotation, backups and the health check."""

    name = "koers.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
