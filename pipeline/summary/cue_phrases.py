"""The English phrase families behind the cue rules (:mod:`pipeline.summary.cues`), as regular expressions.

English patterns are matched case-insensitively between word boundaries. Each
constant is one family of wording a contact-centre agent or caller uses for the
same thing, written from how calls go in general, never from one transcript: a
hand-off ("I've put this through to our complaints team", "I'm referring you to
them", "it's gone across to our customer relations people", "I'll pop it over to
the claims team"; in general a verb of moving a case or a caller, a particle
and a receiver who is neither the agent nor the customer: "I'll send this
straight on to the duty officer", "it's gone upstairs to my team leader",
"you're with Kevin in fraud now"), a dead end ("we don't deal with that on this
line", "I don't have access to that"), a request that waits on the customer ("once we've got it,
the change goes through"), something still to arrive ("you'll get a letter").
The Korean families are in :mod:`pipeline.summary.cue_phrases_ko`.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- shared pieces

# Who or what a case is handed to: a person with more authority, a specialist team, another part of
# the organisation or another body ("the risk management division", "our enforcement officers").
TEAM = (
    r"(?:supervisor|manager|team ?leader|team lead|specialists?|complaints?|fraud|disputes?|appeals?|"
    r"technical|tech support|second[- ]line|back office|escalations?|investigations?|safeguarding|ombudsman|"
    r"(?:[\w-]+ ){0,3}(?:team|department|unit|desk|specialists|division|section|agency|authority|"
    r"officers|caseworkers|case workers|advisers|advisors|investigators|pharmacists|nurses|clinicians|reviewers|"
    r"underwriters|assessors|adjusters|adjudicators|arbitrators|mediators|solicitors|lawyers|services\b))"
)

# The same, said informally or as an office: "our customer relations people", "the network fault lads",
# "our data protection office". Only after a verb of handing on: "sent to the office" alone is no hand-off.
# Or by what they can do: "the folks who can bend the fare rules", "the people who look after the app".
GROUP = (
    r"(?:" + TEAM + r"|(?:people|lads|guys|folks|ones|colleagues|team) (?:who|that) (?:\w+ ){0,2}?"
    r"(?:can|deal|look|handle|sort|run|manage|decide|approve|have)\b|"
    r"(?:[\w-]+ ){1,3}(?:people|lads|guys|folks?|colleagues|(?<!post )(?<!sorting )(?<!delivery )office))"
)

# What a customer goes on to do after the call: go somewhere, contact someone, send or bring something.
LATER_VERB = (
    r"(?:go|pop|drop|nip|come|head) (?:in|into|down|round|over|by|to)(?! (?:the |your )?(?:settings|app|menu|website|browser))|"
    r"visit|call|ring|phone|telephone|contact|email|e-mail|check back|"
    r"write to|give (?:\w+ ){0,2}(?:a )?(?:ring|call|bell)|get in touch|speak to|talk to|"
    # other ways of reaching someone: "I'll holler at the registry", "I'll get hold of my landlord", "drop them a line"
    r"holler at|get hold of|reach out to|touch base with|check with (?!you\b)|drop (?:\w+ ){0,2}a (?:line|note|message)|"
    # pressing someone else for what is owed: "I'll chase them for that letter", "I'll chase it up with the school"
    r"chase (?:them|him|her|it|that|this|the [\w-]+|my [\w-]+)\b(?! (?:up )?(?:for|with) you\b)|"
    r"ask (?:them|him|her|the [\w-]+(?: [\w-]+)?) (?:about|whether|for)|"
    # someone of the household or nearby: "I will ask the fundi next door", "I'll ask my landlord"
    r"ask (?:my|the|our) (?:[\w-]+ )?(?:neighbou?r|landlord|landlady|husband|wife|partner|son|daughter|brother|sister|mum|"
    r"mom|dad|builder|electrician|plumber|friend|boss|employer|accountant|solicitor|lawyer|doctor|gp|carer)s?\b|"
    r"ask (?:the|my|our) [\w-]+ (?:next door|downstairs|upstairs|across the road)|"
    r"get (?:it|them|this|that|those|the [\w-]+|my [\w-]+) (?:in|back|over|across|off|sent)\b(?! (?:to (?:me|us)|from you))|"
    r"send|post|bring(?![^.?!]{0,60}\b(?:on the day|with you (?:on the day|to (?:the|your) appointment)|to (?:the|your) appointment))|"
    r"take (?:it|them|this|that|the [\w-]+) (?:in|into|to|down)|fill (?:it |them |this |that |the [\w-]+ )?(?:in|out)|"
    r"return|upload|submit|report|(?<!you'll )(?<!you will )keep(?! (?:going|on|paying|doing|it up|at it|with))|have (?:[\w'-]+ ){1,12}(?:ready|to hand)|"
    r"(?:be|get) on ?to|have a (?:chat|word|talk) with|pay (?:at|in) (?:a|the|any|your) [\w-]+|"
    r"(?:cancel|stop|freeze) (?:your|the|my|that) (?:[\w-]+ )?card"
)
# Verbs that may be done during the call ("I'll pay the thirty-five", "make sure it's plugged in"):
# a customer to-do only with a time after the call.
WEAK_VERB = (
    r"pay|try|do|sort|check|make sure|order|book|set up|sign|have (?:another|a) go|give it (?:another )?(?:go|try)|"
    r"grab|buy|pick (?:\w+ )?up|get (?:a|another|one|a new|some)\b"
)
LATER_TIME = (
    r"(?:tomorrow|tonight|later|this (?:afternoon|evening|weekend|week)|next (?:week|month|time|\w+day)|"
    r"on (?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:a|per|each|every) (?:month|week|fortnight)|monthly|weekly|"
    r"from (?:next|the \w+)|before (?:the|then|they|it|\w+day)|beforehand|in advance|when i get|first thing|"
    r"after work|over the weekend|in the morning|straight after|the (?:night|nicht|morn)\b)"
)
# The customer promising, for themselves or for someone in their household ("I'll get him to do it tonight").
CUSTOMER_WILL = (
    r"(?:i'll|i will|ill(?= (?:just |then |go|pop|drop|nip|come|head|call|ring|phone|email|send|post|bring|pay|do|sort|check|get))|i'm going to|i am going to|i'm gonna|i'd better|we'll|we will|i shall|we shall|a'll|ah'll)"
    r"(?: (?:just|then|also|probably|definitely|certainly|have to|need to|go and|try and|try to))*"
    r"(?: (?:get|ask|tell) (?:him|her|them|my [\w-]+) to| have (?:him|her|them|my [\w-]+))?"
    # a first step before the one that counts: "I'll scan it and email it over", "I'll sign them and send them back"
    r"(?: [a-z]+ (?:it|them|this|that|those)(?: (?:in|out|off|up|through))?(?: (?:the |this |tonight|later)\w*)? "
    r"(?:and|then|and then))?"
)
AGENT_ASKS = (
    r"(?:you'll need to|you will need to|you need to|you'll have to|you will have to|you have to|you must|"
    r"you should|please|remember to|don't forget to|be sure to|make sure you|best to|you'll|you will|"
    r"you could(?: always| also)?(?= (?:try|pay|go|pop|call|ring|phone|contact|email|write|send|visit))|"
    r"what i'd do is|what i would do is|i'd (?:suggest|recommend|advise) (?:that )?you|"
    r"it's (?:really |very |so )?important (?:that )?you|i'd(?= (?:cancel|ring|call|contact|phone|get in touch)\b(?! you\b))|"
    r"(?<!i'll )(?<!we'll )(?<!i )(?<!me )(?<!will )(?<!i'm )(?<!we're )(?<!you )just)"
    r"(?: (?:just|then|also|first))*"
)

# --------------------------------------------------------------------------- handoff (agent)

# Whom a case or a caller is moved to, in general: a team or group (TEAM, GROUP) or one person named by role
# ("the on-duty animal control officer", "my team leader, Lorraine", "a senior caseworker", "the guest relations
# lot", "one of our specialists") or by first name and team ("Kevin in fraud", "Priya from the claims team").
# Never the agent or the customer ("you", "your wife", "your email"), no system, and nobody who only comes out or
# brings something (engineers, technicians, couriers, delivery drivers: a visit or delivery to come, not a hand-off).
_ROLE = (
    r"(?:officer|adviser|advisor|specialist|colleague|co-?ordinator|case ?worker|case (?:handler|manager|officer)|"
    r"inspector|investigator|(?:team |shift |duty |section |line )?(?:leader|lead)|supervisor|manager|boss|"
    r"controller|underwriter|assessor|adjuster|reviewer|warden|nurse|pharmacist|clinician|dispatcher|contractor)s?\b"
)
_CREW = r"(?:[\w'-]+ ){1,4}?(?:lot\b(?! of)|crew|folks?|people|guys|lads|gang|bunch\b(?! of))"
_NOT_FIELD_WORK = (
    r"(?!(?:[\w'-]+ ){0,3}?(?:courier|delivery|driver|postman|postal|post office|sorting office)s?\b)"
    # (a repair team the case is passed to is one: "I'm passing this to our service engineering team")
    r"(?!(?:[\w'-]+ ){0,3}?(?:engineer|engineering|technician|fitter|plumber|electrician|locksmith)s?\b"
    r"(?! (?:[\w-]+ )?(?:team|crew|department|division|unit)\b))"
    # nor a system or the customer's own details: "through the system", "to your email", "to your account"
    r"(?!(?:system|email|e-mail|inbox|address|account)s?\b(?! (?:team|department|manager|people|office|section)))"
)
_NAMED = r"(?-i:[A-Z][a-z]+),? (?:in|from|on|at) (?:the |our )?[\w-]+"
RECEIVER = (
    r"(?:the attention of )?(?:(?:the|our|my|a|an|one of (?:our|the|my)|some(?:one|body) (?:in|from|on) (?:the|our)|"
    r"your (?=(?:[\w-]+ )?(?:case|account|named|dedicated|personal|claims?) ))\s)?" + _NOT_FIELD_WORK
    + r"(?:(?:[\w'-]+ ){0,3}?" + _ROLE + r"|" + _CREW + r"|" + GROUP + r"|" + _NAMED + r")"
)
# A verb of moving a case or a caller on, what is moved, a few adverbs and a particle: "I'm gonna get you over to",
# "I'll send this straight on to", "let me pop you through to", "I'll kick the whole thing up to",
# "I'm passing your claim across to", "I'll bring it to the attention of".
_MOVE_VERB = (
    r"(?:get|getting|send|sending|sent|pass|passing|passed|put|putting|pop|popping|popped|hand|handing|handed|"
    r"move|moving|moved|push|pushing|pushed|kick|kicking|kicked|take|taking|bring|bringing|brought|"
    r"refer|referring|referred|forward|forwarding|forwarded|escalat(?:e|es|ed|ing)|transferr?(?:s|ed|ing)?|"
    r"connect(?:s|ed|ing)?|bung|bunging|stick|sticking|shoot|shooting|walk|walking|route|routing|routed|"
    r"fire|firing|flick|flicking|whizz|whizzing|"
    # the "-ing" said without its "g": "I'm sendin' this over to", "puttin' you through"
    r"(?:gett|send|pass|putt|popp|hand|mov|push|kick|tak|bring|referr|forward|transferr|connect)in')"
)
_MOVED = (
    r"(?:you|this|it|that|them|these|those|everything|all (?:of )?(?:this|that|it)|(?:this|that|it) all|"
    r"the whole (?:thing|lot|matter|case)|(?:your|the|this|that) (?:[\w-]+ ){0,2}?(?:case|claim|complaint|query|request|"
    r"file|details|application|issue|problem|report|information|info|paperwork|notes|matter|appeal|dispute|ticket|"
    r"call|enquiry|inquiry|concern|incident|job))"
)
_MOVE_ADVERB = r"(?:(?:straight|right|directly|just|now|quickly|personally|back|all) )*"
_PARTICLE = r"(?:(?:on|over|across|through|up|upstairs|along|off|round|forward) )?"
# Not the customer's own errand: "you can take it over to the branch", "you'll need to pass this on to your agent".
_NOT_YOURS = (
    r"(?<!you )(?<!you'll )(?<!you can )(?<!you could )(?<!you just )(?<!you need to )(?<!you have to )(?<!you will )"
    # nor the second of the customer's options ("you can post them or bring them to the office"), nor an
    # instruction ("Bring them to the front desk")
    r"(?<! or )(?!(?<![\w' ,])(?:get|send|pass|put|pop|hand|move|take|bring|post|forward|refer)\b)"
)
_MOVE_ON = (
    _NOT_YOURS + _MOVE_VERB + r" " + _MOVED + r" " + _MOVE_ADVERB + _PARTICLE + _MOVE_ADVERB + r"to " + RECEIVER + r"|"
    # a case put in to someone, not a caller ("get you in to see the nurse" is a booking): "I've put your request in to
    # the summoning officer"
    + _NOT_YOURS + _MOVE_VERB + r" (?!you\b)" + _MOVED + r" " + _MOVE_ADVERB + r"in to " + RECEIVER + r"|"
    # upstairs, with no one named: "I'll kick this upstairs", "it's gone upstairs"
    + _NOT_YOURS + _MOVE_VERB + r" " + _MOVED + r" " + _MOVE_ADVERB + r"upstairs\b(?! to (?:you|your)\b)|"
    # already moved: "it's gone upstairs to my team leader", "your claim's been passed across to an investigator",
    # "it'll go up to the duty manager"
    r"(?:it|this|that|your (?:[\w-]+ )?(?:case|claim|complaint|query|request|file|application|appeal|report))"
    r"(?:'s| is| has|'ll| will| will have|'ll have)? (?:now |just |already |then )?"
    r"(?:gone|going|go|goes|been (?:\w+ed|put|sent|taken|brought)) " + _MOVE_ADVERB + _PARTICLE + _MOVE_ADVERB
    + r"to " + RECEIVER + r"|(?:it's|it has|that's|that has|this has) (?:now |just |already )?gone upstairs\b|"
    # someone asked to act on it: "I'll get someone from our claims team to ring you", "I'll have my manager call you"
    # (not the agent's own team: "I'll ask the team to call you back" is a callback)
    r"(?:ask|asking|asked|get|getting|have|having) (?!you\b|your\b|(?:the|our|my) (?:team|office)\b)" + RECEIVER + r" (?:to )?"
    r"(?:call|ring|phone|contact|email|e-mail|review|look (?:at|into|over)|sign|approve|authori[sz]e|decide|deal with|"
    r"(?:take|have) (?:a look|it|this|over)|pick (?:it|this) up|investigate|get back to you|give you a (?:call|ring|bell))\b|"
    # taken up with them: "I'll take it up with my manager"
    + _NOT_YOURS + r"(?:take|taking) (?:it|this|that) up with (?!you\b|your\b)" + RECEIVER + r"|"
    # brought in: "I'll get the fraud team involved", "I'm looping in my supervisor"
    r"(?:get|getting|got|bring|bringing) (?!you\b|your\b)" + RECEIVER + r" involved|(?:loop|looping) in (?!you\b)" + RECEIVER + r"|"
    # the receiver taking over, said by the agent: "you're with Kevin in fraud now, he'll take it from here"
    r"(?:you're|you are) now (?:with|through to|connected to|speaking (?:to|with)) " + RECEIVER + r"|"
    r"(?:you're|you are) (?:with|through to|connected to) " + RECEIVER + r",? now\b|"
    r"(?:he|she|they)(?:'ll| will| can| is going to| are going to) (?:own|take ownership of|take charge of) "
    r"(?:it|this|that|the case|your case)(?: from (?:here|now)| now)\b|"
    r"(?:he|she|they)(?:'ll| will| can| is going to| are going to) take (?:it|this|that|things|you|over)"
    r"(?: over| on)? from (?:here|there)\b|(?:he|she|they)(?:'ll| will) take over (?:your|the|this) (?:case|claim|complaint|query)"
)

_HANDOFF_VERB = (
    r"pass|passing|passed|hand|handing|handed|refer|referring|referred|forward|forwarding|forwarded|"
    r"send|sending|sent|raise|raising|raised|flag|flagging|flagged|log|logging|logged|submit|submitting|submitted"
)
EN_HANDOFF = (
    _MOVE_ON + r"|escalat(?:e|es|ed|ing)|transferr?(?:ing|ed)? you|transfer (?:you|your call|this|the call)|"
    r"put(?:ting)? you (?:straight |right |directly )?through|connect(?:ing)? you (?:to|with|now|through)|"
    r"(?:walk|walking|take|taking) you (?:over|across|through) to (?:them|him|her)\b|"
    r"(?:" + _HANDOFF_VERB + r")\b[\w\s',-]{0,40}?\b(?:to|with) (?:the |our |my |a |an )?" + _NOT_FIELD_WORK + TEAM + r"|"
    r"put(?:ting)? (?:you|this|it|that|all (?:of )?(?:this|that)|(?:your|the) (?:case|complaint|claim|details|request|query|information)) "
    r"(?:straight |directly |right )?(?:through|over|across|forward) to (?:the |our |my |a |an )?" + GROUP + r"|"
    r"(?:" + _HANDOFF_VERB + r"|put|putting|transfer|transferring) (?:this|it|that|you|all (?:of )?(?:this|that)|(?:your|the) "
    r"(?:case|details|claim|file|application|complaint|request|query)) (?:on |over |through |across )?to (?:her|him|them)\b|"
    # already with them: "it's gone across to our complaints people", "it's now sitting with our review team"
    r"(?:it's|it has|it is|that's|that has|that is|this has|this is|your (?:case|complaint|claim|query|request|file) (?:has|is)) "
    r"(?:now |just |already )?(?:(?:gone|been (?:passed|sent|put|referred|forwarded)) (?:across |over |through |on )?to|"
    r"(?:sitting )?with) (?:the |our )" + GROUP + r"|"
    # a referral, made or about to be: "I've done the referral", "I'm referring you on to them"
    r"(?:i've|i have|i'll|i will|i'm going to|we've|we have|we'll|we will|i just|i'm just|i can) (?:just |now )?"
    r"(?:done|made|put in|sent|raised|completed|submitted|make|do|send|raise|complete|submit|put) "
    r"(?:them |him |her |in )?(?:the|a|your) referral|"
    r"referral (?:has been|is|'s been|was) (?:made|done|sent|raised|submitted|put in)|"
    r"(?:my|the|our|a) (?:supervisor|manager|team ?leader|senior colleague)\b[\w\s']{0,20}\b(?:will|is going to|'ll)|"
    r"(?:fraud|complaints?|specialist|specialists|disputes?|appeals?|escalations?|technical|[\w-]+ support) "
    r"(?:team |department )?(?:will|is going to|are going to|'ll)|"
    # another team taking it up: "our welfare rights team will contact you", "someone from the claims unit will ring"
    # or by their people: "the disputes people will call the recipient"
    r"(?:the|our|a|someone from (?:the|our)) "
    r"(?:(?!repairs?\b|engineering\b|maintenance\b|delivery\b|courier\b|other\b)[\w-]+ ){1,3}"
    r"(?:team|department|division|unit|section|people|folks|lads|guys) (?:will|is going to|are going to|'ll|should) "
    r"(?:call|contact|ring|phone|email|write to|be in touch|get in touch|get back to|review|assess|investigate|look into|deal with|take over)|"
    # or put before them: "I'll get it in front of our reconciliation team"
    r"get (?:this|it|that|your (?:case|complaint|claim|query|request)) (?:(?:across|over|through|passed on) to|in front of) "
    r"(?:the |our |a )?(?:[\w-]+ ){0,4}(?:team|centre|center|department|office|unit|people|lads|guys|folks|colleagues)\b|"
    # (or the part of the money in dispute: "the £600 goes to our independent adjudication team")
    r"(?:it|this|that|your (?:case|complaint|claim|query|request)|the [£$€]\d[\d,.]*|"
    r"the (?:disputed|rest|remaining) ?(?:part|amount|sum|bit)?) "
    r"(?:goes|will go|'ll go|is going|gets passed) "
    r"(?:to|through|through to|over to|across to) (?:the |our )?" + GROUP + r"|"
    # raised with another team, named or not: "I've raised it with verification"
    r"(?:raised|flagged) (?:it|this|that|your [\w-]+) with (?:the |our |my )?(?:" + GROUP + r"|"
    r"(?!(?:you|yourself|a|an|the|note|notes|priority|urgency)\b)[\w-]+(?=[,.;]| and\b| so\b| who\b| they\b|$))|"
    # sent on: "I can send this on to the operator's customer relations people", "it's gone over to them"
    r"(?:send|sending|pass|passing|hand|handing|put|putting|pop|popping|bung|bunging|stick|sticking|push|pushing|"
    r"kick|kicking|shoot|move|moving) (?:this|it|that|all (?:of )?(?:this|that)|your \w+) "
    r"(?:on|over|across) to (?:the |our )?(?:[\w'-]+ ){0,4}?" + GROUP + r"|"
    r"(?:it's|it has|that's|that has) (?:now |just |already )?gone (?:over|across|through) to (?:them|him|her)\b|"
    # put before them: "I'm going to put this in front of the people who can override it"
    r"put(?:ting)? (?:this|it|that|your [\w-]+) (?:in front of|before) (?:the |our |my )?" + GROUP + r"|"
    # for someone else: "this one's for the people who look after the app", "anything over £20 has to go through the manager"
    r"(?:this|that|it) (?:one's|one is|is one|'s one) for (?:the |our )?" + GROUP + r"|"
    r"(?:has|have|needs?|will need) to go (?:through|to|past|up to) (?:the |my |our |a )?(?:[\w-]+ )?"
    r"(?:manager|supervisor|team ?leader|boss|senior|" + GROUP + r")|"
    r"(?:leave|leaving) (?:it|this|that) with (?:him|her|the (?:[\w-]+ )?(?:manager|supervisor|team ?leader))\b|"
    r"so (?:that )?(?:someone|somebody|a colleague) (?:with|who has) (?:the )?(?:right|proper|higher|more|extra|admin) "
    r"(?:access|authority|permissions?|clearance)"
)
# --------------------------------------------------------------------------- handoff to a third party just described

# A third party the agent describes before moving the case to them by a pronoun or a name, or before saying they
# act next: a team or a person by role ("our financial support team", "the folks upstairs on the network side", "our
# cyber security lot", "one of our senior case managers"), a group by what it does ("a group that handles account
# takeovers", "a small team who deal with exactly this"), someone who decides ("that's decided by our review panel",
# "it needs sign-off from someone senior", "the one who does that is Deborah", "Priya's on that team today") or by
# what they can do that the agent can't ("they can do stuff on the firewall that I can't", "they're the ones who can
# clear it"). Not the agent's own team alone ("the team", "our office"), no engineer, courier or the customer's bank.
_DESCRIBED = (
    r"(?:the|our|a|an|one of (?:our|the)|some(?:one|body) (?:in|from|on) (?:the|our)) "
    # (not "the fraud on your account", "the whole lot": a team by a team noun)
    r"(?!(?:team|office|department|people|lot)\b|(?:whole|entire|same) lot\b)" + _NOT_FIELD_WORK
    + r"(?:(?:[\w'-]+ ){0,3}?" + _ROLE + r"|" + _CREW + r"|(?:[\w-]+ ){0,3}(?:team|department|unit|desk|specialists|division|"
    r"section|agency|authority|officers|caseworkers|case workers|advisers|advisors|investigators|reviewers|underwriters|"
    r"assessors|adjusters|panel|board)\b)"
)
EN_THIRD_PARTY = (
    _DESCRIBED + r"|(?:the |our )?(?:people|folks|lads|guys|team|lot|ones) upstairs\b|"
    r"(?:a|an|the|our) (?:small |separate |special |specialist |dedicated |different |whole )?(?:[\w-]+ )?"
    r"(?:team|group|unit|department|desk|section|lot|people|folks|crew) (?:who|that|which) (?:\w+ ){0,2}?"
    r"(?:handles?|deals?|looks?|can|does|do|sorts?|manages?|decides?|approves?|covers?|specialises?|specializes?)\b|"
    r"some(?:one|body) (?:more )?(?:senior|higher up|above me)|"
    # (said of what is still to decide, not "it was approved by the lender")
    r"(?<!was )(?<!were )(?<!been )(?:decided|signed off|approved|authori[sz]ed|agreed|handled|dealt with|looked after) by (?!you\b|your\b|me\b|us\b)|"
    r"(?:needs?|requires?|has to get|have to get|must get) (?:a |the )?sign[- ]?off from|"
    r"the (?:one|person|people|ones) who (?:does|do|can|decides?|signs?|approves?|handles?|deals?)\b[^.?!]{0,40}?\b(?:is|are)\b|"
    r"(?:they|she|he)(?:'re| are|'s| is) the ones? (?:who|that) can|"
    r"(?:they|she|he) can (?:[\w'-]+ ){1,8}?(?:that|which|what) (?:i|we) (?:can't|cannot|can not|'m not able to|am not able to|"
    r"can't do|don't have)|"
    r"(?:they|she|he) can (?:agree|approve|authori[sz]e|override|sign off|decide)\b[^.?!]{0,30}?(?:i'm not|i am not|i can't|i cannot)|"
    r"(?-i:[A-Z][a-z]+)(?:'s| is) (?:on|in|with) (?:that|the|our) (?:[\w-]+ )?(?:team|desk|unit|department)|"
    # whose decision it is: "that's Mr Pryce's call", "it's the practice manager's decision"
    r"(?:that's|that is|it's|it is) (?:(?:mr|mrs|ms|miss|dr)\.? )?(?:(?-i:[A-Z][a-z]+)|the [\w-]+(?: [\w-]+)?)'s "
    r"(?:call|decision|department|remit|say)\b|"
    # who alone can: "only our claims validation people can change it"
    r"\bonly (?:our|the) (?:[\w-]+ ){1,3}(?:people|folks|lot|colleagues|staff|team|guys) (?:can|could|are able to|have the)\b"
)
# A customer told to contact someone themselves is no third party taking the case: "you'll need to ring your bank,
# they'll be able to help", "give the claims team a ring, they'll sort it".
EN_YOU_CONTACT_BEFORE = (
    r"(?:\b(?:you|please|just)\b[^.?!]{0,25}\b|(?:^|[.?!,;]\s*))(?:call|ring|phone|contact|email|e-mail|write to|speak to|talk to|"
    r"get in touch with|reach out to|go to|visit|give)\s+$"
)
# Someone who only comes out or brings something, said with "he'll ring you": "the engineer will ring you before he comes".
FIELD_WORK_NEAR = (
    r"\b(?:engineer|technician|courier|delivery|driver|fitter|plumber|electrician|locksmith|postman|surveyor|your bank)s?\b"
)
# (a name, not a day or month: "I'll move it to Thursday")
_NAME = (
    r"(?!(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|i|the|our|your)\b)(?-i:[A-Z][a-z]+)\b(?! (?:team|department))"
)
_TO_PRONOUN = r"(?:them|her|him|one of them|" + _NAME + r")"
_MOVED_ALL = (
    r"(?:" + _MOVED + r"|everything|all of (?:it|that|this)|the whole (?:thing|lot|story))"
    r"(?: (?:you(?:'ve)?|we(?:'ve)?|i(?:'ve)?) (?:[\w'-]+ ){0,2}?(?:told me|said|discussed|gone through|covered|got))?"
)
# Moved to the third party just described, by a pronoun or a name: "I'll stick you through to them now", "I've sent
# everything over to them", "I've put the whole thing in front of her", "I'm going to put your case in front of
# Funmilayo", "I'll bring her in now", "I'm going to bring one of them on the line", "I've booked you in for a call
# with them on Wednesday". Counts only after a third party was described (see EN_THIRD_PARTY).
EN_HANDOFF_TO_DESCRIBED = (
    _NOT_YOURS + _MOVE_VERB + r" " + _MOVED_ALL + r" " + _MOVE_ADVERB + r"(?:(?:on|over|across|through|up|along|forward) )?"
    + _MOVE_ADVERB + r"(?:to|in front of|before|with) " + _TO_PRONOUN + r"|"
    # brought onto the call by the agent, not a pet or a child brought in for a visit ("bring him in on Tuesday")
    r"(?:i'll|i will|i'm going to|i am going to|i'm gonna|let me|i can|we'll|we can|ill|i'm) (?:just |now |quickly )?"
    r"(?:bring|bringing|get|getting|pull|pulling|patch|patching|conference|conferencing) "
    r"(?:her|him|one of them|them|" + _NAME + r") (?:(?<!get )(?<!getting )in(?=\W*$| now\b| here\b| on (?:this|the) call| "
    r"to (?:the|this) call)|(?:on|onto|into) (?:the |this )?(?:line|call)|(?<!get )(?<!getting )on(?=\W*$| now\b| and\b))|"
    r"(?:booked|book|booking|set|setting|lined|lining) you (?:up |in )?(?:for|with) (?:a |an )?(?:[\w-]+ )?"
    r"(?:call|appointment|chat|callback|call-back|meeting|session) with " + _TO_PRONOUN + r"|"
    # the case given to them: "what I've done is sent them the request", "I've passed her all your details"
    + _NOT_YOURS + r"(?:sent|send|sending|passed|pass|passing|forwarded|forward|forwarding|given|give|giving|emailed|email) "
    r"(?:them|her|him|" + _NAME + r") (?:all )?(?:the|your|this|that|everything)\b(?: (?:[\w-]+ ){0,2}?"
    r"(?:case|claim|complaint|query|request|file|details|application|issue|report|information|info|paperwork|notes|appeal|"
    r"dispute|ticket)\b)?"
)
# The third party just described acting next: "they'll reach out to you within forty eight hours", "she'll ring you
# by Friday", "they usually reach out by email", "they'll pick it up from here". Not "they'll be delivered tomorrow".
EN_THIRD_PARTY_NEXT = (
    r"(?:they|she|he|some(?:one|body) (?:from|in|on) (?:that|their|this) (?:[\w-]+ )?(?:team|department|office|unit|desk|lot|side))"
    r"(?:'ll|ll| will| are going to|'re going to| is going to|'s going to| should| usually| normally| then)"
    r"(?: (?:usually|normally|then|also|probably|aim to|try to|be able to))? "
    r"(?:ring|call|phone|contact|reach out|get in touch|be in touch|email|e-mail|write to|text|"
    r"pick (?:it|this|that|things) up|take (?:it|this|that|things) (?:on|over|from here)|take over|"
    r"come back to you|get back to you|look (?:at|into) (?:it|this|that|your)|review|assess|investigate|decide|"
    r"go through)\b"
)

# "There isn't a manager I can put you through to": a hand-off denied, not made.
EN_NOBODY_BEFORE = (
    r"\b(?:there(?:'s| is) no|there isn't|there aren't|there are no|nobody|no one|no-one|nowhere|isn't anyone|"
    r"is not anyone|aren't any)\b[^.?!,]{0,30}$"
)
# A line with no one on it is no hand-off, in either language: "I'll put you through to our automated payment line",
# "to our secure keypad so you can tap the number in",
# "ARS 결제로 연결해 드릴게요".
SELF_SERVICE_NEAR = (
    r"\b(?:automated|self-service|self service|ivr|payment line|pay line|(?:secure )?keypad)\b"
    r"|(?<![a-z])ARS(?![a-z])|자동 ?응답|자동 ?납부"
)

# --------------------------------------------------------------------------- still failing (customer)

EN_STILL_FAILING = (
    r"still (?:not(?! (?:happy|pleased|impressed|thrilled|keen|convinced|over the moon)\b)|isn't|is not|doesn't|does not|won't|can't|cannot|hasn't|haven't|no|nothing|getting|showing|"
    r"broken|down|failing|fails|the same|off|dead|wrong|there|says|saying|happening|stuck|coming up|flashing|"
    r"doing (?:it|that|the same))|"
    r"(?:didn't|did not|hasn't|has not|doesn't|does not|won't|will not) (?:fix|solve|sort|work|help|change)|"
    r"not (?:fixed|solved|sorted|resolved|working) (?:yet|still)|"
    r"same (?:problem|issue|error|[a-z]?\d[\w-]*) (?:again|as before)|nothing(?:'s| has)? changed|no change|"
    r"(?:nope|no|still) (?:the )?same (?:thing|problem|issue|error|message)|"
    # "Nope, same as before", "it is again blinking red only", "nope nothing" (not "nope, nothing else"),
    # "still searching", "nothing is happening"
    r"(?:nope|no|still|again)[,.]? (?:exactly |just )?(?:the )?same as (?:before|it was)|"
    # the light or screen unchanged after the fix: "it is blinking same as before", "done, it is same only orange"
    r"(?:blinking|flashing|beeping|showing|flickering) (?:the )?same as (?:before|it was)|(?:it is|it's|its) (?:the )?same only|"
    r"again (?:blinking|flashing|beeping|showing|red|dead|off|blank)\b|(?:blinking|flashing|beeping) again|"
    r"^\W*nope[,.]? (?:still )?nothing\b(?!,? (?:else|more|like|from|thanks|thank|at all,? thanks))|"
    r"still (?:searching|loading|spinning|buffering|blinking|flashing|beeping|red|orange|amber|blank|offline|locked|frozen)\b|"
    r"nothing (?:is |'s )?happening|"
    r"keeps? (?:dropping|failing|cutting out|happening)|"
    r"(?:declined|failed|rejected|refused|dropped|dropping|crashed|crashing|frozen|stuck|gone off|cut out|"
    r"not working|down|broken|an error) again|(?:it's|it has|it is|that's|its) (?:gone|went) back (?:to|off)|"
    r"back to square one"
)
# "Aye, same account, nothing's changed": details confirmed unchanged, not a fault left as it was.
EN_SAME_DETAILS_BEFORE = (
    r"\bsame (?:[\w-]+ )?(?:account|address|details|number|card|bank|email|e-mail|phone|name|one|as before)\b[^.?!]{0,20}$"
)
# A failure the agent reports as it happens: a payment declined at the till ("it's come back declined").
EN_FAILED_AGENT = (
    r"(?:come back|been|was|got|it's|it is|that's) declined|declined again|same decline|"
    r"(?:bank|card|bank's|card's) (?:has |have )?(?:refused|rejected|declined) (?:it|the payment)"
)

# --------------------------------------------------------------------------- confirmed (customer), done (agent)

EN_CONFIRMED = (
    r"(?:it's|it is|that's|that is|everything's|everything is|it all|that all) (?:working|fixed|sorted|solved|"
    r"fine now|showing (?:now|correctly|up))|(?:it's|it is|that's) back (?:on|up|working)|works now|working now|"
    r"(?:that|this) (?:worked|did it|has worked|fixed it|solved it)|"
    r"(?:i can|i'm able to) (?:see|log in|access|get in|hear you|connect)\w* now|problem solved|all sorted|"
    # a question answered in full: "that's all I was wanting", "that's everything I needed to know", "that answers it"
    r"(?:that's|that is|that was) (?:all|everything|just what|exactly what) i (?:was )?(?:needed|need|wanted|wanting|was after|"
    r"after|needing)\b|that answers (?:it|that|my question|everything)"
)
EN_DONE = (
    r"(?:i've|i have|we've|we have|i just|i've just|i|we) (?:now )?(?:processed|cancelled|canceled|removed|refunded|"
    r"credited|updated|changed|reset|reissued|issued|applied|booked|blocked|frozen|unlocked|reconnected|restored|"
    # (not a note on the file or a place in a queue: "I've added a note that you've declined the rebooking",
    # "I've added it to our desk's reallocation list")
    r"waived|corrected|amended|"
    r"added(?! (?:a |your |the )?(?:note|notes|comments?)\b| it to (?:the |our |a )?[\w' ]{0,25}?(?:list|queue))|"
    r"set up|arranged|taken the payment|taken off|registered|"
    r"reversed|resolved|fixed|cleared|put through|sorted|re-?billed|moved|switched|renewed|extended|approved)|"
    r"(?:that's|that has|that's now|it's|it has|it's now|this is|this has|you're|you are|you're now|they've|it's been|"
    r"that's been|they're|they are|which is) "
    r"(?:been )?(?:all )?(?:done|processed|updated|changed|cancelled|canceled|refunded|credited|booked|applied|"
    r"sorted|fixed|confirmed|reset|cleared|gone through|set up|reconnected|restored|unlocked|blocked|removed|"
    r"approved|renewed|registered|in place)|"
    r"payment (?:has|is) (?:gone through|been taken|successful)|all done|^\W*done\b(?=\W*$)|"
    # the customer as the one done for: "that's you booked", "that's you all sorted now", "you're all set up"
    r"(?:that's|that is|there's|there you go,?) you (?:all |now |just )?(?:booked|sorted|set up|set|done|registered|"
    r"reconnected|unlocked|renewed|covered|updated|topped up|paid up|cancelled|canceled|booked in|signed up|squared away)\b"
)
# A "done" or "working" said of the future: "as long as it's set up before the 28th", "once that's processed".
EN_NOT_YET_BEFORE = r"\b(?:as long as|so long as|provided|providing|once|as soon as|by the time|until|till)\b[^.?!]{0,30}$"

# --------------------------------------------------------------------------- pending (agent)

EN_PENDING = (
    r"(?:engineer|technician|inspector|officer|crew|someone|plumber|electrician) (?:will|to|is going to|'ll) "
    r"(?:visit|come|call|be|attend|look|text|ring|phone|arrive)|"
    r"(?:book|booked|arrange|arranged|schedule|scheduled)\w* (?:an? |the )?(?:engineer|technician|visit|inspection|repair)|"
    r"(?:call|ring|get back to|phone|contact) you (?:myself |personally |directly |first thing )?"
    r"(?:back|again|tomorrow|on|by|within|once|when|as soon|before|in the morning|first thing|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|this (?:afternoon|evening)|later (?:today|on|this))|"
    # a call to come, said as a goodbye: "talk to you in the morning", "speak to you tomorrow"
    r"(?:talk|speak|chat) to you (?:again )?(?:tomorrow|in the morning|first thing|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|next week)|"
    r"call you back|get back to you|"
    # someone else will be in touch: "he'll call you to set a time", "she'll ring you about the fireworks"
    r"(?:he|she|they)(?:'ll| will| is going to| are going to) (?:call|ring|phone|text|contact) you\b(?! (?:if|back if))|(?:will|'ll) (?:be in touch|follow up|look into|investigate|chase)|"
    r"give you a (?:call|ring|bell)|(?:call|ring|phone) you (?:later|this|with|in the|first thing)|"
    r"(?:and|then|i'll|i will|we'll|we will) let you know(?! (?:the|your|that|how)\b)|"
    r"(?:waiting|wait) (?:for|on) (?:the|a|their|an) \w+|"
    # the request waits on something still to come in: "once we've got it the change goes through"
    r"(?:once|when|as soon as) (?:we|they|the \w+ team|we've|we have|i've|i have|they've|they have) "
    r"(?:have|hear|get|receive|got|received|had|see|seen)|"
    r"(?:can't|cannot|won't be able to|can only) (?:\w+ ){1,3}(?:until|till|before) (?:we|i|you|they) "
    r"(?:have|get|receive|see|got|received|send|provide)"
)
# ("it wasn't processed" tells what happened, not what is still to come)
EN_NOT_DONE_YET = r"(?:(?<!was )(?<!were )not|(?<!was)(?<!were)n't|isn't|hasn't|haven't) (?:been |quite )?(?:resolved|fixed|sorted|done|processed|approved|decided)(?: yet)?"

# --------------------------------------------------------------------------- delivery (either)

# How long something takes to come, said by the agent (a customer quoting a time is often a complaint:
# "my GP said I'd be seen within six weeks").
EN_DELIVERY_TIME = (
    r"(?:be with you|arrive|come through) within the (?:hour|day|next hour)|within (?:the next )?(?:about |around |roughly |up to )?(?:[\w-]+ (?:to|or) )?[\w-]+ (?:working |business )?(?:days|weeks|hours)|"
    r"takes? (?:up to |about |around )?(?:[\w-]+ (?:to|or) )?[\w-]+ (?:working |business )?(?:days|weeks)|"
    r"in (?:[\w-]+ (?:to|or) )?[\w-]+ (?:working|business) days|in [\w-]+ (?:to|or) [\w-]+ days|"
    r"(?:[\w-]+ (?:to|or) )?[\w-]+ (?:working |business )?(?:days|weeks) (?:to|before it|for it to) "
    r"(?:show|arrive|clear|appear|reach|come through|go through|land|be processed)"
)
EN_DELIVERY = (
    r"(?:letter|confirmation|refund|new card|card|cheque|check|form|pack|replacement|email|e-mail|text|money|credit|"
    r"statement|bill|payment|document|paperwork|certificate|receipt|invoice|contract|agreement)\w*"
    # (not one already back: "the money should be back with you already")
    r"(?: will| should| ?'ll) (?:be|arrive|reach|come|go|show|land|appear)(?![^.?!,]{0,40}\balready\b)|"
    r"in the post|"
    # a corrected document to come: "you'll get a revised bill", not the next regular one
    r"(?:you'll|you will|you should) (?:get|receive) (?:a|an|the|your) (?:new|revised|corrected|amended|updated|adjusted|final) "
    r"(?:bill|invoice|statement|schedule)|"
    # "there'll be a letter setting out the dates", "we're sending you a new one"
    r"(?:there'll|there will|there's going to) be (?:a|an|the) (?:[\w-]+ ){0,2}(?:letter|confirmation|email|e-mail|card|cheque|"
    r"refund|pack|statement|text)|"
    r"(?:i'm|i am|we're|we are) (?:sending|posting|emailing|e-mailing) (?:you|it|them|that|one)(?![^.?!]{0,30}\bnow\b)|"
    r"(?:i'll|i will|we'll|we will|i'm going to|i am going to|we're going to|we are going to|i'm gonna) (?:send|post|email|e-mail|text|write to) you|"
    r"(?:go|goes|be|get|put|paid|credited|refunded) back (?:on|in|to|into|onto) (?:your|the) "
    r"(?:card|account|bank|visa|mastercard|amex|(?:[\w-]+ )?card)\b|"
    # someone of the organisation's side doing it after the call: "the driver will call you half an hour before",
    # "our contractor will clean the wall on the same visit", "they'll be there from about seven"; an office only
    # sending something ("the office will post you out a credit note": an office calling back is a callback)
    r"(?:the|our) (?:[\w-]+ ){0,2}?(?:driver|courier|contractor|crew|collectors?|fitters?|installers?|cleaners?|"
    r"surveyor|lads|guys)s? (?:will|'ll|are going to|is going to|should) (?:also |then )?"
    r"(?:send|post|e-?mail|text|write to|call|ring|phone|deliver|collect|take|pick|clean|fix|repair|replace|install|fit|"
    r"drop|bring|remove|come|be (?:there|round|out|with you))\b|"
    r"(?:the|our) (?:[\w-]+ ){0,2}?(?:office|pharmacy|chemist) (?:will|'ll|are going to|is going to|should) (?:also |then )?"
    r"(?:send|post|e-?mail|text|write to)\b|"
    r"they(?:'ll| will) be (?:there|round|with you)\b(?! (?:already|now)\b)|"
    # ready to collect: "it should be sitting there for you from Thursday", "it'll be ready for you to pick up"
    r"(?:should|will|'ll) be (?:sitting |waiting )?(?:there|ready) (?:for you|to (?:collect|pick up)|for collection)|"
    r"(?:i|we)(?: can| could|'ll| will) (?:have|get) (?:it|them|that|this|one|(?:the|your|a|an|another) (?:[\w-]+ )?[\w-]+) "
    r"(?:with you|to you|out to you|over to you|delivered|back to you)|"
    r"(?:i'll|i will|we'll|we will) (?:get|have) (?:that|this|it|them|the [\w-]+) (?:refunded|credited|sent|posted|reissued|replaced)|"
    r"(?:you'll|you will|you need to|you'll need to|please) (?:send|post|upload|bring|fill|complete|return|submit|email)|"
    # "you'll get a letter confirming the change", "you should receive your new card"
    r"(?:you'll|you will|you should|you'd|you're going to) (?:get|receive|be sent) (?:a|an|the|your) (?:[\w-]+ ){0,2}"
    r"(?:letter|confirmation|email|e-mail|card|cheque|refund|pack|statement|certificate|permit|licence|license|badge|"
    r"receipt|notice|text|sms|message|one)s? "
    # with what it says or when it comes, not a bare brush-off ("You'll get an email.")
    r"(?:confirming|explaining|saying|setting out|showing|about|from|"
    r"in(?! (?:a |just a |about a )?(?:sec|second|minute|moment|mo|tick|jiffy|couple of (?:seconds|minutes))s?\b)|"
    r"within|by|after|once|when|next|soon|shortly|tomorrow|tonight|today|later|this (?:afternoon|evening|week)|"
    r"emailed|e-mailed|posted|sent|through the|"
    r"with(?! (?:a |an |the |your )?(?:code|link|pin|passcode|one-time|verification)))\b"
)

# --------------------------------------------------------------------------- cannot (agent), lost line (either)

_CANNOT_VERB = (
    r"do|change|refund|cancel|remove|waive|fix|give|approve|help|see|process|book|make|sort|hear|"
    r"take|accept|log|record|check|access|arrange|offer|override|authori[sz]e|reverse|discuss|issue|transfer|"
    r"search|trace|pull|promise|waive|backdate|hold|move|transfer it|put (?:a |the |your |calls |you |anyone )?[\w-]* ?through|"
    r"reinstate|credit|reallocate|extend|reduce|lower|honou?r|match|reopen|open|expedite|speed (?:it |this |that )?up"
)
EN_CANNOT = (
    r"(?:i|we)(?: really| just| honestly| simply)?"
    r"(?: can't| cannot| can not| am unable to| are unable to|'m not able to| am not able to| are not able to|'re not able to) "
    r"(?:really |actually |currently |personally |just |then )?(?:" + _CANNOT_VERB + r")|"
    r"(?:nothing|isn't anything|is not anything) (?:else |more )?(?:i|we) can do|"
    # a refusal said with an apology, whatever the verb: "I'm sorry, I can't reinstate the discount"
    r"(?:sorry|afraid|unfortunately)[,;:]? (?:but |so )?"
    r"(?:i|we)(?: can't| cannot| am not able to|'m not able to| are not able to|"
    r"'re not able to| won't be able to) (?!even |see |hear |find |tell |believe |imagine |say |stress |apologi[sz]e )[a-z]+|"
    # the charge left as it was: "the charges stand", "the full charge of seventy pounds is now due"
    r"(?:charges?|fine|penalty|fees?|decision|amount) (?:still )?"
    r"(?:stands?|will stand|has to stand|remains? (?:due|payable|in place))|"
    # "there's not much more I can do from here", "I've tried everything I can from this end", "sorry I couldn't crack it"
    r"not (?:much|a lot|anything) (?:more |else )?(?:i|we) can do|(?:i've|i have|we've|we have) (?:now )?tried everything|"
    r"(?:i|we) (?:couldn't|could not) (?:crack|fix|sort|solve|resolve) (?:it|this|that)|"
    # someone above the agent could do no more: "a supervisor can't do anything different here"
    r"(?:supervisor|manager|team ?leader|they) (?:can't|cannot|couldn't|could not|won't|wouldn't|would not) "
    r"(?:do|say|change|offer) (?:anything|any) (?:different|else|more)|"
    r"(?:i|we) (?:can't|cannot|can not) (?:do )?any ?more|"
    r"(?:i|we) (?:can't|cannot|can not)(?: do (?:it|that|this))? "
    r"(?:over the phone|from here|from (?:my|our) (?:side|end)|on (?:a|an|the|this|your) )|"
    r"(?:you'd|you would|you'll|you will) (?:have|need) to take (?:it|this|that) up with|"
    r"(?:we've|we have|i've|i have|i think we've|think we've) lost (?:the line|you|the call|the connection)|"
    r"(?:you're|you are) breaking up|"
    # no access or authority: "I don't have access to that", "I'm not authorised to"
    r"(?:i|we) (?:don't|do not) have (?:the )?(?:authority|power|permission|ability) to|"
    r"(?:i|we) (?:don't|do not) have access to (?:that|this|it|those|them|their|the (?:[\w-]+ ){0,2}(?:system|records|file|database))\b|"
    r"(?:i'm|i am|we're|we are) not (?:authori[sz]ed|allowed|permitted) to|"
    # not this line's business: "we don't deal with complaints about staff on this line"
    r"(?:we|i|this line|this team|this department) (?:don't|do not|doesn't|does not|can't|cannot) "
    r"(?:deal with|handle|do|cover|take|look after)\b[^.?!]{0,40}?\b(?:on|from|at|in|through) "
    r"(?:this|that|the) (?:line|number|desk|department|team|office|service)|"
    r"(?:that's|that is|it's|it is|this is) not (?:something|anything|a thing) (?:we|i) (?:can|deal with|handle|cover|do)|"
    r"(?:isn't|is not|'s not) (?:something|anything) (?:anyone|anybody|we|i)\b[^.?!]{0,25}?\b"
    r"can (?:waive|change|do|approve|override|decide|agree)|"
    r"(?:it's|that's|this is|it is|that is) (?:above|beyond|outside) what (?:i|we) can|"
    r"(?:i|we) (?:couldn't|could not) do (?:any ?)?more|"
    # nothing left to try: "I've run out of things I can check on this side", "we've exhausted everything"
    r"(?:i've|i have|we've|we have|i'm|we're) (?:now )?(?:run out of|exhausted|out of) (?:things|ideas|options|everything|"
    r"what (?:i|we) can)|(?:that's|that is) (?:all|everything) (?:i|we) (?:can|could) (?:do|check|try|offer)|"
    # no money back as a rule: "on saver fares there's no cash refund", "we don't give refunds on sale items"
    r"(?:there's|there is|there are|there'll be|you'll get) no (?:cash |full |money )?(?:refunds?|compensation|money back|"
    r"adjustments?|exceptions?|discounts?|waivers?|goodwill)|"
    r"(?:we|i) (?:don't|do not|can't|cannot) (?:give|do|offer|issue) (?:cash |full )?refunds|"
    # a hand-off refused: "I'm not going to pass you up to a manager on this one"
    r"(?:(?:i'm|i am|we're|we are) not (?:going to|gonna)|(?:i|we) (?:won't|will not)) (?:pass|put|transfer|escalate|send|move) "
    r"(?:you|this|it)|"
    # the wrong place for it: "you've come through to the wrong department", "you've got the wrong team I'm afraid"
    r"(?:you've|you have|you're|you are|you've been|you were|you got|you've got|you have got) (?:come |been put |put |rung |"
    r"called |phoned |got |reached )?(?:through )?(?:to |on |onto )?(?:the )?wrong (?:place|department|team|line|office|"
    r"people|service|organi[sz]ation|company|section|desk|number for)|"
    # a wrong number said early, as what the caller reached ("I think you've got the wrong number, we're the voucher scheme")
    r"(?:you've|you have|you|you've just) (?:got|rung|called|phoned|dialled|dialed|reached) (?:the |a )?wrong number|"
    r"(?:that's|that is|it's|it is) (?:outside|beyond|not within) (?:our|my) (?:remit|powers|control|authority)|"
    r"(?:i|we) (?:can't|cannot|couldn't|could not) find any (?:record|trace)|"
    # looked for and not there (yet): "nothing matching yet", "it hasn't been handed in"
    r"(?:nothing|nowt) (?:logged |recorded |found )?"
    r"(?:matching|that matches|like that|fitting that description|(?:has )?(?:been )?(?:handed|come) in|(?:has )?turned up)|"
    r"(?:hasn't|has not|haven't|have not) (?:been )?(?:handed in|turned up)|"
    # refused as a rule: "it's not refundable", "you're not eligible", "that isn't covered"
    r"(?:\b(?:is|are|was|were|'s|'re) (?:not |non-?)|\b(?:isn't|aren't|wasn't|weren't) |\bnon-?)"
    r"(?:refundable|eligible|covered|possible|allowed|permitted)|"
    r"(?:there's|there is|there isn't|there are|there aren't) (?:no|any|a|an) (?:manager|supervisor|team ?leader|one|anyone|"
    r"body|anybody)\b[^.?!]{0,20}?\b(?:i|we) (?:can|could) (?:put|transfer|pass|escalate|connect|send)"
)
# The line failing or a wrong number, said by either side near the end: the call ends with nothing done
# (a bad line early on that recovers says nothing about the outcome).
EN_LOST_LINE = (
    r"(?:i|we) (?:can't|cannot|can not) hear (?:you|anything|a thing)|"
    r"(?:you're|youre|you are|it's|its|it is|you keep|we're|we are|i'm|im|i am|line's|line is|signal's) "
    r"(?:(?:breakin[g']?|cuttin[g']?) (?:up|out)|going in and out)|wrong number|"
    r"(?:i'm|i am) not (?:hearing|getting) (?:you|anything)|(?:can|do) you (?:still )?hear me(?! (?:ok|okay|alright|all right|fine|better|now|clearly))|(?:didn't|did not) catch (?:that|you|any of that)|"
    r"(?:have|got|going) to (?:disconnect|end (?:the|this) call|hang up)|gonna have to (?:disconnect|hang up)|"
    r"hello\W+(?:\w+\W+){0,3}?(?:are )?you (?:still )?there|(?:are you|you) still there|are you there(?! (?:on|at|in|every|all|till|until|from|tomorrow|today))|"
    r"(?:your voice|the line|the signal|the connection)(?: is|'s| keeps)? (?:\[inaudible|breaking|cutting|dropping|"
    r"going in and out|not (?:coming through|clear)|(?:really |very )?(?:bad|poor|faint|terrible))"
)

# A callback promised in case the line drops ("if we get cut off I'll ring you straight back"): a promise that stands when
# the call then ends on a lost line.
EN_CALLBACK_IF_CUT_OFF = (
    r"if (?:we|the line|it|you|the call) (?:get |gets |do get |happen to get |should get )?(?:cut off|disconnected|"
    r"drop(?:s|ped)?|lose each other|get separated)[^.?!]{0,30}?\b(?:i'll|i will|we'll|we will|i can|i'd|ill) "
    r"(?:call|ring|phone) (?:you )?(?:straight |right )?back"
)
# The customer's own promise for a dropped line ("if I get cut off I'll ring you back"): a to-do when the line does drop.
EN_CALLER_BACK_IF_CUT_OFF = (
    r"if (?:we|i|the line|it|you|the call) (?:get |gets |do get |happen to get |should get )?(?:cut off|disconnected|"
    r"drop(?:s|ped)?|lose (?:each other|you|signal))[^.?!]{0,30}?\b(?:i'll|i will|ill) "
    r"(?:call|ring|phone) (?:you |again |straight |right )*(?:back|again)?"
)
# A transfer offered as a question ("shall I put you through to the claims team?"): a hand-off once the customer says yes.
EN_HANDOFF_OFFER = (
    r"(?:shall|should|can|could|may) i (?:put you through|transfer you|connect you|pass you (?:over|across|through|on))|"
    r"(?:would|do) you (?:like|want) (?:me )?to "
    r"(?:transfer you|put you through|connect you|be (?:transferred|put through|connected))"
)
EN_ACCEPTS = r"^\W*(?:yes|yeah|yep|yup|sure|ok|okay|please|go on|go ahead|that would be|that'd be|aye)\b(?![^.?!]{0,12}\bno\b)"

# --------------------------------------------------------------------------- customer to-dos

EN_CUSTOMER_TODO_SAID = (
    CUSTOMER_WILL + r" (?:" + LATER_VERB + r"|clear)|"
    + CUSTOMER_WILL + r" (?:" + WEAK_VERB + r")\b[^.?!]{0,40}?\b" + LATER_TIME
)
EN_CUSTOMER_TODO_ASKED = (
    AGENT_ASKS + r" (?:" + LATER_VERB + r")|"
    + AGENT_ASKS + r" (?:" + WEAK_VERB + r")\b[^.?!]{0,100}?\b" + LATER_TIME + r"|"
    # an instalment plan leaves the customer paying
    r"(?:first|initial) (?:payment|instalment|installment) (?:would|will|'ll|is going to|is|'s) (?:be|go|come|due)|"
    r"(?:payments?|instalments?|installments?) of [^.?!]{1,25}? (?:a|per|each|every) (?:month|week|fortnight)|"
    r"(?:a|per) (?:month|week|fortnight) (?:from|starting)|"
    # asked as an offer that speeds things up: "if you can email the photos over, we'll add them"
    r"if you (?:can |could )?(?:just )?(?:email|e-mail|send|post|upload|bring|drop|return|submit) (?:in |over |us )?"
    r"(?:the|a|an|your|us|them|those|that|copies|proof|photos|a copy|a screenshot)\b|"
    r"if you could (?:just |please )?(?:" + LATER_VERB + r")|"
    r"if you (?:can |could )?(?:just )?(?:take|bring|pop|drop) (?:it|them|this|that|your [\w-]+|the [\w-]+) "
    r"(?:back |in |down |over |along )?(?:to|into) (?:the|a|an|your|any|our)\b|"
    # a retry left for later, asked politely: "could you restart it and try again tomorrow morning"
    r"(?:could|can|would) you (?:please |just )?[^.?!]{0,60}?\b(?:try|check|do|give it)\b[^.?!]{0,30}?\b" + LATER_TIME
)
