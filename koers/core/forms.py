"""Form rendering that meets WCAG: NL Design System classes, and errors tied to their fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.RadioSelect, "utrecht-radio-button"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
]


# Invisible direction controls (U+202A to U+202E, U+2066 to U+2069) make a name or text read
# differently from what is stored ("Trojan Source"); no Koers field needs them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
BIDI_ERROR = _("Remove the invisible text-direction characters from this field.")


class KoersFormMixin:
    """Mix into a Form: styles widgets, and marks invalid fields with aria-invalid and
    aria-describedby pointing at their error message (rendered by core/_form.html)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = next((c for kind, c in WIDGET_CLASSES if isinstance(widget, kind)), "")
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        form: Any = self
        for name, value in list(getattr(form, "cleaned_data", {}).items()):
            if isinstance(value, str) and BIDI_CONTROLS.intersection(value):
                form.add_error(name, BIDI_ERROR)
        for name in form.errors:
            if name in self.fields:
                bound = form[name]
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{bound.auto_id}-error"}
                )
