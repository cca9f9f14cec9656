//! The ranking chart: the child areas of an area (kecamatan, desa,
//! posyandu) as horizontal bars of one ratio, in the caller's order, those
//! under the target in the warning colour.

use super::{
    Area, Plot, SERIES_COLOURS, TARGET_COLOUR, WARNING_COLOUR, WIDTH, fit, grid, label, percent_labels, percent_top,
    render, title,
};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// At most this many bars; the rest are counted under the chart.
pub const MAX_BARS: usize = 40;
/// Pixels per bar.
const ROW: u32 = 26;
/// Title and the target's label above the bars.
const HEADER: u32 = 88;
/// The percent axis under the bars.
const AXIS: u32 = 40;
/// The line that counts the bars left out.
const FOOTER: u32 = 30;
/// The most room for the names left of the bars.
const NAMES: u32 = 290;
/// The column of values right of the bars.
const VALUES: u32 = 74;
/// The shade of every second row.
const STRIPE: RGBColor = RGBColor(0xf3, 0xf3, 0xf3);

/// A bar per `(name, fraction)`, top to bottom as given; `None` is shown as
/// "–" without a bar. With `target` (its label and fraction) a dashed line
/// marks it and bars under it are drawn in the warning colour. Past
/// [`MAX_BARS`] the rest are left out and `more(count)` ("+12 lainnya") is
/// written under the chart. Each bar's value is written as `value(fraction)`
/// gives it ("79,8 %"), in the reader's way. The height grows with the number of bars.
pub fn bars_png(
    title_text: &str,
    bars: &[(String, Option<f64>)],
    target: Option<(String, f64)>,
    more: impl FnOnce(usize) -> String,
    value_text: impl Fn(f64) -> String,
) -> anyhow::Result<Vec<u8>> {
    let (shown, left_out) = (&bars[..bars.len().min(MAX_BARS)], bars.len().saturating_sub(MAX_BARS));
    let value = |v: &Option<f64>| v.filter(|v| v.is_finite());
    let target = target.filter(|(_, t)| t.is_finite());
    let top = percent_top(shown.iter().filter_map(|(_, v)| value(v)).chain(target.iter().map(|(_, t)| *t)));
    let rows = shown.len().max(1) as u32;
    let footer = if left_out > 0 { FOOTER } else { 0 };
    let height = HEADER + rows * ROW + AXIS + footer + 8;
    render(WIDTH, height, |root| {
        title(root, title_text)?;
        let name_style = label().pos(Pos::new(HPos::Right, VPos::Center));
        let (names, widest) = fitted_names(root, shown, &name_style)?;
        let (body, _) = root.margin(HEADER, 8 + footer, 12, VALUES).split_vertically(rows * ROW + AXIS);
        let mut chart = ChartBuilder::on(&body)
            .y_label_area_size(widest + 14)
            .x_label_area_size(AXIS)
            .build_cartesian_2d(0.0..top, -(rows as f64)..0.0)?;
        shade_rows(root, &chart, rows)?;
        grid(
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(0)
                .x_labels(percent_labels(top))
                .x_label_formatter(&|v| format!("{v:.0}%")),
        )
        .draw()?;
        let value_style = label().pos(Pos::new(HPos::Right, VPos::Center));
        let value_x = (WIDTH - 14) as i32;
        for (row, (name, (_, v))) in names.into_iter().zip(shown).enumerate() {
            let middle = -(row as f64) - 0.5;
            let (left, y) = chart.backend_coord(&(0.0, middle));
            root.draw(&Text::new(name, (left - 8, y), name_style.clone()))?;
            let Some(v) = value(v) else {
                root.draw(&Text::new("–", (value_x, y), value_style.clone()))?;
                continue;
            };
            let under = target.as_ref().is_some_and(|(_, t)| v < *t);
            let colour = if under { WARNING_COLOUR } else { SERIES_COLOURS[0] };
            let end = (v * 100.0).clamp(0.0, top);
            chart.draw_series([Rectangle::new([(0.0, middle + 0.36), (end, middle - 0.36)], colour.filled())])?;
            root.draw(&Text::new(value_text(v), (value_x, y), value_style.clone()))?;
        }
        if let Some((text, t)) = &target {
            draw_target(root, &mut chart, text, *t, rows)?;
        }
        if left_out > 0 {
            let style = label().pos(Pos::new(HPos::Left, VPos::Top));
            let y = (HEADER + rows * ROW + AXIS + 6) as i32;
            root.draw(&Text::new(more(left_out), (20, y), style))?;
        }
        Ok(())
    })
}

/// Every second row shaded, so the eye follows a row to its value.
fn shade_rows(root: &Area, chart: &Plot, rows: u32) -> anyhow::Result<()> {
    for row in (1..rows).step_by(2) {
        let (_, upper) = chart.backend_coord(&(0.0, -(row as f64)));
        let (_, lower) = chart.backend_coord(&(0.0, -(row as f64) - 1.0));
        root.draw(&Rectangle::new([(8, upper), (WIDTH as i32 - 6, lower)], STRIPE.filled()))?;
    }
    Ok(())
}

/// The dashed line of the target `t` across the bars, labelled `text` above them.
fn draw_target(root: &Area, chart: &mut Plot, text: &str, t: f64, rows: u32) -> anyhow::Result<()> {
    let line = t * 100.0;
    chart.draw_series(DashedLineSeries::new(
        [(line, 0.0), (line, -(rows as f64))],
        10,
        6,
        TARGET_COLOUR.stroke_width(3),
    ))?;
    let (x, y) = chart.backend_coord(&(line, 0.0));
    let style = label().color(&TARGET_COLOUR).pos(Pos::new(HPos::Center, VPos::Bottom));
    let text = fit(root, text, &style, 300)?;
    let half = root.estimate_text_size(&text, &style)?.0 as i32 / 2;
    let x = x.clamp(half + 4, WIDTH as i32 - half - 4);
    root.draw(&Text::new(text, (x, y - 6), style))?;
    Ok(())
}

/// The bars' names, each shortened to fit left of the bars, and the width
/// of the widest.
fn fitted_names(root: &Area, shown: &[(String, Option<f64>)], style: &TextStyle) -> anyhow::Result<(Vec<String>, u32)> {
    let mut names = vec![];
    for (name, _) in shown {
        names.push(fit(root, name, style, NAMES - 14)?);
    }
    let mut widest = 0;
    for name in &names {
        widest = widest.max(root.estimate_text_size(name, style)?.0);
    }
    Ok((names, widest))
}
