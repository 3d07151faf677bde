"""Reminder e-mails name a person with the Chinese name beside the name as in the
passport (issue 15), in the subject and in both bodies, as a real SMTP server gets them."""

from __future__ import annotations

from datetime import date, timedelta

from tests.reminders import builders as build

EXPIRY = date(2031, 3, 1)


def test_reminders_name_the_person_with_their_chinese_name(app, runner, smtp_mail, make):
    company = make.company()
    make.user(company, role="admin", password=None, email="hr@acme.example")
    wong = make.candidate(company, full_name="Wong Ka Yan", chinese_name="黃嘉欣",
                          passport_expiry=EXPIRY)
    build.case(app, company.id, wong.id, stage="active", limit_of_stay_until=date(2030, 9, 1))
    allotment = build.allotment(app, company.id, date(2030, 6, 30))
    build.case(app, company.id, wong.id, stage="submitted", scheme="TechTAS",
               allotment_id=allotment)

    for day in (date(2030, 5, 1), date(2030, 6, 29), EXPIRY - timedelta(days=183)):
        result = runner.invoke(args=["send-reminders", "--today", day.isoformat()])
        assert result.exit_code == 0, result.output

    def first(start: str):
        return next(mail for mail in smtp_mail.received if mail.subject.startswith(start))

    passport = first("Passport")
    assert passport.subject == "Passport of Wong Ka Yan 黃嘉欣 expires in 183 days (01/03/2031)"
    assert "the passport of Wong Ka Yan 黃嘉欣 expires" in passport.part("plain")
    assert "Wong Ka Yan 黃嘉欣 (Canadian)" in passport.part("html")
    stay = first("Limit of stay")
    assert stay.subject == "Limit of stay of Wong Ka Yan 黃嘉欣 ends in 123 days (01/09/2030)"
    assert "Employee:  Wong Ka Yan 黃嘉欣" in stay.part("plain")
    quota = first("TechTAS quota")
    assert "- Wong Ka Yan 黃嘉欣, " in quota.part("plain")
    assert "Wong Ka Yan 黃嘉欣</a>" in quota.part("html")
