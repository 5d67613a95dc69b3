"""CVs for the senior-accountant and the front-office-manager positions (grade 0-3).

Grades are a recruiter's judgement of fit: 3 strong, 2 partial, 1 weak/adjacent, 0 unrelated.
"""

from __future__ import annotations

AC_1 = """Aistė Sabaliauskienė, FCCA
Senior Accountant

Qualified ACCA member with 8 years in accounting and audit.

Senior Accountant — manufacturing group (3 entities), 2020 – present
 - Month-end and year-end close for two entities, closing in 5 working days (was 9)
 - Balance sheet reconciliations, accruals, prepayments, fixed-asset register
 - IFRS reporting packs for the group consolidation
 - Main contact for the external auditors; prepared the PBC lists and audit files
 - Implemented NetSuite bank feeds and automated intercompany matching
 - Supervise 2 accounts payable / receivable clerks

Audit Senior — Big Four firm, Vilnius, 2017 – 2020
 - Audits of manufacturing and retail clients under IFRS and Lithuanian GAAP

Excel: advanced (pivot tables, XLOOKUP/VLOOKUP, Power Query)
Education: BA Accounting and Finance, Vilnius University (2017)
"""

AC_2 = """Edvinas Grinius — Group Accountant (CPA)

Certified Public Accountant (US CPA, 2019). 6 years' experience in multinational groups.

GROUP ACCOUNTANT, logistics holding — Jun 2021 to present
Monthly closing of the books and consolidation of 7 subsidiaries in SAP S/4HANA (FI/CO);
intercompany reconciliations; IFRS 16 leases; liaison with Deloitte during the annual audit;
built spreadsheet models for cash-flow forecasting.

ACCOUNTANT, shared service centre — Sep 2018 to May 2021
Purchase ledger and sales ledger, vendor statement reconciliations, VAT returns, GL journals.

Education: MSc Finance, ISM. Languages: English (C2), Lithuanian (native), German (B1)
"""

AC_3 = """Dovilė Petkevičiūtė
Accountant

ACCA student (9 of 13 exams passed). 3 years' experience in a small accounting firm.

Accountant, accounting services company (2022 – present)
• Bookkeeping for 25 small clients using Xero and Rivilė
• Purchase and sales invoices, accounts payable and receivable, payment runs
• Bank reconciliations and VAT declarations
• Monthly management reports in Excel

Accounting assistant (2021 – 2022)
Education: BSc Accounting, Kaunas University of Technology
"""

AC_4 = """Lukas Vaitkus — Audit Associate

Big Four audit associate, 2.5 years. ACCA trainee.

Audit Associate, Big Four firm (Sept 2022 – present)
 — Fieldwork on statutory audits of IFRS reporters: manufacturing, energy, retail
 — Tested revenue, receivables and inventory; reviewed client reconciliations
 — Prepared working papers, sample selections and analytics in Excel and IDEA

Intern, bank treasury (summer 2021)
Education: BSc Economics, Vilnius University (2022)
"""

AC_5 = """Rūta Bagdonienė
Office administrator / bookkeeper

2016 – present: Office administrator at a construction company
 - Issuing sales invoices and entering supplier invoices into the accounting program
 - Preparing payroll data for the outsourced accountant
 - Ordering office supplies, answering phones, organising meetings
 - Keeping track of unpaid invoices and reminding customers

Skills: MS Office (Word, Excel), Rivilė, Lithuanian and Russian languages
"""

AC_6 = """Andrius Šimkus — Financial Analyst (FP&A)

3 years in financial planning & analysis at a retail group.

FP&A Analyst (2022 – present)
 · Annual budget and monthly forecasts for 40 stores
 · Variance analysis, management reporting in Power BI
 · Built Excel models for new-store investment cases
 · Data from SAP BW

Education: MSc Finance, Vilnius University
CFA Level II candidate
"""

FO_1 = """Indrė Kazlauskaitė
Front Office Manager

Hotel professional with 9 years in front office, the last 5 in management.

Front Office Manager, 4* city hotel, 160 rooms (2021 – present)
- Lead a team of 12: receptionists, night auditors, concierge
- Weekly rota and holiday planning; onboarding and training of new staff
- Handle escalated guest complaints and online reviews (TripAdvisor score 8.9 → 9.3)
- Work with the revenue manager on rates, overbooking and upselling incentives;
  upsell revenue +22% in 2023
- Opera PMS super-user, trained the team on Opera Cloud migration

Assistant Front Office Manager, resort hotel in Palanga (2018 – 2021)
Receptionist, hostel and boutique hotel (2015 – 2018)

Languages: Lithuanian, English (fluent), Russian, some German
"""

FO_2 = """Žygimantas Norkus — Guest Relations & Front Desk Supervisor

Seven seasons in resort hospitality (Lithuania and Cyprus).

Front Desk Supervisor, beach resort, Cyprus (2019 – 2024)
• Supervised 8 receptionists across three shifts, prepared the shift schedule
• Check-in/out for up to 300 arrivals a day, VIP and group arrivals
• Resolved guest issues and complaints on the spot; TripAdvisor responses
• Fidelio / Opera, channel manager; worked closely with reservations and revenue

Guest Relations Agent (2017 – 2019)
Languages: English (fluent, working language), Lithuanian, Greek (basic)
"""

FO_3 = """Monika Jurgaitytė
Hotel receptionist

Receptionist, 3* business hotel, Kaunas (2021 – present)
- Check-in and check-out, reservations by phone and email
- Opera PMS, cash handling, night audit once a week
- Answering guest questions, taxi and restaurant bookings
Receptionist, guesthouse (2020 – 2021)

Languages: Lithuanian, English (good), Polish (basic)
Friendly, organised, team player.
"""

FO_4 = """Tadas Stonkus — Restaurant Manager

Restaurant manager with 6 years leading teams in busy city-centre restaurants.

Restaurant Manager, Italian restaurant, 120 seats (2020 – present)
 - Manage 25 staff: hiring, training, weekly schedules
 - Handle guest complaints and online reviews
 - Responsible for P&L, food cost and staff cost; revenue up 15% in 2023
 - Event bookings and corporate menus

Shift Supervisor, café chain (2017 – 2020)
Languages: Lithuanian, English (fluent)
"""

FO_5 = """Ugnė Lukošiūtė
Sales assistant

Sales assistant, clothing store in a shopping centre (2022 – present)
  serving customers, cash register, returns and exchanges, stock display
  employee of the month twice
Cashier, supermarket (2020 – 2022)

Languages: Lithuanian, English (good)
"""

FO_6 = """Jurgita Tamošiūnienė
Travel consultant

Travel agent with 5 years of experience selling package holidays.

Travel Consultant, tour operator (2019 – present)
• Advise customers in the office and by phone, book flights and hotels in Amadeus
• Deal with complaints after trips, arrange compensation with hotels
• Sales target met every year

Languages: Lithuanian, English, Russian
"""

CVS: dict[str, tuple[str, int, str]] = {
    "ac_1": ("accountant", 3, AC_1),
    "ac_2": ("accountant", 3, AC_2),
    "ac_3": ("accountant", 2, AC_3),
    "ac_4": ("accountant", 2, AC_4),
    "ac_5": ("accountant", 1, AC_5),
    "ac_6": ("accountant", 1, AC_6),
    "fo_1": ("front_office", 3, FO_1),
    "fo_2": ("front_office", 3, FO_2),
    "fo_3": ("front_office", 2, FO_3),
    "fo_4": ("front_office", 2, FO_4),
    "fo_5": ("front_office", 1, FO_5),
    "fo_6": ("front_office", 1, FO_6),
}
