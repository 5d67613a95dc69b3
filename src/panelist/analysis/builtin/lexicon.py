"""Word lists the built-in engine relies on, in English and Lithuanian.

Stored as lowercase surface words without diacritics (the tokenizer strips them) and compared
before stemming, so the lists stay readable. They are deliberately short: every entry is a word
that would otherwise distort matching (stop words), inflate relevance (job-ad boilerplate), or
signal something the engine scores (seniority, specificity).
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lowercase and drop diacritics: "Vaitkutė" -> "vaitkute", "Šiauliai" -> "siauliai"."""
    if text.isascii():  # the common case, 20x cheaper than decomposing
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> frozenset[str]:
    return frozenset(fold(word) for word in text.split())


STOP_EN = _words(
    """a an the and or but if of to in on at by for with from as into onto over under about
    after before between during through per via than then so such that this these those there
    here it its is are was were be been being am do does did done have has had having will would
    shall should can could may might must not no nor only own same too very just also both each
    few more most other some any all i me my mine we us our ours you your yours he him his she
    her they them their what which who whom whose when where why how up down out off again once
    further while because until against above below s t etc e g ie eg incl including within
    using used use like well new"""
)

_STOP_LT_TEXT = """ir ar bei o bet kad jog nes kai kur kas ko kam kuo kuris kuri kurie kurios
    kurio kurį kurią kuriuos kurias kaip tai tas ta tie tos to tą tuo toje tame šis ši šie šios šio
    šią šiuo čia ten su be iš į ant po prie per nuo iki už apie pagal tarp virš dėl nors tik
    jau dar taip pat yra buvo bus būti esu esame yra aš mano man mane mes mūsų mums jūs jūsų
    jis ji jie jos jo jų jam jai jiems savo save sau ne nei net gal labai daug mažai kiekvienas
    visi visa viskas kitas kita kiti kitos tada dabar todėl"""
STOP_LT = _words(_STOP_LT_TEXT)
# For telling the language apart: unfolded, and without words English has too ("is" is a folded
# "iš", "i" a folded "į").
LT_FUNCTION_WORDS = frozenset(_STOP_LT_TEXT.split()) - STOP_EN

# Job-ad and CV boilerplate: present in almost every document, so it says little about fit.
# Such tokens count a fifth as much as a specific word in requirement coverage and relevance.
GENERIC = _words(
    """experience experienced years year yrs work working worked job role roles position skill
    skills knowledge ability able strong good excellent great solid proven advanced basic
    professional professionals expert expertise proficiency proficient understanding familiar
    familiarity qualification qualifications qualified certification certified certificate
    management manage managing managed development develop developing developed team teams
    responsible responsibilities duties company companies client clients customer customers
    looking seeking join our ability must nice plus required requirement requirements preferred
    including include field area areas level high quality minimum least least person people
    patirtis patirties patirtį darbo darbas metai metų m žinios įgūdžiai gebėjimas gebėjimai
    reikalavimai privalumas privaloma"""
)

# Seniority words, looked up in CV headlines and job titles (surface form, no stemming).
SENIOR_WORDS = _words(
    """senior sr lead leading principal head chief director manager supervisor staff architect
    vyresnysis vyresnioji vadovas vadovė vadovo direktorius direktorė vedantysis vedančioji"""
)
JUNIOR_WORDS = _words(
    """junior jr intern internship trainee apprentice student graduate entry assistant newly
    jaunesnysis jaunesnioji praktikantas praktikantė stažuotojas stažuotoja studentas studentė
    asistentas asistentė padėjėjas padėjėja"""
)

# Words that weaken the evidence right next to a matched skill: "basic Python", "ACCA student",
# "ACLS course booked". Checked within two tokens of the match.
WEAK_QUALIFIERS = _words(
    """basic basics beginner learning student trainee candidate studying booked planned
    familiar exposure some little elementary pradinės pradinis pradmenys mokausi"""
)

# Words in a CV line that mark it as education rather than a job, so its dates are not counted
# as work experience.
EDUCATION_WORDS = _words(
    """education university college kolegija universitetas academy school bootcamp bsc ba msc
    ma mba phd degree diploma studies bachelor master hons studijos išsilavinimas mokykla
    akademija bakalauras magistras"""
)

# Question words that carry no topic: "Tell us about a time you …".
QUESTION_FILLER = _words(
    """tell describe explain walk give example time times share talk please would could
    did do you your us what how why which when where whom through approach handle handled
    happen happened situation papasakokite apibūdinkite aprašykite paaiškinkite pateikite
    pavyzdį kaip kodėl kada kokį kokią kokius kokias ką jūs jūsų"""
)

# First-person markers: a candidate describing what they did themselves.
FIRST_PERSON = _words("i i'm i've my me we our aš mano man mes mūsų mudu")

# Outcome and example markers: the answer says what happened as a result.
OUTCOME_WORDS = _words(
    """result results resulted outcome so reduced reduce cut cutting increased increase grew
    grow growth saved save improved improve improvement raised decreased dropped fixed
    resolved solved afterwards since lesson learned learnt changed delivered launched achieved
    won closed promoted recovered finished rezultatas rezultatai sumažinau sumažėjo padidinau
    padidėjo sutaupėme pagerinau pagerėjo išsprendžiau išmokau pasiekiau pakeitėme todėl"""
)

# Answers that say nothing, compared on the whole normalised answer.
NON_ANSWERS = frozenset(
    {
        "",
        "-",
        ".",
        "n a",
        "na",
        "none",
        "no",
        "yes",
        "ok",
        "okay",
        "hi",
        "hello",
        "test",
        "idk",
        "i don t know",
        "don t know",
        "i dont know",
        "dont know",
        "no idea",
        "nothing",
        "nezinau",
        "as nezinau",
        "nera",
        "taip",
        "ne",
        "gerai",
        "labas",
    }
)

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}

# Everyday workplace vocabulary across trades. Lexical overlap with a question cannot tell a
# short paraphrased answer ("I sit down with them and the doctor") from a truly off-topic one
# ("we went to the lake"); talking about work at all can. Compared after stemming.
WORKPLACE = _words(
    """work job task tasks project projects team colleague colleagues manager boss supervisor
    client clients customer customers user users patient patients guest guests staff
    employee employees company business office meeting meetings deadline deadlines plan
    planning process procedure procedures protocol policy problem problems issue issues
    solution solutions result goal target report reports data system systems tool tools
    quality error errors mistake mistakes risk risks feedback review budget cost price pricing
    value contract deal deals sale sales order orders invoice invoices payment payments account
    accounts service product products schedule shift shifts training communication explain
    discuss agree decision decisions priority priorities urgent responsibility lead manage
    organise organize support help handle resolve fix improve test check document safety care
    treatment doctor nurse family relatives hospital ward room escalate complaint request
    proposal negotiate discount code design concept brief draft version print file deliver
    launch release incident production analysis numbers revenue profit budget audit
    question questions answer answers situation approach example experience skills learn
    darbas darbe komanda kolega kolegos vadovas klientas klientai pacientas pacientai svečias
    svečiai projektas užduotis problema sprendimas rezultatas tikslas ataskaita sistema kaina
    sutartis pardavimai užsakymas sąskaita paslauga produktas grafikas pamaina mokymai
    gydytojas šeima artimieji kokybė klaida klaidos terminas planas procesas"""
)
