from mailtriage.models.audit import EmailTransition, MailboxCheckpoint
from mailtriage.models.base import Base
from mailtriage.models.email import Email
from mailtriage.models.records import CrmEvent, EvalLabel, ExtractionRecord, RouteRecord

__all__ = [
    "Base",
    "CrmEvent",
    "Email",
    "EmailTransition",
    "EvalLabel",
    "ExtractionRecord",
    "MailboxCheckpoint",
    "RouteRecord",
]
