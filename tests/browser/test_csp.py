"""The Content-Security-Policy in Chromium: the main pages of every role, on a desktop
(1366 px) and a phone (390 px), log no violation; the phone menu icon (a data: image of
Bootstrap) still shows.

A violation is caught twice: Chromium's own console error, and a ``securitypolicyviolation``
listener installed before any page script runs.
"""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agreements.models import CoordinationRequest, FollowUpTask, User

from .conftest import browser_test, log_in

pytestmark = [pytest.mark.browser, browser_test]

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const text = `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || location.pathname}:${event.lineNumber}`;
  window.__cspViolations.push(text);
  console.error("CSP violation: " + text);
});
"""


def report(kind: str, **choice) -> str:
    start = date(timezone.localdate().year, 1, 1).isoformat()
    end = timezone.localdate().isoformat()
    query = "&".join(f"{key}={value}" for key, value in choice.items())
    return f"/reports/preview/?report={kind}&start={start}&end={end}" + (
        f"&{query}" if query else ""
    )


def main_pages(username: str) -> list[str]:
    """What the role opens in a working day: lists, one record of each kind, forms,
    dashboards, a report preview, the account pages. The records are those of Dinas
    Pertanian, which every role of the demo may see."""
    officer = User.objects.get(username="skpd-pertanian")
    unit = officer.work_unit
    task = FollowUpTask.objects.filter(responsible_unit=unit).order_by("pk").first()
    letter = CoordinationRequest.objects.filter(work_unit=unit).order_by("pk").first()
    agreement = task.commitment.agreement
    pages = [
        "/dashboard/",
        f"/dashboard/work-units/{unit.pk}/",
        "/agreements/",
        f"/agreements/{agreement.pk}/",
        f"/partners/{agreement.partner_id}/",
        "/tasks/",
        f"/tasks/{task.pk}/",
        "/coordination/",
        f"/coordination/{letter.pk}/",
        "/budget/",
        "/reports/",
        "/calendar/",
        "/account/",
        "/account/two-factor/enrol/",
        "/accounts/password/change/",
    ]
    if username == "skpd-pertanian":
        return [*pages, "/budget/new/", report("work_unit", work_unit=unit.pk)]
    pages.append(report("portfolio"))
    pages.append(report("agreement", agreement=agreement.pk))
    if username == "biro":
        pages += ["/agreements/new/", f"/tasks/{task.pk}/edit/", "/coordination/new/"]
    if username == "admin":
        pages += ["/admin/", "/admin/agreements/user/"]
    return pages


def watch(page) -> list[str]:
    """Every CSP violation and script error the page reports, as text."""
    seen = []
    page.add_init_script(LISTENER)
    page.on(
        "console",
        lambda message: (
            seen.append(message.text)
            if message.type == "error"
            and ("Content Security Policy" in message.text or "CSP violation" in message.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: seen.append(f"script error: {error}"))
    return seen


def visit(page, path: str) -> list[str]:
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)
    return page.evaluate("window.__cspViolations")


def violations_of(browser, base_url: str, username: str, viewport: tuple[int, int]) -> dict:
    """The role's main pages at one window size: {page: its violations}, and the console's."""
    width, height = viewport
    context = browser.new_context(
        base_url=base_url, locale="id-ID", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    seen = watch(page)
    try:
        log_in(page, username)
        assert "/accounts/login/" not in page.url, f"{username} could not log in"
        violations = {path: found for path in main_pages(username) if (found := visit(page, path))}
        # The enrolment's QR code is a data: image, drawn after "Start the set-up".
        page.goto("/account/two-factor/enrol/")
        with page.expect_navigation():
            page.click("main button[name=start]")
        expect(page.locator("[data-testid=qr-code]")).to_be_visible()
        assert page.eval_on_selector("[data-testid=qr-code]", "img => img.naturalWidth") > 0
        if found := page.evaluate("window.__cspViolations"):
            violations["QR code"] = found
    finally:
        context.close()
    if seen:
        violations["console"] = seen
    return violations


@pytest.mark.parametrize("username", ["biro", "pimpinan", "skpd-pertanian", "admin"])
def test_it_shows_the_main_pages_without_a_policy_violation(
    browser, live_server, demo_data, username
):
    assert len(main_pages(username)) >= 15
    for name, viewport in WIDTHS.items():
        assert violations_of(browser, live_server.url, username, viewport) == {}, name


def test_it_shows_the_phone_menu_icon(page, demo_data):
    page.set_viewport_size({"width": 390, "height": 844})
    seen = watch(page)
    log_in(page, "pimpinan")
    page.goto("/dashboard/")
    icon = page.locator(".navbar-toggler-icon")

    expect(icon).to_be_visible()
    background = icon.evaluate("element => getComputedStyle(element).backgroundImage")
    assert background.startswith('url("data:image/svg+xml')
    box = icon.bounding_box()
    assert box["width"] >= 20 and box["height"] >= 20
    # The icon draws something: its picture differs from the same box without the image.
    drawn = icon.screenshot()
    icon.evaluate("element => { element.style.backgroundImage = 'none'; }")
    blank = icon.screenshot()
    assert drawn != blank
    # And the menu it stands for opens.
    icon.evaluate("element => { element.style.backgroundImage = ''; }")
    page.click(".navbar-toggler")
    expect(page.get_by_role("link", name="Kerja sama", exact=True)).to_be_visible()
    assert seen == []


def test_it_would_notice_a_violation(page, demo_data):
    """The watch works: an inline style attribute set by a script is refused and reported."""
    seen = watch(page)
    log_in(page, "pimpinan")
    page.goto("/dashboard/")

    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_function("window.__cspViolations.length > 0")

    assert page.evaluate("window.__cspViolations")[0].startswith("style-src-attr blocked inline")
    assert any("CSP violation" in text for text in seen)
    color = page.evaluate("getComputedStyle(document.body).color")
    assert color != "rgb(255, 0, 0)"
