"""Writes on reference data kept in the portal: the foreign partners.

Every write records its author in the partner's change history, also outside a
request, e.g. from a management command.
"""

from django.db import IntegrityError, transaction

from ..models import Partner
from .base import save_as


def _save(partner: Partner, actor) -> Partner:
    """Save, or raise the form's own ValidationError for a partner of the same name and
    country: the form checks that first; this covers one saved by someone else since
    (two people submitting the same partner at the same moment)."""
    try:
        with transaction.atomic():
            save_as(partner, actor)
    except IntegrityError:
        partner.validate_constraints()  # raises ValidationError when it is the duplicate
        raise
    return partner


@transaction.atomic
def partner_create(*, actor, **fields) -> Partner:
    return _save(Partner(**fields), actor)


@transaction.atomic
def partner_update(*, partner: Partner, actor, **fields) -> Partner:
    for name, value in fields.items():
        setattr(partner, name, value)
    return _save(partner, actor)
