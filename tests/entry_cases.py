"""Entries a user might type against the `distinct` fixture case, one tricky case each."""

import datetime as dt

from generator.entries import Entry

D = dt.date(2026, 2, 1)
ALPHA, BETA = "Alpha Trading Co., Ltd.", "Beta (Shenzhen) Materials Co., Ltd."

USER_ENTRIES = [
    Entry("E-01", D, "3801.10.5000", ALPHA, BETA, 10000.0, 500.0),              # listed
    Entry("E-02", D, "3801.10.5000", "ALPHA trading co., ltd.", BETA.lower(), 1234.56, 1.5),
    Entry("E-03", D, "3801.10.5000", "  Alpha  Trading   Co., Ltd. ", BETA, 999.99, None),
    Entry("E-04", D, "3801.10.5000", BETA, ALPHA, 5000.0, 10.0),               # swapped pair
    Entry("E-05", D, "3801.10.5000", ALPHA, "Zeta Co.", 700.0, 7.0),           # exporter only
    Entry("E-06", D, "3801.10.5000", "Nobody Ltd.", "Nothing Ltd.", 100.0, 1.0),  # not listed
    Entry("E-07", D, "3801.10.5000", ALPHA, None, 250.0, 2.0),                 # no producer
    Entry("E-08", D, "3801.10.5000", None, BETA, 260.0, 2.0),                  # no exporter
    Entry(),                                                                    # blank row
    Entry("E-10", D, "2504.10.5000", "O'Brien & Sons \"Carbon\" Ltd.",
          "Zhejiang Lichen New Materials Co., Ltd.", 88888.88, 3.0),           # 0% rate
    Entry("E-11", D, "2504.10.5000", "Société Générale de Graphite", "北京石墨有限公司",
          2.675, 1.0),                                                          # 1200%
    Entry("E-12", D, "2504.10.5000", "Delta Double Space Co.", "Epsilon Co.", 10.0, 1.0),
    Entry("E-13", D, "2504.10.5000", "Theta~Tilde Co.", "Star* Producer?", 20.0, 1.0),
    Entry("E-14", D, "2504.10.5000", "Alpha*", "Beta*", 30.0, 1.0),            # wildcards
    Entry("E-15", D, "2504.10.5000", "Alpha?Trading Co., Ltd.", BETA, 40.0, 1.0),
    Entry("E-16", D, "2504.10.5000", "=Formula Looking Co.", "@At Co.", 50.0, 1.0),
    Entry("E-17", D, "2504.10.5000", "Zeta Co.", "Zeta Co.", None, 1.0),       # no value
    Entry("E-18", D, "2504.10.5000", "ünïcode ørsted ås", "Łódź Węgiel Sp. z o.o.", 61.0, 1.0),
    Entry("E-19", D, "2504.10.5000", "Panasonic Energy Co., Ltd.", "Resonac Corporation",
          1000.0, 1.0),
    Entry("E-20", D, "2504.10.5000", "Panasonic Energy (Wuxi) Co., Ltd.",
          "Resonac Corporation", 1000.0, 1.0),
    Entry("E-21", D, "2504.10.5000", "a_b Co.", "c-d Co.", 1000.0, 1.0),
    Entry("E-22", D, "2504.10.5000", "ΣΊΓΜΑ ΑΕ", "ωμέγα επε", 1000.0, 1.0),
    Entry("E-23", D, "2504.10.5000", "Theta~Tilde Co.", "Star Producer", 20.0, 1.0),
    Entry("E-24", None, None, None, None, None, None),                         # number only
    Entry("E-25", D, "2504.10.5000", "Zeta Co.", "Zeta Co.", 0.0, 0.0),
]
