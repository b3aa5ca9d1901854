"""Logging in from tests: one place, so stronger authentication changes only this file.

Every test that needs a logged-in professional uses `login(client, user)` (Django test client)
or `browser_login(page, base_url, username, password)` (Playwright).
"""

from __future__ import annotations


def login(client, user) -> None:
    client.force_login(user)


def browser_login(page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/account/inloggen/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form.utrecht-form button[type=submit]").click()
    page.wait_for_load_state()
