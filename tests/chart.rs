//! The digest's charts, read back as a reader's phone would: each PNG decodes,
//! has the promised size, shows its lines and bars where the figures put them
//! against the grid, and odd input still gives a picture. Each test writes its
//! picture to /tmp/posyandu-chart-*.png for a person to look at.

use plotters::style::RGBColor;
use posyandu_bot::chart::{
    MAX_BARS, SERIES_COLOURS, Series, TARGET_COLOUR, WARNING_COLOUR, WIDTH, bars_png, trend_png,
};

/// A decoded picture.
struct Picture {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Picture {
    fn decode(png: &[u8], name: &str) -> Picture {
        std::fs::write(format!("/tmp/posyandu-chart-{name}.png"), png).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().expect("a PNG header");
        let mut rgb = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut rgb).expect("PNG data");
        assert_eq!(frame.color_type, png::ColorType::Rgb);
        assert_eq!(frame.bit_depth, png::BitDepth::Eight);
        rgb.truncate(frame.buffer_size());
        Picture { width: frame.width, height: frame.height, rgb }
    }

    fn is(&self, x: u32, y: u32, colour: RGBColor) -> bool {
        let i = (y * self.width + x) as usize * 3;
        self.rgb[i..i + 3] == [colour.0, colour.1, colour.2]
    }

    /// How many pixels of each row have exactly `colour`.
    fn per_row(&self, colour: RGBColor) -> Vec<usize> {
        (0..self.height).map(|y| (0..self.width).filter(|&x| self.is(x, y, colour)).count()).collect()
    }

    /// How many pixels of each column have exactly `colour`.
    fn per_column(&self, colour: RGBColor) -> Vec<usize> {
        (0..self.width).map(|x| (0..self.height).filter(|&y| self.is(x, y, colour)).count()).collect()
    }

    fn count(&self, colour: RGBColor) -> usize {
        self.per_row(colour).iter().sum()
    }

    /// Pixels dark enough to be text or axes in rows `rows`.
    fn dark_in(&self, rows: std::ops::Range<u32>) -> usize {
        rows.flat_map(|y| (0..self.width).map(move |x| (x, y)))
            .filter(|&(x, y)| {
                let i = (y * self.width + x) as usize * 3;
                self.rgb[i..i + 3].iter().all(|&c| c < 110)
            })
            .count()
    }
}

/// The grid's light grey, drawn at every labelled percent.
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
const BLUE: RGBColor = SERIES_COLOURS[0];
const GREEN: RGBColor = SERIES_COLOURS[1];

/// Indexes where `counts` is at least `min`, merged into the middle of each
/// run of neighbours (a 3-pixel line is one line).
fn lines(counts: &[usize], min: usize) -> Vec<usize> {
    let mut found: Vec<Vec<usize>> = vec![];
    for (i, &n) in counts.iter().enumerate() {
        if n >= min {
            match found.last_mut() {
                Some(run) if *run.last().unwrap() + 1 == i => run.push(i),
                _ => found.push(vec![i]),
            }
        }
    }
    found.iter().map(|run| run[run.len() / 2]).collect()
}

fn months(n: usize) -> Vec<String> {
    let names = [
        "Nov 25", "Des 25", "Jan 26", "Feb 26", "Mar 26", "Apr 26", "Mei 26", "Jun 26", "Jul 26", "Agu 26", "Sep 26",
        "Okt 26",
    ];
    names.iter().cycle().take(n).map(|m| m.to_string()).collect()
}

fn series(label: &str, values: &[Option<f64>]) -> Series {
    Series { label: label.to_string(), values: values.to_vec() }
}

fn target() -> Option<(String, f64)> {
    Some(("Target 80%".to_string(), 0.8))
}

fn twelve_months() -> Vec<u8> {
    let ds = [0.72, 0.75, 0.78, 0.81, 0.79, 0.84, 0.86, 0.83, 0.88, 0.85, 0.87, 0.9];
    let nd = [
        Some(0.61),
        Some(0.64),
        None,
        Some(0.66),
        Some(0.7),
        Some(0.69),
        Some(0.72),
        None,
        None,
        Some(0.74),
        Some(0.73),
        Some(0.76),
    ];
    trend_png(
        "Kabupaten Luwu Timur: D/S dan N/D",
        &months(12),
        &[series("D/S (ditimbang)", &ds.map(Some)), series("N/D (naik berat badan)", &nd)],
        target(),
    )
    .unwrap()
}

#[test]
fn trend_is_a_phone_sized_png_with_both_lines_and_the_target_on_its_grid_line() {
    let picture = Picture::decode(&twelve_months(), "trend");
    assert_eq!((picture.width, picture.height), (WIDTH, 500));
    assert!(picture.count(BLUE) > 500, "the D/S line is drawn");
    assert!(picture.count(GREEN) > 300, "the N/D line is drawn");
    assert!(picture.dark_in(10..45) > 300, "the title is written");
    // The grid lines are 0 %, 20 % … 100 %, bottom to top: the target of
    // 80 % is the fifth from the bottom.
    let mut grid = lines(&picture.per_row(GRID), 150);
    grid.reverse();
    assert_eq!(grid.len(), 6, "grid rows {grid:?}");
    let target_rows = lines(&picture.per_row(TARGET_COLOUR), 250);
    assert_eq!(target_rows.len(), 1, "one target line: {target_rows:?}");
    assert!(
        target_rows[0].abs_diff(grid[4]) <= 1,
        "target at row {} and the 80 % grid line at {}",
        target_rows[0],
        grid[4]
    );
}

#[test]
fn trend_without_target_has_no_target_colour() {
    let png = trend_png("D/S", &months(12), &[series("D/S", &[Some(0.5); 12])], None).unwrap();
    let picture = Picture::decode(&png, "trend-no-target");
    assert_eq!(picture.count(TARGET_COLOUR), 0);
    assert!(picture.count(BLUE) > 500);
}

#[test]
fn trend_with_many_long_series_keeps_to_the_picture() {
    let many: Vec<Series> = (0..6)
        .map(|i| {
            let values: Vec<Option<f64>> = (0..12).map(|m| Some(0.2 + 0.12 * i as f64 + m as f64 / 200.0)).collect();
            series(&format!("Rasio nomor {i} dengan nama yang sangat panjang sekali untuk legenda"), &values)
        })
        .collect();
    let png = trend_png("Banyak garis", &months(12), &many, target()).unwrap();
    let picture = Picture::decode(&png, "trend-many-series");
    for colour in SERIES_COLOURS {
        assert!(picture.count(colour) > 300, "{colour:?} is drawn");
    }
}

#[test]
fn trend_with_no_data_is_still_a_picture() {
    let png = trend_png("Belum ada laporan", &months(12), &[series("D/S", &[None; 12]), series("N/D", &[])], target())
        .unwrap();
    let picture = Picture::decode(&png, "trend-empty");
    assert_eq!((picture.width, picture.height), (WIDTH, 500));
    // Only the legend's samples are in the series colours.
    assert!(picture.count(BLUE) < 200);
    assert!(picture.count(TARGET_COLOUR) > 250, "the target line is drawn");
    let png = trend_png("Tanpa bulan", &[], &[], None).unwrap();
    Picture::decode(&png, "trend-no-months");
}

#[test]
fn trend_of_a_single_month_shows_its_point() {
    let png =
        trend_png("Satu bulan", &months(1), &[series("D/S", &[Some(0.85)]), series("N/D", &[Some(0.6)])], target())
            .unwrap();
    let picture = Picture::decode(&png, "trend-one-month");
    // Beyond the legend's sample (a line and a marker), the point itself.
    let legend = Picture::decode(
        &trend_png("Satu bulan", &months(1), &[series("D/S", &[None])], None).unwrap(),
        "trend-one-month-legend-only",
    );
    assert!(picture.count(BLUE) > legend.count(BLUE) + 50);
}

#[test]
fn trend_axis_grows_past_100_percent_up_to_300_and_zero_sits_on_the_bottom_line() {
    let cases = [
        // 0 %, 20 % … 120 %: seven lines.
        ("zero-and-120", vec![Some(0.0), Some(1.2), Some(0.0), Some(1.2)], 7),
        // Nonsense past 300 % (a typo in S) is drawn at 300 %, below 0 at 0;
        // the grid goes by 50 %: 0 % … 300 %, seven lines.
        ("out-of-range", vec![Some(-1.0), Some(50.0), Some(f64::INFINITY), Some(1e300), Some(0.5)], 7),
    ];
    for (name, values, lines_expected) in cases {
        let png = trend_png(name, &months(values.len()), &[series("D/S", &values)], target()).unwrap();
        let picture = Picture::decode(&png, &format!("trend-{name}"));
        let mut grid = lines(&picture.per_row(GRID), 150);
        grid.reverse();
        assert_eq!(grid.len(), lines_expected, "{name}: grid rows {grid:?}");
        // Below the legend, the line's highest and lowest pixels.
        let blue_rows: Vec<usize> =
            picture.per_row(BLUE).iter().enumerate().filter(|&(y, &n)| y > 75 && n > 0).map(|(y, _)| y).collect();
        let (highest, lowest) = (blue_rows[0], *blue_rows.last().unwrap());
        assert!(highest.abs_diff(*grid.last().unwrap()) <= 8, "{name}: the highest point on the top line");
        assert!(lowest.abs_diff(grid[0]) <= 8, "{name}: the lowest point on the 0 % line");
    }
}

/// The bars of `colour`, top to bottom: their first row, first column and
/// length in pixels.
fn bars_of(picture: &Picture, colour: RGBColor) -> Vec<(u32, u32, u32)> {
    let mut bars: Vec<(u32, u32, u32)> = vec![];
    let mut previous_row = None;
    for y in 0..picture.height {
        let xs: Vec<u32> = (0..picture.width).filter(|&x| picture.is(x, y, colour)).collect();
        if xs.len() < 3 {
            continue;
        }
        if previous_row != Some(y - 1) {
            bars.push((y, xs[0], xs[xs.len() - 1] - xs[0] + 1));
        }
        previous_row = Some(y);
    }
    bars
}

#[test]
fn bars_are_as_long_as_their_values_and_those_under_target_warn() {
    let bars = vec![
        ("Malili".to_string(), Some(0.9)),
        ("Wotu".to_string(), Some(0.45)),
        ("Nuha".to_string(), None),
        ("Towuti".to_string(), Some(0.6)),
    ];
    let png = bars_png("D/S per kecamatan", &bars, target(), |n| format!("+{n} lainnya"), percent).unwrap();
    let picture = Picture::decode(&png, "bars");
    assert_eq!(picture.width, WIDTH);
    let blue = bars_of(&picture, BLUE);
    let orange = bars_of(&picture, WARNING_COLOUR);
    // Malili (90 %) on top in blue; Wotu (45 %) and Towuti (60 %), under the
    // target, in orange, with an empty row for Nuha between them.
    assert_eq!((blue.len(), orange.len()), (1, 2), "{blue:?} {orange:?}");
    let (malili, wotu, towuti) = (blue[0], orange[0], orange[1]);
    assert!(malili.0 < wotu.0 && wotu.0 < towuti.0);
    assert!(towuti.0 - wotu.0 > 40, "an empty row for Nuha between them");
    assert_eq!((wotu.1, towuti.1), (malili.1, malili.1), "bars start at 0 %");
    let pixels_per_percent = malili.2 as f64 / 90.0;
    let length = |bar: (u32, u32, u32)| bar.2 as f64 / pixels_per_percent;
    assert!((length(wotu) - 45.0).abs() < 0.5, "{}", length(wotu));
    assert!((length(towuti) - 60.0).abs() < 0.5, "{}", length(towuti));
    // The target line stands at 80 %.
    let columns = lines(&picture.per_column(TARGET_COLOUR), 40);
    assert_eq!(columns.len(), 1, "one target line: {columns:?}");
    let at = (columns[0] as f64 - malili.1 as f64) / pixels_per_percent;
    assert!((at - 80.0).abs() < 0.5, "target at {at} %");
}

#[test]
fn bars_grow_with_their_count_up_to_the_cap_and_count_the_rest() {
    let named = |n: usize| -> Vec<(String, Option<f64>)> {
        (0..n).map(|i| (format!("Desa {}", i + 1), Some(0.5 + (i % 10) as f64 / 20.0))).collect()
    };
    let mut asked = vec![];
    let mut height = |n: usize, name: &str| {
        let png = bars_png(
            "D/S per desa",
            &named(n),
            target(),
            |more| {
                asked.push(more);
                format!("+{more} lainnya")
            },
            percent,
        )
        .unwrap();
        let picture = Picture::decode(&png, name);
        assert_eq!(picture.width, WIDTH);
        let bars = bars_of(&picture, BLUE).len() + bars_of(&picture, WARNING_COLOUR).len();
        (picture.height, bars)
    };
    let (one, one_bar) = height(1, "bars-one");
    let (ten, ten_bars) = height(10, "bars-ten");
    let (forty, forty_bars) = height(MAX_BARS, "bars-forty");
    let (more, more_bars) = height(MAX_BARS + 7, "bars-forty-seven");
    assert_eq!((one_bar, ten_bars, forty_bars), (1, 10, MAX_BARS));
    assert_eq!(more_bars, MAX_BARS, "the first bars only past the cap");
    assert!(one < ten && ten < forty && forty < more, "{one} {ten} {forty} {more}");
    assert!(more <= 1300, "capped: {more}");
    assert_eq!(asked, vec![7], "only the chart past the cap counts the rest");
}

#[test]
fn bars_with_odd_names_and_values_are_pictures() {
    let png = bars_png("Kosong", &[], target(), |n| format!("+{n}"), percent).unwrap();
    let empty = Picture::decode(&png, "bars-empty");
    assert_eq!(empty.count(BLUE) + empty.count(WARNING_COLOUR), 0);
    let long = "Kelurahan Ngemplak Simongan Kecamatan Semarang Barat Kota Semarang".to_string();
    let bars = vec![
        (long.clone(), Some(1.2)),
        ("Kelurahan Ngemplak Simongan".to_string(), Some(0.0)),
        ("Désa Ñusa Çendana — ü".to_string(), Some(f64::NAN)),
        ("Tanpa data".to_string(), None),
    ];
    let png = bars_png(&long, &bars, Some(("Target".to_string(), 0.8)), |n| format!("+{n}"), percent).unwrap();
    let picture = Picture::decode(&png, "bars-odd");
    // 120 %: the axis grows to 120 %, the last grid line, where the bar ends.
    let blue = bars_of(&picture, BLUE);
    assert_eq!(blue.len(), 1, "0 %, NaN and None draw no bar: {blue:?}");
    let grid = lines(&picture.per_column(GRID), 40);
    let end = (blue[0].1 + blue[0].2 - 1) as usize;
    assert!(end.abs_diff(*grid.last().unwrap()) <= 1, "{end} {grid:?}");
    assert!(end < WIDTH as usize - 40, "with room for its value");
    // A long name stops before the bars start.
    let names = picture.dark_in(blue[0].0..blue[0].0 + 1);
    assert!(names > 0);
    let bars_left = blue[0].1;
    let name_area: usize = (0..picture.height)
        .map(|y| {
            (bars_left - 4..bars_left)
                .filter(|&x| {
                    let i = (y * picture.width + x) as usize * 3;
                    picture.rgb[i] < 110 && picture.rgb[i + 1] < 110 && picture.rgb[i + 2] < 110
                })
                .count()
        })
        .sum();
    assert!(name_area < 200, "only the axis at the bars' left edge: {name_area}");
}

/// A bar's value as the digest writes it in Indonesian.
fn percent(fraction: f64) -> String {
    posyandu_bot::domain::skdn::percent(Some(fraction), Some(0.8), posyandu_bot::domain::lang::Lang::Id)
}
