"""Who may see and do what in casework. One predicate per question.

Every view, template and selector of casework asks these functions and nothing else, so the
central access policy of `samen.privacy` can later take them over in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _

from samen.accounts.models import Role
from samen.intake import permissions as intake_permissions
from samen.intake.models import ReporterType
from samen.privacy import policy
from samen.privacy.models import DataCategory, Purpose

WORKING_ROLES = (Role.CASE_WORKER, Role.COORDINATOR)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.organisation_id)


def is_case_worker(user: Any) -> bool:
    """Professionals who work on tracks: case workers and coordinators of an organisation."""
    return _active(user) and any(user.has_role(role) for role in WORKING_ROLES)


def _owner_ids(signal: Any) -> set[int]:
    """Owners of the signal's tracks; uses prefetched tracks when present."""
    return {track.owner_id for track in signal.tracks.all()}


def _transfer_ids(signal: Any) -> set[int]:
    return {track.transfer_to_id for track in signal.tracks.all() if track.transfer_to_id}


def is_owner_member(user: Any, signal: Any) -> bool:
    """The user works at an organisation that owns a track of the signal."""
    return _active(user) and user.organisation_id in _owner_ids(signal)


def is_reporting_professional(user: Any, signal: Any) -> bool:
    """The user's organisation reported the signal but owns none of its tracks."""
    return (
        _active(user)
        and signal.organisation_id is not None
        and user.organisation_id == signal.organisation_id
        and not is_owner_member(user, signal)
    )


# Owners, a transfer's receiver, the reporting organisation, a table member under an agreement.
can_view_signal = intake_permissions.can_view_signal


def can_see_details(user: Any, signal: Any) -> bool:
    """Details of the follow-up (timeline, actions, notes, people): owners and a transfer's receiver.

    A reporting professional sees only whether each track was picked up and its outcome category.
    """
    return policy.may(user, policy.Action.VIEW, signal, category=DataCategory.SUMMARY, purpose=Purpose.CARE)


def can_see_original_text(user: Any, signal: Any) -> bool:
    """The original free text: owners (and what an agreement allows); everyone else reads the de-identified text."""
    return policy.may(user, policy.Action.VIEW, signal, category=DataCategory.FREE_TEXT, purpose=Purpose.CARE)


def can_see_identities(user: Any, signal: Any) -> bool:
    """Names, birth dates, phone numbers, addresses, BSN: case workers of an owning organisation (policy)."""
    return policy.may(user, policy.Action.VIEW, signal, category=DataCategory.IDENTIFYING, purpose=Purpose.CARE)


@dataclass(frozen=True)
class SignalPageAccess:
    """The policy's decisions behind the signal page, with their reasons for what is withheld."""

    details: policy.Decision
    original_text: policy.Decision
    identities: policy.Decision
    special: policy.Decision
    criminal_law: policy.Decision

    @property
    def shows_sealed_data(self) -> bool:
        """Whether any part read from the identity vault is shown (identity, health, criminal law)."""
        return self.identities.allowed or self.special.allowed or self.criminal_law.allowed

    def without_sealed_data(self) -> SignalPageAccess:
        """The same page without identities, health and criminal-law data, nor the original description,
        for a page shown again after a form when the last password or code check is too old to show them."""
        if not self.shows_sealed_data:
            return self
        reason = _("Open the signal again and confirm it is you: the last check is over five minutes old.")
        hidden = policy.Decision(allowed=False, reason=reason)
        # The original description names people too: the de-identified one is shown instead.
        return replace(
            self,
            original_text=hidden if self.original_text.allowed else self.original_text,
            identities=hidden if self.identities.allowed else self.identities,
            special=hidden if self.special.allowed else self.special,
            criminal_law=hidden if self.criminal_law.allowed else self.criminal_law,
        )

    def withheld(self) -> list[tuple[str, str]]:
        """(what is not shown, why) for each part of the page this user does not see."""
        if not self.details.allowed:
            parts = [
                (_("The description, the people, and the notes and actions of the follow-up"), self.details.reason)
            ]
        else:
            parts = []
            if not self.original_text.allowed:
                what = _("The original description (you read the de-identified one)")
                parts.append((what, self.original_text.reason))
            if not self.identities.allowed:
                parts.append((_("Names and other identifying data"), self.identities.reason))
            if not self.special.allowed:
                parts.append((_("Health and care needs (special category data)"), self.special.reason))
            if not self.criminal_law.allowed:
                parts.append((_("Criminal-law data"), self.criminal_law.reason))
        return parts


def signal_page_access(user: Any, signal: Any) -> SignalPageAccess:
    """`can_see_details`, `can_see_original_text` and `can_see_identities` at once, with the reasons."""

    def decide(category: str) -> policy.Decision:
        return policy.decide(user, policy.Action.VIEW, signal, category=category, purpose=Purpose.CARE)

    return SignalPageAccess(
        details=decide(DataCategory.SUMMARY),
        original_text=decide(DataCategory.FREE_TEXT),
        identities=decide(DataCategory.IDENTIFYING),
        special=decide(DataCategory.SPECIAL),
        criminal_law=decide(DataCategory.CRIMINAL),
    )


def can_act_on_track(user: Any, track: Any) -> bool:
    """Case workers and coordinators of the organisation that owns the track."""
    return (
        is_case_worker(user)
        and user.organisation_id == track.owner_id
        and policy.may(user, policy.Action.CHANGE, track.signal, category=DataCategory.STATUS, purpose=Purpose.CARE)
    )


def can_change_signal(user: Any, signal: Any) -> bool:
    """Correct the signal's place and forms, and route it again: whoever may act on one of its tracks."""
    return any(can_act_on_track(user, track) for track in signal.tracks.all())


def _may_change(user: Any, signal: Any, category: str) -> bool:
    return policy.may(user, policy.Action.CHANGE, signal, category=category, purpose=Purpose.CARE)


def can_correct_persons(user: Any, signal: Any) -> bool:
    """Correct what was reported about a person, identity included: whoever may change the signal
    and, under the policy's need to know, change its identifying data (an owner's case workers)."""
    return can_change_signal(user, signal) and _may_change(user, signal, DataCategory.IDENTIFYING)


def can_correct_special(user: Any, signal: Any) -> bool:
    """Health and care needs, with the people: only where the policy lets the user see and change them."""
    return can_correct_persons(user, signal) and _may_change(user, signal, DataCategory.SPECIAL)


def can_correct_criminal_law(user: Any, signal: Any) -> bool:
    """Criminal-law data, with the people: only where the policy lets the user see and change them."""
    return can_correct_persons(user, signal) and _may_change(user, signal, DataCategory.CRIMINAL)


def can_decide_transfer(user: Any, track: Any) -> bool:
    """The receiving organisation accepts or rejects a requested transfer."""
    return is_case_worker(user) and track.transfer_to_id is not None and user.organisation_id == track.transfer_to_id


def can_message_reporter(user: Any, signal: Any) -> bool:
    return policy.may(user, policy.Action.CHANGE, signal, category=DataCategory.STATUS, purpose=Purpose.CARE)


def reads_reporter_messages(user: Any, signal: Any, access: SignalPageAccess) -> bool:
    """The messages to the reporter on the signal page.

    For whoever sees the signal's details, but not an organisation only asked to take a track over,
    which reads them once it accepts (also when it reported the signal: it reads as the one asked).
    And for the organisation whose professional reported it, on the access policy's reporter
    basis: it is that reporter, and the messages are written for whoever holds the receipt and
    checked for identifying data (`forms.ReporterMessageForm`); the replies to a professional's
    report reached nobody (found by exploratory testing). Not for an intake officer's organisation
    that entered a caller's signal: the caller holds that receipt.
    """
    if access.details.allowed:
        return access.details.basis != policy.Basis.TRANSFER
    if signal.reporter_type != ReporterType.PROFESSIONAL:
        return False
    decision = policy.decide(user, policy.Action.VIEW, signal, category=DataCategory.STATUS, purpose=Purpose.STATUS)
    return decision.allowed and decision.basis == policy.Basis.REPORTER


def can_manage_cases(user: Any) -> bool:
    return is_case_worker(user)


def can_add_to_case(user: Any, signal: Any) -> bool:
    """Case workers who see the signal's details on a lasting basis of their own (`groups_into_cases`)."""
    decision = policy.decide(user, policy.Action.VIEW, signal, category=DataCategory.SUMMARY, purpose=Purpose.CARE)
    return groups_into_cases(user, decision)


def groups_into_cases(user: Any, details: policy.Decision) -> bool:
    """`can_add_to_case`, given the policy's decision on the signal's details (the signal page has it).

    An organisation that is only asked to take a track over groups the signal once it has accepted,
    and an hour's emergency access (break the glass) is a read, not a way to keep another
    organisation's signal in one's own case after the hour (found by exploratory testing).
    """
    temporary = (policy.Basis.TRANSFER, policy.Basis.BREAK_GLASS)
    return details.allowed and details.basis not in temporary and can_manage_cases(user)


def can_view_case(user: Any, case: Any) -> bool:
    """Case workers and coordinators of the organisation that made the case (not its other roles)."""
    return is_case_worker(user) and case.organisation_id == user.organisation_id


def can_edit_routing(user: Any) -> bool:
    """Routing rules are edited by coordinators and the national administrator."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.has_role(Role.COORDINATOR) or user.has_role(Role.NATIONAL_ADMIN))
    )


def can_complete_action(user: Any, action: Any) -> bool:
    """The track's owner, the person the action is for, or the organisation it lies with."""
    if can_act_on_track(user, action.track):
        return True
    return is_case_worker(user) and (action.owner_id == user.pk or action.organisation_id == user.organisation_id)
