"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"SAMEN_PRODUCTION": settings.PRODUCTION, "LANGUAGES": settings.LANGUAGES}
