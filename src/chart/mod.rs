//! The digest's pictures: figures already computed and labels already
//! translated go in, PNG bytes come out, sized for a phone. No database, no
//! locales, no clock: the caller decides what is drawn and in which language.
//!
//! Drawn with plotters into an RGB buffer in memory and encoded with `png`.
//! The font (DejaVu Sans, `assets/fonts/`) is compiled into the program, so a
//! bare server without any installed font draws the same picture. Colours are
//! from the Okabe–Ito palette, which readers with any common colour-vision
//! deficiency can tell apart; series differ by marker shape as well.

mod bars;
mod canvas;
mod trend;

pub use bars::{MAX_BARS, bars_png};
pub use trend::trend_png;

use anyhow::Context as _;
use canvas::Canvas;
use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// One line of the trend chart: a label for the legend and one value per
/// month, as a fraction (0.8 is 80 %); `None` is a month without data.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// Every chart is this wide; phones scale it to the screen's width.
pub const WIDTH: u32 = 800;

/// Text and axes.
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Grid lines.
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
/// The target line: vermillion, used for nothing else.
pub const TARGET_COLOUR: RGBColor = RGBColor(0xd5, 0x5e, 0x00);
/// A bar under the target: orange.
pub const WARNING_COLOUR: RGBColor = RGBColor(0xe6, 0x9f, 0x00);
/// The series in order (blue, bluish green, reddish purple, sky blue); the
/// first is also the colour of a bar at or above the target.
pub const SERIES_COLOURS: [RGBColor; 4] =
    [RGBColor(0x00, 0x72, 0xb2), RGBColor(0x00, 0x9e, 0x73), RGBColor(0xcc, 0x79, 0xa7), RGBColor(0x56, 0xb4, 0xe9)];

type Area<'a> = DrawingArea<Canvas<'a>, Shift>;

/// A chart with a number on each axis (percent, and rows or months).
type Plot<'a, 'b> = ChartContext<'a, Canvas<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draws on a white picture of `width` × `height` and encodes it as PNG.
fn render(width: u32, height: u32, draw: impl FnOnce(&Area) -> anyhow::Result<()>) -> anyhow::Result<Vec<u8>> {
    let mut rgb = vec![0u8; width as usize * height as usize * 3];
    {
        let root = Canvas::new(&mut rgb, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    let mut png = Vec::with_capacity(64 * 1024);
    let mut encoder = png::Encoder::new(&mut png, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().context("PNG header")?;
    writer.write_image_data(&rgb).context("PNG data")?;
    writer.finish().context("PNG end")?;
    Ok(png)
}

/// Labels, legends and values: 18 pixels a line, about 8 points once a
/// phone has scaled the picture to its screen.
fn label() -> TextStyle<'static> {
    (FontFamily::SansSerif, 18.0).into_font().color(&INK)
}

/// `text` as it fits in `max_width` pixels: whole, or cut with "…".
fn fit(area: &Area, text: &str, style: &TextStyle, max_width: u32) -> anyhow::Result<String> {
    let width = |t: &str| -> anyhow::Result<u32> { Ok(area.estimate_text_size(t, style)?.0) };
    if width(text)? <= max_width {
        return Ok(text.to_string());
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut = format!("{}…", chars.iter().collect::<String>().trim_end());
        if width(&cut)? <= max_width {
            return Ok(cut);
        }
    }
    Ok("…".to_string())
}

/// The highest top of a percent axis; a value past it is drawn at the top.
const MOST_PERCENT: f64 = 300.0;

/// The top of a percent axis: 100, or the highest value rounded up to a ten,
/// at most [`MOST_PERCENT`].
fn percent_top(values: impl Iterator<Item = f64>) -> f64 {
    let highest = values.fold(0.0_f64, |top, v| top.max(v * 100.0));
    ((highest / 10.0).ceil() * 10.0).clamp(100.0, MOST_PERCENT)
}

/// How many labels a percent axis up to `top` gets: every 20 %, or fewer
/// rounder steps on a long axis.
fn percent_labels(top: f64) -> usize {
    (top as usize / 20 + 1).min(8)
}

/// The grid every chart shares: grey lines at the labelled percents only,
/// dark axes, labels in the embedded font.
fn grid<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB> {
    mesh.label_style(label()).axis_style(INK).max_light_lines(0).bold_line_style(GRID)
}

/// The title, at the top left.
fn title(area: &Area, text: &str) -> anyhow::Result<()> {
    let style = (FontFamily::SansSerif, 28.0).into_font().color(&INK);
    let text = fit(area, text, &style, WIDTH - 40)?;
    area.draw(&Text::new(text, (20, 12), style))?;
    Ok(())
}
