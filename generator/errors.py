"""The error types the CLI prints without a traceback: bad input (it names the file, line and
column) and a workbook that cannot be written (it names the workbook and the usual cause)."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input that a user can fix. The CLI prints it without a traceback."""

    outcome = "Nothing was written."  # it is raised before anything is written

    def __init__(self, path: Path | str, message: str, line: int | None = None,
                 column: str | None = None) -> None:
        self.path, self.line, self.column, self.message = Path(path), line, column, message
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if column:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


class OutputError(Exception):
    """The workbook `path` cannot be written; `message` says why and what to do. The existing
    workbook is unchanged. `leftovers` are files or folders the failed save made and could not
    remove (normally none): `outcome` is the line the CLI prints after the error."""

    def __init__(self, path: Path | str, message: str, leftovers: tuple[Path, ...] = ()) -> None:
        self.path, self.message, self.leftovers = Path(path), message, tuple(leftovers)
        super().__init__(f"cannot write {path}: {message}")

    @property
    def outcome(self) -> str:
        if not self.leftovers:
            return "Nothing was written."
        names = ", ".join(str(p) for p in self.leftovers)
        return f"The workbook was not changed, but {names} could not be removed: delete it."
