"""Writes of linkage: encode persons at intake, match them, and the workflow of a possible link.

    encode_pending()          persons of routed signals with identifying data → PersonEncoding rows
    match_pending()           every new encoding against the stored ones of other organisations
                              → PossibleLink notices to both owning organisations
    link_decide(...)          one side confirms or rejects; both confirmed → one case (where a
                              sharing agreement allows it) or the agenda of a shared signaaltafel

The key comes from `samen.linkage.keys.load_linkage_key` (environment or key file); outside
production mode a clearly labelled public demo key stands in when none is set. The key and the
plaintext identifiers stay in memory: only encodings, phone tokens, versions and the key's
fingerprint are stored. Notices, notifications, e-mails and audit entries name signals (by
receipt code), organisations and a score band, never the person.

Matching is incremental. Each process keeps one `LinkageIndex` per (key fingerprint, schema
version), built from the table at first use and brought up to date from the table before every
match, so encodings stored by other processes are seen too; a new key or schema gets a new index.
An encoding is matched in a transaction after the one that stored it, so of two encodings stored
at the same time the one matched last always sees the other.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samen import audit
from samen.casework import notices
from samen.casework import permissions as casework_permissions
from samen.casework import services as casework_services
from samen.casework.models import SignalTrack
from samen.casework.notices import Notice
from samen.intake.models import PersonIdentity, PersonRole, Signal, SignalPerson
from samen.linkage import permissions
from samen.linkage.encoding import PERSON_SCHEMA, EncodingError, encode_person
from samen.linkage.keys import LinkageKey, LinkageKeyError, demo_linkage_key, load_linkage_key
from samen.linkage.matcher import Candidate, LinkageIndex
from samen.linkage.models import Band, Outcome, PersonEncoding, PossibleLink, Side, SideStatus, tokens_from_bytes
from samen.linkage.phone_tokens import phone_token
from samen.linkage.scoring import person_prior_model
from samen.log_filters import failure
from samen.meetings import selectors as meetings_selectors
from samen.meetings import services as meetings_services
from samen.meetings.models import SignalTable
from samen.privacy.models import DataCategory, Purpose, SharingAgreement
from samen.privacy.policy import active_agreements, agreement_covers
from samen.routing.models import Track

log = logging.getLogger(__name__)

# Processing activity of linkage in the audit log: matching pseudonymised identifiers across
# organisations for the follow-up of signals.
LINKAGE = ("linkage", "SAMEN-LINKAGE", "AVG art. 6(1)(e)")
SYSTEM = "system:linkage"
DEMO_KEY_LABEL = "samen-development"
# Purposes for which a sharing agreement lets two organisations follow signals up together in one
# case ("casusregie"); an agreement for the table's joint decision only does not suffice.
CASE_PURPOSES = (Purpose.CARE, Purpose.INVESTIGATION, Purpose.ADMINISTRATIVE)
# Bits of match weight above the model's threshold from which a match counts as "very high".
VERY_HIGH_MARGIN = 10.0


# --- the key ------------------------------------------------------------------------------------


def linkage_key() -> LinkageKey:
    """The linkage key from the environment; outside production the public demo key if none is set."""
    try:
        return load_linkage_key()
    except LinkageKeyError:
        if getattr(settings, "PRODUCTION", False):
            raise
        return demo_linkage_key(DEMO_KEY_LABEL)


def _fingerprint(key: LinkageKey) -> str:
    return key.fingerprint().hex()


# --- encoding -----------------------------------------------------------------------------------


def split_name(name: str) -> tuple[str, str]:
    """(given names, family name) from a name written in one field.

    "Kovalenko, Olena" is family name first; otherwise the first word is the given name and the
    rest the family name ("Jan de Vries"). A swapped order ("de Vries Jan") is caught by the
    matcher, which also compares given and family name the other way round.
    """
    text = " ".join(name.split())
    if "," in text:
        family, _sep, given = text.partition(",")
        return given.strip(), family.strip()
    parts = text.split(" ")
    if len(parts) == 1:
        return "", parts[0]
    return parts[0], " ".join(parts[1:])


def identifiers_of(person: SignalPerson, identity: PersonIdentity) -> tuple[dict[str, str], list[str]]:
    """The fields of `PERSON_SCHEMA` and the phone numbers of a person, in plaintext (memory only)."""
    given, family = split_name(identity.name or "")
    fields = {
        "given_names": given,
        "family_name": family,
        "date_of_birth": identity.birth_date.isoformat() if identity.birth_date else "",
        "sex": person.gender or "",
        "place_of_birth": "",
    }
    phones = [identity.phone] if identity.phone else []
    return fields, phones


def owner_of(person: SignalPerson) -> int | None:
    """The organisation a person's encoding belongs to.

    The owner of the victim track for a possible victim, of the perpetrator track for a possible
    perpetrator; for anyone else the reporting organisation, or else the victim track's owner.
    """
    owners = dict(SignalTrack.objects.filter(signal_id=person.signal_id).values_list("kind", "owner_id"))
    if person.role == PersonRole.VICTIM:
        return owners.get(Track.VICTIM)
    if person.role == PersonRole.PERPETRATOR:
        return owners.get(Track.PERPETRATOR)
    return person.signal.organisation_id or owners.get(Track.VICTIM)


def persons_pending(key: LinkageKey) -> Any:
    """Persons with identifying data in routed signals that have no encoding under this key yet."""
    encoded = PersonEncoding.objects.filter(
        person=OuterRef("pk"),
        key_fingerprint=_fingerprint(key),
        schema_version=PERSON_SCHEMA.version,
        superseded_at__isnull=True,
    )
    return (
        SignalPerson.objects.filter(identity__isnull=False, signal__tracks__isnull=False)
        .exclude(Exists(encoded))
        .select_related("signal")
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def person_encode(*, person: SignalPerson, key: LinkageKey | None = None) -> PersonEncoding | None:
    """Store the encoding of one person for its owning organisation; None if it has no owner yet."""
    from samen.vault.selectors import identity_of

    key = key or linkage_key()
    # Locked as a correction locks it (`casework.person_changes`): a correction that commits while
    # this reads the identity would otherwise leave an encoding of the values it replaced.
    list(Signal.objects.select_for_update().filter(pk=person.signal_id).values_list("pk", flat=True))
    person = SignalPerson.objects.select_related("signal").filter(pk=person.pk).first()  # as it is now
    if person is None:
        return None
    organisation_id = owner_of(person)
    if organisation_id is None:
        return None
    identity = identity_of(person)
    if identity is None:
        return None
    fields, phones = identifiers_of(person, identity)
    tokens = [t for t in (phone_token(p, key) for p in phones) if t]
    usable = bool(fields["given_names"] or fields["family_name"] or fields["date_of_birth"] or tokens)
    encoding = encode_person(fields, key) if usable else None
    has_birth_date = bool(fields["date_of_birth"])
    del fields, phones, identity  # plaintext goes no further than this function
    try:
        with transaction.atomic():
            row = PersonEncoding.objects.create(
                person=person,
                organisation_id=organisation_id,
                schema_version=PERSON_SCHEMA.version,
                key_version=key.version,
                key_fingerprint=_fingerprint(key),
                encoding=encoding.to_bytes() if encoding is not None else b"",
                phone_tokens=b"".join(bytes.fromhex(t) for t in tokens),
                usable=usable,
                has_birth_date=has_birth_date,
                matched_at=None if usable else timezone.now(),
            )
    except IntegrityError:
        # Another worker encoded this person under this key first.
        return PersonEncoding.objects.filter(
            person=person,
            key_fingerprint=_fingerprint(key),
            schema_version=PERSON_SCHEMA.version,
            superseded_at__isnull=True,
        ).first()
    audit.record(
        actor=SYSTEM,
        action=audit.Action.WRITE,
        object_type="linkage_encoding",
        object_id=row.pk,
        fields=["identifying"],
        activity=LINKAGE,
        organisation=organisation_id,
        origin="linkage.person_encode",
    )
    return row


def _answered(encoding_ids: list[int]) -> set[int]:
    """Those of these encodings with a possible link that an organisation has answered."""
    answered = (
        Q(status_a__in=[SideStatus.CONFIRMED, SideStatus.REJECTED])
        | Q(status_b__in=[SideStatus.CONFIRMED, SideStatus.REJECTED])
        | ~Q(outcome="")
    )
    links = PossibleLink.objects.filter(Q(encoding_a__in=encoding_ids) | Q(encoding_b__in=encoding_ids))
    # Every link locked first, answered or not: an answer being given now is waited for, and read.
    list(links.select_for_update().values_list("pk", flat=True))
    links = links.filter(answered)
    return {pk for pair in links.values_list("encoding_a_id", "encoding_b_id") for pk in pair} & set(encoding_ids)


def person_forget(*, person_id: int, actor: Any, **_: Any) -> int:
    """Take a person's encodings out of matching once what they were made from was corrected
    (`intake.hooks.person_corrected`, in the correction's transaction); the periodic step encodes and
    matches the person again. Returns how many were taken out.

    An encoding with an answered possible link is kept, superseded, so the link keeps what both
    organisations decided (and is not asked again, `_link_create`); the others are removed with their
    open links: a link found on a wrong name is no ground for a notice, and one that still holds is
    found again.
    """
    rows = list(
        PersonEncoding.objects.filter(person_id=person_id, superseded_at__isnull=True).values_list(
            "pk", "organisation_id"
        )
    )
    keep = _answered([pk for pk, _organisation in rows])
    PersonEncoding.objects.filter(pk__in=keep).update(superseded_at=timezone.now())
    PersonEncoding.objects.filter(pk__in=[pk for pk, _organisation in rows if pk not in keep]).delete()
    for pk, organisation_id in rows:
        audit.record(
            actor=actor,
            action=audit.Action.WRITE if pk in keep else audit.Action.DELETE,
            object_type="linkage_encoding",
            object_id=pk,
            fields=["identifying"],
            activity=LINKAGE,
            organisation=organisation_id,
            origin="linkage.person_forget",
        )
    return len(rows)


# --- the per-process index ----------------------------------------------------------------------


@dataclass
class _CachedIndex:
    index: LinkageIndex
    last_pk: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


_INDEXES: dict[tuple[str, int], _CachedIndex] = {}
_INDEXES_LOCK = threading.Lock()


def _cached_index(fingerprint: str, schema_version: int) -> _CachedIndex:
    with _INDEXES_LOCK:
        cached = _INDEXES.get((fingerprint, schema_version))
        if cached is None:
            index = LinkageIndex(person_prior_model(), key_fingerprint=bytes.fromhex(fingerprint))
            cached = _INDEXES[(fingerprint, schema_version)] = _CachedIndex(index)
        return cached


def _sync(cached: _CachedIndex, fingerprint: str, schema_version: int) -> None:
    """Add the rows stored since the last sync (by any process) to the index."""
    rows = (
        PersonEncoding.objects.filter(
            key_fingerprint=fingerprint,
            schema_version=schema_version,
            usable=True,
            superseded_at__isnull=True,
            pk__gt=cached.last_pk,
        )
        .order_by("pk")
        .values_list("pk", "organisation_id", "encoding", "phone_tokens")
    )
    for pk, organisation_id, data, tokens in rows.iterator(chunk_size=2000):
        try:
            cached.index.add(pk, organisation_id, bytes(data), tokens_from_bytes(tokens))
        except EncodingError:
            log.warning("linkage encoding %s cannot be indexed and is skipped", pk)
        cached.last_pk = pk


def forget_indexes() -> None:
    """Drop the per-process indexes (tests, or after encodings were deleted)."""
    with _INDEXES_LOCK:
        _INDEXES.clear()


# --- matching -----------------------------------------------------------------------------------


def band_of(candidate: Candidate, threshold: float) -> str:
    """The band shown to people: very high with a clear margin or a phone match on top of the names."""
    if candidate.weight is not None and (
        candidate.weight >= threshold + VERY_HIGH_MARGIN or (candidate.phone_match and candidate.weight >= threshold)
    ):
        return Band.VERY_HIGH
    return Band.HIGH


def _track_of(signal_id: int, organisation_id: int) -> SignalTrack | None:
    return SignalTrack.objects.filter(signal_id=signal_id, owner_id=organisation_id).order_by("kind").first()


def _tell(link: PossibleLink, side: str, notice: Notice) -> None:
    """Notify the case workers of one side, with a link to their own signal's track."""
    own = link.own_encoding(side)
    organisation_id = own.organisation_id
    track = _track_of(own.person.signal_id, organisation_id)
    casework_services.notify(
        users=casework_services.workers_of(organisation_id),
        track=track,
        notice=notice,
        subject=Notice(gettext_noop("Samen: possible link")),
    )


def _notify_new(link: PossibleLink) -> None:
    for side in (Side.A, Side.B):
        own = link.own_encoding(side)
        notice = Notice(
            gettext_noop(
                "Possible link: %(other)s has a signal that may concern the same person as one in your signal "
                "%(code)s (likelihood %(band)s). Answer it under Possible links."
            ),
            {
                "other": link.other_organisation(side).name,
                "code": own.person.signal.receipt_code,
                "band": notices.choice(link, "band"),
            },
        )
        _tell(link, side, notice)


def is_corroborated(encoding: PersonEncoding, other: PersonEncoding, candidate: Candidate) -> bool:
    """A notice needs more than a name: an equal phone number, or dates of birth on both sides.

    Two records that share only a (common) name are no reason to bring two organisations
    together; with a date of birth on both sides the match weight includes its comparison.
    """
    return candidate.phone_match or (encoding.has_birth_date and other.has_birth_date)


def _link_create(encoding: PersonEncoding, candidate: Candidate, threshold: float) -> PossibleLink | None:
    other = PersonEncoding.objects.select_related("person__signal", "organisation").filter(pk=candidate.encoding_id)
    other = other.first()
    # The index of a process only grows: an encoding removed or superseded since it was indexed (its
    # signal's retention ended, or the person was corrected, `person_forget`) is still found in it.
    if other is None or other.superseded_at is not None:
        return None
    # Two persons whose link was answered before one of them was corrected (`person_forget`): not
    # asked again under the same key (a new key or schema links afresh).
    persons = (encoding.person_id, other.person_id)
    answered = PossibleLink.objects.filter(
        encoding_a__person__in=persons,
        encoding_b__person__in=persons,
        encoding_a__key_fingerprint=encoding.key_fingerprint,
        encoding_a__schema_version=encoding.schema_version,
    ).filter(Q(encoding_a__superseded_at__isnull=False) | Q(encoding_b__superseded_at__isnull=False))
    if answered.exists():
        return None
    if other.person.signal_id == encoding.person.signal_id or other.organisation_id == encoding.organisation_id:
        return None
    if not is_corroborated(encoding, other, candidate):
        return None
    first, second = sorted((encoding, other), key=lambda e: e.pk)
    link, created = PossibleLink.objects.get_or_create(
        encoding_a=first,
        encoding_b=second,
        defaults={
            "organisation_a_id": first.organisation_id,
            "organisation_b_id": second.organisation_id,
            "band": band_of(candidate, threshold),
            "phone_match": candidate.phone_match,
        },
    )
    if not created:
        return None
    for organisation_id in (link.organisation_a_id, link.organisation_b_id):
        audit.record(
            actor=SYSTEM,
            action=audit.Action.WRITE,
            object_type="possible_link",
            object_id=link.pk,
            fields=["status"],
            activity=LINKAGE,
            organisation=organisation_id,
            origin="linkage.match",
        )
    _notify_new(link)
    return link


def encoding_match(*, encoding: PersonEncoding) -> list[PossibleLink]:
    """Compare one stored encoding with all stored encodings of other organisations; make notices."""
    cached = _cached_index(encoding.key_fingerprint, encoding.schema_version)
    with cached.lock:
        _sync(cached, encoding.key_fingerprint, encoding.schema_version)
        candidates = cached.index.query(bytes(encoding.encoding), encoding.organisation_id, encoding.token_list())
        threshold = cached.index.model.threshold
    made = []
    with transaction.atomic():
        locked = (
            PersonEncoding.objects.select_for_update(of=("self",))
            .select_related("person__signal")
            .filter(pk=encoding.pk)
            .first()
        )
        # Matched by another run, or removed since it was listed (its person corrected or retention ended).
        if locked is None or locked.matched_at is not None or locked.superseded_at is not None:
            return []
        for candidate in candidates:
            link = _link_create(locked, candidate, threshold)
            if link is not None:
                made.append(link)
        locked.matched_at = timezone.now()
        locked.save(update_fields=["matched_at"])
    return made


def match_pending(*, key: LinkageKey | None = None, limit: int = 1000) -> list[PossibleLink]:
    """Match every encoding under the current key and schema that was not matched yet."""
    key = key or linkage_key()
    pending = PersonEncoding.objects.filter(
        key_fingerprint=_fingerprint(key),
        schema_version=PERSON_SCHEMA.version,
        usable=True,
        matched_at__isnull=True,
        superseded_at__isnull=True,
    ).order_by("pk")[:limit]
    made: list[PossibleLink] = []
    for encoding in pending:
        made.extend(encoding_match(encoding=encoding))
    return made


@dataclass(frozen=True)
class RunReport:
    encoded: int
    links: int


def persons_moved() -> list[int]:
    """Persons whose encoding in matching belongs to an organisation that no longer owns them:
    their signal was routed again or its track transferred (who owns whom: `owner_of`)."""

    def owns(kind: str) -> Exists:
        return Exists(
            SignalTrack.objects.filter(
                signal_id=OuterRef("person__signal_id"), kind=kind, owner_id=OuterRef("organisation_id")
            )
        )

    victim, perpetrator = Q(person__role=PersonRole.VICTIM), Q(person__role=PersonRole.PERPETRATOR)
    other = ~victim & ~perpetrator
    reported_by = Q(person__signal__organisation_id__isnull=False)
    moved = (
        (victim & ~owns(Track.VICTIM))
        | (perpetrator & ~owns(Track.PERPETRATOR))
        | (other & reported_by & ~Q(person__signal__organisation_id=F("organisation_id")))
        | (other & ~reported_by & ~owns(Track.VICTIM))
    )
    rows = PersonEncoding.objects.filter(moved, superseded_at__isnull=True).values_list("person_id", flat=True)
    return sorted(set(rows))


def encode_pending(*, key: LinkageKey | None = None, limit: int = 500) -> RunReport:
    """The periodic step after intake and routing: encode new persons, then match them.

    First the persons whose signal moved to another organisation are taken out of matching, as
    after a correction (`person_forget`): their open links would stay with the organisation that
    no longer follows them up, and the new owner would never hear of them. They are encoded again
    for the new owner and matched below.
    """
    key = key or linkage_key()
    for person_id in persons_moved()[:limit]:
        try:
            with transaction.atomic():
                person_forget(person_id=person_id, actor="system:linkage")
        except Exception as error:
            log.error("could not take person %s out of matching after a move (%s)", person_id, failure(error))
    encoded = 0
    for person in list(persons_pending(key)[:limit]):
        try:
            if person_encode(person=person, key=key) is not None:
                encoded += 1
        except Exception as error:
            # One person that cannot be read or encoded must not stop the others.
            log.error("could not encode person %s for linkage (%s)", person.pk, failure(error))
    links = match_pending(key=key)
    return RunReport(encoded=encoded, links=len(links))


# --- the workflow of a possible link -------------------------------------------------------------


def sharing_agreement_for(link: PossibleLink) -> SharingAgreement | None:
    """An agreement in force between both organisations that covers both signals for the follow-up."""
    signals = [link.encoding_a.person.signal, link.encoding_b.person.signal]
    owners = {link.organisation_a_id, link.organisation_b_id}
    for agreement in active_agreements(organisation_id=link.organisation_a_id).filter(parties=link.organisation_b_id):
        for purpose in CASE_PURPOSES:
            if all(
                agreement_covers(agreement, s, owners, category=DataCategory.STATUS, purpose=purpose) for s in signals
            ):
                return agreement
    return None


def shared_table_for(link: PossibleLink) -> SignalTable | None:
    """The active signaaltafel both organisations sit at that meets first."""
    tables = list(
        SignalTable.objects.filter(is_active=True, members=link.organisation_a_id)
        .filter(members=link.organisation_b_id)
        .distinct()
    )
    if not tables:
        return None

    def next_start(table: SignalTable) -> tuple[int, Any]:
        meeting = meetings_selectors.next_meeting(table)
        return (0, meeting.starts_at) if meeting is not None else (1, table.pk)

    return sorted(tables, key=next_start)[0]


def _audit_link(link: PossibleLink, actor: Any, origin: str, action: str = audit.Action.WRITE) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="possible_link",
        object_id=link.pk,
        fields=["status"],
        activity=LINKAGE,
        origin=origin,
    )


def _resolve(link: PossibleLink, actor: Any) -> None:
    """Both sides confirmed: one case where an agreement allows it, else the shared table's agenda."""
    signal_a: Signal = link.encoding_a.person.signal
    signal_b: Signal = link.encoding_b.person.signal
    agreement = sharing_agreement_for(link)
    if agreement is not None:
        with translation.override("nl"):
            title = _("Possible link %(a)s and %(b)s") % {"a": signal_a.receipt_code, "b": signal_b.receipt_code}
        # A case is one organisation's: each of the two gets its own with both signals. Only the
        # organisation that confirmed last got one, while both were told "now one case" (found by
        # exploratory testing). Each is made by the case worker who confirmed for it.
        cases = []
        for organisation_id, decider in (
            (link.organisation_a_id, link.decided_by_a),
            (link.organisation_b_id, link.decided_by_b),
        ):
            # Not in whatever organisation the first to confirm works for now, should they have moved.
            if decider is None or decider.organisation_id != organisation_id:
                continue
            if not casework_permissions.can_manage_cases(decider):
                continue
            case = casework_services.case_create(title=title, actor=decider, signals=[signal_a, signal_b])
            cases.append(case)
            audit.record(
                actor=actor,
                action=audit.Action.WRITE,
                object_type="case",
                object_id=case.pk,
                fields=["status"],
                activity=LINKAGE,
                origin="linkage.link_case",
            )
        link.outcome, link.case_id = Outcome.CASE, cases[0].pk if cases else None
        notice = Notice(
            gettext_noop("Possible link confirmed by both organisations: signals %(a)s and %(b)s are now one case."),
            {"a": signal_a.receipt_code, "b": signal_b.receipt_code},
        )
    else:
        table = shared_table_for(link)
        if table is not None:
            with translation.override("nl"):
                note = _("Possible link from Samen, confirmed by both organisations (likelihood %(band)s).") % {
                    "band": link.get_band_display()
                }
            meetings_services.agenda_add_possible_link(table=table, signal_a=signal_a, signal_b=signal_b, note=note)
            link.outcome, link.table_id = Outcome.AGENDA, table.pk
            _audit_link(link, actor, "linkage.link_agenda")
            notice = Notice(
                gettext_noop("Possible link confirmed by both organisations: it is on the agenda of %(table)s."),
                {"table": table.name},
            )
        else:
            link.outcome = Outcome.NO_TABLE
            _audit_link(link, actor, "linkage.link_no_table")
            notice = Notice(
                gettext_noop(
                    "Possible link confirmed by both organisations, but there is no sharing agreement or "
                    "signaaltafel for both: contact the other organisation's contact point."
                )
            )
    for side in (Side.A, Side.B):
        _tell(link, side, notice)


def link_decide(*, link: PossibleLink, actor: Any, confirm: bool, reason: str) -> PossibleLink:
    """One organisation confirms or rejects a possible link, with a reason (shown to itself only).

    A rejection by either side closes the notice. When both sides confirmed, the signals become one
    case if a sharing agreement in force lets the two organisations follow them up together, and
    otherwise the link goes on the agenda of the next signaaltafel both sit at.
    """
    if not permissions.can_decide(actor, link):
        # Outside the transaction below, so the refusal stays in the audit log.
        _audit_link(link, actor, "linkage.link_decide", action=audit.Action.DENIED)
        raise PermissionDenied(_("Only case workers of the two organisations can answer a possible link."))
    with transaction.atomic():
        return _decide(link.pk, actor=actor, confirm=confirm, reason=reason)


def _decide(pk: int, *, actor: Any, confirm: bool, reason: str) -> PossibleLink:
    link = (
        PossibleLink.objects.select_for_update()
        .select_related("organisation_a", "organisation_b", "encoding_a__person__signal", "encoding_b__person__signal")
        .get(pk=pk)
    )
    side = link.side_of(actor.organisation_id)
    if not link.is_open or link.status_of(side) != SideStatus.OPEN:
        raise ValidationError(_("This possible link has already been answered."), code="answered")
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason."))
    status = SideStatus.CONFIRMED if confirm else SideStatus.REJECTED
    now = timezone.now()
    if side == Side.A:
        link.status_a, link.reason_a, link.decided_by_a, link.decided_at_a = status, reason, actor, now
    else:
        link.status_b, link.reason_b, link.decided_by_b, link.decided_at_b = status, reason, actor, now
    _audit_link(link, actor, f"linkage.link_{status}")
    other = Side.B if side == Side.A else Side.A
    if not confirm:
        link.outcome = Outcome.REJECTED
        notice = Notice(
            gettext_noop("%(org)s rejected the possible link with your signal %(code)s."),
            {"org": link.other_organisation(other).name, "code": link.own_encoding(other).person.signal.receipt_code},
        )
        _tell(link, other, notice)
    elif link.status_of(other) == SideStatus.CONFIRMED:
        _resolve(link, actor)
    else:
        notice = Notice(
            gettext_noop("%(org)s confirmed the possible link with your signal %(code)s; your answer is awaited."),
            {"org": link.other_organisation(other).name, "code": link.own_encoding(other).person.signal.receipt_code},
        )
        _tell(link, other, notice)
    link.save()
    return link
