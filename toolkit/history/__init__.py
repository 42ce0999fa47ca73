"""Consolidations across periods, as plain data: the record of one period (``records``), each
indicator's series against its targets and the series a plan revision breaks (``series``), and
the annual and plan-to-date figures (``figures``).

Pure: imports the standard library and ``toolkit``'s pure modules only.
"""
