# Bahasa Indonesia. Tulis seperti Puskesmas menulis untuk kader: singkat, ramah, jelas.

## Salam dan pendaftaran

welcome-stranger =
    Halo, Bapak/Ibu! 👋 Ini bot laporan posyandu.
    Untuk mendaftar, kirim kode undangan dari Puskesmas atau ketua kader.
    Contoh: KBRT-7HMX
welcome-back = Selamat datang kembali, Bapak/Ibu { $name }! 👋 Ketik /bantuan untuk melihat pilihan.
not-registered =
    Maaf, Bapak/Ibu belum terdaftar.
    Kirim kode undangan di sini (contoh: KBRT-7HMX).
    Belum punya kode? Minta ke bidan desa, Puskesmas, atau ketua kader.
invite-not-found = Kode { $code } tidak ditemukan. Periksa lagi hurufnya, lalu kirim ulang.
invite-expired = Kode { $code } sudah tidak berlaku sejak { $date }. Minta kode baru ke yang mengundang Bapak/Ibu.
invite-used-up = Kode { $code } sudah dipakai sampai batasnya. Minta kode baru ke yang mengundang Bapak/Ibu.
invite-accepted =
    Kode diterima ✅
    Selamat bergabung! Bapak/Ibu diundang sebagai { $role }.
ask-name-confirm = Apakah nama Bapak/Ibu { $name }?
ask-name = Silakan tulis nama lengkap Bapak/Ibu.
name-invalid = Nama itu belum bisa dipakai. Tulis nama lengkap dengan huruf saja, paling banyak 60 huruf. Contoh: Siti Aminah
ask-language = Pilih bahasa / Choose your language:
registered =
    Terima kasih, Bapak/Ibu { $name }! 🎉
    Bapak/Ibu sekarang terdaftar sebagai { $role }.
    Ketik /bantuan untuk melihat apa saja yang bisa dilakukan.
role-added = Terima kasih, Bapak/Ibu. Peran baru ditambahkan ✅ { $role }
already-has-role = Bapak/Ibu sudah terdaftar sebagai { $role }. Tidak perlu mendaftar lagi.
continue-where-left = Kita lanjutkan dari langkah terakhir:
registration-unfinished = Pendaftaran Bapak/Ibu belum selesai. Mohon jawab dulu pertanyaan ini:

## Kapan saja

help =
    Yang bisa Anda lakukan:
    { $commands }

    Peran Anda:
    { $roles }
help-stranger =
    Cara mendaftar:
    1. Minta kode undangan ke bidan desa, Puskesmas, atau ketua kader.
    2. Ketuk tautan undangan, atau kirim kodenya di sini (contoh: KBRT-7HMX).
    3. Jawab dua pertanyaan singkat: nama dan bahasa.
    Sudah terdaftar di aplikasi lain (Telegram atau WhatsApp)? Ketik /hubungkan di sana, lalu kirim kodenya ke sini.
cancelled = Dibatalkan. Tidak ada yang disimpan.
nothing-to-cancel = Tidak ada yang sedang berjalan. Ketik /bantuan untuk melihat pilihan.
language-changed = Baik, saya akan memakai Bahasa Indonesia.
unknown-command = Perintah /{ $command } tidak ada. Ketik /bantuan untuk melihat pilihan.
not-understood = Maaf, saya belum mengerti. Ketik /bantuan untuk melihat pilihan.
unsupported-input = Maaf, saya hanya bisa membaca tulisan dan tombol.
edited-not-read = ✏️ Pesan yang diedit tidak saya baca ulang, jadi angkanya tidak berubah. Kalau ada yang salah, kirim yang benar sebagai pesan baru.
use-buttons = Silakan pilih dengan tombol di bawah.
button-expired = Tombol itu sudah tidak berlaku.
state-reset = Maaf, percakapan sebelumnya tidak bisa dilanjutkan karena bot baru diperbarui. Silakan mulai lagi.
system-error = Maaf, ada gangguan di sistem. Pesan Anda belum tersimpan. Coba kirim lagi sebentar lagi.

## Tombol

btn-plain = { $label }
btn-section-done = ✅ { $label }
btn-cancel = ✖️ Batal
btn-same = 🔁 Sama dengan bulan lalu ({ $value })
btn-skip = ⏭️ Lewati
btn-skip-rest = ⏩ Lewati sisanya
btn-back = ⬅️ Kembali
btn-to-summary = ⬅️ Kembali ke ringkasan
btn-confirm = ✅ Ya, sudah benar
btn-fix = ✏️ Ubah
btn-send = 📤 Kirim
btn-edit = ✏️ Ubah
btn-field = { $code }: { $value }
btn-correct = ✏️ Koreksi
btn-close = ✖️ Tutup
btn-mine = 📤 Kirim punya saya
btn-resume = ▶️ Lanjutkan
btn-restart = 🔄 Mulai lagi
btn-lang-id = 🇮🇩 Bahasa Indonesia
btn-lang-en = 🇬🇧 English
btn-name-ok = ✅ Ya, benar
btn-name-change = ✏️ Ganti nama
btn-report = 📋 Lapor bulanan

## Laporan bulanan

report-not-kader = Laporan bulanan dikirim oleh kader posyandu. Anda belum terdaftar sebagai kader. Ketik /bantuan untuk melihat peran Anda.
report-pick-posyandu = Laporan untuk posyandu yang mana?
report-pick-periode = Laporan { $posyandu } untuk bulan apa?
report-pick-section =
    Laporan { $posyandu } · { $periode }
    { $lines }

    Pilih bagian yang mau diisi (atau ketik nomornya):
section-done = ✅ { $section }: sudah, oleh { $name } ({ $time })
section-waiting = ⏳ { $section }: belum ({ $count } pertanyaan)
section-missing-line = • { $section }
report-month-complete = 🎉 Semua bagian bulan ini sudah lengkap.
report-month-missing =
    Bagian yang masih belum:
    { $sections }
red-flag-alert =
    🚩 Perlu tindak lanjut segera
    { $posyandu } · { $periode }
    { $label }: { $count }
    Dilaporkan oleh kader { $kader }. Mohon segera hubungi kader untuk menindaklanjuti.
digest-sections =
    📋 Per bagian · { $periode }
    { $lines }
digest-section-line =
    { $section }: { $reported } dari { $expected } posyandu
    { $figures }
digest-section-flags = 🚩 { $count } tanda bahaya
digest-figure-share = · { $part } { $count } dari { $den } { $of } ({ $percent }; bulan lalu { $last })
digest-figure-count = · { $part } { $count } (bulan lalu { $last })
summary-section = Bagian: { $section }
report-periode-future = Bulan itu belum tiba. Pilih bulan lalu atau bulan ini.
report-periode-too-old = Bulan itu sudah lebih dari setahun lalu. Untuk laporan lama, hubungi Puskesmas.
report-field =
    { $posyandu } · { $periode }
    Langkah { $step } dari { $total }

    { $label }
    { $help }

    Ketik angkanya, contoh: 40. Tidak ada? Ketik 0.
report-field-optional =
    { $posyandu } · { $periode }
    Langkah { $step } dari { $total }

    { $label }
    { $help }

    Ketik angkanya, contoh: 40.
    Tidak ada sama sekali → ketik 0.
    Tidak dicatat → tekan ⏭️ Lewati.
report-pick-field = Angka mana yang mau diubah?
report-missing = Masih ada angka yang belum diisi:
report-sent =
    ✅ Laporan { $posyandu } { $periode } terkirim. Terima kasih, Bapak/Ibu!
    { $section } · Nomor laporan: { $reference }
    { $rest }
report-corrected =
    ✅ Koreksi laporan { $posyandu } { $periode } tersimpan (revisi { $revision }). Terima kasih, Bapak/Ibu!
    { $section } · Nomor laporan: { $reference }
    { $rest }
report-already-sent =
    Laporan { $posyandu } { $periode } sudah dikirim oleh { $name } pada { $time } (revisi { $revision }):

    { $lines }

    { $ratios }

    Ada yang perlu dikoreksi?
report-saved-closed = Laporan { $posyandu } { $periode } sudah ada. Ada yang perlu dikoreksi?
report-conflict =
    ⚠️ { $name } sudah mengirim laporan { $posyandu } { $periode } pada { $time }. Laporan Anda belum dikirim, angka Anda masih tersimpan di sini.
    Angka yang sudah dikirim:
    { $lines }
report-conflict-again = Kirim angka Anda sebagai koreksi atas revisi { $revision } laporan { $posyandu }?
report-resume = Anda punya laporan yang belum selesai: { $posyandu } · { $periode }. Mau lanjut?
count-not-a-number = Maaf, ketik angkanya saja, contoh: 40
count-negative = Angka tidak boleh kurang dari 0.
count-not-whole = Ketik angka bulat tanpa koma, contoh: 40
value-too-big = { $value } terlalu besar untuk { $code }. Paling banyak { $max }. Periksa lagi.
value-too-small = { $value } terlalu kecil untuk { $code }. Paling sedikit { $min }.
rule-broken =
    ❌ { $explain }
    { $comparison }.
    Ketik lagi angka { $code }, atau tekan ⬅️ Kembali untuk mengubah angka sebelumnya.
rule-warning =
    ⚠️ { $explain }
    { $comparison }.
    Sudah benar?
rule-generic = Angka ini tidak cocok dengan angka lain.
rule-must-le = { $left } ({ $lv }) tidak boleh lebih dari { $right } ({ $rv })
rule-must-lt = { $left } ({ $lv }) harus kurang dari { $right } ({ $rv })
rule-must-ge = { $left } ({ $lv }) tidak boleh kurang dari { $right } ({ $rv })
rule-must-gt = { $left } ({ $lv }) harus lebih dari { $right } ({ $rv })
rule-must-eq = { $left } ({ $lv }) harus sama dengan { $right } ({ $rv })
rule-must-ne = { $left } ({ $lv }) tidak boleh sama dengan { $right } ({ $rv })
rule-is-more = { $left } ({ $lv }) lebih banyak dari { $right } ({ $rv })
rule-is-less = { $left } ({ $lv }) lebih sedikit dari { $right } ({ $rv })
rule-is-same = { $left } ({ $lv }) sama dengan { $right } ({ $rv })
jump-rise =
    ⚠️ { $label }
    Naik lebih dari { $factor } kali lipat: bulan lalu { $last }, sekarang { $value }.
    Sudah benar?
jump-fall =
    ⚠️ { $label }
    Turun jauh: bulan lalu { $last }, sekarang { $value }.
    Sudah benar?
jump-line-rise = ⚠️ { $label }: { $value } (naik lebih dari { $factor } kali lipat; bulan lalu { $last })
jump-line-fall = ⚠️ { $label }: { $value } (turun jauh; bulan lalu { $last })
warning-line = ⚠️ { $explain } ({ $comparison })
summary =
    { $title }

    { $lines }

    { $ratios }

    Periksa sekali lagi. Kalau sudah benar, tekan Kirim.
summary-with-warnings =
    { $title }

    { $lines }

    { $ratios }

    { $warnings }

    Periksa sekali lagi. Kalau sudah benar, tekan Kirim.
summary-title =
    📋 Ringkasan laporan
    { $posyandu } · { $periode }
summary-title-correction =
    📋 Koreksi laporan (mengganti revisi { $revision })
    { $posyandu } · { $periode }

    Yang berubah:
    { $changes }
summary-line = { $label }: { $value }
summary-change = • { $code }: { $old } → { $new }
summary-no-change = • belum ada angka yang diubah
summary-changes-unknown = • angka revisi sebelumnya tidak tersimpan di sini; periksa lagi semua angka di bawah
summary-ratios =
    Punya KMS (K/S): { $ks }
    Ditimbang (D/S): { $ds }
    Naik (N/D): { $nd }
    Naik dari yang juga ditimbang bulan lalu (N/D′): { $ndp } dari { $dp } balita (D′)
quick-problems =
    Laporan belum bisa dibaca:
    { $problems }

    Kode yang ada: { $codes }
    Contoh: lapor S45 K43 D40 N32 T5 O1 B2 BGM1 2T0
quick-empty = • belum ada angka
quick-unknown = • kode { $code } tidak dikenal
quick-no-number = • { $code } belum ada angkanya
quick-bad-number = • angka { $code } tidak terbaca: { $text }
quick-repeated = • { $code } ditulis dua kali
quick-missing = • belum ada: { $codes }
quick-not-served = • { $code } termasuk bagian { $section }, yang tidak dilayani posyandu ini
quick-not-this-month = • { $code } tidak ditanyakan untuk { $periode }
quick-while-filling = Anda sedang mengisi laporan { $posyandu } · { $periode }. Selesaikan dulu, atau tekan Batal lalu kirim lagi baris laporan Anda.
quick-out-of-range = • { $code } = { $value } di luar batas { $min } sampai { $max }
quick-rule = • { $comparison }
quick-more = • … dan { $count } masalah lain
status =
    Status laporan:
    { $lines }
status-posyandu = { $posyandu }
status-sent = • { $periode }: ✅ terkirim (revisi { $revision })
status-complete = • { $periode }: ✅ lengkap
status-partial = • { $periode }: ⏳ belum lengkap, kurang: { $sections }
status-missing = • { $periode }: ⏳ belum
periode = { $month } { $year }
month1 = Januari
month2 = Februari
month3 = Maret
month4 = April
month5 = Mei
month6 = Juni
month7 = Juli
month8 = Agustus
month9 = September
month10 = Oktober
month11 = November
month12 = Desember
help-lapor = /lapor – kirim laporan bulanan
help-status = /status – lihat laporan yang sudah dan belum dikirim
help-quick = Cepat: lapor S45 K43 D40 N32 T5 O1 B2 BGM1 2T0
help-bantuan = /bantuan – tampilkan bantuan ini
help-bahasa = /bahasa – ganti bahasa
help-batal = /batal – batalkan yang sedang berjalan

## Peran dan wilayah

role-kader = kader { $posyandu } ({ $place })
role-official = { $role } { $place }
official-pokja = Pokja Posyandu
official-pokjanal = Tim Pembina Posyandu (Pokjanal)
official-puskesmas = petugas Puskesmas
official-dinkes = petugas Dinas Kesehatan
place-provinsi = Provinsi { $name }
place-kabupaten = { $name }
place-kecamatan = Kecamatan { $name }
place-kelurahan = Kelurahan { $name }
place-desa = Desa { $name }
level-provinsi = provinsi
level-kabupaten = kabupaten/kota
level-kecamatan = kecamatan
level-desa = desa/kelurahan

## Menu perintah

cmd-bantuan = Bantuan dan daftar perintah
cmd-batal = Batalkan yang sedang berjalan
cmd-bahasa = Ganti bahasa
cmd-lapor = Kirim laporan bulanan
cmd-status = Laporan yang sudah dan belum dikirim

## Perintah admin (baris perintah)

cli-no-token =
    TELOXIDE_TOKEN belum diisi, pengaturan WhatsApp juga belum.
    Untuk Telegram: buat bot lewat @BotFather (perintah /newbot), salin tokennya, lalu jalankan:
      TELOXIDE_TOKEN=123456789:ABC... cargo run --release
    Untuk WhatsApp: isi WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET dan WHATSAPP_VERIFY_TOKEN (lihat README, bagian WhatsApp).
    Boleh salah satu, boleh keduanya.
cli-telegram-failed = Tidak bisa masuk ke Telegram: { $error }
    Periksa TELOXIDE_TOKEN (salin lagi dari @BotFather) dan koneksi internet.
cli-bad-setting = { $name }={ $value } tidak bisa dipakai. Isi dengan { $expected }.
cli-unknown-section = Formulir tidak punya bagian { $section }. Bagian yang ada: { $known }
cli-bad-form = Formulir laporan { $path } tidak bisa dipakai: { $reason }
cli-bad-templates = Daftar template WhatsApp { $path } tidak bisa dipakai: { $reason }
cli-expect-month = previous (bulan yang baru lewat) atau current (bulan ini)
cli-expect-minutes = jumlah menit, contoh 60
cli-expect-months = kode indikator di formulir lalu bulan 1–12, contoh VITA=2,10 (vitamin A bulan Februari dan Oktober)
cli-expect-url = alamat lengkap, contoh http://127.0.0.1:8081
cli-expect-rate = jumlah pesan per detik, contoh 28 (0 berarti tanpa batas)
cli-expect-listen = alamat dan port, contoh 0.0.0.0:8080
cli-whatsapp-missing = Pengaturan WhatsApp belum lengkap. Isi juga: { $names }
cli-failed = Gagal: { $error }
cli-migrated = Database siap ({ $backend }).
cli-reading = Membaca { $file } …
cli-regions-progress = Menyimpan wilayah: { $done }/{ $total }
cli-regions-done = Selesai: { $total } wilayah dibaca; { $added } baru, { $renamed } ganti nama, { $unchanged } tetap.
cli-file-refused = Berkas ditolak, tidak ada yang disimpan. Perbaiki baris berikut:
cli-more-errors = … dan { $count } masalah lain.
cli-line-columns = baris { $line }: jumlah kolom salah
cli-line-bad-code = baris { $line }: { $code } bukan kode wilayah Kemendagri (contoh 73.24.01.2001)
cli-line-empty-name = baris { $line }: nama kosong
cli-line-duplicate = baris { $line }: kode ini sudah ada di baris { $first }
cli-line-no-parent = baris { $line }: wilayah induk { $parent } tidak ada
cli-line-unknown-province = baris { $line }: { $code } bukan kode provinsi yang dikenal
cli-line-not-desa = baris { $line }: { $code } bukan desa/kelurahan yang tersimpan
cli-region-unknown = Wilayah { $code } tidak ditemukan. Sudah menjalankan "posyandu-bot regions import"?
cli-region-not-desa = { $code } bukan desa/kelurahan. Posyandu didaftarkan dengan kode desa (4 bagian, contoh 73.24.01.2001).
cli-bad-region-code = { $code } bukan kode wilayah (contoh 73.24.01.2001).
cli-regions-none = Tidak ada wilayah dengan nama itu.
cli-posyandu-added = { $name } ditambahkan (id { $id }) di { $desa }.
cli-posyandu-exists = { $name } sudah ada (id { $id }) di { $desa }.
cli-posyandu-imported = Selesai: { $added } posyandu baru, { $existing } sudah ada.
cli-posyandu-none = Belum ada posyandu di wilayah ini.
cli-posyandu-count = { $count } posyandu.
cli-people-none = Belum ada orang dengan peran di wilayah ini.
cli-people-count = { $count } peran.
cli-posyandu-unknown = Posyandu dengan id { $id } tidak ada. Lihat daftarnya: posyandu-bot posyandu list
cli-role-level = Peran { $role } hanya untuk wilayah tingkat { $levels }; { $code } adalah { $level }.
cli-invite-created =
    Undangan untuk { $role }
    Kode: { $code }
    Berlaku sampai { $date }, untuk { $uses } orang.
cli-invite-link = Tautan: { $link }
cli-invite-no-link = Tautan belum bisa dibuat: jalankan bot sekali, atau isi BOT_USERNAME.
cli-invite-whatsapp-link = Tautan WhatsApp: { $link }
cli-regions-retired = { $count } kode tidak ada lagi di daftar ini. Kode itu disimpan sebagai kode lama, tidak dihapus.
cli-regions-restored = { $count } kode lama ada lagi di daftar ini dan dipakai kembali.
cli-region-retired = { $code } ({ $name }) adalah kode lama yang sudah tidak dipakai. Cari kode barunya: posyandu-bot regions search "{ $name }"
cli-region-retired-mark = (kode lama)
cli-line-retired = baris { $line }: { $code } adalah kode desa lama yang sudah tidak dipakai
cli-posyandu-moved = { $name } (id { $id }) sudah pindah dari { $from } ke { $to }. { $reports } laporan bulanan ikut pindah.
cli-bad-stages = "{ $stages }" tidak bisa dibaca. Tulis tahapan dipisah koma: balita, ibu, remaja, dewasa; atau all untuk semua.
cli-stages-all = semua tahapan
cli-stages-set = Posyandu id { $id } sekarang melayani: { $stages } (kunjungan dan petugas selalu dilaporkan).
cli-posyandu-name-taken = Di { $desa } sudah ada { $name } (id { $other }). Posyandu tidak dipindah.
cli-posyandu-on-retired =
    { $name } (id { $id }) masih tercatat di kode desa lama { $code }. Pindahkan dulu ke kode yang baru:
      posyandu-bot posyandu move --id { $id } --desa { $new }
cli-officials-moved = Dari { $from } ke { $to }: { $roles } peran pejabat dan { $invites } undangan yang masih berlaku sudah pindah.
cli-level-mismatch = { $from } adalah { $from_level }, { $to } adalah { $to_level }. Peran hanya bisa dipindah ke wilayah yang setingkat.
cli-stranded-header = Masih ada yang memakai kode wilayah lama. Datanya tetap aman; pindahkan ke kode yang baru:
cli-stranded-posyandu = • { $name } (id { $id }) di { $code } { $region }
cli-stranded-official = • { $person }, { $role } (kode { $code })
cli-stranded-invite = • Undangan { $invite } untuk { $role } (kode { $code }) belum terpakai
cli-stranded-successor = Kode barunya kemungkinan { $code } ({ $name }). Periksa dulu, lalu jalankan:
cli-stranded-search = Cari kode barunya dengan posyandu-bot regions search "{ $name }", lalu jalankan:
cli-new-code = KODE_BARU

## Rapat

when-show = { $weekday }, { $day } { $month } { $year } pukul { $hour }.{ $minute } { $zone }
when-not-understood = Maaf, tanggal dan jamnya belum terbaca. Contoh: 12/12 09.00 atau besok jam 9
when-no-time = Jam berapa rapatnya dimulai? Tulis tanggal dan jamnya. Contoh: 12/12 09.00 atau besok jam 9
when-ambiguous-hour = Jam { $hour } pagi atau jam { $later }.00? Tulis dengan jelas. Contoh: besok jam { $hour } pagi atau besok { $later }.00
when-no-such-date = Tanggal { $date } tidak ada di kalender. Periksa lagi tanggalnya. Contoh: 12/12 09.00 atau besok jam 9
when-wrong-weekday = Tanggal { $date } jatuh pada hari { $actual }, bukan { $typed }. Periksa lagi tanggal atau harinya. Contoh: 12/12 09.00 atau besok jam 9
when-past = Waktu itu sudah lewat. Tulis tanggal dan jam yang akan datang. Contoh: 12/12 09.00 atau besok jam 9
when-too-far = Itu lebih dari setahun lagi. Rapat bisa dijadwalkan paling jauh setahun ke depan. Contoh: 12/12 09.00 atau besok jam 9
weekday1 = Senin
weekday2 = Selasa
weekday3 = Rabu
weekday4 = Kamis
weekday5 = Jumat
weekday6 = Sabtu
weekday7 = Minggu

## Rapat: undangan, jawaban, pengingat

## Rapat: membuat undangan

cmd-rapat = Buat undangan rapat
help-rapat = /rapat – buat undangan rapat untuk wilayah Bapak/Ibu
cmd-rekap = Rekap laporan wilayah Bapak/Ibu
help-rekap = /rekap – rekap laporan wilayah Bapak/Ibu (contoh: /rekap okt)
meeting-not-official = Maaf, undangan rapat hanya bisa dibuat oleh Pokja, Pokjanal, petugas Puskesmas, atau Dinas Kesehatan.
meeting-start = Mari membuat undangan rapat. Bapak/Ibu bisa berhenti kapan saja dengan tombol Batal atau /batal.
meeting-ask-organizer = Rapat ini diadakan sebagai apa?
meeting-ask-kind = Rapat apa yang akan diadakan?
meeting-kind-rakor = Rakor Pokjanal / Tim Pembina Posyandu
meeting-kind-lokmin = Lokakarya mini
meeting-kind-pertemuan-kader = Pertemuan kader
meeting-kind-lainnya = Rapat
btn-meeting-other = Lainnya
meeting-ask-title =
    Tulis judul rapatnya, paling banyak { $max } huruf.
    Contoh: Rakor Pokjanal Triwulan IV
meeting-empty = Belum ada isinya. Silakan tulis lagi.
meeting-too-long = Terlalu panjang: { $length } huruf, paling banyak { $max } huruf. Mohon dipersingkat, lalu kirim lagi.
meeting-ask-start =
    Kapan rapatnya dimulai? Tulis tanggal dan jamnya (waktu { $zone }).
    Contoh: 12/12 09.00, 12 Des jam 9, atau besok 14:00
meeting-confirm-start = Rapat dimulai { $when }. Sudah benar?
btn-right = ✅ Benar
meeting-ask-place = Di mana tempatnya? Tulis nama tempatnya (paling banyak { $max } huruf), atau bagikan lokasi lewat 📎.
meeting-ask-place-name = Tulis juga nama tempatnya (paling banyak { $max } huruf), supaya mudah dikenali. Contoh: Aula Kantor Camat
meeting-location-received = 📍 Lokasi diterima.
meeting-location-not-now = Lokasi hanya dipakai untuk tempat rapat. Sekarang belum ditanyakan.
meeting-ask-agenda = Tulis agenda rapatnya (boleh beberapa baris, paling banyak { $max } huruf), atau tekan Lewati.
meeting-ask-area = Siapa yang diundang? Pilih seluruh { $place } atau salah satu bagiannya. Bisa juga ketik nama desa atau kecamatan untuk mencarinya.
meeting-area-found = Pilih wilayah yang dimaksud, atau ketik nama lain untuk mencari lagi.
meeting-area-not-found = Tidak ada wilayah bernama "{ $text }" di { $place }. Periksa ejaannya, atau pilih dengan tombol.
meeting-area-short = Ketik paling sedikit { $min } huruf dari nama wilayahnya.
meeting-area-outside = Maaf, wilayah itu di luar { $place }. Undangan hanya bisa dikirim ke wilayah Bapak/Ibu sendiri.
btn-area-all = 🗺️ Seluruh { $place }
btn-area-list = ⬅️ Kembali ke daftar
btn-next-page = Berikutnya ➡️
btn-previous-page = ⬅️ Sebelumnya
meeting-ask-invitees = Siapa saja di { $area } yang diundang? Tekan untuk memilih (✅), lalu tekan Lanjut.
meeting-no-invitee = Pilih paling sedikit satu peserta, lalu tekan Lanjut.
btn-toggle-on = ✅ { $label }
btn-toggle-off = ▫️ { $label }
btn-next = Lanjut ➡️
invitee-kader = Kader
invitee-pokja = Pokja
invitee-puskesmas = Puskesmas
invitee-pokjanal = Pokjanal
invitee-dinkes = Dinkes
meeting-ask-answer-by =
    Sampai kapan undangan perlu dijawab? Tulis tanggal dan jamnya (sebelum rapat dimulai), atau tekan Lewati.
    Contoh: 10/12 12.00 atau besok 16:00
meeting-answer-by-late = Batas jawaban harus sebelum rapat dimulai ({ $start }). Tulis waktu yang lebih awal, atau tekan Lewati.
meeting-answer-by-cleared = Waktu rapat berubah, jadi batas jawaban yang lama ({ $when }) tidak berlaku lagi.
meeting-invitee-line = • { $role }
meeting-preview =
    ☝️ Seperti itulah undangan yang akan diterima, dengan tombol Hadir / Tidak bisa hadir / Diwakilkan.
    Akan dikirim ke { $count } orang di { $area }:
    { $invitees }
    Kirim sekarang?
meeting-preview-nobody =
    ☝️ Seperti itulah undangannya. Tetapi belum ada yang terdaftar di { $area } untuk:
    { $invitees }
    Jadi undangan ini belum bisa dikirim ke siapa pun ({ $count } orang). Silakan ubah wilayah atau pesertanya.
meeting-ask-change = Apa yang mau diubah?
meeting-field-kind = Jenis rapat
meeting-field-title = Judul
meeting-field-start = Waktu
meeting-field-place = Tempat
meeting-field-agenda = Agenda
meeting-field-area = Wilayah
meeting-field-invitees = Peserta
meeting-field-answer-by = Batas jawaban
btn-to-preview = ⬅️ Kembali ke pratinjau
meeting-sending = 📤 Terima kasih! Undangan sedang dikirim.
invitation =
    📅 Undangan { $kind }
    { $title }

    { $details }

    Mohon Bapak/Ibu pilih jawaban dengan tombol di bawah ini.
invitation-kind-rakor = Rapat Koordinasi Pokjanal / Tim Pembina Posyandu
invitation-kind-lokmin = Lokakarya Mini Puskesmas
invitation-kind-pertemuan-kader = Pertemuan Kader
invitation-kind-lainnya = Rapat
invitation-when = 🕘 Waktu: { $when }
invitation-place = 📍 Tempat: { $place }
invitation-map = 🗺 Peta: https://maps.google.com/?q={ $latitude },{ $longitude }
invitation-agenda = 📝 Acara: { $agenda }
invitation-organizer = 👤 Pengundang: { $organizer }
invitation-answer-by = ⏳ Mohon dijawab sebelum { $when }
invitation-calendar = Simpan ke kalender HP: { $title }
btn-rsvp-yes = ✅ Hadir
btn-rsvp-no = ❌ Tidak bisa hadir
btn-rsvp-delegate = 👥 Diwakilkan
rsvp-answer-yes = Hadir
rsvp-answer-no = Tidak bisa hadir
rsvp-answer-delegate = Diwakilkan
rsvp-recorded = Terima kasih, jawaban Bapak/Ibu untuk { $title } tercatat: { $answer }. Jawaban masih bisa diubah sampai rapat dimulai ({ $when }) dengan tombol di bawah ini.
rsvp-not-invited = Maaf, Bapak/Ibu tidak ada dalam daftar undangan rapat ini, jadi jawabannya tidak dicatat.
rsvp-cancelled = Rapat { $title } sudah dibatalkan, jadi jawaban tidak perlu lagi. Terima kasih.
rsvp-started = Rapat { $title } sudah dimulai, jadi jawaban tidak bisa diubah lagi.
reminder-unanswered = 🔔 Pengingat: Bapak/Ibu belum menjawab undangan { $title }, { $when }, di { $place }. Mohon pilih jawabannya:
reminder-day-before = 🔔 Pengingat: besok ada { $title }, { $when }, di { $place }. Sampai jumpa!
reminder-soon = 🔔 Pengingat: { $title } dimulai dua jam lagi, { $when }, di { $place }.
notice-changed =
    ✏️ Ada perubahan untuk { $title }:
    { $changes }
    Jawaban Bapak/Ibu tetap tercatat. File kalender yang baru menyusul.
notice-changed-when = Waktu: { $old } → { $new }
notice-changed-place = Tempat: { $old } → { $new }
notice-cancelled = ❌ Rapat { $title }, { $when }, dibatalkan. Mohon maaf. Buka file ini untuk menghapusnya dari kalender HP.
cli-expect-hour = jam 0–23, contoh 16
cli-expect-due-day = tanggal 1–28, contoh 5
cli-expect-percent = persen 1–100, contoh 80
cli-meeting-created = Rapat { $id } dibuat: { $title }, { $when }. Undangan untuk { $count } orang dikirim oleh bot yang sedang berjalan.
cli-meeting-person-unknown = Orang dengan id { $id } tidak ada.
cli-meeting-not-official = { $name } bukan pejabat (pokja, pokjanal, puskesmas, dinkes), jadi tidak bisa mengundang rapat.
cli-meeting-out-of-scope = { $name } tidak bisa mengundang wilayah { $area }: wilayah tugasnya { $scope }. Pilih wilayah di dalamnya.
cli-meeting-role-above-area = Di wilayah { $area } tidak ada { $role }: peran itu mulai dari tingkat { $level } ke atas.
cli-meeting-no-invitees = Sebutkan siapa yang diundang, contoh: --invite kader,pokja
cli-meeting-bad-invitee = "{ $value }" tidak dikenal. Pilih dari: kader, pokja, puskesmas, pokjanal, dinkes (dipisah koma).
cli-meeting-bad-kind = Jenis rapat "{ $value }" tidak dikenal. Pilih dari: rakor, lokmin, pertemuan-kader, lainnya.
cli-meeting-too-long = { $field } terlalu panjang: { $length } huruf, paling banyak { $max }.
cli-meeting-field-title = Judul
cli-meeting-field-place = Tempat
cli-meeting-field-agenda = Acara
cli-meeting-answer-by-late = Batas jawaban harus sebelum rapat dimulai.
cli-meeting-nobody = Belum ada yang bisa diundang di wilayah { $area }. Rapat tidak dibuat.
cli-meeting-unknown = Rapat dengan id { $id } tidak ada.
cli-meeting-cancelled = Rapat { $id } ({ $title }) dibatalkan. Pemberitahuan untuk { $count } orang dikirim; pengingat dihentikan.
cli-meeting-already-cancelled = Rapat { $id } sudah dibatalkan sebelumnya.
cli-meeting-exported = { $count } undangan ditulis ke { $file }.
cli-meeting-csv-header = nama,peran,saluran,jawaban,dijawab,hadir,pengiriman
cli-delivery-sent = terkirim
cli-delivery-pending = menunggu
cli-delivery-failed = gagal
cli-delivery-unreachable = tidak terjangkau
cli-attended-yes = ya
cli-attended-no = tidak

## Meetings: the organizer follows them (/rapat, status message, changes, attendance).
meeting-listed =
    📅 { $kind }: { $title }
    🕘 { $when }
    📍 { $place }
    { $tally }
meeting-listed-past =
    📅 { $kind }: { $title } (sudah berlangsung)
    🕘 { $when }
    📍 { $place }
    { $tally }
meeting-list-new = Mau membuat undangan rapat baru?
meeting-list-more = Masih ada { $more } rapat lain sesudahnya. Mau membuat undangan rapat baru?
btn-new-meeting = ➕ Rapat baru
btn-unreached = 👥 Siapa yang belum menjawab
btn-attendance = ✅ Catat kehadiran
btn-change-meeting = ✏️ Ubah waktu/tempat
btn-cancel-meeting = 🚫 Batalkan rapat
meeting-tally = Terkirim { $sent }/{ $total } · Hadir { $yes } · Tidak { $no } · Diwakilkan { $delegate } · Belum menjawab { $unanswered }
meeting-tally-unreachable = ⚠️ Tidak terjangkau (memblokir bot): { $count } orang
meeting-tally-failed = ⚠️ Gagal terkirim: { $count } orang
meeting-status =
    📊 Status undangan: { $title }, { $when }
    { $tally }
meeting-status-cancelled = ❌ Rapat ini dibatalkan.
meeting-finish-first = Selesaikan dulu yang sedang berjalan, atau ketik /batal.
meeting-unreached =
    👥 { $title }: { $total } orang belum menjawab atau tidak terjangkau.
    { $people }
meeting-unreached-none = 👍 Semua undangan { $title } sudah dijawab.
meeting-unreached-line = { $number }. { $name } ({ $role }): { $why }
meeting-why-unanswered = belum menjawab
meeting-why-unreachable = tidak terjangkau
meeting-why-failed = gagal terkirim
meeting-not-yours = Maaf, rapat ini tidak ada di daftar rapat Bapak/Ibu.
meeting-was-cancelled = Rapat { $title } sudah dibatalkan.
meeting-has-started = Rapat { $title } sudah dimulai, jadi tidak bisa diubah lagi.
meeting-ask-what-changes = Apa yang mau diubah dari { $title }?
btn-change-when = 🕘 Waktu
btn-change-place = 📍 Tempat
meeting-ask-new-start =
    Sekarang: { $when }. Tulis tanggal dan jam yang baru (waktu { $zone }).
    Contoh: 12/12 09.00, 12 Des jam 9, atau besok 14:00
meeting-confirm-new-start =
    Waktu { $title } diubah:
    { $old } → { $new }
    Semua yang diundang akan diberi tahu. Kirim?
meeting-ask-new-place = Sekarang: { $place }. Tulis tempat yang baru (paling banyak { $max } huruf).
meeting-confirm-new-place =
    Tempat { $title } diubah:
    { $old } → { $new }
    Semua yang diundang akan diberi tahu. Kirim?
meeting-confirm-cancel = Batalkan { $title }, { $when }? Semua yang diundang akan diberi tahu, dan pengingat dihentikan.
btn-send-notice = 📤 Kirim pemberitahuan
btn-cancel-meeting-yes = 🚫 Ya, batalkan
meeting-change-sent = ✏️ Perubahan disimpan. Pemberitahuan sedang dikirim ke semua yang diundang.
meeting-cancel-sent = 🚫 Rapat dibatalkan. Pemberitahuan sedang dikirim ke semua yang diundang.
attendance-not-yet = Kehadiran { $title } bisa dicatat setelah rapat dimulai ({ $when }).
attendance-list =
    ✅ Kehadiran { $title }, { $when }
    Tekan nama untuk mengubah: ✅ datang, ▫️ tidak datang. Langsung tersimpan.
    ({ $from }–{ $to } dari { $total } orang)

## Digests (/rekap).
digest-bad-month = Bulan "{ $typed }" tidak saya kenali, atau belum lewat. Contoh: /rekap okt atau /rekap 2026-10
digest-not-official = Rekap wilayah hanya untuk pengurus (pokja, pokjanal, puskesmas, dinkes). Untuk laporan posyandu Bapak/Ibu, ketik /status.
digest-outside = Maaf, wilayah itu di luar wilayah Bapak/Ibu, jadi rekapnya tidak bisa ditampilkan.
digest-nation = Indonesia
digest-posyandu = { $posyandu } ({ $desa })
digest-summary =
    📊 Rekap { $month } · { $area }
    📋 Laporan masuk { $reported } dari { $expected } posyandu ({ $rate }), tepat waktu { $on_time }. Bulan lalu { $last_reported } dari { $last_expected }.
    { $figures }
digest-totals = S { $s } · K { $k } · D { $d } · N { $n }
digest-ratio = { $name } { $now } (bulan lalu { $before })
digest-count = { $name } { $now } ({ $rate } dari D; bulan lalu { $before } dari D)
digest-ranking =
    🏆 { $level } menurut D/S:
    { $rows }
digest-ranking-page =
    🏆 { $level } di { $area } menurut D/S, { $month } ({ $from }–{ $to } dari { $total }):
    { $rows }
digest-rank-row = { $rank }. { $name }: D/S { $ds } · lapor { $reported }/{ $expected }
digest-more-rows = … dan { $count } lainnya
digest-level-provinsi = Provinsi
digest-level-kabupaten = Kabupaten/kota
digest-level-kecamatan = Kecamatan
digest-level-desa = Desa/kelurahan
digest-level-posyandu = Posyandu
digest-alerts =
    ⚠️ Perlu perhatian:
    { $alerts }
digest-no-alerts = ✅ Tidak ada yang perlu perhatian khusus bulan ini.
alert-ds-below-target = • D/S { $name } { $ds }, di bawah target { $target }
alert-bgm-up = • BGM naik: { $before } → { $after } dari D
alert-two-t-up = • 2T naik: { $before } → { $after } dari D
alert-unusual = • { $posyandu }: { $measure } { $value }, biasanya { $usual }. Mohon dicek.
alert-silent = • { $posyandu } belum lapor { $months } bulan (terakhir { $last })
alert-never-reported = • { $posyandu } belum pernah lapor
digest-missing =
    📋 Belum lapor { $month }: { $total } posyandu ({ $from }–{ $to })
    { $rows }
digest-missing-desa = { $desa }:
digest-missing-posyandu = • { $posyandu }
btn-digest-up = ⬆️ Naik satu tingkat
btn-digest-missing = 📋 Belum lapor ({ $count })
chart-trend-title = D/S dan N/D′, 12 bulan terakhir
chart-bars-title = D/S menurut wilayah
chart-target = Target
digest-month-provisional = { $month } (sementara, laporan masih bisa masuk)
chart-month-provisional = { $month }*
chart-trend-title-provisional = D/S dan N/D′, 12 bulan terakhir (* sementara)
chart-more-bars = +{ $count } lainnya

## Strata (/strata).
strata-bad-year = Tahun "{ $typed }" tidak bisa dipakai. Contoh: /strata atau /strata 2025
strata-summary =
    🏅 Strata posyandu { $area }, { $from } – { $to }
    { $counts }
    Dinilai dari laporan bulanan: buka (ada penimbangan) paling sedikit { $months } bulan, rata-rata paling sedikit { $kader } kader bertugas, dan D/S setahun paling sedikit { $ds }. Cakupan KIA, KB, imunisasi, program tambahan dan dana sehat tidak ada di laporan bulanan, jadi Purnama dan Mandiri belum bisa dibedakan.
strata-count = • { $stratum }: { $count }
strata-pratama-name = Pratama
strata-madya = Madya
strata-purnama-mandiri = Purnama/Mandiri
strata-unknown = Jumlah kader belum dilaporkan
strata-pratama =
    Posyandu Pratama ({ $count }), perlu pembinaan:
    { $rows }
strata-pratama-page =
    Posyandu Pratama ({ $count }), perlu pembinaan, { $from }–{ $to }:
    { $rows }
strata-pratama-row = • { $posyandu } ({ $desa }): buka { $months } bulan, rata-rata kader { $kader }
help-strata = /strata – strata posyandu wilayah Bapak/Ibu tahun ini (contoh: /strata 2025)
## Digest schedule: kader reminders, scheduled digests, /langganan.
cycle-date = { $day } { $month }
cycle-reminder =
    👋 Halo, Bapak/Ibu kader. Laporan bulanan { $month } dari posyandu Bapak/Ibu belum kami terima.
    Mohon dikirim paling lambat tanggal { $due }, ya. Cukup tekan tombol di bawah ini.
    Terima kasih atas kerja baiknya! 🙏
cycle-reminder-incomplete =
    👋 Halo, Bapak/Ibu kader. Laporan { $month } dari posyandu Bapak/Ibu sudah masuk sebagian, terima kasih! Masih ada bagian yang belum dikirim.
    Mohon dilengkapi paling lambat tanggal { $due }. Tekan tombol di bawah ini untuk melihat bagian yang belum.
cycle-weekly =
    📋 Laporan { $month } · { $area }
    Sampai hari ini sudah masuk { $reported } dari { $expected } posyandu ({ $rate }), { $missing } belum.
    Batas lapor tanggal { $due }.
    Kiriman ini bisa dimatikan dengan /langganan.
btn-cycle-digest = 📊 Rekap lengkap
cmd-langganan = Atur kiriman rekap terjadwal
help-langganan = /langganan – atur kiriman rekap terjadwal (mingguan dan bulanan)
subscription-menu =
    🔔 Kiriman terjadwal untuk Bapak/Ibu:
    { $lines }
    Tekan tombol di bawah untuk mematikan atau menyalakan.
subscription-weekly = • Kabar laporan masuk, tiap Senin sampai tanggal { $due }, pukul { $hour }.00: { $state }
subscription-monthly = • Rekap bulanan, sehari setelah batas lapor tanggal { $due }, pukul { $hour }.00: { $state }
subscription-on = ✅ aktif
subscription-off = 🔕 mati
subscription-name-weekly = kabar mingguan
subscription-name-monthly = rekap bulanan
btn-subscription-off = 🔕 Matikan { $name }
btn-subscription-on = 🔔 Nyalakan { $name }
subscription-kader =
    Kiriman terjadwal ini untuk pengurus wilayah. Untuk kader, bot hanya mengirim pengingat saat laporan bulanan posyandu belum masuk, dan pengingat itu berhenti sendiri begitu laporan terkirim. 🙏
cli-expect-reminder-days = hari dalam masa lapor (tanggal 1 sampai batas lapor), dipisah koma, contoh 1,3,-1 (-1 = sehari sebelum batas)

## Rekap: data contoh (seed) dan unduhan spreadsheet (digest-seed)
cli-bad-month = "{ $value }" bukan bulan. Tulis seperti 2026-10.
cli-months-reversed = Bulan awal ({ $from }) harus sebelum atau sama dengan bulan akhir ({ $to }).
cli-seed-form-unknown = Formulir { $version } menanyakan { $codes }, yang tidak bisa diisi data contoh. Pakai formulir bawaan untuk seed.
cli-seed-has-reports = Basis data ini sudah berisi { $count } laporan. Data contoh sebaiknya dibuat di basis data kosong supaya tidak tercampur dengan laporan sungguhan. Kalau memang mau ditambahkan, jalankan lagi dengan --force.
cli-seed-no-desa = Belum ada desa/kelurahan di { $area }. Muat daftar wilayah dulu: posyandu-bot regions import
cli-seed-progress = Data contoh: { $done }/{ $total } posyandu, { $rows } baris ({ $rate } baris/detik)
cli-seed-done = Selesai dalam { $seconds } detik: { $posyandu } posyandu, { $kader } kader, { $reports } bulan dilaporkan ({ $missing } bulan tidak dilaporkan) dalam { $sections } laporan bagian, { $flags } tanda bahaya, { $rows } baris ({ $rate } baris/detik).
cli-export-done = { $count } laporan ditulis ke { $file } ({ $seconds } detik).
export-too-many-rows = Datanya terlalu banyak untuk satu file Excel: { $count } baris, paling banyak { $max }. Pilih wilayah yang lebih kecil atau bulan yang lebih sedikit, atau unduh sebagai CSV.
export-sheet-provinsi = Provinsi
export-sheet-kabupaten = Kabupaten-Kota
export-sheet-kecamatan = Kecamatan
export-sheet-desa = Desa
export-sheet-posyandu = Posyandu
export-level-header = Kode,Nama,Periode,Jumlah posyandu,Sudah lapor,Tepat waktu,% lapor,S,K,D,N,BGM,2T,D′ (D−O−B),K/S,D/S,D/K,N/D (semua D),N/D′,N/S,BGM/D,2T/D
export-report-header-start = Kecamatan,Desa,Kode desa,Posyandu,Periode
export-report-header-end = Pertama dikirim,Tepat waktu,Revisi,Dikirim oleh,Waktu kirim
export-sheet-red-flags = Tanda bahaya
export-red-flag-header = Periode,Kode desa,Desa,Posyandu,Bagian,Kode,Jumlah,Kader,Waktu kirim
export-yes = ya
export-no = tidak

## Workbooks in the chat (/unduh).
download-ready = 📥 Rekap { $area }, { $from } – { $to }: satu lembar per tingkat wilayah dan semua laporan. Buka dengan Excel, Google Sheets atau WPS.
download-too-large = Rekap satu provinsi terlalu besar untuk dikirim lewat chat. Pilih kabupaten/kota di /rekap lalu tekan 📥, atau minta admin menjalankan: posyandu-bot export
btn-download = 📥 Unduh Excel (12 bulan)
help-unduh = /unduh – file Excel rekap wilayah Bapak/Ibu: pilih bulannya, atau ketik misalnya /unduh jan-okt
download-choose = 📥 Rekap Excel { $area }: bulan yang mana? Bisa juga diketik, misalnya /unduh jan-okt atau /unduh 2026-01 2026-10.
btn-download-months = { $count ->
    [1] 📥 { $to }
   *[other] 📥 { $count } bulan: { $from } – { $to }
    }
download-bad-months = Bulan "{ $typed }" belum bisa saya pakai. Ketik satu bulan atau rentang bulan, paling banyak { $max } bulan dan tidak lewat bulan ini. Contoh: /unduh okt, /unduh jan-okt atau /unduh 2026-01 2026-10

## WhatsApp: label pendek tombol (paling banyak 20 huruf), tombol daftar, pilihan bernomor

wa-btn-same = 🔁 Sama: { $value }
wa-btn-to-summary = ⬅️ Ke ringkasan
wa-btn-lang-id = 🇮🇩 Indonesia
wa-btn-to-preview = ⬅️ Ke pratinjau
wa-btn-unreached = 👥 Belum menjawab
wa-btn-send-notice = 📤 Kirim kabar
wa-btn-digest-missing = 📋 Belum ({ $count })
wa-btn-download = 📥 Unduh Excel
wa-list-button = Pilih
wa-choose-below = Silakan pilih di bawah ini 👇
wa-numbered-hint = Balas dengan angkanya saja, misalnya 1.
wa-calendar-link = 📅 Tekan tautan ini untuk menyimpannya di kalender: { $link }
wa-notice-cancelled = ❌ Rapat { $title }, { $when }, dibatalkan. Mohon maaf. Kalau rapat ini sudah disimpan di kalender HP, mohon dihapus sendiri dari kalender.

## WhatsApp templates: one argument of a message, shown as a template's parameter.
template-parameter = { $value }

## Satu orang di Telegram dan WhatsApp (/hubungkan)
link-code-given =
    🔗 Kode penghubung Bapak/Ibu: { $code }
    Berlaku { $minutes } menit dan hanya bisa dipakai sekali.

    Buka bot ini di aplikasi yang satunya (WhatsApp atau Telegram), lalu kirim:
    HUBUNGKAN { $code }

    Setelah terhubung, peran, laporan dan undangan Bapak/Ibu sama di kedua aplikasi.
link-accounts =
    🔗 Akun Bapak/Ibu sudah terhubung: { $apps }.
    Pengumuman, undangan dan pengingat dikirim ke { $chosen }, satu kali saja.
link-stranger =
    Bapak/Ibu belum terdaftar di aplikasi ini.
    Kalau sudah terdaftar di aplikasi lain (Telegram atau WhatsApp), ketik /hubungkan di sana, lalu kirim kodenya ke sini, misalnya: HUBUNGKAN 482913
    Belum terdaftar sama sekali? Kirim kode undangan dari bidan desa, Puskesmas, atau ketua kader.
link-code-invalid = "{ $typed }" bukan kode penghubung. Kodenya 6 angka, misalnya: HUBUNGKAN 482913
link-code-unknown = Kode { $code } tidak dikenal atau sudah dipakai. Ketik /hubungkan di aplikasi yang satunya untuk mendapat kode baru.
link-code-expired = Kode { $code } sudah lewat waktu (hanya berlaku { $minutes } menit). Ketik /hubungkan di aplikasi yang satunya untuk mendapat kode baru.
link-self = Kode ini dibuat di akun ini sendiri. Kirim kodenya dari aplikasi yang satunya (WhatsApp atau Telegram), bukan dari sini.
link-already = Akun ini sudah terhubung dengan akun Bapak/Ibu itu. Tidak ada yang perlu dilakukan. 🙂
link-clash = Maaf, akun ini tidak bisa dihubungkan dengan akun { $name }: keduanya sudah punya akun { $app }, dan satu orang hanya bisa punya satu akun di tiap aplikasi. Kirim kodenya dari aplikasi yang lain.
link-too-many = Sudah terlalu banyak kode yang salah dari akun ini. Tunggu satu jam, lalu coba lagi dengan kode baru dari /hubungkan.
link-done =
    ✅ Terhubung! Akun { $app } ini sekarang satu dengan akun { $other } atas nama { $name }: peran, laporan dan undangannya sama.
    Pengumuman, undangan dan pengingat dikirim ke { $chosen }, satu kali saja.
link-done-other =
    ✅ Akun { $app } Bapak/Ibu sudah terhubung dengan akun ini.
    Mulai sekarang pengumuman, undangan dan pengingat dikirim ke { $chosen }, satu kali saja.
link-announce-changed = 📨 Baik, pengumuman, undangan dan pengingat sekarang dikirim ke { $chosen }.
btn-link-announce = 📨 Kirim ke { $app }
help-hubungkan = /hubungkan – pakai bot ini di Telegram dan WhatsApp sebagai satu orang
cmd-hubungkan = Hubungkan akun Telegram dan WhatsApp
link-unlinked =
    ✂️ Akun { $app } ini sudah dilepas. Peran, laporan dan undangan Bapak/Ibu tetap ada di akun { $other }, dan pengumuman dikirim ke sana.
    Untuk menghubungkan lagi, ketik /hubungkan di { $other }.
btn-link-unlink = ✂️ Lepas akun ini
