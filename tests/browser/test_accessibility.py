"""Every page of the URL × role matrix passes axe-core (WCAG 2.1 A and AA) in Chromium, and
its HTML validates with the Nu HTML checker.

One test per role walks the matrix rows that render HTML for that role with a GET (one page
load each, on the matrix's shared world), then submits each form that has required fields
emptied, to check its error state too. It fails listing every finding at once.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from agreements.models import User

from ..access.matrix import ROLES, ROWS
from ..reports.conftest import stub_weasyprint  # noqa: F401
from .conftest import browser_test, log_in

pytestmark = [pytest.mark.browser, browser_test, pytest.mark.usefixtures("stub_weasyprint")]

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()
VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Empty every field of the first form with a required field and submit it without the
# browser's own validation: the server's refusal is the page checked.
FORM_WITH_REQUIRED_FIELDS = """
() => [...document.querySelectorAll("main form[method=post]")]
  .some((f) => f.querySelector("[required], [aria-required=true]"))
"""
EMPTY_AND_SUBMIT = """
() => {
  const form = [...document.querySelectorAll("main form[method=post]")]
    .find((f) => f.querySelector("[required], [aria-required=true]"));
  for (const field of form.elements) {
    if (field.type === "hidden" || field.type === "submit" || field.type === "button") continue;
    if (field.type === "checkbox" || field.type === "radio") field.checked = false;
    else if (field.tagName === "SELECT") field.selectedIndex = -1;
    else if (field.type === "file") field.value = "";
    else field.value = "";
  }
  form.noValidate = true;
  const submit = form.querySelector("[type=submit]");
  submit ? submit.click() : form.requestSubmit();
}
"""


def html_rows(role):
    return [r for r in ROWS if r.method == "get" and r.expected(role) == 200]


def sign_in(context, world, role, base_url):
    user = world.user(role)
    if user is None:
        return
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def axe_findings(page, label) -> list[str]:
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    findings = []
    for violation in results.response["violations"]:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        findings.append(f"{label}: {violation['id']} ({len(violation['nodes'])}×) {targets}")
    return findings


def vnu_errors(folder: Path) -> list[str]:
    java = shutil.which("java")
    if not (java and VNU.exists()):
        pytest.fail("the Nu HTML checker needs Java and `npm ci` (node_modules/vnu-jar)")
    pages = sorted(str(p) for p in folder.glob("*.html"))
    run = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", "--exit-zero-always", *pages],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).stem}:{m.get('lastLine', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:80]}]"
        for m in messages
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_passes_axe_and_the_html_checker(
    browser, live_server, access_world, role, tmp_path
):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", bypass_csp=True, reduced_motion="reduce"
    )
    sign_in(context, access_world, role, live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    findings, pages = [], 0
    try:
        for row in html_rows(role):
            try:
                response = page.goto(row.path(access_world))
            except PlaywrightError as error:
                if "Download is starting" in str(error):  # an export, not a page
                    continue
                raise
            if "text/html" not in (response.headers.get("content-type") or ""):
                continue
            pages += 1
            (tmp_path / f"{pages:03d}-{row.id}.html").write_text(response.text())
            findings += axe_findings(page, row.id)
            if page.evaluate(FORM_WITH_REQUIRED_FIELDS):
                with page.expect_navigation() as refused:
                    page.evaluate(EMPTY_AND_SUBMIT)
                findings += axe_findings(page, f"{row.id} (refused form)")
                html = refused.value.text()
                (tmp_path / f"{pages:03d}-{row.id}-refused.html").write_text(html)
    finally:
        context.close()

    assert pages > 0
    findings += [f"HTML: {error}" for error in vnu_errors(tmp_path)]
    assert findings == [], f"{len(findings)} findings for {role}:\n" + "\n".join(findings)


def test_the_first_tab_offers_a_skip_link_to_the_content(page, demo_data):
    log_in(page, "skpd-pertanian")
    page.goto("/tasks/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.dataset.testid")
    assert focused == "skip-link"
    assert page.locator("[data-testid=skip-link]").inner_text() == "Langsung ke isi halaman"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
