"""The domain's models, one module per concept."""

from .agreements import Agreement, Contact, Holder, Stage, StageAction, StageEvent
from .budget import BudgetLine, FundingSource
from .coordination import CoordinationRequest
from .documents import Document
from .followup import OPEN_STATUSES, Commitment, FollowUpTask, Priority, ProgressUpdate, TaskStatus
from .monitoring import (
    BenefitKind,
    Evaluation,
    EvaluationStatus,
    Indicator,
    IndicatorUnit,
    PlannedActivity,
    Realisation,
    Recommendation,
    WorkPlan,
)
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
from .reports import ReportSnapshot, YearlyReport, YearlyReportKind
from .security import SignInOutcome, SignInRecord
from .visits import (
    Counterpart,
    CounterpartKind,
    PermitDecision,
    Visit,
    VisitDirection,
    VisitParticipant,
)

__all__ = [
    "OPEN_STATUSES",
    "Agreement",
    "BenefitKind",
    "BudgetLine",
    "Commitment",
    "Contact",
    "CoordinationRequest",
    "Counterpart",
    "CounterpartKind",
    "Document",
    "Evaluation",
    "EvaluationStatus",
    "FollowUpTask",
    "FundingSource",
    "Holder",
    "ImplementingAgreement",
    "Indicator",
    "IndicatorUnit",
    "LateNoticeClaim",
    "MailStatus",
    "Notification",
    "NotificationEvent",
    "OutgoingMail",
    "Partner",
    "PermitDecision",
    "PksAction",
    "PksEvent",
    "PksStage",
    "PlannedActivity",
    "Priority",
    "ProgressUpdate",
    "Realisation",
    "Recommendation",
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
    "Visit",
    "VisitDirection",
    "VisitParticipant",
    "WorkPlan",
    "WorkUnit",
    "YearlyReport",
    "YearlyReportKind",
]
