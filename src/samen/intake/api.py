"""The partner API: `POST /api/v1/signals/`, `GET /api/v1/signals/<receipt>/`, the OpenAPI document.

JSON is validated with the same Django forms as the web pages and stored by the same service.
Messages come in Dutch or English, as the client prefers (Accept-Language), Dutch by default, the
top-level ones as well as the per-field ones of the forms.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.csrf import csrf_exempt

from samen import audit
from samen.intake import selectors, services
from samen.intake.api_schema import MAX_PERSONS, SIGNAL_FIELDS, schema
from samen.intake.fields import reporters_language
from samen.intake.forms import (
    ProfessionalPersonForm,
    ProfessionalSignalForm,
    repeated_bsns,
    same_bsn_message,
    validation_only,
)
from samen.intake.models import ApiToken, Channel, ReporterType

# The web pages' forms, without a copy of every field per request: the API never renders them.
SignalForm = validation_only(ProfessionalSignalForm)
# A partner system has no "not known" box to tick: its message asks for the place alone.
SignalForm.base_fields["where"] = copy.copy(SignalForm.base_fields["where"])
SignalForm.base_fields["where"].error_messages = {
    **SignalForm.base_fields["where"].error_messages,
    "required": gettext_lazy("Enter a municipality or a postcode."),
}
PersonForm = validation_only(ProfessionalPersonForm)


def _error(status: int, code: str, message: str, **extra: Any) -> JsonResponse:
    """An error answer: `code` for the client's program (`api_schema.ERROR_CODES`), `message` for
    its developer."""
    return JsonResponse({"error": message, "code": code, **extra}, status=status)


class _Problems:
    """Per field (a path such as persons[0].bsn), its messages and, in the same order, their codes."""

    def __init__(self) -> None:
        self.messages: dict[str, list[str]] = {}
        self.codes: dict[str, list[str]] = {}
        self.candidates: list[dict[str, str]] = []

    def add(self, path: str, code: str, message: str) -> None:
        self.messages.setdefault(path, []).append(message)
        self.codes.setdefault(path, []).append(code)

    def drop(self, path: str) -> None:
        self.messages.pop(path, None)
        self.codes.pop(path, None)

    def __bool__(self) -> bool:
        return bool(self.messages)

    def answer(self) -> JsonResponse:
        extra: dict[str, Any] = {"fields": self.messages, "codes": self.codes}
        if self.candidates:
            extra["candidates"] = self.candidates
        return _error(400, "invalid_input", _("Invalid input."), **extra)


def _invalid(path: str, code: str, message: str) -> JsonResponse:
    problems = _Problems()
    problems.add(path, code, message)
    return problems.answer()


def _token(request: HttpRequest) -> ApiToken | None:
    # META rather than request.headers: building the headers mapping copies every header.
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _space, raw = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return selectors.api_token_get(raw.strip())


def _allow(*methods: str):
    """Only these methods; any other gets a JSON 405 with the Allow header.

    Every API view is exempt from CSRF: a client authenticates with its bearer token, never with
    a session cookie, so there is no cookie to forge a request with, and a wrong method must
    answer 405, not a CSRF page meant for forms.
    """

    # HEAD wherever GET is allowed (RFC 9110); the web server sends no body with it. OPTIONS
    # answers which methods a path takes, with no token needed, as Django's own views do.
    methods = (*methods, "HEAD") if "GET" in methods else methods
    methods = (*methods, "OPTIONS")

    def decorate(view):
        @functools.wraps(view)
        def allowed(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Allow"] = ", ".join(methods)
                return response
            if request.method not in methods:
                response = _error(
                    405, "method_not_allowed", _("This method is not allowed here."), allowed=list(methods)
                )
                response["Allow"] = ", ".join(methods)
                return response
            return view(request, *args, **kwargs)

        return csrf_exempt(allowed)

    return decorate


def _unauthorised() -> JsonResponse:
    response = _error(401, "unauthorised", _("A valid bearer token is required."))
    response["WWW-Authenticate"] = 'Bearer realm="samen"'
    return response


def _in_capitals(codes: Any) -> Any:
    """Codes are capitals ("ARBEID", "ILO-CD01"); a partner system that sends "arbeid" means the same."""
    if isinstance(codes, list):
        return [code.strip().upper() if isinstance(code, str) else code for code in codes]
    return codes


def _form_data(body: dict[str, Any]) -> dict[str, Any]:
    """Map the JSON body onto the field names of the professional form."""
    data: dict[str, Any] = {}
    for name in SIGNAL_FIELDS:
        if name in body and body[name] is not None:
            value = body[name]
            data[name] = ("on" if value else "") if isinstance(value, bool) else value
    if body.get("forms") is not None:  # null is "not given", as for every other field
        data["exploitation_forms"] = _in_capitals(body["forms"])
    if "indicators" in data:
        data["indicators"] = _in_capitals(data["indicators"])
    if "contact" in body and isinstance(body["contact"], dict):
        contact = body["contact"]
        data["contact_choice"] = "contact"
        for key in ("name", "phone", "email"):
            data[f"contact_{key}"] = contact.get(key, "")
        for key in ("safe_way", "safe_time"):
            data[key] = contact.get(key, "")
    data.setdefault("reporter_type", ReporterType.PROFESSIONAL)
    return data


class _Data(dict):
    """A dict with `getlist`, so Django's multiple-choice widgets read JSON lists."""

    def getlist(self, key: str, default: Any = None) -> list:
        value = self.get(key, default if default is not None else [])
        return value if isinstance(value, list) else [value]


# The forms' field names as the request body spells them.
_BODY_NAMES = {
    "exploitation_forms": "forms",
    "__all__": "non_field_errors",
    **{f"contact_{key}": f"contact.{key}" for key in ("name", "phone", "email")},
    **{key: f"contact.{key}" for key in ("safe_way", "safe_time")},
}


def _where_message(code: str, candidates: list[tuple[Any, str]]) -> str:
    names = ", ".join(name for _municipality, name in candidates)
    if code == "ambiguous_municipality":
        return _("More than one municipality fits: %(names)s. Send one of these names, or its CBS code.") % {
            "names": names
        }
    unknown = _("No municipality is known by this name, CBS code or postcode.")
    if not candidates:
        return unknown
    question = _("Did you mean %(names)s?") % {"names": names}
    return f"{unknown} {question}"


def _api_message(problem, code: str, form, name: str = "") -> str:
    """The form's message, or for the API one that does not repeat the value sent: a mapping
    mistake must not copy a name or a BSN into the partner's logs."""
    if code == "invalid_choice" and (index := _position_in_list(form, name, problem)) is not None:
        return _(
            "Item %(index)d of this list (counting from 0) is not a value this field takes; the OpenAPI document"
            " lists them."
        ) % {"index": index}
    if code == "no_way_to_reach":
        # The form's wording offers a choice of "anonymous" that the API makes by leaving contact out.
        return _("Give a phone number or an e-mail address, or leave contact out.")
    if code in ("unknown_municipality", "ambiguous_municipality"):
        return _where_message(code, getattr(form, "where_candidates", []))
    if code == "invalid_choice":
        return _("This value is not one this field takes; the OpenAPI document lists them.")
    if code in ("country_code_missing", "country_code_ambiguous"):
        return _(
            "This number has no country code and may be from more than one country. Send it with its country code."
        )
    if code == "contradicts_birth_date":
        return _("The approximate age does not fit the date of birth. Correct one of them, or leave the age out.")
    return problem.messages[0]


def _position_in_list(form, name: str, problem) -> int | None:
    """Where in a list of codes ("forms", "indicators") the refused one stands, by its position only."""
    sent = form.data.get(name) if name else None
    value = (problem.params or {}).get("value")
    if not isinstance(sent, list) or value is None:
        return None
    return next((n for n, item in enumerate(sent) if item == value), None)


def _errors(form, problems: _Problems, prefix: str = "") -> None:
    for name, errors in form.errors.as_data().items():
        for problem in errors:
            code = problem.code or "invalid"
            path = "contact" if code == "no_way_to_reach" else f"{prefix}{_BODY_NAMES.get(name, name)}"
            problems.add(path, code, _api_message(problem, code, form, name))
            if code in ("unknown_municipality", "ambiguous_municipality"):
                problems.candidates = [
                    {"name": label, "code": municipality.code}
                    for municipality, label in getattr(form, "where_candidates", [])
                ]


@functools.cache
def _described_properties() -> tuple[dict[str, Any], dict[str, Any]]:
    """The properties of a signal and of a person in the OpenAPI document."""
    schemas = schema()["components"]["schemas"]
    return schemas["Signal"]["properties"], schemas["Person"]["properties"]


@functools.cache
def _described_fields() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The field names of a signal, a person and a contact in the OpenAPI document."""
    signal, person = _described_properties()
    return frozenset(signal), frozenset(person), frozenset(signal["contact"]["properties"])


_JSON_TYPES = {"string": str, "boolean": bool, "array": list, "object": dict}
_TYPE_MESSAGES = {
    "string": gettext_noop("Must be a string."),
    "boolean": gettext_noop("Must be true or false."),
    "array": gettext_noop("Must be a list."),
    "object": gettext_noop("Must be an object."),
}


def _type_errors(value: dict[str, Any], properties: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Values whose JSON type is not the one the OpenAPI document gives (null counts as absent).

    The forms would read any value as text or as true, so `{"what": {"a": 1}}` would be stored
    as the text "{'a': 1}" and `"consent": "nee"` as consent given.
    """
    errors: dict[str, str] = {}
    for name, spec in properties.items():
        item = value.get(name)
        if item is None or spec.get("type") not in _JSON_TYPES:
            continue
        if not isinstance(item, _JSON_TYPES[spec["type"]]):
            errors[f"{prefix}{name}"] = _(_TYPE_MESSAGES[spec["type"]])
        elif spec["type"] == "array" and spec["items"].get("type") == "string":
            if not all(isinstance(element, str) for element in item):
                errors[f"{prefix}{name}"] = _("Must be a list of strings.")
    return errors


@functools.cache
def _top_level_properties() -> dict[str, Any]:
    """A signal's properties other than its persons, which are checked one by one."""
    return {k: v for k, v in _described_properties()[0].items() if k != "persons"}


def _wrong_types(body: dict[str, Any]) -> dict[str, str]:
    signal, person = _described_properties()
    errors = _type_errors(body, _top_level_properties())
    contact = body.get("contact")
    if isinstance(contact, dict):
        errors.update(_type_errors(contact, signal["contact"]["properties"], "contact."))
    for n, raw in enumerate(body.get("persons") or []):
        errors.update(_type_errors(raw, person, f"persons[{n}]."))
    return errors


def _without(body: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """`body` without the values at `fields` ("what", "contact.phone", "persons[0].age"); copies,
    never changes `body`."""
    body = {**body, "persons": [dict(p) for p in body.get("persons") or []]}
    if isinstance(body.get("contact"), dict):
        body["contact"] = dict(body["contact"])
    for name in fields:
        if name in body:  # a name of the body itself, also one spelled as a path ("contact.phone")
            body.pop(name)
        elif match := re.fullmatch(r"persons\[(\d+)\]\.(.+)", name, re.DOTALL):
            body["persons"][int(match.group(1))].pop(match.group(2), None)
        elif name.startswith("contact.") and isinstance(body.get("contact"), dict):
            body["contact"].pop(name.removeprefix("contact."), None)
    return body


def _without_nulls(value: Any) -> Any:
    """`value` without the members that are null: null is the same as leaving a field out, so a
    retry that spells a field as null is the same request, not another one (422)."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _unknown_fields(body: dict[str, Any]) -> list[str]:
    """Names the OpenAPI document does not describe: a typo must not silently drop data."""
    signal_fields, person_fields, contact_fields = _described_fields()
    unknown = sorted(set(body) - signal_fields)
    for n, person in enumerate(body.get("persons") or []):
        if isinstance(person, dict):
            unknown += [f"persons[{n}].{k}" for k in sorted(set(person) - person_fields)]
    contact = body.get("contact")
    if isinstance(contact, dict):
        unknown += [f"contact.{k}" for k in sorted(set(contact) - contact_fields)]
    return unknown


class _ObjectWithRepeatedNames(dict):
    """A JSON object in which `repeated` names were given more than once."""

    repeated: list[str]


def _object_noting_repeated_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict that remembers a name given twice: `json` would keep the last value
    and drop the first without a word (`{"what": "a", "what": "b"}` stored only "b")."""
    counts = Counter(name for name, _value in pairs)
    if len(counts) == len(pairs):
        return dict(pairs)
    found = _ObjectWithRepeatedNames(pairs)
    found.repeated = sorted(name for name, n in counts.items() if n > 1)
    return found


def _repeated_names(value: Any, path: str = "") -> list[str]:
    """Where names were repeated, as the field paths of the answer ("persons[0].role")."""
    found: list[str] = []
    if isinstance(value, dict):
        found += [f"{path}{name}" for name in getattr(value, "repeated", [])]
        for name, inner in value.items():
            found += _repeated_names(inner, f"{path}{name}.")
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            found += _repeated_names(inner, f"{path[:-1]}[{n}].")
    return found


def _json_integer(digits: str) -> int | Decimal:
    """An integer of the body; one longer than Python converts (4,300 digits) as a Decimal, which
    the type check then refuses for its field, instead of calling the whole body invalid JSON."""
    try:
        return int(digits)
    except ValueError:
        return Decimal(digits)


@_allow("POST")
def signal_create(request: HttpRequest) -> JsonResponse:
    token = _token(request)
    if token is None:
        return _unauthorised()
    if request.content_type != "application/json" and not request.content_type.endswith("+json"):
        return _error(
            415, "unsupported_media_type", _("Send the body as JSON, with the header Content-Type: application/json.")
        )
    key = request.META.get("HTTP_IDEMPOTENCY_KEY", "").strip()
    # No control characters: PostgreSQL refuses a NUL in the stored payload, which answered 500 (found in review).
    if not key or len(key) > 100 or not key.isprintable():
        message = _("The Idempotency-Key header is required: at most 100 characters, without control characters.")
        return _error(400, "idempotency_key_required", message)
    try:
        raw = request.body
    except RequestDataTooBig:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        message = _("The body is larger than %(limit)d kB, the most a signal may take.") % {"limit": limit}
        return _error(413, "body_too_large", message)
    if not raw.strip():
        # Django reads only the bytes Content-Length announces, so a chunked body arrives empty too.
        message = _("The body is empty. Send the signal as a JSON object, with a Content-Length header.")
        return _error(400, "empty_body", message)
    try:
        body = json.loads(raw, object_pairs_hook=_object_noting_repeated_names, parse_int=_json_integer)
        repeated = _repeated_names(body)
    except UnicodeDecodeError:
        # Latin-1 from an older system: "not valid JSON" sent its developer looking at the syntax.
        return _error(400, "invalid_json", _("The body is not valid UTF-8. Send the JSON encoded as UTF-8."))
    except ValueError:
        return _error(400, "invalid_json", _("The body is not valid JSON."))
    except RecursionError:
        # Valid JSON, but nested deeper than Python's parser goes (`[[[[...]]]]`): no signal is.
        return _error(400, "invalid_json", _("The body is nested too deeply."))
    if repeated:
        problems = _Problems()
        for name in repeated:
            problems.add(name, "repeated_field", _("This field is given more than once; only one value can be stored."))
        return problems.answer()
    if not isinstance(body, dict):
        return _error(400, "invalid_json", _("The body must be a JSON object."))
    try:
        fingerprint = services.fingerprint_of(_without_nulls(body))
    except UnicodeEncodeError:
        # JSON can escape half of a UTF-16 pair ("\ud800"); no text column can store it.
        message = _("The body holds text that is not valid UTF-8 (an unpaired \\uD800-\\uDFFF escape).")
        return _error(400, "invalid_json", message)
    # `{}`, `""` or `0` for the persons is a mapping mistake, not "no persons": it would drop them unseen.
    persons_raw = [] if body.get("persons") is None else body["persons"]
    if not isinstance(persons_raw, list) or not all(isinstance(p, dict) for p in persons_raw):
        return _invalid("persons", "wrong_type", _("Must be a list of objects."))
    if len(persons_raw) > MAX_PERSONS:
        return _invalid("persons", "too_many", _("At most %(count)d persons per signal.") % {"count": MAX_PERSONS})
    # Unknown fields and values of the wrong type are left out and the rest is checked too, so that
    # one answer names every field to correct, not these first and the rest after they are fixed.
    unknown = _unknown_fields(body)
    wrong_types = _wrong_types(body)
    body = _without(body, [*unknown, *wrong_types])
    persons_raw = body.get("persons") or []

    problems = _Problems()
    form = SignalForm(_Data(_form_data(body)))
    language = body.get("language")
    language = language if isinstance(language, str) else ""
    with reporters_language(language):
        if not form.is_valid():
            _errors(form, problems)
    persons = []
    bsns: list[str | None] = [None] * len(persons_raw)
    for n, raw in enumerate(persons_raw):
        role = raw.get("role")
        if role is None:
            problems.add(f"persons[{n}].role", "required", _("This field is required."))
            continue
        if role not in ("victim", "perpetrator", "other"):
            problems.add(f"persons[{n}].role", "invalid_choice", _("Must be one of victim, perpetrator, other."))
            continue
        # "true"/"false" as the form's radio buttons send them: consent refused is an answer, not "not asked".
        data = {k: (("true" if v else "false") if isinstance(v, bool) else v) for k, v in raw.items() if v is not None}
        person = PersonForm(data, role=role, prefix="")
        with reporters_language(language):  # a person's phone, as the contact's, for the reporter's language
            valid = person.is_valid()
        bsns[n] = person.cleaned_data.get("bsn")
        if valid:
            persons.append(person.to_input())
        else:
            _errors(person, problems, f"persons[{n}].")
    # One BSN is one person's, also beside other problems: one answer names every field to correct.
    for later, first in repeated_bsns(bsns).items():
        problems.add(f"persons[{later}].bsn", "same_bsn", same_bsn_message(f"persons[{first}]"))
    if any(name.startswith("contact.") for name in wrong_types):
        problems.drop("contact")  # "give a phone number": it was given, of the wrong type
    for name, message in wrong_types.items():
        problems.drop(name)
        problems.add(name, "wrong_type", message)
    for name in unknown:
        problems.add(name, "unknown_field", _("Unknown field."))
    if problems:
        return problems.answer()

    organisation = token.organisation
    try:
        result = services.signal_submit(
            data=form.to_signal_input(persons, organisation=organisation),
            channel=Channel.API,
            # The token is the actor of the audit entry; the signal links to no user.
            actor=token,
            idempotency_key=f"api:{organisation.pk}:{key}",
            fingerprint=fingerprint,
        )
    except services.IdempotencyConflict:
        message = _("This Idempotency-Key was used before with a different request body.")
        return _error(422, "idempotency_conflict", message)
    answer = _status(result.receipt, result.public_status, form.cleaned_data["where"])
    if result.secret:  # for the reporter, who follows the status on /status/ with it
        answer["secret"] = result.secret
    if form.cleaned_data.get("acute_danger"):
        answer["notice"] = _("Samen reaches no emergency service. If someone is in danger now, call 112.")
    return JsonResponse(answer, status=201 if result.created else 200)


def _status(receipt: str, status: str, municipality) -> dict[str, Any]:
    return {
        "receipt": receipt,
        "status": status,
        # null for a signal whose reporter did not know where (the web forms allow it)
        "municipality": {"name": municipality.name, "code": municipality.code} if municipality else None,
    }


@_allow("GET")
def signal_status(request: HttpRequest, receipt: str) -> JsonResponse:
    token = _token(request)
    if token is None:
        return _unauthorised()
    signal = selectors.signal_for_organisation(token.organisation, receipt)
    audit.record(
        actor=token,
        action=audit.Action.READ,
        object_type="signal",
        object_id=signal.pk if signal is not None else "",
        fields=["signal_status"],
        activity=audit.INTAKE,
        result=audit.Result.ALLOWED if signal is not None else audit.Result.DENIED,
        origin="api.signal_status",
    )
    if signal is None:
        return _error(404, "not_found", _("No signal of your organisation has this receipt code."))
    return JsonResponse(_status(signal.receipt_code, signal.public_status, signal.municipality))


@_allow("GET")
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(schema(), json_dumps_params={"ensure_ascii": False})
