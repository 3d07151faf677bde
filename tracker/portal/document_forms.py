"""Forms of the documents asked through the portal: HR's request (which checklist items,
by when), HR's accept and return buttons. The candidate's upload is HR's own upload
form (documents.forms.UploadForm): the same field and the same refusal."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.clock import today
from tracker.portal.documents import DUE_DAYS, REASON_LENGTH


class DocumentRequestForm(FlaskForm):
    """Which checklist items to ask the candidate for, and by when. The service judges
    both (documents.request_documents), so every problem shows at once."""

    codes = SelectMultipleField(_l("Documents to ask for"), choices=[], validate_choice=False,
                                widget=ListWidget(prefix_label=False),
                                option_widget=CheckboxInput())
    due_on = DateField(_l("Send them by"), validators=[Optional()])
    submit = SubmitField(_l("Ask the candidate"))

    def propose(self, missing: list[str]) -> None:
        """The form as first shown: the missing items ticked, due in DUE_DAYS days."""
        self.codes.data = missing
        self.due_on.data = today() + timedelta(days=DUE_DAYS)


class AcceptForm(FlaskForm):
    """Accept the candidate's upload: the CSRF token only."""

    submit = SubmitField(_l("Accept"))


class ReturnForm(FlaskForm):
    """Return the candidate's upload, saying why (shown to the candidate and mailed)."""

    reason = TextAreaField(_l("Reason for the candidate"), validators=[
        DataRequired(_l("Say why, so the candidate knows what to send instead.")),
        Length(max=REASON_LENGTH)], render_kw={"rows": 2, "maxlength": REASON_LENGTH})
    submit = SubmitField(_l("Return to the candidate"))
