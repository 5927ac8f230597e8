"""Hand-written elevator pitches with a human quality label, used to check the pitch scorer.

Each `label` (1 = poor, 10 = excellent) is a common-sense judgement of how well the pitch would
land with its listener. `flaw` names the criterion that hurts a flawed pitch most; strong pitches
have none. The scorer is checked against these, never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    name: str
    scenario: str | None
    label: int
    flaw: str | None
    text: str


EXAMPLES: tuple[Example, ...] = (
    Example(
        "data engineer at a conference",
        "conference",
        10,
        None,
        "Hi, I'm Priya, a data engineer at a hospital network. I build the pipelines that get lab "
        "results to doctors faster. Last year my team cut report delays from six hours to twenty "
        "minutes, which freed up nurses on every night shift. I'm here because we're starting to use "
        "streaming tools, and I'd love to swap notes with anyone who has run Kafka in a regulated "
        "setting. What are you working on this week?",
    ),
    Example(
        "backend developer to a recruiter",
        "recruiter",
        9,
        None,
        "Hello, I'm Marcus, a backend developer with four years of Python experience. At my last job "
        "I rebuilt our billing service and cut failed payments by 30 percent, saving about $200,000 a "
        "year. I'm looking for a backend role on a small product team where I can own services end to "
        "end. Is your team hiring backend engineers this spring, and could I send you my resume?",
    ),
    Example(
        "bookkeeper to a restaurant owner",
        "client",
        9,
        None,
        "Hi, I'm Dana. I run a two-person bookkeeping studio for restaurants. Most owners I meet are a "
        "month behind on their books; we get them current in two weeks and keep them there. One café "
        "we work with found $18,000 in duplicate supplier charges in our first month. I'd love to offer "
        "you a free thirty-minute review of your last quarter. Would a call next Tuesday work for you?",
    ),
    Example(
        "agritech founder to an investor",
        "investor",
        8,
        None,
        "I'm Leo, co-founder of Fieldnote, an app that turns voice memos from farm visits into "
        "inspection reports. We launched in March and now have 40 paying agronomy firms, growing 15 "
        "percent a month. We're raising a $1.5 million seed round to hire two engineers. I'd like to "
        "send you our deck and book a twenty-minute call. Do you invest in agriculture tools at this "
        "stage?",
    ),
    Example(
        "researcher's LinkedIn note",
        "online",
        8,
        None,
        "Hi Sam, I'm a UX researcher who led the study behind the 2023 checkout redesign at Harbor, "
        "which lifted conversion 12%. I saw your talk on accessible forms. Could I ask you two "
        "questions about your testing setup over a 15-minute call next week?",
    ),
    Example(
        "nurse at a party",
        "social",
        8,
        None,
        "Oh, I'm Nina, I'm a pediatric nurse at the children's hospital downtown. Mostly I work nights "
        "in the emergency room, which means I'm very good at staying calm when toddlers swallow Lego. "
        "Last year I trained twelve new nurses on our triage system. How do you know Alex? And what "
        "keeps you busy these days?",
    ),
    Example(
        "product manager with nothing to show",
        "conference",
        6,
        "proof",
        "Hi, I'm Tom, and I'm a product manager working on mobile banking apps. I focus on making "
        "sign-up easier for people who are new to banking. I really enjoy talking to designers and "
        "engineers about how to keep forms simple. I'd love to swap notes with anyone here who works on "
        "onboarding flows. What brought you to the conference?",
    ),
    Example(
        "analyst who never asks",
        "recruiter",
        5,
        "ask",
        "Hi, I'm Aisha, a financial analyst at a mid-sized logistics company. I build the monthly "
        "forecasts our leadership team uses to plan hiring and fuel purchases. Last year my forecast "
        "model cut budget overruns by 22 percent across three regions. Before finance I spent two years "
        "in operations, so I understand how the numbers show up on the warehouse floor. Thanks for "
        "your time.",
    ),
    Example(
        "hedging engineer",
        "conference",
        4,
        "fillers",
        "Hi, um, I'm Jess, and I'm kind of a software engineer, I guess. I basically just work on the "
        "internal tools team, sort of keeping the deploy scripts running. I think I maybe cut our deploy "
        "time a bit, like from 40 minutes to 15 or so. Sorry, I'm actually not great at this. I'd love "
        "to swap notes on CI if you have time?",
    ),
    Example(
        "buzzword consultant",
        "client",
        3,
        "jargon",
        "Hello, I'm Brad, I lead a cutting-edge consultancy that helps enterprises leverage synergies "
        "across their digital ecosystem. We deliver holistic, best-in-class solutions that move the "
        "needle and disrupt legacy paradigms. Last year we delivered 40 transformation programmes. Our "
        "world-class team of thought leaders is passionate about value-add transformation. I'd love to "
        "circle back and set up a call to explore a pilot with your team. Are you free next week?",
    ),
    Example(
        "rambling career story",
        "conference",
        3,
        "length",
        "Hi, I'm Greg, I'm a software developer. So I started out studying biology, which is a funny "
        "story, because I always thought I would end up in a lab, but then in my second year I took a "
        "programming class and really liked it. After that I worked at a bank for a while doing support, "
        "and then I moved to a startup that made apps for gyms, and that was where I learned most of "
        "what I know about mobile development. The startup eventually ran out of money, as they do, and "
        "I moved to a bigger company where I worked on their payments team for three years. We rebuilt "
        "the checkout flow there, which took a long time because of all the legacy code, and in the end "
        "it went well. After that I took some time off to travel, mostly around Portugal and Spain, and "
        "I started getting interested in climate tech because I met some people working on solar "
        "projects. Now I am back and I am trying to figure out what comes next, whether I stay in "
        "payments or move into something more related to energy, because I think there is a lot of "
        "interesting work happening there. I have been reading a lot about grid software and battery "
        "storage and I have started a small side project that tracks my own energy use at home. "
        "Anyway, that is me, and I would love to hear what you think about the energy space and whether "
        "you know anyone working in it. What do you think?",
    ),
    Example(
        "two-line developer",
        "recruiter",
        2,
        "length",
        "I'm Raj, a Java developer. Hiring?",
    ),
    Example(
        "vague generalist",
        None,
        2,
        "proof",
        "Hi, I'm Chris. I do a lot of different things in tech, various projects here and there, lots "
        "of experience across many areas. I'm open to opportunities and anything that comes up really. "
        "Let me know if you hear of anything.",
    ),
    Example(
        "self-praising sales director",
        "recruiter",
        4,
        "listener focus",
        "I'm Victor, a sales director, and honestly I'm the best closer in the business. I'm an expert "
        "negotiator, a natural leader, and my results are incredible: I grew my territory from $2 "
        "million to $5 million in two years. Everyone says I'm a genius with clients. I'm looking for a "
        "VP of Sales role where I can finally be appreciated. Is your company hiring sales leaders?",
    ),
    Example(
        "copywriter with no question",
        "client",
        6,
        "close",
        "I'm Hannah, a freelance copywriter for software companies. I write product pages and "
        "onboarding emails. For one client, my rewrite of their trial emails raised paid conversions "
        "from 3 to 5 percent. I'm looking for two new clients this quarter who need help with launch "
        "copy. I'm happy to share samples and set up a short call.",
    ),
    Example(
        "engineer with run-on sentences",
        "conference",
        6,
        "sentences",
        "Hi, I'm Omar, a civil engineer who designs stormwater systems for mid-sized cities, and over "
        "the past few years I have been working mostly on retrofitting older neighbourhoods where the "
        "drains were built for much smaller storms than the ones we now see every spring. Our team "
        "redesigned the drainage plan for a district of 8,000 homes and we cut street flooding "
        "complaints by half in the first wet season after the work was finished, which the city council "
        "then used as a model for three other districts. I'd love to compare notes with anyone working "
        "on green roofs or permeable paving because those are the next piece of the puzzle for cities "
        "like ours. What are you working on?",
    ),
    Example(
        "designer who says design",
        None,
        5,
        "repetition",
        "Hi, I'm Grace, I'm a designer. I design apps, and design is what I love, because good design "
        "makes apps easier to use. Last spring I redesigned our banking app and the new design cut "
        "support calls by 25 percent. I'm looking for design feedback from other designers on my design "
        "portfolio before I apply for senior roles. Could you take a look at my design work sometime "
        "this month?",
    ),
    Example(
        "LinkedIn note that runs long",
        "online",
        4,
        "length",
        "Hi Maya, I'm a data analyst at Kestrel, where I built the churn model that saved 9% of our "
        "accounts last year and helped the retention team focus on the customers most at risk. I really "
        "enjoyed your recent post about survey design and the way you explained sampling bias to a "
        "general audience. I'm now looking at analytics roles in healthcare. Could we have a short "
        "call next week so I can ask about your team and how you got started in the field?",
    ),
    Example(
        "LinkedIn note with no ask",
        "online",
        4,
        "ask",
        "Hi Maria, I'm a data analyst at Kestrel, where I built the churn model that saved 9% of "
        "accounts last year. I enjoyed your post on survey design.",
    ),
    Example(
        "fundraising specialist",
        None,
        9,
        None,
        "Hi, I'm Ana, I help small nonprofits raise money online. Last year I rebuilt the donation "
        "pages for a local food bank, and their monthly donors went from 80 to 310. Right now I'm "
        "looking for introductions to two or three nonprofit directors who are planning a spring "
        "campaign. Do you know anyone who might want a hand?",
    ),
    Example(
        "buzzwords at a party",
        "social",
        3,
        "jargon",
        "Hey, I'm Kyle. I'm a growth hacker, basically a thought leader in the web3 space, helping "
        "brands leverage synergies and disrupt paradigms with cutting-edge, game-changing solutions. "
        "We scaled a client to 50,000 users in a month. Anyway, how do you know the host?",
    ),
    Example(
        "researcher who never says who she is",
        "conference",
        6,
        "who you are",
        "Did you catch the keynote? Our lab spent two years testing low-cost air sensors in schools, "
        "and we found that opening windows at lunch cut CO2 levels by 40 percent in most classrooms. "
        "We published the data last month. I'd love to collaborate with anyone building dashboards for "
        "school facilities teams. Who here should I talk to about that?",
    ),
    Example(
        "IT generalist in a hurry",
        None,
        3,
        "length",
        "Hi, I'm Ben. I work in IT. I've been doing it for about ten years and I like it a lot. "
        "I'm looking for something new. Thanks.",
    ),
    Example(
        "founder with a story but no numbers",
        "investor",
        5,
        "proof",
        "Hi, I'm Zoe, founder of Loop, a platform that helps people find hiking partners. We believe "
        "outdoor friendships matter and our community is really growing fast. We have big plans for "
        "this year. I'm raising a pre-seed round and would love to tell you more over coffee. Would "
        "you be interested in hearing our story?",
    ),
    Example(
        "studio owner with a demo",
        "client",
        8,
        None,
        "Hi, I'm Ravi, I run a small studio that builds booking websites for physiotherapy clinics. "
        "Our sites let patients book and pay in under a minute, and one clinic in Leeds cut no-shows "
        "by a third after switching. I'd love to show you a quick demo. Would fifteen minutes on "
        "Thursday suit you?",
    ),
    Example(
        "monologue with no point",
        None,
        2,
        "length",
        "So I'm Pat, I work in operations, and I guess the way to explain what I do is to start at "
        "the beginning, which was a warehouse job I took after college, where I learned how pallets "
        "move and how people move and how the two rarely agree. From there I went into scheduling, "
        "then into planning, then into a role that nobody could name, so we called it operations "
        "excellence, and I spent most of my days in meetings about other meetings. Over the years I "
        "have worked with a lot of teams, in a lot of cities, on a lot of problems, some of which we "
        "solved and some of which we did not. People tell me I am good at seeing the whole picture, "
        "and I do enjoy that part, the stepping back, the asking why, the drawing of boxes and arrows "
        "on whiteboards until everyone in the room is tired. Lately I have been thinking about whether "
        "to stay where I am or to try something different, maybe consulting, maybe a smaller company, "
        "maybe a different industry altogether, because after a while every warehouse starts to look "
        "the same and every meeting starts to sound the same. I have also been reading about supply "
        "chains and sustainability and how the two could work together, which is interesting, though "
        "I am not sure yet where it leads. Anyway, that is a long way of saying I work in operations "
        "and I am figuring things out, like everyone.",
    ),
    Example(
        "nurse-turned-PM LinkedIn note",
        "online",
        9,
        None,
        "Hi Jordan, I'm a nurse turned product manager; last year I launched a medication reminder "
        "app now used by 2,000 patients. I'm exploring roles on your care team. Could we have a "
        "15-minute chat next week about what you look for in PMs?",
    ),
    Example(
        "apologetic analyst",
        "recruiter",
        4,
        "fillers",
        "Hi, so I'm Ella, I'm basically a junior data analyst, I guess. I've actually been doing some "
        "dashboards, like, for our sales team, and they kind of cut reporting time by maybe 30 percent? "
        "I'm just hoping to maybe find an analyst role, sorry if that's a lot. Do you know if your team "
        "is hiring?",
    ),
    Example(
        "teacher with a vague ask",
        None,
        5,
        "ask",
        "I'm Mei, a high school chemistry teacher moving into instructional design. I rewrote our "
        "district's lab safety course, and failed safety quizzes dropped from 30 percent to 8 percent. "
        "I've also built twelve short video lessons that other teachers now use. I'm open to "
        "opportunities and happy to hear if anything comes up. What do you do?",
    ),
    Example(
        "robotics teacher with a hedge",
        "conference",
        7,
        None,
        "Hi, I'm Sofia, I teach robotics at a community college. This year my students built twelve "
        "rescue robots from scrap parts, and two teams placed in the regional finals. I'm looking for "
        "engineers who'd visit for a guest talk, maybe just an hour over video. Would you be up for "
        "that, or know someone who would?",
    ),
)

STRONG = EXAMPLES[0]
