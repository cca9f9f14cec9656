//! The balita block's figures. Every child weighed is one of N, T, O, B
//! (so N + T + O + B = D), D stays within S and K, BGM and 2T within what
//! they count. Each posyandu has its own habits (usual D/S between 60 and
//! 95 %, growth, how many it measures for height and how many of those
//! are stunted or wasted, whether it checks development) and months vary
//! around them. The ILP columns count the children weighed: UKUR, BBK,
//! KEMB, SAKIT within D, STUNT and WAST within UKUR, BGM among the
//! underweight (BBK), referrals (RUJB) among the children at risk.

use rand::Rng;

use super::draw::{about, does, noise, noted, share};
use super::{Figures, Month};

/// The codes filled here; VITA is the older form's vitamin A.
pub const CODES: [&str; 19] = [
    "S", "K", "D", "N", "T", "O", "B", "BGM", "2T", "VITAB", "VITAM", "VITA", "UKUR", "STUNT", "WAST", "BBK", "KEMB",
    "SAKIT", "RUJB",
];

/// How one posyandu usually does for its under-fives.
pub struct Habits {
    /// S, drifting slowly; the other stages' sasaran follow from it.
    pub children: f64,
    /// K/S.
    cards: f64,
    /// Usual D/S.
    participation: f64,
    /// Usual N/D′.
    growth: f64,
    /// Usual UKUR/D, and whether only in the weighing months (February
    /// and August) rather than every month.
    measures: f64,
    measures_twice_a_year: bool,
    /// Usual STUNT/UKUR, WAST/UKUR and BBK/D.
    stunted: f64,
    wasted: f64,
    underweight: f64,
    /// Usual KEMB/D, where development is checked.
    development: Option<f64>,
}

/// One month's SKDN, which the ILP columns read.
struct Skdn {
    s: i64,
    d: i64,
    two_t: i64,
    bgm: i64,
}

impl Habits {
    pub fn new(rng: &mut impl Rng) -> Habits {
        Habits {
            children: rng.random_range(40.0..120.0),
            cards: rng.random_range(0.8..1.0),
            participation: rng.random_range(0.6..0.95),
            growth: rng.random_range(0.6..0.9),
            measures: rng.random_range(0.5..1.0),
            measures_twice_a_year: rng.random_bool(0.3),
            stunted: rng.random_range(0.1..0.3),
            wasted: rng.random_range(0.02..0.1),
            underweight: rng.random_range(0.08..0.2),
            development: does(rng, 0.6, 0.1..0.6),
        }
    }

    /// This month's figures, into `figures`.
    pub fn month(&mut self, rng: &mut impl Rng, month: &Month, figures: &mut Figures) {
        let skdn = self.skdn(rng, month, figures);
        vitamin_a(rng, skdn.s, figures);
        self.growth_checks(rng, month, &skdn, figures);
        let sakit = noted(rng, Some(0.05)).map(|part| share(skdn.d, part));
        if let Some(sakit) = sakit {
            figures.insert("SAKIT", sakit);
        }
        if let Some(part) = noted(rng, Some(0.25)) {
            let at_risk = skdn.bgm + skdn.two_t + figures.get("WAST").copied().unwrap_or(0) + sakit.unwrap_or(0);
            figures.insert("RUJB", share(at_risk, part).min(skdn.d));
        }
    }

    /// S, K and the weighing: D and its N, T, O, B, with BGM and 2T.
    fn skdn(&mut self, rng: &mut impl Rng, month: &Month, figures: &mut Figures) -> Skdn {
        self.children += if rng.random_bool(0.03) { rng.random_range(-8.0..8.0) } else { rng.random_range(-1.5..1.5) };
        self.children = self.children.clamp(10.0, 300.0);
        let s = self.children.round() as i64;
        let k = share(s, self.cards);
        let d = share(s, ((self.participation + noise(rng, 0.05)) * month.turnout).clamp(0.3, 1.0));
        let b = share(d, rng.random_range(0.0..0.04));
        let o = share(d - b, rng.random_range(0.02..0.12));
        let both_months = d - b - o;
        let n = share(both_months, (self.growth + noise(rng, 0.05)).clamp(0.3, 1.0));
        let t = both_months - n;
        let two_t = share(t, rng.random_range(0.0..0.3));
        let bgm = share(d, rng.random_range(0.0..0.03));
        for (code, value) in [("S", s), ("K", k), ("D", d), ("N", n), ("T", t), ("O", o), ("B", b)] {
            figures.insert(code, value);
        }
        figures.insert("BGM", bgm);
        figures.insert("2T", two_t);
        Skdn { s, d, two_t, bgm }
    }

    /// Height measured (UKUR) with the stunted and wasted among them, the
    /// underweight (BBK, BGM among them) and development checked (KEMB).
    fn growth_checks(&self, rng: &mut impl Rng, month: &Month, skdn: &Skdn, figures: &mut Figures) {
        let measuring = !self.measures_twice_a_year || [2, 8].contains(&month.number);
        if let Some(part) = noted(rng, measuring.then_some(self.measures)) {
            let ukur = share(skdn.d, part);
            figures.insert("UKUR", ukur);
            figures.insert("STUNT", share(ukur, about(rng, self.stunted)));
            figures.insert("WAST", share(ukur, about(rng, self.wasted)));
        }
        if let Some(part) = noted(rng, Some(self.underweight)) {
            figures.insert("BBK", share(skdn.d, part).max(skdn.bgm));
        }
        if let Some(part) = noted(rng, self.development) {
            figures.insert("KEMB", share(skdn.d, part));
        }
    }
}

/// Vitamin A as the campaign months give it (the form asks it only then):
/// the blue capsule to babies of 6–11 months (about a tenth of S), the red
/// one to children of 12–59 months.
fn vitamin_a(rng: &mut impl Rng, s: i64, figures: &mut Figures) {
    if noted(rng, Some(0.9)).is_none() {
        return;
    }
    let vitab = share(s / 10, rng.random_range(0.75..0.98));
    let vitam = share(s - s / 10, rng.random_range(0.75..0.98));
    figures.insert("VITAB", vitab);
    figures.insert("VITAM", vitam);
    figures.insert("VITA", vitab + vitam);
}
