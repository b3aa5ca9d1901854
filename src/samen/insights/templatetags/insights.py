"""`{{ user|can_view_insights }}`: the insights permission predicate for templates (the nav link)."""

from __future__ import annotations

from django import template

from samen.insights import permissions

register = template.Library()


@register.filter(name="can_view_insights")
def can_view_insights(user) -> bool:
    """True for the roles that may open the insight pages; the same predicate the views use."""
    return permissions.can_view_insights(user)
