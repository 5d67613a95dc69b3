"""CVs for the backend-engineering and the B2B-sales positions (grade 0-3 against their own).

Grades are a recruiter's judgement of fit: 3 strong, 2 partial, 1 weak/adjacent, 0 unrelated.
"""

from __future__ import annotations

BE_1 = """Tomas Petrauskas
Senior Software Engineer | Vilnius | tomas.p@gmail.com

SUMMARY
Backend engineer with 9 years of experience building high-load web services, mostly in Python.
I like boring, reliable systems and teams that review each other's code.

EXPERIENCE
Paysera-like payments company — Senior Software Engineer (2019 – present)
- Own the payouts service (Python 3, Django REST Framework, Postgres 14, Celery, Redis).
- Split a monolith into 6 services running on k8s (EKS); cut deploy time from 40 min to 6 min.
- Moved CI/CD from Jenkins to GitHub Actions, with canary releases.
- Mentor 3 junior devs; run our weekly code-review session.
- On-call rotation; wrote the incident runbooks.

Telecom operator — Software Developer (2015 – 2019)
- Billing integrations over REST and SOAP APIs, Python + Flask.
- Tuned slow SQL queries (EXPLAIN ANALYZE, partial indexes) on a 2 TB database.
- Dockerised the legacy stack.

SKILLS
Python, Django, FastAPI, PostgreSQL, Redis, Kafka, Docker, Kubernetes, Terraform, AWS (EC2, RDS,
S3, Lambda), GitHub Actions, Linux

EDUCATION
BSc Informatics, Vilnius University, 2015
"""

BE_2 = """GRETA VAITKUTĖ — LEAD BACKEND DEVELOPER

Profile: I have been writing server-side software since 2014. Currently leading a team of five
engineers at an e-commerce marketplace (2M monthly users). Comfortable across the stack but my
home is APIs, databases and infrastructure.

Work history
2020–now   Lead Developer, marketplace
           Designed the order & checkout APIs (FastAPI, async SQLAlchemy, PostgreSQL).
           Introduced Helm charts + ArgoCD; all services now on Kubernetes in AWS.
           Hiring, 1:1s and growth plans for the team; two of my juniors were promoted.
2016–2020  Backend developer, travel startup
           Python/Django, MySQL then Postgres migration, RabbitMQ. Built the pricing engine.
2014–2016  PHP developer, web agency

Tech: Python, Go (basic), SQL, PostgreSQL, Docker, Kubernetes, AWS, GitLab CI, Prometheus/Grafana
Languages: Lithuanian (native), English (C1)
"""

BE_3 = """Marius Jankauskas
Java Developer

About me
Backend developer with 4 years of professional experience in Java and Spring Boot. Interested in
learning new languages and cloud technologies.

Experience
Software Developer, Insurance company (Mar 2021 - present)
* Develop RESTful microservices with Spring Boot and Hibernate
* MySQL and Oracle databases; wrote Liquibase migrations
* Containerised services with Docker; deployments through Jenkins pipelines
* Some work with AWS S3 and SQS

Junior Java Developer, Outsourcing company (Jan 2020 - Feb 2021)
* Maintenance of a legacy JSP application, bug fixing

Skills: Java 17, Spring Boot, Hibernate, JUnit, Maven, Docker, Jenkins, Git, MySQL, basic Python
Education: Kaunas University of Technology, BSc Software Engineering (2020)
"""

BE_4 = """Jonas Butkus — Python developer
jonas.butkus@outlook.com, +370 612 34567, github.com/jbutkus

I am a Python developer with three years of commercial experience building web applications.

Python Developer — Logistics SaaS, Kaunas (2022 – present)
• Built REST API endpoints in Django REST framework used by our mobile app
• Designed database models in PostgreSQL, wrote data migrations
• Wrote unit and integration tests with pytest, coverage from 40% to 85%
• Run the local environment in docker-compose

Junior Developer — Web studio (2021 – 2022)
• Small Django and WordPress sites for local businesses

Education: Vilnius Gediminas Technical University, Information Systems, 2021
Skills: Python, Django, DRF, PostgreSQL, Git, Docker, HTML/CSS, some JavaScript
"""

BE_5 = """Austėja Kairytė
Frontend developer (junior)

I'm a junior front-end developer who fell in love with building user interfaces during a coding
bootcamp. I enjoy pixel-perfect work and accessibility.

Experience
Frontend Intern, digital agency — June 2024 to Dec 2024
 - Built landing pages in React and TS
 - Styled components with Tailwind CSS
 - Fixed bugs in a Next.js website, wrote a few Jest tests

Projects
 - Personal budget tracker: React, TypeScript, Firebase
 - Small Express (Node.js) backend for a to-do app

Education: Frontend bootcamp (2024); BA in Philosophy, Vilnius University (2022)
Skills: HTML, CSS, JS, TypeScript, React, Figma (basic), Git
"""

BE_6 = """Paulius Mockus — Data Analyst

Data analyst with 2 years of experience turning messy data into dashboards and decisions.

Retail chain — Data Analyst (2023 – present)
  Write SQL queries against the data warehouse (Snowflake) for weekly sales reports.
  Automated Excel reports with Python (pandas, openpyxl); saved the team ~10 hours a week.
  Built Tableau dashboards for category managers.

Bank — Analyst intern (2022)
  Data cleaning and ad-hoc analysis in Python and Excel.

Education: MSc Statistics, Vilnius University
Skills: SQL, Python (pandas, matplotlib), Tableau, Excel, statistics, A/B testing
"""

SA_1 = """Ieva Stankevičienė
Account Executive – SaaS | Vilnius

Quota-carrying AE with 6 years in B2B software sales to manufacturing and logistics companies in
the Baltics and Finland.

EXPERIENCE
Account Executive, supply-chain software vendor (2021 – present)
- Full cycle from prospecting to close; average deal €45k ARR, 60–90 day sales cycle.
- 2023: 128% of annual quota; 2024: 112%. President's Club 2023.
- Build my own pipeline: outbound sequences, LinkedIn, trade fairs; keep Salesforce up to date.
- Negotiate multi-year contracts with procurement and CFOs.
- Hand over to the customer success team with a written onboarding plan for every new account.

Sales Development Representative → Account Manager, HR-tech startup (2018 – 2021)
- Cold calling and email outreach, 60+ calls a day; booked 25 demos a month.
- Promoted to Account Manager after 14 months; managed 40 SMB customers, upsell & renewals.

Languages: Lithuanian (native), English (fluent), Russian (good)
Tools: Salesforce, Outreach, LinkedIn Sales Navigator, Gong, HubSpot
"""

SA_2 = """Darius Valančius — Business Development Manager

Sales professional, 7 yrs selling SaaS to mid-market companies. Hunter mindset, comfortable with
long sales cycles and C-level conversations.

Business Development Manager — ERP software company (Jan 2019 – present)
• Opened the Latvian and Estonian markets: closed €1.2M in new ARR over three years.
• Exceeded target in 10 of the last 12 quarters.
• Prospecting via cold calls, events and partner referrals; forecast and pipeline reviews in SFDC.
• Led commercial negotiations, pricing and contract terms with buyers and legal.

Sales Executive — Telecom B2B (2017 – 2018)
• Sold connectivity bundles to SMEs, door-to-door and over the phone.

Education: BBA, ISM University of Management and Economics
English — fluent (worked 2 years in Dublin)
"""

SA_3 = """Rokas Žukauskas
Sales Manager — Industrial Equipment

Summary: 5 years of B2B field sales of compressors and pneumatic equipment to factories.

Regional Sales Manager, equipment distributor (2020–2025)
 - Responsible for the Kaunas and Šiauliai regions, 80 active accounts
 - Found new customers through visits and calls; prepared quotes and technical offers
 - Negotiated prices and service contracts, annual sales plan exceeded in 2022 and 2023
 - Tracked leads and deals in Pipedrive

Sales Assistant (2019–2020)

Languages: Lithuanian, English (intermediate), Russian
Driving licence B
"""

SA_4 = """Karolina Petraitytė
SDR | SaaS

I joined tech sales 18 months ago and I love the outbound grind.

Sales Development Representative — marketing-automation SaaS (Sep 2023 – present)
• Cold outreach to marketing directors: calls, emails, LinkedIn — ~80 touches a day
• Booked 20–30 qualified meetings a month for Account Executives, 115% of my meeting target
• Logged all activity in Salesforce; built prospect lists with Apollo
• Sat in on demos and helped with onboarding calls for small customers

Waitress, Vilnius (2021 – 2023) — while studying
BA Communication, Vilnius University (2023). English: fluent (IELTS 8.0)
"""

SA_5 = """Customer Service Representative

Name: Laura Gudaitė
Contact: laura.gudaite@gmail.com

Experience:
2022–present  Customer Support Agent, energy supplier call centre
- answering 60-80 calls per day about bills and contracts
- resolving complaints, issuing refunds within policy
- using Zendesk and internal billing systems
- top 10% customer satisfaction score in my team

2020–2022     Cashier, supermarket

I would like to move into a sales role where I can use my communication skills.
Languages: Lithuanian, English (B2)
"""

SA_6 = """Vytautas Kazlauskas
Warehouse operative / forklift driver

Work experience
2019 - now   Logistics centre of a food distributor, Kaunas
             Loading and unloading trucks, picking orders with a scanner,
             forklift and reach truck, stock counts, keeping the warehouse tidy.
2016 - 2019  Manufacturer of furniture, production line worker

Certificates: forklift licence, first aid
Languages: Lithuanian, Russian, a little English
Ready for shift work.
"""

CVS: dict[str, tuple[str, int, str]] = {
    "be_1": ("backend", 3, BE_1),
    "be_2": ("backend", 3, BE_2),
    "be_3": ("backend", 2, BE_3),
    "be_4": ("backend", 2, BE_4),
    "be_5": ("backend", 1, BE_5),
    "be_6": ("backend", 1, BE_6),
    "sa_1": ("sales", 3, SA_1),
    "sa_2": ("sales", 3, SA_2),
    "sa_3": ("sales", 2, SA_3),
    "sa_4": ("sales", 2, SA_4),
    "sa_5": ("sales", 1, SA_5),
    "sa_6": ("sales", 0, SA_6),
}
