"""Asking is not giving: which connects ask for something (a favour, a pitch), and the guard that speaks
before one reaches someone not yet talking with you.

The signals are data (SIGNALS): for each kind of ask, what it reads as, what to do instead, and the
phrases that give it away. A phrase about *your own* work or life is a signal ("my book", "check out
my", "my whole family backstory"); the same words about theirs are not ("loved your book", "her novel's
ending", "asked about their newsletter"). Notes are read case-folded, with curly apostrophes made
straight; emoji and punctuation around the words change nothing.

This module is imported by the tallies on every write: the patterns are plain text here, and a category's
are compiled on the first note that holds one of its words (`re` is already in every command's memory);
a connect without a note costs a comparison, a kind note a split into words.
"""

from __future__ import annotations

from habits.model import ASK

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (as habits/routine.py does)
if TYPE_CHECKING:
    from typing import Any

# ---- the signals: what a note reads as, what to do instead, the phrases that give it away

# Your own work: "my new novel", "our poetry collection" (not "in my book", "my book club", "my book's").
_OWN = (r"(?:books?|novels?|novella|debut|poems|poetry|collection|chapbook|anthology|memoir|newsletter|substack"
        r"|podcast|trilogy|series|e-?book|audiobook|chapters?|manuscript|wip|paperback|hardcover|kickstarter|patreon"
        r"|ko-?fi|pre-?orders?|book launch|launch|release|cover reveal|arcs?)")
_OWN_ADJECTIVE = (r"(?:new|latest|debut|first|second|third|next|upcoming|own|forthcoming|recent|self-?published|indie"
                  r"|little|poetry|short[- ]story|fantasy|ya|romance|thriller|mystery|horror|historical|sci-?fi|literary"
                  r"|picture|children's|cozy|kids'?)")
_MY_OWN_WORK = (rf"\b(?:my|our)(?<!\bin my)(?<!\bfor my)(?<!\bon my)(?<!\bin our)(?<!\bfor our)(?<!\bon our)"
                rf" (?:{_OWN_ADJECTIVE} ){{0,2}}{_OWN}\b"
                r"(?!'s\b|-| (?:club|clubs|shelf|shelves|stack|list|haul|store|shop|group|nook|recommendations?)\b)")
_URL = (r"(?:https?://|www\.)\S*[^\s.,;:!?)'\"]|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|me|ly|link|page|blog|shop|store"
        r"|app|xyz|info|uk|ca|au|social|ink|pub|press)\b(?:/\S*[^\s.,;:!?)'\"])?")
# A link is your own when the note says it is ("my site: …", "my new one: …"; not "my favourite line: …").
_FIRST_PERSON = (rf"\b(?:my|our) (?:{_OWN_ADJECTIVE} )?(?:{_OWN}|site|website|page|blog|post|thread|profile|shop|store"
                 r"|work|writing|piece|story|stories|poem|essay|article|one)\b"
                 r"|\b(?:mine|ours|i wrote|i made|i published|i've (?:written|made|published))\b")
# What a favour asks of them ("could you share this?"; not "could you share your sources?", a question).
_MINE = r"(?:my|our|this|it|me|mine)"
_FAVOUR_VERB = (rf"(?:review(?:ing)?|beta[- ]?read(?:ing)?|blurb(?:bing)?|boost(?:ing)?|retweet(?:ing)?|rt|repost(?:ing)?"
                rf"|promot(?:e|ing)|endors(?:e|ing)|amplify(?:ing)?|signal[- ]?boost(?:ing)?|introduc(?:e|ing) me"
                rf"|(?:shar(?:e|ing)|mention(?:ing)?|featur(?:e|ing)|support(?:ing)?|back(?:ing)?|rat(?:e|ing)|help(?:ing)?"
                rf"|vote for|donate to) {_MINE}"
                rf"|read(?:ing)? (?:{_MINE}|a few|a chapter|an? (?:early|advance)|the (?:first|opening|draft|manuscript))"
                rf"|look(?:ing)? at {_MINE}|(?:tak|hav)(?:e|ing) a look|check(?:ing)? (?:out )?{_MINE}"
                rf"|give me|send me|follow me|follow back|put me in touch|connect me|pass (?:it|this) on|spread the word"
                rf"|leave a review|write (?:me )?a review|(?:subscribe|sign up)(?: to| for)? {_MINE})")
_CALL_THING = r"(?:zoom|skype|facetime|phone|video|voice|teams|google meet|coffee|calendly)"
# Your own life, told too soon ("my whole family backstory"; not "my whole family loved your book", nor
# "my heroine's backstory", your work's).
_PERSONAL = (r"(?:(?:whole )?family (?:backstory|back story|story|saga|drama|secrets|problems|history)|backstory|back story"
             r"|life story|divorce|trauma|traumas|breakup|break-up|diagnosis|therapist|therapy|miscarriage|custody"
             r"|affair|addiction|rehab|bankruptcy|ex|ex-?husband|ex-?wife|ex-?boyfriend|ex-?girlfriend|medical history"
             r"|health problems|marriage problems)")
_NOT_A_CHARACTER = r"(?!(?:character|protagonist|heroine|hero|villain|mc|narrator|novel|book)'?s?\b)"

# key, what it reads as, what to do instead, the words one of which a phrase needs (a cheap first look:
# a note with none of them is not read further), the phrases, a phrase that must also be there (or "").
# A change here changes which entries are asks, so which days did their Connect step and who is warming:
# once released, bump habits.model.DAY_RULE and habits.store.summary.SUMMARY_VERSION with it.
SIGNALS: tuple[tuple[str, str, str, str, tuple[str, ...], str], ...] = (
    ("link", "a link to your work", "give first: share their posts", "my mine our ours wrote made published written",
     (_URL,), _FIRST_PERSON),  # a link, said to be your own
    ("link", "a link to your work", "give first: share their posts", "my our link links bio", (
        r"\bmy (?:[\w'-]+ ){0,2}links?\b",
        r"\blinks? (?:to|for) (?:my|our)\b",
        r"\blink in (?:my )?bio\b",
    ), ""),
    ("favour", "a favour", "give first: reshare their work",
     "could would can will won't wouldn't might mind if whether review reviews blurb blurbs beta betaread boost"
     " share retweet rt repost promote amplify endorse signal signalboost favour favor intro introduction introduce"
     " shoutout shout endorsement retweets shares boosts reader readers chance word please pls plz follow touch"
     " connect", (
        rf"\b(?:(?:could|would|can|will|won't|wouldn't|might) you|(?:if|whether) (?:she|he|they|you)"
        rf"(?:'d|'ll| would| could| might| will| can)?)(?: please| maybe| possibly| kindly| perhaps)?"
        rf"(?: be (?:willing|able|open|up for) to| mind| consider| have time to)? {_FAVOUR_VERB}\b",
        r"\bwould you mind\b",
        r"\b(?:review|blurb|beta[- ]?read|boost|share|retweet|rt|repost|promote|amplify|endorse|signal[- ]?boost)"
        r" (?:for )?(?:my|our|me)\b",
        r"\b(?:ask(?:ed|ing)?|need(?:ed|ing)?|want(?:ed)?|looking for|hoping for|request(?:ed|ing)?|beg(?:ged)?)"
        r"(?: (?:her|him|them|you|for|if|whether))* (?:a |an )?(?:honest |quick |short |kind |small |little |big )?"
        r"(?:review|blurb|endorsement|signal[- ]?boost|boost|shout-?out|favou?r|intro(?:duction)?|retweet|share)s?\b",
        r"\bbeta[- ]?read(?:er|ers|ing)? (?:for )?(?:my|our|me)\b",
        r"\b(?:be|become) (?:a |an |my |our )?(?:beta|arc)[- ]?readers?\b",
        r"\bleave (?:me )?(?:a |an )?(?:honest |quick |short )?review\b",
        r"\b(?:introduce me|put me in touch|connect me (?:with|to)|an intro to|follow (?:me )?back|do me a favou?r)\b",
        r"\b(?:any chance (?:you|of)|spread the word)\b",
        r"\b(?:please|pls|plz) (?:share|boost|retweet|rt|repost|review|read|follow|subscribe|support)\b",
    ), ""),
    ("pitch", "a sales pitch", "give first: comment on their posts",
     "my our buy order preorder preorders plug plugged plugging promo selfpromo promotion shameless code wrote written"
     " published released finished", (
        _MY_OWN_WORK,
        r"\b(?:check(?:ing)? out|buy|grab|order|download|pre-?order|subscribe to|sign up (?:for|to)|support|back"
        r"|plug(?:ged|ging)?|promot(?:e|ed|ing)|pitch(?:ed|ing)?) (?:a copy of )?(?:my|our)\b",
        r"\b(?:please|pls|plz|go) buy\b",
        r"\bbuy (?:it|one|a copy) (?:now|here|today)\b",
        r"\bpre-?order (?:it|now|today|here|a copy)\b",
        r"\b(?:shameless (?:self[- ]?)?plug|self[- ]?promo\w*)",
        r"\b(?:promo|discount|coupon) code\b|\buse (?:my )?code\b",
        rf"\bi (?:wrote|have written|'ve written|just (?:published|released|finished)|published|released"
        rf"|self-?published) (?:a |an |my )?(?:{_OWN_ADJECTIVE} ){{0,2}}{_OWN}\b",
    ), ""),
    ("call", "a call request", "keep to public replies for now",
     "call calls chat chats meeting meetings date zoom skype facetime phone video voice teams meet coffee number"
     " ring calendly time", (
        rf"\b{_CALL_THING} (?:call|chat|meeting|date)s?\b",
        r"\b(?:a|quick|short|brief) (?:quick |short |brief |\d+[- ]?min(?:ute)?s? )?call\b"
        r"(?! (?:for|to action|to arms|of the))",
        r"\bcall me\b|\bgive me a (?:call|ring)\b",
        r"\b(?:hop|jump|get) on (?:a |the )?(?:call|zoom|phone|video)\b",
        r"\b(?:over|on|via) (?:a )?(?:zoom|skype|facetime|the phone)\b",
        r"\b(?:my|your|her|his|their) (?:phone )?number\b(?! (?:one|two|of)\b)",
        r"\b(?:grab|get|have|meet for|meet up for) (?:a )?(?:virtual )?coffee\b|\bvirtual coffee\b",
        r"\bmeet (?:up|in person|irl)\b",
        r"\b(?:schedule|set up|book) (?:a |some )?(?:time|call|chat|meeting)\b",
        r"\bcalendly\b",
    ), ""),
    ("personal", "a very personal note", "keep it light: reply to a post",
     "family backstory back story life divorce divorced trauma traumas traumatic breakup break diagnosis diagnosed"
     " therapist therapy miscarriage custody affair addiction rehab bankruptcy ex husband wife boyfriend girlfriend"
     " medical health sex love dating marriage everything overshare overshared oversharing dump dumped dumping"
     " vent vented venting", (
        rf"\bmy (?:{_NOT_A_CHARACTER}[\w'-]+ ){{0,2}}{_PERSONAL}\b(?!-)",
        r"\bmy (?:sex|love|dating) life\b",
        r"\bi(?:'m| am| was| have been|'ve been| went| got) (?:[\w'-]+ ){0,3}"
        r"(?:divorce|divorced|trauma|rehab|therapy|diagnosed|breakup|break-up)\b",
        r"\beverything about (?:me|myself|my life)\b",
        r"\b(?:overshar\w*|trauma[- ]?dump\w*|vent(?:ed|ing)? about my)\b",
    ), ""),
)


class Pitch:
    """What a note read as: its category (a key of SIGNALS), the words that gave it away, what it reads
    as, and what to do instead."""

    __slots__ = ("category", "matched", "reads_as", "instead")

    def __init__(self, category: str, matched: str, reads_as: str, instead: str) -> None:
        self.category, self.matched, self.reads_as, self.instead = category, matched, reads_as, instead

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pitch) and (self.category, self.matched) == (other.category, other.matched)

    def __hash__(self) -> int:
        return hash((self.category, self.matched))

    def __repr__(self) -> str:
        return f"Pitch({self.category!r}, {self.matched!r})"


# Compiled as they are needed: the words' sets on the first note read, a category's phrases on the first note
# with one of its words (a kind note compiles few or none: a write of one entry stays fast).
_triggers: list[tuple[int, str, str, str, frozenset[str]]] | None = None
_compiled: dict[int, tuple[Any, Any]] = {}
_words: Any = None


def _signals() -> list[tuple[int, str, str, str, frozenset[str]]]:
    global _triggers, _words
    if _triggers is None:
        import re

        _words = re.compile(r"[a-z0-9']+").findall
        _triggers = [(n, key, reads_as, instead, frozenset(words.split()))
                     for n, (key, reads_as, instead, words, _, _) in enumerate(SIGNALS)]
    return _triggers


def _phrases(n: int) -> tuple[Any, Any]:
    found = _compiled.get(n)
    if found is None:
        import re

        patterns, needs = SIGNALS[n][4:]
        found = _compiled[n] = (re.compile("|".join(f"(?:{p})" for p in patterns)),
                                re.compile(needs) if needs else None)
    return found


def _plain(note: str) -> str:
    return " ".join(note.casefold().replace("\u2019", "'").replace("\u2018", "'").split())


def pitch_in(note: str) -> Pitch | None:
    """What the note reads as when it asks for something or sells (the first category that fits, in
    SIGNALS' order), or None for a note that gives."""
    if not note:
        return None
    signals = _signals()
    text = _plain(note)
    words = set(_words(text))
    for n, key, reads_as, instead, triggers in signals:
        if triggers.isdisjoint(words):
            continue
        pattern, needs = _phrases(n)
        found = pattern.search(text)
        if found and (needs is None or needs.search(text)):
            return Pitch(key, found.group(0), reads_as, instead)
    return None


def is_ask(kind: str, action: str, note: str) -> bool:
    """Whether an entry asks for something rather than gives: a connect with the action `ask`, or one
    whose note reads as a pitch. An ask never counts toward given, warming or the day's Connect step."""
    return kind == "connect" and (action == ASK or pitch_in(note) is not None)


# ---- the guard's words: one line of an 80-column check-in, about 110 characters at most

REST = "let it rest; some never answer, and some accounts are run by a team."


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def guard_warning(name: str, stage: str, *, early: bool, pitch: Pitch | None, unanswered_asks: int = 0) -> str:
    """The gentle line for an ask (is_ask) about to reach `name`: the repeated ask with nothing heard
    since (any stage), else, when it is `early` (new or warming), what the note read as and what to do
    instead; "" when there is nothing to say."""
    if unanswered_asks >= 1:
        return f"Your {ordinal(unanswered_asks + 1)} ask of {name}, nothing heard: {REST}"
    if not early:
        return ""
    where = "new to you" if stage == "new" else "warming up"
    if pitch is None:
        return f"{name} is {where}: early to ask a favour, and not today's Connect. Give first next time."
    instead = pitch.instead[0].upper() + pitch.instead[1:]
    return f"{name} is {where}: {pitch.reads_as} is an ask, not today's Connect. {instead}."
