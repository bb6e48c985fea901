//! The exercise panel: the current run's goals as a checklist that ticks as the timeline
//! reaches the frame where each was met, a broken goal with its hint, "Show a solution"
//! (and back to the learner's attempt), the course's progress, and each goal's state for a
//! host page (`kubeplay:goal`). The engine decides every row ([`GoalRow`]); this lays them
//! out at the frame on screen.

use std::rc::Rc;

use yew::prelude::*;

use super::engine::use_answer;
use super::fetch::fetch_text;
use super::host_messages;
use super::i18n::{sentence, tr};
use super::lessons::by_id;
use super::progress;
use super::shared_text::same_text;
use super::state::{Action, AppContext, Notice};
use crate::protocol::{GoalRow, Request, Response, MAX_INPUT_BYTES};

/// How a goal shows at a frame: met (✓), broken (✗, with its hint) or not yet.
fn mark(row: &GoalRow, frame: usize, tried: bool) -> (&'static str, &'static str) {
    if row.broken_from.is_some_and(|at| tried || frame >= at) {
        ("✗", "goal_broken")
    } else if row.ticked_from.is_some_and(|at| frame >= at) {
        ("✓", "goal_met")
    } else {
        ("○", "goal_open")
    }
}

/// The exercise panel (nothing when the run has no goals); `compact` in embed mode (no
/// solution button).
#[function_component(Exercise)]
pub fn exercise(props: &ExerciseProps) -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let lang = state.lang;
    // The lesson's starting text is the baseline of `unchanged` goals; when the run is of
    // that very text, the engine takes the run's own.
    let lesson_text = if same_text(&state.applied_text, &state.loaded_text) {
        String::new()
    } else {
        state.loaded_text.to_string()
    };
    // Not asked while an apply is under way: the run is about to change, and a lesson just
    // loaded is not the baseline of the run still on screen (a large lesson's text would
    // hold up the engine's apply for nothing).
    let answer = use_answer(
        state.run_id,
        (state.run_id != 0 && !state.is_applying()).then_some(Request::Goals {
            lesson: lesson_text,
        }),
    );
    let memory = use_mut_ref(Memory::default);
    if let Some(answer) = &answer {
        memory.borrow_mut().last = Some(Rc::clone(answer));
    }
    let shown = memory.borrow().last.clone();
    let Some(Response::Goals(rows)) = shown.as_deref() else {
        return html! {};
    };
    if rows.is_empty() {
        return html! {};
    }
    let frame = state.cursor;
    let tried = !same_text(&state.applied_text, &state.loaded_text);
    let marks: Vec<_> = rows.iter().map(|row| mark(row, frame, tried)).collect();
    let lesson = state.lesson.unwrap_or_default();
    // The host hears of a lesson's goals once it is loaded (not of the page's first text).
    if answer.is_some() && state.fetching.is_none() {
        let told = &mut memory.borrow_mut().told;
        let fresh = !told
            .0
            .as_ref()
            .zip(answer.as_ref())
            .is_some_and(|(a, b)| Rc::ptr_eq(a, b));
        for (i, (row, (m, _))) in rows.iter().zip(&marks).enumerate() {
            let met = *m == "✓";
            if fresh || told.1.get(i) != Some(&met) {
                host_messages::emit_goal(lesson, &row.id, met, sentence(lang, &row.title));
            }
        }
        *told = (
            answer.clone(),
            marks.iter().map(|(m, _)| *m == "✓").collect(),
        );
    }
    // Done: every goal met by the learner's text, played to the end.
    let all_met = rows.iter().all(|row| row.broken_from.is_none());
    let solved = all_met
        && answer.is_some()
        && frame >= state.last_frame()
        && !memory
            .borrow()
            .solution
            .as_ref()
            .is_some_and(|(_, s, _)| same_text(s, &state.applied_text));
    if solved && !lesson.is_empty() && progress::mark_done(lesson) {
        state.dispatch(Action::SetNotice(Some(Notice::Info("exercise_done"))));
    }
    let show_solution = {
        let (state, memory) = (state.clone(), Rc::clone(&memory));
        Callback::from(move |_: MouseEvent| {
            let Some(lesson) = state.lesson.and_then(by_id) else {
                return;
            };
            let (state, memory) = (state.clone(), Rc::clone(&memory));
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(text) = fetch_text(&lesson.solution_file(), MAX_INPUT_BYTES).await else {
                    state.dispatch(Action::SetNotice(Some(Notice::LessonFailed(lesson.id))));
                    return;
                };
                let unsaved = state.has_unsaved_work();
                if unsaved && !gloo::dialogs::confirm(tr(state.lang, "confirm_solution")) {
                    return;
                }
                let attempt = unsaved.then(|| Rc::clone(&state.text));
                memory.borrow_mut().solution = Some((lesson.id, Rc::from(text.as_str()), attempt));
                state.dispatch(Action::Edit(text));
                state.dispatch(Action::Apply);
            });
        })
    };
    let back = match &memory.borrow().solution {
        Some((id, _, Some(attempt))) if state.lesson == Some(id) => {
            let (state, memory, text) = (state.clone(), Rc::clone(&memory), Rc::clone(attempt));
            Some(Callback::from(move |_: MouseEvent| {
                if let Some(solution) = &mut memory.borrow_mut().solution {
                    solution.2 = None;
                }
                state.dispatch(Action::Edit(text.to_string()));
                state.dispatch(Action::Apply);
            }))
        }
        _ => None,
    };
    html! {
        <section class={classes!("exercise", props.compact.then_some("compact"))}
            aria-labelledby="exercise-title" data-testid="exercise" aria-busy={answer.is_none().to_string()}>
            <h2 id="exercise-title">{ tr(lang, "exercise") }</h2>
            <ul class="goals">
                { for rows.iter().zip(&marks).map(|(row, (m, label))| html! {
                    <li class={classes!("goal", (*m == "✗").then_some("broken"), (*m == "✓").then_some("met"))}
                        data-goal={row.id.clone()} data-state={*label}>
                        <span class="goal-mark" role="img" aria-label={tr(lang, label)}>{ *m }</span>
                        { sentence(lang, &row.title) }
                        if let (true, Some(hint)) = (*m == "✗", &row.hint) {
                            <p class="goal-hint">{ tr(lang, "hint") }{ " " }{ sentence(lang, hint) }</p>
                        }
                    </li>
                }) }
            </ul>
            if !props.compact && state.lesson.is_some() {
                <div class="exercise-actions">
                    <button class="btn" onclick={show_solution}>{ tr(lang, "show_solution") }</button>
                    if let Some(back) = back {
                        <button class="btn" onclick={back}>{ tr(lang, "back_to_attempt") }</button>
                    }
                </div>
            }
        </section>
    }
}

/// What the panel keeps between renders.
#[derive(Default)]
struct Memory {
    /// The last checklist, kept on screen while a new run's is asked (no jump).
    last: Option<Rc<Response>>,
    /// The checklist the host page was last told about, and each goal's met then.
    told: (Option<Rc<Response>>, Vec<bool>),
    /// The solution shown, if any.
    solution: Option<Solution>,
}

/// A solution shown: its lesson, its text, and the learner's text it replaced (until "Back
/// to my attempt").
type Solution = (&'static str, Rc<str>, Option<Rc<str>>);

/// The exercise panel's options.
#[derive(Properties, PartialEq)]
pub struct ExerciseProps {
    /// The compact layout of embed mode.
    pub compact: bool,
}
