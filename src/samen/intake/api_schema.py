"""The hand-written OpenAPI 3.1 document of the partner API. Tests check that every documented
field is accepted by the endpoint."""

from __future__ import annotations

import csv
import functools
from typing import Any

from django import forms
from django.conf import settings

from samen.intake.forms import ProfessionalPersonForm, ProfessionalSignalForm
from samen.intake.indicators import SITUATION_QUESTIONS, load_indicators
from samen.intake.models import Gender, PersonRole, PublicStatus, Sector
from samen.partners.reference import DATA_DIR

# A signal is about a situation, not a list of workers: more persons than this is a mistake.
MAX_PERSONS = 50

# Top-level fields of the request body that map one-to-one onto the professional form.
SIGNAL_FIELDS = (
    "what",
    "where",
    "where_unknown",
    "place",
    "when",
    "acute_danger",
    "reporter_type",
    "sector",
    "organisation_reference",
    "indicators",
    "answers",
    "language",
)

_str = {"type": "string"}

# The `code` of every error answer, for the client's program; `error` says it in words.
ERROR_CODES = (
    "invalid_input",  # with `fields` and `codes` per field, and `candidates` for `where`
    "invalid_json",
    "empty_body",
    "idempotency_key_required",
    "idempotency_conflict",
    "unauthorised",
    "not_found",
    "method_not_allowed",
    "unsupported_media_type",
    "body_too_large",
    "bad_request",
    "forbidden",
    "unavailable",
    "server_error",
)
# Every code a refused field can have in `codes`: Django's, the validators' and the API's own. The
# answer's schema lists them as an enum, so the API tests fail on a code that is not here.
FIELD_CODES = (
    # Any field
    "required", "invalid", "max_length", "null_characters_not_allowed", "wrong_type", "unknown_field",
    "repeated_field",
    # Choices and lists
    "invalid_choice", "too_many",
    # Where
    "unknown_municipality", "ambiguous_municipality",
    # Contact
    "no_way_to_reach",
    # Dates and ages
    "future", "partial", "two_digit_year", "nonexistent", "implausible_age", "age_range", "contradicts_birth_date",
    # BSN
    "invalid_format", "invalid_checksum", "same_bsn",
    # The organisation's own reference
    "looks_like_bsn", "looks_like_email",
    # Phone numbers
    "words", "too_short", "too_long", "invalid_length", "invalid_country_code", "country_code_missing",
    "country_code_ambiguous",
)  # fmt: skip
FIELD_CODES_DESCRIBED = (
    "Per field (a path such as persons[0].bsn), the codes of its messages in the same order:"
    " what a client program can act on. With unknown_municipality or ambiguous_municipality, see candidates."
)


@functools.cache
def _form_codes() -> list[str]:
    """The codes of the forms of exploitation, from the reference data the database is loaded from."""
    with (DATA_DIR / "exploitation_forms.csv").open(encoding="utf-8", newline="") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


# The contact's keys in the body, by the form field that checks each.
_CONTACT_FIELDS = {"name": "contact_name", "phone": "contact_phone", "email": "contact_email"}


def _limited(properties: dict[str, Any], form: type[forms.Form], names: dict[str, str] | None = None) -> dict[str, Any]:
    """The properties, each free-text one with the maxLength of the form field that checks it, so
    the document and the endpoint cannot disagree."""
    limited = {}
    for key, spec in properties.items():
        field = form.base_fields.get((names or {}).get(key, key))
        length = getattr(field, "max_length", None)
        if spec.get("type") == "string" and "enum" not in spec and length:
            spec = {**spec, "maxLength": length}
        limited[key] = spec
    return limited


def _person() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["role"],
        "properties": _limited(
            {
                "role": {"type": "string", "enum": list(PersonRole.values)},
                "age": {**_str, "description": "Approximate age or age band, e.g. 'about 20'."},
                "gender": {"type": "string", "enum": list(Gender.values)},
                "nationality": _str,
                "description": _str,
                "consent": {
                    "type": "boolean",
                    "description": (
                        "The person agrees to being reported. The web forms ask it of a possible victim and of"
                        " another person, not of a possible perpetrator; sent for one, it is stored as sent."
                    ),
                },
                "name": {**_str, "description": "Identifying; stored apart from the signal."},
                "birth_date": {
                    **_str,
                    "description": (
                        "Day first, the Dutch way (14-03-1998, 14/03/1998, 14031998, 14 maart 1998), or ISO"
                        " (1998-03-14, 19980314, 1998-03-14T00:00:00Z; a time is left out)."
                    ),
                },
                "phone": {**_str, "description": "Normalised to E.164; read as the contact's phone is."},
                "address": _str,
                "bsn": {**_str, "description": "Nine digits passing the eleven-test."},
                "health": {**_str, "description": "Health and care needs: special category data (AVG art. 9)."},
                "criminal_law": {**_str, "description": "Suspicions or convictions: criminal-law data (AVG art. 10)."},
            },
            ProfessionalPersonForm,
        ),
        "additionalProperties": False,
    }


def _signal() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["what"],
        "properties": _limited(
            {
                "what": {**_str, "description": "What was noticed, in free text."},
                "where": {
                    **_str,
                    "description": (
                        "Municipality name, CBS code (GM0363, also 0363) or postcode (1503 or 1503 AB). When a name"
                        " fits more than one municipality, the error lists them: send one of those names, or its CBS"
                        " code."
                        " Required, unless where_unknown is true."
                    ),
                },
                "where_unknown": {
                    "type": "boolean",
                    "description": (
                        "The reporter does not know in which municipality it is. `where` may then be left out. A"
                        " name in it that fits exactly one municipality still sets it; a name that fits none, or more"
                        " than one, is no error but kept in front of `place`, for whoever finds out, and the signal's"
                        " municipality is null."
                    ),
                },
                "place": _str,
                "when": {
                    **_str,
                    "description": (
                        "A date or a period in words. A whole date (day, month and year) may not lie in the future;"
                        " words, a month or a year are taken as written."
                    ),
                },
                "acute_danger": {
                    "type": "boolean",
                    "description": (
                        "Someone is in danger now. Samen is no emergency service and reaches none: call 112 first."
                        " The signal is marked acute for the organisation that handles it, and the answer carries a"
                        " notice saying so."
                    ),
                },
                "reporter_type": {
                    "type": "string",
                    "enum": ["self", "witness", "relative", "professional", ""],
                    "description": "Left out or empty: professional.",
                },
                "sector": {"type": "string", "enum": list(Sector.values)},
                "organisation_reference": {
                    **_str,
                    "description": "Your own reference for this signal: a case number, never a BSN or an e-mail "
                    "address (refused as looks_like_bsn, looks_like_email).",
                },
                "forms": {
                    "type": "array",
                    "items": {"type": "string", "enum": _form_codes()},
                    "description": "Codes of suspected forms of exploitation (in any case: 'arbeid' is ARBEID).",
                },
                "indicators": {
                    "type": "array",
                    "items": {"type": "string", "enum": [indicator.id for indicator in load_indicators()]},
                    "description": "Indicator ids, e.g. ILO-CD01 (in any case, as forms).",
                },
                "answers": {
                    "type": "array",
                    "items": {"type": "string", "enum": [question.key for question in SITUATION_QUESTIONS]},
                    "description": "Keys of situation questions answered yes.",
                },
                "language": {
                    "type": "string",
                    "enum": [*(code for code, _name in settings.LANGUAGES), ""],
                    "description": (
                        "The language in which the handling organisation can reply to the reporter, who reads its"
                        " messages on /status/ with the receipt and secret. Leave it out when it is not known."
                    ),
                },
                "persons": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}, "maxItems": MAX_PERSONS},
                "contact": {
                    "type": "object",
                    "description": "How the reporter may be reached: with a phone number or an e-mail address.",
                    "properties": _limited(
                        {
                            **{k: _str for k in ("name", "email", "safe_way", "safe_time")},
                            "phone": {
                                **_str,
                                "description": (
                                    "Normalised to E.164. A number without country code is read as Dutch; one that"
                                    " may also be a number of the country of the reporter's `language`, or a mobile"
                                    " number of another country of the public form's languages, is refused"
                                    " (country_code_missing, country_code_ambiguous): give it with its country code."
                                    " Without `language` (or with nl) a valid Dutch landline number stays Dutch,"
                                    " also when it is a mobile number elsewhere (0722 123 456 is a number in Alkmaar"
                                    " and a Romanian mobile number): send `language`, or the country code."
                                ),
                            },
                        },
                        ProfessionalSignalForm,
                        _CONTACT_FIELDS,
                    ),
                    "additionalProperties": False,
                },
            },
            ProfessionalSignalForm,
        ),
        "additionalProperties": False,
    }


def schema() -> dict[str, Any]:
    status = {
        "type": "object",
        "required": ["receipt", "status", "municipality"],
        "properties": {
            "receipt": {
                **_str,
                "description": "MH-XXXX-XXXX; read in any case, with or without the dashes.",
                "examples": ["MH-7KQ2-XW9D"],
            },
            "status": {
                "type": "string",
                "enum": list(PublicStatus.values),
                "description": (
                    "received: not yet taken up; being_handled: an organisation took it up; handled: both the victim"
                    " and the perpetrator track are closed."
                ),
            },
            "municipality": {
                "type": ["object", "null"],
                "required": ["name", "code"],
                "properties": {"name": _str, "code": {**_str, "description": "CBS code, e.g. GM0363."}},
                "description": (
                    "Where the signal was placed: the municipality `where` was read as. null for a signal whose"
                    " reporter did not know the town (`where_unknown`), until its owner sets it."
                ),
            },
            "notice": {
                **_str,
                "description": "With acute_danger: Samen reaches no emergency service; call 112 if that was not done.",
            },
            "secret": {
                **_str,
                "description": (
                    "Only in the answer to a POST, and to its retries within 7 days. Give it to the reporter with"
                    " the receipt: with both they follow the status and read messages on /status/. Do not store it."
                ),
            },
        },
    }
    json_of = lambda ref: {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}  # noqa: E731
    per_field = {"type": "object", "additionalProperties": {"type": "array", "items": _str}}
    error = {
        "type": "object",
        "required": ["error", "code"],
        "properties": {
            "error": {**_str, "description": "What went wrong, in words (Dutch or English); never repeats a value."},
            "code": {"type": "string", "enum": list(ERROR_CODES)},
            "fields": {**per_field, "description": "Per field (a path such as persons[0].bsn), its messages."},
            "codes": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string", "enum": list(FIELD_CODES)}},
                "description": FIELD_CODES_DESCRIBED,
            },
            "candidates": {
                "type": "array",
                "items": {"type": "object", "properties": {"name": _str, "code": _str}},
                "description": "With unknown_municipality or ambiguous_municipality: the municipalities meant, if any.",
            },
            "allowed": {"type": "array", "items": _str, "description": "With 405: the methods this path takes."},
        },
    }
    # Answers any path can give.
    common = {
        "405": {"description": "Another method than this path takes", "content": json_of("Error")},
        "503": {
            "description": "The audit log cannot be written, so nothing is done; retry after Retry-After seconds",
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
            "content": json_of("Error"),
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Samen intake API",
            "version": "1.0.0",
            "description": (
                "Error messages are in Dutch or English, as the Accept-Language header prefers; Dutch by default."
                " Every error has a stable `code`; a refused field has codes of its own under `codes`."
                " Idempotency: a key belongs to your organisation and does not expire. The same key with the same"
                " JSON value (key order, spacing and null members aside) answers 200 with the first answer; with any"
                " other value, an added default too, 422. Retrying is safe after a network error, a 5xx or a 503."
                " Send the body as UTF-8 JSON. Control characters in text (a NUL, an escape sequence) are removed"
                " before it is stored, not refused."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/signals/": {
                "post": {
                    "operationId": "createSignal",
                    "summary": "Report a signal on behalf of your organisation",
                    "parameters": [
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": True,
                            "schema": {"type": "string", "maxLength": 100},
                        }
                    ],
                    "requestBody": {"required": True, "content": json_of("Signal")},
                    "responses": {
                        "201": {"description": "Stored", "content": json_of("Status")},
                        "200": {
                            "description": "Retry with the same key and body",
                            "content": json_of("Status"),
                        },
                        "400": {"description": "Invalid input, per field", "content": json_of("Error")},
                        "401": {"description": "Missing or invalid token", "content": json_of("Error")},
                        "413": {"description": "The body is larger than the server takes", "content": json_of("Error")},
                        "415": {"description": "The body is not sent as application/json", "content": json_of("Error")},
                        "422": {"description": "Key reused with a different body", "content": json_of("Error")},
                        **common,
                    },
                }
            },
            "/signals/{receipt}/": {
                "get": {
                    "operationId": "getSignalStatus",
                    "summary": "Coarse status of a signal your organisation reported",
                    "parameters": [{"name": "receipt", "in": "path", "required": True, "schema": _str}],
                    "responses": {
                        "200": {"description": "Status", "content": json_of("Status")},
                        "401": {"description": "Missing or invalid token", "content": json_of("Error")},
                        "404": {"description": "Not a signal of your organisation", "content": json_of("Error")},
                        **common,
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Signal": _signal(), "Person": _person(), "Status": status, "Error": error},
        },
    }
