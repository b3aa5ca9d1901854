"""Accessibility checks with axe-core (shipped offline inside axe-playwright-python)."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()


def assert_accessible(page) -> None:
    result = _axe.run(page, options=WCAG_21_AA)
    assert result.violations_count == 0, result.generate_report()
