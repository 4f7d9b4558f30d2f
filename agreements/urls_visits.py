"""URLs of issue 12's visits and the counterpart directory (included by agreements/urls.py)."""

from django.urls import path

from .views import visits

urlpatterns = [
    path("visits/", visits.visit_index, name="visit_list"),
    path("agreements/<int:pk>/visits/new/", visits.visit_new, name="visit_create"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/edit/", visits.visit_edit, name="visit_edit"),
    path(
        "visits/<int:pk>/documents/new/",
        visits.visit_document_new,
        name="visit_document_create",
    ),
    path("agreements/<int:pk>/counterparts/", visits.counterpart_list, name="counterpart_list"),
    path(
        "agreements/<int:pk>/counterparts/new/",
        visits.counterpart_new,
        name="counterpart_create",
    ),
    path("counterparts/<int:pk>/edit/", visits.counterpart_edit, name="counterpart_edit"),
    path(
        "counterparts/<int:pk>/remove/",
        visits.counterpart_remove_view,
        name="counterpart_remove",
    ),
]
