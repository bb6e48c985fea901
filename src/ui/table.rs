//! One small generic table of the engine's finished cells ([`TableView`], the node × plugin
//! matrix): sorted by a click on a heading (again: the other way), filtered by its first
//! column, shown [`PAGE_ROWS`] rows at a time. What a cell says, its colour and its sort
//! rank are the engine's.

use std::cmp::Reverse;
use std::rc::Rc;

use yew::prelude::*;

use super::i18n::{tr, Lang};
use crate::protocol::{Sentence, TableRow, TableView, Tone};

/// Rows on one page.
pub const PAGE_ROWS: usize = 50;
/// Above this many rows the table has a filter box.
const FILTER_FROM_ROWS: usize = 10;

fn text(lang: Lang, sentence: &Sentence) -> &str {
    match lang {
        Lang::En => &sentence.en,
        Lang::Zh => &sentence.zh,
    }
}

/// The table's properties.
#[derive(Properties, PartialEq)]
pub struct TableProps {
    /// What to show.
    pub table: Rc<TableView>,
    /// The language of its headings and tips.
    pub lang: Lang,
}

/// The table, with its caption, filter box and pages.
#[function_component(DataTable)]
pub fn data_table(props: &TableProps) -> Html {
    let (table, lang) = (&props.table, props.lang);
    // The column sorted by and whether the other way round (None: the engine's order).
    let sort = use_state(|| None::<(usize, bool)>);
    let filter = use_state(String::new);
    let page = use_state(|| 0usize);
    let needle = filter.to_lowercase();
    let mut rows: Vec<&TableRow> = table
        .rows
        .iter()
        .filter(|r| {
            r.cells
                .first()
                .is_some_and(|c| c.text.to_lowercase().contains(&needle))
        })
        .collect();
    if let Some((column, reversed)) = *sort {
        rows.sort_by(|a, b| sort_key(a, column).cmp(&sort_key(b, column)));
        if reversed {
            rows.reverse();
        }
    }
    let pages = rows.len().div_ceil(PAGE_ROWS).max(1);
    let at = (*page).min(pages - 1);
    let first = at * PAGE_ROWS;
    let shown = &rows[first..rows.len().min(first + PAGE_ROWS)];
    let onfilter = {
        let (filter, page) = (filter.clone(), page.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            filter.set(input.value());
            page.set(0);
        })
    };
    let turn = |to: usize| {
        let page = page.clone();
        Callback::from(move |_| page.set(to))
    };
    html! {
        <div class="data-table" data-testid="data-table">
            <p class="table-caption">{ text(lang, &table.caption) }</p>
            if table.rows.len() > FILTER_FROM_ROWS {
                <div class="table-tools">
                    <input type="search" placeholder={tr(lang, "table_filter")} aria-label={tr(lang, "table_filter")}
                        value={(*filter).clone()} oninput={onfilter} />
                    if pages > 1 {
                        <button class="btn btn-small" disabled={at == 0} onclick={turn(at.saturating_sub(1))}
                            aria-label={tr(lang, "page_previous")}>{ "‹" }</button>
                        <span data-testid="table-page">{ format!("{}–{} / {}", first + 1, first + shown.len(), rows.len()) }</span>
                        <button class="btn btn-small" disabled={at + 1 == pages} onclick={turn(at + 1)}
                            aria-label={tr(lang, "page_next")}>{ "›" }</button>
                    }
                </div>
            }
            if !table.columns.is_empty() {
                <div class="table-scroll">
                    <table>
                        <thead><tr>
                            { for table.columns.iter().enumerate().map(|(i, heading)| {
                                let order = match *sort {
                                    Some((c, false)) if c == i => "descending",
                                    Some((c, true)) if c == i => "ascending",
                                    _ => "none",
                                };
                                let onclick = {
                                    let (sort, page) = (sort.clone(), page.clone());
                                    Callback::from(move |_| {
                                        sort.set(Some((i, *sort == Some((i, false)))));
                                        page.set(0);
                                    })
                                };
                                html! { <th aria-sort={order}><button {onclick}>{ text(lang, heading) }</button></th> }
                            }) }
                        </tr></thead>
                        <tbody>
                            { for shown.iter().map(|r| html! {
                                <tr class={classes!(r.marked.then_some("marked"))}>
                                    { for r.cells.iter().map(|c| html! {
                                        <td class={classes!(tone(c.tone))} title={c.tip.as_ref().map(|t| text(lang, t).to_owned())}>
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

/// Higher ranks first, then the text.
fn sort_key(row: &TableRow, column: usize) -> Option<(Reverse<i64>, &str)> {
    row.cells
        .get(column)
        .map(|c| (Reverse(c.rank), c.text.as_str()))
}

fn tone(tone: Tone) -> Option<&'static str> {
    match tone {
        Tone::Plain => None,
        Tone::Pass => Some("pass"),
        Tone::Warn => Some("warn"),
        Tone::Fail => Some("fail"),
    }
}
