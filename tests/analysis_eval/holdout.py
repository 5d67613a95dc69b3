"""Hold-out CVs, written after the engine was built and never used to change it.

The main set was written before the engine, but the engine was then developed looking at its
results; these items show how it does on text it has not been adjusted to. Graded like the rest
(3 strong, 2 partial, 1 weak, 0 unrelated) against the named position.
"""

from __future__ import annotations

HOLDOUT_CVS: dict[str, tuple[str, int, str]] = {
    "hb_1": (
        "backend",
        3,
        """Platform / backend engineer. 7+ yrs.
Now: payments infra team at a neobank (2021-). Python and Go services, Postgres (we run ~40
clusters), everything on EKS via Terraform + ArgoCD, GitHub Actions for builds. I onboarded and
mentored four new hires and run the backend guild.
Before: 2017-2021 software engineer at an adtech company, high-throughput HTTP APIs, Redis,
Kafka, Docker. MSc Computer Science.""",
    ),
    "hb_2": (
        "backend",
        1,
        """IT Support Specialist
Helpdesk and office IT for a 200-person company since 2020: laptops, Microsoft 365 accounts,
printers, network issues. Wrote small Python scripts to automate user creation. Currently taking
an AWS Cloud Practitioner course and learning Docker basics at home.
Skills: Windows, Active Directory, basic Python, networking (CCNA 1)""",
    ),
    "hs_1": (
        "sales",
        2,
        """Key Account Manager — FMCG
Five years managing national retail chains (Maxima, Rimi, Iki) for a beverage producer.
Annual negotiations of listing fees and promo calendars, sales volume targets met 4 of 5 years,
forecasting in SAP, weekly store visits with merchandisers. Previously sales representative for
a dairy company (2017-2019). Fluent English and Russian.""",
    ),
    "hn_1": (
        "nurse",
        3,
        """RGN, ITU staff nurse 2019 – now (Royal Infirmary, 18-bed general ITU)
Level 3 patients: invasive ventilation, proning, CVVH, inotropes/vasopressors, ICP monitoring
ALS provider. Charting in MetaVision. Link nurse for relatives' support.
2016 – 2019 staff nurse, acute surgical admissions
BSc Nursing 2016""",
    ),
    "hn_2": (
        "nurse",
        0,
        """Nursery teacher (kindergarten), 8 years
Caring for and teaching groups of 15 children aged 2–5, planning daily activities, talking with
families about each child's progress, first aid certificate, food allergy training.
Education: Early childhood education, Šiauliai University""",
    ),
    "hd_1": (
        "designer",
        2,
        """Art Director, advertising agency (2018 – present)
Concepts for TV, outdoor and digital campaigns for a telecom and a bank; art direction of
photo shoots; I work with copywriters and brief the studio's designers and retouchers. Adobe CC
daily (Photoshop, Illustrator), presentations in Keynote. Junior art director 2015-2018.""",
    ),
    "ha_1": (
        "accountant",
        1,
        """Payroll Specialist
2019 – present: payroll for 600 employees in SAP HCM, sick leave and holiday calculations,
monthly reports to SODRA and the tax office, answering employee questions. Good Excel (VLOOKUP,
pivot tables). Bachelor in Business Administration.""",
    ),
    "hf_1": (
        "front_office",
        2,
        """Hotel Duty Manager, 95-room boutique hotel (2020 – present)
Run evening and weekend shifts with a team of 6 at reception and in the bar; solve guest
problems and complaints, handle overbookings and walk-ins; Protel PMS and booking.com extranet.
Before that receptionist at the same hotel for two years. English, German, Lithuanian.""",
    ),
}
