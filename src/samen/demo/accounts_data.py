"""One demo account per role, in organisations in different regions."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from django.db import transaction

from samen.accounts.models import Role, User
from samen.accounts.otp import device_set_fixed
from samen.accounts.services import user_create
from samen.partners.models import Organisation

# Printed by `samen demo`; only ever valid for the demo data set.
DEMO_PASSWORD = "samen-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    organisation_slug: str
    roles: tuple[str, ...]


DEMO_ACCOUNTS = [
    DemoAccount("intake", "Iris", "Intake", "comensha", (Role.INTAKE_OFFICER,)),
    # The national fallback's victim track: signals no regional rule takes, such as those whose
    # reporter did not know the town, which she places once she knows where.
    DemoAccount("vangnet", "Vera", "Vangnet", "comensha", (Role.COORDINATOR, Role.CASE_WORKER)),
    DemoAccount("zorg", "Zoë", "Zorgcoördinator", "zorgcoordinatie-re03", (Role.CASE_WORKER,)),
    DemoAccount("coordinator", "Cor", "Coördinator", "zorgcoordinatie-re07", (Role.COORDINATOR, Role.CASE_WORKER)),
    DemoAccount("politie", "Pim", "Politie", "politie-re07", (Role.CASE_WORKER,)),
    DemoAccount("tafel", "Tara", "Tafellid", "politie-re01", (Role.TABLE_MEMBER, Role.CASE_WORKER)),
    DemoAccount("analist", "Anna", "Analist", "nrm", (Role.ANALYST,)),
    DemoAccount("privacy", "Priya", "Privacy", "gemeente-gm0363", (Role.PRIVACY_OFFICER,)),
    DemoAccount("beheer", "Bas", "Beheerder", "gemeente-gm0479", (Role.ORGANISATION_ADMIN,)),
    DemoAccount("landelijk", "Lotte", "Landelijk", "programmabureau-samen", (Role.NATIONAL_ADMIN,)),
]


def demo_totp_secret(username: str) -> str:
    """A fixed TOTP secret per demo account, printed by `samen demo` for an authenticator app."""
    raw = hashlib.sha256(f"samen-demo-totp:{username}".encode()).digest()[:10]
    return base64.b32encode(raw).decode()


@transaction.atomic
def seed_accounts() -> int:
    organisations = {
        o.slug: o for o in Organisation.objects.filter(slug__in=[a.organisation_slug for a in DEMO_ACCOUNTS])
    }
    existing = set(
        User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list("username", flat=True)
    )
    created = 0
    for account in DEMO_ACCOUNTS:
        if account.username in existing:
            continue
        user_create(
            username=account.username,
            password=DEMO_PASSWORD,
            organisation=organisations[account.organisation_slug],
            roles=account.roles,
            first_name=account.first_name,
            last_name=account.last_name,
            email=f"{account.username}@demo.example",
        )
        created += 1
    for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]):
        device_set_fixed(user=user, secret=demo_totp_secret(user.username))
    return created
