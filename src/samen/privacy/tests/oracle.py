"""The authorisation oracle: who may open which page, written down apart from the implementation.

This file is data, to be read by the partners' privacy officers; `test_authorisation_matrix.py`
requests every URL pattern of the site for every role (and anonymous) and every object scope
and compares the answer with this table. A route missing here fails the test with the line to add.

Roles: the eight of `accounts.Role`; personas all work at one organisation `P` ("persona").
Scopes for signal pages (see `world.py`): own, shared (agreement in force), expired, revoked,
other, reported (P reported it), unknown (no such id).

Rules:
- PUBLIC: everyone, anonymous too.
- LOGIN: every professional with a verified (password + TOTP) session; anonymous is sent to login.
- roles(...): only these roles; every other role is refused, anonymous is sent to login.
- signal(TABLE): a page about one signal: allowed for exactly the (role, scope) pairs in TABLE.
- NOBODY: no persona may open it (admin: no persona is staff; API: bearer tokens only).
- skip(reason): classified but not requested here, with the reason (tested elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass, field

CW, CO, TM, IO = "case_worker", "coordinator", "table_member", "intake_officer"
AN, PO, OA, NA = "analyst", "privacy_officer", "organisation_admin", "national_admin"
ALL_ROLES = (IO, CW, CO, TM, AN, PO, OA, NA)
RECORD_ROLES = (IO, CW, CO, TM)
SCOPES = ("own", "shared", "expired", "revoked", "other", "reported", "unknown")
# Scopes of the other objects (actions, cases, routing rules, tables, links, persons): the object
# belongs to P, to A (active agreement with P), B (expired), C (revoked), D (none), or does not exist.
# Of a sharing agreement: P's own, the one with A, B or C, one between A and D only, or none.
OBJECT_SCOPES = ("own", "shared", "expired", "revoked", "other", "unknown")


@dataclass(frozen=True)
class Rule:
    kind: str  # public | login | roles | signal | nobody | skip
    roles: tuple = ()
    table: dict = field(default_factory=dict)
    method: str = "get"
    reason: str = ""
    obj: str = "signal"  # signal | action | case | routing_rule | table | link | person | agreement


PUBLIC = Rule("public")
LOGIN = Rule("login")
NOBODY = Rule("nobody")


def roles(*names: str, method: str = "get") -> Rule:
    return Rule("roles", roles=tuple(names), method=method)


def signal(table: dict, method: str = "get") -> Rule:
    return Rule("signal", table=table, method=method)


def on(obj: str, table: dict, method: str = "get") -> Rule:
    """A page about one object of kind `obj`: allowed for exactly the (role, scope) pairs in TABLE."""
    return Rule("signal", table=table, method=method, obj=obj)


def skip(reason: str) -> Rule:
    return Rule("skip", reason=reason)


# Who sees that a signal exists and its status (casework's signal page).
SEE_SIGNAL = {
    IO: {"own", "reported"},
    CW: {"own", "reported"},
    CO: {"own", "reported"},
    TM: {"own", "shared", "reported"},
}
# Who changes a signal's tracks: case workers and coordinators of the owning organisation.
CHANGE_SIGNAL = {CW: {"own"}, CO: {"own"}}
# Breaking the glass: any professional who works on records, for any existing signal.
BREAK_GLASS = {role: set(SCOPES) - {"unknown"} for role in RECORD_ROLES}
# Casework objects (an action, a case) of the own organisation: its case workers and coordinators.
OWN_WORK = {CW: {"own"}, CO: {"own"}}
# Routing rules are one national set: coordinators and the national administrator edit any of them.
EXISTING = set(OBJECT_SCOPES) - {"unknown"}
EDIT_ROUTING = {CO: EXISTING, NA: EXISTING}
# A signal table: the seated roles (table member, coordinator, case worker) of a member organisation
# read it; table members and coordinators record what it decides. P sits only at the "own" table.
SEE_TABLE = {TM: {"own"}, CO: {"own"}, CW: {"own"}}
MANAGE_MEETING = {TM: {"own"}, CO: {"own"}}
# A possible link: case workers and coordinators of the two organisations of the link, nobody else.
SEE_LINK = {CW: {"own"}, CO: {"own"}}
# The subject access export of a person: the privacy officer of an organisation that holds the signal,
# i.e. owns a track of it or reported it (the identity is kept under the reporting organisation's key;
# `vault.subject_access.signals_held_by`).
EXPORT_PERSON = {PO: {"own", "reported"}}
# A sharing agreement: the privacy officer of one of its parties opens, changes and revokes it; P is a
# party to the agreements of the scopes own, shared, expired and revoked, not to "other" (A and D).
MANAGE_AGREEMENT = {PO: {"own", "shared", "expired", "revoked"}}

ROUTES: dict[str, Rule] = {
    # Accounts
    "account/inloggen/": PUBLIC,
    "account/inloggen/code/": LOGIN,
    "account/inloggen/app-koppelen/": LOGIN,
    "account/bevestigen/": LOGIN,
    "account/uitloggen/": skip("ends the session; tested in accounts/tests/test_login.py"),
    "account/actief/": Rule("login", method="post"),  # the session timer's keep-alive (204)
    "account/": LOGIN,
    "i18n/setlang/": skip("POST-only language switch; holds no data"),
    # Public pages
    "": PUBLIC,
    "healthz": PUBLIC,
    "melden/": PUBLIC,
    "melden/ontvangen/": PUBLIC,
    "status/": PUBLIC,
    "melden/professioneel/": LOGIN,
    # The own organisation's reported signals, their status: whoever works on records.
    "melden/gemeld/": roles(IO, CW, CO, TM),
    # Partner map
    "partners/": PUBLIC,
    "partners/dekking/": PUBLIC,
    "partners/regio/": PUBLIC,
    "partners/regio/<str:code>/": PUBLIC,
    "partners/organisatie/<slug:slug>/": PUBLIC,
    "partners/organisatie/<slug:slug>/bewerken/": roles(OA, NA),
    "partners/organisatie/<slug:slug>/contactpunt/nieuw/": roles(OA, NA),
    "partners/organisatie/<slug:slug>/contactpunt/<int:pk>/": roles(OA, NA),
    "partners/organisatie/<slug:slug>/contactpunt/<int:pk>/verwijderen/": skip(
        "deletes the contact point; tested in partners/tests/test_editing.py"
    ),
    # An organisation's API tokens: its administrator and the national administrator (who creates none)
    "api-koppelingen/<slug:slug>/": roles(OA, NA),
    "api-koppelingen/<slug:slug>/<int:pk>/intrekken/": skip(
        "a token of the organisation by its number; who may is tested in intake/tests/test_api_tokens.py"
    ),
    # Insights: aggregates only
    "inzicht/": roles(AN, CO, TM, NA),
    "inzicht/tabel/": roles(AN, CO, TM, NA),
    "inzicht/kaart/": roles(AN, CO, TM, NA),
    "inzicht/vergelijken/": roles(AN, CO, TM, NA),
    "inzicht/waterbed/": roles(AN, CO, TM, NA),
    "inzicht/waterbed/interventie/": roles(CO, NA),
    "inzicht/kpi/": roles(AN, CO, TM, NA),
    # Casework
    "werk/": roles(CW, CO),
    "werk/signaal/<int:pk>/": signal(SEE_SIGNAL),
    "werk/signaal/<int:pk>/wijzigen/": signal(CHANGE_SIGNAL),
    # Correcting a person, identity included: the same case workers and coordinators (policy CHANGE of
    # identifying data, which the owners' other roles do not have).
    "werk/signaal/<int:pk>/persoon/<int:person_pk>/wijzigen/": signal(CHANGE_SIGNAL),
    "werk/signaal/<int:pk>/persoon/nieuw/": signal(CHANGE_SIGNAL),
    "werk/signaal/<int:pk>/spoor/<int:track_pk>/overgang/": signal(CHANGE_SIGNAL, method="post"),
    "werk/signaal/<int:pk>/spoor/<int:track_pk>/actie/": signal(CHANGE_SIGNAL, method="post"),
    "werk/signaal/<int:pk>/spoor/<int:track_pk>/notitie/": signal(CHANGE_SIGNAL, method="post"),
    "werk/signaal/<int:pk>/spoor/<int:track_pk>/tafel/": signal(CHANGE_SIGNAL, method="post"),
    "werk/signaal/<int:pk>/melder/": signal(CHANGE_SIGNAL, method="post"),
    "werk/signaal/<int:pk>/casus/": signal(CHANGE_SIGNAL, method="post"),
    "werk/signaal/<int:pk>/opnieuw-routeren/": signal(CHANGE_SIGNAL, method="post"),
    "werk/actie/<int:pk>/klaar/": on("action", OWN_WORK, method="post"),
    "werk/acties/": roles(CW, CO),
    "werk/meldingen/": LOGIN,
    "werk/meldingen/gelezen/": skip("POST marks the user's own notifications read; holds no data"),
    "werk/casussen/": roles(CW, CO),
    "werk/casussen/<int:pk>/": on("case", OWN_WORK),
    "werk/casussen/<int:pk>/signaal/<int:signal_pk>/verwijderen/": on("case", OWN_WORK, method="post"),
    "werk/routering/": roles(CO, NA),
    "werk/routering/nieuw/": roles(CO, NA),
    "werk/routering/<int:pk>/": on("routing_rule", EDIT_ROUTING),
    # Signaaltafel (meetings): one table per scope, with a planned meeting and the scope's signal on its agenda
    "tafel/": LOGIN,
    "tafel/<slug:table>/": on("table", SEE_TABLE),
    "tafel/<slug:table>/overleg/<int:meeting>/": on("table", SEE_TABLE),
    "tafel/<slug:table>/overleg/<int:meeting>/agenda/": on("table", MANAGE_MEETING, method="post"),
    "tafel/<slug:table>/overleg/<int:meeting>/gehouden/": on("table", MANAGE_MEETING, method="post"),
    "tafel/<slug:table>/overleg/<int:meeting>/vaststellen/": on("table", MANAGE_MEETING, method="post"),
    "tafel/<slug:table>/overleg/<int:meeting>/notulen/": on("table", SEE_TABLE),
    "tafel/<slug:table>/overleg/<int:meeting>/punt/<int:item>/besluit/": on("table", MANAGE_MEETING, method="post"),
    "tafel/<slug:table>/overleg/<int:meeting>/punt/<int:item>/actie/": on("table", MANAGE_MEETING, method="post"),
    # Privacy
    "privacy/convenanten/": roles(PO),
    "privacy/convenanten/nieuw/": roles(PO),
    "privacy/convenanten/<int:pk>/": on("agreement", MANAGE_AGREEMENT),
    "privacy/convenanten/<int:pk>/intrekken/": on("agreement", MANAGE_AGREEMENT, method="post"),
    "privacy/doorbraak/": roles(PO),
    "privacy/doorbraak/<int:pk>/beoordelen/": roles(PO, method="post"),
    # Legal holds (retention): privacy officers, on the signals their organisation holds; another
    # organisation's officer is refused in retention/tests/test_holds_pages.py
    "privacy/bewaarplicht/": roles(PO),
    "privacy/bewaarplicht/<int:pk>/opheffen/": roles(PO, method="post"),
    "werk/doorbraak/": roles(*RECORD_ROLES),
    # Audit and subject access: privacy officers
    "audit/": roles(PO),
    "inzage/": roles(PO),
    "inzage/persoon/<int:person_id>/": on("person", EXPORT_PERSON),
    # Exemptions from access: the same, refusals to other organisations in vault/tests/test_exemption_pages.py
    "inzage/uitzonderingen/": roles(PO),
    "inzage/uitzonderingen/<int:pk>/intrekken/": roles(PO, method="post"),
    # Linkage: case workers see the possible matches of their own organisation
    "koppelingen/": roles(CW, CO),
    "koppelingen/<int:pk>/": on("link", SEE_LINK),
    # Django admin: logging out ends the session; every other admin page falls under ADMIN_RULE
    "admin/logout/": skip("ends the session"),
    # Partner API: bearer tokens only, never a session
    "api/v1/signals/": skip("POST with a bearer token; API tests and the schemathesis run"),
    "api/v1/signals/<str:receipt>/": NOBODY,
    "api/v1/signals": skip("the same view as api/v1/signals/, for clients that leave out the slash"),
    "api/v1/signals/<str:receipt>": NOBODY,
    "api/v1/openapi.json": PUBLIC,
}

# Django admin: no persona is staff, so none gets in; superusers use it with explicit, audited access.
ADMIN_PREFIX = "admin/"
ADMIN_RULE = NOBODY
