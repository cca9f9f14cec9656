//! Names of synthetic posyandu (a flower and a number, as many are
//! called) and of their kader.

use rand::Rng;

const FLOWERS: [&str; 16] = [
    "Mawar",
    "Melati",
    "Anggrek",
    "Kenanga",
    "Cempaka",
    "Dahlia",
    "Flamboyan",
    "Teratai",
    "Seroja",
    "Nusa Indah",
    "Bougenville",
    "Kamboja",
    "Asoka",
    "Tulip",
    "Sakura",
    "Lili",
];
const FIRST_NAMES: [&str; 20] = [
    "Sri",
    "Siti",
    "Nur",
    "Dewi",
    "Rina",
    "Wati",
    "Yuni",
    "Ani",
    "Lestari",
    "Fitri",
    "Ratna",
    "Hasnah",
    "Rosmini",
    "Marlina",
    "Nurhayati",
    "Kartini",
    "Suryani",
    "Hartati",
    "Ernawati",
    "Asmawati",
];
const LAST_NAMES: [&str; 16] = [
    "Wahyuni",
    "Rahayu",
    "Aminah",
    "Handayani",
    "Susanti",
    "Puspita",
    "Kurniasih",
    "Mulyani",
    "Sari",
    "Astuti",
    "Haryati",
    "Syamsiah",
    "Ningsih",
    "Hasanah",
    "Pertiwi",
    "Maharani",
];

/// The `number`th posyandu of its desa.
pub fn posyandu(rng: &mut impl Rng, number: usize) -> String {
    format!("{} {number}", FLOWERS[rng.random_range(0..FLOWERS.len())])
}

/// One or two kader.
pub fn kader(rng: &mut impl Rng) -> Vec<String> {
    (0..if rng.random_bool(0.4) { 2 } else { 1 })
        .map(|_| {
            let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
            format!("{first} {}", LAST_NAMES[rng.random_range(0..LAST_NAMES.len())])
        })
        .collect()
}
