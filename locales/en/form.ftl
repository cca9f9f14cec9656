# Labels, help and rules of the monthly report form (forms/laporan-bulanan.toml).

ind-s = S: all under-fives in the posyandu area
ind-s-help = All children aged 0–59 months living in the posyandu area, weighed or not.
ind-k = K: under-fives with a KMS / KIA book
ind-k-help = Of all under-fives (S), how many have a growth card (KMS) or KIA book.
ind-d = D: under-fives weighed this month
ind-d-help = Children weighed this month, at the posyandu or on a home visit.
ind-n = N: under-fives whose weight rose
ind-n-help = Count only children weighed this month AND also last month. Of them, how many gained weight along the growth curve? New children (B) and those not weighed last month (O) are not counted here.
ind-t = T: under-fives whose weight did not rise
ind-t-help = Count only children weighed this month AND also last month. Of them, how many stayed the same, lost weight or gained too little? New children (B) and those not weighed last month (O) are not counted here.
ind-o = O: weighed this month, not last month
ind-o-help = Children weighed this month, not weighed last month, but weighed at some time before. They are not in N or T.
ind-b = B: weighed for the first time
ind-b-help = Children weighed at the posyandu for the very first time. They are not in N, T or O.
ind-bgm = BGM: under-fives below the red line
ind-bgm-help = Children whose weight is below the red line of the KMS. A warning sign: refer to the midwife.
ind-2t = 2T: no gain two months in a row
ind-2t-help = Children who did not gain weight two months in a row. Refer them to the Puskesmas.
ind-vita = Vitamin A: under-fives given a capsule
ind-vita-help = Children given a vitamin A capsule (blue or red) in this vitamin A month.
ind-bumil = Pregnant women served
ind-bumil-help = Pregnant women who came or were visited this month.
ind-kader = Kader on duty
ind-kader-help = Number of kader on duty on the posyandu day.

rule-k-s = Children with a KMS (K) cannot be more than all children (S).
rule-nt-d = Children who gained (N) and who did not (T) are among those weighed (D).
rule-ntob-d = Every child weighed (D) is in exactly one group: N, T, O or B. Together they cannot be more than D.
rule-bgm-d = BGM children are counted among those weighed (D).
rule-2t-t = 2T children are among those who did not gain (T), so they cannot be more than T.
rule-d-s = More children were weighed (D) than live in the area (S). This happens when children from outside the area were weighed.
rule-d-sum = Every child weighed (D) is in exactly one group: N, T, O or B. Is a child not yet counted in one of them?

section-balita = Under-fives (SKDN)
section-balita-sheet = Reports
