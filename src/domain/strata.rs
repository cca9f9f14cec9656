//! Strata posyandu (the Kemenkes 2011 guideline's yearly review): Pratama,
//! Madya, Purnama, Mandiri, as far as the monthly report tells.
//!
//! The guideline's table (shared/docs/domain.md, section 3) uses eight
//! criteria. The monthly report carries three of them, and these decide
//! here:
//! - days open: the months of the year with anyone weighed (D > 0); at
//!   least 8 (the sources differ between "> 8" and "≥ 8"; we take ≥ 8);
//! - kader on duty: the average of the months' KADER; at least 5;
//! - D/S: the year's D over the year's S; at least 50 %.
//!
//! Not in the report, so not judged: cumulative KIA, KB and immunisation
//! coverage, additional programmes, dana sehat. Purnama and Mandiri differ
//! only in those, so they are one class here ([`Stratum::PurnamaMandiri`]),
//! and Madya means "open and staffed, D/S under 50 %". A posyandu whose
//! kader were never reported cannot be told from Pratama by the kader rule
//! and is counted apart ([`Stratum::Unknown`]).

/// Months open needed for Madya and above.
pub const MIN_MONTHS_OPEN: i64 = 8;
/// Average kader on duty needed for Madya and above.
pub const MIN_KADER: f64 = 5.0;
/// The year's D/S needed for Purnama and above.
pub const MIN_DS: f64 = 0.5;

/// A posyandu's year, as the classification needs it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct YearFigures {
    /// Months with anyone weighed (D > 0).
    pub months_open: i64,
    /// Months with the number of kader reported, and their sum.
    pub kader_months: i64,
    pub kader_sum: i64,
    pub d: i64,
    pub s: i64,
}

impl YearFigures {
    /// Average kader on duty over the months that report it.
    pub fn kader(&self) -> Option<f64> {
        (self.kader_months > 0).then(|| self.kader_sum as f64 / self.kader_months as f64)
    }

    pub fn d_s(&self) -> Option<f64> {
        super::skdn::d_s(self.d, self.s)
    }
}

/// A posyandu's stratum from the reported criteria.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, strum::EnumIter)]
pub enum Stratum {
    /// Open fewer than 8 months, or fewer than 5 kader on duty.
    Pratama,
    /// Open and staffed, D/S under 50 %.
    Madya,
    /// Open, staffed, D/S at least 50 %: Purnama or Mandiri (the criteria
    /// that tell them apart are not reported).
    PurnamaMandiri,
    /// Open enough, but the number of kader was never reported.
    Unknown,
}

/// The stratum of a posyandu's year.
pub fn classify(year: &YearFigures) -> Stratum {
    if year.months_open < MIN_MONTHS_OPEN {
        return Stratum::Pratama;
    }
    match year.kader() {
        None => Stratum::Unknown,
        Some(kader) if kader < MIN_KADER => Stratum::Pratama,
        Some(_) if year.d_s().is_some_and(|ds| ds >= MIN_DS) => Stratum::PurnamaMandiri,
        Some(_) => Stratum::Madya,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(months_open: i64, kader: Option<i64>, d: i64, s: i64) -> YearFigures {
        let (kader_months, kader_sum) = kader.map_or((0, 0), |k| (months_open, k * months_open));
        YearFigures { months_open, kader_months, kader_sum, d, s }
    }

    #[test]
    fn the_reported_criteria_decide_in_the_guidelines_order() {
        assert_eq!(classify(&year(7, Some(9), 900, 1000)), Stratum::Pratama, "open too few months");
        assert_eq!(classify(&year(12, Some(4), 900, 1000)), Stratum::Pratama, "too few kader");
        assert_eq!(classify(&year(8, Some(5), 499, 1000)), Stratum::Madya, "D/S under 50 %");
        assert_eq!(classify(&year(8, Some(5), 500, 1000)), Stratum::PurnamaMandiri, "the boundaries count");
        assert_eq!(classify(&year(12, None, 900, 1000)), Stratum::Unknown, "kader never reported");
        assert_eq!(classify(&year(3, None, 100, 1000)), Stratum::Pratama, "closed too often, kader or not");
        assert_eq!(classify(&year(9, Some(6), 0, 0)), Stratum::Madya, "no S: D/S unknown, not high");
    }

    #[test]
    fn kader_are_averaged_over_the_months_that_report_them() {
        let y = YearFigures { months_open: 10, kader_months: 4, kader_sum: 22, d: 0, s: 0 };
        assert_eq!(y.kader(), Some(5.5));
        assert_eq!(classify(&y), Stratum::Madya);
    }
}
