"""Sheet protection: every sheet is protected so a formula or a rate cannot be overtyped by
accident; only the Entries input cells (formats with locked = false) take typing.

Protection here guards against mistakes, not people: Excel's sheet password is a short
legacy hash that many tools remove. No password by default, so anyone can unprotect a sheet
(Review > Unprotect Sheet) to adapt it.
"""

from __future__ import annotations

from xlsxwriter import Workbook

from .templates import sheet_template

MAX_PASSWORD_CHARS = 255  # Excel's limit

# What users may still do on a protected sheet.
READ_ONLY_SHEET = {"select_locked_cells": True, "select_unlocked_cells": True,
                   "format_columns": True, "autofilter": True}
# Entries: also sort. Excel sorts a range only if all its cells are unlocked, so a user sorts
# the input columns (A to H); the formulas follow, being the same on every row.
ENTRY_SHEET = {**READ_ONLY_SHEET, "sort": True}


def check_password(password: str | None) -> str:
    """The password as xlsxwriter takes it ("" for none); ValueError if Excel could not take
    it back: non-ASCII characters hash differently across programs."""
    password = password or ""
    if len(password) > MAX_PASSWORD_CHARS:
        raise ValueError(f"a sheet password has at most {MAX_PASSWORD_CHARS} characters")
    if not all(" " <= char <= "~" for char in password):
        raise ValueError("use only ASCII letters, digits, spaces and punctuation in a sheet "
                         "password (other characters may not unlock it in every program)")
    return password


def protect_sheets(workbook: Workbook, password: str | None = None) -> None:
    password = check_password(password)
    entries = sheet_template("entries").name
    for sheet in workbook.worksheets():
        options = ENTRY_SHEET if sheet.name == entries else READ_ONLY_SHEET
        sheet.protect(password, dict(options))
