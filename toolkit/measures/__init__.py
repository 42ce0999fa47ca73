"""The catalogue of standard measures (DOMAIN.md §1.5-1.8) and what a plan covers of it.

Pure: the catalogue is read from TOML declarations with the standard library, the similarity
search and the coverage figures are plain Python. Imports only the standard library and the pure
core (plan model, templates, findings); the coverage workbook is written by
``toolkit.outputs``.
"""
