from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tilgjengelegheit/", views.accessibility_statement, name="accessibility"),
]
