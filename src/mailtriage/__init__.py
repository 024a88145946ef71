"""mailtriage: inbound business email → intent, fields, route, CRM, with an audit trail."""

__version__ = "0.1.0"
