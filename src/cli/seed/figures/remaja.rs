//! The figures of school-age children (6–14) and teenagers (15–18). The
//! sasaran follow from the area's under-fives (nine yearly cohorts of
//! children, about 1.5–2 times S; four of teenagers, 0.65–0.9 times S);
//! few of them come to a posyandu (5 to 30 %). Of those who came: the
//! measured for BMI, each in exactly one of the five BMI classes, and,
//! where the posyandu does them, the teenagers' blood pressure and
//! glucose, girls tested for anaemia, the psychosocial screening; a few
//! are referred.

use rand::Rng;

use super::draw::{Steady, about, came, does, noted, own, share, split};
use super::{Figures, Month};

pub const CODES: [&str; 16] = [
    "SANAK", "ANAK", "SREMAJA", "REMAJA", "RIMT", "RSKU", "RKUR", "RNOR", "RGEM", "ROBE", "HTR", "GDTR", "CEKHB",
    "ANEMIA", "PSIKO", "RUJR",
];
/// The BMI classes, from severely thin to obese.
const BMI_CLASSES: [&str; 5] = ["RSKU", "RKUR", "RNOR", "RGEM", "ROBE"];

/// How one posyandu usually does for its children and teenagers.
pub struct Habits {
    children: Steady,
    teenagers: Steady,
    /// Usual ANAK/SANAK and REMAJA/SREMAJA.
    children_come: f64,
    teenagers_come: f64,
    /// Usual RIMT/(ANAK + REMAJA), where BMI is measured, and its classes.
    bmi: Option<f64>,
    bmi_classes: [f64; 5],
    /// Usual shares of REMAJA with their blood pressure measured (HTR is
    /// the high among them), their glucose tested (GDTR), girls tested for
    /// Hb (CEKHB), where these are done.
    blood_pressure: Option<f64>,
    glucose: Option<f64>,
    haemoglobin: Option<f64>,
    /// Usual ANEMIA/CEKHB.
    anaemia: f64,
    /// Usual PSIKO/(ANAK + REMAJA), where the screening is done.
    psychosocial: Option<f64>,
}

impl Habits {
    /// A posyandu whose area has about `under_fives` children under five.
    pub fn new(rng: &mut impl Rng, under_fives: f64) -> Habits {
        Habits {
            children: Steady::new(under_fives * rng.random_range(1.5..2.0)),
            teenagers: Steady::new(under_fives * rng.random_range(0.65..0.9)),
            children_come: rng.random_range(0.05..0.3),
            teenagers_come: rng.random_range(0.05..0.3),
            bmi: does(rng, 0.8, 0.5..1.0),
            bmi_classes: own(rng, [0.02, 0.06, 0.75, 0.11, 0.06]),
            blood_pressure: does(rng, 0.7, 0.01..0.05),
            glucose: does(rng, 0.4, 0.0..0.03),
            haemoglobin: does(rng, 0.5, 0.1..0.45),
            anaemia: rng.random_range(0.1..0.35),
            psychosocial: does(rng, 0.4, 0.1..0.5),
        }
    }

    /// This month's figures, into `figures`.
    pub fn month(&mut self, rng: &mut impl Rng, month: &Month, figures: &mut Figures) {
        let sanak = self.children.next(rng);
        let anak = came(rng, sanak, self.children_come, month.turnout);
        let sremaja = self.teenagers.next(rng);
        let remaja = came(rng, sremaja, self.teenagers_come, month.turnout);
        for (code, value) in [("SANAK", sanak), ("ANAK", anak), ("SREMAJA", sremaja), ("REMAJA", remaja)] {
            figures.insert(code, value);
        }
        let both = anak + remaja;
        if let Some(part) = noted(rng, self.bmi) {
            let rimt = share(both, part);
            figures.insert("RIMT", rimt);
            figures.extend(BMI_CLASSES.into_iter().zip(split(rng, rimt, &self.bmi_classes)));
        }
        self.teenager_checks(rng, remaja, figures);
        if let Some(part) = noted(rng, self.psychosocial) {
            figures.insert("PSIKO", share(both, part));
        }
        if noted(rng, Some(1.0)).is_some() {
            figures.insert("RUJR", share(both, rng.random_range(0.0..0.02)));
        }
    }

    /// The teenagers' blood pressure and glucose, the girls' Hb.
    fn teenager_checks(&self, rng: &mut impl Rng, remaja: i64, figures: &mut Figures) {
        if let Some(part) = noted(rng, self.blood_pressure) {
            figures.insert("HTR", share(remaja, part));
        }
        if let Some(part) = noted(rng, self.glucose) {
            figures.insert("GDTR", share(remaja, part));
        }
        if let Some(part) = noted(rng, self.haemoglobin) {
            let cekhb = share(remaja, part);
            figures.insert("CEKHB", cekhb);
            figures.insert("ANEMIA", share(cekhb, about(rng, self.anaemia)));
        }
    }
}
