"""Evaluates every rule of a :class:`RuleSet` on one call, with evidence.

Phrases are found with one regular expression per rule over one string
per call: every turn's normalised units (``pipeline.qa.normalize``) on a
line of their own, English units separated by spaces, Korean jamo run
together (so spacing does not matter). Between two words of a wording up
to :data:`MAX_GAP` other words may stand ("thank you *so much* for
calling"); within Korean text no gap is allowed. Each match is mapped back
to its turn and source words, for the quote and the times.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from functools import cached_property

from pipeline.qa.call import BACKCHANNEL_S, QaCall, QaTurn
from pipeline.qa.normalize import WIDE_GAP, word_units
from pipeline.qa.rules import (
    CombinedRule,
    InterruptionRule,
    PhraseRule,
    Rule,
    RuleSet,
    SilenceRule,
    TalkShareRule,
    ValueRule,
    Wording,
)
from pipeline.types import QaEvidence

MAX_GAP = 2
WIDE_GAP_WORDS = 4
_GAP = r"(?: [^ \n]+){0,%d}" % MAX_GAP
_LATIN_END = r"(?=[ \n]|$)"
_HANGUL_JAMO = re.compile(r"[\u1100-\u11ff]")


@dataclass(frozen=True)
class Outcome:
    matched: bool
    evidence: tuple[QaEvidence, ...]
    first_time: float | None = None  # when the rule first matched (for "before")


@dataclass(frozen=True)
class Hit:
    turn: QaTurn
    start: float
    end: float
    quote: str


def wording_pattern(wording: Wording) -> str:
    if WIDE_GAP in wording.units:
        cut = wording.units.index(WIDE_GAP)
        head = wording_pattern(Wording(wording.text, wording.units[:cut]))
        tail = wording_pattern(Wording(wording.text, wording.units[cut + 1 :]))
        # Korean text has no word separators: the gap is up to 24 jamo (about 8 syllables) there.
        return head + r"(?:[^ \n]{0,24}|(?: [^ \n]+){0,%d})" % WIDE_GAP_WORDS + (" ?" if tail[:1] != " " else "") + tail
    pieces: list[tuple[str, bool]] = []  # (text, hangul)
    for unit in wording.units:
        hangul = bool(_HANGUL_JAMO.match(unit))
        if hangul and pieces and pieces[-1][1]:
            pieces[-1] = (pieces[-1][0] + unit, True)
        else:
            pieces.append((unit, hangul))
    out = []
    for n, (text, hangul) in enumerate(pieces):
        if hangul:
            if n > 0:
                out.append(_GAP + r" [^ \n]*?")
            out.append(re.escape(text))
        else:
            if n > 0:
                out.append(("[^ \n]*" if pieces[n - 1][1] else "") + _GAP)
            out.append(" " + re.escape(text) + _LATIN_END)
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def _render(word: str, previous_hangul: bool) -> tuple[str, bool]:
    """One word as it stands in the call string, and whether it ends in Korean
    (cached: words repeat). English units are preceded by a space; Korean jamo
    continue the run before them."""
    pieces: list[str] = []
    for text, hangul in word_units(word):
        pieces.append(text if (hangul and previous_hangul) else " " + text)
        previous_hangul = hangul
    return "".join(pieces), previous_hangul


class CallText:
    """One call's turns as one searchable string, and the way back to words."""

    def __init__(self, call: QaCall) -> None:
        parts: list[str] = []
        self.starts: list[int] = []  # offset in the string where each word's text begins
        self.where: list[tuple[int, int]] = []  # (turn index, word index) of each word
        length = 0
        for t_index, turn in enumerate(call.turns):
            parts.append("\n")
            length += 1
            previous_hangul = False
            for w_index, word in enumerate(turn.words):
                piece, previous_hangul_next = _render(word, previous_hangul)
                if not piece:
                    continue
                parts.append(piece)
                self.starts.append(length)
                self.where.append((t_index, w_index))
                length += len(piece)
                previous_hangul = previous_hangul_next
        self.text = "".join(parts)
        # English units stand apart (a space before each); Korean runs are
        # tokens too, which does no harm to a subset test of English units.
        self.vocabulary = frozenset(self.text.split())
        self.has_korean = _HANGUL_JAMO.search(self.text) is not None
        self.call = call

    def hit(self, start: int, end: int) -> Hit:
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        last = max(bisect.bisect_right(self.starts, end - 1) - 1, first)
        t_index, w_first = self.where[first]
        _, w_last = self.where[last]
        turn = self.call.turns[t_index]
        if turn.word_times:
            t_start, t_end = turn.word_times[2 * w_first], turn.word_times[2 * w_last + 1]
        else:
            t_start, t_end = turn.start, turn.end
        return Hit(turn, t_start, t_end, " ".join(turn.words[w_first : w_last + 1]).strip())


def _party(role: str) -> str:
    return {"agent": "the agent", "customer": "the customer"}.get(role, "either party")


@dataclass(frozen=True)
class CompiledWording:
    """A wording's pattern, and what a call must contain for it to be tried at
    all: its English units and its Korean runs (cheap checks before the regex)."""

    pattern: re.Pattern[str]
    latin: frozenset[str]
    korean: tuple[str, ...]

    @staticmethod
    def of(wording: Wording) -> CompiledWording:
        latin = frozenset(u for u in wording.units if u != WIDE_GAP and not _HANGUL_JAMO.match(u))
        runs = "".join(u if _HANGUL_JAMO.match(u) else " " for u in wording.units).split()
        return CompiledWording(re.compile(wording_pattern(wording)), latin, tuple(runs))

    def possible(self, text: CallText) -> bool:
        if self.korean and not text.has_korean:
            return False
        return self.latin <= text.vocabulary and all(run in text.text for run in self.korean)


class Matcher:
    """A rule set compiled once (regular expressions), applied to many calls."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.patterns: dict[str, tuple[CompiledWording, ...]] = {}
        compiled: dict[tuple[str, ...], CompiledWording] = {}
        for rule in rules.rules.values():
            if isinstance(rule, PhraseRule):
                for w in rule.wordings:
                    if w.units not in compiled:
                        compiled[w.units] = CompiledWording.of(w)
                self.patterns[rule.id] = tuple(dict.fromkeys(compiled[w.units] for w in rule.wordings))

    def evaluate(self, call: QaCall) -> dict[str, Outcome]:
        return _Evaluation(self, call).all()


class _Evaluation:
    def __init__(self, matcher: Matcher, call: QaCall) -> None:
        self.matcher = matcher
        self.call = call
        self.outcomes: dict[str, Outcome] = {}

    @cached_property
    def text(self) -> CallText:
        return CallText(self.call)

    def all(self) -> dict[str, Outcome]:
        for rule_id in self.matcher.rules.rules:
            self.outcome(rule_id)
        return self.outcomes

    def outcome(self, rule_id: str) -> Outcome:
        if rule_id not in self.outcomes:
            self.outcomes[rule_id] = self._evaluate(self.matcher.rules.rules[rule_id])
        return self.outcomes[rule_id]

    def _evaluate(self, rule: Rule) -> Outcome:
        if isinstance(rule, PhraseRule):
            return self.phrase(rule)
        if isinstance(rule, SilenceRule):
            return self.silence(rule)
        if isinstance(rule, InterruptionRule):
            return self.interruptions(rule)
        if isinstance(rule, TalkShareRule):
            return self.talk_share(rule)
        if isinstance(rule, ValueRule):
            return self.value(rule)
        return self.combined(rule)

    # --- phrases -------------------------------------------------------------

    def hits(self, rule: PhraseRule) -> list[Hit]:
        text = self.text
        spans: set[tuple[int, int]] = set()
        for wording in self.matcher.patterns[rule.id]:
            if wording.possible(text):
                spans.update(m.span() for m in wording.pattern.finditer(text.text))
        found = []
        reached = -1
        for start, end in sorted(spans):
            if start < reached:  # two wordings matched the same words: one hit
                continue
            reached = end
            hit = text.hit(start, end)
            if rule.party != "any" and hit.turn.role != rule.party:
                continue
            found.append(hit)
        return found

    def window(self, rule: PhraseRule) -> tuple[float, float, str]:
        w = rule.window
        if w.first_s is not None:
            return 0.0, w.first_s, w.describe()
        if w.last_s is not None:
            return max(self.call.duration - w.last_s, 0.0), float("inf"), w.describe()
        if w.before is not None:
            other = self.outcome(w.before)
            if other.first_time is not None:
                return 0.0, other.first_time, f"before '{w.before}' ({other.first_time:.1f} s)"
            return 0.0, float("inf"), f"anywhere ('{w.before}' did not match)"
        return 0.0, float("inf"), w.describe()

    def phrase(self, rule: PhraseRule) -> Outcome:
        low, high, where = self.window(rule)
        if rule.window.last_s is not None:
            inside = [h for h in self.hits(rule) if h.end >= low]
        elif rule.window.before is not None:
            inside = [h for h in self.hits(rule) if h.start < high]
        else:
            inside = [h for h in self.hits(rule) if h.start <= high]
        who = _party(rule.party)
        evidence = tuple(
            QaEvidence(note=f"said by {_party(h.turn.role)} {where}", turn_id=h.turn.id, start=round(h.start, 2), end=round(h.end, 2), quote=h.quote)
            for h in inside[:5]
        )
        first = min((h.start for h in inside), default=None)
        if rule.said:
            if inside:
                return Outcome(True, evidence, first)
            return Outcome(False, (self.absence(rule, low, high, where, who),))
        if inside:
            return Outcome(False, evidence, first)
        return Outcome(True, (self.absence(rule, low, high, where, who),))

    def absence(self, rule: PhraseRule, low: float, high: float, where: str, who: str) -> QaEvidence:
        looked = [
            t.id for t in self.call.turns
            if (rule.party == "any" or t.role == rule.party) and t.end >= low and t.start <= high
        ]
        span = f"turns {looked[0]}-{looked[-1]}" if len(looked) > 1 else f"turn {looked[0]}" if looked else "no turns"
        examples = "; ".join(f"'{w.text}'" for w in rule.wordings[:3])
        more = f" (+{len(rule.wordings) - 3} more)" if len(rule.wordings) > 3 else ""
        return QaEvidence(
            note=f"not said by {who} {where}: looked in {span} for {examples}{more}",
            start=round(low, 2),
            end=round(min(high, self.call.duration), 2),
        )

    # --- timing and values ---------------------------------------------------

    def silence(self, rule: SilenceRule) -> Outcome:
        turns = sorted(self.call.turns, key=lambda t: t.start)
        gaps = []
        reached, last_id = 0.0, None
        for turn in turns:
            if turn.start - reached > rule.longer_than_s and last_id is not None:
                gaps.append((reached, turn.start, last_id, turn.id))
            if turn.end > reached:
                reached, last_id = turn.end, turn.id
        if not gaps:
            return Outcome(False, (QaEvidence(note=f"no silence longer than {rule.longer_than_s:g} s between turns"),))
        evidence = tuple(
            QaEvidence(note=f"silence of {b - a:.1f} s after turn {before} until turn {after}", turn_id=after, start=round(a, 2), end=round(b, 2))
            for a, b, before, after in gaps[:5]
        )
        return Outcome(True, evidence, gaps[0][0])

    def interruption_list(self) -> list[tuple[str, float]]:
        if self.call.interruptions is not None:
            return list(self.call.interruptions)
        found = []
        turns = sorted(self.call.turns, key=lambda t: t.start)
        for prev, turn in zip(turns, turns[1:]):
            if turn.role != prev.role and prev.end - turn.start >= BACKCHANNEL_S:
                found.append((turn.role, turn.start))
        return found

    def interruptions(self, rule: InterruptionRule) -> Outcome:
        made = [(who, at) for who, at in self.interruption_list() if rule.party == "any" or who == rule.party]
        who = _party(rule.party)
        if len(made) >= rule.at_least:
            evidence = tuple(QaEvidence(note=f"{_party(r)} interrupted at {at:.1f} s", start=round(at, 2)) for r, at in made[:10])
            return Outcome(True, evidence, made[0][1])
        return Outcome(False, (QaEvidence(note=f"{who} interrupted {len(made)} time(s), fewer than {rule.at_least}"),))

    def talk_share(self, rule: TalkShareRule) -> Outcome:
        talk: dict[str, float] = {}
        for t in self.call.turns:
            talk[t.role] = talk.get(t.role, 0.0) + max(t.end - t.start, 0.0)
        total = sum(talk.values())
        if total <= 0:
            return Outcome(False, (QaEvidence(note="no talk time to measure"),))
        share = talk.get(rule.party, 0.0) / total
        note = f"{_party(rule.party)} talked {share:.0%} of the talk time (range {rule.min:.0%}-{rule.max:.0%})"
        return Outcome(not (rule.min <= share <= rule.max), (QaEvidence(note=note),))

    def value(self, rule: ValueRule) -> Outcome:
        value = {"sentiment": self.call.sentiment_end, "resolution": self.call.resolution, "reason": self.call.reason}[rule.kind]
        label = {"sentiment": "customer sentiment at the end", "resolution": "resolution", "reason": "reason category"}[rule.kind]
        cited = (self.call.summary_turns or {}).get(rule.kind, ())
        if value is None:
            return Outcome(False, (QaEvidence(note=f"{label} unknown (no summary)"),))
        turn = cited[-1] if cited else None
        return Outcome(value in rule.values, (QaEvidence(note=f"{label}: {value} (from the summary)", turn_id=turn),))

    def combined(self, rule: CombinedRule) -> Outcome:
        children = [self.outcome(c) for c in rule.rules]
        if rule.kind == "not":
            child = children[0]
            return Outcome(not child.matched, child.evidence, None if child.matched else child.first_time)
        if rule.kind == "all":
            matched = all(c.matched for c in children)
            shown = children if matched else [c for c in children if not c.matched]
        else:
            matched = any(c.matched for c in children)
            shown = [c for c in children if c.matched] if matched else children
        times = [c.first_time for c in children if c.matched and c.first_time is not None]
        first = (max(times) if rule.kind == "all" else min(times)) if matched and times else None
        return Outcome(matched, tuple(e for c in shown for e in c.evidence)[:10], first)
