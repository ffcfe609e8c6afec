from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

from kargah.web.accounts import views
from kargah.web.accounts.forms import LoginForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_new, name="user_new"),
    path("users/<int:pk>/", views.user_edit, name="user"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path(
        "reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(
            template_name="accounts/reset.html",
            success_url=reverse_lazy("accounts:login"),
            post_reset_login=False,
        ),
        name="reset",
    ),
]
