"""Booking fees: the resource's rate for the organization's user class times the booking units,
in whole KRW. The fee is frozen on the booking when it is approved; before that it is an estimate.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.schema import Booking, Organization, Resource, ResourceRate, UserClass
from hubdesk.errors import DomainError
from hubdesk.i18n import _


def rate_for(session: Session, resource: Resource, organization: Organization) -> ResourceRate:
    """The rate that applies, or a DomainError telling the admin what to set."""
    if organization.user_class_id is None:
        raise DomainError(_("{organization} has no user class, so the fee for {resource} cannot be "
                            "computed. Set the organization's user class first.")
                          .format(organization=organization.name, resource=resource.name),
                          field="organization_id", code="no_user_class")
    rate = session.scalar(select(ResourceRate).where(ResourceRate.resource_id == resource.id,
                                                     ResourceRate.user_class_id == organization.user_class_id))
    if rate is None:
        raise DomainError(_("No rate is set for {resource} for the user class {user_class}. Ask an "
                            "administrator to set a rate for that user class.")
                          .format(resource=resource.name, user_class=cast(UserClass, organization.user_class).name),
                          field="resource_id", code="no_rate")
    return rate


def fee_for(session: Session, resource: Resource, organization: Organization, units: int) -> int:
    return int(rate_for(session, resource, organization).fee_per_unit_krw) * int(units)


def booking_fee(session: Session, booking: Booking) -> int:
    """The frozen fee of an approved booking, else what it would cost at today's rate."""
    if booking.fee_krw is not None:
        return booking.fee_krw
    return fee_for(session, booking.resource, booking.organization, booking.units)
