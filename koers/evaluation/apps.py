from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "koers.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        # Interest-inventory results show occupations that fit (see koers.evaluation.careers).
        from koers.evaluation.careers import occupations_panel  # noqa: PLC0415 - app registry
        from koers.instruments.panels import register_interest_panel  # noqa: PLC0415

        register_interest_panel(occupations_panel)
