"""Why the customer called, as a category of the site's taxonomy.

Supervisors report and filter on the reason; free text ("hello, i'd like a
refund on my ...") does not group. The reason is therefore also given as
one id of a small taxonomy:

    default          public-sector and utility contact centres (:data:`DEFAULT_TAXONOMY`)
    the site's own   ``CALLBRIEF_CATEGORIES_FILE``: a JSON or YAML list of
                     ``{id, en, ko, keywords, weak}`` (labels in English and
                     Korean; keywords and weak hints, optional, for the rules;
                     a default id without either keeps the default's)

:func:`categorize_by_rules`, keywords in English and Korean over the
customer's first turns, the reason and the agent's restatement of it, names
the category when it finds one (and is the extractive summary's answer);
otherwise the LLM's choice by constrained decoding (the id is a JSON-schema
``enum``, so it cannot write anything else) is kept
(:func:`pipeline.summary.summarize.choose_category`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import ErrorCode, InputError
from pipeline.summary.cues import party_roles, sentences
from pipeline.types import Role, Turn

OTHER = "other"
INFORMATION = "information_request"
_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


@dataclass(frozen=True)
class Category:
    id: str  # stored on the call row and filtered on: lowercase, [a-z0-9_]
    en: str
    ko: str
    keywords: tuple[str, ...] = ()  # lowercase English words/phrases and Korean stems
    weak: tuple[str, ...] = ()  # hints also heard in calls for other reasons: one point, however long


def _split(text: str) -> tuple[str, ...]:
    """A keyword list written as comma-separated lines."""
    return tuple(k.strip() for k in text.replace("\n", ",").split(",") if k.strip())


# What callers say when they ring for each reason, in UK/US English and Korean,
# across councils and 구청/주민센터/120 다산콜, utilities, telecoms, banks and
# card companies, retail and transport. The reason is in the request ("my
# broadband keeps dropping", "close my account", "카드를 잃어버렸어요"), so
# service nouns on their own ("broadband", "council tax", "카드") are at most
# weak hints. Apostrophes are left out ("dont", "cant": they are dropped from
# the text too). Order matters on a tie: the specific reasons come first.
DEFAULT_TAXONOMY: tuple[Category, ...] = (
    Category(
        "lost_card_fraud", "Lost card or fraud", "분실·도난·사기",
        _split("""
            lost my card, lost card, card lost, lost my bank card, lost my debit card, lost my credit card,
            lost my purse, lost my wallet, lost my bag, lost my phone, cant find my card, card is missing,
            card has gone missing, stolen, nicked, pickpocketed, robbed, mugged, fraud, fraudulent, fraudster,
            scam, scammed, scammer, phishing, hacked, cloned, identity theft, unauthorised, unauthorized,
            dont recognise, dont recognize, didnt make, didnt authorise, didnt authorize, wasnt me,
            someone has used, someone used my, someones been using, someone is using, block my card,
            freeze my card, stop my card, cancel my card, pretending to be, impersonating, clicked a link,
            clicked the link, gave my details, gave them my details, fake text, fake email,
            분실, 잃어버, 잃어 버, 도난, 훔쳐, 소매치기, 사기, 보이스피싱, 스미싱, 피싱, 해킹, 도용, 명의 도용,
            부정 사용, 모르는 결제, 모르는 돈, 결제한 적 없, 쓴 적 없, 쓰지 않은, 사용한 적 없, 사용하지 않은,
            카드 정지, 분실 신고, 링크를 눌, 사칭, 검찰이라, 경찰이라, 금감원이라, 누가 제 명의
        """),
        _split("suspicious, bogus, not me, 도둑, 제 명의로"),
    ),
    Category(
        "complaint", "Complaint", "불만·민원",
        _split("""
            complaint, complain, formal complaint, make a complaint, unhappy, not happy, disgusted, disgraceful,
            disgusting, rude, unacceptable, appalling, terrible service, poor service, awful service,
            not good enough, fed up, sick of, speak to a manager, speak to your manager, speak to a supervisor,
            speak to someone senior, escalate, keep being told, ridiculous, furious, the way i was treated,
            treated badly, hung up on me, never called back, nobody called back, nobody has got back, ombudsman,
            불만, 항의, 불친절, 민원을 제기, 민원 제기, 민원 넣, 정식으로 민원, 이게 말이, 말이 됩니까, 너무하,
            책임자, 상급자, 윗사람, 화가 나, 어이가 없, 어이없, 황당, 무성의, 승차 거부, 승차거부
        """),
        _split("""
            nobody, no one has, treated, third time, fourth time, a joke, angry, shocking, attitude,
            ignored, compensation,
            화나, 짜증, 태도, 무시하, 몇 번이나, 몇 번을, 세 번째, 아무도, 처리를 안 해, 대책, 시정, 사과
        """),
    ),
    Category(
        "refund", "Refund", "환불",
        _split("""
            refund, money back, reimburse, reimbursement, overpaid, overpayment, paid twice, charged twice,
            charged me twice, taken twice, double charged, double payment, duplicate payment, pay me back,
            chargeback, owed to me,
            환불, 환급, 돌려받, 돌려 받, 돌려주, 돌려 주, 이중 결제, 중복 결제, 중복 납부, 중복으로, 두 번 결제,
            두 번 낸, 두 번 냈, 두 번 빠져, 과오납, 결제 취소
        """),
        _split("""
            sent it back, returned the, returned it, still took, still charged, in credit, credit on my account,
            credit returned, twice, 반품, 취소했는데, 돈이 안 들어, 더 냈, 더 낸
        """),
    ),
    Category(
        "fault_outage", "Fault or outage", "고장·장애",
        _split("""
            not working, stopped working, isnt working, doesnt work, wont work, wont turn on, wont start,
            broken, broke down, broken down, faulty, fault, outage, power cut, no power, no electricity, no gas,
            no water, no hot water, no heating, heating is off, power is off, powers off, no lights,
            lights went out, lights are out, whole street, whole road, whole area, whole building, leak,
            burst pipe, flooding, flooded, blocked drain, dripping, water coming, coming through the ceiling,
            smell gas, gas leak, no signal, no dial tone, line is dead, line has gone dead, keeps dropping,
            keeps cutting out, cutting out, keeps freezing, keeps crashing, keeps giving me an error,
            is down, been down, gone down, went off, tripped, error code, error message, getting an error,
            cant connect, wont connect, cant get online, no internet, no connection, buffering, packed in,
            packed up, conked out, playing up, on the blink, out of order,
            고장, 안 돼, 안 되, 안 나와, 안 나오, 끊겨, 끊기, 끊겼, 끊어졌, 정전, 단수, 누수, 누전, 물이 새,
            새고 있, 안 켜, 켜지지, 꺼졌, 꺼져, 작동이 안, 작동을 안, 먹통, 신호가 안, 안 잡혀, 안 터져,
            오류, 에러, 막혔, 역류, 녹물, 난방이 안, 가스 냄새, 깨졌, 파손, 멈췄, 멈춰, 불이 안, 전기가 나갔,
            전기가 안, 접속이 안, 연결이 안, 통화가 안, 안 걸려, 불꽃, 스파크, 타는 냄새, 동네 전체, 전체가
        """),
        _split("""
            error, repair, boiler, radiator, street light, streetlight, lamp post, traffic light, pothole, damp,
            mould, mold, sparking, really slow, very slow,
            보일러, 가로등, 신호등, 수리, 고쳐, 포트홀, 싱크홀, 느려, 버벅, 새요
        """),
    ),
    Category(
        "appointment", "Appointment", "예약·방문",
        _split("""
            appointment, an appointment, my appointment, to book, book a, book an, book in, booking, rebook,
            reschedule, rearrange, cancel my appointment, cancel the appointment, move my appointment,
            change my appointment, time slot, home visit, engineer visit, arrange a time, arrange for someone,
            someone to come,
            예약, 방문 날짜, 방문 일정, 방문 예약, 방문 시간, 상담 예약, 날짜를 바꾸, 날짜 변경, 시간 변경,
            일정 변경, 일정을 잡, 기사님 방문, 방문해 주, 와 주실, 오실 수, 언제 오, 오시는 날, 방문일, 설치 날짜
        """),
        _split("""
            book, visit, slot, inspection, next available, earliest, come out, come round, consultation,
            assessment, viewing, 일정, 미루, 미뤄, 앞당, 잡으려, 잡고 싶, 면접, 진료, 검진, 날짜
        """),
    ),
    Category(
        "payment", "Payment", "납부·결제",
        _split("""
            pay, paying, payment, make a payment, pay my, pay the, pay off, pay it, pay by card,
            pay over the phone, direct debit, standing order, instalment, installment, payment plan, arrears,
            behind on, fallen behind, missed payment, missed a payment, late payment, cant pay, cannot pay,
            cant afford, cannot afford, struggling to pay, hardship, outstanding balance, clear the balance,
            payment failed, payment didnt go through,
            납부, 자동이체, 분납, 분할 납부, 분할로, 미납, 체납, 연체, 못 냈, 못 내, 가상계좌
        """),
        _split("""
            owe, overdue, debt, settle, declined, bounced, card details, top up,
            결제, 입금, 계좌번호, 낼 수, 내려고, 내면, 내야, 밀려, 밀렸
        """),
    ),
    Category(
        "billing", "Billing", "요금·청구",
        _split("""
            bill, billing, billed, invoice, overcharged, over charged, meter reading, estimated reading,
            estimated bill, final demand, higher than, more than usual, too high, so high, wrong amount,
            mistake on my bill, error on my bill, why is my, why has my, price rise,
            청구, 고지서, 명세서, 부과, 많이 나왔, 많이 나와, 더 나왔, 잘못 나왔, 잘못 청구
        """),
        _split("""
            charge, statement, tariff, reading, fee, band, council tax, business rates, service charge,
            standing charge, the amount, gone up, went up, too much,
            요금, 관리비, 재산세, 자동차세, 지방세, 수도세, 전기세, 가스비, 전기료, 수도료, 통신비, 보험료, 과태료,
            검침, 사용량, 두 배, 올랐, 인상, 금액
        """),
    ),
    Category(
        "account_change", "Account change", "정보 변경",
        _split("""
            change my address, change of address, update my address, new address, change my name,
            change of name, name change, update my details, change my details, change my email,
            change my phone, change my number, change the name, change the address, new phone number, new email,
            close my account, close the account, closing my account, close her account, close his account,
            cancel my contract,
            cancel my subscription, cancel my account, end my contract, switch supplier, change my tariff,
            change my plan, change my package, add my, add someone, joint account, new tenant,
            change of tenancy, passed away, bereavement, power of attorney, transfer the account, into my name,
            take over the account, paperless, opt out, change my direct debit, move my direct debit,
            change the date, bank details,
            주소 변경, 주소를 바꾸, 주소가 바뀌, 전입, 명의 변경, 명의 이전, 명의를 바꾸, 이름으로 바꾸,
            이름으로 옮, 개명, 연락처 변경, 전화번호 변경, 번호 변경, 번호가 바뀌, 연락처가 바뀌, 이메일 변경,
            계좌 변경, 계좌를 바꾸, 결제일 변경, 결제일을 바꾸, 한도 상향, 한도를 올, 한도 조정, 해지, 탈퇴,
            요금제 변경, 요금제를 바꾸, 돌아가셔서, 상속, 승계
        """),
        _split("""
            moving house, move house, moved house, moving out, moved out, moving in, surname, got married,
            update my, cancel my, terminate, switch to, switching to, upgrade, downgrade, remove my, died,
            deceased, 이사, 변경하, 변경하고 싶, 바꾸고 싶, 수정하, 사망, 양도
        """),
    ),
    Category(
        "information_request", "Information request", "정보 문의",
        (),
        # Asking is the least specific reason: a question about a bill is about the bill.
        _split("""
            information, ask about, find out, wondering, want to know, wanted to know, like to know,
            can you tell me, could you tell me, how do i, how can i, how would i, how long, how much is,
            what are, what time, what do i need, what documents, when is, when does, where can i, where do i,
            opening hours, open on, eligible, eligibility, entitled, qualify, requirements, criteria, might get,
            문의, 여쭤, 알고 싶, 궁금, 안내, 알려 주, 어떻게 하면, 어떻게 해야, 어디서, 언제, 몇 시, 필요한 서류,
            서류, 자격, 대상, 조건, 신청 방법, 방법, 운영 시간, 가능한가요, 필요한가요, 되나요, 있나요
        """),
    ),
    # Calls without a request: a wrong number, a silent line, a returned missed call.
    Category(
        OTHER, "Other", "기타",
        _split("""
            wrong number, dialled the wrong, dialed the wrong, can you hear me, cant hear you, returning a call,
            returning your call, missed call, 잘못 걸, 잘못 건, 잘못 눌렀, 들리세요, 들리시나요, 안 들려, 부재중,
            전화가 와서, 전화가 왔
        """),
    ),
)


@dataclass(frozen=True)
class Taxonomy:
    categories: tuple[Category, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.categories)

    def get(self, category_id: str) -> Category:
        return next((c for c in self.categories if c.id == category_id), self.categories[-1])

    def label(self, category_id: str, language: str) -> str:
        category = self.get(category_id)
        return category.ko if language == "ko" else category.en

    def prompt_list(self) -> str:
        return ", ".join(c.id if c.en.lower() == c.id.replace("_", " ") else f"{c.id} ({c.en.lower()})" for c in self.categories)


DEFAULT = Taxonomy(DEFAULT_TAXONOMY)


def load_taxonomy(path: str | Path | None) -> Taxonomy:
    """The site's taxonomy from a JSON or YAML file, or the default (``path`` None)."""
    if not path:
        return DEFAULT
    return _load(str(path))


@lru_cache(maxsize=4)
def _load(path: str) -> Taxonomy:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the categories file {file}: {exc.strerror}", code=ErrorCode.BAD_OPTION) from exc
    data: Any
    if file.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError as exc:
            raise InputError("a YAML categories file needs PyYAML; use JSON or install pyyaml", code=ErrorCode.BAD_OPTION) from exc
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InputError(f"{file}: not valid YAML ({exc})", code=ErrorCode.BAD_OPTION) from exc
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{file}:{exc.lineno}: not valid JSON ({exc.msg})", code=ErrorCode.BAD_OPTION) from exc
    if isinstance(data, dict) and "categories" in data:
        data = data["categories"]
    if not isinstance(data, list) or not data:
        raise InputError(f"{file}: expected a list of categories {{id, en, ko, keywords}}", code=ErrorCode.BAD_OPTION)
    categories = [_category(file, i, item) for i, item in enumerate(data)]
    ids = [c.id for c in categories]
    if len(set(ids)) != len(ids):
        raise InputError(f"{file}: a category id appears twice", code=ErrorCode.BAD_OPTION)
    if OTHER not in ids:
        categories.append(DEFAULT.get(OTHER))
    else:  # "other" last: the fallback of last resort
        categories.sort(key=lambda c: c.id == OTHER)
    return Taxonomy(tuple(categories))


def _category(file: Path, index: int, item: Any) -> Category:
    if not isinstance(item, dict):
        raise InputError(f"{file}: category {index} is not an object", code=ErrorCode.BAD_OPTION)
    category_id = item.get("id")
    if not isinstance(category_id, str) or not _ID.match(category_id):
        raise InputError(
            f"{file}: category {index}: 'id' must be lowercase letters, digits or _ (at most 32)", code=ErrorCode.BAD_OPTION
        )
    en = item.get("en") or item.get("label") or category_id
    ko = item.get("ko") or en
    keywords = item.get("keywords", [])
    weak = item.get("weak", [])
    if not isinstance(en, str) or not isinstance(ko, str) or not isinstance(keywords, list) or not isinstance(weak, list):
        raise InputError(
            f"{file}: category {category_id}: 'en'/'ko' must be text, 'keywords' and 'weak' lists", code=ErrorCode.BAD_OPTION
        )
    if keywords or weak:
        return Category(category_id, en, ko, tuple(str(k).lower() for k in keywords), tuple(str(k).lower() for k in weak))
    default = DEFAULT.get(category_id) if category_id in DEFAULT.ids else None
    return Category(category_id, en, ko, default.keywords if default else (), default.weak if default else ())


CUSTOMER_TURNS = 4  # why they called is said early
_TURN_WEIGHTS = (3, 2, 1, 1)  # the customer's first turn with words counts most, then less
REASON_WEIGHT = 2  # the reason sentence (the summary's own pick of the request)
RESTATED_WEIGHT = 2  # the agent's summary of the request: "so you're calling about ..."
RESTATING_TURNS = 6  # where the agent restates it: early in the call
MAX_KEYWORD_POINTS = 3
MIN_SCORE = 2  # one word in a late turn is too little to name the reason

_RESTATED = re.compile(
    r"\b(calling (about|regarding|to)|ringing (about|to)|you(d| would) like to|you want to|youre looking to|"
    r"so youve|so youre|so your|understand (that )?you)\b"
    r"|문의하신|문의 주신|말씀이시죠|말씀이신|하시려는|하시려고요|원하시는|건이시죠|건으로"
)
_FIRST_PERSON = {"you": "i", "your": "my", "youre": "im", "youve": "ive", "youd": "id", "yourself": "myself"}
_SECOND_PERSON = re.compile(r"\b(" + "|".join(_FIRST_PERSON) + r")\b")
_QUESTION = re.compile(
    r"\?$|^(what|whats|when|whens|where|which|who|why|how)\b"
    r"|^(is|are|do|does|did|can|could|will|would|should|am|have|has) (i|you|we|they|it|there|the|my|this|that)\b"
    r"|(나요|까요|습니까|는지|은지|을지|는 지|인지)\W*$|어디|언제|어떻게|무슨|어느|얼마"
)


def categorize_by_rules(
    turns: Sequence[Turn], taxonomy: Taxonomy = DEFAULT, reason: str = ""
) -> tuple[str, tuple[int, ...]]:
    """The category whose keywords weigh most in the customer's first turns, the
    reason and the agent's restatement of it; the turns that said them.

    A keyword scores its length in words, at most 3 (a Korean one counts two
    syllables as a word); a weak hint scores 1. A phrase holding another hit of
    the same category stands for both ("cancel my appointment" is not also
    "cancel my"). Each text multiplies its points by its weight, the opening
    request most, and a winner needs :data:`MIN_SCORE`. Ties go to the category
    listed first: the default list puts the specific (fraud, complaint, refund)
    before the general (billing, information). With nothing named, a caller who
    opens with a question wants to know something.
    """
    roles = party_roles(turns)
    customer = [t for t in turns if roles.get(t.speaker) is Role.CUSTOMER and _normal(t.text)]
    customer = customer[:CUSTOMER_TURNS] or list(turns[:CUSTOMER_TURNS])
    texts = [(_normal(reason), None, REASON_WEIGHT)]
    texts += [(_normal(t.text), t.id, w) for t, w in zip(customer, _TURN_WEIGHTS)]
    texts += [
        (_as_caller(_normal(t.text)), t.id, RESTATED_WEIGHT)
        for t in turns[:RESTATING_TURNS]
        if roles.get(t.speaker) is Role.AGENT and _RESTATED.search(_normal(t.text))
    ]
    best, best_score, best_ids = OTHER, MIN_SCORE - 1, ()
    for category in taxonomy.categories:
        score, ids = 0, []
        for text, turn_id, weight in texts:
            points = _points(category, text)
            if points:
                score += points * weight
                if turn_id is not None and turn_id not in ids:
                    ids.append(turn_id)
        if score > best_score:
            best, best_score, best_ids = category.id, score, tuple(ids)
    if best_score < MIN_SCORE and INFORMATION in taxonomy.ids and customer and _asks(customer[0].text):
        return INFORMATION, (customer[0].id,)
    return best, best_ids


def _as_caller(text: str) -> str:
    """The agent's words from the caller's side, for the first-person keywords:
    "so you've lost your card" reads "so ive lost my card"."""
    return _SECOND_PERSON.sub(lambda m: _FIRST_PERSON[m.group(0)], text)


def _asks(text: str) -> bool:
    """A question of more than a word ("hello?" is not one), with or without its
    question mark: recognisers often leave it out."""
    return any(len(s.split()) > 1 and _QUESTION.search(s) for s in sentences(_normal(text)))


def _points(category: Category, text: str) -> int:
    if not text:
        return 0
    strong = [k for k in category.keywords if _said(k, text)]
    weak = [k for k in category.weak if _said(k, text)]
    # "cancel my appointment" counts once, not again as "cancel my" and "appointment".
    hits = strong + weak
    strong = [k for k in strong if not any(k != h and k in h for h in hits)]
    weak = [k for k in weak if not any(k != h and k in h for h in hits)]
    return sum(_keyword_points(k) for k in strong) + len(weak)


@lru_cache(maxsize=4096)
def _keyword_points(keyword: str) -> int:
    size = len(keyword.split())
    if not keyword.isascii():  # a Korean word of four syllables or more is two words' worth
        size = max(size, len(keyword.replace(" ", "")) // 2)
    return max(1, min(MAX_KEYWORD_POINTS, size))


def _normal(text: str) -> str:
    """Lowercase, apostrophes dropped ("don't", "dont" and "don’t" alike), hyphens as
    spaces, recogniser tags ("[inaudible]") removed."""
    text = re.sub(r"\[[^\]]*\]", " ", text.lower())
    return " ".join(text.replace("'", "").replace("\u2019", "").replace("-", " ").split())


def _said(keyword: str, text: str) -> bool:
    """English words at a word start, with their usual endings ("charge" in
    "charged", never "fee" in "feel"); Korean stems anywhere (particles and
    endings follow them), a space in one standing for a particle or none
    ("명의 변경" in "명의를 변경", "안 돼" in "안돼")."""
    return _pattern(keyword).search(text) is not None


@lru_cache(maxsize=4096)
def _pattern(keyword: str) -> re.Pattern[str]:
    keyword = _normal(keyword)
    if keyword.isascii():
        return re.compile(r"\b" + re.escape(keyword) + r"(?:s|es|d|ed|ing)?\b")
    return re.compile(r"\S{0,2}\s*".join(re.escape(part) for part in keyword.split()))


def category_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    return {"type": "string", "enum": list(taxonomy.ids)}
