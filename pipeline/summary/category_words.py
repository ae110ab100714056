"""What callers say when they ring for each reason: the default taxonomy's vocabulary (data only).

UK/US English and Korean, across councils and 구청/주민센터/120 다산콜, utilities,
telecoms, banks and card companies, retail, transport and health. Each entry is
two comma-separated lists, read by :mod:`pipeline.summary.category`: keywords
(the request said outright: "my broadband keeps dropping", "close my account",
"카드를 잃어버렸어요") and weak hints (words also heard in calls for other
reasons, one point however long). Service nouns on their own ("broadband",
"council tax", "카드") are at most weak hints. Apostrophes are left out ("dont",
"cant": they are dropped from the text too); English words match at a word
start with their usual endings, Korean stems anywhere; a "*" in an English one
stands for one word or none ("transfer to the * class").
"""

from __future__ import annotations

LOST_CARD_FRAUD = (
    """
    lost my card, lost card, card lost, lost my bank card, lost my debit card, lost my credit card,
    lost my purse, lost my wallet, lost my bag, lost my phone, cant find my card, card is missing,
    card has gone missing, stolen, nicked, pickpocketed, robbed, mugged, fraud, fraudulent, fraudster,
    scam, scammed, scammer, phishing, hacked, cloned, identity theft, unauthorised, unauthorized,
    dont recognise, dont recognize, didnt make, didnt authorise, didnt authorize, wasnt me,
    someone has used, someone used my, someones been using, someone is using, block my card,
    freeze my card, stop my card, cancel my card, pretending to be, impersonating, clicked a link,
    clicked the link, gave my details, gave them my details, fake text, fake email,
    lost my pass, lost my bus pass, lost my travel card, lost my passport, lost my licence, lost my license,
    lost my id, lost my permit, lost my badge, cant find my purse, cant find my wallet, cant find my pass,
    my card has been used, my cards been used, card was used, card has been used, used my card,
    not my transaction, not my payment, didnt do that,
    sim swap, sim swapped, sims been swapped, sim was swapped, sim has been swapped, sim card was swapped,
    swapped my sim, ported my number,
    saying they were from, saying they are from, said they were from, said they are from, claiming to be,
    saying he was from, saying she was from, said he was from, said she was from, saying it was from,
    that i havent made, which i havent made, that i never made, i never made, didnt authorise it,
    stop the card, block the card, freeze the card, cancel the card,
    get it stopped, get them stopped, opened in my name, taken out in my name, account in my name,
    suspicious activity, unusual activity, dodgy activity, suspicious transaction, dodgy transaction,
    money missing, money has gone from, money taken out, taken money out, taken money from, took money from,
    put my details in, entered my details, typed my details, gave my card details, looked like it was from,
    never heard of, using my card, using my details, got hold of my, got into my account,
    accessed my account, logged into my account,
    fake website, fake call, arent mine, isnt mine, not mine, werent me, misplaced, cards were in it,
    card was in it, my cards in it, my card in it,
    claimed to be, claiming they were, posing as, cold call, asked for my pin, asked for my password,
    charge i know nothing about, payment i know nothing about, transaction i know nothing about,
    charge i knew nothing about, payment i knew nothing about, card i know nothing about,
    account i know nothing about, statement i know nothing about, wasnt really you, was it really you,
    card never left, spending on my card, been spending on my, was a con, its a con, a con, conned, been conned,
    left behind my card, left my card behind,
    lost my * card, lost my * pass, lost the * card, cant find my * card, my * card was stolen,
    snatched, snatch, was grabbed, got grabbed, grabbed my bag, grabbed my purse, grabbed my wallet, grabbed my phone,
    need the card stopped, need my card stopped, need the cards stopped, need my cards stopped, want the card stopped,
    want my card stopped, get the card stopped, get my card stopped, get the cards stopped, get my cards stopped,
    never been to * in my life, never been there in my life, never been in my life,
    havent rented a * since, havent rented since, havent hired a * since, havent stayed * since, havent ordered * since,
    havent used you since, havent used your * since, havent flown * since, havent shopped * since,
    not rented a * since, not used you since, never rented from you, never hired from you, never stayed with you,
    said id won, saying id won, told me id won, said i had won, told me i had won, said ive won, saying ive won,
    says ive won, to release the prize, to release my prize, to release my winnings, fee to release, pay to release,
    money to release, claim my prize, pay a fee to claim,
    분실, 잃어버, 잃어 버, 도난, 훔쳐, 소매치기, 사기, 보이스피싱, 스미싱, 피싱, 해킹, 도용, 명의 도용,
    부정 사용, 모르는 결제, 모르는 돈, 결제한 적 없, 쓴 적 없, 쓰지 않은, 사용한 적 없, 사용하지 않은,
    카드 정지, 분실 신고, 링크를 눌, 사칭, 검찰이라, 경찰이라, 금감원이라, 누가 제 명의,
    검찰청, 경찰청이라, 수사관, 범죄에 연루, 범죄에 쓰, 저 아니에요, 제가 한 거 아니, 내가 한 거 아니,
    제가 한 게 아니, 내가 한 게 아니, 본인이 아니, 카드 번호를 불러 달, 카드 번호 불러 달, 카드 번호를 알려 달, 카드 번호 알려 달,
    대출해 준다, 대출해 주겠다, 저금리 대출, 수수료를 보내, 수수료를 보냈, 보증금을 보내, 제가 모르는, 내가 모르는, 라고 문자가 와, 라고 전화가 와, 라고 연락이 와,
    login attempt, log in attempt, sign in attempt, signin attempt, tried to log in, tried to log into, tried to sign in,
    tried to access my, trying to log into my, trying to get into my, unrecognised device, unrecognized device, unknown device,
    seller disappeared, seller has disappeared, seller vanished, seller has vanished, seller blocked me, took my money and,
    taken my money and, 로그인 시도, 접속 시도, 해외에서 로그인, 해외 로그인, 해외에서 접속, 다른 기기에서 로그인, 모르는 기기,
    잠수를 탔, 잠수 탔, 잠수를 타, 연락 두절, 연락이 두절, 채팅도 나가, 채팅방을 나가, 채팅방에서 나가, 채팅방 나가, 돈만 받고,
    잃어삤, 잃어삐, 잃어뿠, 잃어뿌, 잃어부렀, 잃어불, 잃어브렀, 잃어먹, 잃어묵, 잃어뻐, 잃었,
    떨어뜨렸, 떨어뜨린, 안 쓴 결제, 안 쓴 내역, 안 한 결제, 정지해 주, 정지시켜, 비밀번호를 물어, 비밀번호를 알려 달, 인증번호를 알려, 인증번호를 불러,
    카드가 다 들어, 카드가 들어 있, 카드도 들어 있, 카드까지 들어, 링크 눌, 링크 누르, 링크 클릭
    """,
    """
    suspicious, bogus, dodgy, not me, havent made, never been to, never used, in my name, didnt buy,
    card * right here, card is * right here, card * here with me, card is * here with me, card * in my hand,
    card is * in my hand, still have my card, still got my card,
    never ordered, didnt ask for, didnt request, never asked for, 도둑, 제 명의로, 결제 문자, 승인 문자, 해외 결제, 해외 승인
    """,
)

# "lost my purse", "my wallet was taken", "dropped my bus pass", "im after losing my pass" (the Irish
# perfect): a loss said of what holds a card.
# ("left my bag on the train" is lost property, not a card: left behind is said only of cards, purses
# and passes, below.)
LOSSES = (
    "lost my {}", "cant find my {}", "dropped my {}", "my {} was taken", "my {} got taken", "my {} has been taken",
    "my {} is missing", "my {} has gone missing", "my {} went missing", "my {} was stolen", "had my {} stolen",
    "misplaced my {}", "{} was taken", "{} got taken", "{} has been taken", "{} went missing", "{} has gone missing",
    "lost the {}", "lost our {}", "cant find the {}", "{} fell out", "{} has fallen out", "{} falling out",
    "{} disappeared", "after losing my {}", "after losing the {}", "{} is after falling out", "{} is after going missing",
)
CARD_HOLDERS = (
    "card", "bank card", "debit card", "credit card", "purse", "wallet", "bag", "handbag", "phone", "pass",
    "bus pass", "travel card", "passport", "licence", "license", "id", "permit", "badge", "chequebook", "cheque book",
    "driving licence", "driving license", "tax disc", "disc", "parking permit", "season ticket",
)
# "left my purse on the bus", "left me wallet in the taxi" (a dialect "me" for "my").
LEFT_BEHIND = ("left my {}", "left me {}", "lost me {}")
CARDS = (
    "card", "bank card", "debit card", "credit card", "purse", "wallet", "pass", "bus pass", "travel card", "passport",
    "licence", "license", "driving licence", "driving license", "id", "chequebook", "cheque book",
)
# "somebody rang saying they were from the bank", "they say theyre from you lot": an impostor.
IMPOSTOR_VERBS = ("say", "says", "saying", "said", "claim", "claims", "claiming", "claimed", "told me")
# "two transactions i didnt do", "a payment i never made": a payment the caller did not make.
UNKNOWN_PAYMENTS = ("transaction", "payment", "charge", "purchase", "withdrawal", "debit")
NOT_MADE = (
    "i didnt do", "i didnt make", "i never made", "i never did", "i didnt authorise", "i didnt authorize", "i dont recognise",
    "i never do", "i never buy", "i never bought", "i didnt buy", "i never authorised", "i never authorized",
)
# "은행이라면서 문자가 왔는데", "택배 회사라고 하면서": someone claiming to be a bank, a courier, the police.
KOREAN_IMPOSTORS = (
    "은행", "카드사", "택배", "회사", "센터", "검찰", "경찰", "금감원", "금융감독원", "우체국", "국세청", "법원", "통신사",
)
KOREAN_CLAIMING = ("이라면서", "라면서", "이라며", "이라고 하면서", "라고 하면서", "이라고 해서")
IMPOSTOR_SUBJECTS = (
    "theyre", "they are", "they were", "hes", "he is", "he was", "shes", "she is", "she was", "its", "it was",
)

COMPLAINT = (
    """
    complaint, complain, formal complaint, make a complaint, unhappy, not happy, no happy, disgusted, disgraceful,
    disgusting, rude, unacceptable, appalling, terrible service, poor service, awful service,
    not good enough, fed up, sick of, speak to a manager, speak to your manager, speak to a supervisor,
    speak to someone senior, escalate, keep being told, ridiculous, furious, the way i was treated,
    treated badly, hung up on me, never called back, nobody called back, nobody has got back, ombudsman,
    report my neighbour, report my neighbor, report the neighbour, report the neighbor, loud music,
    antisocial, anti social, noise nuisance, noise complaint, nuisance neighbour, noisy neighbour,
    noisy neighbor,
    the noise from, report the noise, report noise, never turned up, didnt show up, never showed up,
    no show, took a day off, waste of time, short with me, shouted at me, spoke to me like,
    talked down to me, patronising, condescending, unprofessional, not acceptable, fuming, livid, outraged,
    aggressive, appalled, insulted, swore at, swearing at, getting nowhere, going round in circles,
    left waiting, kept waiting, keep turning up late, turned up late, always late,
    phoned three times, phoned four times, rang three times, rang four times, called three times,
    called four times, called so many times, phoned so many times, rang so many times, gatvol,
    pure joke, absolute joke, complete joke, total joke, utter joke, madder than, hopping mad, im mad,
    i am mad, so mad, nobody called, nobody rang, nobody came, nobody knocked, no one called, no one rang,
    no one came,
    calling to complain, ringing to complain, phoning to complain, want to complain, like to complain,
    wish to complain, need to complain, not a happy camper, not a happy customer, bloody rude, so rude, very rude,
    abusing me, abused me, abusive, verbally abused, turned me away, turned away, turned me round, turns me round,
    sent me away, treated me like,
    cancelled three times, cancelled four times, cancelled twice, cancelled again, keeps getting cancelled,
    keep getting cancelled, kept getting cancelled, keeps cancelling, keep cancelling, kept cancelling,
    canceled three times, canceled twice, canceled again, keeps getting canceled, cancelled on us again,
    cancelled on me again, cancelled on her again, cancelled on him again, ive had enough, i have had enough,
    had it up to here, at my wits end, end of my tether,
    tamping, scunnered, cranky, raging, beelin, beeling, ropeable, hopping mad, spitting feathers, narked, miffed, vexed,
    steaming mad, fit to be tied, up in arms, pissed off, ticked off, teed off, browned off, hacked off, cheesed off, peed off,
    참다 참다, 참다가 참다가, 참다못해, 참다 못해, 참을 만큼 참, 열불, 뚜껑이 열, 뚜껑 열리, 빡치, 빡쳐, 성질나, 성질이 나, 부아가,
    환장하, 미치겠, 화가 났, 화났, 화내,
    a moan, have a moan, bit of a moan, a grumble, a whinge, off my chest, let off steam, not impressed,
    불만, 항의, 불친절, 민원을 제기, 민원 제기, 민원 넣, 정식으로 민원, 이게 말이, 말이 됩니까, 너무하,
    책임자, 상급자, 윗사람, 화가 나, 어이가 없, 어이없, 황당, 무성의, 승차 거부, 승차거부,
    말이 안 되, 말이 안 돼, 벌써 두 번째, 이게 두 번째, 이번이 두 번째, 저번에도 그랬, 답답해서 전화, 반말, 한두 번이 아, 한두 번 아, 대우받, 이런 대우, 이렇게 대우, 무례,
    그게 말이, 그런 게 말이, 사람 취급, 취급을 하, 취급하더, 책임자 바꿔, 책임자랑 얘기, 책임자 연결,
    책임자 나오, 책임자 불러, 과장 바꿔, 팀장 바꿔, 과장님 바꿔, 팀장님 바꿔, 과장 연결, 팀장 연결, 과장하고 직접,
    팀장하고 직접, 과장이랑 직접, 윗사람 바꿔, 높은 사람 바꿔, 억울, 분통, 열받, 열 받, 기분이 나빠, 기분 나빠,
    기분이 더러, 기분 더러, 기분이 상, 끝을 봐야, 끝장을 보, 끝장 보, 소리를 지르, 소리 지르, 망신
    """,
    """
    nobody, no one has, treated, third time, fourth time, a joke, angry, shocking, attitude,
    ignored, compensation, every night, unbearable, not having it, its not right, supposed to, no reply,
    no response, didnt turn up, upset, shouted, my fault, your fault,
    말이 되, 화나, 짜증, 태도, 무시하, 몇 번이나, 몇 번을, 세 번째, 아무도, 처리를 안 해, 대책, 시정, 사과, 답답, 속상, 불쾌, disappointed
    """,
)

REFUND = (
    """
    refund, money back, reimburse, reimbursement, overpaid, overpayment, paid twice, charged twice,
    charged me twice, taken twice, double charged, double payment, duplicate payment, pay me back,
    chargeback, owed to me, a refund, get a refund, getting a refund, full refund, partial refund, cash it in, cash them in, cash in my,
    want to cash in, like to cash in, cash in the rest, cash in the remaining, cash in the unused,
    claim back, claim it back,
    my money returned, refunded, put it back on my card, credit it back, taken two times, charged two times,
    wrongly charged, charged by mistake, charged in error, shouldnt have been charged, payment twice,
    took it twice, came out twice, went out twice, gone out twice, debited twice, paid too much,
    get my fee back, the difference back, get my deposit back, deposit back, deposit returned,
    return my deposit, delay repay, paid back, some of it back, part of it back, havent had my money,
    not had my money, still taking money, still taking payments,
    want it back, want my money, taken my direct debit twice, taken it twice,
    about a refund, about my refund, about the refund, chasing a refund, chasing my refund, chasing the refund,
    arrived damaged, came damaged, delivered damaged, arrived broken, came broken, wrong item, wrong items,
    missing from my order, items missing,
    money to come back, money come back, money hasnt come back, money back yet, seen the money, seen my money,
    waiting for my money, what i paid back, what i paid for it back,
    환불, 환급, 돌려받, 돌려 받, 돌려주, 돌려 주, 이중 결제, 중복 결제, 중복 납부, 중복으로, 두 번 결제,
    두 번 낸, 두 번 냈, 두 번 빠져, 과오납, 결제 취소, 결제가 두 번, 두 번 결제됐, 두 번 청구, 두 번 나갔,
    bond back, bond returned, bond refunded, return my bond, return the bond, returning my bond, returning the bond,
    return the deposit, returning my deposit, returning the deposit, keeping my deposit, keeping my bond, keep my deposit,
    keep my bond, hand it back, hand them back, hand back the, hand back my, surrender my, surrender the,
    이중으로, 이중 출금, 잘못 빠져, 잘못 출금, 돈 다시 받, 돈을 다시 받, 돈 도로 받, 돈을 도로 받, 낸 돈 다시, 낸 돈을 다시, 되돌려 받
    """,
    """
    sent it back, returned the, returned it, still took, still charged, in credit, credit on my account,
    credit returned, unused, claim for, i cancelled, order i cancelled, cancelled order, get it back,
    my deposit, returning it, returning them, about returning, sent them back, sent the * back, returned them, sent back, someone elses, somebody elses, 반품, 취소했는데, 돈이 안 들어, 더 냈, 더 낸,
    다른 게 왔, 다른 물건이 왔, 다른 상품이 왔, 잘못 왔, 잘못 배송, 오배송, 깨져서 왔, 파손돼서 왔
    """,
)

FAULT_OUTAGE = (
    """
    not working, no working, stopped working, isnt working, doesnt work, wont work, wont turn on, wont start,
    broken, broke down, broken down, faulty, fault, outage, power cut, no power, no electricity, no gas,
    no water, no hot water, no heating, heating is off, power is off, powers off, no lights,
    lights went out, lights are out, whole street, whole road, whole area, whole building, leak,
    burst pipe, flooding, flooded, blocked drain, dripping, water coming, coming through the ceiling,
    smell gas, gas leak, no signal, no dial tone, line is dead, line has gone dead, keeps dropping,
    keeps cutting out, cutting out, keeps freezing, keeps crashing, keeps giving me an error,
    is down, been down, gone down, went off, tripped, error code, error message, getting an error,
    cant connect, wont connect, cant get online, no internet, no connection, buffering, packed in,
    packed up, conked out, playing up, on the blink, out of order,
    going off, keeps going off, goes off, on and off, off and on, dropping out, drops out, intermittent,
    no service, no broadband, no wifi, totally dead, completely dead, just dead, gone dead, went dead,
    overflowing, overflow, sewage, sewer, backing up, blocked toilet, blocked sink, blockage, burst,
    water pouring, pouring in, leaking, seeping, black mould, black mold, damp and mould, condensation,
    noise on the line, crackling, flickering, sparking, tripping, buzzing, static on the line, crackly,
    out of action, not lit, isnt lit, wont come on, not coming on, gushing, disconnecting, disconnects,
    keeps disconnecting, lost connection, not flushing, wont flush, wont drain, not draining,
    black screen, blank screen, no picture, no sound, no reception, not heating, arent heating, isnt heating,
    wont heat, isnt getting cold, not getting cold, isnt getting hot, not getting hot, not cooling,
    isnt cooling,
    잠기지 않, 안 잠겨, 안 잠기, 잠금이 안, 열리지 않, 안 열려, 안 열리, 닫히지 않, 안 닫혀, 안 닫히, 충전이 안, 충전되지 않,
    인식이 안, 인식되지 않, 반납이 안, 반납되지 않, 로그인이 안, 로그인되지 않,
    gone off, vandalised, vandalized, running cold, only cold, stinking, not going down,
    wont go down, searching for signal, searching for a signal, searching for network, searching for the network,
    looking for signal, keeps spinning, spinning wheel, goes round and round, going round and round, stuck loading,
    says searching, says connecting, says offline, shows offline, showing offline, stuck on searching, stuck on connecting,
    stuck on loading, keeps loading, wont come out, wont release, wont dispense, didnt dispense, wont eject,
    뱅뱅 돌, 빙빙 돌, 뺑뺑 돌, 계속 돌아가, 로딩만, 무한 로딩,
    시원찮, 시원하지 않, 안 시원, 차갑지 않, 안 차가, 냉장이 안, 냉동이 안, 안 얼, 얼지 않, 따뜻하지 않, 안 따뜻,
    coming and going, comes and goes, came and went, is dropping, not connecting, isnt connecting, no connecting,
    not loading, isnt loading, not syncing, isnt syncing, authentication failed, login failed, connection failed,
    failed to connect, failed to load, not gone on the meter, no gone on the meter, hasnt gone on the meter,
    didnt go on the meter, not gone onto the meter, not showing on the meter, no credit on the meter,
    meter wont take, meter isnt taking, meter not taking, oot o gas, oot o power, oot o electric, oot o electricity,
    jammed, wont lock, wont unlock, wont close, cant make calls, cant receive calls, cant log in,
    cant sign in, wont load, wont open, wont charge,
    not charging, isnt charging, flashing red, cracked, crack in, falling down, falling off, fallen down, caved in,
    fogged up, misted up, steamed up, wont catch, wont latch, wont shut, just spins, keeps beeping,
    고장, 안 나와, 안 나오, 끊겨, 끊기, 끊겼, 끊어졌, 정전, 단수, 누수, 누전, 물이 새,
    새고 있, 안 켜, 켜지지, 꺼졌, 꺼져, 작동이 안, 작동을 안, 먹통, 신호가 안, 안 잡혀, 안 터져,
    오류, 에러, 막혔, 역류, 녹물, 난방이 안, 가스 냄새, 깨졌, 파손, 멈췄, 멈춰, 불이 안 켜, 불이 안 들어, 전기가 나갔,
    안 움직, 움직이지 않, 움직이질 않, 작동하지 않, 작동하질 않, 안 돌아가,
    전기가 안, 접속이 안, 연결이 안, 통화가 안, 안 걸려, 불꽃, 스파크, 타는 냄새, 동네 전체,
    터졌, 터진, 터져, 파열, 물이 솟, 넘쳐, 넘치, 물바다, 침수, 물이 찼, 물이 차올, 하수구, 물이 안 내려, 곰팡이
    """,
    """
    error, repair, boiler, radiator, wont let me, wont let us, isnt letting me, not letting me, no letting me, doesnt let me,
    keeps saying, keeps telling me, keeps showing, keeps coming up with, keeps kicking me out,
    street light, streetlight, lamp post, traffic light, pothole, damp,
    mould, mold, really slow, very slow, dead, smashed, been up and down, going up and down, up and down like,
    전체가, stuck, collapsed, crash, crackle, wont, lift, street lamp,
    안 돼, 안 되, manhole, been out, 맨홀, 보일러, 가로등, 신호등, 수리, 고쳐, 포트홀, 싱크홀, 느려, 버벅, 새요
    """,
)

APPOINTMENT = (
    """
    appointment, an appointment, my appointment, to book, book a, book an, book in, booking, rebook,
    reschedule, rearrange, push it back, bring it forward, move it forward, cancel my appointment, cancel the appointment, move my appointment,
    change my appointment, time slot, home visit, engineer visit, arrange a time,
    see the doctor, see a doctor, see the gp, see a gp, see the nurse, see a nurse, see the dentist,
    see a dentist, get in to see, engineer to come, engineer come, come and fit, come and install,
    come and fix, installation date, fitting date, delivery slot, arrange a date, book a date, set a date,
    come and measure, when youre free, when are you free to, what dates, dates have you got, any dates,
    any availability, your availability, first available, confirm my appointment, get an appointment,
    next appointment, coming to service, coming to fix, coming to repair, coming to install,
    coming to fit, coming to look at, coming to check, engineer coming, man coming, someone coming,
    technician coming,
    방문 날짜, 방문 일정, 방문 예약, 방문 시간, 상담 예약, 날짜를 바꾸, 날짜 변경, 시간 변경,
    booking me in, book me in, booked me in, book us in, booking us in, booked us in, fit me in, fit us in,
    a fella to look at, a man to look at, a fella out, book a collection, arrange a collection, collection date,
    come and collect, 가져가 주, 수거 날짜, 수거 예약, 수거해 주, 수거 신청, 수거하러,
    강습 신청, 강좌 신청, 수업 신청, 강습 등록, 강좌 등록, 수업 등록,
    send a car, send a taxi, send a cab, order a taxi, order a cab, need a taxi, need a cab, pick me up,
    missed the engineer, missed your engineer, missed the visit, missed your visit, we missed you, card through the door,
    card through my door, 차 불러, 차를 불러, 택시 불러, 택시를 불러, 콜택시, 차량 예약, 택시 예약, 차 보내, 차를 보내,
    부재중 안내, 부재 안내, 부재 스티커, 방문했는데 안 계, 재방문, 다시 방문, 다시 와 주, 다시 오실,
    일정 변경, 일정을 잡, 예약하려, 예약하고 싶, 예약 좀 하려, 기사님 방문, 방문해 주, 와 주실, 오실 수, 언제 오, 오시는 날, 방문일, 설치 날짜, 진료 예약
    """,
    """
    book, visit, slot, inspection, next available, earliest, come out, come round, consultation,
    assessment, viewing, engineer, install, smear test, blood test, eye test, hearing test, safety check,
    boiler service, annual service, mot, check up, checkup, survey, availability, when are you free,
    arrange for someone, someone to come, see someone about, someone to look at, somebody to look at,
    any spaces, any places, spaces left, places left, fully booked,
    예약, 일정, 미루, 미뤄, 앞당, 잡으려, 잡고 싶, 면접, 진료, 검진, 날짜, 자리 있, 자리 없, 자리가 있, 자리가 없, 빈자리,
    대기 신청, 수강 신청, 안전점검, 배차
    """,
)

# "목요일로 옮길 수 있을까요", "다음 주로 미뤄 주세요": a visit moved to another day.
KOREAN_NEW_DAYS = ("요일로", "주로", "일로", "시로", "달로")
KOREAN_MOVE_STEMS = ("옮기", "옮길", "옮겨", "미루", "미뤄", "미룰", "당기", "당겨", "당길", "변경")
# "can i get someone out", "send an engineer round": a visit asked for.
VISIT_VERBS = ("get", "send", "have", "getting", "sending")
VISITORS = (
    "someone", "somebody", "an engineer", "a technician", "a plumber", "an electrician", "a man", "anyone", "one of your",
)
VISIT_PLACES = ("out", "round", "over")

PAYMENT = (
    """
    pay, paying, payment, make a payment, pay my, pay the, pay off, pay it, pay by card,
    pay over the phone, direct debit, standing order, instalment, installment, payment plan, arrears,
    behind on, fallen behind, missed payment, missed a payment, late payment, cant pay, cannot pay,
    cant afford, cannot afford, struggling to pay, hardship, outstanding balance, clear the balance,
    payment failed, payment didnt go through, settle, settle up, top up, wont take my card,
    wont accept my card, card wont go through,
    payment bounced, payment was declined, payment declined,
    trying to pay, want to pay, like to pay, repayment, repayments, pay in advance, pay it all,
    miss my payment, miss a payment, miss the payment, missing my payment, missing a payment, skip a payment,
    payment holiday, pause my payments, pause the payments, autopay, auto pay, deferment, forbearance,
    let me pay, let me make a payment, let me top up,
    납부, 자동이체, 분납, 분할 납부, 분할로, 미납, 체납, 연체, 못 냈, 못 내, 가상계좌, 연납, 선납, 일시납,
    미리 내, 미리 납, 나눠서 내, 나눠 내, 나눠서 납부, 돈 내야, 돈 내려, 돈 낼려, 돈 어떻게 내, 돈 어떵 내, 세금 내야, 세금 내려, 납부하려,
    선결제, 결제하려, 결제를 하려, 결제 하려, 결제가 안 되, 결제가 안 돼, 결제 오류, 결제가 실패, 결제 실패, 결제가 계속,
    pay in one go, pay it in one go, pay upfront, pay up front, lump sum, pay annually, pay for the whole year, pay the year,
    한꺼번에 내, 한 번에 내, 한꺼번에 납부, 한 번에 납부, 일시불로 내, 일 년 치 내, 일 년치 내,
    어떻게 내야, 어떻게 내면, 어떻게 납부, 어디서 내야, 어디서 내면, 어디서 납부, 어디에 내야
    """,
    """
    owe, overdue, debt, declined, bounced, card details, summons, bailiff, enforcement agent, court costs,
    결제, 입금, 계좌번호, 낼 수, 내려고, 내면, 내야, 밀려, 밀렸, 내믄, 낼라, 내불
    """,
)

# "the payment keeps failing", "my card got declined", "it wont let me pay": a payment that does not go through.
PAYERS = ("payment", "transaction", "card", "my card", "the card", "direct debit")
PAYMENT_FAILURES = (
    "failing", "is failing", "keeps failing", "has failed", "wont go through", "isnt going through",
    "keeps getting declined", "got declined", "keeps declining", "was rejected", "got rejected", "keeps bouncing",
)
REFUSALS = ("wont let me", "isnt letting me", "not letting me", "no letting me", "doesnt let me", "keeps saying")

BILLING = (
    """
    bill, billing, billed, invoice, overcharged, over charged, meter reading, estimated reading,
    estimated bill, final demand, higher than, more than usual, too high, so high, wrong amount,
    mistake on my bill, error on my bill, why is my, why has my, price rise,
    what i normally pay, what i usually pay, normally pay, usually pay,
    times as much, twice as much, times what i, late payment fee, admin fee, single person discount,
    late fee, surcharge, been overpaid, benefit overpayment, extra charge, charged extra, charged me extra,
    additional charge, taken extra,
    being charged for, why am i being charged, why am i paying, a charge on my, a line on my, charges on my,
    청구, 고지서, 명세서, 부과, 많이 나왔, 많이 나와, 많이 나오, 많이 나옵, 더 나왔, 잘못 나왔, 잘못 청구, 가산세, 가산금, 추가 청구, 추가로 청구,
    원이라고 해 놓고, 원이라 해 놓고, 원이라고 했는데, 원이라더니, 원이라고 하더니,
    추가 요금, 추가로 빠져, 추가로 더 빠져, 더 빠져나, 더 빠져 나
    """,
    """
    charge, statement, tariff, meter, fee, band, council tax, business rates, service charge,
    standing charge, the amount, gone up, went up, too much, discount, reduction, exemption, incorrect,
    요금, 관리비, 재산세, 자동차세, 지방세, 소득세, 수도세, 전기세, 가스비, 전기료, 수도료, 통신비, 보험료, 과태료,
    was quoted, were quoted, quoted me, they quoted, more than the quote, more than quoted, more than i was quoted,
    찍혔, 검침, 사용량, 두 배, 올랐, 인상, 금액, 위약금
    """,
)

ACCOUNT_CHANGE = (
    """
    change of address, new address, change of name, name change, new phone number, new email,
    close my account, close the account, closing my account, close her account, close his account,
    cancel my contract,
    cancel my subscription, cancel my account, end my contract, switch supplier, change my tariff,
    change my plan, change my package, add my, add someone, joint account, new tenant,
    change of tenancy, passed away, bereavement, power of attorney, transfer the account, into my name,
    take over the account, paperless, opt out, change my direct debit, move my direct debit,
    change the date, bank details, changed banks, changed bank, switched banks, switched bank, new bank,
    name off, off the account, take him off, take her off, add my wife, add my husband, add my partner,
    stop sending me, paper bills, paper letters, paper statements, email me instead, by email instead,
    changing supplier, change supplier, switching supplier, moving supplier, leaving you, final reading,
    off the tenancy, onto the tenancy, be added to, added to the account, added to my account, add her,
    add him, manage my account, managing my account,
    authorised person, third party, nominee, moved to a new, moving to a new, account in my,
    in my partners name, in my wifes name, in my husbands name,
    change which day, change the day my, end my phone contract, end my mobile contract,
    cancel my phone contract,
    new bank account, new reg, new registration, new number plate, changed my vehicle, new vehicle,
    put in my name, put it in my name, put them in my name, in my name instead, new owner, change of owner,
    change of ownership, change the owner, changed the owner,
    where to send, send my post, send my letters,
    change it to my name, change it into my name, change it over to my name, change it over into my name,
    put it under my name, put it into my name, transfer it to my name, transfer it into my name,
    주소 변경, 주소를 바꾸, 주소가 바뀌, 명의 변경, 명의 이전, 명의를 바꾸, 이름으로 바꾸,
    이름으로 옮, 개명, 연락처 변경, 전화번호 변경, 번호 변경, 번호가 바뀌, 연락처가 바뀌, 이메일 변경,
    계좌 변경, 계좌를 바꾸, 결제일 변경, 결제일을 바꾸, 한도 상향, 한도를 올, 한도 조정, 해지, 탈퇴,
    요금제 변경, 요금제를 바꾸, 돌아가셔서, 상속, 승계, 통장을 바꾸, 통장 변경, 받는 통장, 받는 계좌,
    은행을 옮, 차량 변경, 차를 바꾸, 이름으로 돌리, 명의로 돌리, 이름으로 넘기, 명의로 넘기, 명의로 바꾸, 새 주소, 우편물 받는, 받는 주소
    """,
    """
    moving house, move house, moved house, moving out, moved out, moving in, moved home, moving home,
    shifted house, shifted home, new flat, new house, new home, relocated, surname, got married, update my,
    were moving, im moving, we are moving, i am moving, moved flat, moved flats, ive moved,
    flitted, flitting, new hoose, moved hoose, moving hoose, old address,
    recently moved, weve moved, previous owner, previous tenant, previous occupant, previous occupier,
    former owner, old owner, last owner,
    cancel my, terminate,
    switch to, switching to, my late, upgrade, downgrade, remove my, died, deceased, switched,
    이사, 전입, 결제일, 변경하, 변경하고 싶, 바꾸고 싶, 바꾸려, 바꿀려, 바꿀라, 바꿔야, 수정하, 사망, 양도
    """,
)

# "change/update my address", "update the email on it": a change verb before what it changes.
CHANGE_VERBS = (
    "change", "changed", "changing", "update", "updated", "updating", "amend", "amended", "correct", "corrected",
    "put the new", "put my new", "add the new", "add my new", "switch", "switched", "switching",
)
# 주소 바꾸, 주소를 바꿔, 주소 좀 바꿀: the stem after its noun, with or without a particle.
KOREAN_CHANGE_STEMS = ("바꾸", "바꿔", "바꿀", "바꿨")
KOREAN_CHANGED_DETAILS = ("주소", "계좌", "통장", "번호", "연락처", "명의", "이름", "은행", "이메일", "요금제", "결제일")
CHANGE_OWNERS = ("my", "the", "our", "his", "her", "their")
CHANGED_DETAILS = (
    "address", "name", "email", "email address", "phone number", "mobile number", "number", "contact details",
    "details", "phone", "bank account", "bank details", "account details", "payment details", "card details", "surname",
    "registration", "reg", "password", "pin", "postcode", "pickup point", "collection point", "application", "course",
    "plan", "tariff", "package", "electoral roll", "records", "record", "information", "info",
)

# "move me to the saturday class", "transfer to a different course": a plan, course or branch changed.
TRANSFER_VERBS = ("transfer", "transfer me", "move me", "switch me", "moved me", "swap me", "swap")
TRANSFER_TARGETS = ("the *", "another", "a different", "the other")
TRANSFERRED = ("class", "course", "group", "session", "branch", "plan", "tariff", "package", "membership", "centre")
# "put me grandson on the membership", "add my wife", "take my son off it": a person added or taken off.
PEOPLE = (
    "son", "daughter", "grandson", "granddaughter", "grandchild", "grandkids", "kids", "child", "children", "wife",
    "husband", "partner", "mum", "mam", "mom", "mother", "dad", "father", "brother", "sister", "nephew", "niece",
    "carer", "boyfriend", "girlfriend", "fiance", "fiancee", "family",
)
ADDED_TO = (
    "it", "the account", "my account", "the membership", "my membership", "the policy", "my policy", "the plan",
    "my plan", "the tenancy", "the insurance", "my insurance", "the card", "the contract", "my contract",
)
# "move the power over", "transfer my gas to the new place": a supply moved with the caller.
MOVE_VERBS = ("move", "transfer", "switch", "take")
SUPPLIES = (
    "power", "electricity", "electric", "gas", "supply", "energy", "broadband", "internet", "account", "water",
    "service", "phone line", "line",
)
# "bump the walkthrough to thursday", "move it to the afternoon": a booking moved to another time.
RESCHEDULE_VERBS = ("move", "bump", "push", "shift", "change", "switch", "swap", "bring", "put")
NEW_TIMES = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow", "next week",
    "another day", "a different day", "another time", "a different time",
    "later in the week", "earlier in the week",
)
# 피부양자로 올리려고요, 세대원 추가: a person added to (or taken off) an account.
KOREAN_MEMBERS = ("피부양자", "세대원", "부양가족", "가족", "공동 명의", "배우자")
KOREAN_MEMBER_STEMS = ("올리", "올려", "추가", "등록", "넣", "빼", "제외")

INFORMATION_REQUEST = (
    "",
    # Asking is the least specific reason: a question about a bill is about the bill.
    """
    information, ask about, find out, wondering, want to know, wanted to know, like to know,
    can you tell me, could you tell me, how do i, how can i, how would i, how long, how much is,
    what are, what time, what do i need, what documents, when is, when does, where can i, where do i,
    opening hours, open on, eligible, eligibility, entitled, qualify, requirements, criteria, might get,
    wanted to ask, want to ask, just to ask, quick question, a question, few questions, some questions,
    not sure, how to, when to, do i need, is that alright, is that ok, is it ok, am i allowed, can i still,
    thinking about, thinking of, still havent, havent received, havent heard, havent got, any update,
    an update on, status of, processing, go about, how would i, advice, advise, process for, the process,
    how does it work, whats involved, a query, one query, quick query, an enquiry, an inquiry, calling to ask, ringing to ask, phoning to ask, do we need, do they need,
    check a couple of things, couple of things, a few things, want to check, wanted to check,
    like to check, just to check, 불안해서, 걱정돼서, 걱정이 돼서, 걱정되어서, 걱정이 되어서, 조언, 상담 좀, 상담받, 괜찮은지,
    two questions, three questions, couple of questions, couple questions, one or two questions, two things to ask,
    what paperwork, what do i bring, need to bring, have to bring, just checking, checking whether, checking if,
    문의, 여쭤, 알고 싶, 궁금, 안내, 알려 주, 어떻게 하면, 어떻게 해야, 어디서, 언제, 몇 시, 필요한 서류,
    서류, 자격, 대상, 조건, 신청 방법, 방법, 운영 시간, 가능한가요, 필요한가요, 되나요, 있나요, 기준, 해당되,
    해야 되는지, 해야 하는지, 하면 되는지, 되는 건지, 려면, 가져가야, 뭘 가져, 뭐 가져,
    수 있는지, 수 있는가, 는가 해서, 는지 해서,
    am i due, would i be due, am i eligible, is it free, is he right, is she right, is that true, is it true,
    dont know how, how it works, how this works, how any of this works, how all this works, how it all works,
    walk me through, talk me through, show me how, only a question, just a question,
    info, some info, heard nothing, heard nowt, not heard anything, not heard back, heard nothing back,
    a doubt, one doubt, small doubt, some doubts, few doubts, doubt regarding, doubt about, clear my doubt,
    수 있는 건지, 수 있는 건가, 물어보려, 물어볼라, 물어볼려, 물어보고 싶, 알아보려, 알아볼라, 알아볼려
    """,
)

# Calls without a request: a wrong number, a silent line, a returned missed call.
OTHER = (
    """
    wrong number, wrong team, wrong department, wrong person, put through to the wrong, dialled the wrong,
    dialed the wrong, can you hear me, cant hear you, returning a call,
    returning your call, missed call, is anyone there, anyone there, is somebody there, 잘못 걸, 잘못 건, 잘못 눌렀,
    들리세요, 들리시나요, 안 들려, 부재중 전화, 부재중 통화, 부재중이 찍, 부재중으로 찍, 부재중 기록,
    전화가 와 있, 전화를 주셨, 전화 주셨,
    lost property, left my jacket, left my coat, left my keys, left my umbrella, left my rucksack, left my backpack,
    left my glasses, left my laptop, left my suitcase, left my hat, left my scarf,
    make a claim, put in a claim, file a claim, lodge a claim, raise a claim, insurance claim, claim form,
    보험금 청구, 보험 청구, 보험금을 청구, 보험금 신청
    """,
    # A caller unsure of the right place ("not sure who i should be calling", "어디다 얘기해야 되나"),
    # a visit that is over ("we visited on the ninth"), a thing left behind that holds no card.
    """
    right place, right number, right line, right department, right team, right person, who i should be calling,
    who i should be ringing, who to call, who to ring, who to speak to, where to ring, where to call,
    어디다 얘기, 어디다 말, 어디다 전화, 어디다 연락, 어디에 얘기해야, 어디에 말해야, 어디로 전화해야, 어디로 연락해야,
    we visited, i visited, visited on, when we visited, we were visiting,
    left his, left her, left our, left their, left behind, left it on the, left it in the
    """,
)

# "i never applied for any finance", "i aint listed nothin", "i never sign up for this": something in the
# caller's name that the caller did not do (with :data:`NOT_MADE`, a payment not made).
DENIALS = ("never", "didnt", "havent", "aint", "hadnt", "never even")
DENIED_ACTS = (
    "applied for", "apply for", "signed up", "sign up", "listed", "list", "took out", "take out", "taken out",
    "opened", "open an", "agreed to", "set up", "bought", "buy",
)

# "주민등록증을 잃어삤어예", "지갑 분실했어요": a thing that holds a card or an id, lost or stolen, said in Korean
# (the stem after its noun, with a particle or none).
KOREAN_CARD_HOLDERS = (
    "카드", "체크카드", "신용카드", "교통카드", "지갑", "주민등록증", "신분증", "외국인등록증", "여권", "면허증", "운전면허증",
    "휴대폰", "핸드폰", "통장",
)
KOREAN_LOSS_STEMS = ("잃어", "잃었", "분실", "도난", "도둑맞", "떨어뜨", "떨궜", "떨군")
