"""Reporting workbooks: periods, who reports what, the shared cell layout, and generation."""
