"""Curated alias table: spellings, abbreviations and near-synonyms that mean the same skill.

Each group lists variants separated by "|"; a requirement mentioning any variant is satisfied by
any other ("Postgres" for "PostgreSQL", "k8s" for "Kubernetes", "RN" for "registered nurse").
IMPLIED lists evidence that strongly suggests the skill without naming it ("Django" suggests
Python, "EKS" suggests Kubernetes); it earns IMPLIED_CREDIT instead of full credit. Keep entries
unambiguous in a CV: two-letter abbreviations only where they are the usual spelling.
"""

from __future__ import annotations

from functools import lru_cache

from panelist.analysis.builtin.text import stem_phrase

IMPLIED_CREDIT = 0.7

ALIASES: dict[str, str] = {
    # software
    "python": "python|python3|py",
    "postgresql": "postgresql|postgres|psql|pgsql",
    "kubernetes": "kubernetes|k8s|kube",
    "javascript": "javascript|js|ecmascript|es6",
    "typescript": "typescript|ts",
    "nodejs": "nodejs|node",
    "react": "react|reactjs",
    "golang": "golang",
    "machine learning": "machine learning|ml",
    "artificial intelligence": "artificial intelligence|ai",
    "rest api": "rest api|restful api|rest|restful|rest service|rest endpoint",
    "docker": "docker|containerised|containerized|containerisation|containerization|containers",
    "aws": "aws|amazon web services",
    "gcp": "gcp|google cloud|google cloud platform",
    "azure": "azure|microsoft azure",
    "cicd": "cicd|cicd pipeline|cicd pipelines|ci|continuous integration|continuous delivery|"
    "continuous deployment",
    "microservices": "microservices|microservice|micro services",
    "backend": "backend|back end|server side|serverside",
    "frontend": "frontend|front end|client side",
    "engineer": "engineer|developer|programmer|dev|devs|software engineer",
    "mentor": "mentor|mentoring|mentored|coach|coaching|coached|preceptor",
    "sql": "sql|structured query language",
    "database": "database|databases|db",
    # sales
    "salesforce": "salesforce|sfdc|salesforce crm",
    "crm": "crm|customer relationship management",
    "b2b": "b2b|business to business",
    "saas": "saas|software as a service",
    "cold outreach": "cold outreach|cold calling|cold calls|cold call|cold email|outbound",
    "prospecting": "prospecting|prospect|prospects|lead generation|lead gen|new business",
    "negotiation": "negotiation|negotiations|negotiate|negotiated|negotiating",
    "quota": "quota|quotas|quota attainment|target|targets|sales target|sales plan|exceeded target",
    "onboarding": "onboarding|onboard|implementation|handover|hand over",
    "pipeline": "pipeline|pipelines|forecast|forecasting",
    # languages
    "english": "english|anglų|anglu",
    "lithuanian": "lithuanian|lietuvių|lietuviu",
    "fluent": "fluent|fluently|fluency|c1|c2|native|proficient|working language|ielts",
    # nursing and care
    "registered nurse": "registered nurse|rn|registered general nurse|nmc registered|"
    "licensed nurse|bendrosios praktikos slaugytoja|bendrosios praktikos slaugytojas",
    "nurse": "nurse|nurses|nursing|slaugytoja|slaugytojas|slauga",
    "license": "license|licence|licensed|registration|registered|licencija|licenzija",
    "icu": "icu|intensive care|intensive care unit|critical care|itu|intensive therapy|"
    "cticu|micu|sicu|reanimacija|intensyvioji terapija|intensyviosios terapijos",
    "bls": "bls|basic life support",
    "acls": "acls|advanced cardiac life support|als|advanced life support",
    "ventilator": "ventilator|ventilators|ventilated|ventilation|mechanical ventilation",
    "medication": "medication|medications|medicines|drug|drugs|infusion|infusions",
    "ehr": "ehr|emr|electronic health record|electronic health records|"
    "electronic patient record|electronic medical record|charting|epic|cerner",
    "education": "education|educate|educating|teach|teaching|taught",
    "family": "family|families|relatives|next of kin",
    # design
    "photoshop": "photoshop|adobe photoshop",
    "illustrator": "adobe illustrator|illustrator",
    "indesign": "indesign|adobe indesign",
    "figma": "figma",
    "brand identity": "brand identity|visual identity|corporate identity|branding|rebranding|"
    "brand guidelines|identities",
    "typography": "typography|typographic|typeface|typefaces|fonts|lettering|type system|type",
    "print production": "print production|prepress|pre press|print ready|offset print|"
    "printing house|print",
    "portfolio": "portfolio|behance|dribbble",
    "graphic design": "graphic design|graphic designer|visual design",
    # finance
    "cpa": "cpa|certified public accountant|chartered accountant|aca",
    "acca": "acca|fcca|chartered certified accountant",
    "accounting": "accounting|accountant|accountancy|bookkeeping|apskaita|buhalterinė apskaita",
    "month end close": "month end close|month end|monthly close|month end closing|"
    "closing of the books|period end close|monthly closing|year end close",
    "ifrs": "ifrs|international financial reporting standards|tfas",
    "reconciliation": "reconciliation|reconciliations|reconcile|reconciled|reconciling|recs",
    "excel": "excel|ms excel|spreadsheet|spreadsheets|google sheets",
    "pivot table": "pivot table|pivot tables|pivots|pivot",
    "vlookup": "vlookup|xlookup|index match",
    "sap": "sap|sap fi|s 4hana",
    "netsuite": "netsuite|oracle netsuite",
    "audit": "audit|audits|auditor|auditors|auditing|external audit|pbc",
    "accounts payable": "accounts payable|payables|purchase ledger|payable|supplier invoices",
    "accounts receivable": "accounts receivable|receivables|sales ledger|receivable",
    # hospitality
    "front office": "front office|front desk|reception|receptionist|receptionists|"
    "registratūra|administratorius",
    "opera pms": "opera pms|opera|opera cloud|fidelio",
    "leadership": "leadership|team lead|lead a team|led a team|leading a team|supervised|"
    "supervise|supervising|lead team|led team|people management|vadovavimas",
    "guest relations": "guest relations|guest experience|guest satisfaction|guest service|"
    "guest services",
    "revenue management": "revenue management|revenue manager|yield management",
    "scheduling": "scheduling|schedule|schedules|rota|rotas|roster|rostering|shift planning|"
    "shift schedule|grafikas|grafikai",
    "complaints": "complaints|complaint|complaint handling|escalations|escalated|"
    "guest issues|skundai|skundų",
    "hotel": "hotel|hotels|resort|hostel|guesthouse|viešbutis|viešbutyje",
}

IMPLIED: dict[str, str] = {
    "python": "django|flask|fastapi|pandas|pytest|celery",
    "kubernetes": "eks|gke|aks|openshift|helm",
    "aws": "ec2|s3|rds|lambda|sqs|cloudformation",
    "cicd": "github actions|gitlab ci|jenkins|circleci|argocd|pipelines",
    "rest api": "api|apis|django rest framework|drf",
    "docker": "docker compose|dockerised|dockerized",
    "crm": "salesforce|sfdc|hubspot|pipedrive|dynamics|zoho",
    "saas": "software|subscription",
    "photoshop": "adobe creative cloud|adobe cc|creative suite",
    "illustrator": "adobe creative cloud|adobe cc|creative suite",
    "indesign": "adobe creative cloud|adobe cc|creative suite",
    "acls": "pals",
    "ehr": "electronic drug chart|documentation",
    "month end close": "year end",
    "revenue management": "upselling|upsell|rates|overbooking",
    "sap": "s 4hana|sap bw",
    "opera pms": "pms|property management system",
    "guest relations": "guests|guest reviews|online reviews|tripadvisor",
    "quota": "president s club|presidents club",
    "leadership": "manager|managers|supervisor|supervisors",
}

Phrase = tuple[str, ...]


@lru_cache(maxsize=4)
def variant_table(lang: str) -> dict[str, tuple[list[Phrase], list[Phrase]]]:
    """group -> (stemmed variants, stemmed implied variants) in `lang`'s stemming."""
    table: dict[str, tuple[list[Phrase], list[Phrase]]] = {}
    for group, spelled in ALIASES.items():
        variants = [stem_phrase(v, lang) for v in spelled.split("|")]
        implied = [stem_phrase(v, lang) for v in IMPLIED.get(group, "").split("|") if v]
        table[group] = ([v for v in variants if v], [v for v in implied if v])
    return table


@lru_cache(maxsize=4)
def variant_starts(lang: str) -> dict[str, list[tuple[Phrase, str]]]:
    """first stem -> [(variant, group)], longest variants first, for scanning requirements."""
    starts: dict[str, list[tuple[Phrase, str]]] = {}
    for group, (variants, _implied) in variant_table(lang).items():
        for v in variants:
            starts.setdefault(v[0], []).append((v, group))
    for entries in starts.values():
        entries.sort(key=lambda e: -len(e[0]))
    return starts
