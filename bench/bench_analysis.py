"""Throughput of the built-in analysis engine on one core.

CV analyses/s on ~5 KB CVs (eval CVs of a position joined and cut to 5 KB, so the text is
realistic) and interview analyses/s on the eval interviews, measured with time.perf_counter over a
few hundred iterations, in this one process (one core). "warm" is the steady state (word and
position caches filled, as in a running server); "cold" clears every cache before each call, the
worst case: the first analysis after a start. Pin the core with `taskset -c 0` if you like.

    .venv/bin/python bench/bench_analysis.py [--iterations N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from panelist.analysis import LANGUAGES, BuiltinEngine, CvInput, InterviewInput, Language
from panelist.analysis.builtin import cv, interview, matcher, text
from tests.analysis_eval import POSITIONS, cv_cases, interview_cases

CV_BYTES = 5 * 1024


def five_kb_cvs() -> list[CvInput]:
    """One ~5 KB CV per eval CV: its own text followed by its position-mates', cut at a line."""
    cases = [c for c in cv_cases() if "@" not in c.case_id]
    out = []
    for c in cases:
        mates = [m.cv_text for m in cases if m.position.key == c.position.key and m is not c]
        body = "\n".join([c.cv_text, *mates, *mates])
        cut = body.encode()[:CV_BYTES].decode(errors="ignore")
        cut = cut[: cut.rfind("\n")]
        p = c.position
        out.append(CvInput(cut, p.requirements, p.description, p.title))
    return out


def interviews() -> list[InterviewInput]:
    return [
        InterviewInput(
            POSITIONS[c.position.key].questions,
            c.answers,
            c.position.requirements,
            c.position.title,
            c.position.description,
        )
        for c in interview_cases()
    ]


def _clear_caches() -> None:
    text._STEM_CACHE.clear()
    text._WORD_CACHE.clear()
    matcher.parse_requirement.cache_clear()
    cv._profile.cache_clear()
    interview._question_terms.cache_clear()


def measure(fn: Callable[[int], object], iterations: int, cold: bool) -> tuple[float, ...]:
    """Calls per second of fn(i) over `iterations` calls: from the total wall time, from the
    median call (robust to other processes preempting this one on a shared machine) and from
    CPU time."""
    fn(0)  # import-time and first-call costs are not throughput
    walls, cpu = [], 0.0
    for i in range(iterations):
        if cold:
            _clear_caches()
        w0, c0 = time.perf_counter(), time.process_time()
        fn(i)
        walls.append(time.perf_counter() - w0)
        cpu += time.process_time() - c0
    return iterations / sum(walls), 1 / statistics.median(walls), iterations / cpu


def calibration_us() -> float:
    """Best of 200 timings of sum(range(1000)), in µs: the machine's pure-Python speed right now.
    On a shared machine other load slows everything; compare runs by this number."""
    best = float("inf")
    for _ in range(200):
        start = time.perf_counter()
        sum(range(1000))
        best = min(best, time.perf_counter() - start)
    return best * 1e6


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=300)
    args = parser.parse_args()
    engine = BuiltinEngine(reference_year=2025)
    cvs, ivs = five_kb_cvs(), interviews()
    avg_kb = sum(len(c.cv_text.encode()) for c in cvs) / len(cvs) / 1024
    cases: list[tuple[str, Callable[[int, Language], object]]] = [
        (f"CV ({avg_kb:.1f} KB)", lambda i, lang: engine.analyze_cv(cvs[i % len(cvs)], lang)),
        ("interview", lambda i, lang: engine.analyze_interview(ivs[i % len(ivs)], lang)),
    ]
    print(
        f"{'analysis':<15}{'lang':<6}{'cache':<7}{'/s wall':>9}{'/s median':>11}{'/s cpu':>8}"
        f"{'ms median':>11}"
    )
    for label, call in cases:
        for lang in LANGUAGES:
            for cold in (False, True):
                wall, median, cpu = measure(partial(_bind, call, lang), args.iterations, cold)
                cache = "cold" if cold else "warm"
                print(
                    f"{label:<15}{lang:<6}{cache:<7}{wall:>9.0f}{median:>11.0f}{cpu:>8.0f}"
                    f"{1000 / median:>11.2f}"
                )
    print(f"calibration: sum(range(1000)) best {calibration_us():.1f} µs (lower = faster machine)")
    return 0


def _bind(call: Callable[[int, Language], object], lang: Language, i: int) -> object:
    return call(i, lang)


if __name__ == "__main__":
    raise SystemExit(main())
