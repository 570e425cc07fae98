from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("logg-inn/", auth_views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("logg/", views.audit_log, name="audit_log"),
]
