from django.urls import path

from .views import agreements, budget, calendar, coordination, documents, followup, reference

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
    path("agreements/<int:pk>/commitments/new/", followup.commitment_new, name="commitment_create"),
    path("commitments/<int:pk>/edit/", followup.commitment_edit, name="commitment_edit"),
    path("commitments/<int:pk>/tasks/new/", followup.task_new, name="task_create"),
    path("tasks/", followup.task_index, name="task_list"),
    path("tasks/<int:pk>/", followup.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", followup.task_edit, name="task_edit"),
    path("tasks/<int:pk>/progress/", followup.task_progress, name="task_progress"),
    path("coordination/", coordination.request_index, name="request_list"),
    path("coordination/new/", coordination.request_new, name="request_create"),
    path("coordination/<int:pk>/", coordination.request_detail, name="request_detail"),
    path("coordination/<int:pk>/answer/", coordination.request_answer_view, name="request_answer"),
    path("budget/", budget.budget_index, name="budget_list"),
    path("budget/new/", budget.budget_new, name="budget_create"),
    path("budget/<int:pk>/edit/", budget.budget_edit, name="budget_edit"),
    path("calendar/", calendar.calendar_settings, name="calendar"),
    path("calendar/new/", calendar.calendar_reset, name="calendar_reset"),
    path("calendar/revoke/", calendar.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
