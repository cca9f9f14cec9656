//! How the synthetic figures are drawn: shares of a whole that never
//! exceed it, splits that add up exactly, sasaran that stay as the kader
//! keep them, those who came (now and then a few from outside the area),
//! blocks of a section a posyandu records or leaves blank, and rare events.

use std::ops::Range;

use rand::Rng;

/// The chance that a block a posyandu does is recorded in a given month.
const RECORDED: f64 = 0.95;

/// `part` of `whole`, rounded, never more than `whole`.
pub fn share(whole: i64, part: f64) -> i64 {
    ((whole as f64 * part).round() as i64).clamp(0, whole)
}

/// Roughly normal noise with standard deviation `sd` (a sum of three uniforms).
pub fn noise(rng: &mut impl Rng, sd: f64) -> f64 {
    let sum: f64 = (0..3).map(|_| rng.random::<f64>()).sum();
    (sum - 1.5) * 2.0 * sd
}

/// The share `usual` varied a little this month (by about a tenth of it).
pub fn about(rng: &mut impl Rng, usual: f64) -> f64 {
    (usual * (1.0 + noise(rng, 0.1))).clamp(0.0, 1.0)
}

/// A share some posyandu have and others not: `Some` of a share in
/// `usual` with the chance `chance`.
pub fn does(rng: &mut impl Rng, chance: f64, usual: Range<f64>) -> Option<f64> {
    rng.random_bool(chance).then(|| rng.random_range(usual))
}

/// This month's share of a block the posyandu does (`usual`), or `None`
/// when it does not, or did not record it this month.
pub fn noted(rng: &mut impl Rng, usual: Option<f64>) -> Option<f64> {
    let usual = usual?;
    rng.random_bool(RECORDED).then(|| about(rng, usual))
}

/// Those who came of `sasaran` when `usual` of them usually come, in a
/// month whose turnout is `turnout` (1, or lower in a bad month): now and
/// then one to three more from outside the area.
pub fn came(rng: &mut impl Rng, sasaran: i64, usual: f64, turnout: f64) -> i64 {
    let came = share(sasaran, about(rng, usual) * turnout);
    if rng.random_bool(0.03) { came + rng.random_range(1..=3) } else { came }
}

/// `total` split into classes in about the proportions `usual` (which
/// vary a little month to month); the classes add up to `total` exactly.
pub fn split<const N: usize>(rng: &mut impl Rng, total: i64, usual: &[f64; N]) -> [i64; N] {
    let weights = usual.map(|w| (w * (1.0 + noise(rng, 0.2))).max(0.0));
    let mut rest: f64 = weights.iter().sum();
    let mut left = total;
    let mut classes = [0; N];
    for (i, weight) in weights.iter().enumerate() {
        classes[i] = if i + 1 == N || rest <= *weight { left } else { share(left, weight / rest) };
        left -= classes[i];
        rest -= weight;
    }
    classes
}

/// Proportions as a posyandu's own: each of `usual` times 0.6 to 1.4.
pub fn own<const N: usize>(rng: &mut impl Rng, usual: [f64; N]) -> [f64; N] {
    usual.map(|w| w * rng.random_range(0.6..1.4))
}

/// How many times an event with `mean` occurrences a month happened
/// this month (Poisson, for small means).
pub fn events(rng: &mut impl Rng, mean: f64) -> i64 {
    let floor = (-mean).exp();
    let (mut count, mut product) = (0, rng.random::<f64>());
    while product > floor {
        count += 1;
        product *= rng.random::<f64>();
    }
    count
}

/// A sasaran as the kader keep it: last month's number, sometimes a
/// little different, rarely counted afresh.
pub struct Steady(f64);

impl Steady {
    pub fn new(value: f64) -> Steady {
        Steady(value)
    }

    /// This month's number.
    pub fn next(&mut self, rng: &mut impl Rng) -> i64 {
        let change = if rng.random_bool(0.03) {
            rng.random_range(-0.15..0.15)
        } else if rng.random_bool(0.15) {
            rng.random_range(-0.04..0.04)
        } else {
            0.0
        };
        self.0 *= 1.0 + change;
        self.0.round() as i64
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    #[test]
    fn splits_add_up_and_follow_their_proportions() {
        let mut rng = StdRng::seed_from_u64(1);
        let mut sums = [0; 3];
        for total in 0..2_000 {
            let classes = split(&mut rng, total, &[0.1, 0.6, 0.3]);
            assert_eq!(classes.iter().sum::<i64>(), total);
            assert!(classes.iter().all(|c| *c >= 0));
            sums.iter_mut().zip(classes).for_each(|(sum, c)| *sum += c);
        }
        let all: i64 = sums.iter().sum();
        let shares = sums.map(|s| s as f64 / all as f64);
        assert!((shares[0] - 0.1).abs() < 0.02 && (shares[1] - 0.6).abs() < 0.03, "{shares:?}");
    }

    #[test]
    fn rare_events_happen_about_as_often_as_their_mean() {
        let mut rng = StdRng::seed_from_u64(2);
        let total: i64 = (0..10_000).map(|_| events(&mut rng, 1.5)).sum();
        assert!((14_000..16_000).contains(&total), "{total}");
        assert_eq!((0..1_000).map(|_| events(&mut rng, 0.0)).sum::<i64>(), 0);
    }

    #[test]
    fn a_sasaran_mostly_stays_as_it_was() {
        let mut rng = StdRng::seed_from_u64(3);
        let mut sasaran = Steady::new(100.0);
        let months: Vec<i64> = (0..1_000).map(|_| sasaran.next(&mut rng)).collect();
        let unchanged = months.windows(2).filter(|w| w[0] == w[1]).count();
        assert!(unchanged > 750, "{unchanged} of 999 unchanged");
    }
}
