"""What the Entries sheet must show for entries against the `distinct` fixture, worked by
hand from tests/fixtures/distinct (rates.csv, case.toml): an oracle outside the code, which
the reference (tests/test_distinct_expectations.py) and every engine (LibreOffice, Gnumeric,
the `formulas` package) are checked against.

The case has one AD determination, "Final Determination", in force from the start (no
effective date), and no CVD case, so the formula columns are the five AD ones. A deposit is
the value (the Subject Merchandise Value when filled, else the Entered Value) times the cash
deposit rate, worked on paper and rounded to cents half away from zero. Names match as
LOWER(TRIM(name)), with *, ? and ~ taken literally (docs/rules.md). ENTRIES covers every row
of rates.csv, each fallback reason, a blank and a text Entry Date, and blank rows.
"""

from decimal import Decimal

from generator.entries import Entry
from tests.entry_cases import ALPHA, BETA, D, USER_ENTRIES

GAMMA = "Gamma Graphite Co., Ltd."

# Beyond USER_ENTRIES: rates.csv row 2 (the one pair they leave out), a blank Entry Date, an
# Entry Date typed as text, a Subject Merchandise Value.
MORE_ENTRIES = [
    Entry(entry_number="E-26", entry_date=None, hts="3801.10.5000", exporter=ALPHA,
          producer=GAMMA, entered_value=1003.0, quantity_kg=1.0),
    Entry(entry_number="E-27", entry_date="2026-02-30", hts="3801.10.5000", exporter=ALPHA,
          producer=BETA, entered_value=500.0, quantity_kg=1.0),
    Entry(entry_number="E-28", entry_date=D, hts="3801.10.5000", exporter=ALPHA,
          producer=GAMMA, entered_value=10000.0, subject_value=400.0, quantity_kg=1.0),
]
ENTRIES = USER_ENTRIES + MORE_ENTRIES

FINAL = "Final Determination"
LATEST = "Final Determination (no entry date: latest)"
NOT_A_DATE = "(Entry Date is not a date)"
LISTED = "Listed combination"
CHINA = "China-Wide Entity"   # case.toml [fallback]: 149.50%, A-570-999-000
PRODUCER_MISSING = f"{CHINA}: producer missing"
EXPORTER_MISSING = f"{CHINA}: exporter missing"
EXPORTER_ONLY = f"{CHINA}: exporter listed with other producers only"
PAIR_NOT_LISTED = f"{CHINA}: pair not listed"
FALLBACK_REASONS = {PRODUCER_MISSING, EXPORTER_MISSING, EXPORTER_ONLY, PAIR_NOT_LISTED}
NO_VALUE = "; no value: no deposit computed"   # the basis of an entry without a value
BLANK = (None, None, None, None, None, None)

# entry number -> (rates.csv data row, 0 for the fallback, None for no rate; determination;
# cash deposit rate %; basis; case number; deposit in USD). None is a blank cell.
EXPECTED = {
    "E-01": (1, FINAL, "11.11", LISTED, "A-570-999-001", 1111.00),  # 10,000.00 x 11.11%
    "E-02": (1, FINAL, "11.11", LISTED, "A-570-999-001", 137.16),   # 1,234.56: 137.159616
    "E-03": (1, FINAL, "11.11", LISTED, "A-570-999-001", 111.10),   # 999.99: 111.098889
    "E-04": (3, FINAL, "32.10", LISTED, None, 1605.00),             # 5,000.00 x 32.10%
    "E-05": (0, FINAL, "149.50", EXPORTER_ONLY, "A-570-999-000", 1046.50),  # 700 x 149.50%
    "E-06": (0, FINAL, "149.50", PAIR_NOT_LISTED, "A-570-999-000", 149.50),  # 100.00
    "E-07": (0, FINAL, "149.50", PRODUCER_MISSING, "A-570-999-000", 373.75),  # 250.00
    "E-08": (0, FINAL, "149.50", EXPORTER_MISSING, "A-570-999-000", 388.70),  # 260.00
    None: BLANK,                                                    # Entry(): a blank row
    "E-10": (4, FINAL, "0.00", LISTED, "A-570-999-003", 0.00),      # 88,888.88 x 0%
    "E-11": (5, FINAL, "1200.00", LISTED, None, 32.10),             # 2.675 x 1200% = 32.1
    "E-12": (6, FINAL, "40.01", LISTED, None, 4.00),                # 10.00: 4.001
    "E-13": (7, FINAL, "5.25", LISTED, None, 1.05),                 # 20.00 x 5.25%
    "E-14": (0, FINAL, "149.50", PAIR_NOT_LISTED, "A-570-999-000", 44.85),  # 30.00
    "E-15": (0, FINAL, "149.50", PAIR_NOT_LISTED, "A-570-999-000", 59.80),  # 40.00
    "E-16": (8, FINAL, "7.70", LISTED, None, 3.85),                 # 50.00 x 7.70%
    "E-17": (9, FINAL, "8.80", LISTED, None, None),                 # no value: no deposit
    "E-18": (10, FINAL, "60.90", LISTED, None, 37.15),              # 61.00: 37.149
    "E-19": (11, FINAL, "91.25", LISTED, None, 912.50),             # 1,000.00 x 91.25%
    "E-20": (12, FINAL, "76.40", LISTED, None, 764.00),             # 1,000.00 x 76.40%
    "E-21": (13, FINAL, "3.20", LISTED, None, 32.00),               # 1,000.00 x 3.20%
    "E-22": (14, FINAL, "13.13", LISTED, None, 131.30),             # 1,000.00 x 13.13%
    "E-23": (0, FINAL, "149.50", EXPORTER_ONLY, "A-570-999-000", 29.90),  # 20.00
    "E-24": BLANK,                                                  # no names: a blank row
    "E-25": (9, FINAL, "8.80", LISTED, None, 0.00),                 # 0.00 x 8.80%
    "E-26": (2, LATEST, "24.50", LISTED, "A-570-999-002", 245.74),  # 1,003.00: 245.735
    "E-27": (None, NOT_A_DATE, None, "No rate: the Entry Date is not a date", None, None),
    "E-28": (2, FINAL, "24.50", LISTED, "A-570-999-002", 98.00),    # subject 400.00 x 24.50%
}

COLUMNS = ("ad_determination", "ad_rate", "ad_basis", "ad_case_number", "ad_deposit")


def rate(pct: str | None) -> float | None:
    """A cash deposit rate % as the workbook holds it: a fraction (11.11 -> 0.1111)."""
    return None if pct is None else float(Decimal(pct) / 100)


# What the Rate Basis adds (generator/names.py): no value. (No name here is close to a
# listed one: * ? ~ count as letters, so "Alpha?Trading" is not "Alpha Trading".)
NOTES = {"E-17": NO_VALUE}


def expected_row(entry: Entry) -> dict:
    """The AD formula columns the entry's row shows (None: blank), by column key."""
    _, determination, pct, basis, case_number, deposit = EXPECTED[entry.entry_number]
    basis = basis and basis + NOTES.get(entry.entry_number, "")
    return dict(zip(COLUMNS, (determination, rate(pct), basis, case_number, deposit)))


def expected_rows(entries: list[Entry], count: int | None = None) -> list[dict]:
    """The rows of `entries`, then blank rows up to `count`."""
    rows = [expected_row(entry) for entry in entries]
    return rows + [dict.fromkeys(COLUMNS)] * ((count or len(rows)) - len(rows))


def labels(entries: list[Entry], count: int | None = None) -> list[str]:
    """Each row's name in a mismatch message."""
    names = [entry.entry_number or "(blank row)" for entry in entries]
    return names + ["(blank row)"] * ((count or len(names)) - len(names))

