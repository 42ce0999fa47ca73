"""Outputs of a consolidation: ``report.xlsx`` (``report``, ``report_sheets``, ``report_book``),
the tidy exports and the ledger (``exports``), the feedback workbooks (``feedback``), and the
writing of the whole set (``write``).

May import XlsxWriter and pyarrow, the consolidation's pure modules and ``toolkit.xlsx``; never
intake or the checks.
"""
