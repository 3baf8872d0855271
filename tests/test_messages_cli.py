"""`adcvd-workbook read-message FILE [--json]`: expectations read by hand from the message text."""

import json
import re
import subprocess
import sys
from pathlib import Path

from generator.cli import main

MESSAGES = Path(__file__).resolve().parent / "fixtures" / "messages"


def test_json_has_the_keys_dates_and_numbers(capsys):
    assert main(["read-message", str(MESSAGES / "5204403.txt"), "--json"]) == 0
    read = json.loads(capsys.readouterr().out)
    assert list(read)[:10] == ["message", "corrects", "kind", "case_numbers", "federal_register",
                               "effective", "period", "refunds_from", "rates", "unread"]
    assert (read["message"], read["corrects"], read["kind"]) == ("5204403", "5192404",
                                                                 "cash deposits")
    assert (read["federal_register"], read["effective"]) == ("90 FR 28994", "2025-07-02")
    assert read["rates"][2] == {"exporter": None, "producer": None,
                                "company": "Shanghai Shaosheng Knitted Sweat",
                                "case_number": "C-570-195-002", "cash_deposit_pct": 721.03,
                                "country": None, "fallback": False}
    assert read["rates"][4]["country"] == "Japan" and read["rates"][4]["fallback"] is True
    assert read["unread"] == ["Producer and/or Exporter: Panasonic Corporation of China; "
                              "Panasonic Global Procurement China Co., Ltd. Case Number: C-588-1"]


def test_json_of_a_termination_and_a_gap(capsys):
    main(["read-message", str(MESSAGES / "4327415.txt"), "--json"])
    read = json.loads(capsys.readouterr().out)
    assert (read["kind"], read["refunds_from"], read["rates"]) == ("terminated", "start", [])
    main(["read-message", str(MESSAGES / "4194411.txt"), "--json"])
    read = json.loads(capsys.readouterr().out)
    assert read["period"] == ["2024-06-29", "2024-07-04"]
    assert read["refunds_from"] == "2024-06-29"


def test_the_table_shows_the_facts_the_rows_and_the_unread_text(capsys):
    assert main(["read-message", str(MESSAGES / "5204403.txt")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("CBP message 5204403, a correction to message 5192404\n")
    for fact in ("cash deposits", "90 FR 28994, published 2025-07-02",
                 "entries on or after 2025-07-02", "Third country:     Japan: C-588-195-000",
                 "Huzhou Kaijin New Energy Technology Corp., Ltd.", "721.03"):
        assert fact in out
    assert "  C-588-195-000     11.58  Japan       All Others  [fallback]\n" in out
    unread = out.split("UNREAD")[1]
    assert "never a rate row" in unread and "Case Number: C-588-1" in unread


def test_the_table_says_liquidation_rates_are_not_deposits(capsys):
    main(["read-message", str(MESSAGES / "3271405.txt")])
    out = capsys.readouterr().out
    assert "assessment rates for liquidation, not cash deposits" in out
    assert "2020-01-01 through 2020-12-31" in out


def test_a_refusal_exits_2_with_one_line_on_stderr(capsys):
    assert main(["read-message", str(MESSAGES / "6180302.txt")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (f"error: {MESSAGES / '6180302.txt'}, line 23: the message gives a "
                            "specific rate ($4.71 per kilogram): the workbook prices ad valorem "
                            "rates (percent of value) only\n")


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert main(["read-message", str(tmp_path / "nope.txt")]) == 2
    assert "No such file" in capsys.readouterr().err


def test_read_message_runs_as_a_command_without_traceback():
    run = subprocess.run([sys.executable, "-m", "generator", "read-message",
                          str(MESSAGES / "5189201.txt")], capture_output=True, text=True)
    assert run.returncode == 2 and run.stdout == ""
    assert "legacy upper-case" in run.stderr and "Traceback" not in run.stderr
    assert run.stderr.count("\n") == 1


def test_the_docs_list_every_json_key(capsys):
    docs = (Path(__file__).resolve().parent.parent / "docs" / "messages.md").read_text("utf-8")
    listed = re.findall(r"^\| `(\w+)` \|", docs, re.MULTILINE)
    main(["read-message", str(MESSAGES / "9295301.txt"), "--json"])
    read = json.loads(capsys.readouterr().out)
    assert listed == list(read)
    rate_keys = re.search(r"`rates` \| objects with (.*) \|", docs).group(1)
    assert re.findall(r"`(\w+)`", rate_keys) == list(read["rates"][0])
