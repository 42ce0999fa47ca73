"""Building and inspecting the VBA projects of macro-enabled workbooks.

May import the standard library, olefile and XlsxWriter; nothing of ``toolkit`` outside ``vba``.
"""
