"""The interview page's words, in the position's interview language (English or Lithuanian)."""

from __future__ import annotations

from typing import Final

LANGUAGES: Final = ("en", "lt")

TEXTS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "title": "Interview: {position}",
        "interview_for": "Interview for the position",
        "hello": "Hello, {name}!",
        "intro": (
            "Please answer the questions below in your own words. You can save your answers "
            "and come back later with the same link; when you are done, submit the interview."
        ),
        "valid_until": "This link is valid until",
        "question_n": "Question {n} of {total}",
        "limit": "Up to 10,000 characters.",
        "submit_warning": "After you submit, you can no longer change your answers.",
        "save": "Save answers",
        "submit": "Submit interview",
        "saved": "Your answers were saved.",
        "too_long": "The answer to question {n} is too long: at most 10,000 characters.",
        "thanks_title": "Thank you, {name}!",
        "thanks": "Your interview for {position} was submitted. The team will review your answers.",
        "completed_title": "This interview was already submitted",
        "completed": "Your answers can no longer be changed. Thank you for taking part.",
        "expired_title": "This interview link is no longer valid",
        "expired": (
            "The link has expired or was withdrawn. If you would still like to take part, "
            "please contact the company that invited you."
        ),
        "missing_title": "Interview not found",
        "missing": "Please check that you opened the complete link from your invitation email.",
        "busy_title": "Too many requests",
        "busy": "Please wait {seconds} seconds and try again.",
        "bad_form_title": "We could not read your answers",
        "bad_form": "Please go back and try again.",
        "too_large_title": "Your answers are too long",
        "too_large": "Please shorten your answers (at most 10,000 characters each) and try again.",
    },
    "lt": {
        "title": "Darbo pokalbis: {position}",
        "interview_for": "Darbo pokalbis dėl pozicijos",
        "hello": "Sveiki, {name}!",
        "intro": (
            "Atsakykite į toliau pateiktus klausimus savais žodžiais. Atsakymus galite "
            "išsaugoti ir grįžti vėliau naudodami tą pačią nuorodą; baigę pateikite pokalbį."
        ),
        "valid_until": "Nuoroda galioja iki",
        "question_n": "Klausimas {n} iš {total}",
        "limit": "Iki 10 000 simbolių.",
        "submit_warning": "Pateikę atsakymų nebegalėsite pakeisti.",
        "save": "Išsaugoti atsakymus",
        "submit": "Pateikti pokalbį",
        "saved": "Jūsų atsakymai išsaugoti.",
        "too_long": "Atsakymas į {n} klausimą per ilgas: daugiausia 10 000 simbolių.",
        "thanks_title": "Ačiū, {name}!",
        "thanks": "Jūsų pokalbis dėl pozicijos „{position}“ pateiktas. Komanda peržiūrės jūsų "
        "atsakymus.",
        "completed_title": "Šis pokalbis jau pateiktas",
        "completed": "Atsakymų nebegalima pakeisti. Ačiū, kad dalyvavote.",
        "expired_title": "Ši pokalbio nuoroda nebegalioja",
        "expired": (
            "Nuorodos galiojimas baigėsi arba ji buvo atšaukta. Jei vis dar norite dalyvauti, "
            "susisiekite su jus pakvietusia įmone."
        ),
        "missing_title": "Pokalbis nerastas",
        "missing": "Patikrinkite, ar atidarėte visą nuorodą iš kvietimo laiško.",
        "busy_title": "Per daug užklausų",
        "busy": "Palaukite {seconds} s ir bandykite dar kartą.",
        "bad_form_title": "Nepavyko perskaityti jūsų atsakymų",
        "bad_form": "Grįžkite atgal ir bandykite dar kartą.",
        "too_large_title": "Jūsų atsakymai per ilgi",
        "too_large": "Sutrumpinkite atsakymus (daugiausia 10 000 simbolių kiekvienas) ir "
        "bandykite dar kartą.",
    },
}


def preferred_language(accept_language: str | None) -> str:
    """For pages shown before the interview's own language is known (unknown or dead links):
    the first of our languages in the browser's list, by quality."""
    best, best_q = "en", -1.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGUAGES:
            continue
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        if q > best_q:
            best, best_q = primary, q
    return best
