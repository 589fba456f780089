"""Creating users and changing their roles (no Flask).

Each function checks what it was given, changes ``session`` and records the audit event;
the caller commits. A refusal raises before anything is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from survey_app.admin.structure import UnknownOrganisation
from survey_app.audit import record
from survey_app.auth.accounts import normalised
from survey_app.auth.password_links import issue_password_link
from survey_app.models import Membership, Organisation, User
from survey_app.models.vocab import ROLES


class EmailTaken(ValueError):
    """Another user has this email address (compared ignoring case)."""


class UnknownRole(ValueError):
    """Not a role of the vocabulary."""


class NoRole(ValueError):
    """A new user needs a role in an organisation or to be a platform administrator."""


class AlreadyMember(ValueError):
    """The user already has a role in this organisation."""


@dataclass(frozen=True)
class NewUser:
    """A created user and the token of their first set-password link (shown once)."""

    user: User
    token: str


def _organisation(session: Session, organisation_id: int | None) -> Organisation:
    organisation = session.get(Organisation, organisation_id) if organisation_id else None
    if organisation is None:
        raise UnknownOrganisation(organisation_id)
    return organisation


def _membership_details(membership: Membership) -> dict[str, str]:
    return {"organisation": membership.organisation.slug, "role": membership.role}


def create_user(
    session: Session,
    *,
    name: str,
    email: str,
    organisation_id: int | None,
    role: str | None,
    platform_admin: bool,
    by: User,
    now: datetime,
) -> NewUser:
    """A user with a role in one organisation (more can be added later) or platform rights.

    The user has no password until they follow the link whose token is returned.
    """
    email = normalised(email)
    if session.scalar(select(func.count()).where(func.lower(User.email) == email)):
        raise EmailTaken(email)
    memberships: list[Membership] = []
    if organisation_id or role:
        if role not in ROLES:
            raise UnknownRole(role)
        memberships.append(
            Membership(organisation=_organisation(session, organisation_id), role=role)
        )
    elif not platform_admin:
        raise NoRole()
    user = User(
        name=" ".join(name.split()),
        email=email,
        is_platform_admin=platform_admin,
        memberships=memberships,
    )
    session.add(user)
    session.flush()
    record(
        session,
        "user_created",
        by,
        target=email,
        organisation_id=memberships[0].organisation_id if memberships else None,
        details={
            "platform_admin": platform_admin,
            "memberships": [_membership_details(m) for m in memberships],
        },
    )
    return NewUser(user, issue_password_link(session, user, by, now))


def add_membership(
    session: Session, user: User, organisation_id: int | None, role: str, by: User
) -> Membership:
    """Give ``user`` ``role`` in an organisation they have no role in yet."""
    organisation = _organisation(session, organisation_id)
    if role not in ROLES:
        raise UnknownRole(role)
    if any(m.organisation_id == organisation.id for m in user.memberships):
        raise AlreadyMember(organisation.slug)
    membership = Membership(organisation=organisation, role=role)
    user.memberships.append(membership)
    session.flush()
    record(
        session,
        "user_changed",
        by,
        target=user.email,
        organisation_id=organisation.id,
        details={"added": _membership_details(membership)},
    )
    return membership


def remove_membership(session: Session, user: User, membership_id: int, by: User) -> bool:
    """Take away one of ``user``'s roles; ``False`` if they have no such membership."""
    membership = next((m for m in user.memberships if m.id == membership_id), None)
    if membership is None:
        return False
    details = _membership_details(membership)
    user.memberships.remove(membership)
    session.flush()
    record(
        session,
        "user_changed",
        by,
        target=user.email,
        organisation_id=membership.organisation_id,
        details={"removed": details},
    )
    return True


def all_users(session: Session) -> list[User]:
    """Every user by name, with their memberships and organisations loaded."""
    return list(
        session.scalars(
            select(User)
            .options(selectinload(User.memberships).selectinload(Membership.organisation))
            .order_by(User.name, User.email)
        )
    )
