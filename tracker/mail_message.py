"""Writing an e-mail: in its recipient's language, with a subject that folds right.

Every e-mail is rendered inside flask_babel.force_locale(mail_language(...)):
the recipient's setting (users.language), else the language the caller passes
on (an invitee has none yet: the inviting request's), else English. Flask-Babel's
force_locale needs only an app context (it keeps the locale on `g`), so the
worker renders in the recipient's language too.

The subject: Flask-Mailman encodes a non-ASCII subject into RFC 2047 words
itself (`Header(value).encode()`, folded at 76 characters without counting
"Subject: "), and the standard library's generator then folds that string
again: the first encoded word no longer fits after "Subject: ", so it moves
to a line of its own and the decoded subject starts with a space. `Email`
hands the generator a `Header` that knows its name instead, which folds once
and correctly: every line within 78 characters, and decoding gives back
exactly the subject.
"""

from __future__ import annotations

from email.header import Header
from email.message import Message

from flask_mailman import EmailMultiAlternatives

from tracker.i18n import DEFAULT, HTML_LANG, language_or_none


def mail_language(setting: str | None, fallback: str | None = None) -> str:
    """The language of an e-mail: the recipient's *setting*, else *fallback*, else English."""
    return language_or_none(setting) or language_or_none(fallback) or DEFAULT


def subject_header(subject: str) -> Header:
    """The Subject header: plain ASCII when it is, else UTF-8 encoded words.

    Built with its name, so the first line counts "Subject: " and no line passes
    78 characters (RFC 5322's recommended limit).
    """
    charset = "us-ascii" if subject.isascii() else "utf-8"
    return Header(subject, charset, header_name="Subject")


class Email(EmailMultiAlternatives):
    """A text e-mail with an HTML alternative, whose subject is folded by the standard library."""

    def message(self) -> Message:
        # Flask-Mailman sets the subject first: it refuses a line break (BadHeaderError).
        message = super().message()
        message.replace_header("Subject", subject_header(str(self.subject)))
        return message


def build(subject: str, text: str, html: str, to: list[str], language: str,
          headers: dict[str, str] | None = None) -> Email:
    """An e-mail with both parts in *language*, ready to send.

    The language is declared in a Content-Language header (RFC 3282) and on the
    HTML part's root, so a mail client picks Traditional Chinese glyphs and fonts.
    """
    tag = HTML_LANG.get(language, DEFAULT)
    message = Email(subject, text, to=to,
                    headers={"Content-Language": tag, **(headers or {})})
    message.attach_alternative(f'<!DOCTYPE html>\n<html lang="{tag}"><head><meta charset="utf-8">'
                               f"</head><body>\n{html}</body></html>\n", "text/html")
    return message
