"""Rules that officials change, kept as data with their source and effective date.

Code reads these modules through small functions; changing a rule means
changing data here (plus its test), not editing logic across the app.
"""
