"""The domain's models, one module per concept."""

from .agreements import Agreement, Contact, Stage, StageAction, StageEvent
from .documents import Document
from .people import Role, User
from .reference import Partner, Sector, WorkUnit

__all__ = [
    "Agreement",
    "Contact",
    "Document",
    "Partner",
    "Role",
    "Sector",
    "Stage",
    "StageAction",
    "StageEvent",
    "User",
    "WorkUnit",
]
