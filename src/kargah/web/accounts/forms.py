from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kargah.web.accounts.limits import WINDOW, address_of, is_locked


class LimitedAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing for a while after repeated failures."""

    def clean(self) -> dict[str, object]:
        if is_locked(self.data.get("username"), address_of(self.request)):
            raise forms.ValidationError(
                _("Too many failed logins. Try again in %(minutes)d minutes."),
                code="locked",
                params={"minutes": WINDOW // 60},
            )
        return super().clean()
