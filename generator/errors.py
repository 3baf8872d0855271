"""The one error type that bad input raises: it names the file, line and column."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input that a user can fix. The CLI prints it without a traceback."""

    def __init__(self, path: Path | str, message: str, line: int | None = None,
                 column: str | None = None) -> None:
        self.path, self.line, self.column, self.message = Path(path), line, column, message
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if column:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")
