"""Find the organization a person means on the command line: its number (id), uid, business
registration number (with or without dashes) or exact name."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.ids import parse_id
from hubdesk.db.schema import Organization
from hubdesk.errors import DomainError
from hubdesk.i18n import _

_UID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def resolve_organization(session: Session, ref: str | int) -> Organization:
    """The organization `ref` names; DomainError with a sentence when none or several match."""
    text = str(ref).strip()
    if not text:
        raise DomainError(_("No organization was given. Give its number, uid, business registration number "
                            "or exact name."), field="org")
    org_id = parse_id(text)
    if org_id is not None and len(text) < 10:
        org = session.get(Organization, org_id)
        if org is not None:
            return org
    if _UID.match(text):
        org = session.scalars(select(Organization).where(Organization.uid == text.lower())).first()
        if org is not None:
            return org
    digits = re.sub(r"[\s-]", "", text)
    if digits.isdigit() and len(digits) == 10:
        canonical = f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
        org = session.scalars(select(Organization).where(
            Organization.business_no.in_((canonical, digits)))).first()
        if org is not None:
            return org
    matches = list(session.scalars(select(Organization).where(Organization.name == text)
                                   .order_by(Organization.id).limit(6)))
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise DomainError(_("Several organizations are called “{name}” (numbers {ids}). Give the number of "
                            "the one you mean.").format(name=text, ids=", ".join(str(o.id) for o in matches)),
                          field="org")
    raise DomainError(_("No organization matches “{ref}”. Give its number, uid, business registration "
                        "number or exact name.").format(ref=text), field="org")
