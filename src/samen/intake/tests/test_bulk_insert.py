"""`insert_rows` and `ValueRows` store exactly what `bulk_create` stores, for every model on the intake write path."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import DataError, connection
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.bulk_insert import PreparedRows, ValueRows, insert_rows, insert_tables
from samen.geo.models import Municipality
from samen.intake.models import (
    IntakeOutbox,
    PersonIdentity,
    ReporterContact,
    Signal,
    SignalAnswer,
    SignalIndicator,
    SignalPerson,
)
from samen.testing.factories import OrganisationFactory
from samen.vault.fields import sealed_values

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
# Values that must differ between two rows (unique columns, random defaults, clock).
_DIFFER = {"id", "receipt_code", "idempotency_key", "vault_id", "created_at", "seq", "hash", "signal_id", "person_id"}


def _signal(organisation=None) -> Signal:
    n = next(_numbers)
    return Signal(
        receipt_code=f"MH-TEST-{n:04d}",
        secret_hash="a" * 64,
        channel="api",
        reporter_type="professional",
        what="Acht mannen slapen in een loods.",
        municipality=Municipality.objects.get(name="Westland"),
        place="Naaldwijk",
        when="sinds maart",
        acute_danger=True,
        sector="agriculture",
        organisation=organisation,
        organisation_reference="REF-7",
        idempotency_key=f"key-{n}",
        fingerprint="f" * 64,
    )


def _saved_signal(organisation=None) -> Signal:
    signal = _signal(organisation)
    Signal.objects.bulk_create([signal])
    return signal


def _person(signal) -> SignalPerson:
    return SignalPerson(
        signal=signal, role="victim", age="about 30", gender="female", nationality="Pools", consent=True, position=1
    )


def _identity(person) -> PersonIdentity:
    return PersonIdentity(
        person=person,
        name="Ana Popescu",
        birth_date=datetime.date(1994, 3, 14),
        phone="+31612345678",
        address="Kerkstraat 1",
        bsn="111222333",
    )


def _audit_entry() -> AuditEntry:
    n = next(_numbers)
    return AuditEntry(
        seq=10_000 + n,
        occurred_at=timezone.now().replace(microsecond=123456),
        actor_label="api-token:3",
        organisation_id=5,
        roles="api",
        action="write",
        object_type="signal",
        object_id="42",
        fields="signal,identity",
        purpose="intake",
        processing_code="P1",
        result="allowed",
        origin="intake.signal_submit.api",
        prev_hash="0" * 64,
        hash=f"{n:064d}",
    )


def _build(kind: str, organisation, count: int) -> list:
    """`count` equal unsaved instances of one model (parents saved), as the intake path builds them."""
    if kind == "signal":
        return [_signal(organisation) for _ in range(count)]
    if kind == "person":
        return [_person(_saved_signal(organisation)) for _ in range(count)]
    if kind == "identity":
        people = [_person(_saved_signal(organisation)) for _ in range(count)]
        SignalPerson.objects.bulk_create(people)
        return [_identity(person) for person in people]
    if kind == "contact":
        return [
            ReporterContact(signal=_saved_signal(organisation), name="Marieke", phone="0612345678", safe_way="sms")
            for _ in range(count)
        ]
    if kind == "indicator":
        return [SignalIndicator(signal=_saved_signal(), indicator_id="NL-AFH-01") for _ in range(count)]
    if kind == "answer":
        return [SignalAnswer(signal=_saved_signal(), question_key="documents") for _ in range(count)]
    if kind == "outbox":
        return [IntakeOutbox(signal=_saved_signal()) for _ in range(count)]
    if kind == "form":
        through = Signal.forms.through
        return [through(signal=_saved_signal(), exploitationform_id="ARBEID") for _ in range(count)]
    if kind == "audit":
        return [_audit_entry() for _ in range(count)]
    raise AssertionError(kind)


@pytest.mark.parametrize("rows", [1, 3], ids=["one row", "several rows"])
@pytest.mark.parametrize(
    "kind", ["signal", "person", "identity", "contact", "indicator", "answer", "outbox", "form", "audit"]
)
def test_insert_rows_stores_the_same_values_as_bulk_create(reference_data, kind, rows):
    # Several rows take another statement on PostgreSQL (UNNEST of column arrays).
    organisation = OrganisationFactory()
    ours, django = _build(kind, organisation, rows), _build(kind, organisation, 1)[0]
    model = type(django)
    insert_rows(ours)
    model.objects.bulk_create([django])

    assert all(obj.pk is not None and not obj._state.adding for obj in ours)
    assert len({obj.pk for obj in ours}) == rows
    stored_django = model.objects.get(pk=django.pk)
    compared = [f for f in model._meta.concrete_fields if f.attname not in _DIFFER]
    assert compared
    for obj in ours:
        stored = model.objects.get(pk=obj.pk)
        for field in compared:
            assert getattr(stored, field.attname) == getattr(stored_django, field.attname), field.name
        # The keys came back in the order of the instances: each stored row is the instance's own.
        own = [name for name in _DIFFER - {"id", "created_at"} if hasattr(obj, name)]
        assert own
        for name in own:
            assert getattr(stored, name) == getattr(obj, name), name


def test_identities_are_sealed_at_rest_under_the_reporting_organisations_key(reference_data):
    organisation = OrganisationFactory()
    person = _person(_saved_signal(organisation))
    SignalPerson.objects.bulk_create([person])
    insert_rows([_identity(person)])
    raw = PersonIdentity.objects.filter(person=person).values("name", "bsn", "bsn_index").get()
    assert raw["name"].text.startswith(f"v1.org{organisation.pk}:") and "Ana" not in raw["name"].text
    assert "111222333" not in raw["bsn"].text and raw["bsn_index"]


def test_many_rows_go_in_as_several_statements_and_all_get_their_keys(reference_data):
    signal = _saved_signal()
    answers = [SignalAnswer(signal=signal, question_key=f"q{n}") for n in range(2_500)]
    insert_rows(answers)
    assert len({a.pk for a in answers}) == 2_500
    stored = dict(SignalAnswer.objects.filter(signal=signal).values_list("pk", "question_key"))
    assert all(stored[a.pk] == a.question_key for a in answers)


def test_instances_with_and_without_keys_are_not_mixed(reference_data):
    signal = _saved_signal()
    with pytest.raises(ValueError, match="primary key"):
        insert_rows(
            [SignalAnswer(signal=signal, question_key="a"), SignalAnswer(pk=99, signal=signal, question_key="b")]
        )


def test_an_unsaved_parent_is_refused_like_bulk_create_does(reference_data):
    with pytest.raises(ValueError, match="unsaved related object"):
        insert_rows([SignalAnswer(signal=_signal(), question_key="a")])


def test_rows_prepared_apart_are_merged_into_one_insert_and_point_to_their_own_parents(reference_data):
    signals = [_signal(), _signal(), _signal()]
    parts = [PreparedRows([_person(s), _person(s)]) for s in signals[:2]] + [PreparedRows([])]
    merged = PreparedRows.merge(parts)
    insert_rows(signals)
    merged.insert()
    for signal in signals[:2]:
        assert SignalPerson.objects.filter(signal=signal).count() == 2
    assert not SignalPerson.objects.filter(signal=signals[2]).exists()


def test_rows_of_different_models_are_not_merged(reference_data):
    signal = _saved_signal()
    with pytest.raises(ValueError, match="one model"):
        PreparedRows.merge(
            [PreparedRows([_person(signal)]), PreparedRows([SignalAnswer(signal=signal, question_key="a")])]
        )


# ------------------------------------------------------------------ rows without instances


def _value_rows(kind: str, organisation, count: int) -> tuple[ValueRows, list]:
    """The rows `_build(kind, …)` makes as instances, as plain values pointing to saved parents."""
    if kind == "person":
        signals = [_saved_signal(organisation) for _ in range(count)]
        rows = ValueRows(SignalPerson, parent=PreparedRows(signals), parent_attname="signal_id")
        values = {"role": "victim", "age": "about 30", "gender": "female", "nationality": "Pools"}
        for n in range(count):
            rows.add({**values, "consent": True, "position": 1}, n)
        return rows, signals
    if kind == "identity":
        parents = PreparedRows([_person(_saved_signal(organisation)) for _ in range(count)])
        parents.insert()
        rows = ValueRows(PersonIdentity, parent=parents, parent_attname="person_id")
        scope = f"org{organisation.pk}"
        for n, person in enumerate(parents.objs):
            identity = _identity(person)
            plain = {name: getattr(identity, name) for name in ("name", "birth_date", "phone", "address", "bsn")}
            rows.add(sealed_values(PersonIdentity, plain, scope=scope), n)
        return rows, parents.objs
    signals = [_saved_signal(organisation) for _ in range(count)]
    model, values = {
        "contact": (ReporterContact, {"name": "Marieke", "phone": "0612345678", "safe_way": "sms"}),
        "indicator": (SignalIndicator, {"indicator_id": "NL-AFH-01"}),
        "answer": (SignalAnswer, {"question_key": "documents"}),
        "outbox": (IntakeOutbox, {}),
        "form": (Signal.forms.through, {"exploitationform_id": "ARBEID"}),
    }[kind]
    rows = ValueRows(model, parent=PreparedRows(signals), parent_attname="signal_id")
    for n in range(count):
        rows.add(sealed_values(model, values, scope=f"org{organisation.pk}") if kind == "contact" else values, n)
    return rows, signals


@pytest.mark.parametrize("rows", [1, 3], ids=["one row", "several rows"])
@pytest.mark.parametrize("kind", ["person", "identity", "contact", "indicator", "answer", "outbox", "form"])
def test_rows_given_as_values_store_the_same_as_bulk_create(reference_data, kind, rows):
    organisation = OrganisationFactory()
    ours, parents = _value_rows(kind, organisation, rows)
    django = _build(kind, organisation, 1)[0]
    model = type(django)
    model.objects.bulk_create([django])

    ours.insert()

    parent_attname = "person_id" if kind == "identity" else "signal_id"
    stored = list(model.objects.filter(**{f"{parent_attname}__in": [p.pk for p in parents]}))
    assert sorted(getattr(row, parent_attname) for row in stored) == sorted(p.pk for p in parents)
    stored_django = model.objects.get(pk=django.pk)
    compared = [f for f in model._meta.concrete_fields if f.attname not in _DIFFER]
    for row in stored:
        for field in compared:
            assert getattr(row, field.attname) == getattr(stored_django, field.attname), field.name
    if kind in ("identity", "contact"):
        # Sealed under the organisation's key, bound to their own row: they open through the model.
        raw = model.objects.filter(pk=stored[0].pk).values("name").get()["name"]
        assert raw.text.startswith(f"v1.org{organisation.pk}:")
        assert len({row.vault_id for row in stored}) == rows


def test_rows_given_as_values_read_their_keys_back_when_asked(reference_data):
    signal = _saved_signal()
    rows = ValueRows(SignalAnswer, parent=PreparedRows([signal]), parent_attname="signal_id", keys=True)
    for n in range(3):
        rows.add({"question_key": f"q{n}"}, 0)
    rows.insert()
    stored = dict(SignalAnswer.objects.filter(signal=signal).values_list("pk", "question_key"))
    assert [stored[rows.key(n)] for n in range(3)] == ["q0", "q1", "q2"]


def test_a_sealed_or_computed_field_must_be_given(reference_data):
    rows = ValueRows(PersonIdentity, parent=PreparedRows([]), parent_attname="person_id")
    with pytest.raises(ValueError, match="must be given"):
        rows.add({"name": "Ana Popescu"}, 0)


def test_a_row_without_its_parent_is_refused(reference_data):
    rows = ValueRows(SignalAnswer, parent=PreparedRows([]), parent_attname="signal_id")
    with pytest.raises(ValueError, match="parent"):
        rows.add({"question_key": "documents"})


def test_rows_whose_parent_is_not_inserted_yet_are_refused(reference_data):
    rows = ValueRows(SignalAnswer, parent=PreparedRows([_signal()]), parent_attname="signal_id")
    rows.add({"question_key": "documents"}, 0)
    with pytest.raises(ValueError, match="inserted first"):
        rows.insert()


def test_value_rows_prepared_apart_are_merged_and_point_to_their_own_parents(reference_data):
    signals = [[_signal(), _signal()], [_signal()]]
    parts = []
    for own in signals:
        parent = PreparedRows(own)
        answers = ValueRows(SignalAnswer, parent=parent, parent_attname="signal_id")
        for n in range(len(own)):
            answers.add({"question_key": f"q-{own[n].idempotency_key}"}, n)
        parts.append((parent, answers))
    merged_signals = PreparedRows.merge([parent for parent, _ in parts])
    merged = ValueRows.merge([answers for _, answers in parts], parent=merged_signals)

    merged_signals.insert()
    merged.insert()

    for signal in [s for own in signals for s in own]:
        assert list(SignalAnswer.objects.filter(signal=signal).values_list("question_key", flat=True)) == [
            f"q-{signal.idempotency_key}"
        ]


# ------------------------------------------------------------------ several tables at once


def _signal_values(signal: Signal) -> dict:
    """What is set on the unsaved signal; the rest (its key, the clock) as the database or default gives it."""
    values = {field.attname: getattr(signal, field.attname) for field in Signal._meta.concrete_fields}
    return {name: value for name, value in values.items() if value is not None}


def _tree(organisation, persons_per_signal: list[int]) -> tuple[ValueRows, ValueRows, ValueRows, ValueRows]:
    """Signals with their persons, an identity for each person and an answer for each signal."""
    signals = ValueRows(Signal, keys=True)
    persons = ValueRows(SignalPerson, parent=signals, parent_attname="signal_id", keys=True)
    identities = ValueRows(PersonIdentity, parent=persons, parent_attname="person_id")
    answers = ValueRows(SignalAnswer, parent=signals, parent_attname="signal_id")
    for n, count in enumerate(persons_per_signal):
        signals.add(_signal_values(_signal(organisation)))
        answers.add({"question_key": f"q-{n}"}, n)
        for position in range(count):
            person = persons.add(
                {"role": "victim", "age": f"{n}.{position}", "consent": position % 2 == 0, "position": position}, n
            )
            plain = {"name": f"Persoon {n}.{position}", "birth_date": datetime.date(1990, 1, 1 + position)}
            identities.add(sealed_values(PersonIdentity, plain, scope=f"org{organisation.pk}"), person)
    return signals, persons, identities, answers


def test_tables_inserted_together_point_to_their_own_parents_and_read_their_keys_back(reference_data):
    organisation = OrganisationFactory()
    signals, persons, identities, answers = _tree(organisation, [2, 0, 3])

    insert_tables([signals, persons, identities, answers])

    stored = {s.pk: s for s in Signal.objects.filter(pk__in=signals.keys)}
    assert [stored[key].receipt_code for key in signals.keys] == [row[0] for row in signals.rows]
    for n, key in enumerate(signals.keys):
        assert list(SignalAnswer.objects.filter(signal_id=key).values_list("question_key", flat=True)) == [f"q-{n}"]
        people = SignalPerson.objects.filter(signal_id=key).select_related("identity").order_by("position")
        assert [(p.age, p.consent, p.identity.name, p.identity.birth_date) for p in people] == [
            (f"{n}.{i}", i % 2 == 0, f"Persoon {n}.{i}", datetime.date(1990, 1, 1 + i)) for i in range(len(people))
        ]
    assert [len(SignalPerson.objects.filter(signal_id=key)) for key in signals.keys] == [2, 0, 3]
    assert sorted(persons.keys) == sorted(SignalPerson.objects.values_list("pk", flat=True))


def test_tables_inserted_together_store_what_they_store_one_by_one(reference_data):
    organisation = OrganisationFactory()
    together, one_by_one = _tree(organisation, [1, 2]), _tree(organisation, [1, 2])

    insert_tables(list(together))
    for table in one_by_one:
        table.insert()

    def stored(tables):
        signals, persons = tables[0].keys, tables[1].keys
        differ = _DIFFER | {"deidentified_at"}
        rows = []
        for model, keys in ((Signal, signals), (SignalPerson, persons)):
            fields = [f.attname for f in model._meta.concrete_fields if f.attname not in differ]
            rows += [row for key in keys for row in model.objects.filter(pk=key).values_list(*fields)]
        identities = PersonIdentity.objects.filter(person_id__in=persons).order_by("person_id")
        rows += [(i.name, i.birth_date, i.phone, i.bsn) for i in identities]
        return rows

    assert stored(together) == stored(one_by_one)


def test_a_json_field_goes_in_as_json_whatever_it_holds(reference_data):
    parts = [["", 'Zij zei: "Ik mag niet weg". 100% {x}'], ["place", "Café \\ ' – ü"], ["victim", ""]]
    signal = _signal(OrganisationFactory())
    signal.deidentified_parts = parts
    signals = ValueRows(Signal, keys=True)
    signals.add(_signal_values(signal))

    insert_tables([signals])

    assert Signal.objects.get(pk=signals.keys[0]).deidentified_parts == parts


def test_a_statement_given_to_run_after_the_rows_runs_in_the_same_go(reference_data):
    earlier = _saved_signal()
    signals, persons, *_ = _tree(OrganisationFactory(), [1])
    update = ("UPDATE intake_signal SET place = %s WHERE id = %s", ["Maasdijk", earlier.pk])

    insert_tables([signals, persons], then=update)

    earlier.refresh_from_db()
    assert earlier.place == "Maasdijk"
    assert Signal.objects.filter(pk=signals.keys[0]).exists()


def test_a_list_before_the_list_it_points_to_is_refused(reference_data):
    signals, persons, *_ = _tree(OrganisationFactory(), [1])
    with pytest.raises(ValueError, match="comes after"):
        insert_tables([persons, signals])


def test_a_value_too_long_for_its_column_is_refused_not_cut_short(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite does not enforce the length of a text column")
    signals, *_ = _tree(OrganisationFactory(), [0])
    signals.rows[0][0] = "MH-" + "X" * 40  # receipt_code holds 20 characters
    with pytest.raises(DataError):
        insert_tables([signals])
