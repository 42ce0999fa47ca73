"""Statistics for publication: count tables and disclosure control of small counts."""
