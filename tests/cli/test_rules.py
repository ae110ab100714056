"""``callbrief rules`` and ``callbrief eval qa`` as a user runs them: subprocesses, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

DEV = ROOT / "samples" / "dev"


def callbrief(*args: str, data_dir: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLBRIEF_") and k not in ("DATABASE_URL", "BROKER_URL")}
    if data_dir is not None:
        env["CALLBRIEF_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
        stdin=subprocess.DEVNULL, env=env,
    )


def test_check_load_show_and_versions(tmp_path: Path) -> None:
    rules = tmp_path / "site.yaml"
    rules.write_text(
        "name: site\nrules:\n  greet: {kind: phrase, party: agent, phrases: ['thank you for calling']}\n"
        "scorecards:\n  card: {items: {greeting: {rule: greet}}}\n",
        encoding="utf-8",
    )
    checked = callbrief("rules", "check", str(rules))
    assert checked.returncode == 0 and "ok: 1 rules, 1 scorecard(s) with 1 items" in checked.stdout
    shown = callbrief("rules", "show", data_dir=tmp_path / "data")
    assert shown.returncode == 0 and "public-sector contact centre" in shown.stdout  # the default, version 0
    loaded = callbrief("rules", "load", str(rules), "--comment", "first", data_dir=tmp_path / "data")
    assert loaded.returncode == 0, loaded.stderr
    assert "rule set version 1 is in force" in loaded.stdout
    assert callbrief("rules", "show", data_dir=tmp_path / "data").stdout == rules.read_text(encoding="utf-8")
    versions = callbrief("rules", "versions", data_dir=tmp_path / "data").stdout
    assert versions.startswith("1\t") and "site\tfirst" in versions


def test_a_bad_rule_file_is_refused_with_the_rule_and_the_field(tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text("rules:\n  greet: {kind: phrase, phrases: [hi], within: {last_s: -5}}\ncategories: {c: {rule: greet}}\n")
    done = callbrief("rules", "load", str(rules), data_dir=tmp_path / "data")
    assert done.returncode == 2
    assert "error [bad_rules]: rule 'greet': field 'within.last_s': expected a number >= 0, got -5" in done.stderr
    assert "Traceback" not in done.stderr
    missing = callbrief("rules", "check", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "[bad_rules]" in missing.stderr


def test_eval_qa_reports_each_item_and_the_overall_accuracy(tmp_path: Path) -> None:
    out = tmp_path / "qa.json"
    done = callbrief("eval", "qa", str(DEV), "--no-progress", "--format", "json", "-o", str(out), "--report", str(tmp_path / "r.html"))
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    qa = report["overall"]["qa"]
    assert qa["files"] == 66 and qa["items_checked"] == 66 * 6
    assert qa["item_accuracy"] >= 0.9
    for item in ("greeting", "identity", "disclosure", "next_steps", "further_help", "no_banned_phrases"):
        assert 0 <= qa[f"{item}_accuracy"] <= 1 and f"{item}_recall" in qa
    assert "Quality assurance" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_eval_qa_with_a_site_rule_file_and_a_label_for_an_item_it_lacks(tmp_path: Path) -> None:
    (tmp_path / "calls.jsonl").write_text(
        json.dumps({"id": "c1", "language": "en", "turns": [
            {"role": "agent", "text": "Thank you for calling Northwind Council."},
            {"role": "customer", "text": "Hi."},
        ]}) + "\n", encoding="utf-8",
    )
    (tmp_path / "qa_labels.jsonl").write_text(
        json.dumps({"id": "c1", "items": {"greeting": "met", "unknown_item": "met"}}) + "\n", encoding="utf-8"
    )
    rules = tmp_path / "site.yaml"
    rules.write_text(
        "rules:\n  greet: {kind: phrase, party: agent, within: {first_s: 15}, phrases: ['thank you for calling {org}']}\n"
        "vars: {org: [Northwind Council]}\nscorecards:\n  card: {items: {greeting: {rule: greet}}}\n",
        encoding="utf-8",
    )
    done = callbrief("eval", "qa", str(tmp_path), "--rules", str(rules), "--no-progress")
    assert done.returncode == 0, done.stderr
    assert "item accuracy 50.0% of 2 items" in done.stdout
    assert "unknown_item met->None" in done.stdout
    bad = tmp_path / "qa_bad.jsonl"
    bad.write_text(json.dumps({"id": "c1", "items": {"greeting": "yes"}}) + "\n", encoding="utf-8")
    refused = callbrief("eval", "qa", str(tmp_path), "--no-progress")
    assert refused.returncode == 2 and "items.greeting: 'yes' is not one of met, not_met, not_applicable" in refused.stderr
