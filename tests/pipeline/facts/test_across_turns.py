"""Key facts read in the call around them: ids split over turns, corrected
values (the last one wins), dates of birth left out, and the recognition
confidence each fact carries."""

from __future__ import annotations

from pipeline.facts.extract import read_key_facts
from pipeline.summary.grounding import check_summary
from pipeline.types import KeyFact, Role, Summary, Turn, Word
from tests.pipeline.factories import turn
from tests.pipeline.summary.test_grounding import make_summary

A, C = Role.AGENT, Role.CUSTOMER


def summary_with(turns: tuple[Turn, ...], text: str, key_facts: tuple[KeyFact, ...]) -> Summary:
    return make_summary(summary=text, key_facts=key_facts, cited=tuple(t.id for t in turns))


def facts(turns: tuple[Turn, ...]) -> list[tuple[str, str, tuple[int, ...]]]:
    return [(f.kind, f.value, f.turn_ids) for f in read_key_facts(turns)]


# ------------------------------------------------------------ split over turns


def test_an_id_split_over_two_turns_is_one_id() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "What's the ticket number?"),
        turn(1, "c", C, 2, 4, "It's 712-0"),
        turn(2, "c", C, 4, 5, "-4. Sorry, it cut out."),
    )
    assert facts(turns) == [("reference", "71204", (1, 2))]


def test_an_echo_of_the_first_half_is_not_an_id_of_its_own() -> None:
    turns = (
        turn(0, "c", C, 0, 2, "Yes, it's 836-0"),
        turn(1, "a", A, 2, 4, "836-0, yeah?"),
        turn(2, "c", C, 4, 5, "-52. That's the lot."),
    )
    assert facts(turns) == [("reference", "836052", (0, 2))]


def test_spelled_letters_join_the_id_read_back_with_them() -> None:
    turns = (
        turn(0, "c", C, 0, 2, "W K 1 9..."),
        turn(1, "a", A, 2, 4, "W K 1 9, yes?"),
        turn(2, "c", C, 4, 6, "...3 3 0 7. Sorry, I'm reading it off the windscreen."),
        turn(3, "a", A, 6, 8, "WK193307. And the vehicle registration?"),
    )
    assert facts(turns) == [("reference", "WK193307", (0, 2, 3))]


def test_letters_spelled_before_the_first_half_stay_on_the_joined_id() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "Is there an agreement number on the letter?"),
        turn(1, "c", C, 2, 4, "There is. H P seven seven two..."),
        turn(2, "a", A, 4, 5, "Mm-hm."),
        turn(3, "c", C, 5, 7, "...oh four one. And it says a hatchback."),
    )
    assert facts(turns) == [("reference", "HP772041", (1, 3))]


def test_a_new_sentence_starting_with_a_number_is_not_a_continuation() -> None:
    turns = (
        turn(0, "c", C, 0, 2, "My reference is 4417."),
        turn(1, "a", A, 2, 4, "Thanks. 52 people called today."),
    )
    assert facts(turns) == [("reference", "4417", (0,))]


def test_a_korean_phone_number_goes_on_after_a_nod() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "성함하고 연락처 말씀 부탁드립니다"),
        turn(1, "c", C, 2, 4, "김정호요 번호는 공일공 사칠이삼에"),
        turn(2, "a", A, 4, 5, "네"),
        turn(3, "c", C, 5, 6, "팔팔공일이요"),
    )
    assert facts(turns) == [("phone", "010-4723-8801", (1, 3))]


def test_a_turn_of_nothing_but_digits_goes_on_in_the_next_after_a_nod() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "주문번호 확인 부탁드릴게요"),
        turn(1, "c", C, 2, 4, "이공이사 일일이칠"),
        turn(2, "a", A, 4, 5, "네"),
        turn(3, "c", C, 5, 7, "공공 팔삼 육이 문자에 있는 거 그대로 불렀어요"),
    )
    assert facts(turns) == [("reference", "20241127008362", (1, 3))]


def test_digits_said_after_a_sentence_with_a_number_do_not_continue_it() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "What's the account number?"),
        turn(1, "c", C, 2, 4, "It's four eight two one seven, I think."),
        turn(2, "a", A, 4, 5, "Okay."),
        turn(3, "c", C, 5, 7, "Two two is my flat number."),
    )
    assert [value for _, value, _ in facts(turns)] == ["48217"]


def test_an_id_goes_on_after_a_filler_and_a_pause() -> None:
    turns = (
        turn(0, "c", C, 0, 2, "Yeah, it's 4 7 0 0, um..."),
        turn(1, "a", A, 2, 3, "Take your time."),
        turn(2, "c", C, 3, 5, "...2 2 1 8 3 6 9."),
    )
    assert [value for _, value, _ in facts(turns)] == ["47002218369"]


def test_digits_read_one_at_a_time_go_on_in_the_same_speakers_next_turn() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "And the account number?"),
        turn(1, "c", C, 2, 4, "it's one nine oh two"),
        turn(2, "c", C, 4, 6, "two seven six six"),
    )
    assert [value for _, value, _ in facts(turns)] == ["19022766"]


def test_a_turn_that_starts_again_with_the_last_digits_is_not_joined_on() -> None:
    turns = (
        turn(0, "c", C, 0, 2, "file number is h y two zero seven six three eight one nine"),
        turn(1, "c", C, 2, 4, "one nine four five zero two five"),
    )
    assert "HY207638191945025" not in [value for _, value, _ in facts(turns)]


def test_the_fact_checker_finds_a_split_id_in_its_turns() -> None:
    turns = (
        turn(0, "c", C, 0, 2, "It's 712-0"),
        turn(1, "c", C, 2, 3, "-4."),
    )
    summary = summary_with(turns, "Ticket 71204 was logged.", key_facts=(KeyFact("ticket", "71204", (0, 1)),))
    checked = check_summary(summary, turns)
    assert [(c.field, c.token, c.verified) for c in checked.checks if c.token == "71204"] == [
        ("summary", "71204", True), ("key_facts[0].value", "71204", True),
    ]
    assert checked.key_facts[0].verified


# ------------------------------------------------------------ corrections


def test_a_corrected_id_said_again_replaces_the_first() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "What's the account number?"),
        turn(1, "c", C, 2, 4, "It's 3 2 0 0 8 5."),
        turn(2, "a", A, 4, 6, "Hmm, I'm getting an account in a different name there."),
        turn(3, "c", C, 6, 9, "Oh, sorry, hang on... it's 58 at the end, not 85. 3 2 0 0 5 8."),
    )
    assert facts(turns) == [("account", "320058", (3,))]


def test_a_correction_of_the_last_digits_alone_fixes_the_id() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "What's the account number?"),
        turn(1, "c", C, 2, 4, "It's 3 2 0 0 8 5."),
        turn(2, "c", C, 4, 6, "Sorry, it's 58 at the end, not 85."),
    )
    assert [f.value for f in read_key_facts(turns)] == ["320058"]


def test_a_spelled_prefix_correction_keeps_the_read_back() -> None:
    turns = (
        turn(0, "c", C, 0, 2, "H K 3 3 0 9 1. Sorry, 1 9 at the end, not 9 1."),
        turn(1, "a", A, 2, 4, "HK33019. Okay, the jacket, £24.99."),
    )
    assert [f.value for f in read_key_facts(turns)] == ["HK33019", "£24.99"]


def test_i_mean_corrects_an_amount_and_not_rejects_one() -> None:
    said = (turn(0, "c", C, 0, 3, "They took £45, sorry, I mean £54, off my card."),)
    assert [f.value for f in read_key_facts(said)] == ["£54"]
    rejected = (turn(0, "c", C, 0, 3, "It was £58, not £85."),)
    assert [f.value for f in read_key_facts(rejected)] == ["£58"]


def test_two_different_amounts_are_both_kept() -> None:
    said = (turn(0, "a", A, 0, 3, "The bill is £45. Sorry for the wait, and the fee was £12 on top of that."),)
    assert [f.value for f in read_key_facts(said)] == ["£45", "£12"]


def test_not_before_an_amount_in_the_next_turn_corrects_nothing() -> None:
    said = (
        turn(0, "a", A, 0, 3, "So the surgeon's account came in at $2,860 and we paid $1,720 of it, which leaves the $1,140."),
        turn(1, "c", C, 3, 6, "Well, I'm not forking out eleven hundred bucks 'cause someone ticked the wrong box."),
    )
    assert [f.value for f in read_key_facts(said)] == ["$2,860", "$1,720", "$1,140", "$1,100"]


def test_a_correction_replaces_the_amount_said_just_before_it_only() -> None:
    said = (
        turn(0, "a", A, 0, 3, "It's £2,860 in all, then £1,720 paid and £45 left."),
        turn(1, "c", C, 3, 6, "Sorry, I mean £54 left."),
    )
    assert [f.value for f in read_key_facts(said)] == ["£2,860", "£1,720", "£54"]


def test_a_korean_correction_keeps_the_number_said_last() -> None:
    turns = (
        turn(0, "c", C, 0, 5, "일일칠공 사사삼이 구구... 아니다, 일일칠공 사사삼이 육육이요. 구구 아니고 육육."),
        turn(1, "a", A, 5, 7, "1170443266, 확인해 볼게요."),
    )
    assert facts(turns) == [("reference", "1170443266", (0, 1))]


# ------------------------------------------------------------ not key facts


def test_a_date_of_birth_is_not_a_key_fact() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "Can I take your full name and date of birth, please?"),
        turn(1, "c", C, 2, 4, "Anthony Reyes, 14th of the 2nd, '68."),
        turn(2, "c", C, 4, 6, "I've been with you eleven years and I'm sixty-seven."),
        turn(3, "a", A, 6, 8, "Thanks. I've booked the engineer for the 14th of March."),
    )
    assert facts(turns) == [("date", "the 14th of March", (3,))]


def test_a_date_after_a_birth_date_already_given_is_a_key_fact() -> None:
    # the turn before speaks of a birth date but also says it: the next turn's other date is no answer to it
    turns = (
        turn(0, "a", A, 0, 2, "and the patient's name and date of birth"),
        turn(1, "c", C, 2, 4, "that's for my daughter amelie date of birth june ninth two thousand sixteen"),
        turn(2, "a", A, 4, 6, "thank you okay i see the visit on february fourth and they sent it back"),
    )
    assert facts(turns) == [("date", "february fourth", (2,))]
    korean = (
        turn(0, "c", C, 0, 2, "정하윤이요 생년월일 필요하시면 팔칠년 사월 이십일이요"),
        turn(1, "a", A, 2, 4, "네 잠시만요 네 이월 삼일 접수된 입원 의료비 건 맞으시죠"),
    )
    assert facts(korean) == [("date", "2월 3일", (1,))]


def test_a_birth_date_read_back_in_the_next_turn_is_not_a_key_fact() -> None:
    read_back = (
        turn(0, "a", A, 0, 2, "and your date of birth"),
        turn(1, "c", C, 2, 4, "june ninth two thousand sixteen"),
        turn(2, "a", A, 4, 6, "june the ninth thank you and the visit was on the fourth of february"),
    )
    assert facts(read_back) == [("date", "the fourth of february", (2,))]
    korean = (
        turn(0, "a", A, 0, 2, "성함이랑 생년월일 말씀해 주시겠어요"),
        turn(1, "c", C, 2, 4, "최순자 사십일 년 유월 구일"),
        turn(2, "a", A, 4, 6, "사십일 년 유월 구일 최순자 어르신 맞으시네요"),
    )
    assert facts(korean) == []


def test_the_same_day_as_a_birth_date_said_later_is_a_key_fact() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "Can I take your full name and date of birth to find you?"),
        turn(1, "c", C, 2, 4, "Gwenllian Pryce, and it's the third of March, nineteen fifty-nine."),
        turn(2, "a", A, 4, 6, "And the first line of your address?"),
        turn(3, "c", C, 6, 8, "Fourteen Tredegar Terrace."),
        turn(4, "a", A, 8, 10, "So you reach State Pension age on the 3rd of March."),
    )
    assert facts(turns) == [("date", "the 3rd of March", (4,))]


# ------------------------------------------------------------ confidence


def heard(id: int, role: Role, said: list[tuple[str, float]]) -> Turn:
    words = tuple(Word(id + i * 0.3, id + (i + 1) * 0.3, " " + w, p) for i, (w, p) in enumerate(said))
    return Turn(id, "s", role, id, id + 1, " ".join(w for w, _ in said), words)


def test_a_fact_carries_the_probability_of_its_least_certain_word() -> None:
    turns = (
        heard(0, C, [("My", 0.99), ("ticket", 0.98), ("is", 0.99), ("4", 0.95), ("4", 0.31), ("1", 0.9), ("7", 0.88), ("9.", 0.97)]),
        heard(1, A, [("It", 0.99), ("costs", 0.97), ("£20.", 0.92)]),
    )
    found = read_key_facts(turns)
    assert [(f.value, f.confidence) for f in found] == [("44179", 0.31), ("£20", 0.92)]
    checked = check_summary(summary_with(turns, "Ticket 44179.", key_facts=found), turns, min_confidence=0.5)
    assert [(f.value, f.uncertain) for f in checked.key_facts] == [("44179", True), ("£20", False)]
    lenient = check_summary(summary_with(turns, "Ticket 44179.", key_facts=found), turns, min_confidence=0.2)
    assert not any(f.uncertain for f in lenient.key_facts)


def test_a_clear_read_back_makes_a_fact_certain() -> None:
    turns = (
        heard(0, C, [("It's", 0.99), ("4", 0.4), ("4", 0.9), ("1", 0.9), ("7", 0.9), ("9.", 0.9)]),
        heard(1, A, [("44179,", 0.93), ("thanks.", 0.99)]),
    )
    assert [(f.value, f.confidence) for f in read_key_facts(turns)] == [("44179", 0.93)]


def test_a_typed_transcript_has_no_confidence_and_nothing_uncertain() -> None:
    typed = (Turn(0, "c", C, 0, 1, "My ticket is 44179.", ()),)
    found = read_key_facts(typed)
    assert found[0].confidence is None
    assert not check_summary(summary_with(typed, "Ticket 44179.", key_facts=found), typed).key_facts[0].uncertain


def test_a_korean_value_said_then_denied_is_dropped() -> None:
    said = (turn(0, "c", C, 0, 3, "사만 원 아니고 오만 원이요."),)
    assert [f.value for f in read_key_facts(said)] == ["50,000원"]
