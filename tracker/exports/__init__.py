"""Exports: every list as CSV or XLSX, streamed (issue 18)."""
