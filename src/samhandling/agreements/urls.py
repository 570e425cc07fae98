from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("ny/", views.agreement_edit, name="create"),
    path("nokler/", views.key_list, name="keys"),
    path("nokler/<slug:slug>/v<int:version>/", views.key_detail, name="key"),
    path("budsjett/", views.budget_list, name="budgets"),
    path("budsjett/ny/", views.budget_edit, name="budget_create"),
    path("budsjett/<int:pk>/", views.budget_detail, name="budget"),
    path("budsjett/<int:pk>/endre/", views.budget_edit, name="budget_edit"),
    path("budsjett/<int:pk>/kostnad/", views.cost_element_edit, name="element_add"),
    path(
        "budsjett/<int:pk>/kostnad/<int:element_pk>/", views.cost_element_edit, name="element_edit"
    ),
    path("budsjett/<int:pk>/delar/", views.entered_shares_edit, name="entered_shares"),
    path("budsjett/<int:pk>/vedta/", views.allocation_decide, name="decide"),
    path("budsjett/<int:pk>/utkast.csv", views.allocation_csv_view, name="draft_csv"),
    path("budsjett/<int:pk>/utkast.xlsx", views.allocation_xlsx_view, name="draft_xlsx"),
    path(
        "budsjett/<int:pk>/fordeling/<int:allocation_pk>.csv",
        views.allocation_csv_view,
        name="allocation_csv",
    ),
    path(
        "budsjett/<int:pk>/fordeling/<int:allocation_pk>.xlsx",
        views.allocation_xlsx_view,
        name="allocation_xlsx",
    ),
    path("punkt/<int:pk>/kopling/", views.point_link_add, name="point_link_add"),
    path("kopling/<int:pk>/fjern/", views.point_link_delete, name="point_link_delete"),
    path("<slug:slug>/", views.agreement_detail, name="detail"),
    path("<slug:slug>/endre/", views.agreement_edit, name="edit"),
    path("<slug:slug>/samanlikn/", views.version_compare, name="compare"),
    path("<slug:slug>/gjennomgang/", views.review_add, name="review_add"),
    path("<slug:slug>/versjon/ny/", views.version_edit, name="version_create"),
    path("<slug:slug>/versjon/<int:pk>/", views.version_detail, name="version"),
    path("<slug:slug>/versjon/<int:pk>/endre/", views.version_edit, name="version_edit"),
    path("<slug:slug>/versjon/<int:version_pk>/punkt/ny/", views.point_edit, name="point_create"),
    path(
        "<slug:slug>/versjon/<int:version_pk>/punkt/<int:pk>/", views.point_edit, name="point_edit"
    ),
]
