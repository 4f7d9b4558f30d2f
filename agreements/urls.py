from django.urls import path

from .views import agreements, documents, reference

app_name = "agreements"

urlpatterns = [
    path("agreements/", agreements.agreement_index, name="list"),
    path("agreements/new/", agreements.agreement_new, name="create"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="detail"),
    path("agreements/<int:pk>/edit/", agreements.agreement_edit, name="edit"),
    path("agreements/<int:pk>/contacts/new/", agreements.contact_new, name="contact_create"),
    path("agreements/<int:pk>/documents/new/", agreements.document_new, name="document_create"),
    path("agreements/<int:pk>/stage/correct/", agreements.stage_correct, name="stage_correct"),
    path("agreements/<int:pk>/stage/<slug:action>/", agreements.stage_step, name="stage_step"),
    path("documents/<int:pk>/", documents.document_download, name="document_download"),
    path("partners/", reference.partner_index, name="partner_list"),
    path("partners/new/", reference.partner_edit, name="partner_create"),
    path("partners/<int:pk>/", reference.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", reference.partner_edit, name="partner_edit"),
    path("work-units/", reference.work_unit_index, name="work_unit_list"),
    path("work-units/<int:pk>/", reference.work_unit_detail, name="work_unit_detail"),
]
