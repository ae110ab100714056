"""Which diarized speaker is the agent: a small, replaceable scoring function.

In a stereo call the channels say who is who. In a mono call diarization
only yields anonymous labels (``SPEAKER_00``, ``SPEAKER_01``), so the words
decide. Agents greet with the organisation's name, ask for verification and
offer actions; customers say why they call and talk about *their* bill.

Scoring, per speaker::

    agent_score    = sum of agent-cue weights   (each cue once per turn, at most 3 turns)
    customer_score = sum of customer-cue weights (same)
    net            = agent_score - customer_score (+ FIRST_SPEAKER_PRIOR for whoever speaks first)

The speaker with the highest ``net`` is the agent. Confidence grows with the
margin to the runner-up and is never above 0.5 when no cue matched at all
(then the first speaker is taken as the agent, method ``"default"``).

One speaker only: a mono call with a single voice is either a voicemail,
an IVR recording or two parties the diarizer could not tell apart. Calling
that voice "agent" would put 100 % of the talk time on the agent, so it is
labelled :attr:`Role.UNKNOWN` with confidence 0.0 (method ``"single_speaker"``).

Anything with the :class:`RoleDecider` signature can replace
:func:`decide_by_cues` (see :func:`pipeline.attribution.attribute.decide_roles`).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from pipeline.types import Role, RoleAssignment, Turn

log = logging.getLogger(__name__)

# Weight given to whoever speaks first: agents usually answer the phone, but
# an IVR, a "hello?" from the caller or a cut recording often comes first.
FIRST_SPEAKER_PRIOR = 0.5
# A cue repeated over a long call should not outweigh several different cues.
MAX_TURNS_PER_CUE = 3
# Margin (in cue-weight units) at which confidence reaches ~0.80: one greeting.
CONFIDENCE_SCALE = 3.0
# Text cues are evidence, not proof (1.0 is for the channel map of stereo calls).
MAX_CONFIDENCE = 0.98
# A second speaker is also an agent (warm transfer) only with this much net evidence.
SECOND_AGENT_MIN_NET = 3.0


@dataclass(frozen=True)
class Cue:
    name: str
    party: Role
    weight: float
    pattern: re.Pattern[str]


def _cue(name: str, party: Role, weight: float, regex: str) -> Cue:
    return Cue(name, party, weight, re.compile(regex, re.IGNORECASE))


_A, _C = Role.AGENT, Role.CUSTOMER
# Words that open a customer's "Hi, this is Mary" and so must not count as an organisation name.
_NOT_ORG = r"(?:hi|hello|hey|yes|yeah|yep|oh|um|uh|er|erm|ok|okay|well|so|and|but|sorry|right|no)"

CUES: tuple[Cue, ...] = (
    # Greeting with the organisation's name.
    _cue(
        "thanks_for_calling",
        _A,
        3.0,
        r"\bthank(?:s| you) for (?:calling|contacting|phoning|ringing)\b(?! (?:me|us)\b| back\b)",
    ),
    _cue("welcome_to", _A, 3.0, r"\bwelcome to\b"),
    _cue("through_to", _A, 3.0, r"\byou(?:'re| are) (?:through|speaking|talking) (?:to|with)\b"),
    _cue("youve_reached", _A, 3.0, r"\byou(?:'ve| have) reached\b"),
    _cue("org_this_is", _A, 2.0, rf"^\s*(?!{_NOT_ORG}\b)[^,.?!]{{2,40}}, this is [a-z]+"),
    _cue("how_can_i_help", _A, 3.0, r"\bhow (?:can|may|could|might) (?:i|we) (?:help|assist)\b"),
    _cue("what_can_i_do", _A, 2.0, r"\bwhat can (?:i|we) do for you\b"),
    # Verification.
    _cue(
        "confirm_identity",
        _A,
        2.0,
        r"\b(?:confirm|verify|have|get|take|need|tell me) (?:your|the) (?:full |first |last |registered )?"
        r"(?:name|date of birth|birth ?date|post ?code|zip(?: code)?|address|first line|account number|"
        r"reference number|customer number|phone number|mobile number|email|security|password|pin)\b",
    ),
    _cue("for_security", _A, 2.0, r"\bfor (?:security|verification|data protection)(?: purposes| reasons)?\b"),
    _cue("can_i_have_your", _A, 1.5, r"\b(?:can|could|may) i (?:have|take|get) your\b"),
    # Offering actions, looking at the account.
    _cue(
        "ill_do",
        _A,
        1.5,
        r"\bi(?:'ll| will) (?:just )?(?:check|look|send|arrange|raise|log|book|put you|transfer|call you|email you|"
        r"update|process|refund|credit|escalate|pass|make sure|note|add|set up|cancel|waive|apply)\b",
    ),
    _cue(
        "let_me",
        _A,
        1.5,
        r"\blet me (?:just )?(?:check|look|see|pull|have a look|bring|find|transfer|put|confirm|verify)\b",
    ),
    _cue("i_can_see", _A, 1.5, r"\bi can see (?:that|on|from|your|here|the)\b"),
    _cue("your_account", _A, 1.0, r"\byour (?:account|bill|balance|payment|case|reference|application|booking)\b"),
    _cue("anything_else", _A, 2.0, r"\b(?:is there )?anything else (?:i|we) can (?:help|do)\b"),
    _cue("bear_with_me", _A, 1.0, r"\b(?:bear with me|thank(?:s| you) for (?:your patience|waiting|holding))\b"),
    _cue("sorry_to_hear", _A, 1.0, r"\b(?:sorry to hear|sorry for the inconvenience|apologi[sz]e for)\b"),
    # Customer: why they call, their own things, what they want.
    _cue(
        "calling_about",
        _C,
        2.0,
        r"\bi(?:'m| am) (?:calling|ringing|phoning|contacting you) (?:about|because|regarding|to|for|in regards?)\b",
    ),
    _cue("called_before", _C, 1.5, r"\bi (?:called|rang|phoned) (?:you |before|last|yesterday|earlier|a few)"),
    _cue(
        "my_thing",
        _C,
        1.0,
        r"\bmy (?:bill|account|payment|invoice|council tax|bins?|balance|card|direct debit|meter|order|"
        r"parking|application|complaint|refund|rent|water|electricity|gas|tax)\b",
    ),
    _cue(
        "i_want_to",
        _C,
        1.0,
        r"\bi(?: want| wanted| would like|'d like) to\b(?! (?:confirm|check|verify|ask|apologi))",
    ),
    _cue(
        "i_got_a",
        _C,
        1.5,
        r"\bi (?:got|received|have|had) (?:a|an|this|the|my) "
        r"(?:letter|bill|notice|email|text|invoice|charge|fine|penalty)\b",
    ),
    _cue("charged", _C, 1.5, r"\bi(?:'ve| have| was| got) (?:been )?(?:charged|billed|overcharged)\b"),
    _cue("can_you_help_me", _C, 1.0, r"\bcan you (?:please )?(?:help|tell) me\b"),
    # Korean, lightly: "thank you ... this is <name>", "how may I help", "customer (honorific)", verification.
    _cue("ko_greeting", _A, 3.0, r"감사합니다.{0,30}입니다"),
    _cue("ko_how_can_i_help", _A, 3.0, r"무엇을\s*도와\s*드릴까요|도와\s*드릴까요"),
    _cue("ko_customer_honorific", _A, 1.5, r"고객님"),
    _cue("ko_verification", _A, 2.0, r"본인\s*확인|생년월일"),
    _cue("ko_ill_check", _A, 1.5, r"확인해\s*드리겠습니다|확인해\s*드릴게요|잠시만\s*기다려\s*주"),
    _cue("ko_calling_about", _C, 2.0, r"문의\s*(?:하려고|드리려고|드릴게|좀)|때문에\s*전화"),
    _cue("ko_my_thing", _C, 1.0, r"제\s*(?:요금|계좌|청구서|주소|카드|명의)"),
)


class RoleDecider(Protocol):
    """Decides agent/customer for mono calls from the turns' words."""

    def __call__(self, turns: Sequence[Turn], speakers: Sequence[str]) -> RoleAssignment: ...


@dataclass
class SpeakerScore:
    agent: float = 0.0
    customer: float = 0.0
    cues: dict[str, int] = field(default_factory=dict)  # cue name -> turns it matched

    @property
    def net(self) -> float:
        return self.agent - self.customer


def _normalise(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").strip()


def score_speakers(turns: Sequence[Turn], cues: Sequence[Cue] = CUES) -> dict[str, SpeakerScore]:
    """Cue evidence per speaker label, each cue counted once per turn and at most
    :data:`MAX_TURNS_PER_CUE` times per speaker."""
    scores: dict[str, SpeakerScore] = {}
    for turn in turns:
        score = scores.setdefault(turn.speaker, SpeakerScore())
        text = _normalise(turn.text)
        for cue in cues:
            if score.cues.get(cue.name, 0) >= MAX_TURNS_PER_CUE or not cue.pattern.search(text):
                continue
            score.cues[cue.name] = score.cues.get(cue.name, 0) + 1
            if cue.party is Role.AGENT:
                score.agent += cue.weight
            else:
                score.customer += cue.weight
    return scores


def confidence_from_margin(margin: float) -> float:
    """0.5 at no margin, ~0.80 at one greeting (3.0), ~0.96 at three strong
    cues; never above MAX_CONFIDENCE, since words can be misattributed."""
    return 0.5 + (MAX_CONFIDENCE - 0.5) * (1.0 - math.exp(-max(margin, 0.0) / CONFIDENCE_SCALE))


def decide_by_cues(turns: Sequence[Turn], speakers: Sequence[str]) -> RoleAssignment:
    """The default :class:`RoleDecider`: cue scores plus a first-speaker prior."""
    ordered = sorted(turns, key=lambda t: (t.start, t.id))
    labels = list(dict.fromkeys([*speakers, *(t.speaker for t in ordered)]))
    if not labels:
        return RoleAssignment(roles={}, confidence=0.0, method="default")
    if len(labels) == 1:
        return RoleAssignment(roles={labels[0]: Role.UNKNOWN}, confidence=0.0, method="single_speaker")

    first = ordered[0].speaker if ordered else labels[0]
    scores = score_speakers(ordered)
    if not any(s.cues for s in scores.values()):
        roles = {label: (Role.AGENT if label == first else Role.CUSTOMER) for label in labels}
        return RoleAssignment(roles=roles, confidence=0.5, method="default")

    net = {
        label: scores.get(label, SpeakerScore()).net + (FIRST_SPEAKER_PRIOR if label == first else 0.0)
        for label in labels
    }
    ranked = sorted(labels, key=lambda label: net[label], reverse=True)
    agent = ranked[0]
    roles = {label: Role.CUSTOMER for label in labels}
    roles[agent] = Role.AGENT
    # A warm transfer brings a second agent who greets again; the lowest-ranked
    # speaker always stays the customer.
    for label in ranked[1:-1]:
        if net[label] >= SECOND_AGENT_MIN_NET and scores.get(label, SpeakerScore()).customer == 0.0:
            roles[label] = Role.AGENT
    margin = net[agent] - max(net[label] for label in labels if roles[label] is Role.CUSTOMER)
    log.debug(
        "role cues: %s",
        {label: (round(net[label], 2), sorted(scores.get(label, SpeakerScore()).cues)) for label in labels},
    )
    return RoleAssignment(roles=roles, confidence=round(confidence_from_margin(margin), 3), method="heuristic")
