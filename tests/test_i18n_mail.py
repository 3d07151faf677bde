"""Every e-mail in its recipient's language (issue 15), as a real SMTP server receives it.

The language is the recipient's setting (users.language; none: English); an invitee
has none yet and gets the inviting request's. A reminder read in two languages goes
out as one message per language. A Chinese subject is sent as RFC 2047 encoded words
folded within 78 characters a line, and decodes to exactly the subject.
"""

from __future__ import annotations

import email
import email.policy
import re
from datetime import date, timedelta

import pytest

from tests.account_mail import outbox
from tests.reminder_fixtures import SmtpSink
from tests.reminder_fixtures import wait_for as wait_until
from tests.reminders import builders as build
from tracker.mail_message import build as build_mail
from tracker.mail_message import mail_language

ZH = {"Accept-Language": "zh-HK,zh;q=0.9,en;q=0.8"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}
LIMIT = date(2030, 9, 1)
SCAN_DAY = date(2030, 5, 1)  # 123 days before the limit of stay ends
ZH_STAY = "Wong Ka Yan 黃嘉欣 的逗留期限將於 01/09/2030 屆滿（123 日後）"
EN_STAY = "Limit of stay of Wong Ka Yan 黃嘉欣 ends in 123 days (01/09/2030)"
# English interface text that a Chinese reminder must not contain.
ENGLISH = ("What to do", "Employee", "Limit of stay", "extension", "Open the case",
           "Your email settings", "days left", "HK Sponsorship Tracker", "Job title", "Visa")


class RawSmtpSink(SmtpSink):
    """The SMTP sink, also keeping each message's bytes as they came over the wire."""

    def __init__(self) -> None:
        super().__init__()
        self.raw: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.raw.append(envelope.original_content or envelope.content)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def raw_sink():
    sink = RawSmtpSink().start()
    yield sink
    sink.stop()


def header_lines(raw: bytes, name: str) -> list[bytes]:
    """The physical lines of header *name* in *raw*: its first line and its continuations."""
    head = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0]
    lines, found = re.split(rb"\r?\n", head), []
    for line in lines:
        if found and line[:1] in (b" ", b"\t"):
            found.append(line)
        elif found:
            break
        elif line.lower().startswith(name.lower().encode() + b":"):
            found.append(line)
    return found


def check_subject(raw: bytes, expected: str) -> None:
    """Folded within 78 characters a line, encoded words only, and decodes to *expected*."""
    lines = header_lines(raw, "Subject")
    assert lines and all(len(line) <= 78 for line in lines), lines
    assert lines[0].startswith(b"Subject: =?utf-8?"), lines  # no empty first line
    assert all(line.isascii() for line in lines)
    decoded = str(email.message_from_bytes(raw, policy=email.policy.default)["Subject"])
    assert decoded == expected  # exactly: no leading space, nothing lost at a fold


def text_part(raw: bytes) -> str:
    """The text/plain part, decoded from its UTF-8 bytes."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain",))
    assert part.get_content_charset() == "utf-8"
    return part.get_payload(decode=True).decode("utf-8")


def html_part(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    return message.get_body(preferencelist=("html",)).get_content()


def wire_bytes(app, subject: str, body: str, language: str) -> bytes:
    """The bytes the SMTP backend sends for an e-mail built by tracker/mail_message.py."""
    with app.app_context():
        message = build_mail(subject, body, f"<p>{body}</p>", to=["hr@example.com"],
                             language=language).message()
    return message.as_bytes(linesep="\r\n")


def test_a_long_chinese_subject_is_folded_into_encoded_words_that_decode_exactly(app):
    subject = ZH_STAY + "：請盡快準備延期逗留申請，並在申請期開始後遞交"
    raw = wire_bytes(app, subject, "內文", "zh_Hant")
    assert len(header_lines(raw, "Subject")) >= 3  # long enough to fold twice
    check_subject(raw, subject)
    assert text_part(raw) == "內文"


def test_flask_mailman_alone_starts_the_decoded_subject_with_a_space(app):
    """Why tracker/mail_message.Email exists: Flask-Mailman's own subject folds twice. If
    this starts failing, a Flask-Mailman upgrade fixed it and Email may go."""
    from flask_mailman import EmailMultiAlternatives

    with app.app_context():
        message = EmailMultiAlternatives(ZH_STAY, "x", to=["hr@example.com"]).message()
    raw = message.as_bytes(linesep="\r\n")
    assert header_lines(raw, "Subject")[0] == b"Subject: "
    decoded = str(email.message_from_bytes(raw, policy=email.policy.default)["Subject"])
    assert decoded == " " + ZH_STAY


def test_an_ascii_subject_stays_plain_text(app):
    subject = "Limit of stay of Chan Tai Man ends in 123 days (01/09/2030), " * 2
    raw = wire_bytes(app, subject.strip(), "x", "en")
    lines = header_lines(raw, "Subject")
    assert len(lines) == 2 and all(len(line) <= 78 for line in lines)
    assert b"=?" not in b"".join(lines)
    assert str(email.message_from_bytes(raw, policy=email.policy.default)["Subject"]) \
        == subject.strip()


def test_the_language_of_an_email():
    assert mail_language("zh_Hant") == "zh_Hant"
    assert mail_language(None) == "en"
    assert mail_language(None, "zh_Hant") == "zh_Hant"  # an invitee: the request's
    assert mail_language("en", "zh_Hant") == "en"  # the setting wins
    assert mail_language(None, "fr") == "en"


def stay_case(app, make):
    """A company with a Chinese-reading admin and an English-reading staff member, and an
    employee whose limit of stay ends on LIMIT."""
    company = make.company("Acme Robotics Limited")
    chan = make.user(company, role="admin", password=None, email="chan@acme.example")
    build.set_user(app, chan.id, language="zh_Hant")
    make.user(company, role="staff", password=None, email="smith@acme.example")
    wong = make.candidate(company, full_name="Wong Ka Yan", chinese_name="黃嘉欣")
    build.case(app, company.id, wong.id, stage="active", limit_of_stay_until=LIMIT,
               visa_number="V-123")
    return company


def test_the_worker_sends_a_stay_reminder_in_each_readers_language(app, make, raw_sink,
                                                                     start_worker):
    stay_case(app, make)
    start_worker(raw_sink.port)
    with app.app_context():
        app.extensions["celery"].send_task("reminders.scan", args=(SCAN_DAY.isoformat(),),
                                           ignore_result=True)
    wait_until(lambda: len(raw_sink.raw) == 2, 60, message="two reminder e-mails")
    by_reader = {tuple(r.recipients): raw for r, raw in zip(raw_sink.received, raw_sink.raw,
                                                              strict=True)}
    zh, en = by_reader[("chan@acme.example",)], by_reader[("smith@acme.example",)]

    check_subject(zh, ZH_STAY)
    assert b"\r\nContent-Language: zh-Hant-HK\r\n" in zh and b'<html lang="zh-Hant-HK">' in zh
    text, html = text_part(zh), html_part(zh)
    for part in (text, html):
        assert "Wong Ka Yan 黃嘉欣 的逗留期限將於 01/09/2030 屆滿（123 日後）。" in part
        assert "須採取的行動：" in part and "請準備延期逗留申請（表格 ID 91" in part
        assert "可於 01/06/2030 起申請延期逗留" in part and "V-123" in part
        assert "香港簽證擔保追蹤系統 · Acme Robotics Limited" in part
        for english in ENGLISH:
            assert english not in part, english
    assert "僱員： Wong Ka Yan 黃嘉欣" in text and "逗留期限至： 01/09/2030（尚餘 123 日）" in text

    check_subject(en, EN_STAY)
    assert b"\r\nContent-Language: en\r\n" in en
    assert "What to do: Prepare the extension of stay" in text_part(en)
    assert "須採取" not in text_part(en) and "Employee" in html_part(en)

    # One ledger row: it records the English subject and every recipient; the English
    # copy carries its Message-ID, the Chinese one an id derived from it.
    (row,) = build.ledger(app, kind="stay_expiry", status="sent")
    assert row["subject"] == EN_STAY
    assert row["recipients"] == "chan@acme.example, smith@acme.example"
    ids = {tuple(r.recipients): r.message_id for r in raw_sink.received}
    assert ids[("smith@acme.example",)] == row["message_id"]
    assert ids[("chan@acme.example",)] == row["message_id"].replace("@", ".zh-hant@")


# English interface text of any reminder; the data (names, job titles, technology areas,
# references, official source names) stays as recorded.
REMINDER_ENGLISH = ENGLISH + ("Register by", "Arrived", "Teacher", "Contract", "Renewal",
                              "Gratuity", "Passport", "Candidate", "Open cases", "Positions",
                              "Quotas", "unused", "remaining", "Pending", "Hong Kong identity")


def test_every_kind_of_reminder_reads_in_chinese(app, runner, smtp_mail, make):
    company = make.company("Acme Robotics Limited")
    chan = make.user(company, role="admin", password=None, email="chan@acme.example")
    build.set_user(app, chan.id, language="zh_Hant")
    wong = make.candidate(company, full_name="Wong Ka Yan", chinese_name="黃嘉欣",
                          passport_expiry=date(2031, 3, 1))
    build.case(app, company.id, wong.id, stage="active", limit_of_stay_until=LIMIT)
    lee, brown = (make.candidate(company, full_name=name)
                  for name in ("Lee Ka Yan", "Emma Brown"))
    build.case(app, company.id, lee.id, stage="arrived", arrived_on=date(2030, 7, 1))
    allotment = build.allotment(app, company.id, date(2030, 6, 30))
    build.case(app, company.id, wong.id, stage="submitted", scheme="TechTAS",
               allotment_id=allotment)
    build.case(app, company.id, brown.id, stage="active", scheme="NET",
               contract_start=date(2025, 8, 1), contract_end=date(2027, 7, 31))
    for day in ("2027-01-31", "2030-05-31", "2030-07-28", "2030-08-30"):
        result = runner.invoke(args=["send-reminders", "--today", day])
        assert result.exit_code == 0, result.output
    assert build.ledger(app, status="failed") == []
    subjects = smtp_mail.subjects()
    for start in ("Wong Ka Yan 黃嘉欣 的逗留期限", "Wong Ka Yan 黃嘉欣 的護照將於 01/03/2031 到期",
                  "科技人才入境計劃配額", "須於 31/07/2030 或之前登記香港身份證",
                  "的外籍英語教師合約將於"):
        assert any(start in subject for subject in subjects), (start, subjects)
    for mail in smtp_mail.received:
        assert mail.subject.isascii() is False
        for part in (mail.part("plain"), mail.part("html")):
            assert "須採取的行動：" in part and "你的電郵設定" in part
            for english in REMINDER_ENGLISH:
                assert english not in part, (english, mail.subject, part)


def test_a_digest_is_written_in_its_readers_language(app, runner, smtp_mail, make):
    company = make.company("Acme Robotics Limited")
    make.user(company, role="admin", password=None, email="admin@acme.example")
    reader = make.user(company, role="staff", password=None, email="digest@acme.example")
    build.set_user(app, reader.id, daily_digest=True, language="zh_Hant")
    expiry = date(2030, 6, 30)
    build.allotment(app, company.id, expiry, reference="ITC/TTAS/2030/001")
    day = expiry - timedelta(days=30)
    result = runner.invoke(args=["send-reminders", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    by_reader = {tuple(r.recipients): r for r in smtp_mail.received}
    digest = by_reader[("digest@acme.example",)]
    assert digest.message["Subject"] == "Acme Robotics Limited 每日提醒：1 項（31/05/2030）"
    text = digest.part("plain")
    assert ("科技人才入境計劃配額 ITC/TTAS/2030/001 即將到期（30 日後）"
            "— 5 個中尚有 3 個未使用") in text
    assert "請在配額分配到期前" in text and "TechTAS quota" not in text
    assert "Hello" not in text and "Daily reminders" not in digest.subject
    quota = by_reader[("admin@acme.example",)]
    assert quota.subject == "TechTAS quota ITC/TTAS/2030/001 expires in 30 days — 3 of 5 unused"
    assert "What to do:" in quota.part("plain")


def test_a_chinese_users_password_reset_is_chinese(app, client, make, smtp_mail, run_tasks):
    user = make.user(email="chan@example.com")
    build.set_user(app, user.id, language="zh_Hant")
    assert client.post("/reset", data={"email": "chan@example.com"}, headers=EN) \
        .status_code == 302  # the requesting browser's language does not matter
    assert run_tasks() == 1
    (mail,) = smtp_mail.received
    assert str(mail.message["Subject"]) == "重設你的香港簽證擔保追蹤系統密碼"
    for part in (mail.part("plain"), mail.part("html")):
        assert "有人要求重設你的香港簽證擔保追蹤系統帳戶密碼。" in part
        assert "連結只可使用一次，有效 60 分鐘" in part and "/reset/" in part
        assert "Someone asked" not in part and "Hello" not in part


def test_an_english_users_password_reset_stays_english(app, client, make, smtp_mail,
                                                      run_tasks):
    user = make.user(email="smith@example.com")
    assert client.post("/reset", data={"email": user.email}, headers=ZH).status_code == 302
    assert run_tasks() == 1
    (mail,) = smtp_mail.received
    assert mail.subject == "Reset your HK Sponsorship Tracker password"
    assert "Someone asked to reset the password" in mail.part("plain")
    assert "重設" not in mail.part("plain")


@pytest.mark.parametrize(("headers", "subject", "phrase"), [
    (ZH, "{inviter} 邀請你使用香港簽證擔保追蹤系統", "邀請你以職員身份使用"),
    (EN, "{inviter} invited you to HK Sponsorship Tracker", "invited you to"),
])
def test_an_invitation_is_in_the_inviting_requests_language(app, client, make, login,
                                                            run_tasks, headers, subject,
                                                            phrase):
    company = make.company("Acme Robotics Limited")
    admin = make.user(company, role="admin")
    login(admin)
    answer = client.post("/company/users/new", headers=headers, data={
        "email": "new.person@example.com", "full_name": "Lee Ka Yan", "role": "staff"})
    assert answer.status_code == 302
    assert run_tasks() == 1
    (mail,) = outbox(app)
    inviter = f"User {admin.email.removeprefix('user').split('@')[0]}"
    assert mail.subject == subject.format(inviter=inviter)
    assert phrase in mail.body and "/reset/" in mail.body
    assert ("Hello" in mail.body) == (headers is EN)
