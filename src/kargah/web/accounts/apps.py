from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kargah.web.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles — حساب‌ها و نقش‌ها"
