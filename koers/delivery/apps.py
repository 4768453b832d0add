from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "koers.delivery"
    label = "delivery"
    verbose_name = _("Guidance delivery")

    def ready(self) -> None:
        from koers.delivery.export import delivery_export  # noqa: PLC0415 - models are ready now
        from koers.people.export import register_exporter  # noqa: PLC0415

        register_exporter("delivery", delivery_export)
