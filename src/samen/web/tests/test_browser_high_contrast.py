"""Radio buttons and checkboxes in Windows high-contrast mode (forced colours), in real Chromium.

The NL Design System draws these controls itself; forced colours replace its colours, and the
chosen radio button and the ticked checkbox looked exactly like the others (found by exploratory
testing): a reporter could not tell whether they stayed anonymous.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chosen_radio_button_and_the_ticked_checkbox_stay_visible_in_high_contrast(
    live_server, page, reference_data, scheme
):
    page.emulate_media(forced_colors="active", color_scheme=scheme)
    page.goto(live_server.url + "/melden/")
    anonymous, contact = (
        page.locator("input[name=contact_choice][value=anonymous]"),
        page.locator("input[name=contact_choice][value=contact]"),
    )
    assert anonymous.is_checked() and not contact.is_checked()
    danger = page.locator("input[name=acute_danger]")
    unticked = danger.screenshot(animations="disabled")
    danger.check()
    page.mouse.click(1, 1)  # the focus ring off the box: only the tick may tell them apart
    assert danger.screenshot(animations="disabled") != unticked
    assert anonymous.screenshot(animations="disabled") != contact.screenshot(animations="disabled")
