"""CSV files that are safe to open in a spreadsheet: the one implementation lives in
:mod:`reports.safe_csv` (pure, so the open-data export can use it too)."""

from reports.safe_csv import FORMULA_STARTS, csv_document, safe_cell

__all__ = ["FORMULA_STARTS", "csv_document", "safe_cell"]
