"""The sentence shown for each problem a contact file can have (see ``contacts_csv``)."""

from __future__ import annotations

from flask_babel import format_number

from survey_app.distribute.contacts_csv import Problem
from survey_app.safe_translations import lazy_gettext as _l

WORDING: dict[str, object] = {
    "too_big": _l("The file is bigger than %(megabytes)s MB. Split it into smaller files."),
    "empty": _l("The file is empty."),
    "not_csv": _l(
        "The file is not a CSV file. Save it from your spreadsheet as ‘CSV UTF-8’ and upload that."
    ),
    "not_utf8": _l(
        "The file is not saved as UTF-8. In your spreadsheet, save it as ‘CSV UTF-8’ and upload "
        "that."
    ),
    "too_many_rows": _l("The file has more than %(rows)s contacts. Split it into smaller files."),
    "no_contacts": _l("The file has no contacts below its first row."),
    "no_contact_column": _l(
        "Row 1 must name the columns: ‘phone number’, ‘email address’ or both."
    ),
    "unknown_column": _l(
        "Row 1, column %(column)s: only ‘phone number’ and ‘email address’ can be used. "
        "Remove this column."
    ),
    "repeated_column": _l("Row 1, column %(column)s: this column is named twice."),
    "channel_not_used_sms": _l(
        "Row 1, column %(column)s: this campaign does not send text messages, so the file "
        "cannot have a phone number column."
    ),
    "channel_not_used_email": _l(
        "Row 1, column %(column)s: this campaign does not send emails, so the file cannot "
        "have an email address column."
    ),
    "extra_cells": _l(
        "Row %(row)s has something outside the phone number and email address columns."
    ),
    "both_given": _l(
        "Row %(row)s has a phone number and an email address. Give one of them on each row."
    ),
    "formula_sms": _l(
        "Row %(row)s: the phone number starts with a sign that spreadsheets run as a formula. "
        "Write it like 07700 900123."
    ),
    "formula_email": _l(
        "Row %(row)s: the email address starts with a sign that spreadsheets run as a formula."
    ),
    "bad_sms": _l(
        "Row %(row)s: the phone number is not a UK mobile number. Write it like 07700 900123."
    ),
    "bad_email": _l("Row %(row)s: the email address is not right. Write it like name@example.com."),
    "repeated_sms": _l("Row %(row)s: the phone number is the same as in row %(first)s."),
    "repeated_email": _l("Row %(row)s: the email address is the same as in row %(first)s."),
    "already_uploaded_sms": _l(
        "Row %(row)s: this phone number was already uploaded for this campaign."
    ),
    "already_uploaded_email": _l(
        "Row %(row)s: this email address was already uploaded for this campaign."
    ),
}


def problem_text(problem: Problem) -> str:
    """The plain-English sentence for ``problem``, numbers formatted for the page's language."""
    params = {"row": problem.row, **problem.params}
    shown = {k: format_number(v) if isinstance(v, int) else v for k, v in params.items()}
    return str(WORDING[problem.code]) % shown
