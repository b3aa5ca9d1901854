"""Django signals about intake's signals, for the apps that intake and casework may not import.

`signal_corrected` is sent inside the transaction that changed a signal's municipality or forms
after intake (`casework.signal_changes`), with ``signal_id``, ``municipality_before`` (its CBS
code, "" when it was not known) and ``forms_before`` (the form codes). The insights count the
signal where it is now (`insights.corrections`). A correction of a person
(`casework.person_changes`) sends it too, with ``person_before``: the person's id and the age,
gender and nationality it was counted by.

`person_corrected` is sent inside the transaction that changed what a person's linkage encoding is
made from (name, date of birth, phone number, gender), with ``person_id`` and ``actor``: linkage
removes the old encoding, and its periodic step encodes and matches the person again.

Our habit is no Django signals for domain flow. This is the exception: the import contract
forbids casework to call insights, and the count must move in the change's own transaction
(under the insights watermark's lock), which an outbox read later cannot do without a race.
The service sends it by name, where the change is made, so what it causes stays readable there.
"""

from __future__ import annotations

from django.dispatch import Signal as Hook

signal_corrected = Hook()
person_corrected = Hook()
