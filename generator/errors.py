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


class InputErrors(InputError):
    """Several problems of the input, reported together so that one run shows them all: the
    first SHOWN, then how many more. `problems` holds every one."""

    SHOWN = 50

    def __init__(self, problems: list[InputError], advice: str = "fix them and build again"
                 ) -> None:
        self.problems = list(problems)
        first = self.problems[0]
        self.path, self.line, self.column = first.path, None, None
        lines = [str(problem) for problem in self.problems[:self.SHOWN]]
        if len(self.problems) > self.SHOWN:
            lines.append(f"and {len(self.problems) - self.SHOWN} more")
        self.message = (f"{len(self.problems)} problems; {advice}:\n  " + "\n  ".join(lines))
        files = {problem.path for problem in self.problems}
        Exception.__init__(self, f"{first.path}: {self.message}" if len(files) == 1 else
                           self.message)


def raise_all(problems: list[InputError], advice: str = "fix them and build again") -> None:
    """Raise the one problem as it is, several as InputErrors; nothing when there is none."""
    problems = [one for problem in problems for one in getattr(problem, "problems", [problem])]
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise InputErrors(problems, advice)


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
