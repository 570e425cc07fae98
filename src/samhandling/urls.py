from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from samhandling.core.views import set_language

urlpatterns = [
    # POST from old pages and forms without a token; see set_language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
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
