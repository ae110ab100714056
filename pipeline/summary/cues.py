"""Cue rules: what the words of a call say about its outcome, in English and Korean.

A second opinion beside the LLM's answers (:mod:`pipeline.summary.outcome`),
and the whole opinion when there is no LLM (the extractive summary). Each
rule names the party whose words count, because the same words mean
different things from each side: "it's still not working" from the customer
is a problem left open, from the agent it is often a question back;
"that's sorted" from the agent is a claim, from the customer a confirmation.

    Cue kind       who      e.g.
    handoff        agent    "I'll transfer you to my supervisor", "passing this to our fraud team", "I've done the
                            referral", "I'll pop it over to the claims team", 이관, 담당 부서로 연결, 관할 사업소로 넘겨
                            드렸습니다, 원장님께 넘겨 놓을게요
                            and, once this agent turn or the one before described a third party ("our financial
                            support team ... they can agree things I'm not able to"), a move to them by a pronoun or
                            a name ("I've sent everything over to them", "I'll bring her in now") or their acting
                            next ("they'll ring you on Thursday")
    still_failing  customer "it's still not working", "that didn't fix it", 여전히 안 돼요, 아직도 안 돼요; and from
                   agent    a payment failing as it is taken: "it's come back declined", 결제가 거절됐습니다
    confirmed      customer "that's working now", "great, that's sorted", 이제 돼요, 해결됐네요
    done           agent    "I've processed the refund", "that's been updated", 처리했습니다, 완료되었습니다
    pending        agent    the fix waits: "an engineer will visit on Tuesday", "I'll call you back by Friday", "once
                            we've got the form the change goes through", 재방문, 연락드리겠습니다, 서류 보내 주셔야 변경됩니다
    delivery       either   something still to arrive or be sent, the request done: "a cheque will be posted within
                            14 days", "please send us the form", 발송, 영업일 기준 3일 이내에 환불
    cannot         agent    "I can't change that today", "there's nothing I can do", "we don't deal with that on
                            this line", "nothing matching yet", 어렵습니다, 해 드릴 수 있는 게 없습니다, 제가 정할 수 있는
                            게 아니라서요; and from
                   either   near the end of the call, a lost line or a wrong number: "I can't hear you", "hello, are
                            you there", 잘 안 들려요, 목소리가 끊겨요
    customer_todo  either   the customer still has something to do after the call, promised by the customer
                            or asked by the agent: "I'll pop into the branch on Saturday", "you'll need to call
                            your bank", 내일 방문할게요, 신분증 지참하시고 방문해 주세요

A cue does not count when it is negated ("no need to transfer you",
"이관하지 않아도"), asked as a question ("has that fixed it?") or said as a
condition ("if it's still not working, call us back", "여전히 안 되면").
A customer's to-do is also a condition when the "if" follows it ("I'll ring
back if it happens again") or a Korean "if not" comes before it ("안 되면
다시 전화할게요"). Customer to-dos say nothing about whether the request
was done, so they are an open action item but no vote on the outcome.
A hand-off denied is none ("there isn't a manager I can put you through
to"), nor is one to a line with nobody on it ("our automated payment line",
ARS) or money given back (차액은 돌려 드릴게요), nor a "done" said of the
future ("as long as it's set up before the 28th"). A negation reaches a few
words, not past "and"/"but"/"so" nor into a clause of its own ("no you
don't, you'll get a new bill"), and a leading "no" that answers a question
negates nothing ("no, there's nothing logged yet").

The phrase families themselves are in :mod:`pipeline.summary.cue_phrases` (English)
and :mod:`pipeline.summary.cue_phrases_ko` (Korean).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from pipeline.summary import cue_phrases as P
from pipeline.summary import cue_phrases_ko as K
from pipeline.types import Role, Turn


class CueKind(str, Enum):
    HANDOFF = "handoff"
    STILL_FAILING = "still_failing"
    CONFIRMED = "confirmed"
    DONE = "done"
    PENDING = "pending"
    DELIVERY = "delivery"
    CANNOT = "cannot"
    CUSTOMER_TODO = "customer_todo"


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    turn_id: int
    role: Role  # who said it
    sentence: str  # where it was found (transcript text: never log it)
    span: tuple[int, int] = (0, 0)  # the matched words, as offsets into sentence


@dataclass(frozen=True)
class _Rule:
    kind: CueKind
    pattern: re.Pattern[str]
    roles: frozenset[Role]
    questions_count: bool = False  # whether a question still counts ("why is it still broken?")
    closing_only: bool = False  # counts only in the call's last CLOSING_TURNS turns ("I can't hear you")
    # counts only when this agent turn or the agent's turn before it described a third party ("our fraud team ...
    # I've sent everything over to them")
    after_third_party: bool = False
    # counts only when the call ends on a lost line, and as a condition ("if we get cut off I'll call you back")
    when_line_lost: bool = False
    # counts only in a question the customer's next turn says yes to ("Shall I put you through?" "Yes please.")
    when_accepted: bool = False


def _en(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + pattern + r")\b", re.IGNORECASE)


def _ko(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


CLOSING_TURNS = 3
AGENT = frozenset({Role.AGENT})
CUSTOMER = frozenset({Role.CUSTOMER})
EITHER = frozenset({Role.AGENT, Role.CUSTOMER})

# The line lost near the end: a cue of its own, and what a promise for a dropped line waits on.
_LOST_LINE_EN = _en(P.EN_LOST_LINE)
_LOST_LINE_KO = _ko(K.KO_LOST_LINE)

RULES: tuple[_Rule, ...] = (
    _Rule(CueKind.HANDOFF, _en(P.EN_HANDOFF), AGENT),
    _Rule(CueKind.HANDOFF, _ko(K.KO_HANDOFF), AGENT),
    _Rule(CueKind.HANDOFF, _en(P.EN_HANDOFF_TO_DESCRIBED), AGENT, after_third_party=True),
    _Rule(CueKind.HANDOFF, _en(P.EN_THIRD_PARTY_NEXT), AGENT, after_third_party=True),
    _Rule(CueKind.HANDOFF, _ko(K.KO_HANDOFF_TO_DESCRIBED), AGENT, after_third_party=True),
    _Rule(CueKind.HANDOFF, _ko(K.KO_THIRD_PARTY_NEXT), AGENT, after_third_party=True),
    _Rule(CueKind.HANDOFF, _en(P.EN_HANDOFF_OFFER), AGENT, questions_count=True, when_accepted=True),
    _Rule(CueKind.HANDOFF, _ko(K.KO_HANDOFF_OFFER), AGENT, questions_count=True, when_accepted=True),
    _Rule(CueKind.STILL_FAILING, _en(P.EN_STILL_FAILING), CUSTOMER, questions_count=True),
    _Rule(CueKind.STILL_FAILING, _ko(K.KO_STILL_FAILING), CUSTOMER, questions_count=True),
    _Rule(CueKind.STILL_FAILING, _en(P.EN_FAILED_AGENT), AGENT),
    _Rule(CueKind.STILL_FAILING, _ko(K.KO_FAILED_AGENT), AGENT),
    _Rule(CueKind.CONFIRMED, _en(P.EN_CONFIRMED), CUSTOMER),
    _Rule(CueKind.CONFIRMED, _ko(K.KO_CONFIRMED), CUSTOMER),
    _Rule(CueKind.DONE, _en(P.EN_DONE), AGENT),
    _Rule(CueKind.DONE, _ko(K.KO_DONE), AGENT),
    _Rule(CueKind.PENDING, _en(P.EN_PENDING), AGENT),
    _Rule(CueKind.PENDING, _en(P.EN_NOT_DONE_YET), AGENT),
    _Rule(CueKind.PENDING, _ko(K.KO_NOT_DONE_YET), AGENT),
    _Rule(CueKind.PENDING, _ko(K.KO_PENDING), AGENT),
    _Rule(CueKind.DELIVERY, _en(P.EN_DELIVERY), EITHER),
    _Rule(CueKind.DELIVERY, _en(P.EN_DELIVERY_TIME), AGENT),
    _Rule(CueKind.DELIVERY, _ko(K.KO_DELIVERY), EITHER),
    _Rule(CueKind.CANNOT, _en(P.EN_CANNOT), AGENT),
    _Rule(CueKind.CANNOT, _ko(K.KO_CANNOT), AGENT),
    _Rule(CueKind.CANNOT, _LOST_LINE_EN, EITHER, questions_count=True, closing_only=True),
    _Rule(CueKind.CANNOT, _LOST_LINE_KO, EITHER, questions_count=True, closing_only=True),
    _Rule(CueKind.PENDING, _en(P.EN_CALLBACK_IF_CUT_OFF), AGENT, questions_count=True, when_line_lost=True),
    _Rule(CueKind.PENDING, _ko(K.KO_CALLBACK_IF_CUT_OFF), AGENT, questions_count=True, when_line_lost=True),
    _Rule(CueKind.CUSTOMER_TODO, _en(P.EN_CALLER_BACK_IF_CUT_OFF), CUSTOMER, questions_count=True, when_line_lost=True),
    _Rule(CueKind.CUSTOMER_TODO, _ko(K.KO_CALLER_BACK_IF_CUT_OFF), CUSTOMER, questions_count=True, when_line_lost=True),
    _Rule(CueKind.CUSTOMER_TODO, _en(P.EN_CUSTOMER_TODO_SAID), CUSTOMER),
    _Rule(CueKind.CUSTOMER_TODO, _en(P.EN_CUSTOMER_TODO_ASKED), AGENT),
    _Rule(CueKind.CUSTOMER_TODO, _ko(K.KO_CUSTOMER_TODO_SAID), CUSTOMER),
    _Rule(CueKind.CUSTOMER_TODO, _ko(K.KO_CUSTOMER_TODO_ASKED), AGENT),
)

# A Korean sentence ends after 요/죠/까, or after 다 ending a verb: not the adverb "다" ("서류 다 냈어요")
# nor "갖다"/"가져다" ("갖다 드릴게요").
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|(?:(?<=[요죠까])|(?<=[^\s갖져]다))[.!?]?\s+(?=\S)")
# A negation reaches the next few words, not past a conjunction ("it won't charge any more and I'm sending you one").
_EN_NEGATION = re.compile(
    r"(?:\b(?:not|never|no|no need to|without|nor|cannot|unable to|refuse to)|n't)\W+(?:(?!(?:and|but|so)\b)\w+\W+){0,3}$", re.IGNORECASE
)
# Negations in Korean follow the verb: "이관하지 않아도", "연결해 드릴 필요는 없"; a polite refusal too: "바로 연결해
# 드리기는 어려우세요", "넘겨 드리기가 힘들어요".
_KO_NEGATION_AFTER = re.compile(
    r"^\S{0,4}\s?(?:지 ?않|지 ?못|필요(?:는|가)? ?없|못 하|않)|^\S{0,3}?기(?:는|가|도|에는)? ?(?:어렵|어려|힘들|힘드|곤란|불가)"
)
_EN_ANSWER_NO = re.compile(
    r"^\s*(?:oh )?(?:(?:no|nope|nah)\b(?!\s+(?:need|one|longer|more|way|further|other|point|reason|chance|charge)\b)"
    r"|not (?:yet|today|now|really|at the moment)\b(?=,))[\s,]*",
    re.IGNORECASE,
)
_EN_OWN_CLAUSE = re.compile(r"(?:i|you|we|they|he|she)(?:'ll|'re| will| are)\b", re.IGNORECASE)
_EN_OWN_SUBJECT = re.compile(r"(?:i|we)\b", re.IGNORECASE)
_EN_NEGATION_AT_END = re.compile(r"(?:\bnot|n't)\W*$", re.IGNORECASE)
_KO_NEGATION_BEFORE = re.compile(r"(?:안|못)\s?$")
_EN_CONDITION = re.compile(r"\b(?:if|unless|in case|should it|whether)\b", re.IGNORECASE)
_KO_CONDITION_AFTER = re.compile(r"^\S{0,3}?(?:면|시면|으면|다면|을 경우|ㄹ 경우|는 경우)")
# "I'll ring back if it happens again": a contingency, not a plan. "if that's okay" is only politeness. A condition
# after "and" is the next clause's: "I'll check the tracker tonight and ring back tomorrow if it hasn't moved".
_EN_CONDITION_AFTER = re.compile(
    r"^(?:(?! and )[^.?!]){0,30}?\b(?:if|unless|in case)\b"
    r"(?! (?:that's|that is|it's|it is|you're|you are) (?:ok|okay|alright|all right|fine))",
    re.IGNORECASE,
)
# "안 되면 다시 전화할게요", "문제가 있을 경우 방문해 주세요": a condition before the verb
# ("그러면", "그렇다면" only mean "then"; "가능하시면", "괜찮으시면" are only politeness, "if you can";
# "시간 되면" is a plan said loosely).
_KO_CONDITION_BEFORE = re.compile(
    r"(?:(?<!그러)(?<!그렇다)(?<!가능하시)(?<!괜찮으시)" + K.KO_IF_FREE + r"면|경우(?:에는?|엔)?)\s+(?:\S+\s+){0,4}\S*$"
)
# A rule counted from an event still to come is no task: "도착 문자 받으신 날부터 삼 일 안에 찾아가셔야 하고요".
_KO_RULE_FROM_BEFORE = re.compile(K.KO_RULE_FROM_BEFORE)
_EN_NOBODY_BEFORE = re.compile(P.EN_NOBODY_BEFORE, re.IGNORECASE)
_KO_DENIED_AFTER = re.compile(K.KO_DENIED_AFTER)
_ACCEPTS = re.compile(rf"{P.EN_ACCEPTS}|{K.KO_ACCEPTS}", re.IGNORECASE)
# Praise passed on is no case handed over: "I'll pass your thanks on to her manager", "칭찬 글 … 전달해 드릴게요".
_PRAISE = re.compile(
    r"\b(?:your thanks|compliments?|kind words|praise|positive feedback)\b|칭찬|감사 인사|감사 말씀", re.IGNORECASE
)
_SELF_SERVICE = re.compile(P.SELF_SERVICE_NEAR, re.IGNORECASE)
_KO_MONEY_BACK = re.compile(K.KO_MONEY_BACK)
_EN_NOT_YET_BEFORE = re.compile(P.EN_NOT_YET_BEFORE, re.IGNORECASE)
# A statement asked only for politeness is no question: "I'll bring her in now, if you don't mind holding?"
_EN_POLITE_TAIL = re.compile(
    r",\s*(?:if (?:you don't mind|you do not mind|that's (?:ok|okay|alright|all right|fine)|"
    r"you(?:'ve| have)? (?:got )?(?:a (?:few|couple of) |\w+ )?(?:minutes?|moments?|time|a sec))|is that (?:ok|okay|alright|all right))"
    r"[^,?]{0,40}\?\s*$",
    re.IGNORECASE,
)
_EN_SAME_DETAILS_BEFORE = re.compile(P.EN_SAME_DETAILS_BEFORE, re.IGNORECASE)
# A hand-off named only to say it would not help: "putting you through wouldn't get you anywhere".
_EN_FUTILE_AFTER = re.compile(
    r"^\W*(?:[\w'-]+ ){0,3}?(?:wouldn't|won't|would not|will not|isn't going to|is not going to|doesn't|does not) "
    r"(?:really )?(?:get|help|change|make|do)\b",
    re.IGNORECASE,
)
_EN_THIRD_PARTY = re.compile(P.EN_THIRD_PARTY, re.IGNORECASE)
_EN_YOU_CONTACT_BEFORE = re.compile(P.EN_YOU_CONTACT_BEFORE, re.IGNORECASE)
_FIELD_WORK_NEAR = re.compile(P.FIELD_WORK_NEAR, re.IGNORECASE)
_KO_THIRD_PARTY = re.compile(K.KO_THIRD_PARTY)
_KO_YOU_CONTACT_AFTER = re.compile(K.KO_YOU_CONTACT_AFTER)
_KO_FIELD_WORK_NEAR = re.compile(K.KO_FIELD_WORK_NEAR)


def describes_third_party(text: str) -> bool:
    """Whether an agent's words describe a third party who could take the case ("our financial support team ...
    they can agree things I'm not able to", "감면을 결정할 수 있는 담당분이 계세요"): not one the customer is told to
    contact ("ring the claims team", "주무관님께 전화해 보세요")."""
    english = any(not _EN_YOU_CONTACT_BEFORE.search(text[max(0, m.start() - 60) : m.start()]) for m in _EN_THIRD_PARTY.finditer(text))
    return english or any(not _KO_YOU_CONTACT_AFTER.search(text[m.end() : m.end() + 40]) for m in _KO_THIRD_PARTY.finditer(text))


def party_roles(turns: Sequence[Turn]) -> dict[str, Role]:
    """Each speaker's role; where unknown, the first speaker is taken as the agent
    (who answers the phone) and everyone else as the customer."""
    roles: dict[str, Role] = {}
    for t in turns:
        if t.role in (Role.AGENT, Role.CUSTOMER):
            roles.setdefault(t.speaker, t.role)
    if not turns:
        return roles
    first = turns[0].speaker
    for t in turns:
        if t.speaker not in roles:
            roles[t.speaker] = Role.AGENT if t.speaker == first and Role.AGENT not in roles.values() else Role.CUSTOMER
    return roles


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s and s.strip()]


_KO_RUN_TOGETHER = re.compile(K.KO_RUN_TOGETHER)


def _spaced(sentence: str) -> tuple[str, list[int]]:
    """``sentence`` with a space where a Korean future form runs into the next word
    (:data:`pipeline.summary.cue_phrases_ko.KO_RUN_TOGETHER`: "갈거예요" reads "갈 거예요"), and where each of
    its characters (and its end) was in ``sentence``."""
    cuts = [m.start() for m in _KO_RUN_TOGETHER.finditer(sentence)]
    if not cuts:
        return sentence, list(range(len(sentence) + 1))
    text: list[str] = []
    at: list[int] = []
    last = 0
    for cut in cuts:
        text.append(sentence[last:cut] + " ")
        at.extend(range(last, cut))
        at.append(cut)  # the space stands where the next word starts
        last = cut
    text.append(sentence[last:])
    at.extend(range(last, len(sentence) + 1))
    return "".join(text), at


def find_cues(turns: Sequence[Turn], roles: dict[str, Role] | None = None) -> tuple[Cue, ...]:
    """Every outcome cue in the call, in turn order (at most one of each kind per sentence)."""
    roles = roles if roles is not None else party_roles(turns)
    found: list[Cue] = []
    described_before = False  # the agent's previous turn described a third party
    line_lost = _ends_on_lost_line(turns)
    for index, turn in enumerate(turns):
        role = roles.get(turn.speaker, turn.role)
        closing = index >= len(turns) - CLOSING_TURNS
        described_now = role is Role.AGENT and describes_third_party(turn.text)
        third_party = described_now or described_before
        if role is Role.AGENT:
            described_before = described_now
        accepted = role is Role.AGENT and _accepted(turns, index, roles)
        for sentence in sentences(turn.text):
            question = sentence.rstrip().endswith("?") and not _EN_POLITE_TAIL.search(sentence)
            text, at = _spaced(sentence)
            kinds: set[CueKind] = set()
            for rule in RULES:
                if rule.kind in kinds or role not in rule.roles:
                    continue
                if (question and not rule.questions_count) or (rule.closing_only and not closing):
                    continue
                if (rule.when_line_lost and not line_lost) or (rule.when_accepted and not (question and accepted)):
                    continue
                if rule.after_third_party and (
                    not third_party or _FIELD_WORK_NEAR.search(sentence) or _KO_FIELD_WORK_NEAR.search(sentence)
                ):
                    continue
                match = next((m for m in rule.pattern.finditer(text) if _counts(rule, text, m)), None)
                if match is not None:
                    kinds.add(rule.kind)
                    found.append(Cue(rule.kind, turn.id, role, sentence, (at[match.start()], at[match.end()])))
    return tuple(found)


def _accepted(turns: Sequence[Turn], index: int, roles: dict[str, Role]) -> bool:
    """Whether the customer's next turn says yes to what the agent asked at ``index``."""
    reply = turns[index + 1] if index + 1 < len(turns) else None
    return reply is not None and roles.get(reply.speaker, reply.role) is Role.CUSTOMER and bool(_ACCEPTS.search(reply.text))


def _ends_on_lost_line(turns: Sequence[Turn]) -> bool:
    return any(_LOST_LINE_EN.search(t.text) or _LOST_LINE_KO.search(t.text) for t in turns[-CLOSING_TURNS:])


def _counts(rule: _Rule, sentence: str, match: re.Match[str]) -> bool:
    """A match counts unless it is negated or said as a condition. A still-failing
    cue is a negative statement already, so only a condition cancels it; a
    promise for a lost line is a condition that came true, and an offer the
    customer took up is a question answered."""
    if rule.when_line_lost or rule.when_accepted:
        return True
    before, after = sentence[: match.start()], sentence[match.end() :]
    if _EN_CONDITION.search(before[-40:]) or _KO_CONDITION_AFTER.search(after):
        return False
    if rule.kind is CueKind.STILL_FAILING:
        return not _EN_SAME_DETAILS_BEFORE.search(before)
    if rule.kind is CueKind.HANDOFF and (
        _EN_NOBODY_BEFORE.search(before)
        or _EN_FUTILE_AFTER.match(after)
        or _KO_DENIED_AFTER.search(after)
        or _SELF_SERVICE.search(before[-30:] + after[:40])
        or ("돌려" in match.group(0) and _KO_MONEY_BACK.search(sentence))
        or _PRAISE.search(sentence)
    ):
        return False
    if rule.kind in (CueKind.DONE, CueKind.CONFIRMED) and _EN_NOT_YET_BEFORE.search(before):
        return False
    if rule.kind is CueKind.CUSTOMER_TODO and (
        _EN_CONDITION_AFTER.search(after) or _KO_CONDITION_BEFORE.search(before) or _KO_RULE_FROM_BEFORE.search(before)
    ):
        return False
    # A leading "no" or "not yet," answers what was asked before ("No, there's nothing logged yet"): no negation of the cue.
    before = _EN_ANSWER_NO.sub("", before)
    # A cue that opens a clause of its own ("No you don't, you'll get a new bill") is outside the negation just before it.
    if _EN_OWN_CLAUSE.match(sentence, match.start()) and _EN_NEGATION_AT_END.search(before):
        before = ""
    # A "can't" with its own subject is a clause of its own ("it's the council not us, we can't see that").
    if rule.kind is CueKind.CANNOT and _EN_OWN_SUBJECT.match(sentence, match.start()):
        before = ""
    return not (_EN_NEGATION.search(before) or _KO_NEGATION_AFTER.search(after) or _KO_NEGATION_BEFORE.search(before))


def cues_of(cues: Sequence[Cue], kind: CueKind) -> list[Cue]:
    return [c for c in cues if c.kind is kind]
