"""`{% sharing_panel signal %}`: the "what may I share, with whom, and why" panel on a signal page;
`{% may_break_glass as flag %}`: whether the policy lets the user break the glass."""

from __future__ import annotations

from django import template

from samen.privacy import policy
from samen.privacy.selectors import shares_by_agreement
from samen.privacy.selectors import sharing_panel as _sharing_panel

register = template.Library()


@register.inclusion_tag("privacy/_sharing_panel.html", takes_context=True)
def sharing_panel(context, signal) -> dict:
    return {"sharing_panel": shares_by_agreement(_sharing_panel(context["request"].user, signal)), "signal": signal}


@register.simple_tag(takes_context=True)
def may_break_glass(context) -> bool:
    return policy.may(context["request"].user, policy.Action.BREAK_GLASS)
