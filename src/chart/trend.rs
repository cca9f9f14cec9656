//! The trend chart: an area's ratios (D/S, N/D) month by month against the
//! target line, with a gap where a month has no data.

use super::{
    Area, Canvas, Plot, SERIES_COLOURS, Series, TARGET_COLOUR, WIDTH, fit, grid, label, percent_labels, percent_top,
    render, title,
};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Height of the trend chart.
pub const HEIGHT: u32 = 500;

/// The trend of each series over `months` (x labels such as "Nov 25"), in
/// percent, with `target` (its legend label and fraction) as a dashed line.
/// A value past the last month is ignored; a missing or non-finite one is a gap.
pub fn trend_png(
    title_text: &str,
    months: &[String],
    series: &[Series],
    target: Option<(String, f64)>,
) -> anyhow::Result<Vec<u8>> {
    let fractions: Vec<Vec<Option<f64>>> = series
        .iter()
        .map(|s| (0..months.len()).map(|m| s.values.get(m).copied().flatten().filter(|v| v.is_finite())).collect())
        .collect();
    let target = target.filter(|(_, t)| t.is_finite());
    let top = percent_top(fractions.iter().flatten().flatten().copied().chain(target.iter().map(|(_, t)| *t)));
    let on_axis = |fraction: f64| (fraction * 100.0).clamp(0.0, top);
    let points: Vec<Vec<Option<f64>>> =
        fractions.iter().map(|values| values.iter().map(|v| v.map(on_axis)).collect()).collect();
    render(WIDTH, HEIGHT, |root| {
        title(root, title_text)?;
        legend(root, series, target.as_ref().map(|(label, _)| label.as_str()))?;
        let (_, body) = root.split_vertically(84);
        let last = months.len().max(1) as f64 - 0.5;
        let mut chart = ChartBuilder::on(&body)
            .margin_left(12)
            .margin_right(28)
            .margin_bottom(8)
            .y_label_area_size(58)
            .x_label_area_size(34)
            .build_cartesian_2d(-0.5..last, -2.0..top + 4.0)?;
        grid(
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(0)
                .y_labels(percent_labels(top))
                .y_label_formatter(&|v| format!("{v:.0}%")),
        )
        .draw()?;
        month_labels(root, &chart, months)?;
        if let Some((_, t)) = &target {
            let line = on_axis(*t);
            chart.draw_series(DashedLineSeries::new(
                [(-0.5, line), (last, line)],
                12,
                6,
                TARGET_COLOUR.stroke_width(3),
            ))?;
        }
        draw_lines(root, &mut chart, &points)?;
        Ok(())
    })
}

/// Each series as a line through its months with data, with its markers.
fn draw_lines(root: &Area, chart: &mut Plot, points: &[Vec<Option<f64>>]) -> anyhow::Result<()> {
    for (index, values) in points.iter().enumerate() {
        let colour = SERIES_COLOURS[index % SERIES_COLOURS.len()];
        for run in runs(values) {
            chart.draw_series(LineSeries::new(run, colour.stroke_width(3)))?;
        }
        for (m, v) in values.iter().enumerate() {
            if let Some(v) = v {
                let at = chart.backend_coord(&(m as f64, *v));
                marker(root, index, at)?;
            }
        }
    }
    Ok(())
}

/// Consecutive months with data, as (month, value) points.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut runs = vec![];
    let mut run = vec![];
    for (m, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push((m as f64, *v)),
            None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// The month names under the axis, every one that fits (every second, third…
/// when they are too wide for their slot).
fn month_labels<X, Y>(
    root: &Area,
    chart: &ChartContext<Canvas, Cartesian2d<X, Y>>,
    months: &[String],
) -> anyhow::Result<()>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
    if months.is_empty() {
        return Ok(());
    }
    let style = label().pos(Pos::new(HPos::Center, VPos::Top));
    let (x0, y) = chart.backend_coord(&(0.0, chart.y_range().start));
    let slot = if months.len() > 1 { chart.backend_coord(&(1.0, 0.0)).0 - x0 } else { WIDTH as i32 };
    let widest = months
        .iter()
        .map(|m| root.estimate_text_size(m, &style).map(|(w, _)| w as i32))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .max()
        .unwrap_or(0);
    let every = ((widest + 10) / slot.max(1) + 1).max(1) as usize;
    let last = months.len() - 1;
    for (m, label) in months.iter().enumerate() {
        // The latest month is always named; a label just before it is dropped.
        let shown = if m == last { true } else { m % every == 0 && last - m >= every };
        if shown {
            let x = chart.backend_coord(&(m as f64, 0.0)).0;
            let text = fit(root, label, &style, slot.max(40) as u32 * every as u32)?;
            root.draw(&Text::new(text, (x, y + 10), style.clone()))?;
        }
    }
    Ok(())
}

/// The legend under the title: a sample of each line, then the target; an
/// item that no longer fits on the line is left out.
fn legend(root: &Area, series: &[Series], target: Option<&str>) -> anyhow::Result<()> {
    let style = label().pos(Pos::new(HPos::Left, VPos::Center));
    let y = 62;
    let mut x = 20;
    let items = series.iter().map(|s| s.label.as_str()).enumerate().map(|(index, text)| (Some(index), text));
    for (index, text) in items.chain(target.map(|text| (None, text))) {
        let room = WIDTH as i32 - 10 - (x + 38);
        if room < 40 {
            break;
        }
        let sample = vec![(x, y), (x + 30, y)];
        match index {
            Some(index) => {
                let colour = SERIES_COLOURS[index % SERIES_COLOURS.len()];
                root.draw(&PathElement::new(sample, colour.stroke_width(3)))?;
                marker(root, index, (x + 15, y))?;
            }
            None => root.draw(&DashedPathElement::new(sample, 8, 4, TARGET_COLOUR.stroke_width(3)))?,
        }
        x += 38;
        let text = fit(root, text, &style, room.min(220) as u32)?;
        let width = root.estimate_text_size(&text, &style)?.0 as i32;
        root.draw(&Text::new(text, (x, y), style.clone()))?;
        x += width + 28;
    }
    Ok(())
}

/// The marker of series `index` at pixel `at`: circle, square, triangle,
/// diamond, so the lines differ by shape as well as colour.
fn marker(root: &Area, index: usize, (x, y): (i32, i32)) -> anyhow::Result<()> {
    let colour = SERIES_COLOURS[index % SERIES_COLOURS.len()];
    let fill = colour.filled();
    match index % 4 {
        0 => root.draw(&Circle::new((x, y), 6, fill))?,
        1 => root.draw(&Rectangle::new([(x - 5, y - 5), (x + 5, y + 5)], fill))?,
        2 => root.draw(&Polygon::new(vec![(x, y - 7), (x + 7, y + 5), (x - 7, y + 5)], fill))?,
        _ => root.draw(&Polygon::new(vec![(x, y - 7), (x + 7, y), (x, y + 7), (x - 7, y)], fill))?,
    }
    Ok(())
}
