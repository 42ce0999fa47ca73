"""Generation: renders each institution's workbook layout to a locked ``.xlsx`` (``render``,
``render_sheets``) and writes the period's workbooks and manifest (``workbooks``).

May import XlsxWriter through ``toolkit.xlsx``, and the pure layout (``toolkit.reporting``).
"""
