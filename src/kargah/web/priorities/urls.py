from django.urls import URLPattern, URLResolver

app_name = "priorities"
urlpatterns: list[URLPattern | URLResolver] = []
