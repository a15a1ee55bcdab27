from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditAction, AuditEvent, Officer


def audit_record(
    *,
    officer: Officer | None,
    action: AuditAction | str,
    description: str,
    obj: models.Model | None = None,
    case_reference: str = "",
    ip_address: str | None = None,
    forwarded_for: str = "",
    user_agent: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        officer=officer if officer and officer.pk else None,
        agency_id=getattr(officer, "agency_id", None),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        case_reference=case_reference,
        description=description[:500],
        ip_address=ip_address,
        forwarded_for=forwarded_for[:500],
        user_agent=user_agent[:300],
    )
