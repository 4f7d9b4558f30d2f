"""URLs of issue 12's evaluations (included by agreements/urls.py)."""

from django.urls import path

from .views import evaluations

urlpatterns = [
    path(
        "agreements/<int:pk>/evaluations/new/",
        evaluations.evaluation_new,
        name="evaluation_create",
    ),
    path(
        "pks/<int:pk>/evaluations/new/",
        evaluations.pks_evaluation_new,
        name="pks_evaluation_create",
    ),
    path("evaluations/<int:pk>/", evaluations.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/edit/", evaluations.evaluation_edit, name="evaluation_edit"),
    path(
        "evaluations/<int:pk>/complete/",
        evaluations.evaluation_complete_view,
        name="evaluation_complete",
    ),
    path("evaluations/<int:pk>/pdf/", evaluations.evaluation_pdf, name="evaluation_pdf"),
    path(
        "evaluations/<int:pk>/sign-off/",
        evaluations.evaluation_sign_off_view,
        name="evaluation_sign_off",
    ),
]
