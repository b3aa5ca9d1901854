"""Gunicorn's access log with the request path as it was sent, percent-encoded.

Gunicorn logs the decoded path (`%(U)s`): a request for `/melden/x%0A2026-12-06 ERROR ...` wrote
a line of its own into the log, one that looks like ours, and `%00` wrote a NUL byte. The path
is logged encoded again, so every request is one line and says what was asked for.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import quote

from gunicorn.glogging import Logger

# What a path may hold unencoded (RFC 3986 pchar and "/"): the rest is logged as %XX.
_SAFE = "/:@!$&'()*+,;=-._~"


class AccessLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        # WSGI hands the path over as bytes decoded as latin-1: encoding it back gives those bytes.
        atoms["U"] = quote(environ.get("PATH_INFO", ""), safe=_SAFE, encoding="latin-1")
        return atoms
