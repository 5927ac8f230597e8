"""A labelled set for `ask`: 100 contacts as people record them, and 70 needs with the contacts that could help.

Written before the matcher was tuned. Every fourth need is held out: it was never looked at while
choosing synonyms or weights, so its figures show how the matcher does on words it was not fitted to.
Contacts say things in other words than the needs do on purpose ("angel investor" for a VC, "ML infra"
for machine learning infrastructure); a few are decoys that share only a stop word or a loose word.
"""

from __future__ import annotations

from dataclasses import dataclass

from coaching.core.records import Contact, Note

# id, name, role, company, notes (";" between notes)
_PEOPLE = """\
c01|Nia Brooks|partner at a seed fund||angel investor in fintech
c02|Omar Haddad|Principal|Northstar Ventures|writes first cheques for B2B SaaS
c03|Kate Morrow|||she's a VC, focuses on climate
c04|Raj Patel|||angel, backed three food startups
c05|Priya Shah|||works on ML infra
c06|Leo Tanaka|machine learning engineer|Spotify|
c07|Ines Costa|||does ML infra at a bank
c08|Dan Wu|AI researcher||trains large language models
c09|Sara Klein|SRE|Shopify|runs Kubernetes clusters
c10|Tom Ade|platform engineer||cloud infrastructure, Terraform
c11|Beth Ng|DevOps lead||
c12|Maria Lopez|recruiter|Stripe|
c13|Ken Obi|head of talent|Monzo|
c14|Zoe Hart|||hiring backend engineers for her team
c15|Ali Reza|||technical recruiter, places Go developers
c16|Mei Lin|product designer|Figma|
c17|Jon Sato|||UX researcher, runs usability studies
c18|Eva Berg|UI designer||freelance, does brand identities
c19|Sam Roe|PM|Atlassian|
c20|Lily Park|product manager||leads the payments product
c21|Hugo Meyer|Head of Product||
c22|Ruth Adler|lawyer||startup law, term sheets
c23|Ian Moss|in-house counsel|Deliveroo|
c24|Paula Reyes|||immigration attorney, helps with visas
c25|Greg Hall|accountant||does tax returns for freelancers
c26|Nora Quinn|||bookkeeper for small businesses
c27|Vik Rao|CFO|Brightside|
c28|Amy Fox|growth marketer||SEO and paid ads
c29|Ben Cole|marketing director|Oatly|
c30|Tara Singh|||runs brand campaigns at an agency
c31|Carl Diaz|account executive|Salesforce|
c32|Fay Hu|business development||partnerships with retailers
c33|Lucy Grant|journalist|TechCrunch|
c34|Marco Bellini|||tech reporter, covers startups
c35|Jess Ward|PR consultant||
c36|Ana Ruiz|Head of Buying|FreshMart Groceries|
c37|Pete Lund|||category buyer at a supermarket chain
c38|Hana Mori|||teaches ceramics classes on weekends
c39|Will Price|||potter, has a studio in Hackney
c40|Dev Malik|estate agent||knows the Hackney rental market
c41|Rosa Vega|||property developer
c42|Dr. Helen Cho|GP||doctor interested in health tech
c43|Ola Adeyemi|nurse practitioner||
c44|Mark Stein|||clinician, advises medtech startups
c45|Clare Dunn|secondary school teacher||teaches computer science
c46|Yusuf Khan|lecturer|UCL|
c47|Iris Bell|literary agent||
c48|Noah Kent|||copywriter, writes landing pages
c49|Gail Ross|editor|Penguin|
c50|Max Ford|data engineer||builds ETL pipelines in Airflow
c51|Ivy Chen|||analytics engineer, dbt and Snowflake
c52|Ryo Ito|iOS developer||Swift
c53|Lena Vogt|||Android engineer, Kotlin
c54|Kai Berg|frontend engineer||React and TypeScript
c55|Pia Lane|||builds Vue apps as a contractor
c56|Eli Gray|security engineer||pentests web apps
c57|Oren Levi|CISO|Revolut|
c58|Jade Wong|founder|Soup Co|
c59|Tariq Aziz|||co-founded two startups, sold one
c60|Bea Novak|CEO|Loop Robotics|
c61|Ruth Kim|executive coach||
c62|Fred Lyle|||mentors junior engineers, happy to help
c63|Lou Martin|photographer||shoots headshots
c64|Sofia Rossi|||translator, Italian and Spanish
c65|Dana Weiss|event organiser||runs the Python meetup
c66|Gus Ito|||manages a co-working space with event rooms
c67|Eric Lund|||works on carbon accounting software
c68|Maya Green|sustainability lead|IKEA|
c69|Tim Ray|||plays bass in a jazz band
c70|Ada Frost|music producer||
c71|Dee Fox|||loves climbing, route setter at the gym
c72|Rob Hill|personal trainer||
c73|Lara Voss|||payments engineer at Adyen
c74|Nick Shaw|fintech consultant||
c75|Ash Kerr|game designer||Unity
c76|Meg Ryan|fundraising manager|Oxfam|
c77|Chen Bo|chef||runs a supper club
c78|Lin Wu|||bakes sourdough, supplies local cafes
c79|Kim Lowe|HR business partner||
c80|Omar Said|||people ops, writes parental leave policies
c81|Sven Olsen|||Rust team lead at Cloudflare
c82|Ravi Nair|embedded engineer||C and Rust on microcontrollers
c83|Hannah Lee|data scientist||churn models
c84|Bianca Cruz|customer success manager||
c85|Felix Braun|logistics lead|DHL|
c86|Amara Obi|architect||designs houses
c87|Will Knows|||knows everyone at the pub quiz
c88|Paul Grey|||asked about our pricing
c89|Rita Moon|||into gardening and birdwatching
c90|Joe Bright|||looking for a new flat
c91|Elle Stone|||wants an intro to a VC
c92|Ned Park|||met at a data meetup
c93|Olive Tran|teacher||yoga classes on Sundays
c94|Sid Rao|||plays chess online
c95|Uma Das|pharmacist||
c96|Vera Kaye|barista||knows her coffee, roasts her own beans
c97|Walt Ng|pilot|BA|
c98|Xena Park|dentist||
c99|Yan Li|podcast host||interviews founders
c100|Zed Cole|venture partner|Atomico|
"""

# need | the contacts who could help
_NEEDS = """\
who can introduce me to a VC|c01 c02 c03 c04 c100
anyone into ML infrastructure|c05 c07
who knows about pottery classes|c38 c39
angel investors|c01 c02 c03 c04 c100
someone who does machine learning|c05 c06 c07 c08
a recruiter|c12 c13 c15
who is hiring backend engineers|c14
help finding a job|c12 c13 c14 c15
a UX designer|c16 c17 c18
intro to a product manager|c19 c20 c21
a lawyer for a term sheet|c22 c23 c24
immigration advice for a visa|c24
an accountant for my taxes|c25 c26
help with SEO|c28
marketing advice|c28 c29 c30
someone in sales|c31 c32
press coverage for my launch|c33 c34 c35
a journalist|c33 c34
grocery buyers|c36 c37
supermarket buyer|c36 c37
renting a flat in Hackney|c40
a doctor to advise on our health app|c42 c43 c44
a teacher|c45 c46 c93
someone in publishing|c47 c49
data pipelines|c50 c51
iOS developer|c52
mobile app developer|c52 c53
a React contractor|c54
frontend developers|c54 c55
cybersecurity advice|c56 c57
other founders to compare notes|c58 c59 c60
a mentor|c61 c62
headshot photographer|c63
Italian translation|c64
a venue for a meetup|c65 c66
climate tech|c67 c68
a bassist for a gig|c69
personal trainer|c72
payments expertise|c73 c74 c20
someone who knows Rust|c81 c82
a data scientist|c83
HR policies|c79 c80
logistics partner|c85
a chef for a private dinner|c77
someone who knows Kubernetes|c09
AI expertise|c05 c06 c07 c08
fundraising for my startup|c01 c02 c03 c04 c100
podcast guest spots|c99
who knows coffee|c96
customer success|c84
"""


# Written after the concept list in coaching/people/meaning.py, in other words than the first needs, and never
# used for tuning: how the matcher does on phrasings nobody fitted it to.
_FRESH = """\
someone who invests in startups|c01 c02 c03 c04 c100
a solicitor|c22 c23 c24
someone to do my bookkeeping|c25 c26
a copywriter|c48
UI/UX help|c16 c17 c18
deep learning|c05 c06 c07 c08
a site reliability engineer|c09 c10 c11
talent acquisition|c12 c13 c15
an Android developer|c53
DevOps|c09 c10 c11
a GP|c42
translator for Spanish|c64
book editor|c47 c49
a bakery supplier|c78
a jazz musician|c69
an architect|c86
startup lawyer|c22
tax advice|c25
people who write Kotlin|c53
an angel|c01 c02 c03 c04 c100
"""


@dataclass(frozen=True)
class Need:
    text: str
    helpers: frozenset[str]
    held_out: bool
    fresh: bool = False


def contacts() -> list[Contact]:
    people = []
    for line in _PEOPLE.splitlines():
        key, name, role, company, notes = line.split("|")
        people.append(Contact(id=key, name=name, role=role, company=company,
                              notes=[Note(at="2025-11-01T00:00:00+00:00", text=n.strip()) for n in notes.split(";")
                                     if n.strip()],
                              last_contact="2025-11-01T00:00:00+00:00"))
    return people


def needs() -> list[Need]:
    found = []
    for at, line in enumerate(_NEEDS.splitlines()):
        text, helpers = line.split("|")
        found.append(Need(text, frozenset(helpers.split()), held_out=at % 4 == 3))
    for line in _FRESH.splitlines():
        text, helpers = line.split("|")
        found.append(Need(text, frozenset(helpers.split()), held_out=True, fresh=True))
    return found
