"""URLs of issue 12's reports_yearly (included by agreements/urls.py)."""

from django.urls import path

from .views import reports_yearly as views

urlpatterns = [
    path("reports/yearly/", views.yearly_index, name="reports_yearly"),
    path("reports/yearly/pdf/", views.yearly_pdf, name="reports_yearly_pdf"),
    path("reports/yearly/xlsx/", views.yearly_xlsx, name="reports_yearly_xlsx"),
    path("reports/yearly/lkpj/", views.lkpj_pdf, name="reports_yearly_lkpj"),
    path("reports/yearly/archive/", views.yearly_archive, name="reports_yearly_archive"),
    path(
        "reports/yearly/archive/<int:pk>/<str:fmt>/",
        views.yearly_archived_download,
        name="reports_yearly_download",
    ),
]
