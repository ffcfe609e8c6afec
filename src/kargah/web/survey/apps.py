from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "kargah.web.survey"
    label = "survey"
    verbose_name = "Expert survey — پرسشنامهٔ خبرگان"
