"""The names Samen knows that a message to the reporter must not hold.

Whoever holds the receipt code and the secret reads the message on the public status page: the
reporter, or whoever took their phone. `identifier_kinds` finds a name only after a cue ("heet
Jan"); the names known here are found anywhere, as the de-identification finds them: declined
("z Markiem Kowalskim" for Marek Kowalski), without accents, and without a cue (found by
exploratory testing: "Jan de Vries, uw neef" and a case worker's own signature reached the page).

Two kinds: the people of the signal (and the reporter's name, if they left it for contact), read
from the identity vault, with the names the de-identification took out of its free texts; and the
sender's organisation, its users and its contact points, whose names the public pages do not show
either: a name that reaches the holder of a victim's phone puts whoever bears it at risk. A staff
name counts only whole: a surname alone is often a word too.
"""

from __future__ import annotations

import difflib
import re

from django.utils.translation import gettext_lazy as _

from samen import audit
from samen.accounts.models import User
from samen.casework import permissions
from samen.intake.identifier_kinds import KnownNames
from samen.intake.models import PersonIdentity, ReporterContact, Signal
from samen.intake.services import signal_texts
from samen.partners.models import ContactPoint

# The kinds the refusal names; never the name itself.
SIGNAL_PEOPLE = _("the name of someone in this signal")
STAFF = _("the name of someone at your organisation")


def names_a_message_must_not_hold(*, signal: Signal, sender: User) -> list[KnownNames]:
    """The names of the signal's people and of the sender's organisation, for `identifier_kinds`.

    The identities are opened to check the message, not shown, and only for a sender who may see
    them: a refusal says whether a name typed is one of the signal's, which must tell nothing to whoever
    may not read the identities. The audit log records the read under the sender.
    """
    staff = KnownNames(STAFF, _filled(_staff_names(sender)), whole_only=True)
    if not permissions.can_see_identities(sender, signal):
        return [staff]
    identities = list(PersonIdentity.objects.filter(person__signal=signal))
    contact = ReporterContact.objects.filter(signal=signal).first()
    told = names_in_texts(signal)
    if identities or contact is not None or told:
        audit.record(
            actor=sender,
            action=audit.Action.READ,
            object_type=audit.ObjectType.SIGNAL,
            object_id=signal.pk,
            fields=(["identity"] if identities else [])
            + (["reporter_contact"] if contact is not None else [])
            + (["free_text"] if told else []),
            activity=audit.CASEWORK,
            origin="casework.reporter_message",
        )
    people = [name for identity in identities for name in [identity.name, *identity.former_names.splitlines()]]
    people += [contact.name] if contact is not None else []
    people += told
    return [KnownNames(SIGNAL_PEOPLE, _filled(people)), staff]


_PERSON_TAG = re.compile(r"\[PERSOON-\d+\]")
# Words, each mark apart, and a tag as one: the texts are compared word by word, so that a letter of
# a name never pairs with one of its tag ("P" in "Piet" and "[PERSOON-1]").
_TOKEN = re.compile(r"\[PERSOON-\d+\]|\w+|[^\w\s]")


def names_in_texts(signal: Signal) -> list[str]:
    """The names the de-identification took out of the signal's free texts, read back by comparing
    each text with its copy: a public report has no name fields, and a name told only in what was
    noticed ("de baas, Piet Bakker") went out in a message (found by exploratory testing).

    Nothing before the copy is made, or after a correction cleared it (`deidentify_again`).
    """
    copies = [copy for _label, copy in signal.deidentified_parts or []]
    texts = [text for _label, text in signal_texts(signal)]
    if len(copies) != len(texts):
        return []
    names = []
    for text, copy in zip(texts, copies, strict=True):
        if not _PERSON_TAG.search(copy):
            continue
        words = list(_TOKEN.finditer(text))
        copy_words = [match.group() for match in _TOKEN.finditer(copy)]
        matcher = difflib.SequenceMatcher(None, [w.group() for w in words], copy_words, autojunk=False)
        for operation, start, end, copy_start, copy_end in matcher.get_opcodes():
            if operation == "replace" and any(_PERSON_TAG.fullmatch(w) for w in copy_words[copy_start:copy_end]):
                names.append(text[words[start].start() : words[end - 1].end()])
    return names


def _staff_names(sender: User) -> list[str]:
    """The sender's own name and, when they act for an organisation, those of its users (also former
    ones: still staff to whoever reads the name) and of its contact points."""
    names = [sender.get_full_name()]
    if sender.organisation_id is not None:
        users = User.objects.filter(organisation_id=sender.organisation_id).values_list("first_name", "last_name")
        names += [f"{first} {last}" for first, last in users]
        names += ContactPoint.objects.filter(organisation_id=sender.organisation_id).values_list("name", flat=True)
    return names


def _filled(names: list[str]) -> list[str]:
    return list(dict.fromkeys(name.strip() for name in names if name and name.strip()))
