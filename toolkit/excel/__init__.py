"""Everything that touches Excel files: the safety layer over openpyxl and the Excel buttons."""
