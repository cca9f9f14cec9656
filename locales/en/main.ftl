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
    You are invited as { $role }.
ask-name-confirm = Is your name { $name }?
ask-name = Please type your full name.
name-invalid = That name cannot be used. Type your full name in letters only, at most 60. Example: Siti Aminah
ask-language = Pilih bahasa / Choose your language:
registered =
    Thank you, { $name }! 🎉
    You are now registered as { $role }.
    Type /bantuan to see what you can do.
role-added = New role added ✅ { $role }
already-has-role = You are already registered as { $role }. No need to register again.
continue-where-left = Let's carry on from the last step:

## At any point

help =
    What you can do:
    /bantuan – show this help
    /bahasa – change language
    /batal – cancel what is in progress

    Your roles:
    { $roles }
help-stranger =
    How to register:
    1. Ask your village midwife, Puskesmas or head kader for an invite code.
    2. Tap the invite link, or send the code here (example: KBRT-7HMX).
    3. Answer two short questions: your name and your language.
cancelled = Cancelled. Nothing was saved.
nothing-to-cancel = Nothing is in progress. Type /bantuan to see what you can do.
language-changed = OK, I will use English.
unknown-command = There is no /{ $command } command. Type /bantuan to see what you can do.
not-understood = Sorry, I did not understand. Type /bantuan to see what you can do.
unsupported-input = Sorry, I can only read text and buttons.
use-buttons = Please choose with the buttons below.
button-expired = That button is no longer active.
state-reset = Sorry, the earlier conversation cannot continue because the bot was updated. Please start again.
system-error = Sorry, something went wrong on our side. Your message was not saved. Please send it again in a moment.

## Buttons

btn-lang-id = 🇮🇩 Bahasa Indonesia
btn-lang-en = 🇬🇧 English
btn-name-ok = ✅ Yes, that's right
btn-name-change = ✏️ Change name

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

## Admin command line

cli-no-token =
    TELOXIDE_TOKEN is not set.
    Create a bot in Telegram with @BotFather (command /newbot), copy its token, then run:
      TELOXIDE_TOKEN=123456789:ABC... cargo run --release
cli-telegram-failed = Could not log in to Telegram: { $error }
    Check TELOXIDE_TOKEN (copy it again from @BotFather) and the internet connection.
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
cli-posyandu-unknown = There is no posyandu with id { $id }. See the list: posyandu-bot posyandu list
cli-role-level = The role { $role } is only for regions at level { $levels }; { $code } is a { $level }.
cli-invite-created =
    Invite for { $role }
    Code: { $code }
    Valid until { $date }, for { $uses } people.
cli-invite-link = Link: { $link }
cli-invite-no-link = No link yet: run the bot once, or set BOT_USERNAME.
