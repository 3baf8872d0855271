"""Entries a user might type against the `distinct` fixture case, one tricky case each."""

import datetime as dt

from generator.entries import Entry

D = dt.date(2026, 2, 1)
ALPHA, BETA = "Alpha Trading Co., Ltd.", "Beta (Shenzhen) Materials Co., Ltd."

USER_ENTRIES = [
    Entry("E-01", D, "3801.10.5000", ALPHA, BETA,                                   # listed
          entered_value=10000.0, quantity_kg=500.0),
    Entry("E-02", D, "3801.10.5000", "ALPHA trading co., ltd.", BETA.lower(),
          entered_value=1234.56, quantity_kg=1.5),
    Entry("E-03", D, "3801.10.5000", "  Alpha  Trading   Co., Ltd. ", BETA,
          entered_value=999.99),
    Entry("E-04", D, "3801.10.5000", BETA, ALPHA,                                   # swapped pair
          entered_value=5000.0, quantity_kg=10.0),
    Entry("E-05", D, "3801.10.5000", ALPHA, "Zeta Co.",                             # exporter only
          entered_value=700.0, quantity_kg=7.0),
    Entry("E-06", D, "3801.10.5000", "Nobody Ltd.", "Nothing Ltd.",                 # not listed
          entered_value=100.0, quantity_kg=1.0),
    Entry("E-07", D, "3801.10.5000", ALPHA, None,                                   # no producer
          entered_value=250.0, quantity_kg=2.0),
    Entry("E-08", D, "3801.10.5000", None, BETA,                                    # no exporter
          entered_value=260.0, quantity_kg=2.0),
    Entry(),                                                                        # blank row
    Entry("E-10", D, "2504.10.5000", "O'Brien & Sons \"Carbon\" Ltd.",
          "Zhejiang Lichen New Materials Co., Ltd.", entered_value=88888.88,         # 0% rate
          quantity_kg=3.0),
    Entry("E-11", D, "2504.10.5000", "Société Générale de Graphite", "北京石墨有限公司",
          entered_value=2.675, quantity_kg=1.0),                                    # 1200%
    Entry("E-12", D, "2504.10.5000", "Delta Double Space Co.", "Epsilon Co.",
          entered_value=10.0, quantity_kg=1.0),
    Entry("E-13", D, "2504.10.5000", "Theta~Tilde Co.", "Star* Producer?",
          entered_value=20.0, quantity_kg=1.0),
    Entry("E-14", D, "2504.10.5000", "Alpha*", "Beta*",                             # wildcards
          entered_value=30.0, quantity_kg=1.0),
    Entry("E-15", D, "2504.10.5000", "Alpha?Trading Co., Ltd.", BETA,
          entered_value=40.0, quantity_kg=1.0),
    Entry("E-16", D, "2504.10.5000", "=Formula Looking Co.", "@At Co.",
          entered_value=50.0, quantity_kg=1.0),
    Entry("E-17", D, "2504.10.5000", "Zeta Co.", "Zeta Co.", quantity_kg=1.0),    # no value
    Entry("E-18", D, "2504.10.5000", "ünïcode ørsted ås", "Łódź Węgiel Sp. z o.o.",
          entered_value=61.0, quantity_kg=1.0),
    Entry("E-19", D, "2504.10.5000", "Panasonic Energy Co., Ltd.", "Resonac Corporation",
          entered_value=1000.0, quantity_kg=1.0),
    Entry("E-20", D, "2504.10.5000", "Panasonic Energy (Wuxi) Co., Ltd.",
          "Resonac Corporation", entered_value=1000.0, quantity_kg=1.0),
    Entry("E-21", D, "2504.10.5000", "a_b Co.", "c-d Co.",
          entered_value=1000.0, quantity_kg=1.0),
    Entry("E-22", D, "2504.10.5000", "ΣΊΓΜΑ ΑΕ", "ωμέγα επε",
          entered_value=1000.0, quantity_kg=1.0),
    Entry("E-23", D, "2504.10.5000", "Theta~Tilde Co.", "Star Producer",
          entered_value=20.0, quantity_kg=1.0),
    Entry("E-24"),                                                                  # number only
    Entry("E-25", D, "2504.10.5000", "Zeta Co.", "Zeta Co.",
          entered_value=0.0, quantity_kg=0.0),
]
