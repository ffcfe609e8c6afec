from django.urls import path

from kargah.web.stats import views

app_name = "stats"
urlpatterns = [path("", views.statistics, name="statistics")]
