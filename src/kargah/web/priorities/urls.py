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
# --- catalog (helper catalog): the landing page and the comparative catalog ---
from django.urls import path, re_path  # noqa: E402

from kargah.web.priorities import catalog_exchange, catalog_views  # noqa: E402

urlpatterns += [
    path("", catalog_views.index, name="index"),
    path("catalog/", catalog_views.ideas, name="ideas"),
    path("catalog/matrix/", catalog_views.matrix, name="matrix"),
    path("catalog/categories/", catalog_views.categories, name="categories"),
    path("catalog/groups/<int:group>/", catalog_views.group, name="group"),
    path("catalog/ideas/new/", catalog_views.idea_edit, name="idea-add"),
    path("catalog/ideas/<int:idea>/edit/", catalog_views.idea_edit, name="idea-edit"),
    path("catalog/ideas/<int:idea>/delete/", catalog_views.idea_delete, name="idea-delete"),
    path("catalog/import/", catalog_exchange.import_ideas, name="import"),
    re_path(r"^catalog/export\.(?P<fmt>xlsx|csv)$", catalog_exchange.export, name="export"),
]
# --- end catalog ---
