"""Interviews for the designer, accountant and front-office positions.

Grades: 3 excellent, 2 adequate, 1 weak, 0 empty / off-topic / not an interview.
"""

from __future__ import annotations

INTERVIEWS: list[tuple[str, str, int, dict[str, str]]] = [
    (
        "di_1",
        "designer",
        3,
        {
            "q1": (
                "For a craft bakery chain I started with a half-day workshop with the owners to "
                "understand what makes them different - sourdough, old family recipes. I made "
                "three directions as moodboards, we chose one, then I drew the logo by hand and "
                "built it in Illustrator, picked a serif for headings and a simple grotesk for "
                "menus. I delivered a 24-page guideline, packaging for 12 products and shop "
                "signage. Sales of packaged bread grew about 15% the following quarter."
            ),
            "q2": (
                "I try to find out what exactly they dislike - colour, mood, or the idea itself. "
                "I go back to the brief and show how the concept answers it. If they are still "
                "not convinced I make a second round based on their words, not my guesses. Once "
                "a client hated green; we kept the concept and changed the palette and it worked."
            ),
            "q3": (
                "CMYK colour mode and correct spot colours, 3 mm bleed, fonts outlined or "
                "embedded, images at 300 dpi, total ink coverage, and overprint settings. I "
                "export PDF/X-4 and always ask the printer for a proof before the run."
            ),
        },
    ),
    (
        "di_2",
        "designer",
        2,
        {
            "q1": (
                "I made a logo and business cards for a local café. I sent them some sketches, "
                "they chose one and I finished it in Illustrator."
            ),
            "q2": "I listen to the feedback and make changes until the client is happy.",
            "q3": "That the colours are CMYK and there is bleed.",
        },
    ),
    (
        "di_3",
        "designer",
        1,
        {
            "q1": "I love design and I have always been creative since I was a child.",
            "q2": "Every person has a different taste so it's ok.",
            "q3": "I send it to the printer.",
        },
    ),
    (
        "di_4",
        "designer",
        0,
        {
            "q1": "test test test",
            "q2": "Can you tell me what the salary is?",
            "q3": "",
        },
    ),
    (
        "ai_1",
        "accountant",
        3,
        {
            "q1": (
                "I use a close calendar with owners and deadlines for every task. Day 1-2 bank "
                "and subledger cut-off, accruals and intercompany; day 3 balance sheet "
                "reconciliations; day 4 review and reporting pack. We close in 5 working days. "
                "What slows us down is late supplier invoices, so I agreed a cut-off with "
                "procurement and we accrue from purchase orders."
            ),
            "q2": (
                "Reconciling the VAT account I found a €48,000 difference: reverse-charge "
                "invoices from an EU supplier had been booked without self-assessed VAT for 7 "
                "months. I traced every invoice, corrected the entries, filed amended returns "
                "and we changed the tax code mapping in NetSuite so it can't happen again."
            ),
            "q3": (
                "I start two months ahead: agree the PBC list with the auditors, prepare lead "
                "schedules tied to the trial balance, and make sure every reconciliation is "
                "signed off with support attached. During fieldwork I keep a tracker of "
                "requests. Last year we had zero adjustments and the audit finished a week early."
            ),
            "q4": (
                "Intercompany matching used to take two days in Excel. I set up a Power Query "
                "model that pulls both ledgers and flags differences over €50, so it now takes "
                "about two hours."
            ),
        },
    ),
    (
        "ai_2",
        "accountant",
        2,
        {
            "q1": (
                "I post accruals, check bank statements, do reconciliations and then send the "
                "reports to the manager. It takes about a week. Sometimes invoices come late."
            ),
            "q2": (
                "I found a payment that was booked twice in the bank reconciliation and "
                "corrected it."
            ),
            "q3": "I prepared the documents the auditors asked for and answered their questions.",
            "q4": "I made an Excel template for the monthly report so it is faster.",
        },
    ),
    (
        "ai_3",
        "accountant",
        1,
        {
            "q1": (
                "Month-end close is a very important process for every company, because the "
                "management needs to have correct information for decisions and it is also "
                "important for taxes and for the auditors. Every company does it in a different "
                "way and it depends on the systems and people, so it is hard to say how long it "
                "takes, it depends on many things."
            ),
            "q2": "I don't remember any significant errors.",
            "q3": "Auditors are important and we should help them.",
            "q4": "I always try to improve everything I do.",
        },
    ),
    (
        "ai_4",
        "accountant",
        0,
        {"q1": "I don't know", "q2": "I don't know", "q3": "don't know", "q4": "-"},
    ),
    (
        "fi_1",
        "front_office",
        3,
        {
            "q1": (
                "A family arrived at midnight after a delayed flight and we had overbooked - no "
                "room left. I apologised in person, booked them into a partner hotel at our "
                "cost, paid the taxi and moved them back next morning to an upgraded suite with "
                "breakfast included. I called the guest the next day myself. They left a "
                "5-star review mentioning the night manager by name, and I changed our "
                "overbooking limit with revenue from 5% to 3%."
            ),
            "q2": (
                "I look at the forecast in Opera - arrivals and departures per day, groups, "
                "events in the city - and plan two receptionists for peak check-out from 7 to "
                "11 and check-in from 15 to 19. I publish the rota two weeks ahead, keep one "
                "flexible person on call and respect rest hours. Staff swap shifts in the "
                "scheduling app with my approval."
            ),
            "q3": (
                "Give the team a simple script and a clear offer: upgrade for €25 with late "
                "check-out. I would set a monthly target with a small commission and share the "
                "results weekly. In my last hotel this raised upsell revenue by 22% in a year."
            ),
        },
    ),
    (
        "fi_2",
        "front_office",
        2,
        {
            "q1": (
                "A guest complained the room was noisy. I apologised and moved him to a quieter "
                "room on a higher floor, and he was satisfied."
            ),
            "q2": (
                "I check how many arrivals there are and make sure there are enough people on "
                "the busy shifts. I try to be fair with days off."
            ),
            "q3": "Train the receptionists to offer upgrades at check-in.",
        },
    ),
    (
        "fi_3",
        "front_office",
        1,
        {
            "q1": "I always stay calm and polite with guests.",
            "q2": "Make a schedule.",
            "q3": "Be friendly.",
        },
    ),
    (
        "fi_4",
        "front_office",
        0,
        {"q1": "", "q2": "", "q3": "."},
    ),
]
