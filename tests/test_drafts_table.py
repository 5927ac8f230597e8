"""Drafts read as something the user could send unedited: a table of notes in many styles, each with its exact draft.

Every row is a note as people really write them (third person, first person, fragments, imperatives, lists,
names, quotes, non-native phrasing) and the whole follow-up it should produce for one contact met at PyCon
yesterday. An empty middle means the note must not be said back at all (a private to-do, a personal remark,
or words that can't be turned round safely).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from coaching.core.records import Contact
from coaching.people.drafts import followup_draft

NOW = datetime(2025, 11, 14, 10, 0, tzinfo=UTC)
OPEN = "Hi Sam, it was good to meet you at PyCon yesterday."
CLOSE = "If you're up for it, let's find time for a short call in the next few weeks."
SENT = "Let me know what you think, and I'm happy to talk it through on a call."  # closes a draft that sends something

TABLE: list[tuple[tuple[str, ...], str]] = [
    # third person, turned round to "you" with the verb agreeing
    (("she said to ping her about backend roles",), "You said to get in touch about backend roles, so here I am."),
    (("she runs the grocery co-op",), "It was good to hear that you run the grocery co-op."),
    (("They run a design studio",), "It was good to hear that you run a design studio."),
    (("they are moving to Lisbon in March",), "It was good to hear that you're moving to Lisbon in March."),
    (("her team uses Kafka",), "It was good to hear that your team uses Kafka."),
    (("His startup just raised a seed round",), "It was good to hear that your startup just raised a seed round."),
    (("she does pottery on weekends",), "It was good to hear that you do pottery on weekends."),
    (("he goes climbing every Sunday",), "It was good to hear that you go climbing every Sunday."),
    (("she was at Google for 10 years",), "It was good to hear that you were at Google for 10 years."),
    (("she teaches a data class at the community college",),
     "It was good to hear that you teach a data class at the community college."),
    (("he watches every F1 race",), "It was good to hear that you watch every F1 race."),
    (("she studies part-time",), "It was good to hear that you study part-time."),
    (("she's a big fan of Rust",), "It was good to hear that you're a big fan of Rust."),
    (("she's into bouldering",), "It was good to hear that you're into bouldering."),
    (("She loves her job at Monzo",), "It was good to hear that you love your job at Monzo."),
    (("she said her manager is hiring",), "It was good to hear that your manager is hiring."),
    (("Told me she's training for a marathon",), "It was good to hear that you're training for a marathon."),
    (("She mentioned her daughter starts uni in September",),
     "It was good to hear that your daughter starts uni in September."),
    (("he's working on a climbing app with his brother",),
     "I really enjoyed hearing about your work on a climbing app with your brother."),
    (("told me about his new role at Shopify",), "I enjoyed hearing about your new role at Shopify."),
    # fragments that start with a verb or an adjective
    (("interested in our ML infra work",), "It was good to hear that you're interested in our ML infra work."),
    (("moved to Berlin last year",), "It was good to hear that you moved to Berlin last year."),
    (("has two kids and a dog",), "It was good to hear that you have two kids and a dog."),
    (("loves jazz",), "It was good to hear that you love jazz."),
    (("works with Tom Ade on the data platform",), "It was good to hear that you work with Tom Ade on the data platform."),
    (("knows Priya from Stripe",), "It was good to hear that you know Priya from Stripe."),
    (("building a note-taking app for doctors",), "It was good to hear that you're building a note-taking app for doctors."),
    (("works on ML infra",), "I really enjoyed hearing about your work on ML infra."),
    (("Working on a book about sourdough",), "I really enjoyed hearing about your work on a book about sourdough."),
    (("talked about remote hiring",), "I enjoyed our chat about remote hiring."),
    (("we talked about her move to Lisbon",), "I enjoyed our chat about your move to Lisbon."),
    (("we discussed pricing for the pilot",), "I enjoyed our chat about pricing for the pilot."),
    (("Asked about our pricing",), "You asked about our pricing; happy to go through it whenever suits you."),
    # what they are after or hiring for: an offer to help
    (("wants intros to data teams",),
     "You mentioned you want intros to data teams; I'll keep an eye out and pass on anything useful."),
    (("looking for a cofounder",),
     "You mentioned you're looking for a cofounder; I'll keep an eye out and pass on anything useful."),
    (("is looking for a React contractor",),
     "You mentioned you're looking for a React contractor; I'll keep an eye out and pass on anything useful."),
    (("needs help with hiring",),
     "You mentioned you need help with hiring; I'll keep an eye out and pass on anything useful."),
    (("hoping to move into product management",),
     "You mentioned you're hoping to move into product management; I'll keep an eye out and pass on anything "
     "useful."),
    (("wants to meet more founders",),
     "You mentioned you want to meet more founders; I'll keep an eye out and pass on anything useful."),
    (("she hires data engineers",),
     "You mentioned you're hiring data engineers; I'll pass it on to anyone who'd be a fit."),
    (("they're hiring a designer",), "You mentioned you're hiring a designer; I'll pass it on to anyone who'd be a fit."),
    (("hiring for the payments platform team, wants Go experience",),
     "You mentioned you're hiring for the payments platform team and want Go experience; "
     "I'll pass it on to anyone who'd be a fit."),
    (("wants her team to learn Rust",),
     "You mentioned you want your team to learn Rust; I'll keep an eye out and pass on anything useful."),
    (("looking for her next role in product",),
     "You mentioned you're looking for your next role in product; I'll keep an eye out and pass on anything useful."),
    (("she'd love an intro to a VC",),
     "You mentioned you'd love an intro to a VC; I'll keep an eye out and pass on anything useful."),
    (("wants samples of our granola",), "You mentioned you'd like samples of our granola; I'll sort that out this week."),
    # the user's own to-dos become the user's action, never a quote
    (("send her the deck",), "Here's the deck, as promised. " + SENT),
    (("I promised to send her the slides from my talk",), "Here are the slides from my talk, as promised. " + SENT),
    (("said to send her the slides",), "Here are the slides, as promised. " + SENT),
    (("asked me to send him my CV",), "Here's my CV, as promised. " + SENT),
    (("He asked me to review his pitch deck",), "Happy to review your pitch deck, as you asked."),
    (("I promised to intro her to Sam Roe",), "As promised, I'll intro you to Sam Roe."),
    (("ping him next week",), ""),
    (("follow up about the contract",), ""),
    (("Ask her about the Lisbon office",), ""),
    (("remind me to intro her to Sam",), ""),
    (("she asked if we could meet her CTO",), ""),
    (("ping her next week",), ""),
    # personal remarks stay private
    (("owes me lunch",), ""),
    (("going through a divorce",), ""),
    (("seemed stressed about the reorg",), ""),
    (("going through a rough patch",), ""),
    (("He doesn't like small talk",), ""),
    (("she's tired of meetings",), ""),
    (("she's self-employed",), "It was good to hear that you're self-employed."),
    (("was laid off in May",), ""),
    (("prefers email over calls",), ""),
    # fragments that can't be turned round safely are not said back
    (("ML infra",), ""),
    (("coffee chat",), ""),
    (("Senior PM, ex-Spotify",), ""),
    (("Rust, climbing, cats",), ""),
    (("kids: 2",), ""),
    (("met through Ana",), ""),
    (("I told her about our API beta",), ""),
    (("she said \"call me after the launch\"",), ""),
    (("her words: \"best hire I ever made\"",), ""),
    # non-native phrasing
    (("she interested in AI",), "It was good to hear that you're interested in AI."),
    (("she is work in fintech",), ""),
    (("he is knowing Python well",), ""),
    (("she told she will call me",), ""),
    (("he's got a podcast about jazz",), "It was good to hear that you've got a podcast about jazz."),
    (("she's worked in Lagos and Accra",), "It was good to hear that you've worked in Lagos and Accra."),
    (("wants us to demo next month",), "You mentioned you'd like us to demo next month; I'll sort that out this week."),
    # lists, links and several notes
    (("https://example.com/talk",), "Here's the link I mentioned: https://example.com/talk"),
    (("runs marathons, has a dog named Pixel",), "It was good to hear that you run marathons and have a dog named Pixel."),
    (("hires data engineers; loves jazz; send her the deck",),
     "It was good to hear that you love jazz. You mentioned you're hiring data engineers; "
     "I'll pass it on to anyone who'd be a fit. Here's the deck, as promised. " + SENT),
    (("loves jazz", "owes me lunch", "wants intros to data teams"),
     "It was good to hear that you love jazz. You mentioned you want intros to data teams; "
     "I'll keep an eye out and pass on anything useful."),
]


def sam(notes: tuple[str, ...], **extra: str) -> Contact:
    return Contact.load({"id": "s1", "name": "Sam Lee", "kind": "professional", "met_at": "PyCon",
                         "met_on": "2025-11-13T18:00:00+00:00",
                         "notes": [{"at": "2025-11-13T18:00:00+00:00", "text": note} for note in notes], **extra})


def test_the_table_is_big_enough() -> None:
    assert len(TABLE) >= 50


@pytest.mark.parametrize(("notes", "middle"), TABLE, ids=[" | ".join(notes)[:60] for notes, _ in TABLE])
def test_each_note_gives_its_exact_draft(notes: tuple[str, ...], middle: str) -> None:
    expected = " ".join(part for part in (OPEN, middle, "" if middle.endswith(SENT) else CLOSE) if part)
    assert followup_draft(sam(notes), NOW, ZoneInfo("UTC")) == expected
