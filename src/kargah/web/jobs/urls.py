from django.urls import path

from kargah.web.jobs import views

app_name = "jobs"
urlpatterns = [
    path("<uuid:job_id>/", views.status, name="status"),
    path("<uuid:job_id>/progress/", views.progress, name="progress"),
]
