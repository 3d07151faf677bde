"""Who may use an e-mail address: the admin's invitations and a user's change of e-mail.

Sign-in is by e-mail, so an address belongs to one account in the whole tracker.
Neither page may tell its user that an address has an account with another
company: that would let any admin or user probe which people are customers.

- An address of the same company is refused by name: the users page shows it anyway.
- Another company's address is answered exactly like a free one. The request does
  the same work either way (its timing tells nothing): it writes the same audit
  entry and queues one task (tracker/auth/tasks.py). The worker then decides: the
  invitation or the confirmation link for a free address, a notice to the owner
  of a taken one, and nothing changes for them.

A change of e-mail happens only when the link sent to the new address is
followed (confirm_email_change): the token is tied to the user, the new address
and the account's password hash and e-mail (tracker/auth/tokens.py).

Each function owns its commit.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from tracker.audit.services import record
from tracker.auth.mail import (
    notify_account_change,
    send_email_change_address_in_use,
    send_email_change_link,
    send_invitation,
    send_invitation_address_in_use,
)
from tracker.auth.models import User
from tracker.auth.passwords import verify_password
from tracker.auth.services import (
    WRONG_CURRENT_PASSWORD,
    AccountError,
    add_user,
    check_address,
    end_all_sessions,
    find_user_by_email,
    normalise_email,
    sign_in,
    user_exists,
)
from tracker.extensions import db
from tracker.i18n import N_
from tracker.permissions import Role

ADDRESS_IN_USE = N_("That email address is already in use.")
ADDRESS_TAKEN_SINCE = N_("That email address has been taken by another account since you "
                         "asked, so nothing changed. Ask again with another address.")


def invite_user(inviter: User, email: str, full_name: str, role: Role) -> str:
    """Invite *email* to *inviter*'s company; the normalised address, for the caller to
    queue the invitation (tasks.queue_invitation).

    A colleague's address is refused ("already exists": the users page shows it
    anyway). Another company's address is answered like a free one, but makes no
    user: one address is one account, and whether it has one elsewhere is its
    owner's to tell (the worker sends them a notice, send_invitation_mail).

    The company's log gets the same "invite" entry either way, without the new
    user's id: a "create user #id" entry in one case only would tell the admins
    what the answer does not.
    """
    email, role_name = normalise_email(email), Role(role).value
    check_address(email)
    for _attempt in range(2):  # a second look when the address was taken meanwhile
        holder = find_user_by_email(email)
        if holder is not None and holder.company_id == inviter.company_id:
            raise AccountError(user_exists(email))
        if holder is None:
            add_user(inviter.company, email, full_name, role, None)
        record("invite", "user", summary=f"invited {email}"[:300],
               changes={"email": [None, email], "role": [None, role_name]},
               company_id=inviter.company_id, user_id=inviter.id)
        try:
            db.session.commit()
        except IntegrityError:  # someone took the address a moment ago
            db.session.rollback()
            continue
        return email
    raise AccountError(N_("The invitation could not be saved. Please try again."))


INVITATION_ACCEPTED = N_("This user has already set a password: there is no invitation to "
                         "resend.")
INVITEE_DEACTIVATED = N_("This user is deactivated: reactivate them before resending the "
                         "invitation.")


def resend_invitation(inviter: User, invitee: User) -> str:
    """Issue *invitee* a fresh invitation link (the caller queues it, as for the first
    invitation: tasks.queue_invitation); the links sent before stop working.

    Only a pending invitation of the inviter's company (the view looks the
    invitee up in it) can be resent. Raising the session version voids the
    earlier links (tokens._fingerprint). Audited; throttled per invitee
    (tracker/auth/throttle.py).
    """
    if invitee.password_hash is not None:
        raise AccountError(INVITATION_ACCEPTED)
    if not invitee.active:
        raise AccountError(INVITEE_DEACTIVATED)
    end_all_sessions(invitee)
    record("invitation_resent", "user", invitee.id,
           summary=f"invitation resent to {invitee.email}"[:300],
           company_id=inviter.company_id, user_id=inviter.id)
    db.session.commit()
    return invitee.email


def send_invitation_mail(inviter_id: int, email: str, language: str | None = None) -> str:
    """The worker's part of an invitation: what it sent ("invitation", "notice" or
    "nothing").

    The invited user of the inviter's company gets the set-password link (in
    *language*, the inviting request's, unless they chose one); the owner of an
    address that another company's account has gets a notice instead.
    """
    inviter = db.session.get(User, inviter_id)
    holder = find_user_by_email(email)
    if inviter is None or holder is None:
        return "nothing"
    if holder.company_id != inviter.company_id:
        send_invitation_address_in_use(holder, inviter)
        return "notice"
    if holder.active and holder.password_hash is None:
        send_invitation(holder, inviter, language)
        return "invitation"
    return "nothing"  # accepted or deactivated since


def request_email_change(user: User, current_password: str, new_email: str) -> str:
    """Check a wish to sign in with *new_email*; the normalised address, for the caller
    to queue the confirmation (tasks.queue_email_change). Nothing changes yet.

    An address of a colleague is refused: the user could see it on the users page
    anyway. An address of another company's account is answered like a free one
    (its owner gets a notice instead of the link, send_email_change_mail), so the
    answer never tells that an address has an account elsewhere.
    """
    if not verify_password(user.password_hash, current_password):
        raise AccountError(WRONG_CURRENT_PASSWORD)
    new_email = normalise_email(new_email)
    check_address(new_email)
    if new_email == user.email:
        raise AccountError(N_("That is already your email address."))
    holder = find_user_by_email(new_email)
    if holder is not None and holder.company_id == user.company_id:
        raise AccountError(ADDRESS_IN_USE)
    record("email_change_requested", "user", user.id,
           summary=f"asked to sign in with {new_email}"[:300],
           company_id=user.company_id, user_id=user.id)
    db.session.commit()
    return new_email


def send_email_change_mail(user_id: int, new_email: str) -> str:
    """The worker's part of an e-mail change: what it sent ("link", "notice" or "nothing").

    A free address gets the confirmation link; one that another company's account
    has gets a notice for its owner instead, and nothing changes.
    """
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return "nothing"
    holder = find_user_by_email(new_email)
    if holder is None:
        send_email_change_link(user, new_email)
        return "link"
    if holder.company_id != user.company_id:
        send_email_change_address_in_use(holder, user)
        return "notice"
    return "nothing"  # a colleague (or the user) took it since the request


def confirm_email_change(user: User, new_email: str, confirmed: str,
                         keep_session: bool = False) -> str:
    """Make *new_email* the sign-in e-mail, from a followed confirmation link; returns
    the old address, which gets a notice.

    *confirmed* is the address the confirmation page showed and posted back. Every
    session of the user ends, as after a password change; *keep_session* (the
    user's own browser followed the link) starts this one again.
    """
    new_email = normalise_email(new_email)
    if normalise_email(confirmed) != new_email:
        raise AccountError(N_("Confirm the address shown on this page."))
    if find_user_by_email(new_email) is not None:
        raise AccountError(ADDRESS_TAKEN_SINCE)
    old_email = user.email
    user.email = new_email
    end_all_sessions(user)
    record("update", "user", user.id, changes={"email": [old_email, new_email]},
           company_id=user.company_id, user_id=user.id)
    try:
        db.session.commit()
    except IntegrityError:  # taken by someone else a moment ago
        db.session.rollback()
        raise AccountError(ADDRESS_TAKEN_SINCE) from None
    if keep_session:
        sign_in(user)  # the version bump ended this session too; start a new one
    notify_account_change(user, "email_changed", old_email)
    return old_email
