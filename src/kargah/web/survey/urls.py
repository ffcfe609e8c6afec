from django.urls import path, re_path

from kargah.web import import_templates
from kargah.web.survey import views

app_name = "survey"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("<int:survey_id>/", views.survey_detail, name="detail"),
    path("<int:survey_id>/import/", views.import_answers, name="import"),
    path(
        "<int:survey_id>/import/template.xlsx",
        import_templates.answers_template,
        name="import-template",
    ),
    path("<int:survey_id>/import/confirm/", views.import_confirm, name="import-confirm"),
    re_path(
        r"^(?P<survey_id>\d+)/answers\.(?P<fmt>xlsx|csv)$", views.export_answers, name="export"
    ),
    path("r/<str:token>/", views.respond, name="respond"),
]
