from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import KoersFormMixin
from koers.core.roles import STAFF_ROLES, Role


class MemberAddForm(KoersFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    role = forms.ChoiceField(
        label=_("Role"), choices=[(r.value, r.label) for r in Role if r in STAFF_ROLES]
    )


class MembershipSwitchForm(forms.Form):
    membership = forms.IntegerField(min_value=1)
