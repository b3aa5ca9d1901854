"""Where the language switch leads back to (`page_address`), for a page that does not name itself."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from samen.web.context import page_address


@pytest.mark.parametrize(
    ("method", "referer", "expected"),
    [
        ("get", "", "/partners/?gemeente=Zaanstad"),
        ("post", "http://testserver/werk/?sort=new#top", "/werk/?sort=new"),
        ("post", "https://evil.example/werk/", "/"),
        ("post", "", "/"),
    ],
    ids=["a page", "a form's answer: the page it came from", "another site's referrer", "no referrer"],
)
def test_the_switch_leads_to_this_page_or_to_the_page_the_form_was_on(method, referer, expected):
    extra = {"HTTP_REFERER": referer} if referer else {}
    request = getattr(RequestFactory(), method)("/partners/?gemeente=Zaanstad", **extra)
    assert page_address(request) == expected
