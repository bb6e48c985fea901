//! A small SVG chart of a DaemonSet's status over time: desired, updated, available and
//! unavailable pods, with the current position on the timeline.

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::{tr, Lang};
use crate::engine::api::DaemonSetStatus;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 90.0;
const PAD: f64 = 4.0;

/// One series of the chart: its i18n key, CSS class and how to read it from a status.
struct Series {
    key: &'static str,
    class: &'static str,
    value: fn(&DaemonSetStatus) -> i32,
}

const SERIES: &[Series] = &[
    Series {
        key: "chart_desired",
        class: "series-desired",
        value: |s| s.desired_number_scheduled,
    },
    Series {
        key: "chart_updated",
        class: "series-updated",
        value: |s| s.updated_number_scheduled,
    },
    Series {
        key: "chart_available",
        class: "series-available",
        value: |s| s.number_available,
    },
    Series {
        key: "chart_unavailable",
        class: "series-unavailable",
        value: |s| s.number_unavailable,
    },
];

/// The SVG `points` of a step line through `(time_ms, value)` samples scaled into the chart.
pub fn step_points(samples: &[(u64, i32)], end_ms: u64, max_value: i32) -> String {
    let end = end_ms.max(1) as f64;
    let top = f64::from(max_value.max(1));
    let x = |t: u64| PAD + (t as f64 / end) * (WIDTH - 2.0 * PAD);
    let y = |v: i32| HEIGHT - PAD - (f64::from(v) / top) * (HEIGHT - 2.0 * PAD);
    let mut points = Vec::new();
    let mut previous: Option<i32> = None;
    for &(t, v) in samples {
        if let Some(p) = previous {
            points.push(format!("{:.1},{:.1}", x(t), y(p)));
        }
        points.push(format!("{:.1},{:.1}", x(t), y(v)));
        previous = Some(v);
    }
    if let Some(p) = previous {
        points.push(format!("{:.1},{:.1}", x(end_ms), y(p)));
    }
    points.join(" ")
}

/// Props of [`RolloutChart`].
#[derive(Properties, PartialEq)]
pub struct RolloutChartProps {
    /// The DaemonSet's status after each change, with its virtual time in milliseconds.
    pub history: Rc<Vec<(u64, DaemonSetStatus)>>,
    /// The end of the timeline, in virtual milliseconds.
    pub end_ms: u64,
    /// The current position, in virtual milliseconds.
    pub cursor_ms: u64,
    /// The UI language.
    pub lang: Lang,
}

/// The rollout chart.
#[function_component(RolloutChart)]
pub fn rollout_chart(props: &RolloutChartProps) -> Html {
    let lang = props.lang;
    let max_value = props
        .history
        .iter()
        .flat_map(|(_, s)| SERIES.iter().map(move |series| (series.value)(s)))
        .max()
        .unwrap_or(1);
    let end = props.end_ms.max(1);
    let cursor_x = PAD + (props.cursor_ms.min(end) as f64 / end as f64) * (WIDTH - 2.0 * PAD);
    html! {
        <figure class="rollout-chart">
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-label={tr(lang, "chart_label")}>
                { for SERIES.iter().map(|series| {
                    let samples: Vec<(u64, i32)> = props.history.iter().map(|(t, s)| (*t, (series.value)(s))).collect();
                    html! { <polyline class={series.class} points={step_points(&samples, end, max_value)} /> }
                }) }
                <line class="chart-cursor" x1={format!("{cursor_x:.1}")} x2={format!("{cursor_x:.1}")} y1="0" y2={HEIGHT.to_string()} />
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
    fn a_step_line_holds_each_value_until_the_next_sample() {
        // 0..100ms scaled over x 4..316, values 0..2 over y 86..4.
        let points = step_points(&[(0, 0), (50, 2)], 100, 2);
        assert_eq!(points, "4.0,86.0 160.0,86.0 160.0,4.0 316.0,4.0");
        assert_eq!(step_points(&[], 100, 2), "");
    }
}
