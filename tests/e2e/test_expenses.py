"""Expenses in Chromium against the sandbox: filter, export what the filter shows, fit a phone."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def _choose_a_category(page: Page) -> str:
    """Filter by the category of the first expense listed; answers that category's name."""
    first = page.locator(".expenses-table tbody tr").first
    name = first.locator('td[data-label="Category"]').inner_text().strip()
    page.get_by_label("Category", exact=True).select_option(label=name)
    expect(page).to_have_url(re.compile(r"category="))
    return name


def test_it_filters_expenses_and_exports_what_it_shows(owner_page, live_server, screenshot):
    page = owner_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/expenses/")
    expect(page.get_by_role("heading", name="Expenses", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="By category")).to_be_visible()
    screenshot("expenses")

    category = _choose_a_category(page)
    rows = page.locator(".expenses-table tbody tr")
    expect(rows.first).to_be_visible()
    cells = page.locator('.expenses-table td[data-label="Category"]')
    assert set(cells.all_inner_texts()) == {category}
    heading = page.locator("#results-title").inner_text()
    count = int(heading.split()[0])
    assert "filtered" in heading

    page.reload()  # the filter lives in the URL
    expect(page.get_by_label("Category", exact=True)).to_have_value(re.compile(r".+"))

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Export CSV").click()
    assert csv_download.value.suggested_filename.startswith("expenses_")
    text = csv_download.value.path().read_text(encoding="utf-8-sig")
    header, *exported = list(csv.reader(io.StringIO(text)))
    assert header[3] == "Category" and len(exported) == count
    assert {row[3] for row in exported} == {category}
    assert not any(row[4].startswith("=") for row in exported)

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Export XLSX").click()
    book = openpyxl.load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))
    sheet = book["Expenses"]
    assert sheet.max_row - 1 == count
    # One row per currency the category was spent in.
    totals = book["By category"].iter_rows(min_row=2, values_only=True)
    assert {row[0] for row in totals} == {category}


def test_it_records_an_expense_from_the_keyboard(owner_page, live_server):
    page = owner_page
    page.goto(f"{live_server.url}/expenses/")
    page.get_by_role("link", name="Record an expense").click()
    page.get_by_label("What it was for").fill("Parking at the client")
    page.get_by_label("Amount").fill("0")
    page.locator("#id_category").select_option(index=1)
    page.get_by_role("button", name="Record the expense").press("Enter")
    expect(page.locator("#id_amount_error")).to_have_text("The amount must be more than zero.")
    page.get_by_label("Amount").fill("12.30")
    page.get_by_role("button", name="Record the expense").click()
    expect(page.locator("#messages")).to_contain_text("Parking at the client")
    expect(page.locator(".expenses-table")).to_contain_text("Parking at the client")


def test_the_list_fits_a_phone(owner_page, live_server, screenshot):
    page = owner_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/expenses/")
    expect(page.get_by_role("heading", name="By member")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    edit = page.get_by_role("link", name=re.compile(r"^Edit ")).first
    box = edit.bounding_box()
    assert box is not None and box["height"] >= 44
    screenshot("expenses-phone")
