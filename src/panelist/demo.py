"""The demo tenant: a company, its owner, two positions with requirements and questions, and a
few candidates. Created once; every call issues a fresh key with every scope."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from panelist.analysis import service as analysis
from panelist.analysis.engines import engine_for
from panelist.api_keys import service as api_keys
from panelist.candidates import service as candidates
from panelist.candidates.schemas import CandidateFields
from panelist.companies import service as companies
from panelist.companies.models import Company
from panelist.http.scopes import Scope
from panelist.http.services import AppServices
from panelist.job_positions import service as job_positions
from panelist.job_positions.models import JobPosition
from panelist.users import service as users
from panelist.users.models import User

DEMO_COMPANY = "Demo Company"
DEMO_OWNER = "owner@demo.panelist.test"

_POSITIONS = [
    {
        "position": "Senior Python Developer",
        "department": "Engineering",
        "location": "Vilnius, Lithuania",
        "description": "Build and operate our hiring platform's API and background workers.",
        "requirements": ["Python", "PostgreSQL", "REST APIs", "Docker", "5+ years experience"],
        "questions": [
            "Tell us about a production incident you handled and what you changed afterwards.",
            "How would you design an idempotent API endpoint?",
            "Which Python project are you most proud of, and why?",
        ],
    },
    {
        "position": "Customer Success Manager",
        "department": "Sales",
        "location": "Remote",
        "description": "Own the relationship with our customers from onboarding to renewal.",
        "requirements": ["Customer onboarding", "CRM", "English", "Lithuanian", "Negotiation"],
        "questions": [
            "Describe a customer you turned from unhappy to loyal.",
            "How do you prioritise when several customers need you at once?",
        ],
    },
]

_CANDIDATES = [
    (
        "Jonas",
        "Kazlauskas",
        "jonas@example.com",
        "Python developer, 7 years. Built REST APIs on PostgreSQL, Docker, Kubernetes.",
    ),
    (
        "Ieva",
        "Petrauskaitė",
        "ieva@example.com",
        "Backend engineer: Django, Postgres, AWS. Led a team of four for two years.",
    ),
    ("Mark", "Smith", "mark@example.com", None),
]


@dataclass(frozen=True)
class DemoResult:
    company_id: str
    key: str
    position_ids: list[str]
    created: bool


def ensure_demo(services: AppServices) -> DemoResult:
    now = services.clock.now()
    with services.db.write() as session:
        company = session.scalars(sa.select(Company).where(Company.name == DEMO_COMPANY)).first()
        created = company is None
        if company is None:
            company = companies.create(session, DEMO_COMPANY, api_enabled=True, at=now)
            owner = users.create(
                session,
                company_id=company.id,
                email=DEMO_OWNER,
                role="owner",
                name="Demo Owner",
                password=None,
                at=now,
            )
            for spec in _POSITIONS:
                position = job_positions.create(
                    session,
                    company_id=company.id,
                    position=str(spec["position"]),
                    department=str(spec["department"]),
                    location=str(spec["location"]),
                    type_="full-time",
                    privacy="public",
                    status="active",
                    description=str(spec["description"]),
                    requirements=list(spec["requirements"]),
                    questions=list(spec["questions"]),
                    language="en",
                    at=now,
                )
                if spec is _POSITIONS[0]:
                    for first, last, email, cv in _CANDIDATES:
                        fields = CandidateFields(
                            firstName=first, lastName=last, email=email, cvText=cv
                        )
                        candidate = candidates.create(
                            session,
                            company.id,
                            position.id,
                            fields,
                            import_source="manual",
                            skip_analysis=False,
                            at=now,
                        )
                        analysis.request_cv(session, candidate, engine_for(services.settings), now)
        else:
            owner = session.scalars(
                sa.select(User).where(User.company_id == company.id, User.email == DEMO_OWNER)
            ).one()
        _key, raw = api_keys.create(
            session,
            services.secret,
            creator=owner,
            name="demo key",
            scopes=[s.value for s in Scope],
            ip_allowlist=[],
            expires_at=None,
            at=now,
        )
        position_ids = list(
            session.scalars(sa.select(JobPosition.id).where(JobPosition.company_id == company.id))
        )
        return DemoResult(company.id, raw, position_ids, created)


def has_any_company(services: AppServices) -> bool:
    with services.db.read() as session:
        return session.scalar(sa.select(sa.func.count(Company.id))) != 0
