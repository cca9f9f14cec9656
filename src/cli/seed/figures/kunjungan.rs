//! The visitors and staff. The visitors are those the other sections
//! counted as having come, less the few served at home: babies and
//! children among the weighed (D), children and teenagers, adults, the
//! elderly, pregnant and breastfeeding mothers, and the women of
//! childbearing age among the mothers who brought a child. Kader on duty
//! (KDR) as a posyandu usually has them, one or two health workers,
//! sometimes a family-planning worker; births about one a month per 60
//! children under five, deaths rare.

use rand::Rng;

use super::Figures;
use super::draw::{about, does, events, noted, share};

/// The codes filled here; KADER is the older form's kader on duty.
pub const CODES: [&str; 16] = [
    "PBAYI", "PBALITA", "PANAK", "PPROD", "PLANSIA", "PWUS", "PHAMIL", "PSUSUI", "KDR", "KADER", "NAKES", "PLKB",
    "LAHIR", "MBAYI", "MBALITA", "MIBU",
];

/// How one posyandu usually runs its day.
pub struct Habits {
    kader_on_duty: i64,
    /// Where the visitors are counted: the usual share of those who came
    /// who came to the posyandu itself (not served at home).
    visitors: Option<f64>,
    /// Usual share of the weighed who are babies (0–11 months), and of
    /// them whose mother (a WUS) brought them.
    babies: f64,
    mothers: f64,
    /// The chance that a family-planning worker comes.
    family_planning: f64,
    /// Births a month in the area.
    births: f64,
}

impl Habits {
    /// A posyandu whose area has about `under_fives` children under five.
    pub fn new(rng: &mut impl Rng, under_fives: f64) -> Habits {
        Habits {
            kader_on_duty: rng.random_range(3..=7),
            visitors: does(rng, 0.85, 0.85..1.0),
            babies: rng.random_range(0.15..0.25),
            mothers: rng.random_range(0.5..0.8),
            family_planning: rng.random_range(0.0..0.5),
            births: under_fives / 60.0,
        }
    }

    /// This month's figures, into `figures`, which holds the other
    /// sections' figures of the month.
    pub fn month(&mut self, rng: &mut impl Rng, figures: &mut Figures) {
        if rng.random_bool(0.05) {
            self.kader_on_duty = (self.kader_on_duty + rng.random_range(-1..=1)).clamp(2, 10);
        }
        self.visitors(rng, figures);
        figures.insert("KDR", self.kader_on_duty);
        figures.insert("KADER", self.kader_on_duty);
        if noted(rng, Some(1.0)).is_some() {
            figures.insert("NAKES", if rng.random_bool(0.9) { rng.random_range(1..=2) } else { 0 });
            figures.insert("PLKB", i64::from(rng.random_bool(self.family_planning)));
        }
        if noted(rng, Some(1.0)).is_some() {
            let births = events(rng, self.births);
            figures.insert("LAHIR", births);
            figures.insert("MBAYI", events(rng, self.births * 0.02));
            figures.insert("MBALITA", events(rng, self.births * 0.015));
            figures.insert("MIBU", events(rng, self.births * 0.002));
        }
    }

    /// The visitors by group, from those who came to the other sections.
    fn visitors(&self, rng: &mut impl Rng, figures: &mut Figures) {
        let Some(part) = noted(rng, self.visitors) else { return };
        let got = |code: &str| figures.get(code).copied().unwrap_or(0);
        let d = got("D");
        let babies = share(d, about(rng, self.babies));
        let pregnant = share(got("HAMIL"), part);
        let visitors = [
            ("PBAYI", babies),
            ("PBALITA", d - babies),
            ("PANAK", share(got("ANAK") + got("REMAJA"), part)),
            ("PPROD", share(got("DEWASA"), part)),
            ("PLANSIA", share(got("LANSIA"), part)),
            ("PWUS", share(d, about(rng, self.mothers)) + pregnant),
            ("PHAMIL", pregnant),
            ("PSUSUI", share(got("NIFAS"), part)),
        ];
        figures.extend(visitors);
    }
}
