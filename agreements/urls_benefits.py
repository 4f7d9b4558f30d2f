"""URLs of issue 12's benefits (included by agreements/urls.py)."""

from django.urls import path

from .views import benefits

urlpatterns = [
    path("benefits/", benefits.benefits, name="benefits"),
]
