"""Years of experience and seniority, read from a CV.

Work periods come from date ranges ("2019 – present", "Jan 2019 - Mar 2022", "04/2019 –
12/2024", "2020–now", "since 2017", "nuo 2015 m.") and each owns the lines up to the next
period: its *block*. Years in a field are the merged length of the blocks that mention that
field, or an explicit statement ("7 yrs selling SaaS") in a sentence that mentions it, or the
whole career when the CV's headline names the field (a "Graphic Designer" CV is about design
throughout). Lines that look like education are not work.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from panelist.analysis.builtin.lexicon import (
    EDUCATION_WORDS,
    JUNIOR_WORDS,
    NUMBER_WORDS,
    SENIOR_WORDS,
    fold,
)
from panelist.analysis.builtin.matcher import Requirement, match_requirement
from panelist.analysis.builtin.text import Doc

BLOCK_THRESHOLD = 0.5  # a block is "in the field" when it covers half the requirement's words

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            "jan january sau sausio",
            "feb february vas vasario",
            "mar march kov kovo",
            "apr april bal balandzio",
            "may geg geguzes",
            "jun june bir birzelio",
            "jul july lie liepos",
            "aug august rgp rugpjucio",
            "sep sept september rgs rugsejo",
            "oct october spa spalio",
            "nov november lap lapkricio",
            "dec december gru gruodzio",
        ]
    )
    for m in names.split()
}
_MONTH = r"(?:([a-z]{3,9})\.?\s+|(\d{1,2})[./])?"
_YEAR = r"((?:19|20)\d\d)"
_OPEN = r"(present|now|current|currently|today|date|dabar|iki dabar|šiol|siol)"
# Dates and "N years" are looked for only where the tokenizer saw a year or a unit word (see
# find_periods, _stated_years): scanning all 5 KB of a CV with these patterns costs ~4x more.
_RANGE = re.compile(
    rf"{_YEAR}\s*(?:m\.)?\s*(?:-|–|—|to|until|till|iki)\s*(?:{_MONTH}{_YEAR}|{_OPEN})",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(r"(?:([a-z]{3,9})\.?\s+|(\d{1,2})[./])$", re.IGNORECASE)
_SINCE_BEFORE = re.compile(
    r"\b(?:since|from|nuo)\s+(?:([a-z]{3,9})\.?\s+|(\d{1,2})[./])?$", re.IGNORECASE
)
_UNITS = frozenset({"year", "years", "yr", "yrs", "metu", "metus", "metai", "m"})
_NUM_BEFORE = re.compile(
    r"(?<![\w.])(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s*\+?\s*$", re.IGNORECASE
)
_NOT_WORK = re.compile(r"\b(?:old|ago|warranty|metų amžiaus)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    start: float  # fractional year
    end: float
    line_start: int  # character offsets of the line the range is on
    line_end: int


@dataclass(frozen=True)
class Experience:
    periods: list[Period]
    blocks: list[tuple[int, int]]  # token span owned by each period
    stated: list[tuple[float, int]]  # ("N years", token position) statements
    total_years: float | None
    headline: tuple[int, int]  # token span of the first lines
    level: int  # 0 junior, 1 mid, 2 senior


def _month(name: str | None, number: str | None) -> float:
    if number and 1 <= int(number) <= 12:
        return (int(number) - 1) / 12
    if name and fold(name)[:3] in _MONTHS:
        return _MONTHS[fold(name)[:3]] / 12
    return 0.5  # unknown month: assume mid-year


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _is_education(line: str) -> bool:
    return any(fold(w) in EDUCATION_WORDS for w in re.findall(r"[^\W\d_]+", line))


def _year_positions(doc: Doc) -> list[int]:
    """Character offsets of tokens that look like years (1900-2099), in text order."""
    out = [
        doc.spans[pos][0]
        for st, positions in doc.index.items()
        if len(st) == 4 and st.isdigit() and st[:2] in ("19", "20")
        for pos in positions
    ]
    return sorted(out)


def find_periods(doc: Doc, ref_year: float) -> list[Period]:
    text, out = doc.text, []
    for at in _year_positions(doc):
        m = _RANGE.match(text, at)
        if m:
            before = _MONTH_BEFORE.search(text, max(0, at - 12), at)
            month = _month(before.group(1), before.group(2)) if before else 0.5
            end = int(m.group(4)) + _month(m.group(2), m.group(3)) if m.group(4) else ref_year
            out.append((int(m.group(1)) + month, end, before.start() if before else at))
            continue
        since = _SINCE_BEFORE.search(text, max(0, at - 20), at)
        if since:
            start = int(text[at : at + 4]) + _month(since.group(1), since.group(2))
            out.append((start, ref_year, since.start()))
    periods = []
    for start, end, pos in out:
        ls, le = _line_bounds(text, pos)
        if end >= start and end - start < 50 and not _is_education(text[ls:le]):
            periods.append(Period(start, max(end, start + 1 / 12), ls, le))
    return periods


def _stated_years(doc: Doc) -> list[tuple[float, int]]:
    """("N years", token position) for every "7 years", "5+ yrs", "five years", "5 m."."""
    text, out = doc.text, []
    for pos, word in enumerate(doc.surface):
        if word not in _UNITS:
            continue
        start, end = doc.spans[pos]
        if word == "m" and not text.startswith(".", end):
            continue  # Lithuanian "m." abbreviates metai; a bare "m" is something else
        m = _NUM_BEFORE.search(text, max(0, start - 12), start)
        if m is None or _NOT_WORK.search(text, end, end + 25):
            continue
        raw = m.group(1).lower()
        out.append((float(NUMBER_WORDS.get(raw, 0) or raw), pos))
    return out


def _merged_years(periods: list[Period]) -> float:
    total, cur_s, cur_e = 0.0, None, None
    for p in sorted(periods, key=lambda p: p.start):
        if cur_e is None or cur_s is None or p.start > cur_e:
            total += (cur_e - cur_s) if cur_e is not None and cur_s is not None else 0.0
            cur_s, cur_e = p.start, p.end
        else:
            cur_e = max(cur_e, p.end)
    if cur_e is not None and cur_s is not None:
        total += cur_e - cur_s
    return total


def _level(words: list[str]) -> int | None:
    if any(w in JUNIOR_WORDS for w in words):
        return 0
    if any(w in SENIOR_WORDS for w in words):
        return 2
    return None


def title_level(title: str) -> int:
    """0 junior, 1 mid, 2 senior, from a job title."""
    level = _level([fold(w) for w in re.findall(r"[^\W\d_]+", title)])
    return 1 if level is None else level


def read_experience(doc: Doc, ref_year: float) -> Experience:
    text = doc.text
    periods = find_periods(doc, ref_year)
    starts = [s for s, _ in doc.spans]
    blocks = []
    for i, p in enumerate(periods):
        nxt = periods[i + 1].line_start if i + 1 < len(periods) else len(text)
        blocks.append(
            (bisect_left(starts, p.line_start), bisect_left(starts, max(nxt, p.line_end)))
        )
    stated = _stated_years(doc)
    candidates = [_merged_years(periods)] if periods else []
    candidates += [y for y, _ in stated]
    total = max(candidates) if candidates else None
    # The headline: up to three lines before the first dated job line (dated lines are jobs).
    head_end = min(_nth_line_end(text, 3), periods[0].line_start if periods else len(text))
    headline = (0, bisect_left(starts, head_end))
    # Seniority from the headline, else from the most recent (first-listed) job line.
    lines = [text[:head_end]] + [text[p.line_start : p.line_end] for p in periods[:1]]
    level = None
    for line in lines:
        level = _level([fold(w) for w in re.findall(r"[^\W\d_]+", line)])
        if level is not None:
            break
    if level is None:
        level = 1
    return Experience(periods, blocks, stated, total, headline, level)


def _nth_line_end(text: str, n: int) -> int:
    pos, seen = 0, 0
    for line in text.splitlines(keepends=True):
        pos += len(line)
        seen += bool(line.strip())
        if seen >= n:
            break
    return pos


def years_in_field(doc: Doc, exp: Experience, req: Requirement) -> float | None:
    """Years the CV shows in the requirement's field; None when the CV gives no dates at all."""
    if exp.total_years is None:
        return None
    if not req.has_field:
        return exp.total_years  # "3+ years of experience": any work counts
    if match_requirement(doc, req, exp.headline).score >= BLOCK_THRESHOLD:
        return exp.total_years
    in_field = [
        p
        for p, block in zip(exp.periods, exp.blocks, strict=True)
        if match_requirement(doc, req, block).score >= BLOCK_THRESHOLD
    ]
    best = _merged_years(in_field)
    for years, pos in exp.stated:
        if not doc.seg:
            break
        seg = doc.seg[pos]  # segment ids ascend with position, so bisect finds its span
        lo, hi = bisect_left(doc.seg, seg), bisect_right(doc.seg, seg)
        if match_requirement(doc, req, (lo, hi)).score >= BLOCK_THRESHOLD:
            best = max(best, years)
    return best
