from django.urls import path

from . import urls_benefits, urls_evaluations, urls_monitoring, urls_reports_yearly, urls_visits
from .views import (
    account,
    agreements,
    budget,
    calendar,
    coordination,
    dashboard,
    documents,
    followup,
    notifications,
    pipeline,
    pks,
    reference,
    reports,
    two_factor,
)

app_name = "agreements"

urlpatterns = [
    path("agreements/", agreements.agreement_index, name="list"),
    path("agreements/new/", agreements.agreement_new, name="create"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="detail"),
    path("agreements/<int:pk>/edit/", agreements.agreement_edit, name="edit"),
    path("agreements/<int:pk>/contacts/new/", agreements.contact_new, name="contact_create"),
    path("agreements/<int:pk>/documents/new/", agreements.document_new, name="document_create"),
    path("agreements/<int:pk>/stage/correct/", agreements.stage_correct, name="stage_correct"),
    path("agreements/<int:pk>/steps/", agreements.stage_several, name="stage_several"),
    path("agreements/<int:pk>/handover/", agreements.hand_over, name="hand_over"),
    path("agreements/<int:pk>/handover/answer/", agreements.receive_answer, name="receive_answer"),
    path("agreements/<int:pk>/stage/<slug:action>/", agreements.stage_step, name="stage_step"),
    path("documents/<int:pk>/", documents.document_download, name="document_download"),
    path("pks/", pks.pks_index, name="pks_list"),
    path("agreements/<int:pk>/pks/new/", pks.pks_new, name="pks_create"),
    path("pks/<int:pk>/", pks.pks_detail, name="pks_detail"),
    path("pks/<int:pk>/edit/", pks.pks_edit, name="pks_edit"),
    path("pks/<int:pk>/correct/", pks.pks_correct, name="pks_correct"),
    path("pks/<int:pk>/documents/new/", pks.pks_document_new, name="pks_document_create"),
    path("pks/<int:pk>/step/<slug:action>/", pks.pks_step, name="pks_step"),
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
    path("coordination/", coordination.letter_index, name="letter_list"),
    path("coordination/new/", coordination.letter_new, name="letter_create"),
    path("coordination/<int:pk>/", coordination.letter_detail, name="letter_detail"),
    path("coordination/<int:pk>/answer/", coordination.letter_answer_view, name="letter_answer"),
    path("coordination/<int:pk>/received/", coordination.letter_receive, name="letter_receive"),
    path("budget/", budget.budget_index, name="budget_list"),
    path("budget/new/", budget.budget_new, name="budget_create"),
    path("budget/<int:pk>/edit/", budget.budget_edit, name="budget_edit"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("pipeline/", pipeline.pipeline, name="pipeline"),
    path("dashboard/sectors/<slug:code>/", dashboard.sector_dashboard, name="dashboard_sector"),
    path("dashboard/work-units/<int:pk>/", dashboard.work_unit_dashboard, name="dashboard_unit"),
    path("reports/", reports.reports_index, name="reports"),
    path("reports/preview/", reports.report_preview, name="report_preview"),
    path("reports/pdf/", reports.report_download, name="report_pdf"),
    path("reports/snapshots/", reports.snapshot_create, name="snapshot_create"),
    path("reports/snapshots/<int:pk>/", reports.snapshot_download, name="snapshot_download"),
    path("calendar/", calendar.calendar_settings, name="calendar"),
    path("calendar/new/", calendar.calendar_reset, name="calendar_reset"),
    path("calendar/revoke/", calendar.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("account/", account.account_profile, name="account"),
    path(
        "account/logout-everywhere/",
        account.account_logout_everywhere_view,
        name="account_logout_everywhere",
    ),
    path("account/two-factor/enrol/", two_factor.two_factor_enrol, name="two_factor_enrol"),
    path(
        "account/two-factor/backup-codes/",
        two_factor.two_factor_backup_codes,
        name="two_factor_backup_codes",
    ),
    path("account/two-factor/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/disable/", two_factor.two_factor_disable, name="two_factor_disable"),
]

# Monitoring and evaluation, visits, the yearly reports: each area's own URLconf module.
urlpatterns += (
    urls_monitoring.urlpatterns
    + urls_benefits.urlpatterns
    + urls_evaluations.urlpatterns
    + urls_reports_yearly.urlpatterns
    + urls_visits.urlpatterns
)
