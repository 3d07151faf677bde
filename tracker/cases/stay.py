"""The suggested limit of stay of a case (rules/stay.py), for the move form's pre-fill."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm

from tracker.cases.models import Case
from tracker.rules.stay import StaySuggestion, suggest_limit_of_stay
from tracker.text import hkdate

FACT = "limit_of_stay_until"


def stay_suggestion(case: Case, today: date) -> StaySuggestion:
    """The limit of stay a visa issued *today* would normally give this case.

    The scheme's pattern is the one for the application date (the submission
    date once recorded); NET follows the contract end.
    """
    return suggest_limit_of_stay(case.scheme, case.submitted_on or today, today,
                                 contract_end=case.contract_end)


def describe(suggestion: StaySuggestion) -> str:
    """The field's help text: the suggestion and where it comes from."""
    confirmed = "" if suggestion.confirmed else " Not confirmed against an official text."
    if suggestion.until is None:
        return f"No suggestion: {suggestion.reason} Enter the date on the visa."
    return (f"Suggested {hkdate(suggestion.until)}: {suggestion.reason} Source: "
            f"{suggestion.source}.{confirmed} Change it to the date the visa states.")


def prefill_limit_of_stay(form: FlaskForm, case: Case, today: date, posted: bool) -> None:
    """Put the suggestion into the move form's "Limit of stay until" (unless posted)."""
    if FACT not in form:
        return
    suggestion = stay_suggestion(case, today)
    form[FACT].description = describe(suggestion)
    if not posted and form[FACT].data is None:
        form[FACT].data = suggestion.until
