from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import KoersFormMixin
from koers.instruments.models import Item, Occasion, ResponseScaleType, localised


class SectionForm(KoersFormMixin, forms.Form):
    """One page of a questionnaire: a radio group per closed question, a text area per open one.
    Nothing is required here: answers save as people go; submitting checks what is required."""

    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            scale = item.response_scale
            field: forms.Field
            if scale.type == ResponseScaleType.TEXT:
                field = forms.CharField(
                    required=False,
                    max_length=scale.max_length,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            else:
                field = forms.ChoiceField(
                    required=False,
                    choices=[(str(o["value"]), localised(o["label"])) for o in scale.options],
                    widget=forms.RadioSelect,
                )
            field.label = item.label
            self.fields[item.key] = field

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key) or "" for key in self.fields}


class StartForm(KoersFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StaffStartForm(KoersFormMixin, forms.Form):
    version = forms.TypedChoiceField(label=_("Questionnaire"), coerce=int)
    occasion = forms.ChoiceField(label=_("Moment"), choices=Occasion.choices)

    def __init__(self, *args: Any, versions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = versions  # type: ignore[attr-defined]
