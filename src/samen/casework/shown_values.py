"""What a form showed when it was opened, sent back with it as keyed digests, so that only what its
user changed is written.

Two case workers may have the same thing open at once: one moves the signal to another town, the
other corrects the address from a page opened before; the second save must not put the old town
back. The digests are HMACs with the site's secret key, bound to the object: no value can be read
or guessed from them, and a form's digests are of no use for another object.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.utils.crypto import constant_time_compare, salted_hmac


def _cleaned(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _digest(salt: str, object_id: int, name: str, value: Any) -> str:
    canonical = json.dumps(_cleaned(value), default=str)
    return salted_hmac(salt, f"{object_id}\0{name}\0{canonical}").hexdigest()[:24]


def shown_digests(salt: str, object_id: int, values: Mapping[str, Any]) -> str:
    """What a form showed, as the form cleans it (an untouched field then compares equal)."""
    return json.dumps({name: _digest(salt, object_id, name, value) for name, value in values.items()}, sort_keys=True)


def changed_since_shown(salt: str, object_id: int, values: Mapping[str, Any], shown: str) -> dict[str, Any]:
    """The fields of a sent form that differ from what it showed (`shown_digests`). Without a
    readable `shown` every field counts as changed, as it would in a form of old."""
    try:
        digests = json.loads(shown)
    except (TypeError, ValueError):
        return dict(values)
    if not isinstance(digests, dict):
        return dict(values)
    return {
        name: value
        for name, value in values.items()
        if not constant_time_compare(str(digests.get(name, "")), _digest(salt, object_id, name, value))
    }
