"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser).

Without Chromium they skip, unless REQUIRE_BROWSER=1 (as in CI), where they fail.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django must allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
BROWSER_MISSING = not os.path.exists(CHROMIUM)

browser_test = pytest.mark.skipif(
    BROWSER_MISSING and not REQUIRE_BROWSER,
    reason=f"Chromium not found at {CHROMIUM}; set REQUIRE_BROWSER=1 to make this a failure",
)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # Reduced motion: Bootstrap then skips its transitions, so that axe never measures a
    # colour halfway through a button's fade (a flaky contrast finding).
    context = browser.new_context(base_url=live_server.url, locale="id-ID", reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo_data(transactional_db, settings, tmp_path):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--force", verbosity=0)


def log_in(page, username, password="demo-kerjasama"):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def log_out(page):
    page.click("[data-testid=current-user]")
    with page.expect_navigation():
        page.click("[data-testid=logout]")
