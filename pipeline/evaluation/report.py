"""An :class:`Evaluation` as a terminal table, as JSON, and as one HTML page.

The HTML report is self-contained (inline CSS and SVG, no script, nothing
fetched): files worst first, a bar chart of per-file scores per task, and
for each transcribed file the word diff of hypothesis against reference.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from pipeline.evaluation.qa_metrics import item_names
from pipeline.evaluation.results import COLLARS, Evaluation, FileResult

TASK_TITLES = {
    "asr": "Speech recognition", "diarization": "Speaker diarization", "summary": "Summaries",
    "qa": "Quality assurance (scorecard items)",
}


def to_json(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "root": evaluation.root,
        "tasks": list(evaluation.tasks),
        "started_at": evaluation.started_at,
        "wall_s": round(evaluation.wall_s, 3),
        "models": evaluation.models,
        "settings": evaluation.settings,
        "warnings": list(evaluation.warnings),
        "overall": {task: {k: _round(v) for k, v in s.items()} for task, s in evaluation.overall.items()},
        "files": [_file_json(f) for f in evaluation.files],
    }


def _round(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value


def _file_json(f: FileResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f.id,
        "task": f.task,
        "language": f.language,
        "duration_s": _round(f.duration),
        "processing_s": _round(f.processing_s),
        "rtf": _round(f.rtf),
        "error": f.error,
    }
    if f.wer is not None:
        out["wer"] = {
            "rate": _round(f.wer.rate),
            "unit": f.wer.unit,
            "substitutions": f.wer.substitutions,
            "deletions": f.wer.deletions,
            "insertions": f.wer.insertions,
            "reference_length": f.wer.reference_length,
        }
    if f.cpwer is not None:
        out["cpwer"] = {
            "rate": _round(f.cpwer.rate),
            "errors": f.cpwer.errors,
            "reference_length": f.cpwer.reference_length,
            "speaker_mapping": f.cpwer.mapping,
        }
    if f.der:
        out["der"] = [
            {
                "collar": d.collar,
                "rate": _round(d.rate),
                "missed_s": _round(d.missed),
                "false_alarm_s": _round(d.false_alarm),
                "confusion_s": _round(d.confusion),
                "reference_speech_s": _round(d.total),
            }
            for d in f.der
        ]
    if f.summary is not None:
        s = f.summary
        out["summary"] = {
            "fact_recall": _round(s.facts.recall),
            "facts_found": list(s.facts.found),
            "facts_missed": list(s.facts.missed),
            "invented": list(s.invented),
            "removed_unverified": list(s.removed),
            "rouge": {k: _round(v) for k, v in s.rouge.items()},
            "schema_valid": not s.schema_errors,
            "schema_errors": list(s.schema_errors),
            "generator": s.generator,
            "fallback_reason": s.fallback_reason,
            "resolution_ok": s.resolution_ok,
            "follow_up_ok": s.follow_up_ok,
            "category_ok": s.category_ok,
            "needs_review": s.needs_review,
            "actions_expected": s.actions_expected,
            "actions_produced": s.actions_produced,
            "actions_matched": s.actions_matched,
        }
    if f.qa is not None:
        out["qa"] = {
            "score": f.qa.score,
            "accuracy": _round(f.qa.accuracy),
            "items": {c.item: {"expected": c.expected, "got": c.got} for c in f.qa.checks},
        }
    return out


# -- terminal ---------------------------------------------------------------

Column = tuple[str, Callable[[FileResult], str]]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _columns(task: str) -> list[Column]:
    timing: list[Column] = [
        ("audio_s", lambda f: _num(f.duration, 1)),
        ("proc_s", lambda f: _num(f.processing_s, 1)),
        ("RTF", lambda f: _num(f.rtf)),
    ]
    if task == "asr":
        return [
            ("lang", lambda f: f.language or "-"),
            ("WER", lambda f: _pct(f.wer.rate) + (" (CER)" if f.wer.unit == "char" else "") if f.wer else "-"),
            ("sub/del/ins", lambda f: f"{f.wer.substitutions}/{f.wer.deletions}/{f.wer.insertions}" if f.wer else "-"),
            ("ref", lambda f: str(f.wer.reference_length) if f.wer else "-"),
            ("cpWER", lambda f: _pct(f.cpwer.rate) if f.cpwer else "-"),
            *timing,
        ]
    if task == "qa":
        return [
            ("lang", lambda f: f.language or "-"),
            ("items right", lambda f: f"{len(f.qa.checks) - len(f.qa.wrong)}/{len(f.qa.checks)}" if f.qa else "-"),
            ("score", lambda f: _num(f.qa.score, 1) if f.qa else "-"),
            ("wrong (expected->got)", lambda f: ", ".join(f"{c.item} {c.expected}->{c.got}" for c in f.qa.wrong) if f.qa else "-"),
        ]
    if task == "diarization":
        cols: list[Column] = []
        for k, collar in enumerate(COLLARS):
            cols.append((f"DER@{collar:g}", lambda f, k=k: _pct(f.der[k].rate) if len(f.der) > k else "-"))
        cols.append(("miss/FA/conf@0 (s)", lambda f: _der_parts(f)))
        return cols + timing
    return [
        ("facts", lambda f: f"{len(f.summary.facts.found)}/{f.summary.facts.expected}" if f.summary else "-"),
        ("invented", lambda f: str(len(f.summary.invented)) if f.summary else "-"),
        ("R-1", lambda f: _num(f.summary.rouge.get("rouge1")) if f.summary else "-"),
        ("R-2", lambda f: _num(f.summary.rouge.get("rouge2")) if f.summary else "-"),
        ("R-L", lambda f: _num(f.summary.rouge.get("rougeL")) if f.summary else "-"),
        ("schema", lambda f: ("ok" if not f.summary.schema_errors else "INVALID") if f.summary else "-"),
        ("outcome", lambda f: _outcome(f)),
        ("generator", lambda f: f.summary.generator or "-" if f.summary else "-"),
        ("proc_s", lambda f: _num(f.processing_s, 1)),
    ]


def _outcome(f: FileResult) -> str:
    """Resolution and follow-up against the expected ones: "ok", "WRONG" or "-"."""
    if f.summary is None:
        return "-"
    flags = [x for x in (f.summary.resolution_ok, f.summary.follow_up_ok, f.summary.category_ok) if x is not None]
    return "-" if not flags else "ok" if all(flags) else "WRONG"


def _der_parts(f: FileResult) -> str:
    if not f.der:
        return "-"
    d = f.der[0]
    return f"{d.missed:.1f}/{d.false_alarm:.1f}/{d.confusion:.1f}"


def overall_line(task: str, scores: dict[str, Any]) -> str:
    if task == "asr":
        parts = [
            f"{label} {_pct(scores[key])}"
            for key, label in (("wer", "WER"), ("cpwer", "cpWER"), ("cer", "CER"), ("cpcer", "cpCER"))
            if scores.get(key) is not None
        ]
        head = ", ".join(parts) or "WER -"
    elif task == "diarization":
        head = ", ".join(f"DER@{c:g} {_pct(scores.get(f'der_collar_{c:g}'))}" for c in COLLARS)
        head += (
            f" (collar 0: missed {_pct(scores.get('missed_collar_0'))}, false alarm "
            f"{_pct(scores.get('false_alarm_collar_0'))}, confusion {_pct(scores.get('confusion_collar_0'))})"
        )
    elif task == "qa":
        per_item = [
            f"{name} {_pct(scores.get(f'{name}_accuracy'))} (not met: precision {_pct(scores.get(f'{name}_precision'))}, "
            f"recall {_pct(scores.get(f'{name}_recall'))})"
            for name in item_names(scores)
        ]
        head = f"item accuracy {_pct(scores.get('item_accuracy'))} of {scores.get('items_checked')} items; " + "; ".join(per_item)
    else:
        head = (
            f"key-fact recall {_pct(scores.get('fact_recall'))} of {scores.get('facts_expected')}, "
            f"invented {scores.get('invented')} (removed by the checker {scores.get('removed_unverified')}), "
            f"ROUGE-1/2/L {_num(scores.get('rouge1'))}/"
            f"{_num(scores.get('rouge2'))}/{_num(scores.get('rougeL'))}, "
            f"schema valid {_pct(scores.get('schema_valid'))}"
        )
        if scores.get("resolution_accuracy") is not None:
            by_language = [
                f"{key.rsplit('_', 1)[1]} {_pct(value)}"
                for key, value in sorted(scores.items())
                if key.startswith("resolution_accuracy_") and value is not None
            ]
            head += f", resolution right {_pct(scores['resolution_accuracy'])}"
            if by_language:
                head += f" ({', '.join(by_language)})"
            head += f", needs review {_pct(scores.get('needs_review_rate'))}"
        if scores.get("follow_up_accuracy") is not None:
            head += f", follow-up right {_pct(scores['follow_up_accuracy'])}"
        if scores.get("category_accuracy") is not None:
            head += f", category right {_pct(scores['category_accuracy'])}"
        if scores.get("action_owner_recall") is not None:
            head += (
                f", action items by owner: recall {_pct(scores['action_owner_recall'])}, "
                f"precision {_pct(scores.get('action_owner_precision'))}"
            )
    rtf = f", RTF {_num(scores.get('rtf'))}" if scores.get("rtf") is not None else ""
    return f"{head}; {scores['files']} files, {scores['failed']} failed{rtf}"


def to_text(evaluation: Evaluation) -> str:
    lines: list[str] = []
    for task in evaluation.tasks:
        files = [f for f in evaluation.files if f.task == task]
        if not files:
            continue
        columns = [("file", lambda f: f.id), *_columns(task), ("error", lambda f: f.error or "")]
        rows = [[get(f) for _name, get in columns] for f in files]
        header = [name for name, _get in columns]
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        lines.append(f"== {TASK_TITLES[task]} ==")
        for row in [header, *rows]:
            lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        lines.append("overall: " + overall_line(task, evaluation.overall[task]))
        lines.append("")
    if not any(f for f in evaluation.files):
        lines.append("nothing to evaluate: no file had the references these tasks need")
    lines.append("models: " + ", ".join(f"{k}={v}" for k, v in evaluation.models.items()))
    lines.append("settings: " + ", ".join(f"{k}={v}" for k, v in evaluation.settings.items() if v is not None))
    lines.extend(f"warning: {w}" for w in evaluation.warnings)
    return "\n".join(lines) + "\n"


# -- HTML -------------------------------------------------------------------

_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:72em}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}
th{background:#f3f3f3}.bad{color:#b00020;font-weight:600}.diff{font-family:ui-monospace,monospace;line-height:1.8}
.d{background:#fdd;text-decoration:line-through}.i{background:#dfd}.s{background:#fec}
details{margin:.3em 0}summary{cursor:pointer}code{background:#f6f6f6}
"""


def to_html(evaluation: Evaluation) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>callbrief evaluation</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>callbrief evaluation</h1>",
        f"<p>{e(evaluation.root)} &middot; {e(evaluation.started_at)} &middot; {evaluation.wall_s:.0f} s</p>",
        _kv_table("Models", evaluation.models),
        _kv_table("Settings", {k: v for k, v in evaluation.settings.items() if v is not None}),
    ]
    if evaluation.warnings:
        parts.append("<ul>" + "".join(f"<li>{e(w)}</li>" for w in evaluation.warnings) + "</ul>")
    for task in evaluation.tasks:
        files = sorted((f for f in evaluation.files if f.task == task), key=lambda f: -f.score)
        if not files:
            continue
        parts.append(f"<h2>{e(TASK_TITLES[task])}</h2>")
        parts.append(f"<p><b>Overall:</b> {e(overall_line(task, evaluation.overall[task]))}</p>")
        parts.append(_bar_chart(files))
        columns = [("file", lambda f: f.id), *_columns(task), ("error", lambda f: f.error or "")]
        parts.append("<table><tr>" + "".join(f"<th>{e(n)}</th>" for n, _g in columns) + "</tr>")
        for f in files:
            parts.append("<tr>" + "".join(f"<td>{e(get(f))}</td>" for _n, get in columns) + "</tr>")
        parts.append("</table>")
        parts.extend(_details(f) for f in files)
    parts.append("</body></html>")
    return "\n".join(parts)


def _kv_table(title: str, values: dict[str, Any]) -> str:
    rows = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in values.items())
    return f"<h3>{html.escape(title)}</h3><table>{rows}</table>"


def _bar_chart(files: list[FileResult]) -> str:
    """Horizontal bars of each file's headline error (worst first), clipped at 100 %."""
    bar_h, gap, label_w, bar_w = 16, 4, 180, 400
    height = len(files) * (bar_h + gap) + gap
    rows = []
    for k, f in enumerate(files):
        y = gap + k * (bar_h + gap)
        width = max(1.0, min(f.score, 1.0) * bar_w)
        colour = "#c62828" if f.score > 0.3 else "#f9a825" if f.score > 0.1 else "#2e7d32"
        rows.append(
            f"<text x='{label_w - 6}' y='{y + bar_h - 4}' text-anchor='end' font-size='12'>"
            f"{html.escape(f.id[:28])}</text>"
            f"<rect x='{label_w}' y='{y}' width='{width:.1f}' height='{bar_h}' fill='{colour}'/>"
            f"<text x='{label_w + width + 4:.1f}' y='{y + bar_h - 4}' font-size='12'>{100 * f.score:.1f}%</text>"
        )
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{label_w + bar_w + 60}' height='{height}' "
        f"role='img' aria-label='error per file, worst first'>{''.join(rows)}</svg>"
    )


def _details(f: FileResult) -> str:
    e = html.escape
    body: list[str] = []
    if f.error:
        body.append(f"<p class='bad'>{e(f.error)}</p>")
    if f.wer is not None:
        body.append(
            "<p>Hypothesis against reference (normalised): <span class='d'>deleted</span> "
            "<span class='i'>inserted</span> <span class='s'>ref&rarr;hyp</span></p>"
        )
        body.append(f"<p class='diff'>{diff_html(f.wer.diff, f.wer.unit)}</p>")
    if f.cpwer is not None and f.cpwer.mapping:
        body.append("<p>Speaker mapping (hypothesis &rarr; reference): "
                    + e(", ".join(f"{h} → {r}" for h, r in f.cpwer.mapping.items())) + "</p>")
    if f.summary is not None:
        s = f.summary
        body.append(f"<p><b>Summary</b> ({e(s.generator or '-')}): {e(s.text)}</p>")
        if s.facts.missed:
            body.append(f"<p class='bad'>Missed facts: {e(', '.join(s.facts.missed))}</p>")
        if s.invented:
            body.append(f"<p class='bad'>Invented / unverified: {e(', '.join(s.invented))}</p>")
        if s.schema_errors:
            body.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in s.schema_errors) + "</ul>")
        if s.fallback_reason:
            body.append(f"<p>Fallback: {e(s.fallback_reason)}</p>")
    if f.qa is not None and f.qa.wrong:
        body.append(
            "<ul>"
            + "".join(f"<li class='bad'>{e(c.item)}: expected {e(c.expected)}, got {e(str(c.got))} &mdash; {e(c.note)}</li>" for c in f.qa.wrong)
            + "</ul>"
        )
    if not body:
        return ""
    title = f"{e(f.task)} &middot; {e(f.id)} &middot; {100 * f.score:.1f}%"
    return f"<details><summary>{title}</summary>{''.join(body)}</details>"


def diff_html(diff: tuple[tuple[str, str, str], ...], unit: str = "word") -> str:
    sep = "" if unit == "char" else " "
    out = []
    for op, ref, hyp in diff:
        if op == "=":
            out.append(html.escape(ref))
        elif op == "d":
            out.append(f"<span class='d'>{html.escape(ref)}</span>")
        elif op == "i":
            out.append(f"<span class='i'>{html.escape(hyp)}</span>")
        else:
            out.append(f"<span class='s'>{html.escape(ref)}&rarr;{html.escape(hyp)}</span>")
    return sep.join(out)
