//! The cluster board: one card per node (grouped or filtered by a label), and the pending
//! area for pods that cannot be placed, each with its FailedScheduling message.

use std::collections::BTreeMap;
use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::cells::{CellCache, CellsKey};
use super::compact::{CompactBoard, COMPACT_THRESHOLD};
use super::grouping::group_nodes;
use super::i18n::{sentence, tr, trf};
use super::node_card::{owner_class, NodeCard};
use super::node_form::AddNodeForm;
use super::perf;
use super::state::{Action, AppContext, EngineStatus, Selection};
use crate::protocol::{NodeView, TextEdit};

/// How the board draws nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ViewMode {
    /// Cards up to [`COMPACT_THRESHOLD`] nodes, cells above.
    Auto,
    /// One card per node.
    Cards,
    /// One cell per node.
    Compact,
}

/// A zoomed-in group shows at most this many node cards.
const ZOOM_LIMIT: usize = 100;

/// The label the compact view groups by when the user chose none.
const ZONE_LABEL: &str = "topology.kubernetes.io/zone";

/// The cluster board.
#[function_component(ClusterBoard)]
pub fn cluster_board() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    let mode = use_state(|| ViewMode::Auto);
    let zoom = use_state(|| None::<String>);
    let cell_cache = use_mut_ref(|| None::<CellCache>);
    // The cards' edit buttons send the state on screen when clicked, through one callback
    // that stays the same object (so that a card re-renders only when its node changes).
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    let on_edit = use_callback((), move |edit: TextEdit, _| {
        let state = latest.borrow().clone();
        super::engine::edit(&state, edit);
    });
    // The board shows the frame the time controls are on and nothing is being applied (the
    // end-to-end tests wait for this).
    let synced = state.is_synced();
    // A playback tick's measure ends once its frame, asked of the engine, is on the page.
    use_effect(move || {
        if synced {
            perf::end("kubeplay:tick");
        }
    });

    // Pods bound since the last render travel from the pending area to their node.
    let board_ref = use_node_ref();
    let waiting = use_mut_ref(super::motion::Waiting::default);
    {
        let board_ref = board_ref.clone();
        use_effect(move || {
            if let Some(board) = board_ref.cast::<web_sys::Element>() {
                waiting.borrow_mut().after_render(&board);
            }
        });
    }
    let shown = Rc::clone(&state.shown);
    // The virtual time a terminating pod's countdown is at: the frame on screen's, or, while
    // playback moves the playhead through the quiet stretch after it, the playhead's (up to
    // the next frame).
    let frames = &state.run.frames;
    let frame_time = frames.get(shown.frame).map_or(0, |f| f.time_ms);
    let next_time = frames
        .get(shown.frame + 1)
        .map_or(frame_time, |f| f.time_ms);
    let frame_time = state
        .playhead_ms
        .clamp(frame_time, next_time.max(frame_time));
    if state.run_id == 0 || shown.run == 0 {
        // No frame yet: the engine is starting (or simulating the first text), or the first
        // text had errors, so there is no run to show.
        let waiting = if matches!(state.engine, EngineStatus::Failed(_)) {
            tr(lang, "board_no_engine")
        } else if state.run_id == 0 && state.not_applied && !state.is_applying() {
            tr(lang, "board_no_run")
        } else {
            tr(lang, "engine_loading")
        };
        return html! {
            <section class="pane cluster-pane" aria-labelledby="cluster-title"
                data-testid="cluster-board" data-synced={synced.to_string()}>
                <div class="pane-title">
                    <h2 id="cluster-title">{ tr(lang, "cluster_title") }</h2>
                </div>
                <p class="muted board-status" role="status" data-testid="board-waiting">{ waiting }</p>
            </section>
        };
    }
    let label_keys = Rc::clone(&shown.label_keys);
    let no_value = tr(lang, "no_label_value");
    let shown_count = if state.filter.is_empty() {
        shown.nodes.len()
    } else {
        group_nodes(&shown.nodes, &state.filter, "", no_value)
            .values()
            .map(Vec::len)
            .sum()
    };
    let compact = match *mode {
        ViewMode::Auto => shown_count > COMPACT_THRESHOLD,
        ViewMode::Cards => false,
        ViewMode::Compact => true,
    };
    let group_label = if !state.group_by.is_empty() {
        state.group_by.clone()
    } else if compact && label_keys.iter().any(|k| k == ZONE_LABEL) {
        ZONE_LABEL.to_owned()
    } else {
        String::new()
    };
    let zoomed = if compact { (*zoom).clone() } else { None };
    let groups = if compact && zoomed.is_none() {
        BTreeMap::new()
    } else {
        group_nodes(&shown.nodes, &state.filter, &group_label, no_value)
    };
    let cells = if compact && zoomed.is_none() {
        let key = CellsKey {
            label: group_label.clone(),
            filter: state.filter.clone(),
            no_value,
        };
        CellCache::for_frame(&mut cell_cache.borrow_mut(), key, &shown)
    } else {
        *cell_cache.borrow_mut() = None;
        Rc::default()
    };
    let selected_node = match &state.selection {
        Some(Selection::Node(name)) => Some(name.clone()),
        _ => None,
    };
    let on_select = {
        let state = state.clone();
        Callback::from(move |name: String| {
            state.dispatch(Action::Select(Some(Selection::Node(name))))
        })
    };
    let on_zoom = {
        let zoom = zoom.clone();
        Callback::from(move |name: String| zoom.set(Some(name)))
    };
    let unzoom = {
        let zoom = zoom.clone();
        Callback::from(move |_| zoom.set(None))
    };
    let toggle_mode = {
        let mode = mode.clone();
        let zoom = zoom.clone();
        Callback::from(move |_| {
            mode.set(if compact {
                ViewMode::Cards
            } else {
                ViewMode::Compact
            });
            zoom.set(None);
        })
    };
    // The node cards: every group, or the zoomed-in group (at most ZOOM_LIMIT cards).
    let card_groups: Vec<(&str, &[&Rc<NodeView>])> = match &zoomed {
        _ if !compact => groups.iter().map(|(g, n)| (*g, n.as_slice())).collect(),
        Some(z) => groups
            .iter()
            .filter(|(g, _)| **g == z.as_str())
            .map(|(g, n)| (*g, &n[..n.len().min(ZOOM_LIMIT)]))
            .collect(),
        None => Vec::new(),
    };
    let zoom_total = zoomed
        .as_ref()
        .and_then(|z| groups.get(z.as_str()))
        .map_or(0, Vec::len);
    let dispatch = state.dispatcher();
    let pending = &shown.pending;

    let ongroup = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Action::GroupBy(select.value()));
        })
    };
    let onfilter = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::Filter(input.value()));
        })
    };
    html! {
        <section class="pane cluster-pane" aria-labelledby="cluster-title"
            data-testid="cluster-board" data-synced={synced.to_string()}>
            <div class="pane-title">
                <h2 id="cluster-title">{ tr(lang, "cluster_title") }</h2>
                <span class="muted">{ trf(lang, "node_count", &[&shown.nodes.len().to_string()]) }</span>
                <label class="board-option">
                    <span>{ tr(lang, "group_by") }</span>
                    <select aria-label={tr(lang, "group_by")} onchange={ongroup}>
                        <option value="" selected={group_label.is_empty()}>{ tr(lang, "no_grouping") }</option>
                        { for label_keys.iter().map(|k| html! {
                            <option value={k.clone()} selected={*k == group_label}>{ k }</option>
                        }) }
                    </select>
                </label>
                <input class="board-filter" type="search" placeholder={tr(lang, "filter_nodes")}
                    aria-label={tr(lang, "filter_nodes")} value={state.filter.clone()} oninput={onfilter} />
                <button class="btn btn-small" onclick={toggle_mode} data-testid="view-toggle" aria-pressed={compact.to_string()}>
                    { tr(lang, "view_compact") }
                </button>
                <AddNodeForm />
            </div>
            if !compact && !shown.workloads.is_empty() {
                <ul class="cell-legend owner-legend" data-testid="owner-legend" aria-label={tr(lang, "legend")}>
                    { for shown.workloads.iter().map(|w| html! {
                        <li class={owner_class(w.colour)}><span class="swatch" aria-hidden="true"></span>{ w.kind.as_str() }{ " " }{ &w.key }</li>
                    }) }
                    <li><span class="swatch" aria-hidden="true"></span>{ tr(lang, "legend_current") }</li>
                    <li class="old-revision"><span class="swatch" aria-hidden="true"></span>{ tr(lang, "legend_old") }</li>
                </ul>
            }
            <div class={classes!("board", compact.then_some("board-compact"))} ref={board_ref}>
                if compact && zoomed.is_none() {
                    <CompactBoard groups={cells} label={AttrValue::from(group_label.clone())}
                        selected={selected_node.clone().map(AttrValue::from)} {lang} {on_select} {on_zoom} />
                }
                if let Some(z) = &zoomed {
                    <div class="zoom-bar">
                        <button class="btn btn-small" onclick={unzoom} data-testid="unzoom">{ tr(lang, "all_groups") }</button>
                        <strong>{ if group_label.is_empty() { z.clone() } else { format!("{group_label} = {z}") } }</strong>
                        if zoom_total > ZOOM_LIMIT {
                            <span class="muted">{ trf(lang, "zoom_limited", &[&ZOOM_LIMIT.to_string(), &zoom_total.to_string()]) }</span>
                        }
                    </div>
                }
                { for card_groups.iter().map(|(group, nodes)| html! {
                    <div class="node-group">
                        if !group_label.is_empty() && zoomed.is_none() {
                            <h3 class="group-title">{ format!("{} = {}", group_label, group) }</h3>
                        }
                        <ul class="node-list">
                            { for nodes.iter().map(|node| html! {
                                <NodeCard key={node.name.clone()} node={Rc::clone(node)}
                                    {lang} selected={selected_node.as_deref() == Some(node.name.as_str())}
                                    now={node.pods.iter().any(|p| p.terminating.is_some()).then_some(frame_time)}
                                    dispatch={dispatch.clone()} on_edit={on_edit.clone()} />
                            }) }
                        </ul>
                    </div>
                }) }
                <div class="pending-area" aria-labelledby="pending-title">
                    <h3 id="pending-title">{ trf(lang, "pending_title", &[&pending.len().to_string()]) }</h3>
                    if pending.is_empty() {
                        <p class="muted">{ tr(lang, "pending_none") }</p>
                    }
                    { for shown.idle.iter().map(|s| html! { <p class="idle-note" data-testid="idle-workload">{ sentence(lang, s) }</p> }) }
                    <ul class="pending-list">
                        { for pending.iter().map(|pod| {
                            let key = pod.key.clone();
                            let onclick = {
                                let state = state.clone();
                                let key = key.clone();
                                Callback::from(move |_| state.dispatch(Action::Select(Some(Selection::Pod(key.clone())))))
                            };
                            html! {
                                <li class="pending-pod" data-testid="pending-pod" data-key={key.clone()}>
                                    <button class="pod-link" {onclick}>{ &key }</button>
                                    <span class="failed-scheduling">
                                        { pod.message.as_deref().unwrap_or(tr(lang, "waiting_for_scheduler")) }
                                    </span>
                                </li>
                            }
                        }) }
                    </ul>
                </div>
            </div>
        </section>
    }
}

/// The board rendered to HTML natively (Yew's server renderer): what the end-to-end tests
/// read from the page is there.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::protocol::{
        CellStatus, NodeUsage, PendingPod, PodOwnerView, PodView, StatusCounts, TaintView,
        WorkloadKind, WorkloadView,
    };
    use crate::ui::grouping::tests::{by_name, node};
    use crate::ui::shown::ShownCluster;
    use crate::ui::state::AppState;

    #[derive(Properties, PartialEq)]
    struct PageProps {
        state: AppState,
    }

    /// The board in the context of `state`, as the app provides it.
    #[function_component(Page)]
    fn page(props: &PageProps) -> Html {
        let state = use_reducer({
            let state = props.state.clone();
            move || state
        });
        html! {
            <ContextProvider<AppContext> context={state}>
                <ClusterBoard />
            </ContextProvider<AppContext>>
        }
    }

    fn render(state: AppState) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let local = tokio::task::LocalSet::new();
        local.block_on(
            &runtime,
            yew::LocalServerRenderer::<Page>::with_props(PageProps { state })
                .hydratable(false)
                .render(),
        )
    }

    /// The state of a page whose engine shows `nodes` and `pending` (run 1).
    fn showing(nodes: Vec<NodeView>, pending: Vec<PendingPod>) -> AppState {
        let mut label_keys: Vec<String> = nodes
            .iter()
            .flat_map(|n| n.labels.iter().map(|(k, _)| k.clone()))
            .collect();
        label_keys.sort();
        label_keys.dedup();
        let mut state = AppState::with_text("");
        state.pending = None;
        state.run_id = 1;
        state.shown = Rc::new(ShownCluster {
            run: 1,
            nodes: by_name(nodes),
            pending,
            label_keys: Rc::new(label_keys),
            ..ShownCluster::default()
        });
        state
    }

    fn pod(name: &str, status: &str, ready: bool, revision: Option<i64>, current: bool) -> PodView {
        PodView {
            key: format!("default/{name}"),
            name: name.to_owned(),
            status: status.to_owned(),
            ready,
            terminating: None,
            eviction_refused: false,
            owner: revision.map(|_| PodOwnerView {
                kind: WorkloadKind::DaemonSet,
                key: "default/agent".to_owned(),
                colour: 0,
            }),
            revision,
            current,
        }
    }

    #[test]
    fn before_the_first_frame_the_board_says_why_it_is_empty() {
        let starting = render(AppState::with_text("kind: Node"));
        assert!(starting.contains("Starting the engine…"), "{starting}");
        assert!(starting.contains("data-synced=\"false\""));
        assert!(!starting.contains("node-card"));
        let mut broken = AppState::with_text("not: [yaml");
        broken.pending = None;
        broken.not_applied = true;
        let broken = render(broken);
        assert!(broken.contains("fix the errors in the YAML"), "{broken}");
    }

    #[test]
    fn node_cards_carry_what_the_end_to_end_tests_read() {
        let cordoned = NodeView {
            ready: false,
            unschedulable: true,
            taints: vec![TaintView {
                effect: "NoSchedule".to_owned(),
                text: "dedicated=gpu".to_owned(),
                spec: "dedicated=gpu:NoSchedule".to_owned(),
            }],
            usage: NodeUsage {
                cpu_requested: 250,
                cpu_allocatable: 2000,
                memory_requested: 512 << 20,
                memory_allocatable: 4 << 30,
                pods: 2,
                pods_allocatable: 110,
            },
            pods: vec![
                pod("agent-x", "Running", true, Some(1), false),
                pod("web", "Pending", false, None, false),
            ],
            cell: CellStatus::OldRevision,
            ..node("worker-2", &["disk=ssd"])
        };
        let mut state = showing(
            vec![node("worker-1", &[]), cordoned],
            vec![
                PendingPod {
                    key: "default/big".to_owned(),
                    message: Some("0/2 nodes are available: 2 Insufficient cpu.".to_owned()),
                },
                PendingPod {
                    key: "default/new".to_owned(),
                    message: None,
                },
            ],
        );
        state.selection = Some(Selection::Node("worker-1".to_owned()));
        Rc::make_mut(&mut state.shown).workloads = vec![WorkloadView {
            kind: WorkloadKind::DaemonSet,
            key: "default/agent".to_owned(),
            colour: 0,
            image: "agent:1".to_owned(),
            paused: false,
            status: StatusCounts::default(),
            details: Vec::new(),
            partition: None,
            revisions: Vec::new(),
            budgets: Vec::new(),
        }];
        let html = render(state);
        for (expected, count) in [
            ("data-testid=\"cluster-board\" data-synced=\"true\"", 1),
            ("data-testid=\"node-card\"", 2),
            ("data-testid=\"node-name\"", 2),
            ("class=\"node-card selected\"", 1),
            ("class=\"node-card not-ready cordoned\"", 1),
            ("data-node=\"worker-2\"", 1),
            ("data-testid=\"not-ready\"", 1),
            ("data-testid=\"cordoned\"", 1),
            ("class=\"chip taint effect-noschedule\"", 1),
            ("title=\"dedicated=gpu:NoSchedule\"", 1),
            ("data-testid=\"taint\"", 1),
            ("data-testid=\"pod\"", 2),
            (
                "data-status=\"Running\" data-ready=\"true\" data-owner=\"default/agent\" data-revision=\"1\"",
                1,
            ),
            (
                "data-status=\"Pending\" data-ready=\"false\" data-owner=\"\" data-revision=\"\"",
                1,
            ),
            (
                "pod pod-daemon status-running is-ready owner-0 old-revision",
                1,
            ),
            // A capacity bar's text is also its title.
            ("250m / 2000m", 2),
            ("512Mi / 4Gi", 2),
            ("2 / 110", 2),
            ("2 node(s)", 1),
            ("data-testid=\"pending-pod\"", 2),
            ("0/2 nodes are available: 2 Insufficient cpu.", 1),
            ("waiting for the scheduler", 1),
            ("data-testid=\"view-toggle\"", 1),
            // The legend: the workload's colour, then current and old revisions.
            (
                "<li class=\"owner-0\"><span aria-hidden=\"true\" class=\"swatch\"></span>DaemonSet default/agent</li>",
                1,
            ),
            ("old revision", 1),
            ("aria-pressed=\"false\"", 1),
        ] {
            assert_eq!(
                html.matches(expected).count(),
                count,
                "{expected} in {html}"
            );
        }
    }

    #[test]
    fn a_large_cluster_is_drawn_as_cells_grouped_by_zone() {
        let nodes = (0..=COMPACT_THRESHOLD)
            .map(|i| {
                let zone = format!("{ZONE_LABEL}=zone-{}", ["a", "b", "c"][i % 3]);
                node(&format!("node-{i:03}"), &[&zone])
            })
            .collect();
        let mut state = showing(nodes, Vec::new());
        // The time controls moved on: the board waits for that frame.
        state.cursor = 1;
        let html = render(state);
        assert!(html.contains("data-synced=\"false\""));
        assert!(html.contains("data-testid=\"compact-board\""));
        assert!(!html.contains("data-testid=\"node-card\""));
        assert_eq!(html.matches(" data-node=").count(), COMPACT_THRESHOLD + 1);
        for zone in ["zone-a", "zone-b", "zone-c"] {
            assert!(html.contains(&format!("data-zoom=\"{zone}\"")), "{zone}");
        }
    }
}
