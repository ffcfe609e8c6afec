from django.urls import path

from kargah.web.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("<int:pk>/", views.workshop_detail, name="detail"),
    path("<int:pk>/edit/", views.workshop_edit, name="edit"),
    path("<int:pk>/changes/<int:change>/revert/", views.change_revert, name="revert"),
]
