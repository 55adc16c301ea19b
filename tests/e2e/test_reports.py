"""Reports in Chromium against the sandbox: every kind renders; exports match WebWork's totals."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from dashboard.accounts.connecting import establish
from dashboard.webwork.oauth import TokenSet

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def webwork(settings, sandbox, manager):
    settings.WEBWORK_API_BASE_URL = sandbox.api_url
    # A 90-day description report takes ~26 calls: at 60 a minute it is paced for ~20 s (see
    # bench/reports.py); here the budget is raised to keep the suite quick.
    settings.WEBWORK_RATE_PER_MINUTE = 600
    sandbox.set_rate_limit(600)
    establish(manager, "token", TokenSet(sandbox.token("owner@acme.test"), "", None, ""))
    return sandbox


def _sandbox_total(sandbox, start: date, end: date) -> int:
    """Tracked minutes over the range, as WebWork itself sums them (31 days per call)."""
    total, cursor = 0, start
    with sandbox.api("owner@acme.test") as api:
        while cursor <= end:
            stop = min(end, cursor + timedelta(days=30))
            params = {
                "workspace_id": sandbox.workspace_id(),
                "start_date": cursor,
                "end_date": stop,
            }
            data = api.get("reports/tracked-hours", params=params).json()["data"]
            total += data["total"]["total_minutes"]
            cursor = stop + timedelta(days=1)
    return total


def _open(page: Page, url: str) -> None:
    """The report, once its last part has arrived (a 90-day one reads its parts in turn, which
    a loaded CI machine has taken more than 20 s to do)."""
    page.goto(url)
    expect(page.locator("#report[aria-busy]")).to_have_count(0, timeout=60_000)


def test_tracked_hours_for_90_days_renders_and_exports_webwork_totals(
    signed_in, live_server, webwork, screenshot
):
    page = signed_in
    _open(page, f"{live_server.url}/reports/tracked-hours/?period=last_90_days")
    report = page.locator("#report")
    expect(report.get_by_role("heading", level=2)).to_be_visible()
    expect(report.get_by_role("img", name="Hours per week, by project")).to_be_visible()
    expect(report.get_by_role("heading", name="By member")).to_be_visible()
    screenshot("reports-tracked-hours-90-days")

    today = date.today()
    expected = _sandbox_total(webwork, today - timedelta(days=89), today)
    with page.expect_download() as csv_download:
        report.get_by_role("link", name="Export CSV").click()
    text = csv_download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    minutes = sum(int(h) * 60 + int(m) for h, m in (r[3].split(":") for r in rows[1:-1]))
    assert minutes == expected
    assert csv_download.value.suggested_filename.startswith("tracked-hours_")

    with page.expect_download() as xlsx_download:
        report.get_by_role("link", name="Export XLSX").click()
    content = io.BytesIO(xlsx_download.value.path().read_bytes())
    sheet = openpyxl.load_workbook(content)["Tracked hours"]
    durations = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)][:-1]
    assert sum(durations, timedelta()) == timedelta(minutes=expected)


def test_changing_the_period_reloads_only_the_report_and_keeps_it_in_the_address(
    signed_in, live_server, webwork, screenshot
):
    page = signed_in
    _open(page, f"{live_server.url}/reports/tracked-hours/?period=last_week")
    page.get_by_label("Period").select_option("last_month")
    expect(page).to_have_url(re.compile(r"period=last_month"))
    first_of_month = date.today().replace(day=1)
    last_month_ends = first_of_month - timedelta(days=1)
    expect(page.get_by_label("From", exact=True)).to_have_value(str(last_month_ends.replace(day=1)))
    expect(page.get_by_label("To", exact=True)).to_have_value(str(last_month_ends))
    expect(page.locator("#report-heading")).to_contain_text(last_month_ends.strftime("%b %Y"))


def _last_weekday() -> date:
    day = date.today() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


@pytest.mark.parametrize("slug", ["activity-level", "task-report", "activity-descriptions"])
@pytest.mark.parametrize("days", [7, 90])
def test_every_range_report_renders_for_a_week_and_for_90_days(
    signed_in, live_server, webwork, screenshot, slug, days
):
    page = signed_in
    end = _last_weekday()
    _open(
        page, f"{live_server.url}/reports/{slug}/?start={end - timedelta(days=days - 1)}&end={end}"
    )
    report = page.locator("#report")
    expect(report.locator("figure svg").first).to_be_visible()
    expect(report.get_by_role("link", name="Export CSV")).to_be_visible()
    screenshot(f"reports-{slug}-{days}-days")


@pytest.mark.parametrize("slug", ["daily-timeline", "daily-attendance"])
def test_every_day_report_renders_a_working_day(signed_in, live_server, webwork, screenshot, slug):
    page = signed_in
    _open(page, f"{live_server.url}/reports/{slug}/?day={_last_weekday()}")
    report = page.locator("#report")
    expect(report.locator("figure svg").first).to_be_visible()
    expect(report.get_by_role("link", name="Export CSV")).to_be_visible()
    screenshot(f"reports-{slug}")


def test_ticking_members_says_how_many_are_chosen(signed_in, live_server, webwork):
    page = signed_in
    _open(page, f"{live_server.url}/reports/tracked-hours/?period=last_week")
    members = page.locator(".multi-choice", has=page.locator(".multi-label", has_text="Members"))
    expect(members.locator("summary")).to_contain_text("All members")
    members.locator("summary").click()
    boxes = members.get_by_role("checkbox")
    boxes.nth(0).check()
    boxes.nth(1).check()
    expect(members.locator("summary")).to_contain_text("2 chosen")
    boxes.nth(0).uncheck()
    boxes.nth(1).uncheck()
    expect(members.locator("summary")).to_contain_text("All members")


# What the page said about its parts, in order, seen as it changed (not sampled).
RECORD_PARTS = """
window.__parts = [];
new MutationObserver(() => {
  const said = [...document.querySelectorAll("[data-parts-count]")].map((el) => el.textContent);
  const done = document.querySelectorAll('[data-part="done"]').length;
  const line = said.length ? `${said.join("|")} (${done} shown)` : "";
  if (line && window.__parts[window.__parts.length - 1] !== line) window.__parts.push(line);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def test_a_long_report_shows_each_part_as_it_arrives_then_the_whole_report(
    signed_in, live_server, webwork
):
    page = signed_in
    webwork.set_latency(150)
    page.add_init_script(RECORD_PARTS)
    end = _last_weekday()
    start = end - timedelta(days=121)
    _open(page, f"{live_server.url}/reports/activity-descriptions/?start={start}&end={end}")
    report = page.locator("#report")
    expect(report.get_by_role("heading", name="Day by day")).to_be_visible()
    expect(page.locator("#report-status")).to_have_text("Activity descriptions loaded.")
    seen = page.evaluate("window.__parts")
    assert seen[0] == "0 of 4 parts (0 shown)" and seen[-1] == "4 of 4 parts (4 shown)", seen
    counts = [int(line.split(" of ")[0]) for line in seen]
    assert counts == sorted(counts) and len(set(counts)) >= 3, seen


def test_the_parts_of_a_long_report_are_announced_and_wait_out_an_outage(
    signed_in, live_server, webwork, screenshot
):
    page = signed_in
    webwork.set_faults({"kind": "error", "status": 503, "path": "reports/activity-descriptions"})
    end = _last_weekday()
    start = end - timedelta(days=70)
    page.goto(f"{live_server.url}/reports/activity-descriptions/?start={start}&end={end}")
    expect(page.get_by_role("progressbar", name="0 of 3 parts")).to_be_visible()
    # Said by the page's live region (the report region is busy until it is whole).
    expect(page.locator("#report-status")).to_have_text("0 of 3 parts")
    expect(page.locator("#report-status")).to_have_attribute("aria-live", "polite")
    parts = page.get_by_role("list", name="Parts of the report").get_by_role("listitem")
    expect(parts).to_have_count(3)
    # WebWork does not answer: the part says that it asks again by itself, and does.
    expect(parts.first).to_contain_text("asking again in", timeout=15_000)
    screenshot("reports-parts-waiting")
    violations = Axe().run(page).response["violations"]
    serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    webwork.clear_faults()
    expect(page.locator("#report[aria-busy]")).to_have_count(0, timeout=30_000)
    expect(page.locator("#report").get_by_role("heading", name="Day by day")).to_be_visible()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_that_must_read_parts_shows_it_then_downloads(
    signed_in, live_server, webwork, fmt
):
    from django.core.cache import cache

    page = signed_in
    end = _last_weekday()
    start = end - timedelta(days=89)
    _open(page, f"{live_server.url}/reports/activity-descriptions/?start={start}&end={end}")
    cache.clear()  # as a day later: the parts are gone
    webwork.clear_calls()
    webwork.set_latency(150)
    page.add_init_script(RECORD_PARTS)
    exports = page.locator("#report-export")
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("link", name=f"Export {fmt.upper()}").click()
        expect(exports).to_contain_text(f"Preparing the {fmt.upper()} export")
        expect(exports.get_by_role("progressbar")).to_be_visible()
    assert download.value.suggested_filename.endswith(f".{fmt}")
    assert len(webwork.calls(path="/api/v2/reports/activity-descriptions")) >= 3
