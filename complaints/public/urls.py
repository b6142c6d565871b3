"""Routes of the public pages (DESIGN §7.1)."""

from django.urls import path

from . import dashboard, views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("complain/", views.complain, name="complain"),
    path("complain/places/", views.places, name="places"),
    path("complain/done/", views.complain_done, name="complain-done"),
    path("track/", views.track, name="track"),
    path("offices/", views.offices, name="offices"),
    path("dashboard/", dashboard.public_dashboard, name="dashboard"),
]
