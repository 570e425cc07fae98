from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .throttling import ThrottledAdminAuthenticationForm, ThrottledLoginView

# The back office's login is throttled like the site's.
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("logg-inn/", ThrottledLoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("logg/", views.audit_log, name="audit_log"),
]
