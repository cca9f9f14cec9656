//! SKDN arithmetic in one place: D′, every ratio the bot shows with its
//! denominator, and how a ratio is rounded for display. The digest, the
//! strata review, the workbook, the report summary and the charts all
//! compute through here, so chat and workbook agree.
//!
//! The form (forms/laporan-bulanan.toml) counts as Kemenkes does: N and T
//! are only the children weighed this month and also last month, so D′ =
//! D − O − B (O: not weighed last month, B: new) and growth is N/D′; the
//! plain N/D is shown beside it, labelled as such. Ratios are fractions
//! (0.89, not 89) and `None` when the denominator is not positive, so a
//! renderer shows a dash instead of a made-up 0 %.

use super::lang::Lang;

/// `num / den`, or `None` when `den` is not positive.
pub fn ratio(num: i64, den: i64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// D′ = D − O − B: children weighed this month and also last month, the
/// only ones who can be N or T.
pub fn d_prime(d: i64, o: i64, b: i64) -> i64 {
    d - o - b
}

/// K/S: programme reach (children with a KMS over all children).
pub fn k_s(k: i64, s: i64) -> Option<f64> {
    ratio(k, s)
}

/// D/S: participation, the headline figure.
pub fn d_s(d: i64, s: i64) -> Option<f64> {
    ratio(d, s)
}

/// D/K: continuity.
pub fn d_k(d: i64, k: i64) -> Option<f64> {
    ratio(d, k)
}

/// Plain N/D: gaining weight over everyone weighed, new children included.
pub fn n_d(n: i64, d: i64) -> Option<f64> {
    ratio(n, d)
}

/// N/D′: growth as the form defines N ([`d_prime`]).
pub fn n_d_prime(n: i64, d: i64, o: i64, b: i64) -> Option<f64> {
    ratio(n, d_prime(d, o, b))
}

/// N/S: overall effectiveness.
pub fn n_s(n: i64, s: i64) -> Option<f64> {
    ratio(n, s)
}

/// A count among the weighed children (BGM, 2T) per D: the rate that can
/// be compared between months, however many posyandu have reported.
pub fn per_d(count: i64, d: i64) -> Option<f64> {
    ratio(count, d)
}

/// A ratio rounded for display: the percentage and how many decimals it
/// is written with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shown {
    pub percent: f64,
    pub decimals: usize,
}

/// `fraction` as a percentage to show: whole numbers from 10 % up, one
/// decimal below (0.4 % is not 0 %), and one decimal where a whole number
/// would land on `target` from either side (79.8 % is not "80 %" against
/// a target of 80 %). A tenth that still lands on the target moves a tenth
/// towards the value's own side: 79.96 % shows as 79.9 %, never as 80. `None` when not finite.
pub fn shown(fraction: f64, target: Option<f64>) -> Option<Shown> {
    if !fraction.is_finite() {
        return None;
    }
    let value = fraction * 100.0;
    let whole = value.round();
    let target = target.filter(|t| t.is_finite()).map(|t| t * 100.0);
    let hides_side = target.is_some_and(|t| whole == t.round() && value != t);
    if !hides_side {
        let decimals = usize::from(value.abs() < 10.0);
        let percent = if decimals == 0 { whole } else { (value * 10.0).round() / 10.0 };
        return Some(Shown { percent, decimals });
    }
    let t = target.unwrap_or(value);
    let tenths = (value * 10.0).round();
    let tenths = if tenths == (t * 10.0).round() { tenths + if value < t { -1.0 } else { 1.0 } } else { tenths };
    Some(Shown { percent: tenths / 10.0, decimals: 1 })
}

/// A number with `decimals` decimals the way `lang` writes it: a decimal
/// comma in Indonesian (3,0), a point in English (3.0).
pub fn decimal(value: f64, decimals: usize, lang: Lang) -> String {
    let text = format!("{value:.decimals$}");
    match lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A fraction as a percentage in `lang` ("79,8 %" / "79.8%"), rounded by
/// [`shown`] against `target`; a dash for `None` or a non-finite value.
pub fn percent(fraction: Option<f64>, target: Option<f64>, lang: Lang) -> String {
    let Some(Shown { percent, decimals }) = fraction.and_then(|f| shown(f, target)) else { return "–".to_owned() };
    let number = decimal(percent, decimals, lang);
    match lang {
        Lang::Id => format!("{number} %"),
        Lang::En => format!("{number}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_ratio_has_its_denominator_and_none_for_zero() {
        assert_eq!(d_prime(40, 2, 4), 34);
        assert_eq!(k_s(45, 50), Some(0.9));
        assert_eq!(d_s(40, 50), Some(0.8));
        assert_eq!(d_k(40, 0), None);
        assert_eq!(n_d(30, 40), Some(0.75));
        assert_eq!(n_d_prime(30, 40, 2, 4), Some(30.0 / 34.0));
        assert_eq!(n_d_prime(0, 4, 2, 2), None, "everyone weighed is new or back: no D′");
        assert_eq!(n_s(30, 50), Some(0.6));
        assert_eq!(per_d(2, 40), Some(0.05));
        assert_eq!(ratio(3, -1), None);
    }

    #[test]
    fn whole_percents_unless_small_or_hiding_the_side_of_the_target() {
        assert_eq!(shown(0.834, Some(0.8)), Some(Shown { percent: 83.0, decimals: 0 }));
        assert_eq!(shown(0.0042, None), Some(Shown { percent: 0.4, decimals: 1 }));
        assert_eq!(shown(0.798, Some(0.8)), Some(Shown { percent: 79.8, decimals: 1 }));
        assert_eq!(shown(0.798, None), Some(Shown { percent: 80.0, decimals: 0 }));
        assert_eq!(shown(0.8, Some(0.8)), Some(Shown { percent: 80.0, decimals: 0 }), "on the target it is the target");
        assert_eq!(shown(0.8004, Some(0.8)), Some(Shown { percent: 80.1, decimals: 1 }));
        assert_eq!(shown(0.79996, Some(0.8)), Some(Shown { percent: 79.9, decimals: 1 }));
        assert_eq!(shown(0.7949, Some(0.8)), Some(Shown { percent: 79.0, decimals: 0 }));
        assert_eq!(shown(f64::NAN, None), None);
    }

    #[test]
    fn numbers_read_the_way_each_language_writes_them() {
        assert_eq!(decimal(3.0, 1, Lang::Id), "3,0");
        assert_eq!(decimal(3.0, 1, Lang::En), "3.0");
        assert_eq!(percent(Some(0.798), Some(0.8), Lang::Id), "79,8 %");
        assert_eq!(percent(Some(0.798), Some(0.8), Lang::En), "79.8%");
        assert_eq!(percent(Some(0.834), None, Lang::Id), "83 %");
        assert_eq!(percent(Some(0.0042), None, Lang::Id), "0,4 %");
        assert_eq!(percent(None, None, Lang::Id), "–");
    }
}
