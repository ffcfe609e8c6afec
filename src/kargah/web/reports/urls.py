from django.urls import path

from kargah.web.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.study, name="study"),
    path("<uuid:job_id>/download/", views.download, name="download"),
]
