"""An allocation laid out as the secretariat sends it to the parties: a title, the key, the
population snapshot (source and date), the table of shares and the totals. CSV for any
spreadsheet (semicolon-separated, UTF-8 with BOM so Excel reads it), XLSX with openpyxl."""

import csv
import io

from django.utils.translation import gettext as _

from .calculation import AllocationResult


def _date(day) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def header_lines(result: AllocationResult) -> list[list[str]]:
    budget = result.budget
    key = result.decided.key if result.decided else budget.key
    lines = [
        [
            _("Allocation of costs: %(title)s %(year)s")
            % {"title": budget.title, "year": budget.year}
        ],
        [_("Project"), budget.project.name],
        [_("Year"), str(result.decided.year if result.decided else budget.year)],
        [_("Cost-sharing key"), f"{key.name} (v{key.version})"],
    ]
    if result.uses_population:
        lines.append([_("Population source"), result.population_source or "–"])
        lines.append([_("Population as of"), _date(result.population_date) or _("see each line")])
    if result.decided:
        recommendation = result.decided.recommendation
        lines.append(
            [_("Status"), _("decided %(date)s") % {"date": _date(result.decided.decided_on)}]
        )
        # The number only: the export goes to anyone, and the case may be exempt.
        lines.append([_("Case"), recommendation.decision.treatment.case.number])
    else:
        lines.append([_("Status"), _("draft – not decided")])
    if budget.illustration_note:
        lines.append([_("Note"), budget.illustration_note])
    return lines


def table_header(result: AllocationResult) -> list[str]:
    columns = [_("Party"), _("Municipality number")]
    if result.uses_population:
        columns += [_("Population"), _("Population as of")]
    columns += [_("Share (%)"), _("Amount (NOK)")]
    if result.decided:
        columns.append(_("Party's decision"))
    return columns


def table_rows(result: AllocationResult) -> list[list]:
    rows = []
    for line in result.lines:
        row: list = [line.name, line.municipality_number]
        if result.uses_population:
            row += [
                line.population if line.population is not None else "",
                _date(line.population_date),
            ]
        row += [float(line.percent), line.amount]
        if result.decided:
            row.append(
                line.adoption.get_status_display() if line.adoption else _("no recommendation")
            )
        rows.append(row)
    return rows


def _total_row(result: AllocationResult) -> list:
    width = len(table_header(result))
    row: list = [_("Total")] + [""] * (width - 1)
    amount_column = width - (2 if result.decided else 1)
    row[amount_column - 1] = 100.0
    row[amount_column] = result.amounts_total
    return row


def allocation_csv(result: AllocationResult) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    for line in header_lines(result):
        writer.writerow(line)
    writer.writerow([])
    writer.writerow(table_header(result))
    for row in table_rows(result):
        writer.writerow(
            [
                f"{value:.6f}".replace(".", ",") if isinstance(value, float) else value
                for value in row
            ]
        )
    total = _total_row(result)
    writer.writerow(
        [f"{value:.6f}".replace(".", ",") if isinstance(value, float) else value for value in total]
    )
    return buffer.getvalue()


def allocation_xlsx(result: AllocationResult) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Allocation")[:31]
    bold = Font(bold=True)
    header = header_lines(result)
    sheet.append(header[0])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in header[1:]:
        sheet.append(line)
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    sheet.append(table_header(result))
    first_row = sheet.max_row + 1
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    columns = table_header(result)
    amount_index = columns.index(_("Amount (NOK)")) + 1
    percent_index = columns.index(_("Share (%)")) + 1
    for row in table_rows(result):
        sheet.append(row)
    last_row = sheet.max_row
    sheet.append(_total_row(result))
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in range(first_row, sheet.max_row + 1):
        sheet.cell(row=row, column=amount_index).number_format = "# ##0"
        sheet.cell(row=row, column=percent_index).number_format = "0.00"
    # The total is the sum of the lines, as a formula the parties can check.
    if last_row >= first_row:
        letter = get_column_letter(amount_index)
        sheet.cell(
            row=sheet.max_row, column=amount_index
        ).value = f"=SUM({letter}{first_row}:{letter}{last_row})"
    for index, width in enumerate([34, 14, 12, 14, 12, 16, 22], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
