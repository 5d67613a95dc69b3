"""The built-in analysis engine: ranking quality on the graded eval set, and unit behaviour."""

from __future__ import annotations

import re
import statistics
from dataclasses import replace

import pytest

from panelist.analysis import (
    AnalysisEngine,
    AnalysisFailed,
    BuiltinEngine,
    CvInput,
    CvResult,
    InterviewInput,
    InterviewResult,
)
from tests.analysis_eval import cv_cases, interview_cases, pairwise_accuracy

ENGINE = BuiltinEngine(reference_year=2025)

BACKEND_REQS = ["5+ years of backend development experience", "PostgreSQL", "Kubernetes"]


def cv(text: str, requirements: list[str], title: str = "Engineer") -> CvInput:
    return CvInput(cv_text=text, requirements=requirements, description=None, title=title)


def req_score(cv_text: str, requirement: str) -> int:
    return ENGINE.analyze_cv(cv(cv_text, [requirement]), "en").score


def met(result: CvResult, requirement: str) -> bool:
    return any(u.startswith(requirement) for u in result.upsides)


@pytest.fixture(scope="module")
def cv_results() -> list[tuple[str, int, CvResult]]:
    out = []
    for c in cv_cases():
        p = c.position
        data = CvInput(c.cv_text, p.requirements, p.description, p.title)
        out.append((p.key, c.grade, ENGINE.analyze_cv(data, "en")))
    return out


@pytest.fixture(scope="module")
def interview_results() -> list[tuple[str, int, InterviewResult]]:
    out = []
    for c in interview_cases():
        p = c.position
        data = InterviewInput(p.questions, c.answers, p.requirements, p.title, p.description)
        out.append((p.key, c.grade, ENGINE.analyze_interview(data, "en")))
    return out


# --- ranking quality on the eval set ------------------------------------------------------


def test_cv_pairwise_accuracy(cv_results: list[tuple[str, int, CvResult]]) -> None:
    accuracy, pairs = pairwise_accuracy([(p, g, r.score) for p, g, r in cv_results])
    assert pairs >= 100
    assert accuracy >= 0.85


def test_interview_pairwise_accuracy(
    interview_results: list[tuple[str, int, InterviewResult]],
) -> None:
    items = [(p, g, -1 if r.score is None else r.score) for p, g, r in interview_results]
    accuracy, pairs = pairwise_accuracy(items)
    assert pairs >= 30
    assert accuracy >= 0.80


def test_cv_scores_in_range_and_spread(cv_results: list[tuple[str, int, CvResult]]) -> None:
    scores = [r.score for _, _, r in cv_results]
    assert all(isinstance(s, int) and 0 <= s <= 100 for s in scores)
    assert statistics.pstdev(scores) > 15
    assert min(scores) < 20
    assert max(scores) > 80


def test_interview_scores_in_range_and_spread(
    interview_results: list[tuple[str, int, InterviewResult]],
) -> None:
    scores = [r.score for _, _, r in interview_results if r.score is not None]
    assert all(0 <= s <= 100 for s in scores)
    assert statistics.pstdev(scores) > 15
    for _, _, r in interview_results:
        assert all(0 <= q.score <= 100 for q in r.questions)
        assert (r.score is None) == (r.recommendation is None) == (not r.evaluable)


# --- requirement matching -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requirement", "cv_says"),
    [
        ("PostgreSQL", "Tuned queries on Postgres 14"),
        ("Kubernetes", "Deployed services to k8s"),
        ("JavaScript", "Frontend work in plain JS and jQuery"),
        ("TypeScript", "Built the admin panel in TS"),
        ("Machine learning", "ML models for churn prediction"),
        ("Registered nurse", "RN with six years on a surgical ward"),
        ("CPA", "Certified Public Accountant since 2016"),
        ("Excel", "Built forecasting spreadsheets for the CFO"),
        ("ICU experience", "Staff nurse in critical care"),
        ("Salesforce", "Kept the pipeline up to date in SFDC"),
    ],
)
def test_aliases(requirement: str, cv_says: str) -> None:
    result = ENGINE.analyze_cv(cv(cv_says, [requirement]), "en")
    assert met(result, requirement), result


def test_unrelated_text_does_not_match() -> None:
    assert req_score("Chef in an Italian restaurant, pasta and risotto", "PostgreSQL") < 20


@pytest.mark.parametrize(
    ("requirement", "cv_says"),
    [
        ("REST APIs", "Designed a REST API for payments"),
        ("REST API", "Maintained several REST APIs"),
        ("Account reconciliations", "Monthly account reconciliation for 3 entities"),
        ("Medication administration", "Administered medications on the ward"),
        ("Organisational skills", "Organized events for 300 people"),
    ],
)
def test_plurals_and_word_forms(requirement: str, cv_says: str) -> None:
    assert met(ENGINE.analyze_cv(cv(cv_says, [requirement]), "en"), requirement)


def test_diacritics_case_and_punctuation_are_normalised() -> None:
    assert met(
        ENGINE.analyze_cv(cv("Worked with POSTGRESQL; Kubernetes.", ["postgresql"]), "en"),
        "postgresql",
    )
    assert met(ENGINE.analyze_cv(cv("Café management", ["Cafe management"]), "en"), "Cafe")


@pytest.mark.parametrize(
    ("requirement", "cv_says"),
    [
        ("C++", "Game engine in C++17? No: C++"),
        ("C#", "Services in C# and .NET"),
        (".NET", "C# / .NET 8"),
        ("Node.js", "APIs in Node.js"),
        ("CI/CD", "Set up CI/CD with GitLab"),
    ],
)
def test_special_spellings(requirement: str, cv_says: str) -> None:
    assert met(ENGINE.analyze_cv(cv(cv_says, [requirement]), "en"), requirement)


def test_multi_word_skill_needs_its_words_together() -> None:
    together = req_score("Led customer onboarding for 40 new accounts", "Customer onboarding")
    apart = req_score(
        "Customer support agent.\nLater worked on onboarding of new employees in HR.",
        "Customer onboarding",
    )
    missing = req_score("Customer support agent answering calls", "Customer onboarding")
    assert together > apart > missing


def test_alternatives_in_a_requirement() -> None:
    for text in ("Month-end in SAP", "Month-end in NetSuite"):
        assert met(ENGINE.analyze_cv(cv(text, ["SAP or NetSuite"]), "en"), "SAP or NetSuite")


def test_weak_qualifier_reduces_credit() -> None:
    assert req_score("Python (basic)", "Python") < req_score("Python", "Python")
    assert req_score("ACCA student, 5 exams passed", "ACCA") < req_score("ACCA member", "ACCA")


# --- years and seniority --------------------------------------------------------------------


def test_years_stated_and_from_dates() -> None:
    req = ["5+ years of backend development experience"]
    stated = ENGINE.analyze_cv(cv("Backend developer with 7 years of experience.", req), "en")
    since = ENGINE.analyze_cv(cv("Backend developer since 2015.", req), "en")
    ranges = ENGINE.analyze_cv(
        cv(
            "Backend Developer, Acme (Jan 2016 - Mar 2019)\n"
            "Backend Developer, Beta (2019 – present)",
            req,
        ),
        "en",
    )
    short = ENGINE.analyze_cv(cv("Backend developer with 2 years of experience.", req), "en")
    for r in (stated, since, ranges):
        assert met(r, req[0]), r
    assert not met(short, req[0])
    assert any("only about 2 years" in s for s in short.shortcomings)
    assert short.score < stated.score


def test_years_only_requirement_counts_any_work() -> None:
    req = ["3+ years of experience"]
    long = ENGINE.analyze_cv(cv("Cook, Hotel Neringa (2015 - 2024)", req), "en")
    short = ENGINE.analyze_cv(cv("Cook, Hotel Neringa (2023 - 2024)", req), "en")
    assert met(long, req[0])
    assert any("of work found" in s for s in short.shortcomings)


def test_years_in_another_field_do_not_count() -> None:
    req = ["2+ years ICU or critical care experience"]
    text = (
        "Nurse\nSurgical ward nurse, City Hospital (2015 – 2024)\n"
        "ICU nurse, City Hospital (2024 – present)\n"
    )
    result = ENGINE.analyze_cv(cv(text, req), "en")
    assert any("only about 1 year" in s for s in result.shortcomings), result


def test_education_dates_are_not_experience() -> None:
    req = ["3+ years of accounting experience"]
    text = (
        "Accountant\nBSc Accounting, Vilnius University (2015 - 2019)\n"
        "Accountant, Acme (2024 - present)"
    )
    result = ENGINE.analyze_cv(cv(text, req), "en")
    assert not met(result, req[0])


def test_seniority_mismatch_is_a_shortcoming() -> None:
    reqs = ["Python"]
    junior = ENGINE.analyze_cv(
        cv("Junior Python developer\nIntern (2024 - present)", reqs, "Senior Engineer"), "en"
    )
    senior = ENGINE.analyze_cv(
        cv("Senior Python developer\nLead (2015 - present)", reqs, "Senior Engineer"), "en"
    )
    assert any("junior" in s.lower() for s in junior.shortcomings)
    assert senior.score > junior.score


# --- texts ----------------------------------------------------------------------------------


def test_evidence_is_cited() -> None:
    text = "Backend engineer, 8 years.\nOwn the payouts service on Postgres 14 and k8s (EKS)."
    result = ENGINE.analyze_cv(cv(text, [*BACKEND_REQS, "Terraform"]), "en")
    postgres = next(u for u in result.upsides if u.startswith("PostgreSQL"))
    assert "Own the payouts service on Postgres 14" in postgres
    assert any("Terraform" in s and "no evidence" in s for s in result.shortcomings)
    assert "Terraform" in result.evaluation  # the summary names what is missing
    lt = ENGINE.analyze_cv(cv(text, [*BACKEND_REQS, "Terraform"]), "lt")
    assert any(u.startswith("PostgreSQL") and "„Postgres“" in u for u in lt.upsides)
    assert any(u.startswith("Kubernetes") and "„k8s“" in u for u in lt.upsides)


# Words of the English templates; none may appear in Lithuanian output outside the operator's
# own requirement names and the skill words quoted from the CV („…“).
ENGLISH_TEMPLATE_WORDS = {
    "the", "and", "of", "for", "with", "match", "matches", "meets", "requirement",
    "requirements", "found", "evidence", "years", "year", "about", "only", "partly", "cv's",
    "interview", "answer", "answers", "question", "questions", "recommend", "recommended",
    "concrete", "examples", "short", "strong", "weak", "good", "partial", "senior", "junior",
    "experience", "not", "no", "missing", "relevant", "related", "description", "role",
}  # fmt: skip
LITHUANIAN_LETTERS = re.compile(r"[ąčęėįšųūž]")


def _strip_data(text: str, data: list[str]) -> str:
    text = re.sub(r"„[^“]*“", " ", text)
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, " ")
    return text


def _assert_lithuanian(texts: list[str], data: list[str]) -> None:
    joined = " ".join(texts)
    assert LITHUANIAN_LETTERS.search(joined), joined
    words = set(re.findall(r"[a-z']+", _strip_data(joined, data).lower()))
    assert not words & ENGLISH_TEMPLATE_WORDS, (words & ENGLISH_TEMPLATE_WORDS, joined)


def test_lithuanian_cv_texts_have_no_english_template_words() -> None:
    for c in cv_cases():
        p = c.position
        r = ENGINE.analyze_cv(CvInput(c.cv_text, p.requirements, p.description, p.title), "lt")
        assert r.language == "lt"
        _assert_lithuanian([r.evaluation, *r.upsides, *r.shortcomings], p.requirements)


def test_lithuanian_interview_texts_have_no_english_template_words() -> None:
    for c in interview_cases():
        p = c.position
        data = InterviewInput(p.questions, c.answers, p.requirements, p.title, p.description)
        r = ENGINE.analyze_interview(data, "lt")
        texts = [r.summary, *r.strengths, *r.concerns, *(q.feedback for q in r.questions)]
        _assert_lithuanian(texts, p.requirements)


def test_english_texts_are_english() -> None:
    c = cv_cases()[0]
    p = c.position
    r = ENGINE.analyze_cv(CvInput(c.cv_text, p.requirements, p.description, p.title), "en")
    assert "requirements" in r.evaluation
    assert not LITHUANIAN_LETTERS.search(_strip_data(r.evaluation, p.requirements))


def test_lithuanian_documents_are_stemmed_as_lithuanian() -> None:
    reqs = ["Buhalterinė apskaita", "Darbo užmokesčio skaičiavimas"]
    text = (
        "Vyriausioji buhalterė. Tvarkiau įmonės buhalterinę apskaitą ir skaičiavau darbo užmokestį."
    )
    result = ENGINE.analyze_cv(cv(text, reqs, "Buhalterė"), "lt")
    assert all(met(result, r) for r in reqs), result


# --- interviews -----------------------------------------------------------------------------

QUESTIONS = [("q1", "Tell us about a project you led."), ("q2", "How do you handle conflict?"),
             ("q3", "Describe a mistake you made."), ("q4", "Why this role?")]  # fmt: skip
GOOD = (
    "I led the migration of our billing system to PostgreSQL in 2023. I planned it in three "
    "phases, wrote the runbook and moved 2 million invoices with 15 minutes of downtime; "
    "support tickets about billing dropped by 40% afterwards."
)


def interview(answers: dict[str, str]) -> InterviewInput:
    return InterviewInput(QUESTIONS, answers, ["PostgreSQL", "Project management"], "Engineer")


def test_unevaluable_when_more_than_half_unusable() -> None:
    r = ENGINE.analyze_interview(
        interview({"q1": GOOD, "q2": "", "q3": "ok", "q4": "no idea"}), "en"
    )
    assert not r.evaluable
    assert r.score is None
    assert r.recommendation is None
    assert "cannot be evaluated" in r.summary
    assert len(r.questions) == 4
    assert r.questions[1].feedback == "No answer."
    off_topic = {"q1": GOOD, "q2": "We went to the lake with friends and had a barbecue on Sunday."}
    assert not ENGINE.analyze_interview(interview(off_topic), "en").evaluable


def test_evaluable_at_half() -> None:
    r = ENGINE.analyze_interview(interview({"q1": GOOD, "q2": GOOD}), "en")
    assert r.evaluable
    assert r.score is not None
    assert r.recommendation is not None
    assert any("question 3, 4" in c or "questions 3, 4" in c for c in r.concerns)


def test_specific_answers_beat_vague_ones() -> None:
    vague = "I always work hard, I am a team player and I like to communicate with my team."
    good = ENGINE.analyze_interview(interview(dict.fromkeys(("q1", "q2", "q3", "q4"), GOOD)), "en")
    weak = ENGINE.analyze_interview(interview(dict.fromkeys(("q1", "q2", "q3", "q4"), vague)), "en")
    assert good.score is not None
    assert weak.score is not None
    assert good.score - weak.score >= 25
    assert good.recommendation in ("strong_yes", "yes")
    assert weak.recommendation in ("no", "strong_no")
    assert any("PostgreSQL" in s for s in good.strengths)


def test_recommendation_thresholds() -> None:
    from panelist.analysis.builtin.interview import recommendation

    assert [recommendation(s) for s in (100, 75, 74, 55, 54, 35, 34, 0)] == [
        "strong_yes", "strong_yes", "yes", "yes", "no", "no", "strong_no", "strong_no",
    ]  # fmt: skip


def test_no_questions_is_unevaluable() -> None:
    r = ENGINE.analyze_interview(InterviewInput([], {}, [], "Engineer"), "lt")
    assert not r.evaluable
    assert r.summary.startswith("Interviu įvertinti negalima")


# --- engine contract ------------------------------------------------------------------------


def test_deterministic() -> None:
    c = cv_cases()[3]
    p = c.position
    data = CvInput(c.cv_text, p.requirements, p.description, p.title)
    first = ENGINE.analyze_cv(data, "en")
    assert BuiltinEngine(reference_year=2025).analyze_cv(data, "en") == first
    assert ENGINE.analyze_cv(replace(data), "en") == first
    iv = interview_cases()[0]
    idata = InterviewInput(iv.position.questions, iv.answers, iv.position.requirements, "x")
    assert ENGINE.analyze_interview(idata, "lt") == ENGINE.analyze_interview(idata, "lt")


def test_engine_contract() -> None:
    engine = BuiltinEngine()
    assert isinstance(engine, AnalysisEngine)
    assert engine.is_fast
    assert engine.name == "builtin"
    assert engine.version
    r = engine.analyze_cv(cv("Python developer", ["Python"]), "en")
    assert (r.engine_name, r.engine_version, r.language) == ("builtin", engine.version, "en")
    with pytest.raises(ValueError, match="language"):
        engine.analyze_cv(cv("x", []), "de")  # type: ignore[arg-type]
    assert AnalysisFailed("timeout").retryable


def test_empty_cv_and_no_requirements() -> None:
    empty = ENGINE.analyze_cv(cv("", ["Python"]), "en")
    assert empty.score == 0
    assert empty.shortcomings
    no_reqs = ENGINE.analyze_cv(
        CvInput("Python developer building payment APIs", [], "Python payments APIs", "Dev"), "en"
    )
    assert 0 < no_reqs.score <= 100
    assert "No requirements" in no_reqs.evaluation
