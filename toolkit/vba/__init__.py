"""Building and inspecting the VBA projects of macro-enabled workbooks."""
