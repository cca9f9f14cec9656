# Label, penjelasan, dan aturan formulir laporan bulanan (forms/laporan-bulanan.toml).

ind-s = S: semua balita di wilayah posyandu
ind-s-help = Jumlah semua balita (0–59 bulan) yang tinggal di wilayah posyandu, ditimbang atau tidak.
ind-k = K: balita yang punya KMS / Buku KIA
ind-k-help = Dari semua balita (S), berapa yang punya KMS atau Buku KIA.
ind-d = D: balita yang ditimbang bulan ini
ind-d-help = Balita yang ditimbang bulan ini, di posyandu atau saat kunjungan rumah.
ind-n = N: balita yang naik berat badannya
ind-n-help = Hitung hanya balita yang ditimbang bulan ini DAN juga bulan lalu. Dari mereka, berapa yang berat badannya naik sesuai garis pertumbuhan? Balita baru (B) dan yang bulan lalu tidak ditimbang (O) jangan dihitung di sini.
ind-t = T: balita yang tidak naik berat badannya
ind-t-help = Hitung hanya balita yang ditimbang bulan ini DAN juga bulan lalu. Dari mereka, berapa yang berat badannya tetap, turun, atau naiknya kurang? Balita baru (B) dan yang bulan lalu tidak ditimbang (O) jangan dihitung di sini.
ind-o = O: ditimbang bulan ini, tidak bulan lalu
ind-o-help = Balita yang ditimbang bulan ini, tidak ditimbang bulan lalu, tetapi pernah ditimbang sebelumnya. Mereka tidak masuk N atau T.
ind-b = B: baru pertama kali ditimbang
ind-b-help = Balita yang baru pertama kali ditimbang di posyandu. Mereka tidak masuk N, T, atau O.
ind-bgm = BGM: balita di bawah garis merah
ind-bgm-help = Balita yang berat badannya di bawah garis merah KMS. Ini tanda waspada, rujuk ke bidan.
ind-2t = 2T: tidak naik dua bulan berturut-turut
ind-2t-help = Balita yang berat badannya tidak naik dua kali berturut-turut. Perlu dirujuk ke Puskesmas.
ind-vita = Vitamin A: balita yang mendapat kapsul
ind-vita-help = Balita yang mendapat kapsul vitamin A (biru atau merah) di bulan vitamin A ini.
ind-bumil = Ibu hamil yang dilayani
ind-bumil-help = Ibu hamil yang datang atau dikunjungi bulan ini.
ind-kader = Kader yang bertugas
ind-kader-help = Jumlah kader yang bertugas pada hari buka posyandu.

rule-k-s = Balita yang punya KMS (K) tidak bisa lebih banyak dari semua balita (S).
rule-nt-d = Balita yang naik (N) dan yang tidak naik (T) adalah bagian dari yang ditimbang (D).
rule-ntob-d = Setiap balita yang ditimbang (D) masuk tepat satu kelompok: N, T, O, atau B. Jumlah keempatnya tidak bisa lebih dari D.
rule-bgm-d = Balita BGM hanya dihitung dari yang ditimbang (D).
rule-2t-t = Balita 2T termasuk balita yang tidak naik (T), jadi tidak bisa lebih banyak dari T.
rule-d-s = Yang ditimbang (D) lebih banyak dari semua balita (S). Ini bisa terjadi bila ada balita dari luar wilayah yang ikut ditimbang.
rule-d-sum = Setiap balita yang ditimbang (D) masuk tepat satu kelompok: N, T, O, atau B. Masih ada balita yang belum dihitung di salah satunya?

section-balita = Balita (SKDN)
section-balita-sheet = Laporan
