from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("konto/", include("samhandling.accounts.urls")),
    path("struktur/", include("samhandling.structure.urls")),
    path("saker/", include("samhandling.cases.urls")),
    path("moter/", include("samhandling.meetings.urls")),
    path("sok/", include("samhandling.search.urls")),
    path("forlop/", include("samhandling.pathways.urls")),
    path("prosjekt/", include("samhandling.projects.urls")),
    path("avtalar/", include("samhandling.agreements.urls")),
    path("", include("samhandling.core.urls")),
]
