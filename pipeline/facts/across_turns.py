"""What one turn's facts mean in the call around them.

The scanner reads one text at a time; a call says some things across turns:

- an id split over two turns, as Whisper writes a pause: "It's 712-0" ...
  "-4." is 71204 (the second turn starts with the dash or "..." that ends
  the first, or continues it);
- a corrected value, where the last one wins: "3 2 0 0 8 5" ... "sorry, 58
  at the end, not 85. 3 2 0 0 5 8", "sorry, I mean £54", "팔오 아니고 오팔";
- a date of birth, asked for as an identity check, which is not a key fact
  (nor an age or years as a customer, which the scanner already leaves out).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.facts.addresses import is_street_line
from pipeline.facts.phones import is_phone
from pipeline.facts.places import is_numbered_place
from pipeline.facts.scan import flat_code, id_run
from pipeline.facts.tokens import FILLERS, tokenize
from pipeline.facts.values import DateValue, Fact, Tok
from pipeline.types import Turn

ID_KINDS = ("account", "reference", "ticket", "phone", "other")
# A full date before this year is a birth date or history, never a date to act on.
_OLDEST_YEAR = datetime.date.today().year - 15
# How far back (in turns) the first half of a split id may be.
_SPLIT_LOOKBACK = 3
_PHONE_HALF = 3  # digits at least in each half of a phone number two speakers say between them ("010" / "4723 8801")
_CONTINUES = re.compile(
    r"^\s*(?:[-–—]|\.\.\.|…|dash\b|minus\b)\s*(?=[\d공영일이삼사오육륙칠팔구]|zero|one|two|three|four|five|six|seven|eight|nine|oh\b)",
    re.IGNORECASE,
)
# Asking for the rest of an id after reading its first half back.
_GO_ON = re.compile(r"다음|나머지|계속|뒷자리|뒤에|\b(?:the rest|go on|carry on|and then|what's next|next)\b", re.IGNORECASE)
_GAP_CHARS = 30  # between the read-back and the rest: "다음 번호요", "and the rest?"
_KO_TAILS = ("요", "이요", "입니다", "이에요", "예요", "이고요", "이구요")
_CORRECTION_WORDS = r"sorry|i mean|i meant|no,? wait|correction|actually|my mistake"
_KO_CORRECTION_WORDS = r"아니(?:고|다|요|라)?|아뇨|잠깐만|정정|잘못"
_CORRECTION_CUES = re.compile(rf"\b(?:{_CORRECTION_WORDS}|not)\b|{_KO_CORRECTION_WORDS}", re.IGNORECASE)
# Before a new amount "not" corrects nothing: "we paid $1,720 …" / "I'm not forking out eleven hundred"
_AMOUNT_CORRECTION_CUES = re.compile(rf"\b(?:{_CORRECTION_WORDS})\b|{_KO_CORRECTION_WORDS}", re.IGNORECASE)
_NOT_BEFORE = re.compile(r"(?:^|[\s,])not\s*$", re.IGNORECASE)
_KO_NOT_AFTER = re.compile(r"^\s*(?:이|가)?\s*아니(?:고|라|에요|요)")
_FROM_OR_UNTIL_AFTER = re.compile(r"\s*(?:부터|까지|이후|onwards?\b)")
_FROM_OR_UNTIL_BEFORE = re.compile(r"\b(?:from|until|till|by|before|after)\s+(?:the\s+)?$", re.IGNORECASE)
# A security answer is no fact to keep: "the last four of your social?" "Two, two, oh, nine."
_SECURITY_CUES = re.compile(
    r"\bsocial security\b|\blast (?:four|4)(?: digits)? of (?:your|the) (?:social|ssn|sin)\b|\bssn\b|\bpin\b|\bpasscode\b"
    r"|memorable (?:word|answer|number)|주민(?:등록)?번호 ?뒷자리|비밀번호",
    re.IGNORECASE,
)
# Asking for an address to check who is calling, not the address a call is about.
_IDENTITY_ADDRESS = re.compile(
    r"first line|date of birth|\bdob\b|security|verif|(?:confirm|check) (?:your|the|her|his) (?:full )?(?:name|address)"
    r"|name,? (?:and )?(?:the |your )?(?:first line|address|property)|name, address|address and (?:your )?(?:date|postcode)"
    r"|postcode and|account holder|address (?:just )?(?:to (?:check|confirm|verify)|for security)|old address|address you were at"
    r"|address (?:we have|we'd have|on (?:the )?(?:account|file|it))"
    r"|residential address|still right",
    re.IGNORECASE,
)
_ASKED_CHARS = 160  # the end of the turn before: the question just asked
_SECURITY_DIGITS = range(4, 7)  # a PIN, the last four of a social security number
_CARD = re.compile(r"\bcard\b|카드", re.IGNORECASE)
# "주민번호 앞자리": the first half of a resident registration number is the birth date.
_BIRTH_CUES = re.compile(r"date of birth|birth ?date|\bdob\b|\bborn\b|birthday|생년월일|생일|주민(?:등록)?번호 ?앞자리", re.IGNORECASE)


_SOMEONES_BIRTHDAY = re.compile(r"(?:'s|\b(?:her|his|their|my|our|mum's|dad's)) birthday", re.IGNORECASE)


def _asks_birth(text: str) -> bool:
    """Whether a turn asks for a date of birth ("and your date of birth", "name and birthday");
    not where it names someone's birthday ("that's her gran's birthday": a date said next is an
    appointment's)."""
    return any(c.group().lower() != "birthday" or not _SOMEONES_BIRTHDAY.search(text, max(0, c.start() - 12), c.end())
               for c in _BIRTH_CUES.finditer(text))


@dataclass(frozen=True)
class Mention:
    """One fact as said in one turn (``turn`` is the position in the call)."""

    turn: int
    fact: Fact
    text: str  # the turn's text, which ``fact.start``/``fact.end`` index
    cited: tuple[int, ...] = ()  # other turn positions that say it too (a split id)


def in_context(turns: Sequence[Turn], mentions: list[Mention]) -> list[Mention]:
    """``mentions`` (in call order) with split ids joined, corrected values
    replaced by the correction, and dates of birth removed."""
    mentions = _without_birth_dates(turns, mentions)
    mentions = _join_split_ids(turns, mentions)
    return _last_value_wins(turns, mentions)


def _without_birth_dates(turns: Sequence[Turn], mentions: list[Mention]) -> list[Mention]:
    """Every date in an answer to "date of birth?" ("14th of the 2nd, '68"), and
    an id that opens it ("구오공삼일이고요, 공일공 …": the birth date read as digits);
    and a short number in an answer to a security question ("the last four of your
    social?" "Two, two, oh, nine.")."""
    out = []
    births: list[tuple[int, DateValue]] = []  # (turn, birth date) dropped: read back in the next turn, dropped too
    for m in mentions:
        if _security_answer(turns, m) or _identity_address(turns, m):
            continue
        asked = _BIRTH_CUES.search(turns[m.turn].text[: m.fact.start]) or (
            m.turn > 0 and _asks_birth(turns[m.turn - 1].text) and not _answered_before(mentions, m)
        )
        value = m.fact.value
        day = m.fact.kind == "date" and isinstance(value, DateValue) and value.hour is None
        if day and isinstance(value, DateValue) and value.year is not None and value.year < _OLDEST_YEAR:
            births.append((m.turn, value))
            continue  # "12th of June, 1946": a birth date, however the question was heard
        opening_id = _looks_like_birth(m.fact) and next(x for x in mentions if x.turn == m.turn) is m
        if asked and (day or opening_id) and not _from_or_until(turns[m.turn].text, m.fact):
            if isinstance(value, DateValue):
                births.append((m.turn, value))
            continue
        if day and isinstance(value, DateValue) and any(t == m.turn - 1 and _read_back(value, birth) for t, birth in births):
            continue
        out.append(m)
    return out


def _read_back(value: DateValue, birth: DateValue) -> bool:
    """``value`` names the same day and month as a birth date said just before ("june ninth, thank
    you"); later, the same day may be another date (a pension paid from the birthday)."""
    return value.day is not None and value.month is not None and _same_day(value, birth)


def _answered_before(mentions: Sequence[Mention], m: Mention) -> bool:
    """Whether the turn before ``m``'s, which speaks of a birth date, already said one and ``m``
    is another date: "date of birth june ninth two thousand sixteen" / "I see the visit on
    february fourth" (a read-back of the birth date is the same date, and stays one)."""
    said = [x.fact.value for x in mentions if x.turn == m.turn - 1 and isinstance(x.fact.value, DateValue)]
    value = m.fact.value
    return bool(said) and isinstance(value, DateValue) and not any(_same_day(value, other) for other in said)


def _same_day(a: DateValue, b: DateValue) -> bool:
    """No field of the day said of both differs ("the ninth" of "june ninth two thousand sixteen")."""
    return all(x is None or y is None or x == y for x, y in ((a.day, b.day), (a.month, b.month), (a.year, b.year)))


def _security_answer(turns: Sequence[Turn], m: Mention) -> bool:
    value = m.fact.value
    if m.fact.kind not in ("reference", "account") or not isinstance(value, str) or not value.isdigit():
        return False
    asking = turns[m.turn].text[: m.fact.start] + " " + (turns[m.turn - 1].text if m.turn > 0 else "")
    # "the last four of the card" is a fact the call is about, even asked with a PIN
    return bool(_SECURITY_CUES.search(asking)) and not _CARD.search(asking) and len(value) in _SECURITY_DIGITS


def _identity_address(turns: Sequence[Turn], m: Mention) -> bool:
    """A street line (or a block and unit, :func:`is_numbered_place`) given (or read back) to pass
    identity checks: "can you confirm the first line of your address?", "your name and address",
    "the address we have is …"; the address a call is about stays ("what's the new address?", "the
    address for the collection?")."""
    value = m.fact.value
    if m.fact.kind != "other" or not isinstance(value, str) or not (is_street_line(value) or is_numbered_place(value)):
        return False
    asking = (turns[m.turn - 1].text[-_ASKED_CHARS:] if m.turn > 0 else "") + " " + turns[m.turn].text[: m.fact.start]
    return bool(_IDENTITY_ADDRESS.search(asking))


def _from_or_until(text: str, fact: Fact) -> bool:
    """A date something runs from or to is never a birth date, even in a sentence about
    birthdays: "생일이 있는 달 한 달 전부터 돼요, 5월생이시면 4월 1일부터 신청하실 수 있어요"."""
    said = text[fact.start : fact.end]
    return (
        fact.kind == "deadline"
        or bool(_FROM_OR_UNTIL_AFTER.search(said) or _FROM_OR_UNTIL_AFTER.match(text[fact.end :]))
        or bool(_FROM_OR_UNTIL_BEFORE.search(text[: fact.start]))
    )


def _looks_like_birth(fact: Fact) -> bool:
    """An id of 5 to 8 digits in an answer to "date of birth?" that reads as one: "구오공삼일"
    (95 03 1…), "950315", "9503151" (with the digit after it), "19790819"; not "0044172"."""
    value = fact.value
    if fact.kind != "reference" or not isinstance(value, str) or not value.isdigit() or not 5 <= len(value) <= 8:
        return False
    month_at = 4 if len(value) == 8 else 2
    if len(value) == 8 and not 1900 <= int(value[:4]) <= 2100:
        return False
    month, day = int(value[month_at : month_at + 2]), value[month_at + 2 : month_at + 4]
    return 1 <= month <= 12 and (len(day) < 2 or 1 <= int(day) <= 31)


def split_ids(turns: Sequence[Turn]) -> list[tuple[int, int, str]]:
    """Ids said over two turns: (position of the first turn, of the second, the id).

    The second turn starts with the dash or "..." Whisper writes at the pause
    ("-4.", "...3 3 0 7"); the first is the latest of the three turns before
    it that ends with digits (an echo of the first half may come between).
    """
    found = []
    for b, turn in enumerate(turns):
        marked = bool(_CONTINUES.match(turn.text))
        tail = _leading_run(turn.text)
        if tail is None:
            registration = _registration_tail(turns, b)
            if registration is not None:
                found.append(registration)
            continue
        for a in range(b - 1, max(-1, b - 1 - _SPLIT_LOOKBACK), -1):
            head = _trailing_run(turns[a].text)
            code = _trailing_code(turns[a].text)
            # Without a mark, only the same speaker going on with an id begun in
            # letters ("WK19." ... "3-3-0-7."), which is no id on its own, or spelled
            # with only a nod or a read-back between ("s r two five" / "s r two five,
            # go ahead" / "zero zero six one eight four four").
            same_reader = turns[a].speaker == turn.speaker and head is not None and (
                not head[0].isdigit()
                or (
                    code is not None and not code[0].isdigit() and _only_digits(turn.text, tail)
                    and _only_nods_between(turns, a, b, code[0])
                )
            )
            asked_on = head is not None and turns[a].speaker == turn.speaker and _asked_for_the_rest(turns, a, b, head[0])
            # "it's two two zero four eight" / "mhm" / "eight one": only a nod or the first
            # half read back between, and the second turn says nothing but digits.
            # Or the first turn was nothing but digits ("이공이사 일일이칠" / "네" / "공공 팔삼 육이 문자에
            # 있는 거 그대로 불렀어요"): the rest of the same number, whatever is said after it.
            nodded_on = (
                code is not None and turns[a].speaker == turn.speaker
                and (_only_digits(turn.text, tail) or (_only_digits(turns[a].text, code) and code[1] == 0 and len(tail[0]) >= 2))
                and tail[0].isdigit() and len(tail[0]) <= 6 and code[0] not in tail[0]
                and _only_nods_between(turns, a, b, code[0])
            )
            # "it's one nine oh two" / "two seven six six": the same speaker's next turn goes on
            # reading digits one at a time, and says nothing else; not where it starts again with
            # the last digits said ("… three eight one nine" / "one nine four five …").
            went_on = (
                b == a + 1 and head is not None and turns[a].speaker == turn.speaker and _only_digits(turn.text, tail)
                and min(len(head[0]), len(tail[0])) >= 3 and not tail[0].startswith(head[0][-2:])
                and _one_at_a_time(turns[a].text, head) and _one_at_a_time(turn.text, tail)
            )
            if head is not None and (
                marked or went_on or (same_reader and tail[0].isdigit()) or (asked_on and _only_digits(turn.text, tail))
            ):
                # with the letters spelled before the first half: "H P seven seven two..." "...oh four one": HP772041
                first = code[0] if code is not None and code[0].endswith(head[0]) else head[0]
                found.append((a, b, first + tail[0]))
                break
            if nodded_on:
                assert code is not None
                found.append((a, b, code[0] + tail[0]))
                break
        else:
            completed = _completed_phone(turns, b, tail)
            if completed is not None:
                found.append(completed)
    return found


def _completed_phone(turns: Sequence[Turn], b: int, tail: tuple[str, int, int]) -> tuple[int, int, str] | None:
    """"is it this mobile you'll ring, 07700" / "900482": the other speaker says the rest of a phone
    number right after, and nothing else; neither half is a phone number on its own."""
    head = _trailing_run(turns[b - 1].text) if b > 0 else None
    if head is None or turns[b - 1].speaker == turns[b].speaker or not _only_digits(turns[b].text, tail):
        return None
    halves = (head[0], tail[0])
    if not all(half.isdigit() and len(half) >= _PHONE_HALF for half in halves):
        return None
    joined = head[0] + tail[0]
    if not is_phone(joined, plus=False, cue=None) or any(is_phone(half, plus=False, cue=None) for half in halves):
        return None
    return b - 1, b, joined


_NODS = re.compile(r"^(?:mhm|mm|uh huh|yep|yeah|yes|ok|okay|right|go on|go ahead|and|and then|carry on|sure|got it|lovely|네|예|네네|계속|다음)$")


def _only_nods_between(turns: Sequence[Turn], a: int, b: int, head: str) -> bool:
    """Every turn between ``a`` and ``b`` is the other speaker's nod ("mhm", "go ahead")
    or reads the first half back ("four one one yep"); at least one turn between."""
    if b - a < 2:
        return False
    for k in range(a + 1, b):
        if turns[k].speaker == turns[a].speaker:
            return False
        words = " ".join(re.sub(r"[^\w\s']", " ", turns[k].text.lower()).split())
        echo = head in spelled_codes(turns[k].text)
        if not (_NODS.match(words) or (echo and _only_nods_besides_digits(turns[k].text))):
            return False
    return True


def _only_nods_besides_digits(text: str) -> bool:
    """"four one one yep", "z m three one yep": the read-back and at most a nod."""
    rest = [t.text for t in tokenize(text) if t.kind not in ("num", "punct") and not (t.kind == "word" and len(t.text) == 1)]
    return len(rest) <= 2 and (all(_NODS.match(w) for w in rest) or bool(_NODS.match(" ".join(rest))))


_REGISTRATION_HEAD = re.compile(r"[A-Z]{2}\d{2}")
_SPELLED_LETTERS_END = re.compile(r"(?:^|[\s,.])([a-z])[\s,.-]+([a-z])[\s,.-]+([a-z])[\s,.!?]*$", re.IGNORECASE)


def _registration_tail(turns: Sequence[Turn], b: int) -> tuple[int, int, str] | None:
    """A UK registration spelled over two turns: "l n six eight" ... "w k d"."""
    m = _SPELLED_LETTERS_END.search(turns[b].text)
    if m is None or any(g.lower() in ("a", "i") for g in m.groups()):
        return None
    for a in range(b - 1, max(-1, b - 1 - _SPLIT_LOOKBACK), -1):
        if turns[a].speaker != turns[b].speaker:
            continue
        head = _trailing_code(turns[a].text)
        if head is not None and _REGISTRATION_HEAD.fullmatch(head[0]):
            return a, b, head[0] + "".join(m.groups()).upper()
        return None
    return None


def _asked_for_the_rest(turns: Sequence[Turn], a: int, b: int, head: str) -> bool:
    """Between the halves, the other speaker read the first half back and asked
    for the rest: "운송장이 육팔삼사 공이칠" / "네 육팔삼사 공이칠 다음 번호요" / "칠일오요"."""
    return any(
        turns[k].speaker != turns[a].speaker and _GO_ON.search(turns[k].text) and head in _runs(turns[k].text)
        for k in range(a + 1, b)
    )


def _runs(text: str) -> set[str]:
    return {run for run, _, _ in _runs_at(text)}


def _runs_at(text: str) -> list[tuple[str, int, int]]:
    """Every id run in ``text``: (digits, start, end)."""
    toks = tokenize(text)
    found, i = [], 0
    while i < len(toks):
        parts, j = id_run(toks, i)
        if parts:
            found.append(("".join(parts), toks[i].start, toks[j - 1].end))
        i = max(j, i + 1)
    return found


def read_back_joins(text: str) -> set[str]:
    """The ids of :func:`_asked_for_the_rest` in the turns' text joined into one
    ("육팔삼사 공이칠 네 육팔삼사 공이칠 다음 번호요 칠일오요" holds 6834027715), for
    the lenient side of the fact checker, which may read a call as one text."""
    runs = _runs_at(text)
    joined = set()
    for k in range(1, len(runs) - 1):
        echo, (rest, start, _) = runs[k], runs[k + 1]
        gap = text[echo[2] : start]
        if echo[0] in {r for r, _, _ in runs[:k]} and len(gap) <= _GAP_CHARS and _GO_ON.search(gap):
            joined.add(echo[0] + rest)
    return joined


_TEXT_NODS = {"mhm", "mm", "uh", "huh", "yep", "yeah", "yes", "ok", "okay", "right", "go", "on", "ahead", "and",
              "then", "carry", "sure", "got", "it", "lovely", "um", "so", "it's", "네", "예", "계속", "다음"}


def nodded_joins(text: str) -> set[str]:
    """The ids :func:`split_ids` joins over a nod or a read-back ("it's two two zero four
    eight mhm eight one", "z m three one z m three one yep then five five eight two") and UK
    registrations spelled over two turns, in the turns' text joined into one, for the
    lenient side of the fact checker, which may read a call as one text."""
    toks = tokenize(text)
    runs = list(_id_runs(toks))
    joined: set[str] = set()
    for k, (head, _first, end) in enumerate(runs):
        half = len(head) // 2
        if len(head) % 2 == 0 and head[:half] == head[half:]:  # "four one one four one one": said and read back
            head = head[:half]
        nxt = k + 1
        if nxt < len(runs) and runs[nxt][0] == head and _only_nod_tokens(toks[end : runs[nxt][1]]):
            end, nxt = runs[nxt][2], nxt + 1  # the read-back
        if _REGISTRATION_HEAD.fullmatch(head):
            window = text[toks[end - 1].end : toks[end - 1].end + 80]
            m = _THREE_LETTERS.search(window)  # "l n six eight … w [inaudible] sorry w k d"
            if m is not None and not {"a", "i"} & {g.lower() for g in m.groups()}:
                joined.add(head + "".join(m.groups()).upper())
        if nxt < len(runs) and runs[nxt][0].isdigit() and len(runs[nxt][0]) <= 6 and _only_nod_tokens(toks[end : runs[nxt][1]]):
            joined.add(head + runs[nxt][0])
    return joined


_THREE_LETTERS = re.compile(r"(?<![\w'])([a-z])[\s,.-]+([a-z])[\s,.-]+([a-z])(?![\w'])", re.IGNORECASE)


def _only_nod_tokens(toks: list[Tok]) -> bool:
    return all(t.kind == "punct" or t.text in _TEXT_NODS for t in toks)


def _one_at_a_time(text: str, run: tuple[str, int, int]) -> bool:
    """The run is said one digit at a time ("one nine oh two", "2 7 6 6"), not as numbers."""
    digits = [t for t in tokenize(text[run[1] : run[2]]) if t.kind == "num"]
    return bool(digits) and all(len(t.text) == 1 for t in digits)


def _only_digits(text: str, run: tuple[str, int, int]) -> bool:
    """The turn says the run and at most a particle after it ("칠일오요", "7 1 5.")."""
    rest = re.sub(r"[^\w]", "", text[run[2] :])
    return not rest or rest in _KO_TAILS


def _join_split_ids(turns: Sequence[Turn], mentions: list[Mention]) -> list[Mention]:
    out = list(mentions)
    for a, b, joined in split_ids(turns):
        # The halves, an echo of the first half between them and of the second right after
        # them are not ids of their own.
        out = [
            m for m in out
            if not (_is_part_of(m.fact, joined) and (a <= m.turn <= b or (m.turn == b + 1 and m.fact.value != joined)))
        ]
        head = _trailing_code(turns[a].text)
        assert head is not None
        kind = "phone" if is_phone(joined, plus=False, cue=None) else "reference"
        out.append(Mention(a, Fact(kind, head[1], head[2], joined), turns[a].text, cited=(b,)))
    return sorted(out, key=lambda m: (m.turn, m.fact.start))


def _is_part_of(fact: Fact, joined: str) -> bool:
    return fact.kind in ID_KINDS and isinstance(fact.value, str) and fact.value in joined


_GROUP_PARTICLES = ("에", "이고", "하고")  # said after a group of a number that goes on: "공일공 사칠이삼에" / "팔팔공일"


def _trailing_run(text: str, spelled_letters: bool = False) -> tuple[str, int, int] | None:
    """The digits that end ``text`` ("It's 712-0", "W K 1 9...", "공일공 사칠이삼에", "4 7 0 0, um..."):
    (digits, start, end);
    ``spelled_letters``: with the letters spelled before them ("h s nine oh two": HS902)."""
    toks = tokenize(text)
    content = [t for t in toks if t.kind != "punct"]
    if not content:
        return None
    i = 0
    while i < len(toks):
        parts, j = id_run(toks, i)
        rest = [t for t in toks[j:] if t.kind != "punct"]
        particle = len(rest) == 1 and (  # "공일공 사칠이삼에", "it's 4 7 0 0, um..."
            (rest[0].text in _GROUP_PARTICLES and rest[0].start == toks[j - 1].end) or rest[0].text in FILLERS
        )
        if parts and ((not rest and toks[j - 1] is content[-1]) or particle):
            letters, first = _letters_before(toks, i, "".join(parts)) if spelled_letters else ("", i)
            return letters + "".join(parts), toks[first].start, toks[j - 1].end
        i = max(j, i + 1)
    return None


def _trailing_code(text: str) -> tuple[str, int, int] | None:
    return _trailing_run(text, spelled_letters=True)


def spelled_codes(text: str) -> set[str]:
    """Every id run in ``text``, with the letters spelled before it ("z m three one yep": ZM31)."""
    return {code for code, _first, _end in _id_runs(tokenize(text))}


def _id_runs(toks: list[Tok]) -> Iterator[tuple[str, int, int]]:
    """Each id run in ``toks`` with the letters spelled before it: (id, first token, end token)."""
    i = 0
    while i < len(toks):
        parts, j = id_run(toks, i)
        if parts:
            letters, first = _letters_before(toks, i, "".join(parts))
            yield letters + "".join(parts), first, j
        i = max(j, i + 1)


def _letters_before(toks: list[Tok], i: int, run: str) -> tuple[str, int]:
    """Letters spelled one at a time right before a run of digits ("h s" of "h s nine
    oh two"), at most three; none before a run that has letters of its own."""
    if not run.isdigit():
        return "", i
    k = i
    while k > 0 and i - k < 3 and toks[k - 1].kind == "word" and len(toks[k - 1].text) == 1 and toks[k - 1].text not in ("a", "i"):
        k -= 1
    return "".join(t.text.upper() for t in toks[k:i]), k


_LEAD_FILLERS = {"then", "and", "um", "uh", "erm", "it's", "its", "so"}


def _leading_run(text: str) -> tuple[str, int, int] | None:
    toks = tokenize(text)
    i = next((k for k, t in enumerate(toks) if t.kind != "punct" and t.text not in ("dash", "minus")), None)
    while i is not None and i + 1 < len(toks) and toks[i].text in _LEAD_FILLERS:  # "then five five eight two"
        i += 1
    if i is None:
        return None
    parts, j = id_run(toks, i)
    return ("".join(parts), toks[i].start, toks[j - 1].end) if parts else None


def _last_value_wins(turns: Sequence[Turn], mentions: list[Mention]) -> list[Mention]:
    """Drop a value the speaker then corrected: a near copy said again after a
    correction cue, or the value after "not" ("58, not 85")."""
    out = list(mentions)
    for later in mentions:
        for earlier in mentions:
            if earlier is later or (earlier.turn, earlier.fact.start) >= (later.turn, later.fact.start):
                continue
            if later.turn - earlier.turn > 3 or not _same_group(earlier.fact, later.fact):
                continue
            if earlier.fact.value == later.fact.value:
                continue
            between = _text_between(turns, earlier, later)
            if _NOT_BEFORE.search(between):  # "£58, not £85": the later value is the wrong one
                out = [m for m in out if m is not later]
                continue
            if _KO_NOT_AFTER.match(between) and earlier.turn == later.turn:  # "사만 원 아니고 오만 원": the earlier one
                out = [m for m in out if m is not earlier]
                continue
            if _same_id(earlier.fact.value, later.fact.value):
                continue  # "193307" and "WK193307": one id, said twice
            if _one_digit_more(earlier, later):  # "공공사사일칠이요" (이 heard as "is") read back as "0044172번"
                out = [m for m in out if m is not earlier]
                continue
            if _near_copy(earlier.fact.value, later.fact.value):
                corrected = bool(_CORRECTION_CUES.search(between))
            else:  # an amount: the cue right before the new value ("£45, sorry, I mean £54"), not "I'm not paying"
                corrected = (
                    earlier.fact.kind == "amount" and later.turn - earlier.turn <= 1 and _next_amount(mentions, earlier) is later
                    and bool(_AMOUNT_CORRECTION_CUES.search(" ".join(between.split()[-3:])))
                )
            if corrected:
                out = [m for m in out if not (m.fact.value == earlier.fact.value and (m.turn, m.fact.start) <= (later.turn, later.fact.start))]
    return _not_this(turns, out)


def _next_amount(mentions: Sequence[Mention], earlier: Mention) -> Mention | None:
    """The amount said next after ``earlier``: a correction replaces the one said just before it, not every
    amount of the turn before ("$2,860 … $1,720 … $1,140" / "sorry, eleven forty?")."""
    return next(
        (m for m in mentions if m.fact.kind == "amount" and (m.turn, m.fact.start) > (earlier.turn, earlier.fact.start)), None
    )


def _one_digit_more(earlier: Mention, later: Mention) -> bool:
    """An id read back within two turns with one digit more at its end: the digit the first reading lost."""
    first, again = earlier.fact.value, later.fact.value
    return (
        earlier.fact.kind in ID_KINDS and later.fact.kind in ID_KINDS and isinstance(first, str) and isinstance(again, str)
        and first.isdigit() and again.isdigit() and len(first) >= 4 and len(again) == len(first) + 1
        and again.startswith(first) and later.turn - earlier.turn <= 2
    )


def _not_this(turns: Sequence[Turn], mentions: list[Mention]) -> list[Mention]:
    """"58 at the end, not 85": the earlier id ending in 85 is corrected to end in 58."""
    out = list(mentions)
    for t_pos, turn in enumerate(turns):
        toks = tokenize(turn.text)
        for n in range(len(toks)):
            said_right = _corrected_ending(toks, n)
            if said_right is None:
                continue
            start, right_at, right, wrong_end = said_right
            said = [x for x in out if x.turn <= t_pos and x.fact.kind in ID_KINDS and isinstance(x.fact.value, str)]
            target = next((x for x in reversed(said) if str(x.fact.value).endswith(wrong_end) and len(str(x.fact.value)) > len(wrong_end)), None)
            if target is None:
                continue
            fixed = str(target.fact.value)[: -len(wrong_end)] + right
            out = [x for x in out if x.fact.value != target.fact.value or x.turn > t_pos]
            restated = any(  # the id said in full after the correction wins over the patched one
                x.turn >= t_pos and isinstance(x.fact.value, str) and x.fact.value.endswith(right) and len(x.fact.value) >= len(fixed)
                for x in out
            )
            if not restated and not any(x.fact.value == fixed for x in out):
                fact = dataclasses.replace(target.fact, start=toks[start].start, end=toks[right_at].end, value=fixed)
                out.append(Mention(t_pos, fact, turn.text))
    return sorted(out, key=lambda x: (x.turn, x.fact.start))


def corrections_in(text: str) -> list[tuple[str, str]]:
    """(right ending, wrong ending) for every id ending ``text`` corrects: "eight four
    seven at the end not one" -> ("847", "841")."""
    toks = tokenize(text)
    found = (_corrected_ending(toks, n) for n in range(len(toks)))
    return [(right, wrong_end) for _s, _r, right, wrong_end in (f for f in found if f is not None)]


def patched_ids(ids: set[str], corrections: list[tuple[str, str]]) -> set[str]:
    """Every id of ``ids`` with a corrected ending put right ("3105662841" -> "3105662847"),
    for the fact index: the patched id is what the call said."""
    return {
        ident[: -len(wrong)] + right
        for right, wrong in corrections
        for ident in ids
        if ident.endswith(wrong) and len(ident) > len(wrong)
    }


def _corrected_ending(toks: list[Tok], n: int) -> tuple[int, int, str, str] | None:
    """At "not" (``n``) in "58 at the end, not 85": where the right ending starts and
    ends, the right ending ("58") and the wrong one ("85"); ``None`` elsewhere."""
    if toks[n].text != "not" or n == 0:
        return None
    wrong, _ = id_run(toks, n + 1)
    right_at = next((k for k in range(n - 1, max(-1, n - 6), -1) if toks[k].kind == "num"), None)
    if right_at is None or not wrong:
        return None
    start = right_at
    while start > 0 and toks[start - 1].kind == "num" and toks[start - 1].spelled == toks[right_at].spelled:
        start -= 1
    right = "".join(id_run(toks, start)[0])
    wrong_end = _wrong_ending(right, "".join(wrong))
    return None if wrong_end is None else (start, right_at, right, wrong_end)


def _wrong_ending(right: str, wrong: str) -> str | None:
    """The ending that was said wrong, given the right one and what "not" names:
    "58 at the end, not 85" -> "85"; "eight four seven at the end not one" (only the
    last digit was wrong, measured on a dev call) -> "841". ``None`` when they cannot
    be one ending: "not" names more digits than the right ending has, or more than 4."""
    if not wrong or len(right) > 4 or len(wrong) > len(right):
        return None
    return right[: len(right) - len(wrong)] + wrong


def _same_group(a: Fact, b: Fact) -> bool:
    ids = a.kind in ID_KINDS and b.kind in ID_KINDS
    return ids or a.kind == b.kind


def _same_id(a: object, b: object) -> bool:
    return isinstance(a, str) and isinstance(b, str) and re.sub(r"^[A-Z]+", "", a) == re.sub(r"^[A-Z]+", "", b)


def _near_copy(a: object, b: object) -> bool:
    """The same value misread once: one or two digits changed or swapped, same length."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    flat_a, flat_b = flat_code(a), flat_code(b)
    if flat_a and flat_b:  # "솔빛아파트 101동 1302호" and "101동 1203호": the same flat's numbers, or swapped
        a, b = re.sub(r"\D", "", flat_a[0]), re.sub(r"\D", "", flat_b[0])
        if a == b:
            return False  # the same flat said again, with or without its name
        if len(a) == len(b) and sorted(a) == sorted(b):
            return True
    a, b = re.sub(r"^[A-Z]+", "", a), re.sub(r"^[A-Z]+", "", b)  # "33091" and "HK33019"
    return len(a) == len(b) >= 4 and sum(x != y for x, y in zip(a, b)) <= 2


def _text_between(turns: Sequence[Turn], earlier: Mention, later: Mention) -> str:
    if earlier.turn == later.turn:
        return turns[earlier.turn].text[earlier.fact.end : later.fact.start]
    pieces = [turns[earlier.turn].text[earlier.fact.end :]]
    pieces += [turns[k].text for k in range(earlier.turn + 1, later.turn)]
    pieces.append(turns[later.turn].text[: later.fact.start])
    return " ".join(pieces)
