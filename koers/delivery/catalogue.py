"""The ten evidence-based principles of lifelong guidance, as short labels for pages."""

from django.utils.translation import gettext_lazy as _

PRINCIPLE_LABELS = {
    1: _("Lifelong and progressive"),
    2: _("Meaningful to the person's own life"),
    3: _("Recognises diversity and individual needs"),
    4: _("Combines different interventions"),
    5: _("Builds career management skills"),
    6: _("Holistic and linked to other support"),
    7: _("Involves employers and workplace experience"),
    8: _("Delivered by skilled practitioners"),
    9: _("Based on good career information"),
    10: _("Quality-assured and evaluated"),
}
