"""Django admin: users, roles and reference data for IT administrators.

Agreements, the follow-up and their history are managed in the portal, where
the lifecycle, scope and version rules apply; here they are read-only so the
admin cannot bypass them. The audit trail is not registered at all: nobody
edits or deletes it through the application.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .formatting import rupiah
from .forms.money import RupiahField, RupiahInput
from .models import (
    Agreement,
    BudgetLine,
    Commitment,
    Contact,
    CoordinationRequest,
    Document,
    FollowUpTask,
    ImplementingAgreement,
    OutgoingMail,
    Partner,
    PksEvent,
    ProgressUpdate,
    ReminderClaim,
    Sector,
    StageEvent,
    User,
    WorkUnit,
)
from .services.notifications import mails_retry


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "work_unit", "is_active"]
    list_filter = ["role", "work_unit", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Portal role"), {"fields": ["role", "work_unit"]}),
        (_("Contact"), {"fields": ["phone"]}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Portal role"), {"fields": ["role", "work_unit"]}),
    )

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, never deleted: what they wrote stays attributed.
        return False


# Partners are edited here too; each edit (a revert too) goes into their change history,
# shown by the "History" button and on the partner page.
@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "native_name", "country", "level"]
    list_filter = ["country", "level"]
    search_fields = ["name", "native_name", "country"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]


@admin.register(WorkUnit)
class WorkUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "is_active"]
    list_filter = ["is_active", "sectors"]
    search_fields = ["name", "abbreviation"]
    filter_horizontal = ["sectors"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["title", "partner", "stage", "stage_since", "holder", "valid_until"]
    list_filter = ["stage", "kind"]
    search_fields = ["title", "partner__name"]


@admin.register(StageEvent)
class StageEventAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "action", "from_stage", "to_stage", "date", "recorded_by"]
    list_filter = ["action"]


@admin.register(ImplementingAgreement)
class ImplementingAgreementAdmin(ReadOnlyAdmin):
    list_display = ["title", "agreement", "work_unit", "stage", "valid_until"]
    list_filter = ["stage"]
    search_fields = ["title", "counterpart", "agreement__title"]


@admin.register(PksEvent)
class PksEventAdmin(ReadOnlyAdmin):
    list_display = ["pks", "action", "from_stage", "to_stage", "date", "recorded_by"]
    list_filter = ["action"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "date", "kind", "initiator_type"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "agreement", "kind", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["title", "agreement", "sector", "lead_unit"]
    list_filter = ["sector"]


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "responsible_unit", "due_date", "status"]
    list_filter = ["status", "responsible_unit"]
    search_fields = ["title"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ["task", "date", "author", "percent_complete"]


@admin.register(CoordinationRequest)
class CoordinationRequestAdmin(ReadOnlyAdmin):
    list_display = ["letter_number", "subject", "work_unit", "answer_due", "answered_at"]
    list_filter = ["work_unit"]
    search_fields = ["letter_number", "subject"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["fiscal_year", "work_unit", "commitment", "allocated"]
    list_filter = ["fiscal_year", "work_unit"]
    # The admin's own widget is a number input, which reads "150.000.000" as 150.
    formfield_overrides = {
        models.PositiveBigIntegerField: {"form_class": RupiahField, "widget": RupiahInput}
    }

    @admin.display(description=_("allocated in the DPA (Rp)"), ordering="amount_allocated")
    def allocated(self, line):
        return rupiah(line.amount_allocated)


@admin.register(ReminderClaim)
class ReminderClaimAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "work_unit", "item_count", "recipients"]
    list_filter = ["kind", "date"]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdmin):
    """The notification e-mails: what waits, what failed and why (the mail server's
    answer). A mail given up on can be sent again once the server works."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "next_attempt_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    readonly_fields = ["last_error"]
    actions = ["send_again"]

    @admin.action(description=_("Send again now"))
    def send_again(self, request, queryset):
        count = mails_retry(mails=queryset)
        self.message_user(request, _("%(count)s e-mail(s) will be sent again.") % {"count": count})
