"""Consolidation proper: the tidy tables of a period with provenance (``tables``), the
traffic-light rating (``rating``), the report's figures (``figures``) and the summary of the
returns (``summary``).

Pure: imports the standard library and ``toolkit``'s pure modules only.
"""
