//! The surface the charts are drawn on: plotters' bitmap backend, with text
//! set in the embedded font by ab_glyph here rather than by plotters.
//!
//! plotters 0.3.7 places each glyph at its advance but drops the glyph's side
//! bearing, so letters sit unevenly ("b erat", "N /D"). Here every glyph is
//! laid out with its advance, kerning and bearing, and plotters measures text
//! through [`Canvas::estimate_text_size`], so its layout and ours agree.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use std::sync::LazyLock;

/// DejaVu Sans 2.37, unmodified; licence in `assets/fonts/LICENSE-DejaVu.txt`.
static FONT_FILE: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

static FONT: LazyLock<FontRef<'static>> = LazyLock::new(|| {
    FontRef::try_from_slice(FONT_FILE).expect("assets/fonts/DejaVuSans.ttf, compiled in, is a TrueType font")
});

/// An RGB picture in memory that draws text in the embedded font.
pub struct Canvas<'a> {
    bitmap: BitMapBackend<'a>,
}

impl<'a> Canvas<'a> {
    /// Draws into `rgb`, three bytes a pixel, row by row.
    pub fn new(rgb: &'a mut [u8], size: (u32, u32)) -> Self {
        Canvas { bitmap: BitMapBackend::with_buffer(rgb, size) }
    }
}

/// Where each glyph of `text` goes, with its left edge at x = 0 and the top
/// of the line at y = 0, and the size of the line.
fn layout(text: &str, size: f64) -> (Vec<ab_glyph::Glyph>, f32, f32) {
    let scale = PxScale::from(size as f32);
    let font = FONT.as_scaled(scale);
    let mut glyphs = Vec::with_capacity(text.len());
    let mut caret = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(previous) = previous {
            caret += font.kern(previous, id);
        }
        glyphs.push(id.with_scale_and_position(scale, point(caret, font.ascent())));
        caret += font.h_advance(id);
        previous = Some(id);
    }
    (glyphs, caret, font.height())
}

impl DrawingBackend for Canvas<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.bitmap.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.bitmap.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.bitmap.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.bitmap.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.bitmap.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.bitmap.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.bitmap.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let (_, width, height) = layout(text, style.size());
        Ok((width.ceil() as u32, height.ceil() as u32))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let (glyphs, width, height) = layout(text, style.size());
        let anchor = style.anchor();
        // Whole pixels, so every glyph moves by the same amount.
        let dx = match anchor.h_pos {
            HPos::Left => 0,
            HPos::Center => (-width / 2.0).round() as i32,
            HPos::Right => (-width).round() as i32,
        };
        let dy = match anchor.v_pos {
            VPos::Top => 0,
            VPos::Center => (-height / 2.0).round() as i32,
            VPos::Bottom => (-height).round() as i32,
        };
        let turn = style.transform();
        let mut pixels = vec![];
        for glyph in glyphs {
            let Some(outline) = FONT.outline_glyph(glyph) else {
                continue; // a space
            };
            let bounds = outline.px_bounds();
            let (left, top) = (bounds.min.x as i32 + dx, bounds.min.y as i32 + dy);
            pixels.clear();
            outline.draw(|gx, gy, coverage| {
                if coverage > 0.0 {
                    pixels.push((left + gx as i32, top + gy as i32, coverage));
                }
            });
            for &(px, py, coverage) in &pixels {
                let (tx, ty) = turn.transform(px, py);
                let shade = BackendColor { alpha: color.alpha * f64::from(coverage.min(1.0)), rgb: color.rgb };
                self.bitmap.draw_pixel((x + tx, y + ty), shade)?;
            }
        }
        Ok(())
    }
}
