"""Interviews for the backend, sales and nurse positions: answers as candidates type them.

Grades: 3 excellent, 2 adequate, 1 weak, 0 empty / off-topic / not an interview.
"""

from __future__ import annotations

INTERVIEWS: list[tuple[str, str, int, dict[str, str]]] = [
    (
        "bi_1",
        "backend",
        3,
        {
            "q1": (
                "At my last company I designed the payouts service that moves money to merchants "
                "every night. The big trade-off was consistency versus throughput: I chose to keep "
                "a ledger table in PostgreSQL with strict transactions instead of an event-sourced "
                "design on Kafka, because the team was small and auditors needed simple queries. "
                "We batch payouts per bank, which cut run time from 3 hours to 25 minutes. The "
                "cost is that we can't easily replay history, which we accepted."
            ),
            "q2": (
                "In 2023 a deploy added a missing index migration that locked the transactions "
                "table for 12 minutes during peak. I was on call: I rolled back the release, "
                "killed the blocking migration and posted updates in the incident channel every "
                "10 minutes. Afterwards I wrote the postmortem, and we added a CI check that "
                "rejects migrations without CONCURRENTLY on big tables and a lock_timeout setting."
            ),
            "q3": (
                "First I read the description and the ticket so I know what problem it solves. "
                "Then I check tests and the risky parts: migrations, error handling, anything "
                "touching money. I try to separate blocking comments from nitpicks and I phrase "
                "them as questions. For juniors I sometimes pair on the review over a call "
                "instead of leaving 30 comments."
            ),
            "q4": (
                "Start with EXPLAIN ANALYZE on real data to see whether it's a sequential scan, a "
                "bad join order or just too many rows. Usually the fix is an index that matches "
                "the WHERE and ORDER BY, sometimes a partial index. I also check for N+1 queries "
                "from the ORM. Last year I took a report query from 14 s to 300 ms with a "
                "composite index and by removing an OR condition."
            ),
        },
    ),
    (
        "bi_2",
        "backend",
        2,
        {
            "q1": (
                "I built a REST API for a logistics app in Django. We had to decide between "
                "Django and FastAPI and picked Django because of the admin panel. Database is "
                "PostgreSQL. It works well and the mobile team uses it every day."
            ),
            "q2": (
                "Once our API went down because the server ran out of disk space from logs. I "
                "cleaned the logs and restarted the service, then we set up log rotation."
            ),
            "q3": (
                "I look if the code is readable and if there are tests. I leave comments if "
                "something is not clear."
            ),
            "q4": "I would add an index and check the query with explain.",
        },
    ),
    (
        "bi_3",
        "backend",
        1,
        {
            "q1": "I worked on many systems, mostly websites. Trade-offs depend on the project.",
            "q2": "I don't remember a big incident.",
            "q3": "I check that it works.",
            "q4": "Use indexes.",
        },
    ),
    (
        "bi_4",
        "backend",
        0,
        {"q1": "", "q2": "", "q3": "", "q4": "hi"},
    ),
    (
        "bi_5",
        "backend",
        2,
        {
            "q1": (
                "Internal invoicing service, Python + Postgres. Trade-off: sync API calls to the "
                "tax authority vs a queue. I picked a Celery queue so invoices never block "
                "checkout."
            ),
            "q2": (
                "Redis filled up and sessions were evicted, users got logged out. I raised "
                "maxmemory, moved sessions to Postgres, added an alert at 80%."
            ),
            "q3": "Tests first, then the logic, then naming. I approve with small comments.",
            "q4": "",
        },
    ),
    (
        "si_1",
        "sales",
        3,
        {
            "q1": (
                "Last year I closed a €160k three-year deal with a furniture manufacturer that "
                "had been using spreadsheets for planning. I found them through a trade fair, "
                "ran discovery with the COO and the planners, and built the business case with "
                "their own numbers: 11% less overtime. The CFO pushed on price, so I offered a "
                "phased rollout instead of a discount. It took 5 months and they are now our "
                "reference customer in Poland."
            ),
            "q2": (
                "I work backwards from quota: with a 25% win rate and €40k average deal I need "
                "about €500k of qualified pipeline per quarter. Every Monday I block two hours "
                "for outbound to my target account list, and I review every opportunity in "
                "Salesforce on Fridays, closing out the ones with no next step. I keep 3x "
                "coverage and flag gaps to my manager early."
            ),
            "q3": (
                "I lost a large distributor to a cheaper local competitor. Looking back I only "
                "talked to IT and never met the economic buyer, so we were compared on price "
                "alone. Since then I insist on meeting the budget owner before sending a proposal."
            ),
            "q4": (
                "I ask what they are comparing it to, and go back to the value we agreed in "
                "discovery. If the gap is real I trade: longer contract, case study, or smaller "
                "first phase, but I don't discount without getting something back."
            ),
        },
    ),
    (
        "si_2",
        "sales",
        2,
        {
            "q1": (
                "I sold a service contract to a food factory. I visited them several times, "
                "prepared an offer and after negotiation they signed for two years. I was proud "
                "because it was my biggest customer that year."
            ),
            "q2": (
                "I keep my leads in the CRM and call them regularly. At the start of the quarter "
                "I make a list of companies to contact."
            ),
            "q3": "We lost a deal because our price was higher. I learned to follow up faster.",
            "q4": "I explain the quality and the service we give, and sometimes give a discount.",
        },
    ),
    (
        "si_3",
        "sales",
        1,
        {
            "q1": (
                "I am a very motivated and target-driven person. I love working with people and "
                "I always give 100 percent. My friends say I can sell anything."
            ),
            "q2": "With hard work and good communication.",
            "q3": "I never really lose, I always try my best.",
            "q4": "Tell them it's worth it.",
        },
    ),
    (
        "si_4",
        "sales",
        0,
        {
            "q1": "asdf",
            "q2": (
                "The weather in Vilnius was nice this weekend, we went to the lake with friends "
                "and had a barbecue."
            ),
            "q3": "no",
            "q4": "",
        },
    ),
    (
        "si_5",
        "sales",
        3,
        {
            "q1": (
                "Biggest one: an ERP deal with a Latvian distributor, €210k ARR. Cold email to "
                "their head of operations, then 7 meetings over four months. I mapped 6 "
                "stakeholders, ran a paid pilot on one warehouse and we showed 30% faster order "
                "picking. Procurement asked for 20% off; we settled on 6% for a 3-year term."
            ),
            "q2": (
                "Quarterly plan: 120 target accounts, tiered A/B/C. I do 40 outbound touches a "
                "day and review stages in SFDC weekly. My forecast accuracy was within 10% for "
                "the last 6 quarters."
            ),
            "q3": (
                "Lost a retail chain after 6 months because their IT director left and the "
                "project had no other sponsor. Lesson: multi-thread early, never rely on one "
                "champion."
            ),
            "q4": (
                "Ask 'too high compared to what?' Usually it's compared to doing nothing, so I "
                "quantify the cost of the problem with them. If needed I reduce scope, not price."
            ),
        },
    ),
    (
        "ni_1",
        "nurse",
        3,
        {
            "q1": (
                "A post-op cardiac patient of mine became hypotensive with rising lactate and "
                "heavy drain output about 2 hours after arrival. I called the intensivist and "
                "the cardiac surgeon straight away, increased the noradrenaline within the "
                "protocol, sent bloods and prepared blood products. He went back to theatre "
                "within 40 minutes for bleeding and recovered. I documented the timeline in the "
                "EHR and we discussed it in the debrief."
            ),
            "q2": (
                "I do an ABCDE assessment of both and deal with the immediate threat first - "
                "airway and breathing before anything else. I ask the nurse in charge for help "
                "early rather than late and delegate tasks like fetching drugs or calling "
                "relatives. I keep re-assessing every 15 minutes and hand over clearly."
            ),
            "q3": (
                "I make sure they are in a quiet room, sit down with them and the doctor, and "
                "stay after the doctor leaves. I use simple words, let them ask questions and "
                "offer to call the chaplain or a social worker. Later I check on them again."
            ),
            "q4": (
                "A colleague nearly gave a tenfold dose of heparin because of a decimal point "
                "on a handwritten chart. I noticed it during the double check and we stopped. "
                "We reported it in the incident system, and afterwards the unit moved all "
                "heparin infusions to the electronic prescribing system with standard "
                "concentrations."
            ),
        },
    ),
    (
        "ni_2",
        "nurse",
        2,
        {
            "q1": (
                "A patient on my ward suddenly became short of breath and his saturation "
                "dropped. I sat him up, gave oxygen and called the doctor and the rapid "
                "response team. He was transferred to ICU."
            ),
            "q2": (
                "I would look at who is more unstable and start with them, and ask colleagues "
                "for help."
            ),
            "q3": "I listen to them and explain things calmly, and give them time.",
            "q4": (
                "A wrong tablet was almost given to a patient with the same surname. We now check "
                "two identifiers before every medication."
            ),
        },
    ),
    (
        "ni_3",
        "nurse",
        1,
        {
            "q1": "I would call the doctor.",
            "q2": "Both are important, I would try to help both.",
            "q3": "Be kind.",
            "q4": "I have not seen any errors.",
        },
    ),
    (
        "ni_4",
        "nurse",
        0,
        {"q1": "yes", "q2": "ok", "q3": "", "q4": ""},
    ),
]
