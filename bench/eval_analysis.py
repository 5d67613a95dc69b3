"""Evaluate the built-in analysis engine on the graded set in tests/analysis_eval/.

Prints pairwise ordering accuracy: for every pair of items of the same position with different
grades, is the higher-graded one scored higher? (ties count half). An unevaluable interview
scores below any evaluable one. Also prints score spread and, with -v, every item's score.

    .venv/bin/python bench/eval_analysis.py [-v]
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from panelist.analysis import BuiltinEngine, CvInput, InterviewInput
from tests.analysis_eval import POSITIONS, cv_cases, interview_cases, pairwise_accuracy
from tests.analysis_eval.holdout import HOLDOUT_CVS

REFERENCE_YEAR = 2025  # the eval CVs were written in 2025: "2019 – present" means 6 years


def cv_scores(engine: BuiltinEngine) -> list[tuple[str, str, int, int]]:
    out = []
    for c in cv_cases():
        p = c.position
        data = CvInput(c.cv_text, p.requirements, p.description, p.title)
        out.append((c.case_id, p.key, c.grade, engine.analyze_cv(data, "en").score))
    return out


def holdout_accuracy(
    engine: BuiltinEngine, main_rows: list[tuple[str, str, int, int]]
) -> tuple[float, int, list[tuple[str, int, int]]]:
    """Pairs of (hold-out CV, main-set CV) of the same position with different grades."""
    total, good, rows = 0, 0.0, []
    for case_id, (pos, grade, text) in HOLDOUT_CVS.items():
        p = POSITIONS[pos]
        score = engine.analyze_cv(CvInput(text, p.requirements, p.description, p.title), "en").score
        rows.append((case_id, grade, score))
        for _, mpos, mgrade, mscore in main_rows:
            if mpos == pos and mgrade != grade:
                total += 1
                good += 0.5 if mscore == score else float((score > mscore) == (grade > mgrade))
    return (good / total if total else 1.0), total, rows


def interview_scores(engine: BuiltinEngine) -> list[tuple[str, str, int, int | None]]:
    out = []
    for c in interview_cases():
        p = c.position
        data = InterviewInput(p.questions, c.answers, p.requirements, p.title, p.description)
        out.append((c.case_id, p.key, c.grade, engine.analyze_interview(data, "en").score))
    return out


def _spread(scores: list[int]) -> str:
    return (
        f"min {min(scores)}  max {max(scores)}  mean {statistics.mean(scores):.1f}  "
        f"stdev {statistics.pstdev(scores):.1f}"
    )


def _by_grade(rows: Sequence[tuple[str, str, int, int | None]]) -> str:
    parts = []
    for g in range(4):
        vals = [s if s is not None else -1 for _, _, grade, s in rows if grade == g]
        if vals:
            parts.append(f"grade {g}: mean {statistics.mean(vals):5.1f} (n={len(vals)})")
    return "; ".join(parts)


def main(argv: list[str]) -> int:
    engine = BuiltinEngine(reference_year=REFERENCE_YEAR)
    cvs = cv_scores(engine)
    interviews = interview_scores(engine)
    cv_acc, cv_pairs = pairwise_accuracy([(p, g, s) for _, p, g, s in cvs])
    iv_acc, iv_pairs = pairwise_accuracy(
        [(p, g, -1 if s is None else s) for _, p, g, s in interviews]
    )
    if "-v" in argv:
        for case_id, pos, grade, score in cvs + interviews:
            print(f"  {case_id:20} {pos:13} grade {grade}  score {score}")
    unevaluable = [cid for cid, _, _, s in interviews if s is None]
    iv_scored = [s for _, _, _, s in interviews if s is not None]
    print(f"{'set':<11}{'items':>6}{'pairs':>7}{'accuracy':>10}  spread")
    print(f"{'CV':<11}{len(cvs):>6}{cv_pairs:>7}{cv_acc:>10.3f}  {_spread([s for *_, s in cvs])}")
    print(
        f"{'interview':<11}{len(interviews):>6}{iv_pairs:>7}{iv_acc:>10.3f}  {_spread(iv_scored)}"
    )
    print(f"CV by grade:        {_by_grade(cvs)}")
    print(f"interview by grade: {_by_grade(interviews)}  (unevaluable = -1)")
    print(f"unevaluable interviews: {', '.join(unevaluable) or 'none'}")
    h_acc, h_pairs, h_rows = holdout_accuracy(engine, cvs)
    listed = ", ".join(f"{cid} g{g}={s}" for cid, g, s in h_rows)
    print(f"hold-out CVs (vs main set, {h_pairs} pairs): accuracy {h_acc:.3f}  [{listed}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
