from django.contrib.auth import views as auth
from django.urls import path

from kargah.web.accounts.forms import LimitedAuthenticationForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LimitedAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
]
