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


def _rate_per_unit(resource_id, user_class_id):
    """SELECT of the fee per unit of a resource for a user class (values or SQL columns)."""
    return select(ResourceRate.fee_per_unit_krw).where(ResourceRate.resource_id == resource_id,
                                                      ResourceRate.user_class_id == user_class_id)


def fee_estimate_sql(units, resource_id, user_class_id):
    """The fee estimate as an SQL expression over columns (for lists that sort and page in SQL):
    units × the resource's rate for the user class — NULL when no rate applies. The same number
    `fee_for` gives in Python."""
    return units * _rate_per_unit(resource_id, user_class_id).scalar_subquery()


def rate_for(session: Session, resource: Resource, organization: Organization) -> ResourceRate:
    """The rate that applies, or a DomainError telling the admin what to set."""
    if organization.user_class_id is None:
        raise DomainError(_("{organization} has no user class, so the fee for {resource} cannot be "
                            "computed. Set the organization's user class first.")
                          .format(organization=organization.name, resource=resource.name),
                          field="organization_id", code="no_user_class")
    rate = session.scalar(_rate_per_unit(resource.id, organization.user_class_id).with_only_columns(ResourceRate))
    if rate is None:
        raise DomainError(_("No rate is set for {resource} for the user class {user_class}. Ask an "
                            "administrator to set a rate for that user class.")
                          .format(resource=resource.name, user_class=cast(UserClass, organization.user_class).name),
                          field="resource_id", code="no_rate")
    return rate


def fee_for(session: Session, resource: Resource, organization: Organization, units: int) -> int:
    """What `units` of the resource cost the organization at today's rate (whole KRW)."""
    return int(rate_for(session, resource, organization).fee_per_unit_krw) * int(units)


def booking_fee(session: Session, booking: Booking) -> int:
    """The frozen fee of an approved booking, else what it would cost at today's rate."""
    if booking.fee_krw is not None:
        return booking.fee_krw
    return fee_for(session, booking.resource, booking.organization, booking.units)


# --- rates ------------------------------------------------------------------------------------------

def set_rate(session: Session, resource_id: int, user_class_id: int, fee_per_unit_krw: int) -> ResourceRate:
    """The fee per booking unit of a resource for a user class: created, or changed when the pair
    has one already. Bookings already approved keep their frozen fee."""
    from hubdesk.db.ids import get_row
    from hubdesk.db.schema import UserClass

    if fee_per_unit_krw is None or int(fee_per_unit_krw) < 0:
        raise DomainError(_("A fee cannot be negative. Enter 0 or more won."), field="fee")
    if get_row(session, Resource, resource_id) is None or get_row(session, UserClass, user_class_id) is None:
        raise DomainError(_("Choose a resource and a user class first. If a list is empty, add a user class "
                            "(or a facility resource) before setting fees."), field="resource_id")
    rate = session.scalar(select(ResourceRate).where(ResourceRate.resource_id == resource_id,
                                                     ResourceRate.user_class_id == user_class_id))
    if rate is None:
        rate = ResourceRate(resource_id=resource_id, user_class_id=user_class_id)
        session.add(rate)
    rate.fee_per_unit_krw = int(fee_per_unit_krw)
    session.flush()
    return rate


def remove_rate(session: Session, rate_id: int) -> None:
    """Remove a fee; bookings of that resource and class then cannot be approved until one is set."""
    from hubdesk.domain.records import remove_row

    remove_row(session, ResourceRate, rate_id)
