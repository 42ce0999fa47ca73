"""Consolidation proper: the tidy tables of a period with provenance (``tables``), the
traffic-light rating (``rating``), the report's figures (``figures``), the summary of the
returns (``summary``), and the report model that ``report.xlsx`` and the T5 document both
render (``report_model``, built from ``report_parts``, ``report_rows``, ``report_tree``,
``report_stats`` and ``report_text``).

Pure: imports the standard library and ``toolkit``'s pure modules only.
"""
