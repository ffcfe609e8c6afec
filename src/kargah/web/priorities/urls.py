from django.urls import URLPattern, URLResolver, path

from kargah.web.priorities import results, views

app_name = "priorities"
urlpatterns: list[URLPattern | URLResolver] = []

# --- ranking (helper ranking) ---
urlpatterns += [
    path("projects/", views.project_list, name="projects"),
    path("projects/<int:project_id>/", views.project_page, name="project"),
    path("projects/<int:project_id>/results/", results.results, name="results"),
    path("expert/<str:token>/", views.expert_form, name="expert"),
]
# --- end ranking ---
