from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from kargah.web.api import api
from kargah.web.home.views import home

# The friendly error pages, in the site's frame (kargah.web.frame)
handler403 = "kargah.web.frame.forbidden"
handler404 = "kargah.web.frame.not_found"
handler500 = "kargah.web.frame.server_error"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the switch on every page
    path("", home, name="home"),  # a dashboard per role
    # pages not in the site's frame (Django's admin, the API docs) make browsers ask for it
    path("favicon.ico", RedirectView.as_view(url=static("kargah/favicon.svg"), permanent=True)),
    path("accounts/", include("kargah.web.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("jobs/", include("kargah.web.jobs.urls")),
    path("registry/", include("kargah.web.registry.urls")),
    path("stats/", include("kargah.web.stats.urls")),
    path("survey/", include("kargah.web.survey.urls")),
    path("coding/", include("kargah.web.coding.urls")),
    path("priorities/", include("kargah.web.priorities.urls")),
    path("exchange/", include("kargah.web.exchange.urls")),
    path("reports/", include("kargah.web.reports.urls")),
]
