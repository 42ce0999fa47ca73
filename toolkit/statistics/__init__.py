"""Statistics for publication: count tables and disclosure control of small counts.

Pure: imports the standard library only.
"""
