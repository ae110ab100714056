"""The scripts of callbrief's sample calls, as data.

``generate.py`` speaks these with espeak-ng and mixes them into audio; the
JSON written beside each file repeats the script with the exact times of
every turn, the facts a summary must contain and the outcome a correct
summary describes.

A line's ``text`` is the script as written (what a perfect transcript
shows); ``say`` is what the synthesizer is given when that differs: espeak
reads "£142.50" as "pound one hundred forty two point five zero", and
Whisper turns digits spoken one by one ("4 8 2 1 3") into "48213"
more reliably than a number read as a quantity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Voice:
    name: str  # espeak-ng voice+variant
    speed_wpm: int = 135
    pitch: int = 50  # espeak-ng 0..99
    word_gap_10ms: int = 0


@dataclass(frozen=True)
class Line:
    speaker: str  # "agent" | "customer"
    text: str
    say: str | None = None
    # Silence before this line starts, after the latest end so far; negative:
    # the line starts that long before the previous one ends (an interruption).
    gap_s: float = 0.6
    text_en: str | None = None  # translation, for scripts not in English
    speed_wpm: int | None = None  # the voice's speed when None; numbers are read slower


@dataclass(frozen=True)
class Fact:
    kind: str  # amount | reference | account | date | deadline | phone | other
    value: str  # as written in the script
    spoken: str  # as the synthesizer says it


@dataclass(frozen=True)
class Call:
    id: str
    audio: str  # file name, its extension picks the encoding
    language: str
    stereo: bool
    sample_rate: int
    voices: dict[str, Voice]
    lines: tuple[Line, ...]
    facts: tuple[Fact, ...]
    expected: dict[str, Any] | None
    telephone_band: bool = False  # 200-3600 Hz, as a phone line passes it
    crosstalk_db: float = -24.0  # the other party's level on each stereo channel
    noise_dbfs: float = -52.0  # line noise, RMS
    description: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


# Voices: en-us voices came out of Whisper base far better than en-gb ones
# at 8 kHz (see README); a female agent and a male customer keep the two
# parties easy to tell apart by pitch as well as by timbre.
AGENT_F = Voice("en-us+f3", speed_wpm=135, pitch=55)
CUSTOMER_M = Voice("en-us+m1", speed_wpm=125, pitch=40, word_gap_10ms=2)
AGENT_M = Voice("en-us+m3", speed_wpm=140, pitch=35)
CUSTOMER_F = Voice("en-us+f2", speed_wpm=135, pitch=65)

A, C = "agent", "customer"

_BILLING_OPENING = (
    Line(A, "Thank you for calling Northwind Council, this is Sarah. How can I help you today?", gap_s=0.4),
    Line(C, "Hi Sarah. I'm calling about a charge on my council tax bill.", gap_s=0.8, speed_wpm=140),
    Line(A, "I can look into that. Can I have your full name and address, please?", speed_wpm=150),
    Line(C, "Yes, it's David Miller, 22 Station Road.", speed_wpm=140),
    Line(A, "Thank you, Mr Miller. And your account number?", speed_wpm=150),
    Line(C, "It's 48213.", say="It's 4 8 2 1 3.", gap_s=0.9),
    Line(A, "Thanks, that matches our records. Which charge is it?", speed_wpm=155),
    Line(
        C,
        "There's a charge of £142.20, dated the 3rd of March, for garden waste. I cancelled that last year.",
        # "twenty for" came out of Whisper as "24": keep a pause after the amount.
        say="There's a charge of a hundred and forty-two pounds twenty, dated the third of March, "
        "for garden waste. I cancelled that last year.",
    ),
    Line(
        A,
        "Yes, the £142.20 is the garden waste subscription. It renewed automatically in February.",
        say="Yes, the hundred and forty-two pounds twenty is the garden waste subscription. "
        "It renewed automatically in February.",
    ),
    Line(C, "But I never asked for it to renew.", gap_s=-0.7, speed_wpm=140),
    Line(
        A,
        "I understand. I've opened a billing dispute for you. Your reference number is 53182.",
        say="I understand. I've opened a billing dispute for you. Your reference number is 5 3 1 8 2.",
    ),
    Line(C, "53182. Can't you just take the charge off today?", say="5 3 1 8 2. Can't you just take the charge off today?"),
    Line(
        A,
        "The billing team has to approve the refund. I'll call you back by Friday the 14th with their decision.",
        say="The billing team has to approve the refund. I'll call you back by Friday the fourteenth with their decision.",
    ),
    Line(C, "Okay. So you'll call me by Friday the 14th.", say="Okay. So you'll call me by Friday the fourteenth."),
)

_BILLING_CLOSING = (
    Line(A, "You're welcome, Mr Miller. Is there anything else?", speed_wpm=150),
    Line(C, "No, that's everything. Goodbye.", speed_wpm=140),
    Line(A, "Goodbye, and have a nice day.", gap_s=0.5, speed_wpm=150),
)

# Extra turns for the ~5-minute benchmark call: a second and third topic with
# their own facts, told the way such calls wander.
_BILLING_MIDDLE_LONG = (
    Line(A, "You're welcome, Mr Miller. Is there anything else I can help you with today?"),
    Line(C, "Actually, yes. Our green bin wasn't collected on Tuesday. It's been sitting outside the house for three days now."),
    Line(A, "I'm sorry to hear that. Let me look at the collection records for Station Road."),
    # The agent checks the records: a hold of several seconds (non-talk time).
    Line(A, "Thanks for waiting. The crew marked your street as blocked by parked cars on Tuesday morning, so they couldn't reach the bins.", gap_s=5.0),
    Line(C, "That happens a lot on our road. Cars park on both sides near the school."),
    Line(
        A,
        "I've booked a missed collection for you. The crew will come on Thursday the 20th, before midday. "
        "The booking number is 28431.",
        say="I've booked a missed collection for you. The crew will come on Thursday the twentieth, before midday. "
        "The booking number is 2 8 4 3 1.",
    ),
    Line(C, "Thursday the 20th, before midday. Should I leave the bin out until then?", say="Thursday the twentieth, before midday. Should I leave the bin out until then?"),
    Line(A, "Yes, please leave it at the edge of the property with the handle facing the road."),
    Line(C, "Alright. And while I have you, I'd like to pay my council tax by direct debit from now on. I keep forgetting the payments."),
    Line(A, "Of course. Direct debit payments are taken on the 1st or the 15th of each month. Which would you prefer?", say="Of course. Direct debit payments are taken on the first or the fifteenth of each month. Which would you prefer?"),
    Line(C, "The 15th, please. That's just after I get paid.", say="The fifteenth, please. That's just after I get paid."),
    Line(
        A,
        "Then your monthly instalment will be £118 from April, taken on the 15th. I'll send the direct debit form by email today.",
        say="Then your monthly instalment will be one hundred and eighteen pounds from April, taken on the fifteenth. "
        "I'll send the direct debit form by email today.",
    ),
    Line(C, "Wait, a hundred and eighteen pounds? That sounds higher than last year.", gap_s=-0.5),
    Line(
        A,
        "Your band didn't change, but the council tax rose by about five percent this year for every household. "
        "The letter explaining the increase went out in February.",
    ),
    Line(C, "I see. I must have missed that letter. Fine, that's okay then. Can you also update my email address while I'm on?"),
    Line(A, "Of course. What's the new address?"),
    Line(C, "It's david dot miller at example dot com."),
    Line(A, "Thank you, I've updated it. The direct debit form will go to that address."),
    Line(
        A,
        "If the garden waste refund is approved, it will be taken off your first instalment. "
        "Could you give me a phone number for the callback on Friday?",
    ),
    Line(C, "Sure, it's 07700 900123.", say="Sure, it's 0 7 7 0 0 9 0 0 1 2 3."),
    Line(A, "Thank you. I'll call that number by Friday the 14th. Is there anything else?", say="Thank you. I'll call that number by Friday the fourteenth. Is there anything else?"),
    Line(C, "No, I think that's everything for now. You've been very helpful."),
    Line(A, "It's my pleasure, Mr Miller. Just to recap: the dispute reference is 53182, the missed collection is booked for Thursday, and the direct debit form is on its way.",
         say="It's my pleasure, Mr Miller. Just to recap: the dispute reference is 5 3 1 8 2, the missed collection is booked for Thursday, "
         "and the direct debit form is on its way."),
    Line(C, "Perfect. Goodbye."),
    Line(A, "Goodbye, and have a nice day.", gap_s=0.5),
)

BILLING_STEREO = Call(
    id="billing_stereo_8k",
    audio="billing_stereo_8k.wav",
    language="en",
    stereo=True,
    sample_rate=8000,
    voices={A: AGENT_F, C: CUSTOMER_M},
    lines=_BILLING_OPENING + _BILLING_CLOSING,
    facts=(
        Fact("amount", "£142.20", "a hundred and forty-two pounds twenty"),
        Fact("account", "48213", "4 8 2 1 3"),
        Fact("date", "3rd of March", "the third of March"),
        Fact("reference", "53182", "5 3 1 8 2"),
        Fact("deadline", "Friday the 14th", "Friday the fourteenth"),
    ),
    expected={
        "resolution": "unresolved",
        "follow_up_required": True,
        "action_items": [
            {"owner": "agent", "what": "Call the customer back with the billing team's decision on the £142.20 garden waste charge (dispute 53182)", "when": "Friday the 14th"},
        ],
    },
    telephone_band=True,
    description="Council tax billing dispute, stereo telephone recording: agent on channel 0, customer on channel 1.",
)

_PERMIT_LINES = (
    Line(A, "Good morning, Northwind Council parking services, James speaking. How can I help?", gap_s=0.4),
    Line(C, "Hello. I'd like a refund on my residents' parking permit, please. I've moved out of the area.", gap_s=0.8),
    Line(A, "Sorry to see you go. Can I have your name and your permit number, please?"),
    Line(C, "It's Emma Clarke, and the permit number is 381542.", say="It's Emma Clarke, and the permit number is 3 8 1 5 4 2.", gap_s=0.9),
    Line(
        A,
        "Thank you, Ms Clarke. I can see the permit. It cost £96 for the year, and it started on the 1st of January.",
        say="Thank you, Ms Clarke. I can see the permit. It cost ninety-six pounds for the year, and it started on the first of January.",
    ),
    Line(C, "That's right. I moved out at the end of April."),
    Line(A, "So you've used four months. The refund for the remaining eight months is £64.", say="So you've used four months. The refund for the remaining eight months is sixty-four pounds."),
    Line(C, "That sounds fair. How will I get the money?"),
    Line(
        A,
        "It goes back to the card you paid with, within five working days. I've processed it now. Your refund ticket number is 71204.",
        say="It goes back to the card you paid with, within five working days. I've processed it now. "
        "Your refund ticket number is 7 1 2 0 4.",
    ),
    Line(C, "Great, thank you. Do I need to send the permit back?", gap_s=-0.5),
    Line(A, "No, it's been cancelled on our system, so you can just destroy it. Is there anything else?"),
    Line(C, "No, that's all. Thanks for your help, James."),
    Line(A, "You're welcome. Goodbye.", gap_s=0.5),
)

# Extra turns for the ~5-minute mono benchmark call.
_PERMIT_MIDDLE_LONG = (
    Line(C, "Before I forget, should the refund letter go to my new address?"),
    Line(A, "Yes. Can you confirm the first line of your new address for me?"),
    Line(C, "It's 14 Mill Lane, Ashford."),
    Line(A, "Thank you, I've updated that. The confirmation letter will go there."),
    Line(C, "Actually, there is one more thing. I got a parking fine last week, outside my old flat, and I think it's wrong."),
    Line(A, "I can help with that too. Do you have the penalty charge notice number?"),
    Line(C, "Yes, it's 55820.", say="Yes, it's 5 5 8 2 0.", gap_s=1.2),
    Line(A, "Thank you. I can see a penalty charge of £70, issued on the 9th of May, on Elm Street.", say="Thank you. I can see a penalty charge of seventy pounds, issued on the ninth of May, on Elm Street."),
    Line(C, "But my permit was still valid on the 9th of May. I only moved on the 30th.", say="But my permit was still valid on the ninth of May. I only moved on the thirtieth."),
    Line(A, "Let me check the permit dates. You're right, the permit was active until I cancelled it today."),
    Line(C, "So why did I get a fine? And why seventy pounds? My neighbour got one for fifty."),
    Line(A, "Fines are seventy pounds in higher-level zones like Elm Street, and fifty pounds in lower-level ones. As for why you got one at all,"),
    Line(A, "it looks like the warden's handheld device didn't show the permit. That happens sometimes when the database is updating overnight.", gap_s=0.3),
    Line(C, "That's really frustrating. I had the permit in the window the whole time."),
    Line(A, "I understand. I can't cancel a fine myself, but I'm sending it to the appeals team with a note that the permit was valid.", gap_s=-0.4),
    Line(C, "How long will that take?"),
    Line(
        A,
        "The appeals team replies within fourteen days. You don't have to pay anything while the appeal is open, and the discount period is frozen.",
    ),
    Line(C, "Okay. Will they write to me, or call?"),
    Line(A, "They'll email you. Can you confirm your email address for me?"),
    Line(C, "It's emma dot clarke at example dot com."),
    Line(A, "Thank you. Your appeal reference is 88146. Please keep it in case you need to call us again.", say="Thank you. Your appeal reference is 8 8 1 4 6. Please keep it in case you need to call us again."),
    Line(C, "88146. Got it.", say="8 8 1 4 6. Got it."),
    Line(A, "And your permit refund of £64 is still going ahead separately, within five working days.", say="And your permit refund of sixty-four pounds is still going ahead separately, within five working days."),
    Line(C, "One more question. My new flat is in Ashford. Can I get a visitor permit there for my mother?"),
    Line(A, "Ashford is covered by a different council, so you'd need to apply to them directly. I can give you their number if you like."),
    Line(C, "Yes, please."),
    Line(A, "Let me just find it for you."),
    # A hold while the agent looks the number up (non-talk time).
    Line(A, "Thanks for waiting. Their parking team is on 01233 331111.", say="Thanks for waiting. Their parking team is on 0 1 2 3 3, 3 3 1 1 1 1.", gap_s=6.0),
    Line(C, "01233 331111. Thank you.", say="0 1 2 3 3, 3 3 1 1 1 1. Thank you."),
    Line(A, "They're open from nine until five, Monday to Friday. And if the appeal is rejected, you can still pay the reduced rate of £35 within fourteen days.",
         say="They're open from nine until five, Monday to Friday. And if the appeal is rejected, you can still pay the reduced rate of thirty-five pounds within fourteen days."),
    Line(C, "Good to know. Will I get an email confirming the refund?"),
    Line(A, "Yes, you'll get a confirmation email today with the refund amount and the ticket number."),
    Line(C, "Thank you, James, you've been very patient."),
    Line(A, "Not at all. Is there anything else I can do for you today?"),
    Line(C, "No, that's really everything. Thanks again."),
)

BILLING_MONO = Call(
    id="billing_mono",
    audio="billing_mono.mp3",
    language="en",
    stereo=False,
    sample_rate=16000,
    voices={A: AGENT_M, C: CUSTOMER_F},
    lines=_PERMIT_LINES,
    facts=(
        Fact("reference", "381542", "3 8 1 5 4 2"),
        Fact("amount", "£96", "ninety-six pounds"),
        Fact("date", "1st of January", "the first of January"),
        Fact("amount", "£64", "sixty-four pounds"),
        Fact("reference", "71204", "7 1 2 0 4"),
        Fact("deadline", "within five working days", "within five working days"),
    ),
    expected={
        "resolution": "resolved",
        "follow_up_required": False,
        "action_items": [
            {"owner": "agent", "what": "Refund £64 for the cancelled parking permit to the customer's card (ticket 71204)", "when": "within five working days"},
        ],
    },
    noise_dbfs=-58.0,
    description="Parking permit refund, mono recording: both parties mixed into one channel (MP3, 16 kHz).",
)

KOREAN = Call(
    id="korean_call",
    audio="korean_call.wav",
    language="ko",
    stereo=False,
    sample_rate=16000,
    # espeak-ng's plain "ko" voice: its +f/+m variants came out of Whisper base as
    # nothing or as one syllable repeated; the parties differ by pitch only.
    voices={A: Voice("ko", speed_wpm=130, pitch=70), C: Voice("ko", speed_wpm=130, pitch=30)},
    lines=(
        Line(A, "안녕하세요, 시청 민원실 김지수입니다. 무엇을 도와드릴까요?", gap_s=0.4,
             text_en="Hello, this is Kim Jisu at the city hall service desk. How can I help you?"),
        Line(C, "네, 주차 과태료 고지서를 받았는데요, 잘못 나온 것 같아서 전화했어요.", gap_s=0.8,
             text_en="Yes, I got a parking fine notice, and I think it is wrong."),
        Line(A, "불편을 드려 죄송합니다. 고지서 번호를 말씀해 주시겠어요?",
             text_en="Sorry for the trouble. Could you tell me the notice number?"),
        Line(C, "번호는 57318입니다.", say="번호는 오 칠 삼 일 팔 입니다.", gap_s=0.9,
             text_en="The number is 57318."),
        Line(A, "확인했습니다. 과태료는 4만 원으로 나와 있습니다.", say="확인했습니다. 과태료는 사만 원으로 나와 있습니다.",
             text_en="I have it. The fine is 40,000 won."),
        Line(C, "저는 그날 거기에 주차하지 않았어요.",
             text_en="I did not park there that day."),
        Line(A, "그럼 이의 신청을 접수해 드리겠습니다. 담당자가 금요일까지 다시 연락드리겠습니다.",
             text_en="Then I will file an objection for you. The officer in charge will call you back by Friday."),
        Line(C, "네, 감사합니다.", text_en="Okay, thank you."),
        Line(A, "감사합니다. 좋은 하루 되세요.", text_en="Thank you. Have a nice day.", gap_s=0.5),
    ),
    facts=(
        Fact("reference", "57318", "오 칠 삼 일 팔"),
        Fact("amount", "40,000원", "사만 원"),
        Fact("deadline", "금요일까지", "금요일까지"),
    ),
    expected={
        "resolution": "escalated",
        "follow_up_required": True,
        "action_items": [
            {"owner": "agent", "what": "File an objection to parking fine 57318 (40,000 won); the responsible officer calls the customer back", "when": "금요일까지 (by Friday)"},
        ],
    },
    noise_dbfs=-60.0,
    description="Korean parking-fine objection, mono 16 kHz, espeak-ng's Korean voice (robotic; see README).",
)

SILENCE_MUSIC = Call(
    id="silence_music",
    audio="silence_music.ogg",
    language="",
    stereo=False,
    sample_rate=48000,
    voices={},
    lines=(),
    facts=(),
    expected=None,
    description="20 s of hold: silence, chords, tones and noise, no speech at all (Ogg/Opus, 48 kHz mono).",
)

COMMITTED = (BILLING_STEREO, BILLING_MONO, SILENCE_MUSIC, KOREAN)


def long_calls() -> tuple[Call, ...]:
    """~5-minute versions of the two English calls, for the benchmark."""
    stereo = Call(
        **{
            **BILLING_STEREO.__dict__,
            "id": "billing_stereo_8k_long",
            "audio": "billing_stereo_8k_long.wav",
            "lines": _BILLING_OPENING + _BILLING_MIDDLE_LONG,
            "facts": BILLING_STEREO.facts + (
                Fact("date", "Thursday the 20th", "Thursday the twentieth"),
                Fact("reference", "28431", "2 8 4 3 1"),
                Fact("amount", "£118", "one hundred and eighteen pounds"),
                Fact("date", "the 15th", "the fifteenth"),
                Fact("phone", "07700 900123", "0 7 7 0 0 9 0 0 1 2 3"),
            ),
            "expected": {
                **BILLING_STEREO.expected,  # type: ignore[dict-item]
                "action_items": BILLING_STEREO.expected["action_items"] + [  # type: ignore[index]
                    {"owner": "agent", "what": "Missed green bin collection booked (booking 28431)", "when": "Thursday the 20th, before midday"},
                    {"owner": "agent", "what": "Send the direct debit form by email", "when": "today"},
                ],
            },
            "description": "Long (~5 min) version of the billing call, for the benchmark.",
        }
    )
    mono = Call(
        **{
            **BILLING_MONO.__dict__,
            "id": "billing_mono_long",
            "audio": "billing_mono_long.wav",
            "lines": _PERMIT_LINES[:-2] + _PERMIT_MIDDLE_LONG + _PERMIT_LINES[-1:],
            "facts": BILLING_MONO.facts + (
                Fact("reference", "55820", "5 5 8 2 0"),
                Fact("amount", "£70", "seventy pounds"),
                Fact("date", "9th of May", "the ninth of May"),
                Fact("reference", "88146", "8 8 1 4 6"),
                Fact("deadline", "within fourteen days", "within fourteen days"),
                Fact("phone", "01233 331111", "0 1 2 3 3, 3 3 1 1 1 1"),
                Fact("amount", "£35", "thirty-five pounds"),
            ),
            "expected": {
                "resolution": "escalated",
                "follow_up_required": True,
                "action_items": BILLING_MONO.expected["action_items"] + [  # type: ignore[index]
                    {"owner": "agent", "what": "Appeals team reviews penalty charge 55820 (appeal 88146) and emails the customer", "when": "within fourteen days"},
                ],
            },
            "description": "Long (~5 min) version of the permit call, mono 16 kHz WAV, for the benchmark.",
        }
    )
    return stereo, mono
