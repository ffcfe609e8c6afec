from django.urls import path

from kargah.web.stats import history, views

app_name = "stats"
urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("history/", history.history, name="history"),
]
