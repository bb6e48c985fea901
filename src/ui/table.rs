//! One small generic table of the engine's finished cells ([`TableView`], the node × plugin
//! matrix): sorted by a click on a heading (again: the other way), filtered by its first
//! column, shown [`PAGE_ROWS`] rows at a time. What a cell says, its colour and the order
//! of each sort are the engine's.

use yew::prelude::*;

use super::i18n::{sentence, tr, Lang};
use crate::protocol::{TableRow, TableView, Tone};

/// Rows on one page.
pub const PAGE_ROWS: usize = 50;
/// Above this many rows the table has a filter box.
const FILTER_FROM_ROWS: usize = 10;

/// How a table is shown: the column it is sorted by (and whether the other way round; none:
/// the engine's order), the filter on its first column, and the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableState {
    sort: Option<(usize, bool)>,
    filter: String,
    page: usize,
}

/// The table `table` as `state` shows it, with its caption, filter box and pages.
pub fn data_table(lang: Lang, table: &TableView, state: &UseStateHandle<TableState>) -> Html {
    let now = (**state).clone();
    let mut rows: Vec<&TableRow> = match now.sort {
        Some((column, _)) => table.orders.get(column).map_or_else(Vec::new, |order| {
            order
                .iter()
                .filter_map(|&i| table.rows.get(i as usize))
                .collect()
        }),
        None => table.rows.iter().collect(),
    };
    if matches!(now.sort, Some((_, true))) {
        rows.reverse();
    }
    rows.retain(|r| {
        r.cells
            .first()
            .is_some_and(|c| c.text.contains(&now.filter))
    });
    let pages = rows.len().div_ceil(PAGE_ROWS).max(1);
    let at = now.page.min(pages - 1);
    let first = at * PAGE_ROWS;
    let shown = &rows[first..rows.len().min(first + PAGE_ROWS)];
    // `state` changed by `change`, from the state on screen.
    let update = |change: fn(&mut TableState, usize), arg: usize| {
        let (state, now) = (state.clone(), now.clone());
        Callback::from(move |_| {
            let mut next = now.clone();
            change(&mut next, arg);
            state.set(next);
        })
    };
    let onfilter = {
        let (state, now) = (state.clone(), now.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.set(TableState {
                filter: input.value(),
                page: 0,
                ..now.clone()
            });
        })
    };
    html! {
        <div class="data-table" data-testid="matrix">
            <p class="table-caption">{ sentence(lang, &table.caption) }</p>
            if table.rows.len() > FILTER_FROM_ROWS {
                <div class="table-tools">
                    <input type="search" placeholder={tr(lang, "table_filter")} aria-label={tr(lang, "table_filter")}
                        value={now.filter.clone()} oninput={onfilter} />
                    if pages > 1 {
                        <button class="btn btn-small" disabled={at == 0} onclick={update(|s, to| s.page = to, at.saturating_sub(1))}
                            aria-label={tr(lang, "page_previous")}>{ "‹" }</button>
                        <span data-testid="table-page">{ format!("{}–{} / {}", first + 1, first + shown.len(), rows.len()) }</span>
                        <button class="btn btn-small" disabled={at + 1 == pages} onclick={update(|s, to| s.page = to, at + 1)}
                            aria-label={tr(lang, "page_next")}>{ "›" }</button>
                    }
                </div>
            }
            if !table.columns.is_empty() {
                <div class="table-scroll">
                    <table>
                        <thead><tr>
                            { for table.columns.iter().enumerate().map(|(i, heading)| {
                                let order = match now.sort {
                                    Some((c, false)) if c == i => "descending",
                                    Some((c, true)) if c == i => "ascending",
                                    _ => "none",
                                };
                                // A click sorts by the column; a second click the other way.
                                let onclick = update(|s, i| {
                                    s.sort = Some((i, s.sort == Some((i, false))));
                                    s.page = 0;
                                }, i);
                                html! { <th aria-sort={order}><button {onclick}>{ sentence(lang, heading) }</button></th> }
                            }) }
                        </tr></thead>
                        <tbody>
                            { for shown.iter().map(|r| html! {
                                <tr class={classes!(r.marked.then_some("marked"))}>
                                    { for r.cells.iter().map(|c| html! {
                                        <td class={classes!(tone(c.tone))} title={c.tip.as_ref().map(|t| sentence(lang, t).to_owned())}>
                                            { &c.text }
                                        </td>
                                    }) }
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </div>
    }
}

fn tone(tone: Tone) -> Option<&'static str> {
    match tone {
        Tone::Plain => None,
        Tone::Pass => Some("pass"),
        Tone::Warn => Some("warn"),
        Tone::Fail => Some("fail"),
    }
}
