"""Routes of the public pages (DESIGN §7.1)."""

from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("offices/", views.offices, name="offices"),
]
