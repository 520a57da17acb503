//! Line plots drawn on the server as SVG, with no script: twelve months of one figure. The
//! markup holds only numbers and the labels given here, escaped; each plot's text alternative
//! is the table the page prints beside it.

use std::fmt::Write;

/// The drawing's size, in its own units (it scales to the page's width).
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
/// Room for the value labels on the left and the months below.
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 34.0;

/// A plot of `values` (`None` where there is nothing to show) over `months` (short labels),
/// `top` being the axis's top (`None`: the smallest round even number above the largest value),
/// each axis value written by `label`.
pub fn line(
    months: &[String],
    values: &[Option<f64>],
    top: Option<f64>,
    label: impl Fn(f64) -> String,
) -> String {
    let largest = values.iter().flatten().copied().fold(0.0, f64::max);
    let top = top.unwrap_or_else(|| round_above(largest));
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let step = plot_width / (months.len().max(2) - 1) as f64;
    let x = |index: usize| LEFT + step * index as f64;
    let y = |value: f64| TOP + plot_height * (1.0 - (value / top).clamp(0.0, 1.0));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="plot" aria-hidden="true" focusable="false">"#
    );
    for fraction in [0.0, 0.5, 1.0] {
        let value = top * fraction;
        let at = y(value);
        let _ = write!(
            svg,
            r#"<line class="plot-grid" x1="{LEFT}" x2="{}" y1="{at:.1}" y2="{at:.1}"/><text class="plot-axis" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            WIDTH - RIGHT,
            LEFT - 8.0,
            at + 4.0,
            escape(&label(value))
        );
    }
    for (index, month) in months.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text class="plot-axis" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            x(index),
            HEIGHT - 10.0,
            escape(month)
        );
    }
    for segment in segments(values) {
        let points: Vec<String> = segment
            .iter()
            .map(|(index, value)| format!("{:.1},{:.1}", x(*index), y(*value)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline class="plot-line" points="{}"/>"#,
            points.join(" ")
        );
        for (index, value) in segment {
            let _ = write!(
                svg,
                r#"<circle class="plot-point" cx="{:.1}" cy="{:.1}" r="3.5"/>"#,
                x(index),
                y(value)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The runs of consecutive values, each as (index, value).
fn segments(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut run = Vec::new();
    for (index, value) in values.iter().enumerate() {
        match value {
            Some(value) => run.push((index, *value)),
            None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// The smallest of 1, 2, 3, 4, 6, 8 times a power of ten at or above `value` that is even, and
/// at least 2: the middle line then falls on a whole number too.
fn round_above(value: f64) -> f64 {
    if value <= 2.0 {
        return 2.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|factor| factor * power)
        .find(|candidate| *candidate >= value && candidate % 2.0 == 0.0)
        .unwrap_or(10.0 * power)
}

/// `text` safe inside SVG markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(round_above(0.0), 2.0);
        assert_eq!(round_above(3.0), 4.0);
        assert_eq!(round_above(7.0), 8.0);
        assert_eq!(round_above(9.5), 10.0);
        assert_eq!(round_above(18.0), 20.0);
        assert_eq!(round_above(230.0), 300.0);
        assert_eq!(round_above(4100.0), 6000.0);
    }

    #[test]
    fn a_gap_splits_the_line_and_labels_are_escaped() {
        let months: Vec<String> = (1..=4).map(|m| format!("<{m}>")).collect();
        let svg = line(
            &months,
            &[Some(1.0), None, Some(3.0), Some(4.0)],
            None,
            |v| format!("{v}"),
        );
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("&lt;1&gt;"));
        assert!(!svg.contains("<1>"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
