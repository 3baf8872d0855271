"""A plan written into the case folder. case.toml keeps every byte outside the edit: a new
determination's table goes after the proceeding's last one (before the blank lines and
comments that lead into the next table), a correction's in place of the table it replaces,
and a key set on a table replaces its own line or gets a new one; tomlkit writes the values.
The result is checked against the same change made to the parsed file, and the edited case is
loaded from a temporary copy before anything is written; then each new file is written
atomically, case.toml last."""

from __future__ import annotations

import copy
import os
import re
import shutil
import tempfile
import tomllib
from pathlib import Path

import tomlkit

from ..case import load_case
from ..errors import InputError
from ..model import Case
from .plan import Plan
from .target import Refusal

HEADER = re.compile(r"[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_.-]+)[ \t]*\]\]?[ \t]*(?:#.*)?$")


def _headers(text: str) -> list[tuple[int, str, bool]]:
    """(offset, name, is an array table) of each table header line, outside multi-line
    strings."""
    found, offset, inside = [], 0, False
    for line in text.splitlines(keepends=True):
        match = None if inside else HEADER.match(line.rstrip("\n"))
        if match:
            found.append((offset, match.group(2), match.group(1) == "[["))
        if (line.count('"""') + line.count("'''")) % 2:
            inside = not inside
        offset += len(line)
    return found


def _spans(text: str, prefix: str) -> list[tuple[int, int]]:
    """Where each [[prefix]] table, with its sub-tables, starts and ends in `text`."""
    headers, spans = _headers(text), []
    for k, (at, name, array) in enumerate(headers):
        if array and name == prefix:
            end = next((h[0] for h in headers[k + 1:]
                        if h[2] or not h[1].startswith(prefix + ".")), len(text))
            spans.append((at, _back(text, at, end)))
    return spans


def _back(text: str, start: int, end: int) -> int:
    """`end` moved back over the blank lines and comments just before it: they lead into
    what follows."""
    lines = text[start:end].splitlines(keepends=True)
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        end -= len(lines.pop())
    return end


def render(prefix: str, table: dict) -> str:
    """A determination table as TOML text, its sub-tables last; values written by tomlkit."""
    lines = [f"[[{prefix}]]"]
    subs = [(k, v) for k, v in table.items() if isinstance(v, dict)]
    lines += [f"{k} = {tomlkit.item(v).as_string()}" for k, v in table.items()
              if not isinstance(v, dict)]
    for key, sub in subs:
        lines += ["", f"[{prefix}.{key}]"]
        lines += [f"{k} = {tomlkit.item(v).as_string()}" for k, v in sub.items()]
    return "\n".join(lines) + "\n"


def _set_keys(text: str, span: tuple[int, int], keys: dict) -> str:
    """Keys set on one table: a key on one line gets its new value (its comment kept), a new
    key goes after the `provisional_months` or `provisional` line (else after the table's
    last key line)."""
    start, end = span
    header_end = text.index("\n", start) + 1
    sub = re.search(r"(?m)^[ \t]*\[", text[header_end:end])
    own_end = header_end + sub.start() if sub else end
    own = text[header_end:own_end]
    for key, value in keys.items():
        line = f"{key} = {tomlkit.item(value).as_string()}"
        found = re.search(rf'(?m)^[ \t]*{key}[ \t]*=[ \t]*(?:"(?:[^"\\\n]|\\.)*"|[^"\n#]*?)'
                          r"([ \t]*#[^\n]*)?$", own)
        if found:
            own = own[:found.start()] + line + (found.group(1) or "") + own[found.end():]
            continue
        anchors = [m for k in ("provisional_months", "provisional", r"[A-Za-z0-9_-]+")
                   for m in [list(re.finditer(rf"(?m)^[ \t]*{k}[ \t]*=[^\n]*\n", own))] if m]
        at = anchors[0][-1].end()
        own = own[:at] + line + "\n" + own[at:]
    return text[:header_end] + own + text[own_end:]


def edited(text: str, plan: Plan) -> str:
    """case.toml's text with the plan applied; checked against the same change made to its
    parsed content."""
    text = text if text.endswith("\n") else text + "\n"
    prefix = plan.target.prefix
    spans = _spans(text, prefix)
    if plan.action == "set":
        new = _set_keys(text, spans[plan.index], plan.table)
    elif plan.action == "replace":
        start, end = spans[plan.index]
        new = text[:start] + render(prefix, plan.table) + text[end:]
    else:
        end = spans[-1][1]
        new = text[:end] + "\n" + render(prefix, plan.table) + text[end:]
    expected = copy.deepcopy(tomllib.loads(text))
    tables = expected["determination"] if prefix == "determination" else expected["cvd"][
        "determination"]
    if plan.action == "set":
        tables[plan.index].update(plan.table)
    elif plan.action == "replace":
        tables[plan.index] = plan.table
    else:
        tables.append(plan.table)
    try:
        same = tomllib.loads(new) == expected
    except tomllib.TOMLDecodeError:
        same = False
    if not same:
        raise RuntimeError("case.toml was edited wrongly (a bug of add-message); nothing "
                           "was written")
    return new


def read_case_toml(data_dir: Path) -> tuple[str, str, str]:
    """case.toml's text with "\\n" line ends, and the BOM and line end to write it back with."""
    raw = (data_dir / "case.toml").read_bytes()
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n"), bom, newline


def check_and_write(data_dir: Path, plan: Plan, toml_text: str, bom: str, newline: str,
                    dry_run: bool) -> tuple[Case, list[Path]]:
    """Load the case with the plan applied from a temporary copy (any refusal of the loader,
    in one line, naming the real files), then, unless `dry_run`, write it: the new files
    first, case.toml last, each atomically. The loaded case, and the files written."""
    clash = [name for name in plan.files if (data_dir / name).exists()]
    if clash:
        raise Refusal(f"{data_dir / clash[0]} exists already: the message's file would replace "
                      "it; move it away first")
    contents = {**plan.files, "case.toml": bom + toml_text.replace("\n", newline)}
    with tempfile.TemporaryDirectory(prefix="add-message-") as tmp:
        trial = Path(tmp) / "case"
        shutil.copytree(data_dir, trial)
        for name, content in contents.items():
            (trial / name).write_text(content, encoding="utf-8", newline="")
        try:
            case = load_case(trial)
        except InputError as err:
            raise Refusal("with the message added, the case would not load: "
                          + str(err).replace(str(trial), str(data_dir))) from None
    if dry_run:
        return case, []
    written: list[Path] = []
    try:
        for name, content in contents.items():
            _write_atomically(data_dir / name, content)
            written.append(data_dir / name)
    except OSError:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return case, written


def _write_atomically(path: Path, content: str) -> None:
    temporary = path.with_name(f".{path.name}.add-message-{os.getpid()}")
    try:
        temporary.write_text(content, encoding="utf-8", newline="")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
