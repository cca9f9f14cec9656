//! The figures of adults (19–59) and the elderly (60 and over). The
//! sasaran follow from the area's under-fives (adults about 5.5–7 times
//! S, the elderly 0.8–1.6 times); a few adults come (4 to 20 %), more of
//! the elderly (20 to 60 %). Of those who came: BMI, blood pressure and
//! glucose, each measured person in exactly one class of each, the waist;
//! and where the posyandu does them, the SRQ-20 (question 17 answered
//! "yes", SRQX, a red flag, in about 1 in 80 months where it is asked),
//! PUMA, and for the elderly ADL (each in one of three classes) and
//! SKILAS; those found at risk are partly referred (RUJD).

use rand::Rng;

use super::draw::{Steady, about, came, does, noted, own, share, split};
use super::{Figures, Month};

pub const CODES: [&str; 31] = [
    "SDEWASA", "DEWASA", "SLANSIA", "LANSIA", "DIMT", "DSKU", "DKUR", "DNOR", "DGEM", "DOBE", "LPB", "TD", "TDR",
    "TDN", "HTD", "GD", "GDR", "GDN", "GDT", "SRQ", "SRQP", "SRQX", "PUMA", "PUMAP", "ADL", "ADLA", "ADLB", "ADLC",
    "SKILAS", "SKILASP", "RUJD",
];
/// The chance that someone asked the SRQ-20 in a month answered "yes" to
/// question 17, per posyandu month.
const SRQ_17: f64 = 0.0125;

/// How one posyandu usually does for its adults and elderly.
pub struct Habits {
    adults: Steady,
    elderly: Steady,
    /// Usual DEWASA/SDEWASA and LANSIA/SLANSIA.
    adults_come: f64,
    elderly_come: f64,
    /// Usual shares of those who came measured for BMI, blood pressure,
    /// glucose (where it is tested), and with a waist over the limit.
    bmi: f64,
    blood_pressure: f64,
    glucose: Option<f64>,
    waist: f64,
    /// The classes of BMI (severely thin to obese), blood pressure (low,
    /// normal, high) and glucose (low, normal, high).
    bmi_classes: [f64; 5],
    pressure_classes: [f64; 3],
    glucose_classes: [f64; 3],
    /// Usual shares of those who came asked the SRQ-20 and PUMA, of the
    /// elderly assessed for ADL and screened with SKILAS, where done.
    srq: Option<f64>,
    puma: Option<f64>,
    adl: Option<f64>,
    skilas: Option<f64>,
    /// Usual share of those found at risk who are referred.
    referral: f64,
}

impl Habits {
    /// A posyandu whose area has about `under_fives` children under five.
    pub fn new(rng: &mut impl Rng, under_fives: f64) -> Habits {
        Habits {
            adults: Steady::new(under_fives * rng.random_range(5.5..7.0)),
            elderly: Steady::new(under_fives * rng.random_range(0.8..1.6)),
            adults_come: rng.random_range(0.04..0.2),
            elderly_come: rng.random_range(0.2..0.6),
            bmi: rng.random_range(0.6..1.0),
            blood_pressure: rng.random_range(0.8..1.0),
            glucose: does(rng, 0.7, 0.2..0.7),
            waist: rng.random_range(0.15..0.45),
            bmi_classes: own(rng, [0.02, 0.07, 0.55, 0.14, 0.22]),
            pressure_classes: own(rng, [0.03, 0.67, 0.3]),
            glucose_classes: own(rng, [0.02, 0.83, 0.15]),
            srq: does(rng, 0.65, 0.1..0.6),
            puma: does(rng, 0.4, 0.05..0.3),
            adl: does(rng, 0.6, 0.3..0.9),
            skilas: does(rng, 0.5, 0.2..0.8),
            referral: rng.random_range(0.1..0.3),
        }
    }

    /// This month's figures, into `figures`.
    pub fn month(&mut self, rng: &mut impl Rng, month: &Month, figures: &mut Figures) {
        let sdewasa = self.adults.next(rng);
        let dewasa = came(rng, sdewasa, self.adults_come, month.turnout);
        let slansia = self.elderly.next(rng);
        let lansia = came(rng, slansia, self.elderly_come, month.turnout);
        for (code, value) in [("SDEWASA", sdewasa), ("DEWASA", dewasa), ("SLANSIA", slansia), ("LANSIA", lansia)] {
            figures.insert(code, value);
        }
        self.measures(rng, dewasa + lansia, figures);
        self.screenings(rng, dewasa + lansia, figures);
        self.elderly_checks(rng, lansia, figures);
        if let Some(part) = noted(rng, Some(self.referral)) {
            let got = |code: &str| figures.get(code).copied().unwrap_or(0);
            let at_risk = got("HTD") + got("GDT") + got("SRQP") + got("PUMAP");
            let referred = share(at_risk, part) + got("SRQX");
            figures.insert("RUJD", referred.min(dewasa + lansia));
        }
    }

    /// BMI, blood pressure and glucose of those who came, each in its
    /// classes, and the waist.
    fn measures(&self, rng: &mut impl Rng, came: i64, figures: &mut Figures) {
        if let Some(part) = noted(rng, Some(self.bmi)) {
            let dimt = share(came, part);
            figures.insert("DIMT", dimt);
            let classes = split(rng, dimt, &self.bmi_classes);
            figures.extend(["DSKU", "DKUR", "DNOR", "DGEM", "DOBE"].into_iter().zip(classes));
        }
        if let Some(part) = noted(rng, Some(self.waist)) {
            figures.insert("LPB", share(came, part));
        }
        if let Some(part) = noted(rng, Some(self.blood_pressure)) {
            let td = share(came, part);
            figures.insert("TD", td);
            figures.extend(["TDR", "TDN", "HTD"].into_iter().zip(split(rng, td, &self.pressure_classes)));
        }
        if let Some(part) = noted(rng, self.glucose) {
            let gd = share(came, part);
            figures.insert("GD", gd);
            figures.extend(["GDR", "GDN", "GDT"].into_iter().zip(split(rng, gd, &self.glucose_classes)));
        }
    }

    /// The SRQ-20 (with question 17) and PUMA of those who came.
    fn screenings(&self, rng: &mut impl Rng, came: i64, figures: &mut Figures) {
        if let Some(part) = noted(rng, self.srq) {
            let srq = share(came, part);
            let thoughts = if rng.random_bool(SRQ_17) { rng.random_range(1..=2) } else { 0 };
            figures.insert("SRQ", srq);
            figures.insert("SRQP", share(srq, rng.random_range(0.03..0.1)));
            figures.insert("SRQX", thoughts.min(srq));
        }
        if let Some(part) = noted(rng, self.puma) {
            let puma = share(came, part);
            figures.insert("PUMA", puma);
            figures.insert("PUMAP", share(puma, rng.random_range(0.05..0.15)));
        }
    }

    /// ADL (in its three classes) and SKILAS of the elderly who came.
    fn elderly_checks(&self, rng: &mut impl Rng, lansia: i64, figures: &mut Figures) {
        if let Some(part) = noted(rng, self.adl) {
            let adl = share(lansia, part);
            figures.insert("ADL", adl);
            figures.extend(["ADLA", "ADLB", "ADLC"].into_iter().zip(split(rng, adl, &[0.8, 0.17, 0.03])));
        }
        if let Some(part) = noted(rng, self.skilas) {
            let skilas = share(lansia, part);
            figures.insert("SKILAS", skilas);
            figures.insert("SKILASP", share(skilas, about(rng, 0.35)));
        }
    }
}
