"""The CV analysis texts, written separately in English and Lithuanian.

The two languages are separate templates rather than one translated from the other, so each reads
the way a recruiter would write it. In Lithuanian mode only the operator's requirement names and
the skill words quoted from the CV stay in their original language; the English mode quotes the
whole CV line as evidence.
"""

from __future__ import annotations

from panelist.analysis.builtin.cv import MET, PARTIAL, CvAnalysis, RequirementResult
from panelist.analysis.builtin.text import Doc
from panelist.analysis.engine import Language

MAX_LISTED = 4  # requirements named in the one-paragraph evaluation

VERDICT = {
    "en": ("Strong match", "Good match", "Partial match", "Weak match"),
    "lt": (
        "CV labai gerai atitinka pareigas",
        "CV gerai atitinka pareigas",
        "CV iš dalies atitinka pareigas",
        "CV mažai atitinka pareigas",
    ),
}
RELEVANCE = {
    "en": (
        "The CV as a whole is closely related to the job description.",
        "The CV is partly related to the job description.",
        "The CV has little in common with the job description.",
    ),
    "lt": (
        "Bendras CV turinys glaudžiai susijęs su pareigų aprašymu.",
        "Bendras CV turinys iš dalies susijęs su pareigų aprašymu.",
        "Bendras CV turinys mažai susijęs su pareigų aprašymu.",
    ),
}


def _verdict(score: int) -> int:
    return 0 if score >= 75 else 1 if score >= 55 else 2 if score >= 35 else 3


def years_text(years: float, lang: Language) -> str:
    """ "about 6 years" / "apie 6 m."; under a year: "less than a year" / "mažiau nei 1 m."."""
    n = round(years)
    if lang == "lt":
        return "mažiau nei 1 m." if years < 1 else f"apie {n} m."
    if years < 1:
        return "less than a year"
    return "about 1 year" if n == 1 else f"about {n} years"


def _found(doc: Doc, r: RequirementResult) -> list[str]:
    """The CV's own words for the matched skills, without boilerplate hits ("Certificates") and
    without a word already inside a longer quote ("Registered" in "Registered Nurse")."""
    quotes = [doc.quote(h.pos, h.pos + h.length) for h in r.match.hits if h.specific]
    out: list[str] = []
    for q in sorted(quotes, key=len, reverse=True):
        if not any(q.lower() in longer.lower() for longer in out):
            out.append(q)
    return sorted(out, key=quotes.index)


def _q(text: str, lang: Language) -> str:
    return f"„{text}“" if lang == "lt" else f"“{text}”"


def _upside(doc: Doc, r: RequirementResult, lang: Language) -> str:
    req, years = r.requirement.text, r.years_found
    if not r.match.hits:  # "3+ years of experience": nothing to quote but the years
        if lang == "lt":
            return f"{req} – darbo patirtis: {years_text(years or 0, lang)}"
        return f"{req}: {years_text(years or 0, lang)} of work experience"
    if lang == "lt":
        terms = ", ".join(_q(t, lang) for t in _found(doc, r))
        extra = f"; patirtis šioje srityje – {years_text(years, lang)}" if years else ""
        return f"{req} – CV minima {terms}{extra}"
    line = doc.segment_text(r.match.hits[0].pos)
    extra = f" ({years_text(years, lang)})" if years else ""
    return f"{req}{extra}: {_q(line, lang)}"


def _partial(doc: Doc, r: RequirementResult, lang: Language) -> str:
    req, found = r.requirement.text, ", ".join(_q(t, lang) for t in _found(doc, r))
    missing = ", ".join(r.match.missing)
    if lang == "lt":
        if missing:
            return f"{req} – atitinka tik iš dalies (rasta: {found}; nerasta: {missing})"
        return f"{req} – įrodymai netiesioginiai arba riboti ({found})"
    if missing:
        return f"{req}: only partly shown (found {found}; not found: {missing})"
    return f"{req}: the evidence is indirect or limited ({found})"


def _years_short(r: RequirementResult, lang: Language) -> str | None:
    asked = r.requirement.min_years
    if asked is None or r.match.score < PARTIAL:
        return None
    req = r.requirement.text
    if r.years_found is None:
        if lang == "lt":
            return (
                f"{req} – CV nenurodytos darbo datos, todėl patirties trukmės patikrinti nepavyko"
            )
        return f"{req}: the CV gives no dates, so the years of experience could not be checked"
    if r.years_found >= asked:
        return None
    only = ("tik " if lang == "lt" else "only ") if r.years_found >= 1 else ""
    years, in_field = years_text(r.years_found, lang), r.requirement.has_field
    if lang == "lt":
        return (
            f"{req} – {'patirtis šioje srityje' if in_field else 'darbo patirtis'}: {only}{years}"
        )
    return f"{req}: {only}{years} {'in this field' if in_field else 'of work'} found in the CV"


def _seniority(a: CvAnalysis, lang: Language) -> tuple[str | None, str | None]:
    """(upside, shortcoming) about the level of past roles against a senior position."""
    if a.position_level < 2:
        return None, None
    if a.experience.level >= 2 and a.seniority_fit >= 1.0:
        if lang == "lt":
            return "Turi vyresniojo specialisto ar vadovo darbo patirties", None
        return "Has held senior, lead or manager roles", None
    if a.seniority_fit >= 1.0:
        return None, None
    if lang == "lt":
        if a.experience.level == 0:
            return (
                None,
                "Patirtis daugiausia jaunesniojo specialisto lygio, o pareigos – vyresniojo",
            )
        return None, "Patirtis atrodo vidutinio lygio, o ieškoma vyresniojo specialisto"
    if a.experience.level == 0:
        return None, "Mostly junior-level experience for a senior role"
    return None, "Experience reads as mid-level; the role is senior"


def _evaluation(a: CvAnalysis, title: str, lang: Language) -> str:
    reqs = a.requirements
    met = [r for r in reqs if r.match.score >= MET]
    partial = [r for r in reqs if PARTIAL <= r.match.score < MET]
    missing = [r.requirement.text for r in reqs if r.match.score < PARTIAL]
    verdict = VERDICT[lang][_verdict(a.score)]
    relevance = RELEVANCE[lang][0 if a.relevance >= 0.6 else 1 if a.relevance >= 0.3 else 2]
    listed = ", ".join(missing[:MAX_LISTED])
    if len(missing) > MAX_LISTED:
        extra = len(missing) - MAX_LISTED
        listed += f" ir dar {extra}" if lang == "lt" else f" and {extra} more"
    if lang == "lt":
        if not reqs:
            head = (
                f"{verdict} ({a.score}/100). Reikalavimai šioms pareigoms nenurodyti, todėl "
                "įvertinimas remiasi tik CV ir pareigų aprašymo sąsaja."
            )
        elif met:
            more = f", dar {len(partial)} – iš dalies" if partial else ""
            head = (
                f"{verdict} ({a.score}/100): atitinka {len(met)} iš {len(reqs)} reikalavimų{more}."
            )
        else:
            more = f" (iš dalies – {len(partial)})" if partial else ""
            head = (
                f"{verdict} ({a.score}/100): neatitinka nė vieno iš {len(reqs)} reikalavimų{more}."
            )
        gap = f" Trūksta: {listed}." if missing else ""
        return f"{head}{gap} {relevance}"
    if not reqs:
        head = (
            f"{verdict} for {title} ({a.score}/100). No requirements are set for this position, "
            "so the score reflects how closely the CV matches the job description."
        )
    else:
        more = f", and partly {len(partial)} more" if partial else ""
        head = (
            f"{verdict} for {title} ({a.score}/100): meets {len(met)} of {len(reqs)} "
            f"requirements{more}."
        )
    gap = f" Not found in the CV: {listed}." if missing else ""
    return f"{head}{gap} {relevance}"


def cv_texts(a: CvAnalysis, title: str, lang: Language) -> tuple[str, list[str], list[str]]:
    """(evaluation, upsides, shortcomings) for an analysis."""
    if not a.doc.stems:
        if lang == "lt":
            return "CV tuščias – nėra ką vertinti.", [], ["CV nepateiktas arba jame nėra teksto"]
        return "The CV is empty, so nothing could be matched.", [], ["No CV text"]
    upsides, shortcomings = [], []
    for r in a.requirements:
        short = _years_short(r, lang)
        if short:
            shortcomings.append(short)  # the field is there but not for long enough
        elif r.match.score >= MET and (r.match.hits or r.requirement.min_years):
            upsides.append(_upside(a.doc, r, lang))
        elif r.match.score >= PARTIAL and r.match.hits:
            shortcomings.append(_partial(a.doc, r, lang))
        else:
            shortcomings.append(
                f"{r.requirement.text} – CV neminima"
                if lang == "lt"
                else f"{r.requirement.text}: no evidence in the CV"
            )
    up, down = _seniority(a, lang)
    upsides += [up] if up else []
    shortcomings += [down] if down else []
    return _evaluation(a, title, lang), upsides, shortcomings
