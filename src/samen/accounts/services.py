"""Creating professionals and giving them roles."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from samen.accounts.models import WORKING_LANGUAGES, Role, RoleAssignment, User


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    organisation,
    roles: Iterable[str],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    function: str = "",
) -> User:
    user = User.objects.create_user(
        username=username,
        password=password,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        function=function,
    )
    user_set_roles(user=user, roles=roles)
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[str]) -> None:
    wanted = {Role(role) for role in roles}
    user.role_assignments.exclude(role__in=wanted).delete()
    have = set(user.role_assignments.values_list("role", flat=True))
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=r) for r in wanted - have])
    user._role_codes = None


def user_set_language(*, user: User, language: str) -> None:
    """The language `user` works in: their pages after logging in and their e-mail."""
    if language not in dict(WORKING_LANGUAGES):
        raise ValueError(f"not a working language: {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
