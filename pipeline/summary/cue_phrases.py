"""The English phrase families behind the cue rules (:mod:`pipeline.summary.cues`), as regular expressions.

English patterns are matched case-insensitively between word boundaries. Each
constant is one family of wording a contact-centre agent or caller uses for the
same thing, written from how calls go in general, never from one transcript: a
hand-off ("I've put this through to our complaints team", "I'm referring you to
them", "it's gone across to our customer relations people", "I'll pop it over to
the claims team"), a dead end ("we don't deal with that on this line", "I don't
have access to that"), a request that waits on the customer ("once we've got it,
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
    r"underwriters|assessors|adjusters|solicitors|lawyers))"
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
    r"ask (?:them|him|her|the [\w-]+(?: [\w-]+)?) (?:about|whether|for)|"
    r"send|post|bring|take (?:it|them|this|that|the [\w-]+) (?:in|into|to|down)|fill (?:it |them |this |that |the [\w-]+ )?(?:in|out)|"
    r"return|upload|submit|report|(?<!you'll )(?<!you will )keep|have (?:[\w'-]+ ){1,12}(?:ready|to hand)|"
    r"(?:be|get) on ?to|have a (?:chat|word|talk) with|pay (?:at|in) (?:a|the|any|your) [\w-]+|"
    r"(?:cancel|stop|freeze) (?:your|the|my|that) (?:[\w-]+ )?card"
)
# Verbs that may be done during the call ("I'll pay the thirty-five", "make sure it's plugged in"):
# a customer to-do only with a time after the call.
WEAK_VERB = r"pay|try|do|sort|check|make sure|order|book|set up|have (?:another|a) go|give it (?:another )?(?:go|try)"
LATER_TIME = (
    r"(?:tomorrow|tonight|later|this (?:afternoon|evening|weekend|week)|next (?:week|month|time|\w+day)|"
    r"on (?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:a|per|each|every) (?:month|week|fortnight)|monthly|weekly|"
    r"from (?:next|the \w+)|before (?:the|then|they|it|\w+day)|beforehand|in advance|when i get|first thing|"
    r"after work|over the weekend|in the morning|straight after)"
)
# The customer promising, for themselves or for someone in their household ("I'll get him to do it tonight").
CUSTOMER_WILL = (
    r"(?:i'll|i will|i'm going to|i am going to|i'm gonna|i'd better|we'll|we will|i shall|we shall|a'll|ah'll)"
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
    r"(?<!i'll )(?<!we'll )(?<!i )(?<!me )(?<!will )(?<!i'm )(?<!we're )just)"
    r"(?: (?:just|then|also|first))*"
)

# --------------------------------------------------------------------------- handoff (agent)

_HANDOFF_VERB = (
    r"pass|passing|passed|hand|handing|handed|refer|referring|referred|forward|forwarding|forwarded|"
    r"send|sending|sent|raise|raising|raised|flag|flagging|flagged|log|logging|logged|submit|submitting|submitted"
)
EN_HANDOFF = (
    r"escalat(?:e|es|ed|ing)|transferr?(?:ing|ed)? you|transfer (?:you|your call|this|the call)|"
    r"put(?:ting)? you (?:straight |right |directly )?through|connect(?:ing)? you (?:to|with|now|through)|"
    r"(?:walk|walking|take|taking) you (?:over|across|through) to (?:them|him|her|the|our)\b|"
    r"(?:" + _HANDOFF_VERB + r")\b[\w\s',-]{0,40}?\b(?:to|with) (?:the |our |my |a |an )?" + TEAM + r"|"
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
    r"(?:done|made|put in|sent|raised|completed|submitted|make|do|send|raise|complete|submit|put) (?:in )?(?:the|a|your) referral|"
    r"referral (?:has been|is|'s been|was) (?:made|done|sent|raised|submitted|put in)|"
    r"(?:my|the|our|a) (?:supervisor|manager|team ?leader|senior colleague)\b[\w\s']{0,20}\b(?:will|is going to|'ll)|"
    r"(?:fraud|complaints?|specialist|specialists|disputes?|appeals?|escalations?|technical|[\w-]+ support) "
    r"(?:team |department )?(?:will|is going to|are going to|'ll)|"
    # another team taking it up: "our welfare rights team will contact you", "someone from the claims unit will ring"
    r"(?:the|our|a|someone from (?:the|our)) (?:(?!repairs?\b|engineering\b|maintenance\b)[\w-]+ ){1,3}"
    r"(?:team|department|division|unit|section) (?:will|is going to|are going to|'ll|should) "
    r"(?:call|contact|ring|phone|email|write to|be in touch|get in touch|get back to|review|assess|investigate|look into|deal with|take over)|"
    r"get (?:this|it|that|your (?:case|complaint|claim|query|request)) (?:across|over|through|passed on) to "
    r"(?:the |our |a )?(?:[\w-]+ ){0,4}(?:team|centre|center|department|office|unit|people|lads|guys|folks|colleagues)\b|"
    r"(?:it|this|that|your (?:case|complaint|claim|query|request)) (?:goes|will go|'ll go|is going|gets passed) "
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
# "There isn't a manager I can put you through to": a hand-off denied, not made.
EN_NOBODY_BEFORE = (
    r"\b(?:there(?:'s| is) no|there isn't|there aren't|there are no|nobody|no one|no-one|nowhere|isn't anyone|"
    r"is not anyone|aren't any)\b[^.?!,]{0,30}$"
)
# A line with no one on it is no hand-off, in either language: "I'll put you through to our automated payment line",
# "ARS 결제로 연결해 드릴게요".
SELF_SERVICE_NEAR = r"\b(?:automated|self-service|self service|ivr|payment line|pay line)\b|(?<![a-z])ARS(?![a-z])|자동 ?응답|자동 ?납부"

# --------------------------------------------------------------------------- still failing (customer)

EN_STILL_FAILING = (
    r"still (?:not(?! (?:happy|pleased|impressed|thrilled|keen|convinced|over the moon)\b)|isn't|is not|doesn't|does not|won't|can't|cannot|hasn't|haven't|no|nothing|getting|showing|"
    r"broken|down|failing|fails|the same|off|dead|wrong|there|says|saying|happening|stuck|coming up|flashing|"
    r"doing (?:it|that|the same))|"
    r"(?:didn't|did not|hasn't|has not|doesn't|does not|won't|will not) (?:fix|solve|sort|work|help|change)|"
    r"not (?:fixed|solved|sorted|resolved|working) (?:yet|still)|"
    r"same (?:problem|issue|error|[a-z]?\d[\w-]*) (?:again|as before)|nothing(?:'s| has)? changed|no change|"
    r"(?:nope|no|still) (?:the )?same (?:thing|problem|issue|error|message)|"
    r"keeps? (?:dropping|failing|cutting out|happening)|"
    r"(?:declined|failed|rejected|refused|dropped|dropping|crashed|crashing|frozen|stuck|gone off|cut out|"
    r"not working|down|broken|an error) again|(?:it's|it has|it is|that's|its) (?:gone|went) back (?:to|off)|"
    r"back to square one"
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
    r"(?:i can|i'm able to) (?:see|log in|access|get in|hear you|connect)\w* now|problem solved|all sorted"
)
EN_DONE = (
    r"(?:i've|i have|we've|we have|i just|i've just|i|we) (?:now )?(?:processed|cancelled|canceled|removed|refunded|"
    r"credited|updated|changed|reset|reissued|issued|applied|booked|blocked|frozen|unlocked|reconnected|restored|"
    r"waived|corrected|amended|added|set up|arranged|taken the payment|taken off|registered|"
    r"reversed|resolved|fixed|cleared|put through|sorted|re-?billed|moved|switched|renewed|extended|approved)|"
    r"(?:that's|that has|that's now|it's|it has|it's now|this is|this has|you're|you are|you're now|they've|it's been|"
    r"that's been|they're|they are|which is) "
    r"(?:been )?(?:all )?(?:done|processed|updated|changed|cancelled|canceled|refunded|credited|booked|applied|"
    r"sorted|fixed|confirmed|reset|cleared|gone through|set up|reconnected|restored|unlocked|blocked|removed|"
    r"approved|renewed|registered|in place)|"
    r"payment (?:has|is) (?:gone through|been taken|successful)|all done"
)
# A "done" or "working" said of the future: "as long as it's set up before the 28th", "once that's processed".
EN_NOT_YET_BEFORE = r"\b(?:as long as|so long as|provided|providing|once|as soon as|by the time|until|till)\b[^.?!]{0,30}$"

# --------------------------------------------------------------------------- pending (agent)

EN_PENDING = (
    r"(?:engineer|technician|inspector|officer|crew|someone|plumber|electrician) (?:will|to|is going to|'ll) "
    r"(?:visit|come|call|be|attend|look|text|ring|phone|arrive)|"
    r"(?:book|booked|arrange|arranged|schedule|scheduled)\w* (?:an? |the )?(?:engineer|technician|visit|inspection|repair)|"
    r"(?:call|ring|get back to|phone|contact) you (?:back|again|tomorrow|on|by|within|once|when|as soon)|"
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
    r"within (?:the next )?(?:about |around |roughly |up to )?(?:[\w-]+ (?:to|or) )?[\w-]+ (?:working |business )?(?:days|weeks|hours)|"
    r"takes? (?:up to |about |around )?(?:[\w-]+ (?:to|or) )?[\w-]+ (?:working |business )?(?:days|weeks)|"
    r"in (?:[\w-]+ (?:to|or) )?[\w-]+ (?:working|business) days|in [\w-]+ (?:to|or) [\w-]+ days|"
    r"(?:[\w-]+ (?:to|or) )?[\w-]+ (?:working |business )?(?:days|weeks) (?:to|before it|for it to) "
    r"(?:show|arrive|clear|appear|reach|come through|go through|land|be processed)"
)
EN_DELIVERY = (
    r"(?:letter|confirmation|refund|new card|card|cheque|check|form|pack|replacement|email|e-mail|text|money|credit|"
    r"statement|bill|payment|document|paperwork|certificate|receipt|invoice|contract|agreement)\w* "
    r"(?:will|should|'ll) (?:be|arrive|reach|come|go|show|land|appear)|"
    r"in the post|"
    # a corrected document to come: "you'll get a revised bill", not the next regular one
    r"(?:you'll|you will|you should) (?:get|receive) (?:a|an|the|your) (?:new|revised|corrected|amended|updated|adjusted|final) "
    r"(?:bill|invoice|statement|schedule)|"
    # "there'll be a letter setting out the dates", "we're sending you a new one"
    r"(?:there'll|there will|there's going to) be (?:a|an|the) (?:[\w-]+ ){0,2}(?:letter|confirmation|email|e-mail|card|cheque|"
    r"refund|pack|statement|text)|"
    r"(?:i'm|i am|we're|we are) (?:sending|posting|emailing|e-mailing) (?:you|it|them|that|one)(?![^.?!]{0,30}\bnow\b)|"
    r"(?:i'll|i will|we'll|we will) (?:send|post|email|e-mail|text|write to) you|"
    r"(?:go|be|get|put|paid|credited|refunded) back (?:on|in|to|into|onto) (?:your|the) (?:card|account|bank)|"
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
    r"within|by|after|once|when|next|soon|shortly|tomorrow|"
    r"emailed|e-mailed|posted|sent|through the|"
    r"with(?! (?:a |an |the |your )?(?:code|link|pin|passcode|one-time|verification)))\b"
)

# --------------------------------------------------------------------------- cannot (agent), lost line (either)

_CANNOT_VERB = (
    r"do|change|refund|cancel|remove|waive|fix|give|approve|help|see|process|book|make|sort|hear|"
    r"take|accept|log|record|check|access|arrange|offer|override|authori[sz]e|reverse|discuss|issue|transfer|"
    r"search|trace|pull|promise|waive|backdate|hold|put (?:a |the |your |calls |you |anyone )?[\w-]* ?through"
)
EN_CANNOT = (
    r"(?:i|we)(?: really| just| honestly| simply)?"
    r"(?: can't| cannot| can not| am unable to| are unable to|'m not able to| am not able to| are not able to|'re not able to) "
    r"(?:really |actually |currently |personally |just |then )?(?:" + _CANNOT_VERB + r")|"
    r"(?:nothing|isn't anything|is not anything) (?:else |more )?(?:i|we) can do|"
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
    r"(?:you're|you are|it's|it is|you keep|we're|we are|i'm|i am|line's|line is|signal's) "
    r"(?:(?:breakin[g']?|cuttin[g']?) (?:up|out)|going in and out)|wrong number|"
    r"(?:i'm|i am) not (?:hearing|getting) (?:you|anything)|(?:didn't|did not) catch (?:that|you|any of that)|"
    r"(?:have|got|going) to (?:disconnect|end (?:the|this) call|hang up)|gonna have to (?:disconnect|hang up)|"
    r"hello\W+(?:\w+\W+){0,3}?(?:are )?you (?:still )?there|(?:are you|you) still there|are you there(?! (?:on|at|in|every|all|till|until|from|tomorrow|today))|"
    r"(?:your voice|the line|the signal|the connection)(?: is|'s| keeps)? (?:\[inaudible|breaking|cutting|dropping|"
    r"going in and out|not (?:coming through|clear)|(?:really |very )?(?:bad|poor|faint|terrible))"
)

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
