"""Exports: the filtered expenses, every page of them, and never a formula."""

from __future__ import annotations

import csv
import io

import openpyxl

from tests.fakes import fail

from .conftest import LAYLA, TODAY, TRAVEL, ZOE, days_ago, expense, expenses_answering


def rows_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_csv_has_the_filtered_expenses_with_formulas_neutralised(connected_client, workspace):
    response = connected_client.get(f"/expenses/?category={TRAVEL}&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="expenses_{days_ago(89)}_{TODAY}.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    header, *rows = rows_of(response)
    assert header[:5] == ["Date", "Member", "Project", "Category", "Expense"]
    assert [row[4] for row in rows] == ["'=1+1 taxi receipt", "Train ticket Berlin → Munich"]
    taxi = rows[0]
    assert taxi[1] == "Zoë Müller" and taxi[2] == "Website Redesign" and taxi[3] == "Travel"
    assert taxi[6:] == ["Yes", "42.50", "USD"]


def test_the_csv_neutralises_every_formula_prefix(connected_client, workspace):
    tricky = [
        expense("e-1", "+SUM(A1)", 1.0, ZOE, TRAVEL),
        expense("e-2", "@cmd", 1.0, ZOE, TRAVEL),
        expense("e-3", "-2+3", 1.0, ZOE, TRAVEL),
    ]
    workspace.route("GET", "/expenses", expenses_answering(tricky))
    _, *rows = rows_of(connected_client.get("/expenses/?format=csv"))
    assert sorted(row[4] for row in rows) == ["'+SUM(A1)", "'-2+3", "'@cmd"]


def test_the_export_reads_every_expense_of_the_dates_not_a_page(connected_client, workspace):
    many = [expense(f"e-{n}", f"Taxi {n}", 10.0, ZOE, TRAVEL) for n in range(45)]
    workspace.route("GET", "/expenses", expenses_answering(many))
    start, end = days_ago(30), days_ago(0)
    response = connected_client.get(f"/expenses/?date_from={start}&date_to={end}&page=2&format=csv")
    assert len(rows_of(response)) == 46
    assert response["Content-Disposition"].endswith(f'expenses_{start}_{end}.csv"')
    (call,) = workspace.calls("GET", "/expenses")
    assert call.url.params["date_from"] == start.isoformat()


def test_the_xlsx_keeps_text_as_text_and_adds_the_totals(connected_client, workspace):
    response = connected_client.get(f"/expenses/?member={LAYLA['id']}&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Expenses", "By category", "By member"]
    sheet = book["Expenses"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {row[4] for row in rows} == {"Client dinner & drinks", "Train ticket Berlin → Munich"}
    assert all(row[7] in (80.25, 59.9) and row[8] == "EUR" for row in rows)
    by_member = list(book["By member"].iter_rows(min_row=2, values_only=True))
    assert by_member == [("ليلى الأحمد", 2, 140.15, "EUR")]


def test_an_xlsx_formula_is_stored_as_text(connected_client, workspace):
    response = connected_client.get(f"/expenses/?member={ZOE['id']}&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Expenses"]
    cell = sheet.cell(row=2, column=5)
    assert cell.value == "=1+1 taxi receipt"
    assert cell.data_type == "s"


def test_an_export_while_webwork_is_down_says_so(connected_client, workspace):
    workspace.route("GET", "/expenses", fail(503, "Maintenance"))
    response = connected_client.get("/expenses/?format=csv")
    assert response.status_code == 503
    assert "WebWork is not answering" in response.content.decode()
