"""Import from spreadsheets (issue 18): read a CSV or XLSX, map its columns, preview, write."""
