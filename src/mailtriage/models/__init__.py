from mailtriage.models.audit import EmailTransition, MailboxCheckpoint
from mailtriage.models.base import Base
from mailtriage.models.email import Email
from mailtriage.models.records import CrmEvent, CrmWrite, EvalLabel, ExtractionRecord, RouteRecord

__all__ = [
    "Base",
    "CrmEvent",
    "CrmWrite",
    "Email",
    "EmailTransition",
    "EvalLabel",
    "ExtractionRecord",
    "MailboxCheckpoint",
    "RouteRecord",
]
