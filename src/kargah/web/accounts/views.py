"""Accounts: the lockout page, and the administrators' pages to list, create, edit (role,
active), set a password or make a one-time link to set one."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from kargah.web.accounts.forms import AccountCreateForm, AccountForm, ConfirmForm, role_label
from kargah.web.accounts.roles import administrators_only, role_of, set_role


def locked_out(request: HttpRequest, *args: object) -> HttpResponse:
    """django-axes's lockout answer: the login page's message, in the page's language."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    message = _("Too many failed logins. Try again in %(minutes)d minutes.") % {"minutes": minutes}
    return render(request, "accounts/locked.html", {"message": message}, status=429)


@administrators_only
def user_list(request: HttpRequest) -> HttpResponse:
    users = User.objects.order_by("username").prefetch_related("groups")
    rows = [(u, role_label(role_of(u))) for u in users]
    return render(request, "accounts/user_list.html", {"rows": rows})


@administrators_only
def user_new(request: HttpRequest) -> HttpResponse:
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        set_role(user, form.cleaned_data["role"] or None)
        return redirect("accounts:user", user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@administrators_only
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    initial = {"role": role_of(user) or ""}
    form = AccountForm(request.POST or None, instance=user, initial=initial, acting=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        set_role(user, form.cleaned_data["role"] or None)
        return redirect("accounts:user", user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "account": user})


@administrators_only
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    """Set a new password (the validators apply), or make a one-time link the user opens to set
    their own: the link stops working once used, and after PASSWORD_RESET_TIMEOUT."""
    user = get_object_or_404(User, pk=pk)
    form = SetPasswordForm(user, request.POST if "new_password1" in request.POST else None)
    link = None
    if request.method == "POST" and form.is_bound and form.is_valid():
        form.save()
        return redirect("accounts:user", user.pk)
    if request.method == "POST" and not form.is_bound and ConfirmForm(request.POST).is_valid():
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        path = reverse("accounts:reset", args=[uid, token])
        link = request.build_absolute_uri(path)
    context = {"form": form, "account": user, "link": link}
    return render(request, "accounts/user_password.html", context)
