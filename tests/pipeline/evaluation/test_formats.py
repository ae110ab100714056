"""Reference parsers: well-formed input, and clear errors naming file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.evaluation import formats
from pipeline.evaluation.discover import discover
from pipeline.types import Role


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def raises_at(path: Path, line: int | None, fragment: str):
    class _Check:
        def __enter__(self):
            self._ctx = pytest.raises(InputError)
            self.info = self._ctx.__enter__()
            return self

        def __exit__(self, *exc):
            handled = self._ctx.__exit__(*exc)
            err = self.info.value
            where = f"{path}:{line}:" if line is not None else f"{path}:"
            assert err.code == "bad_manifest"
            assert err.message.startswith(where), err.message
            assert fragment in err.message
            return handled

    return _Check()


def test_tsv_reads_ids_and_text(tmp_path):
    path = write(tmp_path / "refs.tsv", "# comment\ncall1\tHello there\n\ncall2\tGood\tbye\n")
    assert formats.read_tsv(path) == {"call1": "Hello there", "call2": "Good\tbye"}


def test_tsv_line_without_tab_is_named(tmp_path):
    path = write(tmp_path / "refs.tsv", "call1\tHello\ncall2 no tab here\n")
    with raises_at(path, 2, "no tab"):
        formats.read_tsv(path)


def test_duplicate_id_is_named(tmp_path):
    path = write(tmp_path / "text", "utt1 hello\nutt2 bye\nutt1 again\n")
    with raises_at(path, 3, "'utt1' appears twice"):
        formats.read_kaldi_text(path)


def test_kaldi_text_and_wav_scp(tmp_path):
    text = write(tmp_path / "text", "utt1 HELLO WORLD\nutt2\n")
    scp = write(tmp_path / "wav.scp", "utt1 audio/a.wav\nutt2 /abs/b.flac\n")
    assert formats.read_kaldi_text(text) == {"utt1": "HELLO WORLD", "utt2": ""}
    assert formats.read_wav_scp(scp) == {"utt1": tmp_path / "audio/a.wav", "utt2": Path("/abs/b.flac")}


def test_wav_scp_pipe_commands_are_refused(tmp_path):
    scp = write(tmp_path / "wav.scp", "utt1 a.wav\nutt2 sox b.wav -t wav - |\n")
    with raises_at(scp, 2, "not run"):
        formats.read_wav_scp(scp)


def test_stm_gives_speaker_turns_and_skips_labels_and_gaps(tmp_path):
    path = write(
        tmp_path / "c.stm",
        ";; comment\n"
        "call 1 agent 0.5 2.0 <o,f0,male> Hello, council here.\n"
        "call 1 inter_segment_gap 2.0 2.5\n"
        "call 1 customer 2.5 4.0 Hi.\n",
    )
    turns = formats.read_stm(path)["call"]
    assert [(t.speaker, t.role, t.start, t.end, t.text) for t in turns] == [
        ("agent", Role.AGENT, 0.5, 2.0, "Hello, council here."),
        ("customer", Role.CUSTOMER, 2.5, 4.0, "Hi."),
    ]


def test_stm_end_before_start_is_named(tmp_path):
    path = write(tmp_path / "c.stm", "call 1 A 0.0 1.0 hi\ncall 1 B 5.0 4.0 oops\n")
    with raises_at(path, 2, "before start"):
        formats.read_stm(path)


def test_rttm_reads_speaker_lines_only(tmp_path):
    path = write(
        tmp_path / "r.rttm",
        "SPKR-INFO call 1 <NA> <NA> <NA> unknown A <NA>\n"
        "SPEAKER call 1 0.50 1.25 <NA> <NA> A <NA> <NA>\n",
    )
    [segment] = formats.read_rttm(path)["call"]
    assert (segment.start, segment.end, segment.speaker) == (0.5, 1.75, "A")


def test_rttm_bad_number_is_named(tmp_path):
    path = write(
        tmp_path / "r.rttm",
        "SPEAKER call 1 0.5 1.0 <NA> <NA> A <NA> <NA>\nSPEAKER call 1 abc 1.0 <NA> <NA> B\n",
    )
    with raises_at(path, 2, "start 'abc' is not a number"):
        formats.read_rttm(path)


def test_rttm_short_line_is_named(tmp_path):
    path = write(tmp_path / "r.rttm", "SPEAKER call 1 0.5\n")
    with raises_at(path, 1, "expected 'SPEAKER"):
        formats.read_rttm(path)


def test_uem_reads_regions_and_rejects_bad_lines(tmp_path):
    good = write(tmp_path / "a.uem", "call NA 0.000 30.000\n")
    assert formats.read_uem(good) == {"call": [(0.0, 30.0)]}
    bad = write(tmp_path / "b.uem", "call NA 0 30\ncall NA 30\n")
    with raises_at(bad, 2, "expected 'file channel start end'"):
        formats.read_uem(bad)


def test_jsonl_dialogues_with_reference_summaries(tmp_path):
    line = {
        "id": "d1",
        "turns": [{"role": "customer", "text": "My bill is wrong"}, {"role": "agent", "text": "Let me check"}],
        "reference_summaries": ["Customer disputes bill."],
    }
    path = write(tmp_path / "d.jsonl", json.dumps(line) + "\n")
    [record] = formats.read_records(path)
    assert record.id == "d1"
    assert [(t.id, t.role, t.text) for t in record.turns] == [
        (0, Role.CUSTOMER, "My bill is wrong"),
        (1, Role.AGENT, "Let me check"),
    ]
    assert record.turns[1].start > record.turns[0].start
    assert record.reference_summaries == ("Customer disputes bill.",)


def test_jsonl_invalid_json_names_the_line(tmp_path):
    path = write(tmp_path / "d.jsonl", '{"id": "a", "facts": []}\n\n{"id": "b", "facts": [}\n')
    with raises_at(path, 3, "not valid JSON"):
        formats.read_records(path)


def test_jsonl_missing_id_and_bad_facts_are_named(tmp_path):
    path = write(tmp_path / "f.jsonl", '{"facts": ["1"]}\n')
    with raises_at(path, 1, "missing 'id'"):
        formats.read_records(path)
    path = write(tmp_path / "g.jsonl", '{"id": "a", "facts": ["1"]}\n{"id": "b", "facts": [{"kind": "amount"}]}\n')
    with raises_at(path, 2, "facts[0]"):
        formats.read_records(path)


def test_json_facts_in_every_accepted_shape(tmp_path):
    path = write(tmp_path / "facts.json", json.dumps({"call1": ["$42.10"], "call2": {"reference": ["R-1", "R-2"]}}))
    records = {r.id: r for r in formats.read_records(path)}
    assert [(f.kind, f.value) for f in records["call1"].facts] == [("other", "$42.10")]
    assert [(f.kind, f.value) for f in records["call2"].facts] == [("reference", "R-1"), ("reference", "R-2")]


def test_expected_category_and_action_owners_are_read_and_checked(tmp_path):
    good = write(
        tmp_path / "a.jsonl",
        json.dumps({"id": "a", "expected": {"category": "refund", "action_items": [{"owner": "Fraud team"}, {"owner": "customer"}]}})
        + "\n",
    )
    (record,) = formats.read_records(good)
    assert record.category == "refund" and record.action_owners == (Role.AGENT, Role.CUSTOMER)
    bad = write(tmp_path / "b.jsonl", '{"id": "b", "expected": {"action_items": "call back"}}\n')
    with raises_at(bad, 1, "expected.action_items must be a list"):
        formats.read_records(bad)


def test_expected_outcome_is_read_and_checked(tmp_path):
    good = write(tmp_path / "a.json", json.dumps({"expected": {"resolution": "escalated", "follow_up_required": True}}))
    [record] = formats.read_records(good)
    assert (record.id, record.resolution, record.follow_up_required) == ("a", "escalated", True)
    bad = write(tmp_path / "b.jsonl", '{"id": "b", "expected": {"resolution": "fixed"}}\n')
    with raises_at(bad, 1, "expected.resolution 'fixed'"):
        formats.read_records(bad)


def test_json_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path / "call.json", '{\n  "facts": [\n    "a",\n  ]\n}\n')
    with raises_at(path, 4, "not valid JSON"):
        formats.read_records(path)


def test_discover_matches_references_to_audio_by_id(tmp_path):
    for name in ("c1.wav", "c2.flac", "c3.mp3"):
        (tmp_path / name).write_bytes(b"")
    write(tmp_path / "refs.tsv", "c1\thello\nmissing\tno audio\n")
    write(tmp_path / "c2.txt", "good\nmorning\n")
    write(tmp_path / "c2.rttm", "SPEAKER c2 1 0 1 <NA> <NA> A <NA> <NA>\n")
    write(tmp_path / "c2.uem", "c2 NA 0 1\n")
    write(
        tmp_path / "c3.json",
        json.dumps(
            {"language": "en", "turns": [{"speaker": "agent", "text": "Hi", "start": 0, "end": 1}], "facts": ["42"]}
        ),
    )
    dataset = discover(tmp_path)
    items = {i.id: i for i in dataset.items}
    assert set(items) == {"c1", "c2", "c3"}
    assert items["c1"].text == "hello" and items["c1"].supports("asr")
    assert items["c2"].text == "good morning" and items["c2"].supports("diarization")
    assert items["c2"].uem == ((0.0, 1.0),)
    assert items["c3"].has_speaker_text and items["c3"].supports("summary")
    assert items["c3"].reference_speakers[0].speaker == "agent"
    assert any("missing" in w for w in dataset.warnings)


def test_discover_a_manifest_file_reads_only_it(tmp_path):
    (tmp_path / "c1.wav").write_bytes(b"")
    write(tmp_path / "a.tsv", "c1\thello\n")
    write(tmp_path / "b.tsv", "c1\tbye\n")
    [item] = discover(tmp_path / "b.tsv").items
    assert item.text == "bye"


def test_discover_kaldi_folder(tmp_path):
    (tmp_path / "x.wav").write_bytes(b"")
    write(tmp_path / "wav.scp", f"utt1 {tmp_path / 'x.wav'}\n")
    write(tmp_path / "text", "utt1 HELLO\n")
    items = {i.id: i for i in discover(tmp_path / "text").items}
    assert items["utt1"].audio == tmp_path / "x.wav"
    assert items["utt1"].text == "HELLO"


def test_discover_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        discover(tmp_path / "nope")
