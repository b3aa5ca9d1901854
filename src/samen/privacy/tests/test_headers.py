"""T17: security headers and no caching on a sample of pages; error pages without a stack trace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from samen.accounts.models import Role
from samen.testing.auth import login
from samen.testing.factories import UserFactory

PUBLIC = ["/", "/melden/", "/status/", "/partners/", "/account/inloggen/", "/pagina-die-niet-bestaat/"]
PROFESSIONAL = ["/account/", "/werk/", "/privacy/convenanten/", "/privacy/doorbraak/", "/melden/professioneel/"]


def _assert_headers(response, url):
    csp = response.headers.get("Content-Security-Policy", "")
    assert csp, url
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    assert "frame-ancestors 'none'" in csp, url
    assert response.headers.get("X-Frame-Options") == "DENY", url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "same-origin", url
    assert "no-store" in response.headers.get("Cache-Control", ""), url


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_carry_the_security_headers_and_no_store(client, url):
    _assert_headers(client.get(url), url)


@pytest.mark.django_db
def test_professional_pages_carry_the_security_headers_and_no_store(client):
    user = UserFactory(roles=[Role.CASE_WORKER, Role.PRIVACY_OFFICER])
    login(client, user)
    for url in PROFESSIONAL:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_headers(response, url)


@pytest.mark.django_db
def test_hsts_is_sent_over_https_in_the_production_profile(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_error_pages_show_no_stack_trace(client, settings):
    from samen.web import views

    settings.DEBUG = False
    not_found = client.get("/werk/signaal/999999999/")
    assert b"Traceback" not in not_found.content
    request = RequestFactory().get("/")
    try:
        raise RuntimeError("secret detail 1234")
    except RuntimeError:
        response = views.server_error(request)
    assert response.status_code == 500
    assert b"Traceback" not in response.content and b"secret detail" not in response.content


def test_no_template_has_inline_styles_or_scripts():
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for template in root.glob("*/templates/**/*.html"):
        text = template.read_text()
        if re.search(r"\sstyle=|<style", text):
            offenders.append(f"{template}: style")
        for match in re.finditer(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", text, re.S):
            if "src=" not in match["attrs"] or match["body"].strip():
                offenders.append(f"{template}: inline script")
    assert offenders == []


def test_htmx_is_told_not_to_inject_its_indicator_style():
    base = Path(__file__).resolve().parents[2] / "web" / "templates" / "web" / "base.html"
    assert '"includeIndicatorStyles":false' in base.read_text()


def test_the_login_page_url_is_reversible():
    assert reverse("accounts:login") == "/account/inloggen/"
