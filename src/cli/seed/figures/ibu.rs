//! The figures of pregnant, new and breastfeeding mothers. The sasaran
//! follow from the area's under-fives (pregnant women about 12–22 % of S,
//! new and breastfeeding mothers 30–45 %) and stay as the kader keep them;
//! most of them come, now and then a few from outside the area. Every
//! count below is of those who came: measured (LILA) and the KEK among
//! them, PMT only for women with KEK, iron tablets, high blood pressure
//! and TB symptoms, the pregnancy class; vitamin A to the few new mothers,
//! post-partum KB. A mother is referred (RUJI, a red flag) in about 3 to
//! 12 % of a posyandu's months.

use rand::Rng;

use super::draw::{Steady, about, came, does, noted, share};
use super::{Figures, Month};

/// The codes filled here; BUMIL is the older form's pregnant women.
pub const CODES: [&str; 15] = [
    "SHAMIL", "HAMIL", "LILA", "KEK", "HTH", "TBH", "TTD", "PMT", "KELAS", "SNIFAS", "NIFAS", "VITAN", "KBPP", "RUJI",
    "BUMIL",
];

/// How one posyandu usually does for its mothers.
pub struct Habits {
    pregnant: Steady,
    mothers: Steady,
    /// Usual HAMIL/SHAMIL and NIFAS/SNIFAS.
    pregnant_come: f64,
    mothers_come: f64,
    /// Usual LILA/HAMIL, KEK/LILA, PMT/KEK, TTD/HAMIL.
    measured: f64,
    kek: f64,
    fed: f64,
    iron: f64,
    /// Usual KELAS/HAMIL, where a pregnancy class is held.
    class: Option<f64>,
    /// Usual KBPP/NIFAS.
    family_planning: f64,
    /// The chance that a mother is referred in a month.
    referral: f64,
}

impl Habits {
    /// A posyandu whose area has about `children` under-fives.
    pub fn new(rng: &mut impl Rng, children: f64) -> Habits {
        Habits {
            pregnant: Steady::new(children * rng.random_range(0.12..0.22)),
            mothers: Steady::new(children * rng.random_range(0.3..0.45)),
            pregnant_come: rng.random_range(0.6..0.95),
            mothers_come: rng.random_range(0.4..0.9),
            measured: rng.random_range(0.6..1.0),
            kek: rng.random_range(0.05..0.25),
            fed: rng.random_range(0.3..1.0),
            iron: rng.random_range(0.7..1.0),
            class: does(rng, 0.5, 0.2..0.6),
            family_planning: rng.random_range(0.3..0.7),
            referral: rng.random_range(0.03..0.12),
        }
    }

    /// This month's figures, into `figures`.
    pub fn month(&mut self, rng: &mut impl Rng, month: &Month, figures: &mut Figures) {
        let shamil = self.pregnant.next(rng);
        let hamil = came(rng, shamil, self.pregnant_come, month.turnout);
        let snifas = self.mothers.next(rng);
        let nifas = came(rng, snifas, self.mothers_come, month.turnout);
        for (code, value) in
            [("SHAMIL", shamil), ("HAMIL", hamil), ("BUMIL", hamil), ("SNIFAS", snifas), ("NIFAS", nifas)]
        {
            figures.insert(code, value);
        }
        self.pregnancy(rng, hamil, figures);
        if let Some(part) = noted(rng, Some(0.1)) {
            figures.insert("VITAN", share(nifas, part));
        }
        if let Some(part) = noted(rng, Some(self.family_planning)) {
            figures.insert("KBPP", share(nifas, part));
        }
        let referred = if rng.random_bool(self.referral) { if rng.random_bool(0.8) { 1 } else { 2 } } else { 0 };
        figures.insert("RUJI", referred.min(hamil + nifas));
    }

    /// What the pregnant women who came had: LILA, KEK and PMT, iron
    /// tablets, blood pressure and TB checks, the class.
    fn pregnancy(&self, rng: &mut impl Rng, hamil: i64, figures: &mut Figures) {
        if let Some(part) = noted(rng, Some(self.measured)) {
            let lila = share(hamil, part);
            let kek = share(lila, about(rng, self.kek));
            figures.insert("LILA", lila);
            figures.insert("KEK", kek);
            figures.insert("PMT", share(kek, about(rng, self.fed)));
        }
        if let Some(part) = noted(rng, Some(self.iron)) {
            figures.insert("TTD", share(hamil, part));
        }
        if noted(rng, Some(1.0)).is_some() {
            figures.insert("HTH", share(hamil, rng.random_range(0.0..0.06)));
            figures.insert("TBH", share(hamil, rng.random_range(0.0..0.03)));
        }
        if let Some(part) = noted(rng, self.class) {
            figures.insert("KELAS", share(hamil, part));
        }
    }
}
