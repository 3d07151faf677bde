"""Dependants (issue 16): recorded on the principal, each with their own ID 997 application,
their stays extended with the sponsor's, and the reminder ledger covering them (real scan)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from tests.case_helpers import FACTS, TODAY, audit_entries, case_row, move
from tracker.candidates.models import Candidate
from tracker.cases.continuation import start_extension
from tracker.cases.dependants import DependantCaseRefused, start_application
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.reminders.models import ReminderLedger
from tracker.reminders.services import scan
from tracker.rules.workflow import derived_values

pytestmark = pytest.mark.usefixtures("pinned_today")

OLD_LIMIT = date(2025, 8, 20)
NEW_LIMIT = date(2028, 8, 20)
ENTRY_STAGES = ("preparing", "submitted", "approved", "visa_issued", "arrived", "active")
DEPENDANT_STAGES = ("submitted", "approved", "visa_issued", "arrived", "active")
SUBMIT_EXTENSION = {"submitted_on": date(2025, 6, 1), "submission_channel": "online",
                    "immd_reference": "EXT-1"}
APPROVE_EXTENSION = {"approved_on": TODAY, "limit_of_stay_until": NEW_LIMIT}


def dependant_form(**values: str) -> dict[str, str]:
    """The add-a-dependant form, a valid spouse unless *values* say otherwise."""
    return {"relation": "spouse", "full_name": "Mei Chan", "chinese_name": "陳美",
            "nationality": "Canadian", "date_of_birth": "1991-04-05",
            "passport_number": "S1234567", "passport_expiry": "2032-01-01"} | values


def active_case(app, make, company, limit: date = OLD_LIMIT, **kwargs):
    """The principal's GEP entry case walked to Active with *limit* as the limit of stay."""
    case = make.case(company, **kwargs)
    for stage in ENTRY_STAGES:
        facts = FACTS.get(stage, {})
        if stage == "visa_issued":
            facts = facts | {"limit_of_stay_until": limit}
        move(app, case, stage, **facts)
    return case


def add(client, principal_id: int, **values: str):
    return client.post(f"/candidates/{principal_id}/dependants/new", data=dependant_form(**values))


def dependant(app, principal_id: int, full_name: str) -> Candidate:
    with app.app_context():
        row = db.session.scalar(sa.select(Candidate).where(
            Candidate.principal_id == principal_id, Candidate.full_name == full_name))
        db.session.expunge_all()
        return row


def people(app, company_id: int) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Candidate).where(
            Candidate.company_id == company_id))


def application(app, person: Candidate, walk_to: str = "", limit: date = OLD_LIMIT) -> Case:
    """The dependant's own application, started through the service and walked on."""
    with app.app_context():
        case_id = start_application(person.id, person.company_id, TODAY).id
    case = case_row(app, case_id)
    for stage in DEPENDANT_STAGES[:DEPENDANT_STAGES.index(walk_to) + 1] if walk_to else ():
        facts = FACTS.get(stage, {})
        if stage == "approved":
            facts = facts | {"limit_of_stay_until": limit}
        if stage == "visa_issued":
            facts = {k: v for k, v in facts.items() if k != "limit_of_stay_until"}
        move(app, case, stage, **facts)
    return case_row(app, case.id)


# --- Recording dependants on the principal --------------------------------------------------

def test_a_dependant_is_a_person_linked_to_the_principal(app, make, company, staff, client):
    principal = make.candidate(company)
    response = add(client, principal.id)
    assert response.status_code == 302
    spouse = dependant(app, principal.id, "Mei Chan")
    assert (spouse.relation, spouse.chinese_name, spouse.passport_number) == (
        "spouse", "陳美", "S1234567")
    assert [e.action for e in audit_entries(app, "candidate", spouse.id)] == ["create"]
    page = client.get(f"/candidates/{principal.id}").get_data(as_text=True)
    assert 'id="dependants-table"' in page and "Mei Chan" in page and "S1234567" in page
    assert "05/04/1991" in page and "34 years old" in page
    own = client.get(f"/candidates/{spouse.id}").get_data(as_text=True)
    assert 'id="principal"' in own and principal.full_name in own


def test_every_refusal_at_once_and_nothing_written(app, make, company, staff, client):
    principal = make.candidate(company)
    other = make.candidate(company)
    before = people(app, company.id)
    response = add(client, principal.id, relation="child", date_of_birth="2005-03-01",
                   passport_number=other.passport_number, nationality="")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Turned 18 on 01/03/2023: no longer a dependant child." in page
    assert f"Passport number {other.passport_number} is already recorded for" in page
    assert "Enter the nationality." in page
    assert people(app, company.id) == before


def test_a_date_of_birth_in_the_future_is_refused(app, make, company, staff, client):
    principal = make.candidate(company)
    page = add(client, principal.id, relation="child",
               date_of_birth="2025-07-01").get_data(as_text=True)
    assert "The date of birth 01/07/2025 is in the future." in page
    assert people(app, company.id) == 1


def test_a_second_spouse_or_partner_is_refused(app, make, company, staff, client):
    principal = make.candidate(company)
    assert add(client, principal.id).status_code == 302
    page = add(client, principal.id, relation="partner", full_name="Alex Lee",
               passport_number="Q7654321").get_data(as_text=True)
    assert "already has a spouse or partner recorded: Mei Chan." in page
    assert dependant(app, principal.id, "Alex Lee") is None
    # Children are not limited.
    assert add(client, principal.id, relation="child", full_name="Kit Chan",
               date_of_birth="2015-02-02", passport_number="C1111111").status_code == 302


def test_a_dependant_of_a_dependant_is_refused(app, make, company, staff, client):
    principal = make.candidate(company)
    add(client, principal.id)
    spouse = dependant(app, principal.id, "Mei Chan")
    page = add(client, spouse.id, relation="child", full_name="Kit Chan",
               date_of_birth="2015-02-02", passport_number="C1111111").get_data(as_text=True)
    assert "Mei Chan is a dependant: add dependants to their principal." in page


def test_edit_and_remove(app, make, company, staff, client):
    principal = make.candidate(company)
    add(client, principal.id)
    spouse = dependant(app, principal.id, "Mei Chan")
    response = client.post(f"/candidates/{spouse.id}/dependant",
                           data=dependant_form(relation="partner", passport_number="s 999 888"))
    assert response.status_code == 302
    edited = dependant(app, principal.id, "Mei Chan")
    assert (edited.relation, edited.passport_number) == ("partner", "S999888")
    assert client.post(f"/candidates/{spouse.id}/remove-dependant").status_code == 302
    assert dependant(app, principal.id, "Mei Chan") is None
    assert [e.action for e in audit_entries(app, "candidate", spouse.id)] == [
        "create", "update", "delete"]


def test_a_dependant_with_cases_is_not_removed(app, make, company, staff, client):
    principal = make.candidate(company)
    active_case(app, make, company, candidate=principal)
    add(client, principal.id)
    spouse = dependant(app, principal.id, "Mei Chan")
    application(app, spouse)
    response = client.post(f"/candidates/{spouse.id}/remove-dependant", follow_redirects=True)
    assert "Mei Chan has cases: a dependant with applications stays on record." in \
        response.get_data(as_text=True)
    assert dependant(app, principal.id, "Mei Chan") is not None


def test_the_list_shows_principals_and_a_search_finds_dependants(app, make, company, staff,
                                                                 client):
    principal = make.candidate(company, full_name="Wing Chan")
    add(client, principal.id)
    client.get(f"/candidates/{principal.id}")
    listing = client.get("/candidates/").get_data(as_text=True)
    assert "Wing Chan" in listing and "Mei Chan" not in listing
    found = client.get("/candidates/?q=chan").get_data(as_text=True)
    assert "Mei Chan" in found and "dependant-mark" in found
    assert client.get("/candidates/?q=陳美").get_data(as_text=True).count("dependant-mark") == 1


# --- Their own application (ID 997) ---------------------------------------------------------

def test_the_application_is_sponsored_by_the_principal_s_case_and_owner(app, make, company,
                                                                       staff, client):
    owner = make.user(company, role="staff")
    principal = make.candidate(company)
    sponsor = active_case(app, make, company, candidate=principal, owner_id=owner.id)
    add(client, principal.id)
    spouse = dependant(app, principal.id, "Mei Chan")
    page = client.get(f"/candidates/{principal.id}").get_data(as_text=True)
    assert "Start the dependant visa application" in page
    response = client.post(f"/dependants/{spouse.id}/application")
    assert response.status_code == 302
    case = case_row(app, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert (case.candidate_id, case.kind, case.scheme, case.parent_case_id, case.owner_id,
            case.stage) == (spouse.id, "dependant", "DEP", sponsor.id, owner.id, "preparing")
    assert [e.action for e in audit_entries(app, "case", case.id)] == ["create"]
    page = client.get(f"/candidates/{principal.id}").get_data(as_text=True)
    assert "Start the dependant visa application" not in page  # one open at a time
    assert f"Case {case.id}" in page


def test_starting_is_refused_without_a_principal_case_or_twice(app, make, company, staff,
                                                              client):
    principal = make.candidate(company)
    add(client, principal.id)
    spouse = dependant(app, principal.id, "Mei Chan")
    response = client.post(f"/dependants/{spouse.id}/application", follow_redirects=True)
    assert "The principal has no case" in response.get_data(as_text=True)
    make.case(company, candidate=principal)  # a family applying together: the open case
    first = application(app, spouse)
    with app.app_context(), pytest.raises(DependantCaseRefused) as refused:
        start_application(spouse.id, company.id, TODAY)
    assert f"already has an open case: case {first.id}" in str(refused.value.message)


def test_a_child_who_turned_18_cannot_start(app, make, company, staff, client):
    principal = make.candidate(company)
    active_case(app, make, company, candidate=principal)
    add(client, principal.id, relation="child", full_name="Kit Chan", date_of_birth="2007-06-03")
    child = dependant(app, principal.id, "Kit Chan")
    with app.app_context():
        db.session.get(Candidate, child.id).date_of_birth = date(2007, 6, 2)  # 18 today
        db.session.commit()
        with pytest.raises(DependantCaseRefused) as refused:
            start_application(child.id, company.id, TODAY)
    assert "Turned 18 on 02/06/2025" in str(refused.value.message)


def test_the_approval_prefills_the_sponsor_s_limit_of_stay(app, make, company, staff, client):
    principal = make.candidate(company)
    active_case(app, make, company, candidate=principal)
    add(client, principal.id)
    case = application(app, dependant(app, principal.id, "Mei Chan"), walk_to="submitted")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'value="2025-08-20"' in page  # the move form's "Limit of stay until"
    assert "the sponsor&#39;s limit of stay" in page


@pytest.mark.parametrize(("born", "due"), [
    (date(2014, 5, 30), date(2025, 6, 29)),  # 11 on arrival: registers within 30 days
    (date(2014, 5, 31), date(2025, 6, 30)),  # 10 on arrival: within 30 days of turning 11
])
def test_hkid_registration_is_due_only_from_11_on_arrival(app, make, company, staff, client,
                                                          born, due):
    principal = make.candidate(company)
    active_case(app, make, company, candidate=principal)
    add(client, principal.id, relation="child", full_name="Kit Chan",
        date_of_birth=born.isoformat())
    case = application(app, dependant(app, principal.id, "Kit Chan"), walk_to="arrived")
    assert case.arrived_on == date(2025, 5, 30) and case.hkid_due_on == due
    claimed = [claim for claim in claims(app, date(2025, 6, 20), "hkid_due")
               if claim[0] == case.id]
    assert claimed == [(case.id, due)]
    under_11 = born == date(2014, 5, 31)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert ("Due by 29/06/2025 (30 days after arrival)." in page) == (not under_11)
    assert ("Under 11 on arrival: registers within 30 days of turning 11, by 30/06/2025."
            in page) == under_11


# --- Extending their stays with the sponsor's -----------------------------------------------

def claims(app, day: date, kind: str) -> list[tuple[int, date]]:
    """What the real scan claims on *day* for *kind* (object id, due date)."""
    with app.app_context():
        scan(day)
        rows = db.session.execute(sa.select(ReminderLedger.object_id, ReminderLedger.due_on)
                                  .where(ReminderLedger.kind == kind,
                                         ReminderLedger.scan_on == day,
                                         ReminderLedger.status == "pending")
                                  .order_by(ReminderLedger.object_id)).all()
        return [(row.object_id, row.due_on) for row in rows]


@pytest.fixture
def family(app, make, company, staff, client):
    """A principal on an active GEP case with a spouse and a 16-year-old child, each
    holding an active dependant visa to the principal's limit of stay."""
    principal = make.candidate(company)
    sponsor = active_case(app, make, company, candidate=principal, owner_id=staff.id)
    add(client, principal.id)
    add(client, principal.id, relation="child", full_name="Kit Chan", chinese_name="陳傑",
        date_of_birth="2009-01-01", passport_number="C1111111")
    spouse = dependant(app, principal.id, "Mei Chan")
    child = dependant(app, principal.id, "Kit Chan")
    return {"principal": principal, "sponsor": sponsor, "spouse": spouse, "child": child,
            "spouse_case": application(app, spouse, walk_to="active"),
            "child_case": application(app, child, walk_to="active")}


def approved_extension(app, sponsor) -> Case:
    with app.app_context():
        extension = case_row(app, start_extension(sponsor.id, sponsor.company_id).id)
    move(app, extension, "submitted", **SUBMIT_EXTENSION)
    move(app, extension, "approved", **APPROVE_EXTENSION)
    return case_row(app, extension.id)


def test_the_approved_extension_offers_the_dependants_and_flags_a_child(app, family, client):
    page = client.get(f"/candidates/{family['principal'].id}").get_data(as_text=True)
    assert "Turns 18 on 01/01/2027, on or before the limit of stay 20/08/2025" not in page
    extension = approved_extension(app, family["sponsor"])
    page = client.get(f"/cases/{extension.id}").get_data(as_text=True)
    assert "Extend the dependants' stays to 20/08/2028" in page
    assert f'name="dependants" value="{family["spouse"].id}"' in page
    assert f'name="dependants" value="{family["child"].id}"' not in page
    assert "Turns 18 on 01/01/2027, on or before the limit of stay 20/08/2028" in page


def test_extending_with_the_sponsor_moves_the_dependant_s_limit_and_reminders(app, family,
                                                                            client, staff):
    spouse_case = family["spouse_case"]
    assert (spouse_case.id, OLD_LIMIT) in claims(app, date(2025, 6, 10), "stay_expiry")
    extension = approved_extension(app, family["sponsor"])
    response = client.post(f"/cases/{extension.id}/extend-dependants",
                           data={"dependants": [str(family["spouse"].id)]},
                           follow_redirects=True)
    assert "1 dependant&#39;s stay extended to 20/08/2028." in response.get_data(as_text=True)
    with app.app_context():
        new = db.session.scalar(sa.select(Case).where(
            Case.candidate_id == family["spouse"].id, Case.kind == "extension"))
        db.session.expunge_all()
    assert (new.scheme, new.stage, new.parent_case_id, new.limit_of_stay_until,
            new.approved_on, new.owner_id) == (
        "DEP", "approved", spouse_case.id, NEW_LIMIT, TODAY, staff.id)
    assert case_row(app, spouse_case.id).superseded_by_id == new.id
    assert case_row(app, family["child_case"].id).superseded_by_id is None
    assert claims(app, date(2025, 7, 1), "stay_expiry") == [
        (family["child_case"].id, OLD_LIMIT)]  # the spouse's old series stopped
    assert claims(app, date(2028, 6, 1), "stay_expiry") == [
        (extension.id, NEW_LIMIT), (new.id, NEW_LIMIT)]
    page = client.get(f"/candidates/{family['principal'].id}").get_data(as_text=True)
    assert "20/08/2028" in page


def test_a_flagged_child_cannot_be_extended_and_nothing_is_written(app, family, client):
    extension = approved_extension(app, family["sponsor"])
    response = client.post(f"/cases/{extension.id}/extend-dependants",
                           data={"dependants": [str(family["spouse"].id),
                                                str(family["child"].id)]},
                           follow_redirects=True)
    assert "Kit Chan cannot be extended with this extension: Turns 18 on 01/01/2027" in \
        response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Case).where(
            Case.kind == "extension", Case.scheme == "DEP")) == 0


def test_the_dependants_passports_join_the_ledger(app, family):
    with app.app_context():
        db.session.get(Candidate, family["spouse"].id).passport_expiry = date(2025, 9, 1)
        db.session.commit()
    assert claims(app, TODAY, "passport_expiry") == [(family["spouse"].id, date(2025, 9, 1))]


# --- Another company's dependants ------------------------------------------------------------

def test_another_company_s_dependants_answer_404(app, make, company, client, login):
    principal = make.candidate(company)
    with app.app_context():
        spouse = Candidate(company_id=company.id, principal_id=principal.id, relation="spouse",
                           full_name="Mei Chan", nationality="Canadian",
                           date_of_birth=date(1991, 4, 5), passport_number="S1234567",
                           passport_expiry=date(2032, 1, 1))
        db.session.add(spouse)
        db.session.commit()
        spouse_id = spouse.id
    case = active_case(app, make, company, candidate=principal)
    login(make.user(make.company(), role="admin"))
    for method, url in [("get", f"/candidates/{principal.id}/dependants/new"),
                        ("post", f"/candidates/{principal.id}/dependants/new"),
                        ("get", f"/candidates/{spouse_id}/dependant"),
                        ("post", f"/candidates/{spouse_id}/remove-dependant"),
                        ("post", f"/dependants/{spouse_id}/application"),
                        ("post", f"/cases/{case.id}/extend-dependants")]:
        assert getattr(client, method)(url).status_code == 404, url
    assert dependant(app, principal.id, "Mei Chan") is not None


def test_the_principal_s_page_flags_a_child_turning_18_before_the_limit(app, make, company,
                                                                        staff, client):
    principal = make.candidate(company)
    active_case(app, make, company, candidate=principal)  # limit of stay 20/08/2025
    add(client, principal.id, relation="child", full_name="Kit Chan", date_of_birth="2007-08-01")
    add(client, principal.id, relation="child", full_name="Lok Chan", date_of_birth="2010-08-01",
        passport_number="C2222222")
    page = client.get(f"/candidates/{principal.id}").get_data(as_text=True)
    assert "Turns 18 on 01/08/2025, on or before the limit of stay 20/08/2025" in page
    assert page.count('class="age-out"') == 1


def test_the_hkid_due_date_follows_the_age_on_arrival_in_one_place():
    arrived = {"arrived_on": date(2025, 5, 30)}
    assert derived_values(arrived) == {"hkid_due_on": date(2025, 6, 29)}  # age unknown
    assert derived_values(arrived, date(1990, 1, 1)) == {"hkid_due_on": date(2025, 6, 29)}
    assert derived_values(arrived, date(2014, 5, 30)) == {"hkid_due_on": date(2025, 6, 29)}
    assert derived_values(arrived, date(2014, 5, 31)) == {"hkid_due_on": date(2025, 6, 30)}
    assert derived_values(arrived, date(2020, 2, 29)) == {"hkid_due_on": date(2031, 3, 31)}
    assert derived_values({"approved_on": date(2025, 5, 30)}, date(2014, 5, 31)) == {}


def test_correcting_a_child_s_arrival_to_before_11_moves_the_hkid_due_date(app, make,
                                                                          company, staff,
                                                                          client):
    principal = make.candidate(company)
    active_case(app, make, company, candidate=principal)
    add(client, principal.id, relation="child", full_name="Kit Chan", date_of_birth="2014-05-28")
    case = application(app, dependant(app, principal.id, "Kit Chan"), walk_to="arrived")
    assert case.hkid_due_on == date(2025, 6, 29)  # 11 on arrival (30/05/2025)
    response = client.post(f"/cases/{case.id}/facts/arrived_on/correct", data={
        "correct-arrived_on-value": "2025-05-27",
        "correct-arrived_on-reason": "The stamp reads 27 May."})
    assert response.status_code == 302
    corrected = case_row(app, case.id)
    # Under 11 on 27/05/2025: due 30 days after the 11th birthday (28/05/2025).
    assert (corrected.arrived_on, corrected.hkid_due_on) == (date(2025, 5, 27),
                                                             date(2025, 6, 27))


def test_a_child_who_has_since_turned_18_stays_editable(app, make, company, staff, client):
    principal = make.candidate(company)
    add(client, principal.id, relation="child", full_name="Kit Chan", date_of_birth="2007-06-03",
        passport_number="C1111111")
    child = dependant(app, principal.id, "Kit Chan")
    with app.app_context():
        db.session.get(Candidate, child.id).date_of_birth = date(2007, 6, 2)  # 18 today
        db.session.commit()
    form = dependant_form(relation="child", full_name="Kit Chan", date_of_birth="2007-06-02",
                          passport_number="C9999999")
    assert client.post(f"/candidates/{child.id}/dependant", data=form).status_code == 302
    assert dependant(app, principal.id, "Kit Chan").passport_number == "C9999999"
    page = client.post(f"/candidates/{child.id}/dependant",
                       data=form | {"date_of_birth": "2007-05-02"}).get_data(as_text=True)
    assert "Turned 18 on 02/05/2025" in page  # a changed date of birth is checked again
