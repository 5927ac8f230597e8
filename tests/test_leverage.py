"""`ask` finds who can help and says why; `intro` drafts a double opt-in. Drafts never have blanks."""

from __future__ import annotations

import re

import pytest

from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.core.records import Contact
from coaching.people.ask_and_intro import because, rank, request_phrase
from coaching.people.drafts import as_someone

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL

PLACEHOLDER = re.compile(r"[\[\]{}<>]|\bNone\b")


def person(name: str, role: str = "", company: str = "", notes: tuple[str, ...] = (), tags: tuple[str, ...] = (),
           last: str = "2025-11-01T00:00:00+00:00") -> Contact:
    return Contact.load({"id": name.casefold(), "name": name, "role": role, "company": company, "tags": list(tags),
                         "notes": [{"at": last, "text": note} for note in notes], "met_at": "", "last_contact": last})


NETWORK = [
    person("Dee Fox", notes=("loves climbing",)),
    person("Ben Okafor", notes=("used to stack shelves in a grocery store",)),
    person("Ana Ruiz", role="Head of Buying", company="FreshMart Groceries"),
    person("Cal Diaz", notes=("buys vintage records",), last="2025-10-01T00:00:00+00:00"),
    person("Eli Gray", notes=("buys vintage records",), last="2025-11-10T00:00:00+00:00"),
]


def test_ask_ranks_the_strongest_match_first_and_says_why() -> None:
    found = rank(NETWORK, "who knows grocery buyers")
    names = [match.contact.name for match in found]
    assert names[0] == "Ana Ruiz"
    assert "Dee Fox" not in names
    assert found[0].why() == "role: buying; company: groceries"
    assert dict(found[names.index("Ben Okafor")].hits) == {"notes": ("grocery",)}
    assert names.index("Eli Gray") < names.index("Cal Diaz")  # equal match: more recent contact first


def test_near_misses_match_long_words_only() -> None:
    logistics = [person("Fay Hu", role="logistics lead"), person("Gus Ito", notes=("set a date for the launch",))]
    assert [m.contact.name for m in rank(logistics, "logistcs")] == ["Fay Hu"]
    assert rank(logistics, "data") == []
    assert rank(logistics, "who knows a") == []


def test_request_phrases_read_naturally() -> None:
    assert request_phrase("who knows grocery buyers") == "someone who knows grocery buyers"
    assert request_phrase("who knows Kubernetes") == "someone who knows Kubernetes"
    assert request_phrase("anyone hiring SREs") == "someone hiring SREs"
    assert request_phrase("someone who can review a pitch deck?") == "someone who can review a pitch deck"
    assert request_phrase("intro to a Rust team lead") == "an introduction to a Rust team lead"
    assert request_phrase("advice on pricing") == "advice on pricing"


def test_ask_drafts_a_specific_request_with_an_easy_no(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "add Ana Ruiz, role: Head of Buying, company: FreshMart Groceries, met at Food Expo yesterday")
    coach.handle(user, "add Ben Okafor, met at a meetup yesterday, she runs the grocery co-op, "
                       "wants intros to local bakers")
    coach.handle(user, "add Dee Fox, met at a climbing gym yesterday")
    reply = coach.handle(user, "ask who knows grocery buyers")
    assert [item.text.split(" (")[0].split(". ", 1)[1] for item in reply.items] == ["Ana Ruiz", "Ben Okafor"]
    ana, ben = (item.text for item in reply.items)
    assert "matched role: buying; company: groceries" in ana
    assert ("Draft: Hi Ana, I'm hoping you can help with something specific: I'm looking for someone who knows "
            "grocery buyers. I thought of you because you're Head of Buying at FreshMart Groceries.") in ana
    assert "no worries at all" in ana
    assert "I thought of you because you mentioned that you run the grocery co-op." in ben
    assert "Give first: Ben is after intros to local bakers." in ben
    assert not PLACEHOLDER.search(reply.text)


def test_ask_without_matches_or_words(coach: Coach, user: UserRef) -> None:
    assert "Be specific" in coach.handle(user, "ask").text
    assert "Be specific" in coach.handle(user, "ask who knows").text
    coach.handle(user, "add Dee Fox, met at a climbing gym yesterday")
    assert "Nobody in your notes matches “orbital mechanics”" in coach.handle(user, "ask orbital mechanics").text


def test_intro_drafts_both_sides_from_the_records(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "add Priya Shah, recruiter at Acme, met at PyCon yesterday, she hires data engineers")
    coach.handle(user, "add Tom Ade, CTO at Initech, met at a dinner party yesterday, wants intros to data engineers")
    reply = coach.handle(user, "intro Priya to Tom")
    assert reply.title == "Introducing Priya Shah and Tom Ade"
    to_priya, to_tom, both = (item.text for item in reply.items)
    assert to_priya == ("1. Ask Priya Shah: Hi Priya, I'd like to introduce you to Tom Ade (CTO at Initech; wants intros "
                        "to data engineers). Tom is looking for intros to data engineers, and I thought of you straight "
                        "away. Would you be open to an introduction? If the timing isn't right, just say so, no problem "
                        "at all.")
    assert "You mentioned you're after intros to data engineers, and Priya is a recruiter at Acme." in to_tom
    assert both.startswith("3. Once both say yes, one message to both: Priya, meet Tom Ade: CTO at Initech")
    assert "Tom, meet Priya Shah: recruiter at Acme" in both
    assert not PLACEHOLDER.search(reply.text)


def test_intro_needs_two_different_known_people(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "add Priya Shah, met at PyCon yesterday")
    assert "For example `intro Priya to Tom`" in coach.handle(user, "intro Priya").text
    assert "same person twice" in coach.handle(user, "intro Priya to Priya Shah").text
    assert "don't have anyone called “Nobody”" in coach.handle(user, "intro Priya to Nobody").text


def test_intro_with_to_inside_a_name(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "add Mai To, met at Food Expo yesterday")
    coach.handle(user, "add Ben Okafor, met at Food Expo yesterday")
    reply = coach.handle(user, "intro Mai To to Ben Okafor")
    assert reply.title == "Introducing Mai To and Ben Okafor"
    assert "You were both at Food Expo." in reply.text
    assert coach.handle(user, "intro Ben and Mai To").title == "Introducing Ben Okafor and Mai To"


def test_someone_looking_for_the_same_thing_is_not_offered_as_a_helper(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "add Lin Wu, founder at Soup Co, met at a dinner party, looking for grocery buyers")
    coach.handle(user, "add Sam Roe, buyer at FreshMart, met at a trade show")
    reply = coach.handle(user, "ask who knows grocery buyers")
    assert [item.text.split(" (")[0] for item in reply.items] == ["1. Sam Roe"]
    assert "Lin Wu is looking for this too" in reply.body


def test_the_one_who_is_hiring_outranks_one_shared_word(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "add Priya Shah, data engineer at Stripe, met at PyCon, wants intros to data teams")
    coach.handle(user, "add Tom Ade, met at a meetup, hiring data engineers")
    reply = coach.handle(user, "ask who can help me hire a data engineer")
    assert reply.items[0].text.startswith("1. Tom Ade")
    assert "looking for this too" not in reply.text, "Priya wants intros to data teams, not the same thing"


def test_ask_matches_by_meaning_not_by_spelling(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "add Nia Brooks, met at a dinner party yesterday, angel investor in fintech")
    coach.handle(user, "add Priya Shah, met at PyCon yesterday, works on ML infra")
    coach.handle(user, "add Ines Costa, met at PyCon yesterday, she does ML infra at a bank")
    coach.handle(user, "add Will Knows, met at the pub yesterday, knows everyone at the pub quiz, talked about nothing")
    vc = coach.handle(user, "ask who can introduce me to a VC")
    assert [item.text.split(" (")[0] for item in vc.items] == ["1. Nia Brooks"]
    assert "I'm looking for an introduction to a VC. I thought of you because you're an angel investor in fintech." \
        in vc.text
    ml = coach.handle(user, "ask anyone into ML infrastructure")
    assert sorted(item.text.split(" (")[0][3:] for item in ml.items) == ["Ines Costa", "Priya Shah"]
    assert "I'm looking for someone who's into ML infrastructure." in ml.text


def test_stop_words_never_match_and_the_need_reads_as_english(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "add Hana Mori, met at the market yesterday, teaches ceramics classes on weekends")
    coach.handle(user, "add Paul Grey, met at the expo yesterday, asked about our pricing; who knows")
    coach.handle(user, "add Will Knows, met at the pub yesterday, knows everyone")
    reply = coach.handle(user, "ask who knows about pottery classes")
    assert [item.text.split(" (")[0] for item in reply.items] == ["1. Hana Mori"]
    assert "I'm looking for someone who knows about pottery classes." in reply.text
    assert "to about" not in reply.text
    assert "Be specific" in coach.handle(user, "ask anyone who knows about someone").text


@pytest.mark.parametrize(("need", "note"), [
    ("a VC", "angel investor"), ("venture capital", "she's a VC"), ("an investor", "venture partner at Atomico"),
    ("machine learning", "ML engineer"), ("infrastructure", "infra team lead"), ("a recruiter", "hiring for her team"),
    ("someone hiring", "technical recruiter"), ("UX", "product designer"), ("a PM", "product manager at Monzo"),
])
def test_abbreviations_and_synonyms_meet(need: str, note: str) -> None:
    assert [m.contact.name for m in rank([person("Kim Lee", notes=(note,))], need)] == ["Kim Lee"]


def test_intro_shares_only_what_both_would_want_shared(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "add Priya Shah, recruiter at Acme, met at PyCon yesterday, she hires data engineers, "
                       "said to send her the slides, owes me lunch, going through a divorce")
    coach.handle(user, "add Tom Ade, CTO at Initech, met at a dinner party yesterday, wants intros to data engineers, "
                       "remind me to ping him about the invoice, seemed tired")
    text = coach.handle(user, "intro Priya to Tom").text
    assert "Priya Shah (recruiter at Acme; hires data engineers)" in text
    assert "Tom Ade (CTO at Initech; wants intros to data engineers)" in text
    for private in ("slides", "lunch", "divorce", "invoice", "tired", "remind"):
        assert private not in text, private


@pytest.mark.parametrize(("role", "said"), [
    ("SRE at Shopify", "an SRE at Shopify"), ("GP", "a GP"), ("PR consultant", "a PR consultant"),
    ("CTO at Acme", "CTO at Acme"), ("Head of Buying", "Head of Buying"), ("head of talent", "head of talent"),
    ("recruiter", "a recruiter"), ("engineer", "an engineer"), ("Principal at Northstar", "a Principal at Northstar"),
])
def test_a_role_gets_the_article_it_needs(role: str, said: str) -> None:
    assert as_someone(role) == said


def test_a_match_on_a_fragment_falls_back_to_the_role() -> None:
    lawyer = person("Ruth Adler", role="lawyer", notes=("startup law, term sheets",))
    [found] = rank([lawyer], "a lawyer for a term sheet")
    assert because(found) == "I thought of you because you're a lawyer."
    [alone] = rank([person("Ed Fox", notes=("term sheets",))], "term sheets")
    assert because(alone) == "You were the first person who came to mind."


def test_give_first_reads_right_for_a_want_that_is_a_verb(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "add Tom Ade, buyer at FreshMart, met at Food Expo yesterday, wants to meet more founders")
    assert "Give first: Tom would like to meet more founders." in coach.handle(user, "ask grocery buyers").text
