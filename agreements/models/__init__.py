"""The domain's models, one module per concept."""

from .agreements import Agreement, Contact, Holder, Stage, StageAction, StageEvent
from .budget import BudgetLine, FundingSource
from .coordination import CoordinationRequest
from .documents import Document
from .followup import OPEN_STATUSES, Commitment, FollowUpTask, Priority, ProgressUpdate, TaskStatus
from .notifications import (
    LateNoticeClaim,
    MailStatus,
    Notification,
    NotificationEvent,
    OutgoingMail,
)
from .people import Role, User
from .pks import ImplementingAgreement, PksAction, PksEvent, PksStage
from .reference import Partner, Sector, WorkUnit
from .reminders import ReminderClaim, ReminderKind
from .reports import ReportSnapshot
from .security import SignInOutcome, SignInRecord

__all__ = [
    "OPEN_STATUSES",
    "Agreement",
    "BudgetLine",
    "Commitment",
    "Contact",
    "CoordinationRequest",
    "Document",
    "FollowUpTask",
    "FundingSource",
    "Holder",
    "ImplementingAgreement",
    "LateNoticeClaim",
    "MailStatus",
    "Notification",
    "NotificationEvent",
    "OutgoingMail",
    "Partner",
    "PksAction",
    "PksEvent",
    "PksStage",
    "Priority",
    "ProgressUpdate",
    "ReminderClaim",
    "ReminderKind",
    "ReportSnapshot",
    "Role",
    "Sector",
    "SignInOutcome",
    "SignInRecord",
    "Stage",
    "StageAction",
    "StageEvent",
    "TaskStatus",
    "User",
    "WorkUnit",
]
