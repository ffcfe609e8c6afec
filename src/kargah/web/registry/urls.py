from django.urls import path, re_path

from kargah.web import import_templates
from kargah.web.registry import exports, imports, maps, views

app_name = "registry"
urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("map/", maps.workshop_map, name="map"),
    path("<int:pk>/", views.workshop_detail, name="detail"),
    path("new/", views.workshop_create, name="create"),
    path("import/", imports.import_upload, name="import"),
    path("import/template.xlsx", import_templates.registry_template, name="import-template"),
    path("import/<str:token>/confirm/", imports.import_confirm, name="import-confirm"),
    path("import/jobs/<str:job>/", imports.import_status, name="import-status"),
    re_path(r"^export\.(?P<fmt>xlsx|csv)$", exports.export, name="export"),
    path("<int:pk>/edit/", views.workshop_edit, name="edit"),
    path("<int:pk>/changes/<int:change>/revert/", views.change_revert, name="revert"),
]
