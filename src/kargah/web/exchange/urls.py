from django.urls import path

from kargah.web.exchange import linkages, views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("needs/new/", views.new_need, name="new"),
    path("needs/<int:pk>/", views.need, name="need"),
    path("needs/<int:pk>/answer/", views.answer, name="answer"),
    path("needs/<int:pk>/invite/", views.invite, name="invite"),
    path("quotes/<int:pk>/accept/", views.accept, name="accept"),
    path("quotes/<int:pk>/attachment/", views.attachment, name="attachment"),
    path("linkages/<int:pk>/", linkages.linkage, name="linkage"),
    path("linkages/<int:pk>/delivered/", linkages.delivered, name="delivered"),
    path("linkages/<int:pk>/rate/", linkages.rate, name="rate"),
    path("statistics/", linkages.statistics, name="statistics"),
    path("notices/", views.notices, name="notices"),
]
