"""Why the customer called, as a category of the site's taxonomy.

Supervisors report and filter on the reason; free text ("hello, i'd like a
refund on my ...") does not group. The reason is therefore also given as
one id of a small taxonomy:

    default          public-sector and utility contact centres (:data:`DEFAULT_TAXONOMY`)
    the site's own   ``CALLBRIEF_CATEGORIES_FILE``: a JSON or YAML list of
                     ``{id, en, ko, keywords}`` (labels in English and Korean;
                     keywords, optional, for the rule fallback)

:func:`categorize_by_rules`, keywords in English and Korean over the
customer's first turns, names the category when it finds one (and is the
extractive summary's answer); otherwise the LLM's choice by constrained
decoding (the id is a JSON-schema ``enum``, so it cannot write anything
else) is kept (:func:`pipeline.summary.summarize.choose_category`).
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
from pipeline.summary.cues import party_roles
from pipeline.types import Role, Turn

OTHER = "other"
INFORMATION = "information_request"
_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
CUSTOMER_TURNS = 4  # why they called is said early


@dataclass(frozen=True)
class Category:
    id: str  # stored on the call row and filtered on: lowercase, [a-z0-9_]
    en: str
    ko: str
    keywords: tuple[str, ...] = ()  # lowercase English words/phrases and Korean stems


DEFAULT_TAXONOMY: tuple[Category, ...] = (
    Category(
        "lost_card_fraud", "Lost card or fraud", "분실·도난·사기",
        ("lost my card", "lost card", "card lost", "stolen", "fraud", "scam", "unauthorised", "unauthorized",
         "don't recognise", "don't recognize", "didn't make", "suspicious", "phishing", "hacked", "scammed", "lost my",
         "card's gone", "wallet", "모르는 결제", "지갑을",
         "분실", "도난", "사기", "보이스피싱", "부정 사용", "잃어버", "해킹"),
    ),
    Category(
        "complaint", "Complaint", "불만·민원",
        ("complaint", "complain", "unhappy", "disgusted", "rude", "unacceptable", "appalling", "not good enough",
         "fed up", "formal", "speak to a manager", "third time", "nobody does", "nobody has", "ridiculous",
         "이게 말이", "너무하", "책임자", "불만", "항의", "불친절", "민원을 제기", "민원 제기"),
    ),
    Category(
        "refund", "Refund", "환불",
        ("refund", "money back", "reimburse", "overpaid", "paid twice", "charged twice", "double charged", "두 번 낸", "두 번 냈", "중복",
         "환불", "환급", "돌려받", "이중 결제", "두 번 결제"),
    ),
    Category(
        "fault_outage", "Fault or outage", "고장·장애",
        ("not working", "stopped working", "isn't working", "broken", "outage", "no power", "power cut", "no water",
         "leak", "fault", "internet", "broadband", "wifi", "wi-fi", "connection", "streetlight", "street light",
         "pothole", "repair", "boiler", "heating", "no signal", "keeps dropping", "error", "smell gas", "gas leak",
         "power's off", "street's off", "dripping", "water's coming", "flooding", "no hot water", "no heating",
         "고장", "안 돼", "안 되", "안 나와", "끊겨", "끊기", "정전", "단수", "누수", "안 켜", "오류", "에러", "가로등", "수리",
         "인터넷", "와이파이"),
    ),
    Category(
        "appointment", "Appointment", "예약·방문",
        ("appointment", "book a", "booking", "reschedule", "rearrange", "slot", "visit", "inspection",
         "예약", "방문 일정", "일정 변경", "상담 예약", "날짜를 바꾸", "일정을"),
    ),
    Category(
        "payment", "Payment", "납부·결제",
        ("pay", "payment", "direct debit", "instalment", "installment", "arrears", "payment plan", "pay off",
         "card details", "owe", "outstanding balance", "can't pay", "pay it", "pay my", "납부하려", "내려고", "낼 수",
         "내면", "내야", "납부", "결제", "자동이체", "분납", "미납", "입금", "체납"),
    ),
    Category(
        "billing", "Billing", "요금·청구",
        ("bill", "charge", "invoice", "statement", "council tax", "overcharged", "tariff", "meter reading",
         "estimated reading", "fee", "final demand", "higher than", "요금", "청구", "고지서", "관리비", "재산세", "수도세", "과태료", "부과"),
    ),
    Category(
        "account_change", "Account change", "정보 변경",
        ("change my address", "change of address", "update my", "new address", "moving", "move house", "moved",
         "change my name", "change of name", "close my account", "cancel my", "switch", "add my", "new tenant",
         "update the email", "change my email", "change my phone", "move my", "close her", "close his", "paperless",
         "passed away", "계좌를 바꾸", "계좌 변경", "주소 변경", "명의 변경", "변경하", "이사", "해지",
         "전입", "바꾸고 싶", "바꿔"),
    ),
    Category(
        "information_request", "Information request", "정보 문의",
        ("ask about", "information", "how do i", "how can i", "what are", "opening hours", "eligible", "find out",
         "wondering", "could you tell me", "can you tell me", "want to know", "do i need", "is the", "when's", "when is",
         "open on", "opening", "might get", "am i", "do you know", "문 열어", "열어요", "언제", "알려 주",
         "문의", "알고 싶", "궁금", "안내", "어떻게 하면", "서류", "필요한가요", "가능한가요"),
    ),
    Category(OTHER, "Other", "기타"),
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
    if not isinstance(en, str) or not isinstance(ko, str) or not isinstance(keywords, list):
        raise InputError(f"{file}: category {category_id}: 'en'/'ko' must be text, 'keywords' a list", code=ErrorCode.BAD_OPTION)
    default = DEFAULT.get(category_id) if category_id in DEFAULT.ids else None
    words = tuple(str(k).lower() for k in keywords) or (default.keywords if default else ())
    return Category(category_id, en, ko, words)


def categorize_by_rules(
    turns: Sequence[Turn], taxonomy: Taxonomy = DEFAULT, reason: str = ""
) -> tuple[str, tuple[int, ...]]:
    """The category whose keywords the customer's first turns (and the reason) use most.

    Ties go to the category listed first: the default list puts the specific
    (fraud, complaint, refund) before the general (billing, information).
    """
    roles = party_roles(turns)
    customer = [t for t in turns if roles.get(t.speaker) is Role.CUSTOMER][:CUSTOMER_TURNS] or list(turns[:CUSTOMER_TURNS])
    texts = [(reason.lower(), None, 2)] + [(t.text.lower(), t.id, 1) for t in customer]
    best, best_score, best_ids = OTHER, 0, ()
    for category in taxonomy.categories:
        score, ids = 0, []
        for text, turn_id, weight in texts:
            hits = sum(1 for k in category.keywords if _said(k, text))
            if hits:
                score += hits * weight
                if turn_id is not None:
                    ids.append(turn_id)
        if score > best_score:
            best, best_score, best_ids = category.id, score, tuple(ids)
    if best == OTHER and customer and customer[0].text.rstrip().endswith("?") and INFORMATION in taxonomy.ids:
        # Nothing else named, and the caller opens with a question: they want to know something.
        return INFORMATION, (customer[0].id,)
    return best, best_ids


def _said(keyword: str, text: str) -> bool:
    """Korean stems match anywhere (particles and endings follow them); English
    words at a word start, with their usual endings ("charge" in "charged",
    never "fee" in "feel")."""
    if not keyword.isascii():
        return keyword in text
    return _word_pattern(keyword).search(text) is not None


@lru_cache(maxsize=1024)
def _word_pattern(keyword: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(keyword) + r"(?:s|es|d|ed|ing)?\b")


def category_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    return {"type": "string", "enum": list(taxonomy.ids)}
