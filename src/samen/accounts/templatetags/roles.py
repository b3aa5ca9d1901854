"""Role codes as words, for pages that store them as codes (the audit log's `roles`)."""

from __future__ import annotations

from django import template

from samen.accounts.models import Role

register = template.Library()


@register.filter
def role_labels(codes: str) -> str:
    """ "case_worker,coordinator" as "casusbehandelaar, coördinator" in the active language; a code
    that is no role of a professional ("api", or one since retired) as it is."""
    labels = dict(Role.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes.split(",") if code)
