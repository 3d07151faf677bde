"""The candidate form's "For the route advisor (optional)" section: stored, shown, checked."""

from __future__ import annotations

import re

import pytest

from tests.case_helpers import TODAY, audit_entries
from tests.test_candidates import form, stored
from tracker.rules.talent_list_versions import talent_list_on

pytestmark = pytest.mark.usefixtures("pinned_today")

FACTS = {
    "mainland_resident": "no", "degrees_at_top_level": "2", "renowned_institution": "yes",
    "years_managerial": "4", "years_international": "3", "annual_income_hkd": "1200000",
    "owns_business": "no", "english": "yes", "written_chinese": "no", "putonghua": "",
    "cantonese": "yes", "other_language": "", "other_languages": "French",
    "native_english": "yes", "tesl_tefl_experience": "yes", "special_education": "no",
    "parent_hk_permanent_id": "yes", "parent_chinese_settled_overseas": "yes",
    "married": "yes", "spouse_has_degree": "no", "children_under_18": "2",
    "family_hk_permanent_resident": "", "talent_list_profession": "-",
    "achievement_kind": "international_award", "achievement": "ACM Turing Award",
    "achievement_evidence": "ACM press release, 2024",
}
LABELS = ["Mainland resident", "Written and spoken English", "Spoken Putonghua",
          "Native speaker of English or native-speaker competence",
          "A parent holds a Hong Kong permanent identity card",
          "That parent was a Chinese national settled overseas at the candidate's birth",
          "Years in managerial or senior roles", "Years of international work experience",
          "Annual income (HKD)", "Owns a business", "Spouse holds a degree",
          "Unmarried children under 18", "Talent List profession", "Outstanding achievement",
          "Evidence of the achievement"]


def test_the_section_is_grouped_and_optional(client, staff):
    page = client.get("/candidates/new").get_data(as_text=True)
    assert re.search(r"<legend[^>]*>For the route advisor \(optional\)</legend>", page)
    for label in LABELS:
        assert re.search(rf"<label[^>]*>\s*{re.escape(label)}\s*</label>",
                         page.replace("&#39;", "'")), label
    # yes/no/unknown is a select whose blank choice is "Not known".
    assert re.search(r'<select[^>]*name="native_english"[^>]*>\s*'
                     r'<option selected value="">Not known</option>', page)


def test_facts_left_blank_are_stored_as_not_known(app, client, staff):
    assert client.post("/candidates/new", data=form()).status_code == 302
    [candidate] = stored(app, staff.company_id)
    assert (candidate.native_english, candidate.parent_hk_permanent_id, candidate.married,
            candidate.children_under_18, candidate.talent_list_profession,
            candidate.achievement_kind) == (None,) * 6


def test_facts_are_stored_shown_and_audited(app, client, staff):
    response = client.post("/candidates/new", data=form() | FACTS)
    assert response.status_code == 302
    [c] = stored(app, staff.company_id)
    assert (c.mainland_resident, c.degrees_at_top_level, c.renowned_institution) == (
        False, 2, True)
    assert (c.english, c.written_chinese, c.putonghua, c.cantonese) == (True, False, None, True)
    assert (c.other_language, c.other_languages) == (True, "French")  # naming one answers it
    assert (c.married, c.spouse_has_degree, c.children_under_18,
            c.family_hk_permanent_resident) == (True, False, 2, None)
    assert c.talent_list_profession == ""  # "Not on the Talent List"
    assert (c.achievement_kind, c.achievement) == ("international_award", "ACM Turing Award")
    page = client.get(response.location).get_data(as_text=True)
    assert "For the route advisor" in page and "ACM Turing Award" in page
    assert "Not on the Talent List" in page and "1,200,000" in page
    [entry] = audit_entries(app, "candidate", c.id, "create")
    assert entry.changes["native_english"] == [None, True]
    # The edit form shows the stored answers selected.
    edit = client.get(f"/candidates/{c.id}/edit").get_data(as_text=True)
    assert re.search(r'<option selected value="-">Not on the Talent List', edit)
    assert re.search(r'name="native_english"[^>]*>\s*<option value="">Not known</option>\s*'
                     r'<option selected value="yes">', edit)


def test_changing_a_fact_back_to_not_known(app, client, staff):
    client.post("/candidates/new", data=form() | FACTS)
    [c] = stored(app, staff.company_id)
    response = client.post(f"/candidates/{c.id}/edit", data=form() | FACTS | {
        "native_english": "", "talent_list_profession": ""})
    assert response.status_code == 302
    [c] = stored(app, staff.company_id)
    assert (c.native_english, c.talent_list_profession) == (None, None)
    [entry] = audit_entries(app, "candidate", c.id, "update")
    assert entry.changes["native_english"] == [True, None]


@pytest.mark.parametrize("change,message", [
    ({"achievement": ""}, "Describe the achievement."),
    ({"achievement_kind": ""}, "Choose the kind of achievement."),
    ({"achievement_kind": "knighthood"}, "Choose a kind of achievement from the list."),
    ({"talent_list_profession": "Astronaut"}, "Choose a profession of the Talent List."),
    ({"native_english": "maybe"}, "Choose yes, no or not known."),
    ({"children_under_18": "-1"}, "Number must be between 0 and 70."),
    ({"degrees_at_top_level": "0"}, "Number must be between 1 and 9."),
    ({"annual_income_hkd": "99999999999"}, "Number must be between 0 and 1000000000."),
])
def test_bad_facts_are_refused_and_nothing_is_saved(app, client, staff, change, message):
    response = client.post("/candidates/new", data=form() | FACTS | change)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert stored(app, staff.company_id) == []


def test_a_profession_of_the_list_in_force_is_accepted(app, client, staff):
    name = talent_list_on(TODAY).professions[0].name
    page = client.get("/candidates/new").get_data(as_text=True)
    assert f"<option value=\"{name}\">" in page.replace("&#39;", "'")
    assert client.post("/candidates/new", data=form() | {
        "talent_list_profession": name}).status_code == 302
    [c] = stored(app, staff.company_id)
    assert c.talent_list_profession == name
