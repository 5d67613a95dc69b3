"""CVs for the ICU-nurse and the graphic-designer positions (grade 0-3 against their own).

Grades are a recruiter's judgement of fit: 3 strong, 2 partial, 1 weak/adjacent, 0 unrelated.
"""

from __future__ import annotations

NU_1 = """Rasa Jonaitienė, RN
Intensive care nurse — 6 years

Professional registration: Registered nurse, licence no. 12345 (valid)
Certifications: BLS, ACLS (renewed 2024), PALS

Clinical experience
Intensive Care Unit, University Hospital — Staff Nurse (2018 – present)
- Care for 1–2 critically ill patients per shift: post-cardiac surgery, sepsis, trauma
- Manage ventilated patients, assist with intubation and extubation, suctioning, ABG sampling
- Titrate vasopressors and sedation by protocol, CRRT monitoring
- Documentation in the hospital EHR (eSveikata / Epic-like system)
- Educate patients and families before transfer to the ward; preceptor for new nurses

General Surgery Ward — Nurse (2016 – 2018)
- Pre- and post-operative care, wound care, IV medications

Education: Professional Bachelor in General Practice Nursing, Kauno kolegija (2016)
"""

NU_2 = """CURRICULUM VITAE — Eglė Navickaitė

Critical Care Staff Nurse, Cardiothoracic ITU (London), 04/2019 – 12/2024
 · NMC registered nurse; returned to Lithuania in 2025, licence recognised
 · 1:1 nursing of mechanically ventilated patients; weaning, tracheostomy care
 · Administration and titration of inotropes, insulin infusions, blood products
 · Advanced Life Support (ALS) provider; member of hospital cardiac arrest team
 · Used Cerner for charting and the electronic drug chart
 · Supported relatives at end of life; led family meetings with consultants

Staff Nurse, Acute Medical Unit, 09/2017 – 03/2019

Education: BSc (Hons) Adult Nursing
Courses: Basic Life Support, Critical Care Foundation course
"""

NU_3 = """Lina Kavaliauskaitė
Registered Nurse — Medical-Surgical Unit

I am a registered nurse with four years of experience on a busy 30-bed medical-surgical ward. I
am looking to develop my career in critical care.

Work experience
2021 – present, Nurse, Internal Medicine and Surgery department, regional hospital
- Assessment and care of 6–8 patients per shift
- Administer oral, IM and IV medications, blood transfusions
- Recognise deterioration with early warning scores and call the rapid response team
- Electronic patient record, handover reports
- Teach patients about discharge medication and wound care

Licence: registered general nurse, valid
Certificates: BLS (2023), infection control course
Education: Nursing BSc, Lithuanian University of Health Sciences, 2021
"""

NU_4 = """Gabija Rutkauskaitė — newly qualified nurse

Registered nurse since July 2024. Final-year clinical placement (10 weeks) in a neurosurgical
ICU, where I cared for ventilated patients under supervision.

Current job: Nurse, step-down / high dependency unit (Sept 2024 – now)
  Monitoring patients after ICU discharge, telemetry, non-invasive ventilation (CPAP/BiPAP)
  Medication rounds, IV antibiotics, documentation in the EHR

Certificates: BLS; ACLS course booked for spring
Education: BSc Nursing (2024)
Languages: Lithuanian, English (B2)
"""

NU_5 = """Kristina Baranauskienė
Nursing assistant / care worker

2019 – present   Nursing assistant, nursing home "Senjorų namai"
                 Personal care for 20 residents: washing, dressing, feeding, repositioning
                 Measuring blood pressure, pulse, temperature; reporting to the nurse on duty
                 Helping families during visits

2015 – 2019      Carer in home care service

Courses: first aid, dementia care (40 h)
I am kind, patient and not afraid of hard work.
"""

NU_6 = """Mindaugas Paulauskas
Paramedic

Emergency Medical Services, Vilnius — Paramedic (2017 – present)
- Respond to emergency calls as part of a two-person crew
- Airway management, defibrillation, IV access and emergency drug administration
- ACLS and PHTLS certified; trauma and cardiac arrest management
- Handover of patients to emergency department staff

Education: Paramedic diploma, Vilnius kolegija (2017)
Driving licence: B, C
"""

GD_1 = """Agnė Mikalauskaitė
Graphic Designer — behance.net/agnemik

Five years at a branding agency designing identities, packaging and campaigns for food and retail
brands.

Brand & Packaging Designer, branding agency, Vilnius (2020 – present)
 - Created visual identities (logo, colour, type system, guidelines) for 20+ clients, including a
   craft brewery and a chain of bakeries
 - Packaging ranges from concept to print-ready artwork; press checks at the printing house
 - Posters, outdoor and social media campaigns
 - Work with developers by handing over designs in Figma

Junior Designer, print shop (2019 – 2020)
 - Prepress: checking bleed, CMYK, overprint, preparing PDF/X files

Tools: Adobe Creative Cloud — Illustrator, Photoshop, InDesign; Figma; some After Effects
Education: BA Graphic Design, Vilnius Academy of Arts (2019)
Loves: typography, lettering, risograph printing
"""

GD_2 = """ONA ŠIMKUTĖ
freelance graphic designer & illustrator

Since 2017 I've been working independently for small businesses, cultural organisations and
festivals. Logos and visual identity, posters, book covers, event materials. Portfolio:
onasimkute.lt

Selected work
— Visual identity for a jazz festival: logo, typeface pairing, posters, merch (2023)
— Book cover series for an independent publisher; layouts in InDesign (2021-2024)
— Rebranding of a family bakery: signage, menus, packaging (2022)

I work in Illustrator, Photoshop and InDesign, and use Figma for web mockups. I care a lot about
type and I prepare files for offset and digital print myself.

Education: BA Graphic Design, Vilnius Academy of Arts
"""

GD_3 = """Simas Lukoševičius — Product (UI/UX) Designer

4 years designing web and mobile apps.

UI/UX Designer, fintech startup (2021 – present)
  · Designed the onboarding flow of our mobile app; conversion +18%
  · Maintain our design system in Figma (components, tokens)
  · User interviews, usability testing, wireframes and prototypes

Web Designer, marketing agency (2020 – 2021)
  · Website mockups and banners in Photoshop and Sketch

Skills: Figma, Sketch, Photoshop (basic), prototyping, user research, HTML/CSS basics
"""

GD_4 = """Eimantė Grigaitė
Junior graphic designer

Designer with 1.5 years of experience in an in-house marketing team. Portfolio on request.

In-house Designer, furniture retailer (2024 – present)
- Social-media posts, banners, email newsletters
- Catalogue pages in InDesign together with a senior designer
- Edit product photos in Photoshop, simple illustrations in Illustrator
- Templates in Canva for the sales team

Design internship, local newspaper (summer 2023) — ads layout

Education: Graphic design (professional bachelor), Vilniaus kolegija, 2024
"""

GD_5 = """Justina Vasiliauskaitė — Marketing Coordinator

Marketing coordinator with 3 years of experience in events and social media.

Marketing Coordinator, shopping centre (2022 – present)
 • Planned and ran 15+ events a year (fashion weekends, kids' days)
 • Managed Facebook and Instagram accounts, made posts in Canva
 • Coordinated with external designers and printers for posters and flyers
 • Budget tracking and reports for the marketing manager

Education: BA Marketing, Vilnius University
"""

GD_6 = """Martynas Urbonas
Photographer

Commercial and wedding photographer, self-employed since 2016.
- Product photography for e-shops; lookbooks for two clothing brands
- Retouching and colour correction in Lightroom and Photoshop
- Prepared photo books and prints with local printing houses
Equipment: Canon R5, studio lighting
Education: photography courses, Vilnius Photography School
"""

CVS: dict[str, tuple[str, int, str]] = {
    "nu_1": ("nurse", 3, NU_1),
    "nu_2": ("nurse", 3, NU_2),
    "nu_3": ("nurse", 2, NU_3),
    "nu_4": ("nurse", 2, NU_4),
    "nu_5": ("nurse", 1, NU_5),
    "nu_6": ("nurse", 1, NU_6),
    "gd_1": ("designer", 3, GD_1),
    "gd_2": ("designer", 3, GD_2),
    "gd_3": ("designer", 1, GD_3),
    "gd_4": ("designer", 2, GD_4),
    "gd_5": ("designer", 1, GD_5),
    "gd_6": ("designer", 1, GD_6),
}
