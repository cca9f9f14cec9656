# English, the second language. Keep it as short and plain as the Indonesian.

## Greeting and registration

welcome-stranger =
    Hello! 👋 This is the posyandu report bot.
    To register, send the invite code you got from your Puskesmas or head kader.
    Example: KBRT-7HMX
welcome-back = Welcome back, { $name }! 👋 Type /bantuan to see what you can do.
not-registered =
    Sorry, you are not registered yet.
    Send your invite code here (example: KBRT-7HMX).
    No code yet? Ask your village midwife, Puskesmas or head kader.
invite-not-found = Code { $code } was not found. Check the letters and send it again.
invite-expired = Code { $code } stopped working on { $date }. Ask whoever invited you for a new code.
invite-used-up = Code { $code } has been used as often as allowed. Ask whoever invited you for a new code.
invite-accepted =
    Code accepted ✅
    Welcome! You are invited as { $role }.
ask-name-confirm = Is your name { $name }?
ask-name = Please type your full name.
name-invalid = That name cannot be used. Type your full name in letters only, at most 60. Example: Siti Aminah
ask-language = Pilih bahasa / Choose your language:
registered =
    Thank you, { $name }! 🎉
    You are now registered as { $role }.
    Type /bantuan to see what you can do.
role-added = Thank you. New role added ✅ { $role }
already-has-role = You are already registered as { $role }. No need to register again.
continue-where-left = Let's carry on from the last step:
registration-unfinished = Your registration is not finished yet. Please answer this question first:

## At any point

help =
    What you can do:
    { $commands }

    Your roles:
    { $roles }
help-stranger =
    How to register:
    1. Ask your village midwife, Puskesmas or head kader for an invite code.
    2. Tap the invite link, or send the code here (example: KBRT-7HMX).
    3. Answer two short questions: your name and your language.
    Already registered on the other app (Telegram or WhatsApp)? Type /hubungkan there, then send the code here.
cancelled = Cancelled. Nothing was saved.
nothing-to-cancel = Nothing is in progress. Type /bantuan to see what you can do.
language-changed = OK, I will use English.
unknown-command = There is no /{ $command } command. Type /bantuan to see what you can do.
not-understood = Sorry, I did not understand. Type /bantuan to see what you can do.
unsupported-input = Sorry, I can only read text and buttons.
edited-not-read = ✏️ I do not read edited messages again, so nothing changed. If something was wrong, send the right one as a new message.
use-buttons = Please choose with the buttons below.
button-expired = That button is no longer active.
state-reset = Sorry, the earlier conversation cannot continue because the bot was updated. Please start again.
system-error = Sorry, something went wrong on our side. Your message was not saved. Please send it again in a moment.

## Buttons

btn-plain = { $label }
btn-section-done = ✅ { $label }
btn-cancel = ✖️ Cancel
btn-same = 🔁 Same as last month ({ $value })
btn-skip = ⏭️ Skip
btn-skip-rest = ⏩ Skip the rest
btn-back = ⬅️ Back
btn-to-summary = ⬅️ Back to the summary
btn-confirm = ✅ Yes, that's right
btn-fix = ✏️ Change
btn-send = 📤 Send
btn-edit = ✏️ Change
btn-field = { $code }: { $value }
btn-correct = ✏️ Correct
btn-close = ✖️ Close
btn-mine = 📤 Send mine
btn-resume = ▶️ Carry on
btn-restart = 🔄 Start again
btn-lang-id = 🇮🇩 Bahasa Indonesia
btn-lang-en = 🇬🇧 English
btn-name-ok = ✅ Yes, that's right
btn-name-change = ✏️ Change name
btn-report = 📋 Monthly report

## Monthly report

report-not-kader = Monthly reports are sent by posyandu kader. You are not registered as a kader. Type /bantuan to see your roles.
report-pick-posyandu = Which posyandu is this report for?
report-pick-periode = Which month is the { $posyandu } report for?
report-pick-section =
    Report for { $posyandu } · { $periode }
    { $lines }

    Choose the part to fill in (or type its number):
section-done = ✅ { $section }: done, by { $name } ({ $time })
section-waiting = ⏳ { $section }: not yet ({ $count } questions)
section-missing-line = • { $section }
report-month-complete = 🎉 Every part of this month is complete.
report-month-missing =
    Parts still missing:
    { $sections }
red-flag-alert =
    🚩 Needs follow-up now
    { $posyandu } · { $periode }
    { $label }: { $count }
    Reported by kader { $kader }. Please contact the kader soon to follow up.
digest-sections =
    📋 By section · { $periode }
    { $lines }
digest-section-line =
    { $section }: { $reported } of { $expected } posyandu
    { $figures }
digest-section-flags = 🚩 { $count } red flags
digest-figure-share = · { $part } { $count } of { $den } { $of } ({ $percent }; last month { $last })
digest-figure-count = · { $part } { $count } (last month { $last })
summary-section = Part: { $section }
report-periode-future = That month has not come yet. Choose last month or this month.
report-periode-too-old = That month is more than a year ago. For old reports, contact the Puskesmas.
report-field =
    { $posyandu } · { $periode }
    Step { $step } of { $total }

    { $label }
    { $help }

    Type the number, for example: 40. None? Type 0.
report-field-optional =
    { $posyandu } · { $periode }
    Step { $step } of { $total }

    { $label }
    { $help }

    Type the number, for example: 40.
    None at all → type 0.
    Not recorded → tap ⏭️ Skip.
report-pick-field = Which number do you want to change?
report-missing = Some numbers are still missing:
report-sent =
    ✅ Report for { $posyandu } { $periode } sent. Thank you!
    { $section } · Report number: { $reference }
    { $rest }
report-corrected =
    ✅ Correction of the { $posyandu } { $periode } report saved (revision { $revision }). Thank you!
    { $section } · Report number: { $reference }
    { $rest }
report-already-sent =
    The { $posyandu } { $periode } report was sent by { $name } on { $time } (revision { $revision }):

    { $lines }

    { $ratios }

    Does anything need correcting?
report-saved-closed = The { $posyandu } { $periode } report already exists. Does anything need correcting?
report-conflict =
    ⚠️ { $name } already sent the { $posyandu } { $periode } report on { $time }. Your report was not sent; your numbers are still kept here.
    The numbers already sent:
    { $lines }
report-conflict-again = Send your numbers as a correction of revision { $revision } of the { $posyandu } report?
report-resume = You have an unfinished report: { $posyandu } · { $periode }. Carry on?
count-not-a-number = Sorry, type just the number, for example: 40
count-negative = The number cannot be below 0.
count-not-whole = Type a whole number without a comma, for example: 40
value-too-big = { $value } is too large for { $code }. At most { $max }. Please check again.
value-too-small = { $value } is too small for { $code }. At least { $min }.
rule-broken =
    ❌ { $explain }
    { $comparison }.
    Type { $code } again, or tap ⬅️ Back to change an earlier number.
rule-warning =
    ⚠️ { $explain }
    { $comparison }.
    Is this right?
rule-generic = This number does not fit with the others.
rule-must-le = { $left } ({ $lv }) cannot be more than { $right } ({ $rv })
rule-must-lt = { $left } ({ $lv }) must be less than { $right } ({ $rv })
rule-must-ge = { $left } ({ $lv }) cannot be less than { $right } ({ $rv })
rule-must-gt = { $left } ({ $lv }) must be more than { $right } ({ $rv })
rule-must-eq = { $left } ({ $lv }) must equal { $right } ({ $rv })
rule-must-ne = { $left } ({ $lv }) cannot equal { $right } ({ $rv })
rule-is-more = { $left } ({ $lv }) is more than { $right } ({ $rv })
rule-is-less = { $left } ({ $lv }) is less than { $right } ({ $rv })
rule-is-same = { $left } ({ $lv }) is the same as { $right } ({ $rv })
jump-rise =
    ⚠️ { $label }
    More than { $factor } times as many: last month { $last }, now { $value }.
    Is this right?
jump-fall =
    ⚠️ { $label }
    A big drop: last month { $last }, now { $value }.
    Is this right?
jump-line-rise = ⚠️ { $label }: { $value } (more than { $factor } times; last month { $last })
jump-line-fall = ⚠️ { $label }: { $value } (a big drop; last month { $last })
warning-line = ⚠️ { $explain } ({ $comparison })
summary =
    { $title }

    { $lines }

    { $ratios }

    Check once more. If it is right, tap Send.
summary-with-warnings =
    { $title }

    { $lines }

    { $ratios }

    { $warnings }

    Check once more. If it is right, tap Send.
summary-title =
    📋 Report summary
    { $posyandu } · { $periode }
summary-title-correction =
    📋 Report correction (replacing revision { $revision })
    { $posyandu } · { $periode }

    What changes:
    { $changes }
summary-line = { $label }: { $value }
summary-change = • { $code }: { $old } → { $new }
summary-no-change = • no number changed yet
summary-changes-unknown = • the earlier revision's numbers are not kept here; check every number below
summary-ratios =
    Have a KMS (K/S): { $ks }
    Weighed (D/S): { $ds }
    Gained weight (N/D): { $nd }
    Gained, of those also weighed last month (N/D′): { $ndp } of { $dp } children (D′)
quick-problems =
    The report could not be read:
    { $problems }

    The codes are: { $codes }
    Example: lapor S45 K43 D40 N32 T5 O1 B2 BGM1 2T0
quick-empty = • no numbers yet
quick-unknown = • unknown code { $code }
quick-no-number = • { $code } has no number
quick-bad-number = • the number for { $code } cannot be read: { $text }
quick-repeated = • { $code } is written twice
quick-missing = • missing: { $codes }
quick-not-served = • { $code } belongs to { $section }, which this posyandu does not serve
quick-not-this-month = • { $code } is not asked for { $periode }
quick-while-filling = You are in the middle of the report for { $posyandu } · { $periode }. Finish it first, or press Cancel and send your line again.
quick-out-of-range = • { $code } = { $value } is outside { $min } to { $max }
quick-rule = • { $comparison }
quick-more = • … and { $count } more problems
status =
    Report status:
    { $lines }
status-posyandu = { $posyandu }
status-sent = • { $periode }: ✅ sent (revision { $revision })
status-complete = • { $periode }: ✅ complete
status-partial = • { $periode }: ⏳ not complete, missing: { $sections }
status-missing = • { $periode }: ⏳ not yet
periode = { $month } { $year }
month1 = January
month2 = February
month3 = March
month4 = April
month5 = May
month6 = June
month7 = July
month8 = August
month9 = September
month10 = October
month11 = November
month12 = December
help-lapor = /lapor – send the monthly report
help-status = /status – see which reports are sent
help-quick = Quick: lapor S45 K43 D40 N32 T5 O1 B2 BGM1 2T0
help-bantuan = /bantuan – show this help
help-bahasa = /bahasa – change language
help-batal = /batal – cancel what is in progress

## Roles and places

role-kader = kader of { $posyandu } ({ $place })
role-official = { $role } of { $place }
official-pokja = Pokja Posyandu
official-pokjanal = Tim Pembina Posyandu (Pokjanal)
official-puskesmas = Puskesmas officer
official-dinkes = District Health Office officer
place-provinsi = Province { $name }
place-kabupaten = { $name }
place-kecamatan = Kecamatan { $name }
place-kelurahan = Kelurahan { $name }
place-desa = Desa { $name }
level-provinsi = province
level-kabupaten = kabupaten/kota
level-kecamatan = kecamatan
level-desa = desa/kelurahan

## Command menu

cmd-bantuan = Help and list of commands
cmd-batal = Cancel what is in progress
cmd-bahasa = Change language
cmd-lapor = Send the monthly report
cmd-status = Which reports are sent

## Admin command line

cli-no-token =
    TELOXIDE_TOKEN is not set, and neither are the WhatsApp settings.
    For Telegram: create a bot with @BotFather (command /newbot), copy its token, then run:
      TELOXIDE_TOKEN=123456789:ABC... cargo run --release
    For WhatsApp: set WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN (see the README, WhatsApp).
    Either one is enough; both work together.
cli-telegram-failed = Could not log in to Telegram: { $error }
    Check TELOXIDE_TOKEN (copy it again from @BotFather) and the internet connection.
cli-bad-setting = { $name }={ $value } cannot be used. Set it to { $expected }.
cli-unknown-section = The form has no section { $section }. Its sections: { $known }
cli-bad-form = The report form { $path } cannot be used: { $reason }
cli-bad-templates = The WhatsApp templates { $path } cannot be used: { $reason }
cli-expect-month = previous (the month that just ended) or current
cli-expect-minutes = a number of minutes, for example 60
cli-expect-months = an indicator code of the form and months 1–12, for example VITA=2,10 (vitamin A in February and October)
cli-expect-url = a full address, e.g. http://127.0.0.1:8081
cli-expect-rate = messages per second, e.g. 28 (0 means no limit)
cli-expect-listen = an address and port, e.g. 0.0.0.0:8080
cli-whatsapp-missing = The WhatsApp settings are incomplete. Also set: { $names }
cli-failed = Failed: { $error }
cli-migrated = Database ready ({ $backend }).
cli-reading = Reading { $file } …
cli-regions-progress = Saving regions: { $done }/{ $total }
cli-regions-done = Done: { $total } regions read; { $added } new, { $renamed } renamed, { $unchanged } unchanged.
cli-file-refused = File refused, nothing was saved. Fix these lines:
cli-more-errors = … and { $count } more problems.
cli-line-columns = line { $line }: wrong number of columns
cli-line-bad-code = line { $line }: { $code } is not a Kemendagri region code (example 73.24.01.2001)
cli-line-empty-name = line { $line }: empty name
cli-line-duplicate = line { $line }: this code is already on line { $first }
cli-line-no-parent = line { $line }: parent region { $parent } does not exist
cli-line-unknown-province = line { $line }: { $code } is not a known province code
cli-line-not-desa = line { $line }: { $code } is not a stored desa/kelurahan
cli-region-unknown = Region { $code } not found. Did you run "posyandu-bot regions import"?
cli-region-not-desa = { $code } is not a desa/kelurahan. A posyandu is registered with a desa code (4 parts, example 73.24.01.2001).
cli-bad-region-code = { $code } is not a region code (example 73.24.01.2001).
cli-regions-none = No region has that name.
cli-posyandu-added = { $name } added (id { $id }) in { $desa }.
cli-posyandu-exists = { $name } already exists (id { $id }) in { $desa }.
cli-posyandu-imported = Done: { $added } new posyandu, { $existing } already there.
cli-posyandu-none = No posyandu in this area yet.
cli-posyandu-count = { $count } posyandu.
cli-people-none = Nobody holds a role in this area yet.
cli-people-count =
    { $count ->
        [one] 1 role.
       *[other] { $count } roles.
    }
cli-posyandu-unknown = There is no posyandu with id { $id }. See the list: posyandu-bot posyandu list
cli-role-level = The role { $role } is only for regions at level { $levels }; { $code } is a { $level }.
cli-invite-created =
    Invite for { $role }
    Code: { $code }
    Valid until { $date }, for { $uses } people.
cli-invite-link = Link: { $link }
cli-invite-no-link = No link yet: run the bot once, or set BOT_USERNAME.
cli-invite-whatsapp-link = WhatsApp link: { $link }
cli-regions-retired = { $count } codes are no longer in this list. They are kept as retired codes, not deleted.
cli-regions-restored = { $count } retired codes are in this list again and in use once more.
cli-region-retired = { $code } ({ $name }) is a retired code that is no longer used. Find its new code: posyandu-bot regions search "{ $name }"
cli-region-retired-mark = (retired)
cli-line-retired = line { $line }: { $code } is a retired desa code that is no longer used
cli-posyandu-moved = { $name } (id { $id }) moved from { $from } to { $to }. { $reports } monthly reports moved with it.
cli-bad-stages = Cannot read "{ $stages }". Write the stages separated by commas: balita, ibu, remaja, dewasa; or all for every stage.
cli-stages-all = every stage
cli-stages-set = Posyandu id { $id } now serves: { $stages } (visitors and staff are always reported).
cli-posyandu-name-taken = { $desa } already has { $name } (id { $other }). The posyandu was not moved.
cli-posyandu-on-retired =
    { $name } (id { $id }) is still on the retired desa code { $code }. Move it to the new code first:
      posyandu-bot posyandu move --id { $id } --desa { $new }
cli-officials-moved = From { $from } to { $to }: { $roles } official roles and { $invites } open invites moved.
cli-level-mismatch = { $from } is a { $from_level }, { $to } is a { $to_level }. Roles can only move to a region of the same level.
cli-stranded-header = Some things still use retired region codes. Nothing is lost; move them to the new codes:
cli-stranded-posyandu = • { $name } (id { $id }) in { $code } { $region }
cli-stranded-official = • { $person }, { $role } (code { $code })
cli-stranded-invite = • Invite { $invite } for { $role } (code { $code }) not used yet
cli-stranded-successor = The new code is probably { $code } ({ $name }). Check it, then run:
cli-stranded-search = Find the new code with posyandu-bot regions search "{ $name }", then run:
cli-new-code = NEW_CODE

## Meetings

when-show = { $weekday } { $day } { $month } { $year }, { $hour }:{ $minute } { $zone }
when-not-understood = Sorry, I could not read the date and time. Example: 12/12 09:00 or tomorrow 9am
when-no-time = What time does the meeting start? Write the date and the time. Example: 12/12 09:00 or tomorrow 9am
when-ambiguous-hour = { $hour } in the morning or { $later }:00? Please write it clearly. Example: tomorrow { $hour }am or tomorrow { $later }:00
when-no-such-date = There is no { $date } on the calendar. Please check the date. Example: 12/12 09:00 or tomorrow 9am
when-wrong-weekday = { $date } is a { $actual }, not a { $typed }. Please check the date or the day. Example: 12/12 09:00 or tomorrow 9am
when-past = That time has already passed. Write a date and time still to come. Example: 12/12 09:00 or tomorrow 9am
when-too-far = That is more than a year away. Meetings can be planned up to a year ahead. Example: 12/12 09:00 or tomorrow 9am
weekday1 = Monday
weekday2 = Tuesday
weekday3 = Wednesday
weekday4 = Thursday
weekday5 = Friday
weekday6 = Saturday
weekday7 = Sunday

## Rapat: undangan, jawaban, pengingat

## Rapat: membuat undangan

cmd-rapat = Invite to a meeting
help-rapat = /rapat – invite your area to a meeting
cmd-rekap = Your area's digest
help-rekap = /rekap – the digest of your area's reports (e.g. /rekap oct)
meeting-not-official = Sorry, only Pokja, Pokjanal, Puskesmas staff or the Health Office can invite to a meeting.
meeting-start = Let's write a meeting invitation. You can stop at any time with the Cancel button or /batal.
meeting-ask-organizer = Which of your roles holds this meeting?
meeting-ask-kind = What kind of meeting is it?
meeting-kind-rakor = Pokjanal / Tim Pembina Posyandu coordination meeting
meeting-kind-lokmin = Lokakarya mini
meeting-kind-pertemuan-kader = Kader meeting
meeting-kind-lainnya = Meeting
btn-meeting-other = Other
meeting-ask-title =
    Type the meeting's title, at most { $max } characters.
    Example: Pokjanal coordination Q4
meeting-empty = There is nothing in it yet. Please type it again.
meeting-too-long = Too long: { $length } characters, at most { $max }. Please shorten it and send it again.
meeting-ask-start =
    When does the meeting start? Type the date and time ({ $zone }).
    Example: 12/12 09.00, 12 Dec 9am or tomorrow 14:00
meeting-confirm-start = The meeting starts { $when }. Is that right?
btn-right = ✅ Right
meeting-ask-place = Where is it? Type the place (at most { $max } characters), or share a location with 📎.
meeting-ask-place-name = Please also type the place's name (at most { $max } characters), so people recognise it. Example: Sub-district office hall
meeting-location-received = 📍 Location received.
meeting-location-not-now = A location is only used for the meeting place, which is not being asked now.
meeting-ask-agenda = Type the agenda (several lines are fine, at most { $max } characters), or press Skip.
meeting-ask-area = Who is invited? Choose all of { $place } or a part of it. You can also type the name of a village or sub-district to find it.
meeting-area-found = Choose the area you mean, or type another name to search again.
meeting-area-not-found = There is no area called "{ $text }" in { $place }. Check the spelling, or choose with the buttons.
meeting-area-short = Type at least { $min } letters of the area's name.
meeting-area-outside = Sorry, that area is outside { $place }. You can only invite people in your own area.
btn-area-all = 🗺️ All of { $place }
btn-area-list = ⬅️ Back to the list
btn-next-page = Next ➡️
btn-previous-page = ⬅️ Previous
meeting-ask-invitees = Who in { $area } is invited? Tap to choose (✅), then press Continue.
meeting-no-invitee = Choose at least one group, then press Continue.
btn-toggle-on = ✅ { $label }
btn-toggle-off = ▫️ { $label }
btn-next = Continue ➡️
invitee-kader = Kader
invitee-pokja = Pokja
invitee-puskesmas = Puskesmas
invitee-pokjanal = Pokjanal
invitee-dinkes = Health Office
meeting-ask-answer-by =
    By when should people answer? Type the date and time (before the meeting starts), or press Skip.
    Example: 10/12 12.00 or tomorrow 16:00
meeting-answer-by-late = The answer deadline must be before the meeting starts ({ $start }). Type an earlier time, or press Skip.
meeting-answer-by-cleared = The meeting's time changed, so the old answer deadline ({ $when }) no longer applies.
meeting-invitee-line = • { $role }
meeting-preview =
    ☝️ This is the invitation people will get, with the buttons Attending / Cannot attend / Sending someone.
    It goes to { $count } people in { $area }:
    { $invitees }
    Send it now?
meeting-preview-nobody =
    ☝️ This is the invitation. But nobody in { $area } is registered as:
    { $invitees }
    So it cannot go to anyone yet ({ $count } people). Please change the area or who is invited.
meeting-ask-change = What would you like to change?
meeting-field-kind = Kind of meeting
meeting-field-title = Title
meeting-field-start = Time
meeting-field-place = Place
meeting-field-agenda = Agenda
meeting-field-area = Area
meeting-field-invitees = Who is invited
meeting-field-answer-by = Answer deadline
btn-to-preview = ⬅️ Back to the preview
meeting-sending = 📤 Thank you! The invitations are going out.
invitation =
    📅 Invitation: { $kind }
    { $title }

    { $details }

    Please choose your answer with the buttons below.
invitation-kind-rakor = Pokjanal / Tim Pembina Posyandu coordination meeting
invitation-kind-lokmin = Puskesmas mini workshop (lokakarya mini)
invitation-kind-pertemuan-kader = Kader meeting
invitation-kind-lainnya = Meeting
invitation-when = 🕘 When: { $when }
invitation-place = 📍 Where: { $place }
invitation-map = 🗺 Map: https://maps.google.com/?q={ $latitude },{ $longitude }
invitation-agenda = 📝 Agenda: { $agenda }
invitation-organizer = 👤 From: { $organizer }
invitation-answer-by = ⏳ Please answer before { $when }
invitation-calendar = Save to your phone's calendar: { $title }
btn-rsvp-yes = ✅ Attending
btn-rsvp-no = ❌ Can't attend
btn-rsvp-delegate = 👥 Sending someone
rsvp-answer-yes = Attending
rsvp-answer-no = Can't attend
rsvp-answer-delegate = Sending someone
rsvp-recorded = Thank you, your answer for { $title } is recorded: { $answer }. You can change it with the buttons below until the meeting starts ({ $when }).
rsvp-not-invited = Sorry, you are not on the invitation list of this meeting, so the answer was not recorded.
rsvp-cancelled = { $title } has been cancelled, so no answer is needed. Thank you.
rsvp-started = { $title } has already started, so the answer can no longer be changed.
reminder-unanswered = 🔔 Reminder: you have not yet answered the invitation to { $title }, { $when }, at { $place }. Please choose your answer:
reminder-day-before = 🔔 Reminder: { $title } is tomorrow, { $when }, at { $place }. See you there!
reminder-soon = 🔔 Reminder: { $title } starts in two hours, { $when }, at { $place }.
notice-changed =
    ✏️ A change to { $title }:
    { $changes }
    Your answer still stands. The new calendar file follows.
notice-changed-when = When: { $old } → { $new }
notice-changed-place = Where: { $old } → { $new }
notice-cancelled = ❌ { $title }, { $when }, is cancelled. We are sorry. Open this file to remove it from your phone's calendar.
cli-expect-hour = an hour 0–23, e.g. 16
cli-expect-due-day = a day 1–28, e.g. 5
cli-expect-percent = a percentage 1–100, e.g. 80
cli-meeting-created = Meeting { $id } created: { $title }, { $when }. The running bot sends the invitation to { $count } people.
cli-meeting-person-unknown = There is no person with id { $id }.
cli-meeting-not-official = { $name } is not an official (pokja, pokjanal, puskesmas, dinkes), so they cannot invite to a meeting.
cli-meeting-out-of-scope = { $name } cannot invite region { $area }: their region is { $scope }. Choose a region within it.
cli-meeting-role-above-area = Region { $area } has no { $role }: that role sits at { $level } level or above.
cli-meeting-no-invitees = Say who is invited, e.g. --invite kader,pokja
cli-meeting-bad-invitee = "{ $value }" is unknown. Choose from: kader, pokja, puskesmas, pokjanal, dinkes (comma separated).
cli-meeting-bad-kind = Unknown meeting kind "{ $value }". Choose from: rakor, lokmin, pertemuan-kader, lainnya.
cli-meeting-too-long = { $field } is too long: { $length } characters, at most { $max }.
cli-meeting-field-title = Title
cli-meeting-field-place = Place
cli-meeting-field-agenda = Agenda
cli-meeting-answer-by-late = The answer deadline must be before the meeting starts.
cli-meeting-nobody = Nobody in region { $area } can be invited yet. The meeting was not created.
cli-meeting-unknown = There is no meeting with id { $id }.
cli-meeting-cancelled = Meeting { $id } ({ $title }) cancelled. The notice goes to { $count } people; reminders are stopped.
cli-meeting-already-cancelled = Meeting { $id } was cancelled before.
cli-meeting-exported = { $count } invitations written to { $file }.
cli-meeting-csv-header = name,role,channel,answer,answered,attended,delivery
cli-delivery-sent = sent
cli-delivery-pending = waiting
cli-delivery-failed = failed
cli-delivery-unreachable = unreachable
cli-attended-yes = yes
cli-attended-no = no

## Meetings: the organizer follows them (/rapat, status message, changes, attendance).
meeting-listed =
    📅 { $kind }: { $title }
    🕘 { $when }
    📍 { $place }
    { $tally }
meeting-listed-past =
    📅 { $kind }: { $title } (already held)
    🕘 { $when }
    📍 { $place }
    { $tally }
meeting-list-new = Would you like to invite people to a new meeting?
meeting-list-more = There are { $more } more meetings after these. Would you like to invite people to a new meeting?
btn-new-meeting = ➕ New meeting
btn-unreached = 👥 Who has not answered
btn-attendance = ✅ Record attendance
btn-change-meeting = ✏️ Change time/place
btn-cancel-meeting = 🚫 Cancel meeting
meeting-tally = Sent { $sent }/{ $total } · Attending { $yes } · Not { $no } · Sending someone { $delegate } · No answer { $unanswered }
meeting-tally-unreachable = ⚠️ Unreachable (blocked the bot): { $count }
meeting-tally-failed = ⚠️ Could not be sent: { $count }
meeting-status =
    📊 Invitation status: { $title }, { $when }
    { $tally }
meeting-status-cancelled = ❌ This meeting was cancelled.
meeting-finish-first = Please finish what you are doing first, or type /cancel.
meeting-unreached =
    👥 { $title }: { $total } people have not answered or cannot be reached.
    { $people }
meeting-unreached-none = 👍 Everyone invited to { $title } has answered.
meeting-unreached-line = { $number }. { $name } ({ $role }): { $why }
meeting-why-unanswered = no answer yet
meeting-why-unreachable = unreachable
meeting-why-failed = could not be sent
meeting-not-yours = Sorry, this meeting is not among your meetings.
meeting-was-cancelled = { $title } has been cancelled.
meeting-has-started = { $title } has already started, so it can no longer be changed.
meeting-ask-what-changes = What would you like to change about { $title }?
btn-change-when = 🕘 Time
btn-change-place = 📍 Place
meeting-ask-new-start =
    Now: { $when }. Type the new date and time ({ $zone }).
    For example: 12/12 09.00, 12 Dec at 9, or tomorrow 14:00
meeting-confirm-new-start =
    New time for { $title }:
    { $old } → { $new }
    Everyone invited will be told. Send?
meeting-ask-new-place = Now: { $place }. Type the new place (at most { $max } characters).
meeting-confirm-new-place =
    New place for { $title }:
    { $old } → { $new }
    Everyone invited will be told. Send?
meeting-confirm-cancel = Cancel { $title }, { $when }? Everyone invited will be told, and the reminders stop.
btn-send-notice = 📤 Send the notice
btn-cancel-meeting-yes = 🚫 Yes, cancel it
meeting-change-sent = ✏️ Change saved. Everyone invited is being told.
meeting-cancel-sent = 🚫 Meeting cancelled. Everyone invited is being told.
attendance-not-yet = Attendance for { $title } can be recorded once it has started ({ $when }).
attendance-list =
    ✅ Attendance: { $title }, { $when }
    Tap a name to change it: ✅ came, ▫️ did not come. Saved at once.
    ({ $from }–{ $to } of { $total } people)

## Digests (/rekap).
digest-bad-month = I do not recognise the month "{ $typed }", or it has not passed yet. For example: /digest oct or /digest 2026-10
digest-not-official = Area digests are for coordinators (pokja, pokjanal, puskesmas, dinkes). For your posyandu's reports, type /status.
digest-outside = Sorry, that area is outside your own, so its digest cannot be shown.
digest-nation = Indonesia
digest-posyandu = { $posyandu } ({ $desa })
digest-summary =
    📊 Digest { $month } · { $area }
    📋 Reports in: { $reported } of { $expected } posyandu ({ $rate }), on time { $on_time }. Last month { $last_reported } of { $last_expected }.
    { $figures }
digest-totals = S { $s } · K { $k } · D { $d } · N { $n }
digest-ratio = { $name } { $now } (last month { $before })
digest-count = { $name } { $now } ({ $rate } of D; last month { $before } of D)
digest-ranking =
    🏆 { $level } by D/S:
    { $rows }
digest-ranking-page =
    🏆 { $level } in { $area } by D/S, { $month } ({ $from }–{ $to } of { $total }):
    { $rows }
digest-rank-row = { $rank }. { $name }: D/S { $ds } · reported { $reported }/{ $expected }
digest-more-rows = … and { $count } more
digest-level-provinsi = Provinces
digest-level-kabupaten = Districts/cities
digest-level-kecamatan = Subdistricts
digest-level-desa = Villages
digest-level-posyandu = Posyandu
digest-alerts =
    ⚠️ Worth a look:
    { $alerts }
digest-no-alerts = ✅ Nothing stands out this month.
alert-ds-below-target = • D/S { $name } { $ds }, below the target of { $target }
alert-bgm-up = • BGM up: { $before } → { $after } of D
alert-two-t-up = • 2T up: { $before } → { $after } of D
alert-unusual = • { $posyandu }: { $measure } { $value }, usually { $usual }. Please check.
alert-silent = • { $posyandu } has not reported for { $months } months (last { $last })
alert-never-reported = • { $posyandu } has never reported
digest-missing =
    📋 Not yet reported for { $month }: { $total } posyandu ({ $from }–{ $to })
    { $rows }
digest-missing-desa = { $desa }:
digest-missing-posyandu = • { $posyandu }
btn-digest-up = ⬆️ One level up
btn-digest-missing = 📋 Not reported ({ $count })
chart-trend-title = D/S and N/D′, last 12 months
chart-bars-title = D/S by area
chart-target = Target
digest-month-provisional = { $month } (provisional, reports can still come in)
chart-month-provisional = { $month }*
chart-trend-title-provisional = D/S and N/D′, last 12 months (* provisional)
chart-more-bars = +{ $count } more

## Strata (/strata).
strata-bad-year = The year "{ $typed }" cannot be used. For example: /strata or /strata 2025
strata-summary =
    🏅 Posyandu strata, { $area }, { $from } – { $to }
    { $counts }
    Judged from the monthly reports: open (anyone weighed) at least { $months } months, on average at least { $kader } kader on duty, and the year's D/S at least { $ds }. KIA, KB and immunisation coverage, additional programmes and dana sehat are not in the monthly report, so Purnama and Mandiri cannot be told apart yet.
strata-count = • { $stratum }: { $count }
strata-pratama-name = Pratama
strata-madya = Madya
strata-purnama-mandiri = Purnama/Mandiri
strata-unknown = Number of kader not reported
strata-pratama =
    Pratama posyandu ({ $count }), to be supported:
    { $rows }
strata-pratama-page =
    Pratama posyandu ({ $count }), to be supported, { $from }–{ $to }:
    { $rows }
strata-pratama-row = • { $posyandu } ({ $desa }): open { $months } months, kader on average { $kader }
help-strata = /strata – this year's strata of your area's posyandu (e.g. /strata 2025)
## Digest schedule: kader reminders, scheduled digests, /langganan.
cycle-date = { $month } { $day }
cycle-reminder =
    👋 Hello! We have not yet received your posyandu's monthly report for { $month }.
    Please send it by { $due }: just tap the button below.
    Thank you for your good work! 🙏
cycle-reminder-incomplete =
    👋 Hello, kader. Part of the { $month } report of your posyandu has arrived, thank you! Some parts are still missing.
    Please complete it by { $due }. Press the button below to see which parts are missing.
cycle-weekly =
    📋 Reports for { $month } · { $area }
    So far { $reported } of { $expected } posyandu have reported ({ $rate }), { $missing } not yet.
    Reports are due on { $due }.
    You can turn these messages off with /langganan.
btn-cycle-digest = 📊 Full digest
cmd-langganan = Scheduled digests
help-langganan = /langganan – turn the scheduled digests (weekly and monthly) off or on
subscription-menu =
    🔔 Your scheduled messages:
    { $lines }
    Tap a button below to turn one off or on.
subscription-weekly = • Who has reported, each Monday until the due day (day { $due } of the month), at { $hour }:00: { $state }
subscription-monthly = • Monthly digest, the day after the due day (day { $due }), at { $hour }:00: { $state }
subscription-on = ✅ on
subscription-off = 🔕 off
subscription-name-weekly = weekly update
subscription-name-monthly = monthly digest
btn-subscription-off = 🔕 Turn off the { $name }
btn-subscription-on = 🔔 Turn on the { $name }
subscription-kader =
    Scheduled digests are for area officials. Kader only get a reminder while their posyandu's monthly report is missing, and it stops by itself once the report is sent. 🙏
cli-expect-reminder-days = days of the reporting window (the 1st to the due day), separated by commas, e.g. 1,3,-1 (-1 = the day before the due day)

## Digests: synthetic dataset (seed) and spreadsheet export (digest-seed)
cli-bad-month = "{ $value }" is not a month. Write it like 2026-10.
cli-months-reversed = The first month ({ $from }) must come before or be the same as the last month ({ $to }).
cli-seed-form-unknown = Form { $version } asks for { $codes }, which synthetic data cannot fill. Seed with the built-in form.
cli-seed-has-reports = This database already holds { $count } reports. Synthetic data belongs in an empty database, so it does not mix with real reports. To add it anyway, run again with --force.
cli-seed-no-desa = There are no desa/kelurahan in { $area } yet. Load the region list first: posyandu-bot regions import
cli-seed-progress = Synthetic data: { $done }/{ $total } posyandu, { $rows } rows ({ $rate } rows/s)
cli-seed-done = Done in { $seconds } s: { $posyandu } posyandu, { $kader } kader, { $reports } months reported ({ $missing } months not reported) in { $sections } section reports, { $flags } red flags, { $rows } rows ({ $rate } rows/s).
cli-export-done = { $count } reports written to { $file } ({ $seconds } s).
export-too-many-rows = Too much for one Excel file: { $count } rows, at most { $max }. Choose a smaller area or fewer months, or download CSV.
export-sheet-provinsi = Provinces
export-sheet-kabupaten = Districts
export-sheet-kecamatan = Kecamatan
export-sheet-desa = Desa
export-sheet-posyandu = Posyandu
export-level-header = Code,Name,Month,Posyandu,Reported,On time,% reported,S,K,D,N,BGM,2T,D′ (D−O−B),K/S,D/S,D/K,N/D (all D),N/D′,N/S,BGM/D,2T/D
export-report-header-start = Kecamatan,Desa,Desa code,Posyandu,Month
export-report-header-end = First sent,On time,Revisions,Sent by,Sent at
export-sheet-red-flags = Red flags
export-red-flag-header = Month,Desa code,Desa,Posyandu,Section,Code,Count,Kader,Sent at
export-yes = yes
export-no = no

## Workbooks in the chat (/unduh).
download-ready = 📥 Digest { $area }, { $from } – { $to }: a sheet per level and every report. Open it with Excel, Google Sheets or WPS.
download-too-large = A whole province is too large to send in the chat. Pick a district in /digest and tap 📥, or ask the admin to run: posyandu-bot export
btn-download = 📥 Download Excel (12 months)
help-unduh = /unduh – an Excel file of your area's digest: choose the months, or type e.g. /unduh jan-oct
download-choose = 📥 Excel digest of { $area }: which months? You can also type them, e.g. /unduh jan-oct or /unduh 2026-01 2026-10.
btn-download-months = { $count ->
    [1] 📥 { $to }
   *[other] 📥 { $count } months: { $from } – { $to }
    }
download-bad-months = I cannot use the months "{ $typed }". Type one month or a range, at most { $max } months and not past this month. For example: /unduh oct, /unduh jan-oct or /unduh 2026-01 2026-10

## WhatsApp: short button labels (at most 20 characters), the list button, numbered choices

wa-btn-same = 🔁 Same: { $value }
wa-btn-to-summary = ⬅️ To the summary
wa-btn-lang-id = 🇮🇩 Indonesia
wa-btn-to-preview = ⬅️ To the preview
wa-btn-unreached = 👥 Not answered
wa-btn-send-notice = 📤 Send notice
wa-btn-digest-missing = 📋 Missing ({ $count })
wa-btn-download = 📥 Excel (12 months)
wa-list-button = Choose
wa-choose-below = Please choose below 👇
wa-numbered-hint = Reply with just the number, for example 1.
wa-calendar-link = 📅 Tap this link to save it in your calendar: { $link }
wa-notice-cancelled = ❌ { $title }, { $when }, is cancelled. We are sorry. If you saved it in your phone's calendar, please delete it there yourself.

## WhatsApp templates: one argument of a message, shown as a template's parameter.
template-parameter = { $value }

## One person on Telegram and WhatsApp (/hubungkan)
link-code-given =
    🔗 Your link code: { $code }
    It works for { $minutes } minutes, once.

    Open this bot in your other app (WhatsApp or Telegram) and send:
    HUBUNGKAN { $code }

    Once linked, your roles, reports and invitations are the same on both apps.
link-accounts =
    🔗 Your accounts are linked: { $apps }.
    Announcements, invitations and reminders go to { $chosen }, once.
link-stranger =
    You are not registered on this app yet.
    If you are registered on another app (Telegram or WhatsApp), type /hubungkan there, then send the code here, for example: HUBUNGKAN 482913
    Not registered at all? Send the invite code from your village midwife, Puskesmas, or head kader.
link-code-invalid = "{ $typed }" is not a link code. It has 6 digits, for example: HUBUNGKAN 482913
link-code-unknown = Code { $code } is unknown or already used. Type /hubungkan in your other app to get a new code.
link-code-expired = Code { $code } has expired (it works for { $minutes } minutes only). Type /hubungkan in your other app to get a new code.
link-self = This code was made on this very account. Send it from your other app (WhatsApp or Telegram), not from here.
link-already = This account is already linked with that one. Nothing to do. 🙂
link-clash = Sorry, this account cannot be linked with { $name }'s: both already have a { $app } account, and one person can have only one account on each app. Send the code from the other app.
link-too-many = Too many wrong codes were sent from this account. Please wait an hour, then try again with a new code from /hubungkan.
link-done =
    ✅ Linked! This { $app } account is now one with { $name }'s { $other } account: the same roles, reports and invitations.
    Announcements, invitations and reminders go to { $chosen }, once.
link-done-other =
    ✅ Your { $app } account is now linked with this one.
    From now on announcements, invitations and reminders go to { $chosen }, once.
link-announce-changed = 📨 All right: announcements, invitations and reminders now go to { $chosen }.
btn-link-announce = 📨 Send to { $app }
help-hubungkan = /hubungkan – use this bot on Telegram and WhatsApp as one person
cmd-hubungkan = Link your Telegram and WhatsApp accounts
link-unlinked =
    ✂️ This { $app } account is unlinked. Your roles, reports and invitations stay with your { $other } account, and announcements go there.
    To link again, type /hubungkan on { $other }.
btn-link-unlink = ✂️ Unlink this one
