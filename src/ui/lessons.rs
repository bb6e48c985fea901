//! The lessons that follow the DaemonSet tutorial: each is a scenario file with a short
//! explanation and a "what to try next", in English and Chinese.
//!
//! Only the index (ids, titles, files) is part of the page, so that the picker renders at
//! once; a lesson's scenario and texts are files beside each other (`NAME.yaml`, `NAME.txt`)
//! fetched when it is chosen. The default lesson is built in, so the first paint needs no
//! fetch.

use super::i18n::Lang;

/// One entry of the lesson index.
#[derive(Debug, PartialEq)]
pub struct Lesson {
    /// Stable identifier (used in links and embeds: `?lesson=rolling-update`).
    pub id: &'static str,
    /// Title (English, Chinese).
    pub title: (&'static str, &'static str),
    /// The scenario file, relative to the page; its texts are [`Lesson::texts_file`].
    pub file: &'static str,
}

impl Lesson {
    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.title.0,
            Lang::Zh => self.title.1,
        }
    }

    /// The file of the lesson's texts, relative to the page: the scenario file's name with
    /// `.txt` for `.yaml`.
    pub fn texts_file(&self) -> String {
        format!("{}.txt", self.file.trim_end_matches(".yaml"))
    }

    /// The file of the lesson's solution, relative to the page: its scenario's name in
    /// `scenarios/lessons/solutions/` (the default lesson's is `01-default.yaml`).
    pub fn solution_file(&self) -> String {
        let name = self.file.rsplit('/').next().unwrap_or_default();
        let name = if self.is_built_in() {
            "01-default.yaml"
        } else {
            name
        };
        format!("scenarios/lessons/solutions/{name}")
    }

    /// The lesson after this one in the [`course`], if any.
    pub fn next(&self) -> Option<&'static Lesson> {
        let course = course();
        let at = course.iter().position(|l| l.id == self.id)?;
        course.get(at + 1)
    }

    /// True for the default lesson, whose scenario and texts are part of the page.
    pub fn is_built_in(&self) -> bool {
        self.id == LESSONS[0].id
    }
}

/// Every lesson, in teaching order; the first is the default scenario (built in), the last
/// the generated 5,000-node cluster (`kubeplay generate --nodes 5000`).
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "default",
        title: (
            "1. A DaemonSet: one pod per node",
            "1. DaemonSet：每个节点一个 Pod",
        ),
        file: "scenarios/default.yaml",
    },
    Lesson {
        id: "control-plane-tolerations",
        title: (
            "2. Tolerating the control-plane taint",
            "2. 容忍控制平面污点",
        ),
        file: "scenarios/lessons/02-control-plane-tolerations.yaml",
    },
    Lesson {
        id: "node-selector",
        title: ("3. nodeSelector", "3. nodeSelector 节点选择器"),
        file: "scenarios/lessons/03-node-selector.yaml",
    },
    Lesson {
        id: "node-affinity",
        title: ("4. Required node affinity", "4. 必需的节点亲和性"),
        file: "scenarios/lessons/04-node-affinity.yaml",
    },
    Lesson {
        id: "preemption",
        title: ("5. Resources and preemption", "5. 资源与抢占"),
        file: "scenarios/lessons/05-resources-and-preemption.yaml",
    },
    Lesson {
        id: "rolling-update",
        title: (
            "6. Rolling update, maxUnavailable: 1",
            "6. 滚动更新，maxUnavailable: 1",
        ),
        file: "scenarios/lessons/06-rolling-update.yaml",
    },
    Lesson {
        id: "max-surge",
        title: (
            "7. Rolling update with maxSurge",
            "7. 使用 maxSurge 的滚动更新",
        ),
        file: "scenarios/lessons/07-rolling-update-max-surge.yaml",
    },
    Lesson {
        id: "bad-image-rollback",
        title: (
            "8. A bad image stalls the rollout; roll back",
            "8. 错误的镜像让发布停滞；回滚",
        ),
        file: "scenarios/lessons/08-bad-image-rollback.yaml",
    },
    Lesson {
        id: "noexecute-eviction",
        title: ("9. A NoExecute taint evicts", "9. NoExecute 污点会驱逐"),
        file: "scenarios/lessons/09-noexecute-eviction.yaml",
    },
    Lesson {
        id: "cordon-notready",
        title: (
            "10. Cordon and a NotReady node",
            "10. 封锁节点与 NotReady 节点",
        ),
        file: "scenarios/lessons/10-cordon-and-notready.yaml",
    },
    Lesson {
        id: "deployment-surge",
        title: (
            "11. A Deployment's maxSurge and maxUnavailable: 3 up, 2 down",
            "11. Deployment 的 maxSurge 与 maxUnavailable：扩 3、缩 2",
        ),
        file: "scenarios/lessons/11-deployment-surge-arithmetic.yaml",
    },
    Lesson {
        id: "recreate-vs-rolling",
        title: (
            "12. Recreate against RollingUpdate",
            "12. Recreate 与 RollingUpdate 对比",
        ),
        file: "scenarios/lessons/12-recreate-vs-rolling-update.yaml",
    },
    Lesson {
        id: "progress-deadline",
        title: (
            "13. A bad image until the progress deadline; roll back",
            "13. 错误镜像直到进度期限；回滚",
        ),
        file: "scenarios/lessons/13-deployment-progress-deadline.yaml",
    },
    Lesson {
        id: "scale-during-rollout",
        title: ("14. Scaling during a rollout", "14. 发布过程中扩缩容"),
        file: "scenarios/lessons/14-scale-during-rollout.yaml",
    },
    Lesson {
        id: "anti-affinity-rolling-update",
        title: (
            "15. Pod anti-affinity: one per node, and the surge pod that never fits",
            "15. Pod 反亲和性：每节点一个，以及永远放不下的超量 Pod",
        ),
        file: "scenarios/lessons/15-anti-affinity-rolling-update.yaml",
    },
    Lesson {
        id: "topology-spread-zones",
        title: (
            "16. Topology spread over zones, nodeTaintsPolicy and the skew after a scale-down",
            "16. 跨可用区的拓扑分布、nodeTaintsPolicy 与缩容后的偏差",
        ),
        file: "scenarios/lessons/16-topology-spread-zones.yaml",
    },
    Lesson {
        id: "bin-packing-profile",
        title: (
            "17. Bin packing: a MostAllocated profile against the default spreading",
            "17. 装箱：MostAllocated 调度配置与默认的分散策略",
        ),
        file: "scenarios/lessons/17-bin-packing-profile.yaml",
    },
    Lesson {
        id: "drain-blocked-by-budget",
        title: ("18. A budget that blocks a drain", "18. 阻止排空的中断预算"),
        file: "scenarios/lessons/18-drain-blocked-by-budget.yaml",
    },
    Lesson {
        id: "drain-one-at-a-time",
        title: (
            "19. maxUnavailable: 1 drains one pod at a time",
            "19. maxUnavailable: 1 一次排空一个 Pod",
        ),
        file: "scenarios/lessons/19-drain-one-at-a-time.yaml",
    },
    Lesson {
        id: "drain-daemonset-pods",
        title: (
            "20. DaemonSet pods and --ignore-daemonsets",
            "20. DaemonSet Pod 与 --ignore-daemonsets",
        ),
        file: "scenarios/lessons/20-drain-daemonset-pods.yaml",
    },
    Lesson {
        id: "stateful-set-ordered-start",
        title: (
            "21. A StatefulSet's ordered start: OrderedReady against Parallel",
            "21. StatefulSet 的有序启动：OrderedReady 与 Parallel",
        ),
        file: "scenarios/lessons/21-stateful-set-ordered-start.yaml",
    },
    Lesson {
        id: "stateful-set-canary",
        title: (
            "22. A partitioned canary, then the full rollout",
            "22. 用 partition 做金丝雀，再完成全部发布",
        ),
        file: "scenarios/lessons/22-stateful-set-partitioned-canary.yaml",
    },
    Lesson {
        id: "stateful-set-stuck",
        title: (
            "23. A broken image gets a StatefulSet stuck; what recovers it",
            "23. 错误镜像让 StatefulSet 卡住；如何恢复",
        ),
        file: "scenarios/lessons/23-stateful-set-stuck-rollout.yaml",
    },
    Lesson {
        id: "large-cluster",
        title: (
            "Large cluster: 5,000 nodes, a rolling update",
            "大型集群：5000 个节点的滚动更新",
        ),
        file: "scenarios/scale-5000.yaml",
    },
];

/// The course: every lesson with an exercise, in teaching order (all but the large cluster).
pub fn course() -> &'static [Lesson] {
    &LESSONS[..LESSONS.len() - 1]
}

/// The lesson with this id.
pub fn by_id(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

/// A lesson's explanation and "what to try next", in English and Chinese.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LessonTexts {
    /// What the lesson shows (English, Chinese).
    pub explanation: (String, String),
    /// What to try next (English, Chinese).
    pub try_next: (String, String),
}

impl LessonTexts {
    /// Reads a texts file: one `field.language: text` a line (fields `explanation` and
    /// `try-next`, languages `en` and `zh`), blank lines and `#` comments skipped. Every
    /// field is required in both languages; the error names the first line or field amiss.
    pub fn parse(file: &str) -> Result<LessonTexts, String> {
        let mut texts = LessonTexts::default();
        for (i, line) in file.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let not_a_text = || format!("line {}: not a lesson text", i + 1);
            let (key, text) = line.split_once(": ").ok_or_else(not_a_text)?;
            let field = match key {
                "explanation.en" => &mut texts.explanation.0,
                "explanation.zh" => &mut texts.explanation.1,
                "try-next.en" => &mut texts.try_next.0,
                "try-next.zh" => &mut texts.try_next.1,
                _ => return Err(not_a_text()),
            };
            *field = text.to_owned();
        }
        for (field, (en, zh)) in [
            ("explanation", &texts.explanation),
            ("try-next", &texts.try_next),
        ] {
            if en.is_empty() || zh.is_empty() {
                return Err(format!("{field} lacks a language"));
            }
        }
        Ok(texts)
    }

    /// The explanation in `lang`.
    pub fn explanation(&self, lang: Lang) -> &str {
        pick(lang, &self.explanation)
    }

    /// The suggestion in `lang`.
    pub fn try_next(&self, lang: Lang) -> &str {
        pick(lang, &self.try_next)
    }
}

fn pick(lang: Lang, pair: &(String, String)) -> &str {
    match lang {
        Lang::En => &pair.0,
        Lang::Zh => &pair.1,
    }
}

/// A lesson ready to load: its scenario and its texts.
#[derive(Debug, PartialEq)]
pub struct LessonContent {
    /// The lesson.
    pub lesson: &'static Lesson,
    /// The scenario YAML.
    pub yaml: String,
    /// The explanation and suggestion.
    pub texts: LessonTexts,
}

/// The default lesson, built into the page.
pub fn built_in() -> LessonContent {
    LessonContent {
        lesson: &LESSONS[0],
        yaml: crate::protocol::DEFAULT_SCENARIO.to_owned(),
        texts: LessonTexts::parse(include_str!("../../scenarios/default.txt"))
            .expect("the default lesson's texts are checked by the tests"),
    }
}

/// A lesson read from the repository's files, as the page would fetch it (for tests).
#[cfg(test)]
pub fn from_disk(id: &str) -> LessonContent {
    let lesson = by_id(id).expect("a lesson of the index");
    let read = |file: &str| {
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
            .expect("lesson files are readable")
    };
    LessonContent {
        lesson,
        yaml: read(lesson.file),
        texts: LessonTexts::parse(&read(&lesson.texts_file()))
            .unwrap_or_else(|e| panic!("{}: {e}", lesson.texts_file())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::yaml;

    #[test]
    fn every_lesson_loads_without_diagnostics_and_has_both_languages() {
        let mut ids = std::collections::BTreeSet::new();
        for lesson in LESSONS {
            assert!(ids.insert(lesson.id), "duplicate id {}", lesson.id);
            for lang in [Lang::En, Lang::Zh] {
                assert!(!lesson.title(lang).is_empty(), "{}", lesson.id);
            }
            // Reads both files, and fails unless the texts have both languages.
            let content = from_disk(lesson.id);
            // The large cluster's 2 MB are loaded by the scale tests.
            if lesson.id != "large-cluster" {
                let loaded = yaml::load(&content.yaml);
                assert!(
                    loaded.diagnostics.is_empty(),
                    "{}: {:?}",
                    lesson.id,
                    loaded.diagnostics
                );
            }
        }
        assert_eq!(
            by_id("rolling-update").map(|l| l.id),
            Some("rolling-update")
        );
    }

    #[test]
    fn the_course_runs_through_every_lesson_with_a_solution_beside_it() {
        let course = course();
        assert_eq!(course.first().map(|l| l.id), Some("default"));
        assert_eq!(course.last().map(|l| l.id), Some("stateful-set-stuck"));
        assert!(course.iter().all(|l| l.id != "large-cluster"));
        for pair in course.windows(2) {
            assert_eq!(pair[0].next(), Some(&pair[1]), "{}", pair[0].id);
        }
        assert_eq!(course.last().and_then(|l| l.next()), None);
        assert_eq!(
            LESSONS[0].solution_file(),
            "scenarios/lessons/solutions/01-default.yaml"
        );
        for lesson in course {
            let file =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(lesson.solution_file());
            assert!(file.is_file(), "{}: {}", lesson.id, file.display());
        }
    }

    #[test]
    fn the_large_cluster_has_its_texts_beside_its_scenario() {
        let lesson = by_id("large-cluster").expect("in the index");
        assert_eq!(lesson.texts_file(), "scenarios/scale-5000.txt");
        let texts = from_disk(lesson.id).texts;
        assert!(texts.explanation(Lang::Zh).contains("5000"));
    }

    #[test]
    fn the_built_in_lesson_is_the_default_scenario_with_the_files_texts() {
        let built_in = built_in();
        assert!(built_in.lesson.is_built_in());
        assert_eq!(built_in, from_disk("default"));
        assert!(LESSONS[1..].iter().all(|l| !l.is_built_in()));
    }

    #[test]
    fn a_texts_file_needs_every_field_in_both_languages() {
        let full = "# comment\n\nexplanation.en: Shows: this.\nexplanation.zh: 显示\n\
                    try-next.en: Try.\ntry-next.zh: 试试\n";
        let cases = [
            ("a complete file reads", full, Ok(())),
            (
                "a missing translation is named",
                "explanation.en: a\nexplanation.zh: b\ntry-next.en: c\n",
                Err("try-next lacks a language".to_owned()),
            ),
            (
                "an unknown field is refused with its line",
                "explanation.en: a\ntitle.en: b\n",
                Err("line 2: not a lesson text".to_owned()),
            ),
            (
                "an unknown language is refused",
                "explanation.fr: a\n",
                Err("line 1: not a lesson text".to_owned()),
            ),
        ];
        for (name, file, expected) in cases {
            assert_eq!(LessonTexts::parse(file).map(|_| ()), expected, "{name}");
        }
        let texts = LessonTexts::parse(full).expect("reads");
        assert_eq!(texts.explanation(Lang::En), "Shows: this.");
        assert_eq!(texts.try_next(Lang::Zh), "试试");
    }
}
