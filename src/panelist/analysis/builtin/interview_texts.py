"""Interview analysis texts, written separately in English and Lithuanian.

Questions are referred to by their number in the interview ("questions 2, 4" / "klausimai
Nr. 2, 4"); the Lithuanian noun takes the case and number its sentence needs.
"""

from __future__ import annotations

from panelist.analysis.builtin.interview import EVIDENCE, Answer, InterviewAnalysis
from panelist.analysis.engine import Language, Recommendation

SPECIFIC, SOMEWHAT_SPECIFIC = 0.55, EVIDENCE
RELEVANT, SOMEWHAT_RELEVANT = 0.60, 0.30

FEEDBACK = {
    "en": {
        "empty": "No answer.",
        "non_answer": "The answer has no content to assess.",
        "too_short": "Too short to show the candidate's experience; ask for an example.",
        "off_topic": "The answer does not address the question.",
        "rel": (
            "Answers the question directly",
            "Partly answers the question",
            "Only loosely related to the question",
        ),
        "spec": (
            "concrete, with figures, outcomes and the candidate's own actions.",
            "some specifics, but a worked example with results would make it stronger.",
            "general, without a concrete example.",
        ),
    },
    "lt": {
        "empty": "Atsakymo nėra.",
        "non_answer": "Atsakyme nėra turinio, kurį būtų galima įvertinti.",
        "too_short": "Atsakymas per trumpas, kad atsiskleistų kandidato patirtis; verta "
        "paprašyti pavyzdžio.",
        "off_topic": "Atsakymas nesusijęs su klausimu.",
        "rel": (
            "Atsakyta tiesiai į klausimą",
            "Į klausimą atsakyta iš dalies",
            "Atsakymas su klausimu susijęs tik menkai",
        ),
        "spec": (
            "pateikta konkrečių faktų, skaičių, rezultatų ir paties kandidato veiksmų.",
            "šiek tiek konkretumo, tačiau trūksta pavyzdžio su rezultatais.",
            "atsakymas bendro pobūdžio, be konkrečių pavyzdžių.",
        ),
    },
}

RECOMMENDATION: dict[str, dict[Recommendation, str]] = {
    "en": {
        "strong_yes": "strongly recommend moving forward",
        "yes": "recommend moving forward",
        "no": "not recommended at this stage",
        "strong_no": "not recommended",
    },
    "lt": {
        "strong_yes": "labai rekomenduojama tęsti atranką",
        "yes": "rekomenduojama tęsti atranką",
        "no": "šiame etape nerekomenduojama",
        "strong_no": "nerekomenduojama",
    },
}


def _tier(value: float, high: float, mid: float) -> int:
    return 0 if value >= high else 1 if value >= mid else 2


def feedback(a: Answer, lang: Language) -> str:
    texts = FEEDBACK[lang]
    if a.kind != "ok":
        return str(texts[a.kind])
    rel = texts["rel"][_tier(a.relevance, RELEVANT, SOMEWHAT_RELEVANT)]
    spec = texts["spec"][_tier(a.specificity, SPECIFIC, SOMEWHAT_SPECIFIC)]
    return f"{rel}; {spec}"


def _where(answers: list[Answer], idx: dict[str, int], lang: Language, case: str = "nom") -> str:
    """ "question 3" / "questions 2, 4"; Lithuanian in the case the sentence needs:
    nom "klausimas/klausimai Nr. 3", acc "klausimą/klausimus Nr. 3"."""
    nums = ", ".join(str(idx[a.question_id]) for a in answers)
    one = len(answers) == 1
    if lang == "lt":
        forms = {"nom": ("klausimas", "klausimai"), "acc": ("klausimą", "klausimus")}[case]
        return f"{forms[0] if one else forms[1]} Nr. {nums}"
    return f"question {nums}" if one else f"questions {nums}"


def _lists(ia: InterviewAnalysis, lang: Language) -> tuple[list[str], list[str]]:
    idx = {a.question_id: i + 1 for i, a in enumerate(ia.answers)}
    ok = [a for a in ia.answers if a.substantive]
    specific = [a for a in ok if a.specificity >= SPECIFIC]
    strengths, concerns = [], []
    lt = lang == "lt"
    if specific:
        where = _where(specific, idx, lang)
        strengths.append(
            f"Konkretūs pavyzdžiai su skaičiais ar rezultatais ({where})"
            if lt
            else f"Concrete examples with figures or outcomes ({where})"
        )
    if ok and sum(a.relevance >= RELEVANT for a in ok) * 2 > len(ia.answers):
        strengths.append(
            "Dauguma atsakymų – tiesiai į užduotus klausimus"
            if lt
            else "Most answers address the questions directly"
        )
    if ia.skills:
        skills = ", ".join(ia.skills)
        strengths.append(
            f"Atsakymuose atsiskleidžia pareigoms svarbūs įgūdžiai: {skills}"
            if lt
            else f"Answers show skills the role asks for: {skills}"
        )
    missing = [a for a in ia.answers if a.kind in ("empty", "non_answer")]
    short = [a for a in ia.answers if a.kind == "too_short"]
    off = [a for a in ia.answers if a.kind == "off_topic"]
    if missing:
        concerns.append(
            f"Neatsakyta į {_where(missing, idx, lang, 'acc')}"
            if lt
            else f"No real answer to {_where(missing, idx, lang)}"
        )
    if short:
        where, one = _where(short, idx, lang), len(short) == 1
        if lt:
            concerns.append(
                f"{'Labai trumpas atsakymas' if one else 'Labai trumpi atsakymai'} ({where})"
            )
        else:
            concerns.append(f"{'Very short answer' if one else 'Very short answers'} ({where})")
    if off:
        where, one = _where(off, idx, lang), len(off) == 1
        if lt:
            concerns.append(f"{'Atsakymas' if one else 'Atsakymai'} ne į klausimą ({where})")
        else:
            concerns.append(f"{'Answer' if one else 'Answers'} off the question ({where})")
    if ok and not any(a.specificity >= SOMEWHAT_SPECIFIC for a in ok):
        concerns.append(
            "Trūksta konkrečių pavyzdžių – atsakymai bendro pobūdžio"
            if lt
            else "Few concrete examples: the answers stay general"
        )
    return strengths, concerns


def _summary(ia: InterviewAnalysis, lang: Language) -> str:
    n = len(ia.answers)
    k = sum(a.substantive for a in ia.answers)
    s = sum(a.substantive and a.specificity >= SPECIFIC for a in ia.answers)
    if not ia.evaluable or ia.score is None or ia.recommendation is None:
        if lang == "lt":
            if not n:
                return "Interviu įvertinti negalima: jame nėra klausimų."
            if not k:
                return (
                    f"Interviu įvertinti negalima: nė į vieną iš {n} klausimų neatsakyta tinkamai."
                )
            return f"Interviu įvertinti negalima: tinkamai atsakyta tik į {k} iš {n} klausimų."
        if not n:
            return "The interview cannot be evaluated: it has no questions."
        return (
            f"The interview cannot be evaluated: only {k} of {n} questions "
            f"{'has' if k == 1 else 'have'} a usable answer."
        )
    rec = RECOMMENDATION[lang][ia.recommendation]
    if lang == "lt":
        examples = (
            f"{s} iš jų – su konkrečiais pavyzdžiais" if s else "tačiau konkrečių pavyzdžių nėra"
        )
        return (
            f"Interviu įvertinimas – {ia.score}/100: tinkamai atsakyta į {k} iš {n} klausimų, "
            f"{examples}. Rekomendacija: {rec}."
        )
    level = ("Strong", "Solid", "Weak", "Poor")[_tier(ia.score, 75, 55) + (ia.score < 35)]
    examples = f"{s} with concrete examples" if s else "none with concrete examples"
    return (
        f"{level} interview ({ia.score}/100): {k} of {n} questions have a usable answer, "
        f"{examples}. Recommendation: {rec}."
    )


def interview_texts(ia: InterviewAnalysis, lang: Language) -> tuple[str, list[str], list[str]]:
    """(summary, strengths, concerns)."""
    strengths, concerns = _lists(ia, lang)
    return _summary(ia, lang), strengths, concerns
