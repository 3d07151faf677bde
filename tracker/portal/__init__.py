"""The candidate portal (issue 19): candidates sign in to see their cases, answer the
questionnaire and send the documents HR asks for. See models.py for the records."""
