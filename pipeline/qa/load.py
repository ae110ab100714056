"""Reads a rule file (YAML, or the same structure as JSON) into a :class:`RuleSet`.

Every problem is an :class:`RuleError` (code ``bad_rules``) naming the rule
and the field, e.g. ``rule 'greeting': field 'within.first_s': expected a
number, got 'soon'``. The format is documented in the README (section
Quality assurance); the shipped default is ``defaults/public_sector.yaml``.
"""

from __future__ import annotations

import itertools
import re
from importlib import resources
from typing import Any

from pipeline.errors import ErrorCode, InputError
from pipeline.qa.normalize import WIDE_GAP, phrase_units
from pipeline.qa.rules import (
    PARTIES,
    Category,
    CombinedRule,
    InterruptionRule,
    Item,
    PhraseRule,
    Rule,
    RuleSet,
    Scorecard,
    SilenceRule,
    TalkShareRule,
    ValueRule,
    Window,
    Wording,
)

DEFAULT_RULES = "public_sector.yaml"
# Bounds on what one rule file may hold (YAML aliases and {var} products can
# multiply a small file into a huge one).
MAX_RULES = 2_000
MAX_WORDINGS = 50_000
KINDS = ("phrase", "silence", "interruptions", "talk_share", "sentiment", "resolution", "reason", "all", "any", "not")
VALUES = {
    "sentiment": ("positive", "neutral", "negative"),
    "resolution": ("resolved", "unresolved", "escalated"),
}
_ID = re.compile(r"^[A-Za-z0-9_.\-/]{1,64}$")
_VAR = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class RuleError(InputError):
    code = ErrorCode.BAD_RULES

    def __init__(self, message: str) -> None:
        super().__init__(message, code=ErrorCode.BAD_RULES)


def default_rules_text() -> str:
    return resources.files("pipeline.qa").joinpath("defaults", DEFAULT_RULES).read_text(encoding="utf-8")


def load_default() -> RuleSet:
    return parse_rules(default_rules_text())


def parse_rules(text: str) -> RuleSet:
    """YAML (or JSON, which is YAML) text -> a checked :class:`RuleSet`."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise RuleError(f"the rule file is not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from exc
    return build_rules(data)


def build_rules(data: Any) -> RuleSet:
    if not isinstance(data, dict):
        raise RuleError("the rule file must be a mapping with 'rules', 'categories' and 'scorecards'")
    unknown = set(data) - {"name", "vars", "rules", "categories", "scorecards", "version"}
    if unknown:
        raise RuleError(f"unknown top-level field(s): {', '.join(sorted(map(str, unknown)))}")
    variables = _vars(data.get("vars") or {})
    builder = _Builder(variables)
    for rule_id, spec in _mapping(data.get("rules") or {}, "rules").items():
        builder.rule(rule_id, spec, f"rule '{rule_id}'")
    categories = tuple(
        builder.category(cid, spec) for cid, spec in _mapping(data.get("categories") or {}, "categories").items()
    )
    scorecards = tuple(
        builder.scorecard(sid, spec) for sid, spec in _mapping(data.get("scorecards") or {}, "scorecards").items()
    )
    builder.check_references()
    if not scorecards and not categories:
        raise RuleError("the rule file has no scorecards and no categories: nothing would be scored")
    return RuleSet(name=str(data.get("name") or "rules"), rules=builder.rules, categories=categories, scorecards=scorecards)


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RuleError(f"'{where}' must be a mapping of id -> definition")
    for key in value:
        if not isinstance(key, str) or not _ID.match(key):
            raise RuleError(f"'{where}': id {key!r} must be 1-64 letters, digits, '_', '-', '.' or '/'")
    return value


def _vars(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise RuleError("'vars' must be a mapping of name -> list of wordings")
    out: dict[str, tuple[str, ...]] = {}
    for name, wordings in value.items():
        if isinstance(wordings, (str, int, float)) and not isinstance(wordings, bool):
            wordings = [wordings]
        if isinstance(wordings, list):
            wordings = [str(w) if isinstance(w, (int, float)) and not isinstance(w, bool) else w for w in wordings]
        if not isinstance(wordings, list) or not wordings or not all(isinstance(w, str) and w.strip() for w in wordings):
            raise RuleError(f"var '{name}': expected a non-empty list of wordings")
        out[str(name)] = tuple(wordings)
    return out


class _Builder:
    def __init__(self, variables: dict[str, tuple[str, ...]]) -> None:
        self.variables = variables
        self.rules: dict[str, Rule] = {}
        self.wording_count = 0
        self.references: list[tuple[str, str]] = []  # (where, rule id)

    def ref(self, value: Any, where: str, owner: str) -> str:
        """A rule id, or an inline rule definition given an id of its own."""
        if isinstance(value, str):
            self.references.append((where, value))
            return value
        if isinstance(value, dict):
            inline_id = owner
            n = 1
            while inline_id in self.rules:
                n += 1
                inline_id = f"{owner}.{n}"
            self.rule(inline_id, value, where)
            return inline_id
        raise RuleError(f"{where}: expected a rule id or a rule definition, got {value!r}")

    def rule(self, rule_id: str, spec: Any, where: str) -> None:
        if len(self.rules) >= MAX_RULES:
            raise RuleError(f"{where}: more than {MAX_RULES} rules in one file")
        if rule_id in self.rules:
            raise RuleError(f"{where}: the id '{rule_id}' is used twice")
        if not isinstance(spec, dict):
            raise RuleError(f"{where}: expected a mapping with a 'kind'")
        kind = spec.get("kind")
        if kind not in KINDS:
            raise RuleError(f"{where}: field 'kind': expected one of {', '.join(KINDS)}, got {kind!r}")
        fields = _Fields(spec, where)
        rule: Rule
        if kind == "phrase":
            rule = PhraseRule(
                id=rule_id,
                wordings=self.wordings(spec.get("phrases"), where),
                party=fields.choice("party", PARTIES, "any"),
                said=fields.boolean("said", True),
                window=self.window(spec.get("within"), where, rule_id),
            )
            fields.allow("kind", "phrases", "party", "said", "within", "title")
        elif kind == "silence":
            rule = SilenceRule(id=rule_id, longer_than_s=fields.number("longer_than_s", minimum=0.0))
            fields.allow("kind", "longer_than_s", "title")
        elif kind == "interruptions":
            rule = InterruptionRule(
                id=rule_id, party=fields.choice("party", PARTIES, "any"), at_least=int(fields.number("at_least", minimum=1))
            )
            fields.allow("kind", "party", "at_least", "title")
        elif kind == "talk_share":
            low = fields.number("min", minimum=0.0, maximum=1.0, default=0.0)
            high = fields.number("max", minimum=0.0, maximum=1.0, default=1.0)
            if low > high:
                raise RuleError(f"{where}: field 'min': {low:g} is above 'max' {high:g}")
            rule = TalkShareRule(id=rule_id, party=fields.choice("party", ("agent", "customer"), None), min=low, max=high)
            fields.allow("kind", "party", "min", "max", "title")
        elif kind in ("sentiment", "resolution", "reason"):
            rule = ValueRule(id=rule_id, kind=kind, values=fields.values("is", VALUES.get(kind)))
            fields.allow("kind", "is", "title")
        else:
            children = spec.get("rules")
            if kind == "not" and ("rule" in spec):
                children = [spec["rule"]]
            if not isinstance(children, list) or not children:
                raise RuleError(f"{where}: field 'rules': expected a non-empty list of rules")
            if kind == "not" and len(children) != 1:
                raise RuleError(f"{where}: field 'rules': 'not' takes exactly one rule")
            ids = tuple(self.ref(c, f"{where}: field 'rules[{n}]'", f"{rule_id}.{n + 1}") for n, c in enumerate(children))
            rule = CombinedRule(id=rule_id, kind=kind, rules=ids)
            fields.allow("kind", "rules", "rule", "title")
        self.rules[rule_id] = rule

    def wordings(self, value: Any, where: str) -> tuple[Wording, ...]:
        if isinstance(value, dict):  # per language: {en: [...], ko: [...]}
            value = [w for group in value.values() for w in (group if isinstance(group, list) else [group])]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            raise RuleError(f"{where}: field 'phrases': expected a non-empty list of wordings")
        out: list[Wording] = []
        for n, text in enumerate(value):
            if isinstance(text, (int, float)) and not isinstance(text, bool):
                text = str(text)
            if not isinstance(text, str) or not text.strip():
                raise RuleError(f"{where}: field 'phrases[{n}]': expected a non-empty string, got {text!r}")
            for expanded in self.expand(text, f"{where}: field 'phrases[{n}]'"):
                parts = [phrase_units(part) for part in expanded.split("...")]
                units = tuple(u for n, part in enumerate(parts) for u in ((WIDE_GAP,) if n else ()) + part)
                units = tuple(u for n, u in enumerate(units) if not (u == WIDE_GAP and (n == 0 or units[n - 1] == WIDE_GAP)))
                units = units[:-1] if units and units[-1] == WIDE_GAP else units
                if not units:
                    raise RuleError(f"{where}: field 'phrases[{n}]': {text!r} has no words left after normalisation")
                out.append(Wording(expanded, units))
        return tuple(out)

    def expand(self, text: str, where: str) -> list[str]:
        names = _VAR.findall(text)
        for name in names:
            if name not in self.variables:
                raise RuleError(f"{where}: '{{{name}}}' is not defined in 'vars'")
        count = 1
        for name in names:
            count *= len(self.variables[name])
        self.wording_count += count
        if self.wording_count > MAX_WORDINGS:
            raise RuleError(f"{where}: more than {MAX_WORDINGS} wordings in one file (after putting in the vars)")
        if not names:
            return [text]
        choices = [self.variables[name] for name in names]
        out = []
        for combo in itertools.product(*choices):
            values = iter(combo)
            out.append(_VAR.sub(lambda _m: next(values), text))
        return out

    def window(self, value: Any, where: str, rule_id: str) -> Window:
        if value is None or value == "anywhere":
            return Window()
        if not isinstance(value, dict) or len(value) != 1:
            raise RuleError(f"{where}: field 'within': expected one of {{first_s: N}}, {{last_s: N}}, {{before: RULE}}")
        fields = _Fields(value, where, prefix="within.")
        if "first_s" in value:
            return Window(first_s=fields.number("first_s", minimum=0.0))
        if "last_s" in value:
            return Window(last_s=fields.number("last_s", minimum=0.0))
        if "before" in value:
            return Window(before=self.ref(value["before"], f"{where}: field 'within.before'", f"{rule_id}.before"))
        raise RuleError(f"{where}: field 'within': expected first_s, last_s or before, got {', '.join(map(str, value))}")

    def category(self, cid: str, spec: Any) -> Category:
        where = f"category '{cid}'"
        if not isinstance(spec, dict):
            raise RuleError(f"{where}: expected a mapping with 'rule'")
        fields = _Fields(spec, where)
        fields.allow("title", "rule")
        if "rule" not in spec:
            raise RuleError(f"{where}: field 'rule' is missing")
        return Category(id=cid, title=fields.text("title", cid), rule=self.ref(spec["rule"], f"{where}: field 'rule'", f"category.{cid}"))

    def scorecard(self, sid: str, spec: Any) -> Scorecard:
        where = f"scorecard '{sid}'"
        if not isinstance(spec, dict):
            raise RuleError(f"{where}: expected a mapping with 'items'")
        fields = _Fields(spec, where)
        fields.allow("title", "items", "languages")
        items_spec = _mapping(spec.get("items") or {}, f"{where}: items")
        if not items_spec:
            raise RuleError(f"{where}: field 'items': a scorecard needs at least one item")
        items = []
        for iid, ispec in items_spec.items():
            iwhere = f"item '{iid}' of {where}"
            if not isinstance(ispec, dict) or "rule" not in ispec:
                raise RuleError(f"{iwhere}: field 'rule' is missing")
            ifields = _Fields(ispec, iwhere)
            ifields.allow("title", "rule", "weight", "applies_if")
            applies = ispec.get("applies_if")
            items.append(
                Item(
                    id=iid,
                    title=ifields.text("title", iid),
                    rule=self.ref(ispec["rule"], f"{iwhere}: field 'rule'", f"{sid}.{iid}"),
                    weight=ifields.number("weight", minimum=0.0, default=1.0),
                    applies_if=None if applies is None else self.ref(applies, f"{iwhere}: field 'applies_if'", f"{sid}.{iid}.applies_if"),
                )
            )
        languages = spec.get("languages") or []
        if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
            raise RuleError(f"{where}: field 'languages': expected a list of language codes")
        return Scorecard(id=sid, title=fields.text("title", sid), items=tuple(items), languages=tuple(x.lower() for x in languages))

    def check_references(self) -> None:
        for where, rule_id in self.references:
            if rule_id not in self.rules:
                raise RuleError(f"{where}: no rule named '{rule_id}'")
        for rule_id in self.rules:
            self._check_cycle(rule_id, ())

    def _check_cycle(self, rule_id: str, path: tuple[str, ...]) -> None:
        if rule_id in path:
            raise RuleError(f"rule '{path[0]}': refers to itself through {' -> '.join((*path, rule_id))}")
        rule = self.rules[rule_id]
        children: tuple[str, ...] = ()
        if isinstance(rule, CombinedRule):
            children = rule.rules
        elif isinstance(rule, PhraseRule) and rule.window.before:
            children = (rule.window.before,)
        for child in children:
            self._check_cycle(child, (*path, rule_id))


class _Fields:
    """Typed reads of one mapping's fields, with errors that name them."""

    def __init__(self, spec: dict[str, Any], where: str, prefix: str = "") -> None:
        self.spec = spec
        self.where = where
        self.prefix = prefix

    def _fail(self, name: str, expected: str, value: Any) -> RuleError:
        return RuleError(f"{self.where}: field '{self.prefix}{name}': expected {expected}, got {value!r}")

    def allow(self, *names: str) -> None:
        extra = [str(k) for k in self.spec if k not in names]
        if extra:
            raise RuleError(f"{self.where}: unknown field(s) {', '.join(repr(e) for e in extra)} (allowed: {', '.join(names)})")

    def number(self, name: str, *, minimum: float | None = None, maximum: float | None = None, default: float | None = None) -> float:
        value = self.spec.get(name, default)
        if value is None:
            raise RuleError(f"{self.where}: field '{self.prefix}{name}' is missing")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self._fail(name, "a number", value)
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bounds = f"between {minimum:g} and {maximum:g}" if maximum is not None else f"a number >= {minimum:g}"
            raise self._fail(name, bounds, value)
        return float(value)

    def boolean(self, name: str, default: bool) -> bool:
        value = self.spec.get(name, default)
        if not isinstance(value, bool):
            raise self._fail(name, "true or false", value)
        return value

    def choice(self, name: str, choices: tuple[str, ...], default: str | None) -> str:
        value = self.spec.get(name, default)
        if value not in choices:
            raise self._fail(name, f"one of {', '.join(choices)}", value)
        return str(value)

    def text(self, name: str, default: str) -> str:
        value = self.spec.get(name, default)
        if not isinstance(value, str):
            raise self._fail(name, "a string", value)
        return value

    def values(self, name: str, allowed: tuple[str, ...] | None) -> tuple[str, ...]:
        value = self.spec.get(name)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self._fail(name, "a value or a list of values", value)
        if allowed is not None:
            for v in value:
                if v not in allowed:
                    raise self._fail(name, f"values among {', '.join(allowed)}", v)
        return tuple(v.lower() for v in value)
