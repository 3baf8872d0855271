"""One module per sheet; each writes its sheet with xlsxwriter, rows in order."""
