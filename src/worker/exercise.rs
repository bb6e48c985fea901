//! The exercise's checklist: the goals of a lesson checked against the current run
//! ([`crate::engine::exercise::evaluate`]), as rows the page lays out at any frame.

use crate::engine::api::goals::Text;
use crate::engine::exercise::{self, GoalResult};
use crate::engine::sim::timeline::Timeline;
use crate::engine::yaml::{self, Objects};
use crate::protocol::{GoalRow, Sentence};

/// The checklist of `timeline`, the run of `attempt`: the goals of `lesson` (the lesson's
/// starting text, the baseline of `unchanged` goals) or, when it is empty or does not load,
/// of the attempt's own Scenario. No rows when there are no goals.
pub fn checklist(attempt: &Objects, timeline: &Timeline, lesson: &str) -> Vec<GoalRow> {
    let baseline = Some(lesson)
        .filter(|text| !text.is_empty())
        .map(yaml::load)
        .filter(|loaded| !loaded.has_errors())
        .map(|loaded| loaded.objects);
    let goals_from = baseline.as_ref().unwrap_or(attempt);
    let Some(scenario) = goals_from.scenario.as_ref() else {
        return Vec::new();
    };
    let last = timeline.len().saturating_sub(1);
    exercise::evaluate(&scenario.spec.goals, timeline, goals_from, attempt)
        .into_iter()
        .map(|result| row(result, last))
        .collect()
}

/// A goal's result as a row: met from the frame it became met (an `always` goal from its
/// window's start, an `unchanged` one from the start); broken from the frame an `always`
/// goal broke, from the start for an `unchanged` goal, at the last frame otherwise.
fn row(result: GoalResult, last: usize) -> GoalRow {
    let (ticked_from, broken_from) = match result.when.as_str() {
        "unchanged" => (result.met.then_some(0), (!result.met).then_some(0)),
        "always" => (
            result.window.map(|w| w.first),
            (!result.met).then(|| result.broken_at.unwrap_or(last)),
        ),
        _ => (result.met_at, (!result.met).then_some(last)),
    };
    GoalRow {
        id: result.id,
        title: sentence(result.title),
        hint: result.hint.map(sentence),
        ticked_from,
        broken_from,
    }
}

fn sentence(text: Text) -> Sentence {
    Sentence {
        en: text.en,
        zh: text.zh,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sim::Simulation;

    fn read(file: &str) -> String {
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
            .expect("lesson files are readable")
    }

    /// The checklist of `attempt` against the lesson in `lesson`.
    fn checklist_of(attempt: &str, lesson: &str) -> (Vec<GoalRow>, usize) {
        let objects = yaml::load(attempt).objects;
        let timeline = Simulation::run(&objects, None);
        (checklist(&objects, &timeline, lesson), timeline.len() - 1)
    }

    const LESSON: &str = "scenarios/lessons/03-node-selector.yaml";
    const NODE: &str = "apiVersion: v1\nkind: Node\nmetadata: {name: a}\nstatus:\n  capacity: {cpu: \"2\", memory: 4Gi, pods: \"110\"}\n";
    const SOLUTION: &str = "scenarios/lessons/solutions/03-node-selector.yaml";

    #[test]
    fn a_lessons_starting_state_shows_its_goals_broken_at_the_end_with_their_hints() {
        let lesson = read(LESSON);
        let (rows, last) = checklist_of(&lesson, &lesson);
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["daemon-on-worker-1", "node-selector-unchanged"]);
        let placed = &rows[0];
        assert_eq!(placed.title.en, "A daemon pod runs on worker-1");
        assert_eq!(placed.title.zh, "worker-1 上运行一个守护 Pod");
        assert!(placed
            .hint
            .as_ref()
            .is_some_and(|h| h.en.contains("zone-b")));
        assert_eq!((placed.ticked_from, placed.broken_from), (None, Some(last)));
        let unchanged = &rows[1];
        assert_eq!(
            (unchanged.ticked_from, unchanged.broken_from),
            (Some(0), None)
        );
    }

    #[test]
    fn the_solution_ticks_every_goal_and_breaks_none() {
        let (rows, last) = checklist_of(&read(SOLUTION), &read(LESSON));
        assert_eq!(rows.len(), 2);
        for row in &rows {
            assert_eq!(row.broken_from, None, "{}", row.id);
            assert!(row.ticked_from.is_some_and(|f| f <= last), "{}", row.id);
        }
    }

    #[test]
    fn changing_the_protected_field_breaks_the_unchanged_goal_from_the_start() {
        let lesson = read(LESSON);
        let attempt = lesson.replace(
            "topology.kubernetes.io/zone: zone-b\n      containers",
            "topology.kubernetes.io/zone: zone-a\n      containers",
        );
        assert_ne!(attempt, lesson, "the attempt changes the nodeSelector");
        let (rows, _) = checklist_of(&attempt, &lesson);
        assert_eq!(rows[1].id, "node-selector-unchanged");
        assert_eq!((rows[1].ticked_from, rows[1].broken_from), (None, Some(0)));
    }

    #[test]
    fn an_always_goal_ticks_from_its_window_and_breaks_where_the_invariant_broke() {
        let text = &[NODE, "---\n\
            apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default}\nspec:\n  containers:\n  - {name: c, image: nginx}\n---\n\
            apiVersion: kubeplay.dev/v1alpha1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  goals:\n  - id: never-pending\n    title: {en: No pod is ever pending, zh: 没有 Pod 处于 Pending}\n    always: {pods: {phase: Pending}, count: 0}\n"].concat();
        let (rows, _) = checklist_of(text, "");
        assert_eq!(rows.len(), 1, "the text's own goals without a lesson");
        let row = &rows[0];
        // The window opens at the frame that loads the objects (frame 1), where the pod is
        // pending (its node is not Ready): the invariant breaks there.
        assert_eq!(row.ticked_from, Some(1));
        assert_eq!(row.broken_from, Some(1));
        assert_eq!(row.hint, None);
    }

    #[test]
    fn a_text_without_goals_has_no_checklist() {
        let (rows, _) = checklist_of(NODE, "");
        assert!(rows.is_empty());
    }
}
