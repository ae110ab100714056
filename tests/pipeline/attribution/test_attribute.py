"""Words -> speakers -> turns -> roles, with hand-built diarizations."""

from __future__ import annotations

from pipeline.attribution.attribute import assign_words, decide_roles, join_words, make_turns
from pipeline.options import AttributeOptions
from pipeline.types import Diarization, Role, RoleAssignment, Segment, SpeakerSegment, Transcript, Word
from tests.pipeline import factories as f

OPTIONS = AttributeOptions(max_pause_s=1.5)


def _mono(*words: Word) -> Transcript:
    return f.transcript([Segment(0, words[0].start, words[-1].end, "".join(w.text for w in words), tuple(words))])


def test_word_straddling_a_boundary_goes_to_the_larger_overlap() -> None:
    diar = f.diarization([(0.0, 2.0, "A"), (2.0, 5.0, "B")])
    transcript = _mono(
        Word(1.5, 2.1, " early", 0.9),  # 0.5 s in A, 0.1 s in B
        Word(1.9, 2.6, " late", 0.9),  # 0.1 s in A, 0.6 s in B
    )
    out = assign_words(transcript, diar, OPTIONS)
    assert [w.speaker for w in out.words] == ["A", "B"]


def test_overlap_with_two_segments_of_one_speaker_adds_up() -> None:
    # 0.3 + 0.3 s of A beat 0.4 s of B.
    diar = f.diarization([(0.0, 1.3, "A"), (1.3, 1.7, "B"), (1.7, 3.0, "A")])
    out = assign_words(_mono(Word(1.0, 2.0, " word", 0.9)), diar, OPTIONS)
    assert out.words[0].speaker == "A"


def test_word_in_a_gap_goes_to_the_nearest_segment() -> None:
    diar = f.diarization([(0.0, 1.0, "A"), (5.0, 6.0, "B")])
    transcript = _mono(Word(1.5, 1.8, " near_a", 0.9), Word(4.0, 4.5, " near_b", 0.9), Word(7.0, 7.0, " after", 0.9))
    out = assign_words(transcript, diar, OPTIONS)
    assert [w.speaker for w in out.words] == ["A", "B", "B"]


def test_zero_length_word_inside_a_segment_takes_that_speaker() -> None:
    diar = f.diarization([(0.0, 1.0, "A"), (1.0, 2.0, "B"), (2.0, 3.0, "A")])
    out = assign_words(_mono(Word(1.5, 1.5, " blip", 0.9)), diar, OPTIONS)
    assert out.words[0].speaker == "B"


def test_no_diarization_segments_means_one_default_speaker() -> None:
    out = assign_words(_mono(Word(0.0, 1.0, " hello", 0.9)), Diarization((), (), (), "single"), OPTIONS)
    assert out.words[0].speaker == "SPEAKER_00"


def test_stereo_words_take_their_channel_whatever_diarization_says() -> None:
    transcript = f.transcript([f.segment(0, 0.0, 2.0, "hello there", channel=1), f.segment(1, 2.0, 3.0, "hi", channel=0)])
    diar = f.diarization([(0.0, 3.0, "ch0")], source="channels")
    out = assign_words(transcript, diar, OPTIONS)
    assert [w.speaker for w in out.words] == ["ch1", "ch1", "ch0"]


def test_segment_without_word_timings_keeps_its_text() -> None:
    transcript = f.transcript([Segment(0, 1.0, 2.0, " no word times", (), avg_logprob=-0.2)])
    out = assign_words(transcript, f.diarization([(0.0, 3.0, "A")]), OPTIONS)
    turns = make_turns(out, OPTIONS)
    assert [(t.speaker, t.text) for t in turns] == [("A", "no word times")]


def test_turns_merge_same_speaker_words_and_split_at_long_pauses_and_speaker_changes() -> None:
    w = [
        Word(0.0, 0.5, " Hello", 0.9, "A"),
        Word(0.6, 1.0, " there.", 0.9, "A"),
        Word(2.4, 2.8, " Still", 0.9, "A"),  # pause 1.4 s < 1.5: same turn
        Word(4.3, 4.6, " later", 0.9, "A"),  # pause 1.5 s: new turn
        Word(4.7, 5.0, " Hi", 0.9, "B"),
        Word(5.0, 5.3, " back", 0.9, "A"),
    ]
    # Segments given out of time order: turns follow time, not segment order.
    transcript = f.transcript([Segment(1, 4.3, 5.3, "", tuple(w[3:])), Segment(0, 0.0, 2.8, "", tuple(w[:3]))])
    turns = make_turns(transcript, OPTIONS)
    assert [(t.id, t.speaker, t.text) for t in turns] == [
        (0, "A", "Hello there. Still"),
        (1, "A", "later"),
        (2, "B", "Hi"),
        (3, "A", "back"),
    ]
    assert (turns[0].start, turns[0].end) == (0.0, 2.8)
    assert all(t.role is Role.UNKNOWN for t in turns)
    assert len(turns[0].words) == 3


def test_stereo_channels_interleave_by_time() -> None:
    transcript = f.transcript(
        [f.segment(0, 0.0, 4.0, "one two three four", channel=0), f.segment(1, 1.2, 1.8, "yes", channel=1)]
    )
    out = assign_words(transcript, f.diarization([], source="channels"), OPTIONS)
    turns = make_turns(out, OPTIONS)
    assert [(t.speaker, t.text) for t in turns] == [("ch0", "one two"), ("ch1", "yes"), ("ch0", "three four")]


def test_join_words_handles_whisper_spaces_plain_tokens_and_unspaced_scripts() -> None:
    whisper = [Word(0, 1, " Hello", 1), Word(1, 2, ",", 1), Word(2, 3, "  world", 1), Word(3, 4, " 42.10", 1)]
    assert join_words(whisper) == "Hello, world 42.10"
    assert join_words([Word(0, 1, "Hello", 1), Word(1, 2, "world", 1)]) == "Hello world"
    assert join_words([Word(0, 1, "你好", 1), Word(1, 2, "世界", 1)], "zh") == "你好世界"
    assert join_words([Word(0, 1, " 안녕하세요", 1), Word(1, 2, " 고객님", 1)], "ko") == "안녕하세요 고객님"


def test_stereo_roles_come_from_the_channel_map() -> None:
    diar = f.diarization([(0.0, 1.0, "ch0"), (1.0, 2.0, "ch1")], source="channels")
    swapped = decide_roles((), diar, (Role.CUSTOMER, Role.AGENT))
    assert swapped == RoleAssignment({"ch0": Role.CUSTOMER, "ch1": Role.AGENT}, 1.0, "channels")


def test_mono_roles_use_the_words_and_a_replaceable_decider() -> None:
    turns = f.speaker_turns(
        [
            ("SPEAKER_01", "Hello?"),
            ("SPEAKER_00", "Good morning, thank you for calling Riverside Council, how can I help?"),
            ("SPEAKER_01", "I'm calling about my council tax bill."),
        ]
    )
    diar = f.diarization([(0.0, 3.0, "SPEAKER_01"), (3.0, 6.0, "SPEAKER_00"), (6.0, 9.0, "SPEAKER_01")])
    decided = decide_roles(turns, diar, None)
    assert decided.roles == {"SPEAKER_00": Role.AGENT, "SPEAKER_01": Role.CUSTOMER}
    assert decided.method == "heuristic"

    def everyone_unknown(turns, speakers):  # type: ignore[no-untyped-def]
        return RoleAssignment({s: Role.UNKNOWN for s in speakers}, 0.1, "test")

    replaced = decide_roles(turns, diar, None, decider=everyone_unknown)
    assert replaced.method == "test" and set(replaced.roles) == {"SPEAKER_00", "SPEAKER_01"}


def test_mono_roles_include_a_diarized_speaker_who_said_no_words() -> None:
    turns = f.speaker_turns([("A", "Thank you for calling Northwind, how can I help?")])
    diar = Diarization(
        (SpeakerSegment(0.0, 3.0, "A"), SpeakerSegment(3.0, 4.0, "B")), (), ("A", "B"), "diarization"
    )
    assert decide_roles(turns, diar, None).roles == {"A": Role.AGENT, "B": Role.CUSTOMER}
