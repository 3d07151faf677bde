"""The portal's home: each of the candidate's cases (and their dependants'), where it
is in plain words, what is asked of them and by when, and what happens next."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.candidates.models import Candidate
from tracker.cases.models import Case
from tracker.documents.services import item_of
from tracker.portal import questionnaire, scope
from tracker.portal.models import PortalAccount, PortalRequest
from tracker.rules.candidate_stages import CandidateStage, candidate_stage
from tracker.rules.schemes import SCHEMES, case_stage_label


def request_label(request: PortalRequest, case: Case) -> str:
    """What a request asks for: a section's title or a document's name (English; the
    page translates it)."""
    if request.kind == "section":
        found = questionnaire.section(request.section or "", case.scheme)
        return found.title if found else str(request.section)
    item = item_of(case, request.document_code or "")
    return item.label if item else str(request.document_code)


@dataclass
class CaseCard:
    """One case on the home page."""

    case: Case
    person: Candidate
    stage_label: str
    words: CandidateStage
    scheme_name: str
    requests: list[tuple[PortalRequest, str]] = field(default_factory=list)


def case_cards(account: PortalAccount, language: str) -> list[CaseCard]:
    """The cards of every case the candidate may see, with their open requests."""
    cards = {}
    for case in scope.own_cases(account):
        scheme = SCHEMES.get(case.scheme)
        cards[case.id] = CaseCard(
            case=case, person=case.candidate,
            stage_label=case_stage_label(case.scheme, case.stage, case.kind),
            words=candidate_stage(case.scheme, case.kind, case.stage),
            scheme_name=scheme.name_in(language) if scheme else case.scheme)
    for request in scope.open_requests(account):
        card = cards.get(request.case_id)
        if card is not None:
            card.requests.append((request, request_label(request, card.case)))
    return list(cards.values())
