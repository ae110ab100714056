"""Cue rules: what the words of a call say about its outcome, in English and Korean.

A second opinion beside the LLM's answers (:mod:`pipeline.summary.outcome`),
and the whole opinion when there is no LLM (the extractive summary). Each
rule names the party whose words count, because the same words mean
different things from each side: "it's still not working" from the customer
is a problem left open, from the agent it is often a question back;
"that's sorted" from the agent is a claim, from the customer a confirmation.

    Cue kind       who      e.g.
    handoff        agent    "I'll transfer you to my supervisor", "passing this to our fraud team", 이관, 담당 부서로 연결
    still_failing  customer "it's still not working", "that didn't fix it", 여전히 안 돼요, 아직도 안 돼요
    confirmed      customer "that's working now", "great, that's sorted", 이제 돼요, 해결됐네요
    done           agent    "I've processed the refund", "that's been updated", 처리했습니다, 완료되었습니다
    pending        agent    the fix waits: "an engineer will visit on Tuesday", "I'll call you back by Friday", 재방문, 연락드리겠습니다
    delivery       either   something still to arrive or be sent, the request done: "a cheque will be posted within
                            14 days", "please send us the form", 발송, 영업일 기준 3일 이내에 환불
    cannot         agent    "I can't change that today", "there's nothing I can do", 어렵습니다
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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

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


def _en(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + pattern + r")\b", re.IGNORECASE)


def _ko(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


AGENT = frozenset({Role.AGENT})
CUSTOMER = frozenset({Role.CUSTOMER})
EITHER = frozenset({Role.AGENT, Role.CUSTOMER})

_TEAM = (
    r"(?:supervisor|manager|team ?leader|team lead|specialists?|complaints?|fraud|disputes?|appeals?|"
    r"technical|tech support|second[- ]line|back office|escalations?|investigations?|safeguarding|"
    r"(?:[\w-]+ ){0,3}(?:team|department|unit|desk|specialists))"
)

# What a customer goes on to do after the call: go somewhere, contact someone, send or bring something.
_LATER_VERB = (
    r"(?:go|pop|drop|nip|come|head) (?:in|into|down|round|over|by|to)(?! (?:the |your )?(?:settings|app|menu|website|browser))|"
    r"visit|call|ring|phone|contact|email|e-mail|"
    r"write to|give (?:\w+ ){0,2}(?:a )?(?:ring|call|bell)|get in touch|speak to|talk to|"
    r"send|post|bring|take (?:it|them|this|that|the [\w-]+) (?:in|into|to|down)|fill (?:it |them |this |that |the [\w-]+ )?(?:in|out)|"
    r"return|upload|submit|report|(?<!you'll )(?<!you will )keep|have (?:[\w'-]+ ){1,12}(?:ready|to hand)"
)
# Verbs that may be done during the call ("I'll pay the thirty-five", "make sure it's plugged in"):
# a customer to-do only with a time after the call.
_WEAK_VERB = r"pay|try|do|sort|check|make sure|order|book|set up"
_LATER_TIME = (
    r"(?:tomorrow|tonight|later|this (?:afternoon|evening|weekend|week)|next (?:week|month|time|\w+day)|"
    r"on (?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:a|per|each|every) (?:month|week|fortnight)|monthly|weekly|"
    r"from (?:next|the \w+)|before (?:the|then|they|it|\w+day)|beforehand|in advance|when i get|first thing|"
    r"after work|over the weekend)"
)
_CUSTOMER_WILL = (
    r"(?:i'll|i will|i'm going to|i am going to|i'm gonna|i'd better|we'll|we will)"
    r"(?: (?:just|then|also|probably|definitely|certainly|have to|need to|go and|try and|try to))*"
)
_AGENT_ASKS = (
    r"(?:you'll need to|you will need to|you need to|you'll have to|you will have to|you have to|you must|"
    r"you should|please|remember to|don't forget to|be sure to|make sure you|best to|you'll|you will|"
    r"(?<!i'll )(?<!we'll )(?<!i )(?<!me )(?<!will )(?<!i'm )(?<!we're )just)"
    r"(?: (?:just|then|also|first))*"
)
# Korean time words for after the call, said before the verb: 내일, 이따, 다음 주, 금요일에, 매달.
_KO_LATER_TIME = r"(?:내일|모레|이따|나중에|오늘 ?(?:중|저녁|오후|밤)|다음 ?(?:주|달|번)|이번 ?(?:주|달)|주말|[월화수목금토일]요일|매달|매월|퇴근)"

RULES: tuple[_Rule, ...] = (
    _Rule(
        CueKind.HANDOFF,
        _en(
            r"escalat(?:e|es|ed|ing)|transferr?(?:ing|ed)? you|transfer (?:you|your call|this|the call)|"
            r"put(?:ting)? you through|connect(?:ing)? you (?:to|with)|"
            r"(?:pass|passing|passed|hand|handing|handed|refer|referring|referred|forward|forwarding|forwarded|"
            r"send|sending|sent|raise|raising|raised|flag|flagging|flagged|log|logging|logged)\b[\w\s',-]{0,40}?\b"
            r"(?:to|with) (?:the |our |my |a |an )?" + _TEAM + r"|"
            r"(?:pass|passing|hand|handing) (?:this|it|that|your case|the case) (?:on |over )?to (?:her|him|them)|"
            r"(?:my|the|our|a) (?:supervisor|manager|team ?leader|senior colleague)\b[\w\s']{0,20}\b(?:will|is going to|'ll)|"
            r"(?:fraud|complaints?|specialist|specialists|disputes?|appeals?|escalations?|technical|[\w-]+ support) "
            r"(?:team |department )?(?:will|is going to|are going to|'ll)"
        ),
        AGENT,
    ),
    _Rule(CueKind.HANDOFF, _ko(r"이관|상급자|담당 ?부서로|전담 ?팀|전담 ?부서|관리자에게|팀장님?(?:께|에게)|연결해 ?드리"), AGENT),
    _Rule(
        CueKind.STILL_FAILING,
        _en(
            r"still (?:not|isn't|is not|doesn't|does not|won't|can't|cannot|hasn't|haven't|no|nothing|getting|showing|"
            r"broken|down|failing|fails|the same|off|dead|wrong|there)|"
            r"(?:didn't|did not|hasn't|has not|doesn't|does not|won't|will not) (?:fix|solve|sort|work|help|change)|"
            r"not (?:fixed|solved|sorted|resolved|working) (?:yet|still)|"
            r"same (?:problem|issue|error|[a-z]?\d[\w-]*) (?:again|as before)|nothing(?:'s| has)? changed|no change|"
            r"keeps? (?:dropping|failing|cutting out|happening)"
        ),
        CUSTOMER,
        questions_count=True,
    ),
    _Rule(
        CueKind.STILL_FAILING,
        _ko(r"(?:여전히|아직도?|계속|또) ?(?:안 ?되|안 ?돼|안 ?나와|그대로|똑같|안 들어|안 와|끊|오류|에러|문제)|"
            r"(?:아니요|아뇨),? ?(?:아직|여전히|그대로|똑같|안 ?돼|안 ?되)|해결이? ?안 ?[됐되]|안 ?고쳐|안 ?잡히|"
            r"(?:여전히|아직도?|계속|또) [^.?!]{0,15}?(?:떠요|뜨네|떠 ?있|나와요|나오네|뜹니다)"),
        CUSTOMER,
        questions_count=True,
    ),
    _Rule(
        CueKind.CONFIRMED,
        _en(
            r"(?:it's|it is|that's|that is|everything's|everything is|it all|that all) (?:working|fixed|sorted|solved|"
            r"fine now|showing (?:now|correctly|up))|(?:it's|it is|that's) back (?:on|up|working)|works now|working now|"
            r"(?:that|this) (?:worked|did it|has worked|fixed it|solved it)|"
            r"(?:i can|i'm able to) (?:see|log in|access|get in|hear you|connect)\w* now|problem solved|all sorted"
        ),
        CUSTOMER,
    ),
    _Rule(CueKind.CONFIRMED, _ko(r"이제 ?(?:돼|되|잘|나와|들어|보여)|해결됐|해결되었|됐네요|잘 ?되네|다 ?됐"), CUSTOMER),
    _Rule(
        CueKind.DONE,
        _en(
            r"(?:i've|i have|we've|we have|i just|i've just|i|we) (?:now )?(?:processed|cancelled|canceled|removed|refunded|"
            r"credited|updated|changed|reset|reissued|issued|applied|booked|blocked|frozen|unlocked|reconnected|restored|"
            r"waived|corrected|amended|added|set up|arranged|taken the payment|taken off|registered|"
            r"reversed|resolved|fixed|cleared|put through|sorted|re-?billed|moved|switched|renewed|extended|approved)|"
            r"(?:that's|that has|that's now|it's|it has|it's now|this is|this has|you're|you are|you're now|they've|it's been|"
            r"that's been|they're|they are|which is) "
            r"(?:been )?(?:all )?(?:done|processed|updated|changed|cancelled|canceled|refunded|credited|booked|applied|"
            r"sorted|fixed|confirmed|reset|cleared|gone through|set up|reconnected|restored|unlocked|blocked|removed|"
            r"approved|renewed|registered|in place)|"
            r"payment (?:has|is) (?:gone through|been taken|successful)|all done"
        ),
        AGENT,
    ),
    _Rule(
        CueKind.DONE,
        _ko(r"처리(?:했|해 ?드렸|되었|됐|가 완료|완료)|완료(?:되었|됐|했)|변경(?:했|해 ?드렸|되었|됐)|"
            r"(?:취소|환불|등록|예약|발급|해지|정지|재발급|수정|반영|신청|납부|결제|변경)(?:이 |가 )?(?:했|해 ?드렸|되었|됐|처리(?:했|됐|되었))"),
        AGENT,
    ),
    _Rule(
        CueKind.PENDING,
        _en(
            r"(?:engineer|technician|inspector|officer|crew|someone|plumber|electrician) (?:will|to|is going to|'ll) "
            r"(?:visit|come|call|be|attend|look|text|ring|phone|arrive)|"
            r"(?:book|booked|arrange|arranged|schedule|scheduled)\w* (?:an? |the )?(?:engineer|technician|visit|inspection|repair)|"
            r"(?:call|ring|get back to|phone|contact) you (?:back|again|tomorrow|on|by|within|once|when|as soon)|"
            r"call you back|get back to you|(?:will|'ll) (?:be in touch|follow up|look into|investigate|chase)|"
            r"give you a (?:call|ring|bell)|(?:call|ring|phone) you (?:later|this|with|in the|first thing)|"
            r"(?:and|then|i'll|i will|we'll|we will) let you know(?! (?:the|your|that|how)\b)|"
            r"(?:waiting|wait) (?:for|on) (?:the|a|their|an) \w+|(?:once|when) (?:we|they|the \w+ team) (?:have|hear|get|receive)"
        ),
        AGENT,
    ),
    _Rule(
        CueKind.PENDING,
        _en(r"(?:not|n't|isn't|hasn't|haven't) (?:been |quite )?(?:resolved|fixed|sorted|done|processed|approved|decided)(?: yet)?"),
        AGENT,
    ),
    _Rule(
        CueKind.PENDING,
        _ko(r"아직 (?:처리|해결|결정|승인)(?:가|이)? ?(?:안|되지 않|나지 않)|처리되지 않았|해결되지 않았"),
        AGENT,
    ),
    _Rule(
        CueKind.PENDING,
        _ko(r"재방문|(?:기사님?|직원|담당자)(?:이|가)? ?(?:방문|연락|전화)|방문 (?:예정|일정)|다시 (?:연락|전화)드리|연락(?:드리겠|을 드리겠|드릴게)|"
            r"회신(?:드리|해 ?드리)|검토 ?후|확인 ?후 (?:연락|안내|회신)|현장 점검|"
            r"(?:전화|연락) ?(?:를 |을 )?드릴 (?:거|겁|예정)|전화 ?(?:를 )?드리겠|전화 ?드릴게"),
        AGENT,
    ),
    _Rule(
        CueKind.DELIVERY,
        _en(
            r"(?:letter|confirmation|refund|new card|card|cheque|check|form|pack|replacement|email|e-mail|text|money|credit|"
            r"statement|bill|payment)\w* (?:will|should|'ll) (?:be|arrive|reach|come|go|show|land|appear)|"
            r"in the post|within (?:the next )?(?:[\w-]+ (?:to|or) )?[\w-]+ (?:working |business )?(?:days|weeks)|"
            r"in (?:[\w-]+ (?:to|or) )?[\w-]+ (?:working|business) days|in [\w-]+ (?:to|or) [\w-]+ days|"
            r"(?:i'll|i will|we'll|we will) (?:send|post|email|e-mail|text) you|"
            r"(?:go|be|get|put|paid|credited|refunded) back (?:on|in|to|into|onto) (?:your|the) (?:card|account|bank)|"
            r"(?:i'll|i will|we'll|we will) (?:get|have) (?:that|this|it|them|the [\w-]+) (?:refunded|credited|sent|posted|reissued|replaced)|"
            r"(?:you'll|you will|you need to|you'll need to|please) (?:send|post|upload|bring|fill|complete|return|submit|email)"
        ),
        EITHER,
    ),
    _Rule(
        CueKind.DELIVERY,
        _ko(r"발송(?:해|될|되|드리|예정)|보내 ?드리|보내 ?주|제출해 ?주|문자로 (?:안내|보내|알려)|"
            r"(?:이내|안)에 [^.?!]{0,20}(?:처리|발송|배송|도착|환불|입금|취소|연락|받아)|(?:환불|입금|취소)(?:이|가)? ?(?:될|됩니다|예정)|"
            r"(?:배송|도착)(?:될|됩니다|되|해 ?드리|할 예정|예정)|받아 ?보실"),
        EITHER,
    ),
    _Rule(
        CueKind.CANNOT,
        _en(r"(?:i|we) (?:can't|cannot|can not|am unable to|are unable to|'m not able to|are not able to|'re not able to) "
            r"(?:do|change|refund|cancel|remove|waive|fix|give|approve|help|see|process|book|make|sort|hear)|"
            r"(?:nothing|isn't anything|is not anything) (?:else )?(?:i|we) can do"),
        AGENT,
    ),
    _Rule(CueKind.CANNOT, _ko(r"어렵습니다|불가(?:능|합)|해 ?드릴 수 없|할 수 없습니다|방법이 없"), AGENT),
    _Rule(
        CueKind.CUSTOMER_TODO,
        _en(
            _CUSTOMER_WILL + r" (?:" + _LATER_VERB + r"|clear)|"
            + _CUSTOMER_WILL + r" (?:" + _WEAK_VERB + r")\b[^.?!]{0,40}?\b" + _LATER_TIME
        ),
        CUSTOMER,
    ),
    _Rule(
        CueKind.CUSTOMER_TODO,
        _en(
            _AGENT_ASKS + r" (?:" + _LATER_VERB + r")|"
            + _AGENT_ASKS + r" (?:" + _WEAK_VERB + r")\b[^.?!]{0,100}?\b" + _LATER_TIME + r"|"
            # an instalment plan leaves the customer paying
            r"(?:first|initial) (?:payment|instalment|installment) (?:would|will|'ll|is going to|is|'s) (?:be|go|come|due)|"
            r"(?:payments?|instalments?|installments?) of [^.?!]{1,25}? (?:a|per|each|every) (?:month|week|fortnight)|"
            r"(?:a|per) (?:month|week|fortnight) (?:from|starting)"
        ),
        AGENT,
    ),
    _Rule(
        CueKind.CUSTOMER_TODO,
        _ko(
            r"(?:방문|전화|연락|문의|제출)(?:을 |를 )?(?:할게|할께|하겠습니다|해 ?볼게|해 ?볼께|해 ?보겠|드릴게|드릴께|드리겠)|"
            r"(?<!\S)(?:갈|가 ?볼|다녀올|들를|들러 ?볼|가져갈|가지고 갈|챙겨 ?갈|보낼|보내 ?드릴|부칠)(?:게|께)(?!\w)|"
            r"(?<!\S)(?:갈|가 ?볼|다녀올|들를|들러 ?볼|가져갈|가지고 갈|챙겨 ?갈|보낼|보내 ?드릴|부칠)(?:게|께)요|"
            + _KO_LATER_TIME + r"[^.?!]{0,20}?(?:(?:납부|입금|이체|결제)(?:를 |을 )?(?:할게|할께|하겠|해 ?놓을게|해 ?둘게)|(?<!\S)낼(?:게|께))"
        ),
        CUSTOMER,
    ),
    _Rule(
        CueKind.CUSTOMER_TODO,
        _ko(
            r"(?:방문|전화|연락|문의|제출|신청|지참|신고|접수|발급|납부|예약)(?:을 |를 )?(?:하셔야|해 ?주셔야)|"
            r"(?:가져오|가지고 오|가져가|가지고 가|챙겨 ?오|들르|가|오|보내)셔야|"
            r"(?:방문|지참|제출|연락|전화|문의)(?:을 |를 )?(?:해 ?주세요|하세요|해 ?주십시오|해 ?주시기 바랍니다)|"
            r"(?:준비|챙겨|지참|출력|복사)(?:해|하여)? ?(?:두|놓)(?:세요|시면|셔야|십시오)"
        ),
        AGENT,
    ),
)

_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|(?<=[요다죠까])[.!?]?\s+(?=\S)")
_EN_NEGATION = re.compile(r"(?:\b(?:not|never|no|no need to|without|nor)|n't)\W+(?:\w+\W+){0,3}$", re.IGNORECASE)
# Negations in Korean follow the verb: "이관하지 않아도", "연결해 드릴 필요는 없".
_KO_NEGATION_AFTER = re.compile(r"^\S{0,4}\s?(?:지 ?않|지 ?못|필요(?:는|가)? ?없|못 하|않)")
_KO_NEGATION_BEFORE = re.compile(r"(?:안|못)\s?$")
_EN_CONDITION = re.compile(r"\b(?:if|unless|in case|should it|whether)\b", re.IGNORECASE)
_KO_CONDITION_AFTER = re.compile(r"^\S{0,3}?(?:면|시면|으면|다면|을 경우|ㄹ 경우|는 경우)")
# "I'll ring back if it happens again": a contingency, not a plan. "if that's okay" is only politeness.
_EN_CONDITION_AFTER = re.compile(
    r"^[^.?!]{0,30}?\b(?:if|unless|in case)\b(?! (?:that's|that is|it's|it is|you're|you are) (?:ok|okay|alright|all right|fine))",
    re.IGNORECASE,
)
# "안 되면 다시 전화할게요", "문제가 있을 경우 방문해 주세요": a condition before the verb
# ("그러면", "그렇다면" only mean "then").
_KO_CONDITION_BEFORE = re.compile(r"(?:(?<!그러)(?<!그렇다)면|경우(?:에는?|엔)?)\s+(?:\S+\s+){0,4}\S*$")


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


def find_cues(turns: Sequence[Turn], roles: dict[str, Role] | None = None) -> tuple[Cue, ...]:
    """Every outcome cue in the call, in turn order (at most one of each kind per sentence)."""
    roles = roles if roles is not None else party_roles(turns)
    found: list[Cue] = []
    for turn in turns:
        role = roles.get(turn.speaker, turn.role)
        for sentence in sentences(turn.text):
            question = sentence.rstrip().endswith("?")
            kinds: set[CueKind] = set()
            for rule in RULES:
                if rule.kind in kinds or role not in rule.roles:
                    continue
                if question and not rule.questions_count:
                    continue
                match = next((m for m in rule.pattern.finditer(sentence) if _counts(rule, sentence, m)), None)
                if match is not None:
                    kinds.add(rule.kind)
                    found.append(Cue(rule.kind, turn.id, role, sentence, match.span()))
    return tuple(found)


def _counts(rule: _Rule, sentence: str, match: re.Match[str]) -> bool:
    """A match counts unless it is negated or said as a condition. A still-failing
    cue is a negative statement already, so only a condition cancels it."""
    before, after = sentence[: match.start()], sentence[match.end() :]
    if _EN_CONDITION.search(before[-40:]) or _KO_CONDITION_AFTER.search(after):
        return False
    if rule.kind is CueKind.STILL_FAILING:
        return True
    if rule.kind is CueKind.CUSTOMER_TODO and (_EN_CONDITION_AFTER.search(after) or _KO_CONDITION_BEFORE.search(before)):
        return False
    return not (_EN_NEGATION.search(before) or _KO_NEGATION_AFTER.search(after) or _KO_NEGATION_BEFORE.search(before))


def cues_of(cues: Sequence[Cue], kind: CueKind) -> list[Cue]:
    return [c for c in cues if c.kind is kind]
