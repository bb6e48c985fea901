//! The compact board for large clusters: one small cell per node, coloured by the state of
//! its daemon pod(s), grouped by a node label. Clicking a cell selects the node (the explain
//! panel follows); clicking a group's title zooms into that group's node cards.
//!
//! Built for speed: a group and a chunk of cells are components with plain-data props, so a
//! tick only re-renders the chunks whose cells changed; clicks are handled once, on the board,
//! from the `data-node` / `data-zoom` attribute of the clicked element (no callback per cell).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::i18n::{tr, trf, Lang};
use crate::protocol::{CellStatus, NodeView};

/// Above this many nodes the board chooses the compact view by itself.
pub const COMPACT_THRESHOLD: usize = 60;

/// Every status, in legend order.
pub const STATUSES: [CellStatus; 6] = [
    CellStatus::Ready,
    CellStatus::OldRevision,
    CellStatus::Pending,
    CellStatus::Terminating,
    CellStatus::Failed,
    CellStatus::None,
];

/// How a cell status looks: its CSS class and its label (the engine decides the status).
pub trait CellLook {
    /// The CSS class of the cell (`cell-<name>`).
    fn class(self) -> &'static str;
    /// The i18n key of its label.
    fn label_key(self) -> &'static str;
}

impl CellLook for CellStatus {
    fn class(self) -> &'static str {
        match self {
            CellStatus::None => "cell-none",
            CellStatus::Ready => "cell-ready",
            CellStatus::OldRevision => "cell-old",
            CellStatus::Pending => "cell-pending",
            CellStatus::Terminating => "cell-terminating",
            CellStatus::Failed => "cell-failed",
        }
    }

    fn label_key(self) -> &'static str {
        match self {
            CellStatus::None => "cell_none",
            CellStatus::Ready => "cell_ready",
            CellStatus::OldRevision => "cell_old",
            CellStatus::Pending => "cell_pending",
            CellStatus::Terminating => "cell_terminating",
            CellStatus::Failed => "cell_failed",
        }
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
    /// The cell of `node`.
    pub fn of(node: &NodeView) -> Cell {
        Cell {
            name: AttrValue::from(node.name.clone()),
            status: node.cell,
            not_ready: !node.ready,
            cordoned: node.unschedulable,
        }
    }

    /// True when this is the cell of `node` (what [`Cell::of`] makes, without making it).
    pub fn shows(&self, node: &NodeView) -> bool {
        self.name == node.name.as_str()
            && self.status == node.cell
            && self.not_ready != node.ready
            && self.cordoned == node.unschedulable
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
    use crate::ui::grouping::tests::node;

    #[test]
    fn a_cell_shows_the_nodes_colour_readiness_and_cordon() {
        let cases = [
            (CellStatus::Ready, true, false),
            (CellStatus::Failed, false, false),
            (CellStatus::OldRevision, true, true),
            (CellStatus::None, false, true),
        ];
        for (status, ready, unschedulable) in cases {
            let view = NodeView {
                cell: status,
                ready,
                unschedulable,
                ..node("worker-1", &[])
            };
            for other in [
                NodeView {
                    cell: CellStatus::Terminating,
                    ..view.clone()
                },
                NodeView {
                    ready: !ready,
                    ..view.clone()
                },
                NodeView {
                    unschedulable: !unschedulable,
                    ..view.clone()
                },
                NodeView {
                    name: "worker-2".to_owned(),
                    ..view.clone()
                },
            ] {
                assert!(!Cell::of(&view).shows(&other), "{other:?}");
            }
            assert!(Cell::of(&view).shows(&view));
            assert_eq!(
                Cell::of(&view),
                Cell {
                    name: AttrValue::from("worker-1"),
                    status,
                    not_ready: !ready,
                    cordoned: unschedulable,
                },
                "{status:?} ready={ready} unschedulable={unschedulable}"
            );
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
            (CellStatus::None, "cell-none", "no workload pod"),
        ];
        assert_eq!(cases.map(|c| c.0), STATUSES);
        for (status, class, label) in cases {
            assert_eq!(status.class(), class);
            assert_eq!(tr(Lang::En, status.label_key()), label);
            assert!(!tr(Lang::Zh, status.label_key()).is_empty(), "{label}");
        }
    }

    #[test]
    fn a_groups_cells_are_counted_in_legend_order() {
        let cell = |status| Cell {
            name: AttrValue::from("n"),
            status,
            not_ready: false,
            cordoned: false,
        };
        let group = CellGroup {
            name: AttrValue::from("zone-a"),
            chunks: vec![
                Rc::from(vec![cell(CellStatus::Ready); CHUNK]),
                Rc::from(vec![cell(CellStatus::Ready); CHUNK]),
                Rc::from(vec![cell(CellStatus::None), cell(CellStatus::Failed)]),
            ],
        };
        assert_eq!(group.cells().count(), 2 * CHUNK + 2);
        assert_eq!(group.counts(), [2 * CHUNK, 0, 0, 0, 1, 1]);
    }
}
