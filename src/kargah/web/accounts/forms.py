"""The forms of accounts: the login, and the administrators' create, edit (role, active) and
set a password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.contrib.auth.models import User
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from kargah.web.accounts.roles import ROLES
from kargah.web.i18n import in_language


def role_label(role: str | None) -> str:
    return in_language(ROLES[role][0], role.capitalize()) if role in ROLES else ""


def _role_field() -> forms.ChoiceField:
    # Choices are a callable, so they come in the language of the request that shows them.
    choices = lambda: [("", _("No role")), *((r, role_label(r)) for r in ROLES)]  # noqa: E731
    return forms.ChoiceField(label=_("Role"), choices=choices, required=False)


class AccountCreateForm(BaseUserCreationForm):  # type: ignore[type-arg]
    """A new account: user name, a password that passes the validators twice, and a role."""

    role = _role_field()

    class Meta(BaseUserCreationForm.Meta):  # type: ignore[name-defined,misc]
        fields = ("username", "first_name", "last_name", "email")


class AccountForm(forms.ModelForm):  # type: ignore[type-arg]
    """An existing account's names, role and whether it may log in. The acting administrator
    cannot deactivate themselves or drop their own role (the site would lose its last admin)."""

    role = _role_field()

    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "is_active")
        labels = {"is_active": _("Active (may log in)")}

    def __init__(self, *args: Any, acting: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acting = acting

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.acting is not None and self.acting.pk == self.instance.pk:
            if not data.get("is_active") or data.get("role") != "administrator":
                raise forms.ValidationError(
                    _("You cannot deactivate your own account or drop your own role."),
                    code="self",
                )
        return data


class ConfirmForm(forms.Form):
    """An action with no fields (a reset link): the form still checks the request."""


class LoginForm(AuthenticationForm):
    """Django's login form, its user-name length enforced (Django only sets the widget's
    ``maxlength``): an over-long name is a form error before it reaches the login limiter's
    table, whose columns PostgreSQL holds to their length."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length or 150))
