//! A small SVG chart of a workload's status over time: desired, updated, available and
//! unavailable pods, with axes (pods up, virtual time across), and the current position on
//! the timeline.

use yew::prelude::*;

use super::i18n::{tr, trf, Lang};
use crate::protocol::StatusCounts;

const WIDTH: i32 = 320;
const HEIGHT: i32 = 104;
const PAD: i32 = 6;
/// Room for the pod counts left of the y axis.
const LEFT: i32 = 26;
/// Room for the times under the x axis.
const BOTTOM: i32 = 16;
/// The y coordinate of the x axis.
const BASE: i32 = HEIGHT - BOTTOM;

/// One series of the chart: its i18n key, CSS class and how to read it from the counts.
struct Series {
    key: &'static str,
    class: &'static str,
    value: fn(&StatusCounts) -> i32,
}

const SERIES: &[Series] = &[
    Series {
        key: "chart_desired",
        class: "series-desired",
        value: |s| s.desired,
    },
    Series {
        key: "chart_updated",
        class: "series-updated",
        value: |s| s.updated,
    },
    Series {
        key: "chart_available",
        class: "series-available",
        value: |s| s.available,
    },
    Series {
        key: "chart_unavailable",
        class: "series-unavailable",
        value: |s| s.unavailable,
    },
];

/// A coordinate in tenths of a unit, printed with one decimal (`1234` → `123.4`) without
/// pulling float formatting into the wasm.
fn tenths(value: i64) -> String {
    format!("{}.{}", value / 10, value % 10)
}

/// The x coordinate (in tenths) of virtual time `t` on a chart ending at `end` (> 0).
fn x_tenths(t: u64, end: u64) -> i64 {
    let width = i64::from(WIDTH - LEFT - PAD) * 10;
    i64::from(LEFT) * 10 + (i128::from(t.min(end)) * i128::from(width) / i128::from(end)) as i64
}

/// The y coordinate (in tenths) of `value` on a chart whose top is `top` (> 0).
fn y_tenths(value: i32, top: i64) -> i64 {
    let height = i64::from(BASE - PAD) * 10;
    i64::from(BASE) * 10 - i64::from(value) * height / top
}

/// The SVG `points` of a step line through `(time_ms, value)` samples scaled into the chart.
pub fn step_points(samples: &[(u64, i32)], end_ms: u64, max_value: i32) -> String {
    let end = end_ms.max(1);
    let top = i64::from(max_value.max(1));
    let y = |v: i32| y_tenths(v, top);
    let mut points = Vec::new();
    let mut previous: Option<i32> = None;
    for &(t, v) in samples {
        if let Some(p) = previous {
            points.push(format!("{},{}", tenths(x_tenths(t, end)), tenths(y(p))));
        }
        points.push(format!("{},{}", tenths(x_tenths(t, end)), tenths(y(v))));
        previous = Some(v);
    }
    if let Some(p) = previous {
        points.push(format!("{},{}", tenths(x_tenths(end, end)), tenths(y(p))));
    }
    points.join(" ")
}

/// What [`rollout_chart`] draws.
pub struct RolloutChartProps<'a> {
    /// The workload (`Deployment default/web`), for the chart's label.
    pub workload: AttrValue,
    /// The workload's status counts after each change, with their virtual time in
    /// milliseconds.
    pub history: &'a [(u64, StatusCounts)],
    /// The end of the time axis, in virtual milliseconds (the cursor stops there).
    pub end_ms: u64,
    /// The end of the time axis as the time controls print times (`1m30s`).
    pub end: &'a str,
    /// The current position, in virtual milliseconds.
    pub cursor_ms: u64,
    /// The UI language.
    pub lang: Lang,
}

/// The rollout chart (a plain function rather than a component: a component costs more
/// shell size than re-rendering this small SVG with its panel).
pub fn rollout_chart(props: &RolloutChartProps<'_>) -> Html {
    let lang = props.lang;
    let max_value = props
        .history
        .iter()
        .flat_map(|(_, s)| SERIES.iter().map(move |series| (series.value)(s)))
        .max()
        .unwrap_or(1)
        .max(1);
    let end = props.end_ms.max(1);
    let cursor_x = tenths(x_tenths(props.cursor_ms, end));
    html! {
        <figure class="rollout-chart" data-testid="rollout-chart">
            <svg viewBox="0 0 320 104" role="img" aria-label={trf(lang, "chart_label", &[&props.workload])}>
                // The box and the axes with their labels, at fixed places (literal, so that they
                // cost no formatting): WIDTH = 320, HEIGHT = 104, LEFT = 26, PAD = 6, BASE = 88,
                // WIDTH - PAD = 314; the highest count is drawn at the top (y = PAD).
                <polyline class="chart-axis" points="26,6 26,88 314,88" />
                <text class="chart-tick" x="23" y="9" text-anchor="end" data-testid="chart-max">{ max_value }</text>
                <text class="chart-tick" x="23" y="91" text-anchor="end">{ "0" }</text>
                <text class="chart-tick" x="26" y="101">{ "0s" }</text>
                <text class="chart-tick" x="314" y="101" text-anchor="end" data-testid="chart-end">{ props.end }</text>
                { for SERIES.iter().map(|series| {
                    let samples: Vec<(u64, i32)> = props.history.iter().map(|(t, s)| (*t, (series.value)(s))).collect();
                    html! { <polyline class={series.class} points={step_points(&samples, end, max_value)} /> }
                }) }
                <line class="chart-cursor" x1={cursor_x.clone()} x2={cursor_x} y1="0" y2="104" />
            </svg>
            <figcaption class="chart-legend">
                { for SERIES.iter().map(|series| html! {
                    <span class={classes!("legend", series.class)}>{ tr(lang, series.key) }</span>
                }) }
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axes_drawn_as_literals_match_the_charts_geometry() {
        assert_eq!(
            (LEFT, PAD, BASE, WIDTH - PAD, HEIGHT),
            (26, 6, 88, 314, 104)
        );
        assert_eq!(
            y_tenths(7, 7),
            i64::from(PAD) * 10,
            "the highest count is at the top"
        );
    }

    #[test]
    fn a_step_line_holds_each_value_until_the_next_sample() {
        // 0..100ms scaled over x 26..314, values 0..2 over y 88..6.
        let points = step_points(&[(0, 0), (50, 2)], 100, 2);
        assert_eq!(points, "26.0,88.0 170.0,88.0 170.0,6.0 314.0,6.0");
        assert_eq!(step_points(&[], 100, 2), "");
    }
}
