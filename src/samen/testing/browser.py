"""Browser helpers shared by the Playwright tests.

Playwright's `click()` no longer waits for the navigation a click starts. A check that reads
the page straight after a form submit or a link click can then run while the old document is
being replaced ("Cannot read properties of null (reading 'documentElement')" from axe). Every
click that leaves the page goes through `click_and_wait`, which returns once the new page has
loaded.
"""

from __future__ import annotations


def click_and_wait(locator) -> None:
    """Click a link or submit button and return when the page it leads to has loaded."""
    with locator.page.expect_navigation(wait_until="load"):
        locator.click()
