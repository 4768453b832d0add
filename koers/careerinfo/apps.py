from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareerinfoConfig(AppConfig):
    name = "koers.careerinfo"
    label = "careerinfo"
    verbose_name = _("Career information")
