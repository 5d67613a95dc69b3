"""Six job positions of different kinds, written the way companies post them.

Written before the engine, from real-looking job ads; the engine must cope with this wording,
not the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Position:
    key: str
    title: str
    description: str
    requirements: list[str]
    questions: list[tuple[str, str]]


BACKEND = Position(
    key="backend",
    title="Senior Backend Engineer",
    description=(
        "We are a fintech scale-up in Vilnius processing card payments for 4,000 merchants. "
        "You will design, build and operate the Python services behind our payments API, own "
        "the reliability of the settlement pipeline, review code and help junior colleagues "
        "grow. Our stack: Python (FastAPI, Django), PostgreSQL, Redis, Kafka, Docker, "
        "Kubernetes on AWS, GitLab CI. You'll be on call one week in six."
    ),
    requirements=[
        "5+ years of backend development experience",
        "Python",
        "PostgreSQL",
        "REST APIs",
        "Docker",
        "Kubernetes",
        "AWS",
        "CI/CD pipelines",
        "Mentoring junior engineers",
    ],
    questions=[
        ("q1", "Tell us about a backend system you designed. What were the main trade-offs?"),
        (
            "q2",
            "Describe a production incident you handled. What happened and what did you change "
            "afterwards?",
        ),
        ("q3", "How do you approach reviewing a colleague's pull request?"),
        ("q4", "How would you make a slow PostgreSQL query faster?"),
    ],
)

SALES = Position(
    key="sales",
    title="Account Executive (B2B SaaS)",
    description=(
        "Join our commercial team selling a logistics-planning SaaS to mid-sized manufacturers "
        "and distributors in the Baltics and Nordics. You will run the full sales cycle: "
        "prospecting, discovery calls, demos, proposals, negotiation and closing, then hand "
        "new customers over to onboarding. Quarterly quota, uncapped commission."
    ),
    requirements=[
        "3+ years in B2B SaaS sales",
        "Salesforce CRM",
        "Pipeline management",
        "Cold outreach and prospecting",
        "Negotiation",
        "Quota attainment",
        "Customer onboarding",
        "Fluent English",
    ],
    questions=[
        ("q1", "Walk us through a deal you closed that you are proud of."),
        ("q2", "How do you build and manage your pipeline each quarter?"),
        ("q3", "Tell us about a deal you lost. What did you learn?"),
        ("q4", "How do you handle a prospect who says the price is too high?"),
    ],
)

NURSE = Position(
    key="nurse",
    title="Registered Nurse - Intensive Care Unit",
    description=(
        "Our 24-bed adult ICU treats medical, surgical and trauma patients. We are looking for "
        "a registered nurse to provide direct critical care: continuous monitoring, ventilated "
        "patients, titration of vasoactive drugs, and close work with intensivists, "
        "physiotherapists and families. Twelve-hour shifts, days and nights."
    ),
    requirements=[
        "Registered Nurse license",
        "2+ years ICU or critical care experience",
        "BLS and ACLS certification",
        "Ventilator management",
        "Medication administration",
        "Electronic health records",
        "Patient and family education",
    ],
    questions=[
        (
            "q1",
            "Describe a time a patient's condition deteriorated quickly on your shift. "
            "What did you do?",
        ),
        ("q2", "How do you prioritise care when you are looking after two unstable patients?"),
        ("q3", "How do you support a family receiving bad news?"),
        (
            "q4",
            "Tell us about a medication error or near miss you witnessed and how it was handled.",
        ),
    ],
)

DESIGNER = Position(
    key="designer",
    title="Graphic Designer",
    description=(
        "A branding studio working with food, retail and culture clients is looking for a "
        "graphic designer. You will create brand identities, packaging, posters and "
        "social-media campaigns, prepare files for print and work with our web team in Figma. "
        "Strong typography and a portfolio that shows your thinking are a must."
    ),
    requirements=[
        "3+ years of graphic design experience",
        "Adobe Photoshop",
        "Adobe Illustrator",
        "InDesign",
        "Figma",
        "Brand identity",
        "Typography",
        "Print production",
        "Portfolio",
    ],
    questions=[
        ("q1", "Walk us through a brand identity project from brief to final delivery."),
        ("q2", "How do you handle feedback from a client who dislikes your concept?"),
        ("q3", "What do you check before sending files to print?"),
    ],
)

ACCOUNTANT = Position(
    key="accountant",
    title="Senior Accountant",
    description=(
        "We are a group of five manufacturing companies reporting under IFRS. The senior "
        "accountant runs the monthly close for two entities, prepares reconciliations and "
        "accruals, supports the external audit and improves our processes in NetSuite and "
        "Excel. Reports to the Financial Controller."
    ),
    requirements=[
        "CPA or ACCA qualification",
        "4+ years of accounting experience",
        "Month-end close",
        "IFRS",
        "Account reconciliations",
        "Advanced Excel (pivot tables, VLOOKUP)",
        "SAP or NetSuite",
        "Audit preparation",
        "Accounts payable and receivable",
    ],
    questions=[
        (
            "q1",
            "Describe how you run a month-end close. How long does it take and what slows it down?",
        ),
        ("q2", "Tell us about a significant error you found in a reconciliation."),
        ("q3", "How have you prepared for an external audit?"),
        ("q4", "Give an example of a process you automated or improved."),
    ],
)

FRONT_OFFICE = Position(
    key="front_office",
    title="Front Office Manager",
    description=(
        "A 180-room four-star city hotel in Vilnius old town needs a front office manager to "
        "lead a team of 14 receptionists, concierges and night auditors. You will own guest "
        "satisfaction at check-in and check-out, staff scheduling, handling escalated "
        "complaints, and work with revenue management on room rates and upselling."
    ),
    requirements=[
        "3+ years of hotel front office experience",
        "Opera PMS",
        "Team leadership",
        "Guest relations",
        "Revenue management",
        "Staff scheduling",
        "Fluent English",
        "Complaint handling",
    ],
    questions=[
        ("q1", "Tell us about the most difficult guest complaint you have handled."),
        ("q2", "How do you plan the front desk rota for a busy week?"),
        ("q3", "How would you increase upselling at check-in?"),
    ],
)

POSITIONS: dict[str, Position] = {
    p.key: p for p in (BACKEND, SALES, NURSE, DESIGNER, ACCOUNTANT, FRONT_OFFICE)
}
