"""Entries against the `timeline` fixture (tests/fixtures/timeline): dated on both sides of
every AD and CVD effective date, with names that hit each AD and CVD rule, a blank date, a
date typed as text, a date with a time and a Subject Merchandise Value."""

import datetime as dt

from generator.entries import Entry

D = dt.date
ALPHA, BETA, GAMMA = "Alpha Trading Co., Ltd.", "Beta Materials Co., Ltd.", "Gamma Graphite Co."
DELTA, KAPPA, NOBODY = "Delta Carbon Co.", "Kappa Knitted Sweat", "Nobody Co."
WILD_E, WILD_P = "Epsilon* Energy Co.", "Zeta? Anode Co."

# (entry number, date, exporter, producer, entered value, subject value)
ROWS = [
    ("T-01", D(2025, 5, 27), ALPHA, BETA, 1000.0, None),     # before any determination
    ("T-02", D(2025, 5, 28), ALPHA, BETA, 1000.0, None),     # CVD prelim starts; no AD yet
    ("T-03", D(2025, 7, 1), NOBODY, BETA, 2000.0, None),     # CVD prelim: producer's rate
    ("T-04", D(2025, 7, 2), NOBODY, BETA, 2000.0, None),     # CVD amended
    ("T-05", D(2025, 7, 23), ALPHA, GAMMA, 3000.0, None),    # day before the AD prelim
    ("T-06", D(2025, 7, 24), ALPHA, GAMMA, 3000.0, None),    # AD prelim starts
    ("T-07", D(2025, 7, 24), KAPPA, NOBODY, 500.0, None),    # CVD exporter 721.03%
    ("T-08", D(2025, 8, 31), "Dropped Exporter Co.", "Dropped Producer Co.", 800.0, None),
    ("T-09", D(2025, 9, 1), "Dropped Exporter Co.", "Dropped Producer Co.", 800.0, None),
    ("T-10", D(2025, 8, 31), "Added Exporter Co.", "Added Producer Co.", 900.0, None),
    ("T-11", D(2025, 9, 1), "Added Exporter Co.", "Added Producer Co.", 900.0, None),
    ("T-12", D(2025, 9, 24), DELTA, DELTA, 1234.56, None),  # CVD amended: All Others
    ("T-13", D(2025, 9, 25), DELTA, DELTA, 1234.56, None),  # CVD lapsed; AD amended 0%
    ("T-14", D(2026, 1, 20), ALPHA, NOBODY, 1500.0, None),   # AD exporter only
    ("T-15", D(2026, 1, 21), ALPHA, NOBODY, 1500.0, None),   # AD lapsed too
    ("T-16", D(2026, 3, 15), NOBODY, GAMMA, 700.0, None),    # nothing in force
    ("T-17", D(2026, 3, 16), NOBODY, GAMMA, 700.0, None),    # orders: CVD producer Gamma
    ("T-18", D(2026, 3, 16), ALPHA, GAMMA, 3000.0, None),    # AD order drops the pair
    ("T-19", D(2026, 4, 1), "Order Only Co.", "Order Only Co.", 100.0, None),
    ("T-20", None, ALPHA, BETA, 1000.0, None),               # blank date: latest
    ("T-21", "2025-08-01", ALPHA, BETA, 1000.0, None),       # text date: no rate
    ("T-22", dt.datetime(2025, 9, 1, 14, 30), DELTA, DELTA, 100.0, None),
    ("T-23", D(2025, 8, 15), ALPHA, BETA, 50000.0, 1234.5),  # battery cells: subject value
    ("T-24", D(2025, 8, 15), WILD_E, WILD_P, 400.0, None),   # wildcards in names
    ("T-25", D(2025, 9, 15), "Epsilon Energy Co.", "Zeta Anode Co.", 400.0, None),
    ("T-26", D(2025, 8, 15), "  alpha  TRADING co., ltd. ", "beta materials co., ltd.", 10.0,
     None),
    ("T-27", D(2025, 8, 15), ALPHA, None, 10.0, None),       # producer missing
    ("T-28", D(2025, 8, 15), None, BETA, 10.0, None),        # exporter missing
    ("T-29", D(2025, 8, 15), "Alpha Trading (Shanghai) Co., Ltd.", NOBODY, 10.0, None),
    ("T-30", D(2025, 7, 2), "Alpha Trading (Shanghai) Co., Ltd.", NOBODY, 10.0, None),
    ("T-31", D(2025, 8, 15), ALPHA, BETA, None, None),       # no value: no deposit shown
]

TIMELINE_ENTRIES = [Entry(number, date, "3801.10.5000", exporter, producer,
                          entered_value=value, quantity_kg=1.0, subject_value=subject)
                    for number, date, exporter, producer, value, subject in ROWS]
