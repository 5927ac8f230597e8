"""Short coaching tips, grouped by topic, so a reply can carry one that fits what just happened."""

from __future__ import annotations

import hashlib

TIPS: dict[str, tuple[str, ...]] = {
    "capture": (
        "Write down one detail only they could have told you. It is the seed of a good follow-up.",
        "Capture people the same day. By tomorrow the details blur into everyone else you met.",
        "Note what they are working on next. Asking about it later shows you listened.",
        "Tag people by where you met them, so you can find the whole room again before the next event.",
    ),
    "followup": (
        "Follow up within a day or two, while you are still fresh in their mind.",
        "A good follow-up thanks them, recalls one thing they said, and offers a next step.",
        "Send something useful with your follow-up: an article, a name, a tool they mentioned wanting.",
        "Keep the first follow-up short. Three or four sentences get read; a page gets saved for later.",
        "Suggest a concrete next step, like a 20-minute call next week, rather than \"let's keep in touch\".",
    ),
    "keep_in_touch": (
        "Relationships cool quietly. A two-line check-in every few months keeps them warm.",
        "Check in without an ask. Share a win of theirs you noticed, or something that made you think of them.",
        "Congratulate people on new roles and launches. It is the easiest reason to reconnect.",
        "Remember the personal details: the marathon, the new baby, the move. Ask how it went.",
    ),
    "pitch": (
        "Say who you are and what you do in your first sentence. Context first, story second.",
        "One number beats three adjectives. Show a result instead of describing yourself.",
        "End your pitch with a question, so the conversation becomes theirs too.",
        "Know what you are asking for. A specific ask is easy to help with; a vague one is easy to forget.",
        "Practise out loud. A pitch that reads well can still run long when spoken.",
    ),
    "goal": (
        "Know why you are networking this month: a job, advice, clients, or community. It changes whom you seek out.",
        "Small weekly targets beat big resolutions. Three new people a week adds up to 150 a year.",
        "Consistency matters more than intensity. Fifteen minutes a day keeps the habit alive.",
    ),
    "give": (
        "Give before you ask. An introduction or a useful link builds more trust than any pitch.",
        "Introduce people who should know each other. Being a connector makes you memorable.",
        "Listen more than you talk. People remember how you made them feel heard.",
    ),
    "ask": (
        "Ask specifically. \"Do you know a buyer at a grocery chain?\" gets answers; \"any leads?\" does not.",
        "Make it easy to say no. People help more readily when they do not feel cornered.",
        "Tell people why you asked them in particular. It shows you remember what they do.",
    ),
    "prepare": (
        "Before an event, pick two or three people you want to meet and one question for each.",
        "Research people before you meet them, then ask about their work, not their title.",
        "Go beyond your usual circle. A diverse network brings ideas and openings you would not see otherwise.",
        "Be yourself. An honest \"I am new to this field\" opens more doors than a polished act.",
    ),
    "kinds": (
        "Social, professional, business and digital networking each have their own pace. Online, keep it shorter.",
        "Online, personalise every connection request. Mention where you saw their work.",
    ),
}

TOPICS_FOR_VERB: dict[str, tuple[str, ...]] = {
    "add": ("capture", "followup"),
    "contacts": ("keep_in_touch", "prepare"),
    "show": ("keep_in_touch", "give"),
    "note": ("keep_in_touch", "capture"),
    "followups": ("followup",),
    "done": ("keep_in_touch", "give"),
    "draft": ("followup",),
    "snooze": ("followup",),
    "pitch": ("pitch",),
    "goal": ("goal",),
    "progress": ("goal",),
    "reconnect": ("keep_in_touch",),
    "every": ("keep_in_touch",),
    "ask": ("ask", "give"),
    "intro": ("give",),
    "prep": ("prepare", "pitch"),
}

ALL_TIPS: tuple[str, ...] = tuple(tip for group in TIPS.values() for tip in group)


def pick_tip(verb: str, seed: str) -> str | None:
    """A tip that fits the verb, varied by `seed` so people do not see the same one every time."""
    topics = TOPICS_FOR_VERB.get(verb)
    if not topics:
        return None
    pool = [tip for topic in topics for tip in TIPS[topic]]
    digest = hashlib.sha256(seed.encode()).digest()
    return pool[int.from_bytes(digest[:4], "big") % len(pool)]
