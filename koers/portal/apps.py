from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The interface layer that ties the apps together: login, role home pages, navigation."""

    name = "koers.portal"
    label = "portal"
    verbose_name = _("Portal")
