//! The compact board for large clusters: one small cell per node, coloured by the state of
//! its daemon pod(s), grouped by a node label. Clicking a cell selects the node (the explain
//! panel follows); clicking a group's title zooms into that group's node cards.
//!
//! Built for speed: a group and a chunk of cells are components with plain-data props, so a
//! tick only re-renders the chunks whose cells changed; clicks are handled once, on the board,
//! from the `data-node` / `data-zoom` attribute of the clicked element (no callback per cell).

use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::i18n::{tr, trf, Lang};
use crate::engine::controllers::daemonset::update::is_pod_current;
use crate::engine::store::state::{DaemonSetState, NodeState, PodState};

/// Above this many nodes the board chooses the compact view by itself.
pub const COMPACT_THRESHOLD: usize = 60;

/// The state of a node's daemon pod(s), as one cell colour. When a node has several, the
/// most urgent wins (the order of the variants, last = most urgent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CellStatus {
    /// No daemon pod.
    None,
    /// Running, Ready and at the DaemonSet's current revision.
    Ready,
    /// Ready but at an older revision: still to be updated.
    OldRevision,
    /// Not Ready yet (pending, pulling, creating, starting).
    Pending,
    /// Being deleted.
    Terminating,
    /// Failing: an image pull error, a crash loop, or phase Failed.
    Failed,
}

/// Every status, in legend order.
pub const STATUSES: [CellStatus; 6] = [
    CellStatus::Ready,
    CellStatus::OldRevision,
    CellStatus::Pending,
    CellStatus::Terminating,
    CellStatus::Failed,
    CellStatus::None,
];

impl CellStatus {
    /// The CSS class of the cell (`cell-<name>`).
    pub fn class(self) -> &'static str {
        match self {
            CellStatus::None => "cell-none",
            CellStatus::Ready => "cell-ready",
            CellStatus::OldRevision => "cell-old",
            CellStatus::Pending => "cell-pending",
            CellStatus::Terminating => "cell-terminating",
            CellStatus::Failed => "cell-failed",
        }
    }

    /// The i18n key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            CellStatus::None => "cell_none",
            CellStatus::Ready => "cell_ready",
            CellStatus::OldRevision => "cell_old",
            CellStatus::Pending => "cell_pending",
            CellStatus::Terminating => "cell_terminating",
            CellStatus::Failed => "cell_failed",
        }
    }

    /// The status of one pod of the DaemonSet `ds`.
    pub fn of_pod(pod: &PodState, ds: &DaemonSetState) -> CellStatus {
        if pod.deletion.is_some() {
            CellStatus::Terminating
        } else if pod.is_failing() {
            CellStatus::Failed
        } else if !pod.ready {
            CellStatus::Pending
        } else if !is_pod_current(pod, ds) {
            CellStatus::OldRevision
        } else {
            CellStatus::Ready
        }
    }

    /// The status of a node from the pods placed on it: the most urgent of its daemon pods'.
    pub fn of_node(
        pods: &[&Arc<PodState>],
        daemon_sets: &BTreeMap<String, Arc<DaemonSetState>>,
    ) -> CellStatus {
        pods.iter()
            .filter_map(|pod| {
                let ds = daemon_sets.get(pod.owner.as_deref()?)?;
                Some(CellStatus::of_pod(pod, ds))
            })
            .max()
            .unwrap_or(CellStatus::None)
    }
}

/// One node as a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The node's name.
    pub name: AttrValue,
    /// Its daemon pods' state.
    pub status: CellStatus,
    /// The node is not Ready.
    pub not_ready: bool,
    /// The node is cordoned.
    pub cordoned: bool,
}

impl Cell {
    /// The cell of `node` with the pods placed on it.
    pub fn of(
        node: &NodeState,
        pods: &[&Arc<PodState>],
        daemon_sets: &BTreeMap<String, Arc<DaemonSetState>>,
    ) -> Cell {
        Cell {
            name: AttrValue::from(node.name().to_owned()),
            status: CellStatus::of_node(pods, daemon_sets),
            not_ready: node.ready_status() != "True",
            cordoned: node.node.spec.unschedulable,
        }
    }
}

/// Cells are drawn in chunks of this many: a tick re-renders only the chunks that changed
/// (a rolling update changes nodes in name order, so most chunks stay as they were).
pub const CHUNK: usize = 64;

/// A group of cells: the nodes with one value of the grouping label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellGroup {
    /// The label value (or the "no value" text).
    pub name: AttrValue,
    /// The cells, in node name order, in chunks of [`CHUNK`].
    pub chunks: Vec<Rc<[Cell]>>,
}

impl CellGroup {
    /// The group `name` of `cells`.
    pub fn new(name: AttrValue, cells: Vec<Cell>) -> CellGroup {
        CellGroup {
            name,
            chunks: cells.chunks(CHUNK).map(Rc::from).collect(),
        }
    }

    /// Every cell, in order.
    pub fn cells(&self) -> impl Iterator<Item = &Cell> {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// How many cells have each status, in [`STATUSES`] order.
    pub fn counts(&self) -> [usize; 6] {
        let mut counts = [0; 6];
        for cell in self.cells() {
            if let Some(i) = STATUSES.iter().position(|s| *s == cell.status) {
                counts[i] += 1;
            }
        }
        counts
    }
}

/// Props of [`CompactBoard`].
#[derive(Properties, PartialEq)]
pub struct CompactBoardProps {
    /// The groups, in order.
    pub groups: Rc<Vec<CellGroup>>,
    /// The grouping label key (empty: one group).
    pub label: AttrValue,
    /// The selected node, if any.
    pub selected: Option<AttrValue>,
    /// The UI language.
    pub lang: Lang,
    /// A cell was clicked: the node's name.
    pub on_select: Callback<String>,
    /// A group title was clicked: the group's name.
    pub on_zoom: Callback<String>,
}

/// The compact board.
#[function_component(CompactBoard)]
pub fn compact_board(props: &CompactBoardProps) -> Html {
    let lang = props.lang;
    let onclick = {
        let on_select = props.on_select.clone();
        let on_zoom = props.on_zoom.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            if let Ok(Some(el)) = target.closest("[data-node]") {
                if let Some(name) = el.get_attribute("data-node") {
                    on_select.emit(name);
                }
            } else if let Ok(Some(el)) = target.closest("[data-zoom]") {
                if let Some(name) = el.get_attribute("data-zoom") {
                    on_zoom.emit(name);
                }
            }
        })
    };
    html! {
        <div class="compact-board" data-testid="compact-board" {onclick}>
            <ul class="cell-legend" aria-label={tr(lang, "legend")}>
                { for STATUSES.iter().map(|s| html! {
                    <li><span class={classes!("cell", s.class())} aria-hidden="true"></span>{ tr(lang, s.label_key()) }</li>
                }) }
            </ul>
            { for props.groups.iter().map(|group| {
                let selected = props.selected.clone().filter(|s| group.cells().any(|c| c.name == *s));
                html! {
                    <GroupView key={group.name.as_str()} group={group.clone()} label={props.label.clone()} {selected} {lang} />
                }
            }) }
        </div>
    }
}

/// Props of [`GroupView`].
#[derive(Properties, PartialEq)]
struct GroupViewProps {
    group: CellGroup,
    label: AttrValue,
    /// The selected node if it is in this group.
    selected: Option<AttrValue>,
    lang: Lang,
}

/// One group: a title that zooms in, a summary, and the cells.
#[function_component(GroupView)]
fn group_view(props: &GroupViewProps) -> Html {
    let lang = props.lang;
    let group = &props.group;
    let counts = group.counts();
    let title = if props.label.is_empty() {
        tr(lang, "all_nodes").to_owned()
    } else {
        format!("{} = {}", props.label, group.name)
    };
    html! {
        <section class="cell-group" data-testid="cell-group" data-group={group.name.clone()}>
            <h3 class="group-title">
                <button class="group-zoom" data-zoom={group.name.clone()} title={tr(lang, "zoom_group")}>{ title }</button>
                <span class="muted group-summary">
                    { trf(lang, "group_summary", &[&counts.iter().sum::<usize>().to_string(), &counts[0].to_string()]) }
                </span>
            </h3>
            <ul class="cells" aria-label={group.name.clone()}>
                { for group.chunks.iter().enumerate().map(|(i, chunk)| {
                    let selected = props.selected.clone().filter(|s| chunk.iter().any(|c| c.name == *s));
                    html! { <CellChunk key={i} cells={chunk.clone()} {selected} {lang} /> }
                }) }
            </ul>
        </section>
    }
}

/// Props of [`CellChunk`].
#[derive(Properties, PartialEq)]
struct CellChunkProps {
    cells: Rc<[Cell]>,
    /// The selected node if it is in this chunk.
    selected: Option<AttrValue>,
    lang: Lang,
}

/// A run of cells: one button per node, titled with the node and its state (the title is
/// also the button's accessible name, so a state change sets one attribute, not two).
#[function_component(CellChunk)]
fn cell_chunk(props: &CellChunkProps) -> Html {
    let lang = props.lang;
    html! {
        { for props.cells.iter().map(|cell| {
            let selected = props.selected.as_ref() == Some(&cell.name);
            let mut title = format!("{}: {}", cell.name, tr(lang, cell.status.label_key()));
            if cell.not_ready {
                title.push_str(", ");
                title.push_str(tr(lang, "not_ready"));
            }
            if cell.cordoned {
                title.push_str(", ");
                title.push_str(tr(lang, "cordoned"));
            }
            html! {
                <li key={cell.name.as_str()}>
                    <button class={classes!("cell", cell.status.class(), cell.not_ready.then_some("cell-not-ready"),
                            cell.cordoned.then_some("cell-cordoned"), selected.then_some("selected"))}
                        data-node={cell.name.clone()} {title} aria-pressed={selected.to_string()}></button>
                </li>
            }
        }) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::{ObjectMeta, Pod};
    use crate::engine::store::state::{PodPhase, HASH_LABEL, TEMPLATE_GENERATION_LABEL};

    fn pod(
        ready: bool,
        hash: &str,
        deleting: bool,
        waiting: Option<&str>,
        owner: Option<&str>,
    ) -> Arc<PodState> {
        let mut labels = crate::engine::api::StringMap::new();
        labels.insert(HASH_LABEL.to_owned(), hash.to_owned());
        Arc::new(PodState {
            phase: if ready {
                PodPhase::Running
            } else {
                PodPhase::Pending
            },
            waiting_reason: waiting.map(str::to_owned),
            ready,
            deletion: deleting.then_some(1),
            owner: owner.map(str::to_owned),
            ..PodState::new(Pod {
                metadata: ObjectMeta {
                    name: "p".into(),
                    labels,
                    ..ObjectMeta::default()
                },
                ..Pod::default()
            })
        })
    }

    /// `pod` labelled with a `pod-template-generation`.
    fn with_generation(mut pod: Arc<PodState>, generation: &str) -> Arc<PodState> {
        let labels = &mut Arc::make_mut(&mut Arc::make_mut(&mut pod).pod)
            .metadata
            .labels;
        labels.insert(TEMPLATE_GENERATION_LABEL.to_owned(), generation.to_owned());
        pod
    }

    /// Follows the states `kubectl rollout status` walks a DaemonSet's pods through
    /// (upstream: pkg/controller/daemon/update.go, which counts old and new pods by
    /// `IsPodUpdated`, the revision hash or the template generation, and availability).
    #[test]
    fn a_nodes_cell_shows_its_most_urgent_daemon_pod() {
        let mut daemon_sets = BTreeMap::new();
        let ds = DaemonSetState {
            ds: crate::engine::yaml::load(
                "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds, namespace: ns}\n\
                 spec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    \
                 spec: {containers: [{name: c, image: i}]}\n",
            )
            .objects
            .daemon_sets
            .into_iter()
            .next()
            .expect("the DaemonSet loads"),
            created: 0,
            generation: 1,
            template_generation: 1,
            revisions: Vec::new(),
            current_hash: Some("new".into()),
        };
        daemon_sets.insert("ns/ds".to_owned(), Arc::new(ds));
        let cases: Vec<(&str, Vec<Arc<PodState>>, CellStatus)> = vec![
            ("a node without pods has none", vec![], CellStatus::None),
            (
                "an ordinary pod is not a daemon pod",
                vec![pod(true, "new", false, None, None)],
                CellStatus::None,
            ),
            (
                "a ready current pod is ready",
                vec![pod(true, "new", false, None, Some("ns/ds"))],
                CellStatus::Ready,
            ),
            (
                "a ready old pod is an old revision",
                vec![pod(true, "old", false, None, Some("ns/ds"))],
                CellStatus::OldRevision,
            ),
            (
                "a ready pod of the current template generation is current whatever its hash",
                vec![with_generation(
                    pod(true, "old", false, None, Some("ns/ds")),
                    "1",
                )],
                CellStatus::Ready,
            ),
            (
                "a pod not yet ready is pending",
                vec![pod(
                    false,
                    "new",
                    false,
                    Some("ContainerCreating"),
                    Some("ns/ds"),
                )],
                CellStatus::Pending,
            ),
            (
                "a pull error is failed",
                vec![pod(
                    false,
                    "new",
                    false,
                    Some("ImagePullBackOff"),
                    Some("ns/ds"),
                )],
                CellStatus::Failed,
            ),
            (
                "a deleted pod is terminating",
                vec![pod(true, "old", true, None, Some("ns/ds"))],
                CellStatus::Terminating,
            ),
            (
                "a surge pod starting beside an old one makes the node pending",
                vec![
                    pod(true, "old", false, None, Some("ns/ds")),
                    pod(false, "new", false, None, Some("ns/ds")),
                ],
                CellStatus::Pending,
            ),
            (
                "a pod of an unknown DaemonSet is ignored",
                vec![pod(true, "x", false, None, Some("ns/other"))],
                CellStatus::None,
            ),
        ];
        for (name, pods, expected) in cases {
            let pods: Vec<&Arc<PodState>> = pods.iter().collect();
            assert_eq!(CellStatus::of_node(&pods, &daemon_sets), expected, "{name}");
        }
    }

    #[test]
    fn every_status_has_a_class_and_a_label_in_both_languages() {
        let cases = [
            (CellStatus::Ready, "cell-ready", "ready, current revision"),
            (CellStatus::OldRevision, "cell-old", "ready, old revision"),
            (CellStatus::Pending, "cell-pending", "starting (not ready)"),
            (CellStatus::Terminating, "cell-terminating", "terminating"),
            (
                CellStatus::Failed,
                "cell-failed",
                "failing (pull error or crash)",
            ),
            (CellStatus::None, "cell-none", "no daemon pod"),
        ];
        assert_eq!(cases.map(|c| c.0), STATUSES);
        for (status, class, label) in cases {
            assert_eq!(status.class(), class);
            assert_eq!(tr(Lang::En, status.label_key()), label);
            assert!(!tr(Lang::Zh, status.label_key()).is_empty(), "{label}");
        }
    }

    #[test]
    fn groups_are_cut_into_chunks_and_counted_in_legend_order() {
        let cell = |status| Cell {
            name: AttrValue::from("n"),
            status,
            not_ready: false,
            cordoned: false,
        };
        let mut cells = vec![cell(CellStatus::Ready); 2 * CHUNK];
        cells.extend([cell(CellStatus::None), cell(CellStatus::Failed)]);
        let group = CellGroup::new(AttrValue::from("zone-a"), cells);
        let sizes: Vec<usize> = group.chunks.iter().map(|c| c.len()).collect();
        assert_eq!(sizes, [CHUNK, CHUNK, 2]);
        assert_eq!(group.cells().count(), 2 * CHUNK + 2);
        assert_eq!(group.counts(), [2 * CHUNK, 0, 0, 0, 1, 1]);
    }
}
