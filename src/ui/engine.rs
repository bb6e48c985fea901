//! The page's side of the engine: requests go to a worker and their answers come back later.
//! Two workers answer them ([`Request::program`] routes each): the engine, started with the
//! page, and the tools worker (the node × plugin matrix, exports), started by its first
//! request and given the current run's text before its requests. Components that need an
//! answer about the frame on screen (explain, matrix, kubectl) use [`use_answer`]; the
//! state's own requests (apply, show a frame, board edits) are sent by `super::app` and
//! answered as [`super::state::Action`]s.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use super::engine_link::EngineLink;
use super::perf;
use super::state::{Action, AppContext, AppState};
use crate::protocol::{Envelope, Program, Reply, Request, Response, TextEdit};

/// How a request's answer is delivered.
type Answer = Box<dyn FnOnce(Response)>;
/// Where a request's progress reports go.
type ProgressTo = Rc<dyn Fn(Response)>;
/// How envelopes reach a worker.
type Send = Rc<dyn Fn(&Envelope)>;

/// One worker's requests waiting for their answer, and what sends them.
#[derive(Default)]
struct Client {
    next_id: u64,
    waiting: BTreeMap<u64, (Answer, Option<ProgressTo>)>,
    /// Requests made while no worker was connected, in order.
    queued: Vec<Envelope>,
    send: Option<Send>,
    /// Why the worker cannot run, once it has failed for good: its requests are refused at
    /// once (the tools worker; the engine's failure is the state's [`EngineStatus`]).
    ///
    /// [`EngineStatus`]: super::state::EngineStatus
    refused: Option<String>,
}

thread_local! {
    /// The clients of the two workers, by [`Program`].
    static CLIENTS: RefCell<[Client; 2]> = RefCell::new(Default::default());
    /// The tools worker, once its first request has started it.
    static TOOLS: RefCell<Option<Rc<EngineRunner>>> = const { RefCell::new(None) };
    /// The current run's text (empty: none yet), which the tools worker is given before
    /// its requests.
    static RUN_TEXT: RefCell<Rc<str>> = RefCell::new(Rc::from(""));
}

/// Runs `f` on the client of `program`'s worker.
fn with_client<T>(program: Program, f: impl FnOnce(&mut Client) -> T) -> T {
    CLIENTS.with_borrow_mut(|clients| f(&mut clients[program as usize]))
}

/// Sets how requests reach `program`'s worker; requests made before are sent now, in order.
fn connect(program: Program, send: Send) {
    let queued = with_client(program, |client| {
        client.send = Some(Rc::clone(&send));
        std::mem::take(&mut client.queued)
    });
    for envelope in &queued {
        send(envelope);
    }
}

/// Answers every request waiting for `program`'s worker with [`Response::Failed`] (the
/// worker that had them stopped), so that whoever asked can ask again; later requests wait
/// for the next worker.
fn fail_waiting(program: Program, message: &str) {
    let waiting = with_client(program, |client| {
        client.send = None;
        client.queued.clear();
        std::mem::take(&mut client.waiting)
    });
    for (answer, _) in waiting.into_values() {
        answer(Response::Failed {
            message: message.to_owned(),
        });
    }
}

/// Records the current run's text (the page calls it on every render, before any panel
/// asks about the run): the tools worker gets it before its next request.
pub fn follow_run(text: &Rc<str>) {
    RUN_TEXT.with_borrow_mut(|run| *run = Rc::clone(text));
}

/// True while `program`'s worker is being started (its requests wait).
pub fn starting(program: Program) -> bool {
    with_client(program, |client| {
        client.send.is_none() && client.refused.is_none()
    })
}

/// Sends `request` to the worker that answers it ([`Request::program`]; the tools worker is
/// started by its first request); `answer` receives its final reply, `progress` the
/// progress reports before it.
pub fn ask(
    request: Request,
    answer: impl FnOnce(Response) + 'static,
    progress: Option<ProgressTo>,
) {
    let program = request.program();
    if program == Program::Tools && TOOLS.with_borrow(Option::is_none) {
        let runner = EngineRunner::new(Program::Tools, Box::new(tools_news), None);
        TOOLS.with_borrow_mut(|tools| *tools = Some(runner));
    }
    if let Some(message) = with_client(program, |client| client.refused.clone()) {
        return answer(Response::Failed { message });
    }
    let sent = with_client(program, |client| {
        client.next_id += 1;
        let id = client.next_id;
        client.waiting.insert(id, (Box::new(answer), progress));
        let envelope = Envelope { id, request };
        match client.send.clone() {
            Some(send) => Some((envelope, send)),
            None => {
                client.queued.push(envelope);
                None
            }
        }
    });
    if let Some((envelope, send)) = sent {
        send(&envelope);
    }
}

/// Hands a reply from `program`'s worker to whoever asked. Returns the reply when nobody
/// asked (the worker's own news: ready, crashed).
fn deliver(program: Program, reply: Reply) -> Option<Response> {
    let Some(id) = reply.id else {
        return Some(reply.response);
    };
    if let Response::Progress { .. } = reply.response {
        let progress = with_client(program, |client| client.waiting.get(&id)?.1.clone());
        if let Some(progress) = progress {
            progress(reply.response);
        }
        return None;
    }
    let waiting = with_client(program, |client| client.waiting.remove(&id));
    if let Some((answer, _)) = waiting {
        answer(reply.response);
    }
    None
}

/// What [`use_answer`] has asked and wants asked.
#[derive(Default)]
struct Asking {
    /// A request is in flight.
    in_flight: bool,
    /// The latest (run, request) wanted while one was in flight: asked when it is answered.
    next: Option<(u64, Request)>,
}

/// The engine's answer to `request` (None while it is asked, or when there is no request),
/// asked again whenever the answer on screen is not for `run` (the current run's number)
/// and `request`. One request is in flight at a time: while playback moves the frame on,
/// only the latest is asked next, so requests never pile up behind a slow answer.
#[hook]
pub fn use_answer(run: u64, request: Option<Request>) -> Option<Rc<Response>> {
    let answer = use_state(|| None::<(u64, Request, Rc<Response>)>);
    let asking = use_mut_ref(Asking::default);
    let shown = match &*answer {
        Some((r, q, response)) if *r == run && Some(q) == request.as_ref() => {
            Some(Rc::clone(response))
        }
        _ => None,
    };
    {
        // After every render: a request whose answer is not on screen is asked (or waits
        // for the one in flight), whatever changed, so that no render can leave it unasked.
        let (answer, asking, unanswered) = (answer.clone(), Rc::clone(&asking), shown.is_none());
        use_effect(move || {
            if let Some(request) = request.filter(|_| unanswered) {
                asking.borrow_mut().next = Some((run, request));
                ask_next(&asking, answer);
            }
        });
    }
    shown
}

/// Sends the request `asking` waits to send, unless one is in flight.
fn ask_next(
    asking: &Rc<RefCell<Asking>>,
    answer: UseStateHandle<Option<(u64, Request, Rc<Response>)>>,
) {
    let next = {
        let mut asking = asking.borrow_mut();
        if asking.in_flight {
            return;
        }
        let next = asking.next.take();
        asking.in_flight = next.is_some();
        next
    };
    let Some((run, request)) = next else {
        return;
    };
    let asked = Rc::clone(asking);
    ask(
        request.clone(),
        move |response| {
            {
                let mut asked = asked.borrow_mut();
                asked.in_flight = false;
                // Wanted again while it was in flight: this answer is the one wanted.
                if asked.next.as_ref() == Some(&(run, request.clone())) {
                    asked.next = None;
                }
            }
            answer.set(Some((run, request, Rc::new(response))));
            ask_next(&asked, answer);
        },
        None,
    );
}

/// Asks the engine to write `edit` into the editor's text at the frame on screen; the new
/// text is then applied ([`Action::Edited`]), or the refusal shown ([`Action::EditRefused`]).
pub fn edit(state: &AppContext, edit: TextEdit) {
    let dispatcher = state.dispatcher();
    let request = Request::Edit {
        text: state.text.to_string(),
        frame: state.cursor,
        edit,
    };
    ask(
        request,
        move |response| match response {
            Response::Edited { text } => dispatcher.dispatch(Action::Edited(text)),
            Response::Failed { message } => dispatcher.dispatch(Action::EditRefused(message)),
            _ => {}
        },
        None,
    );
}

/// An apply that has worked this long (real milliseconds) is stopped, engine and all, when
/// a newer one is asked for: a fresh engine starts faster than a large run ends.
const SUPERSEDE_AFTER_MS: f64 = 300.0;

/// Sends what the state waits for: the newest pending apply (one at a time: those asked for
/// meanwhile are skipped, and a long one under way is stopped for the newest), and the frame
/// the cursor is on (one request at a time; when it arrives, the next one is asked).
pub struct Pump {
    dispatcher: UseReducerDispatcher<AppState>,
    latest: RefCell<Option<AppState>>,
    /// The apply sent and not answered yet (0: none).
    apply_in_flight: Cell<u64>,
    /// When it was sent (real milliseconds).
    apply_sent_at: Cell<f64>,
    /// The last apply sent.
    apply_sent: Cell<u64>,
    frame_in_flight: Cell<bool>,
    /// Stops the engine for a newer apply (set by the [`EngineRunner`]).
    supersede: RefCell<Option<Rc<dyn Fn()>>>,
}

impl Pump {
    /// A pump dispatching the answers to `dispatcher`.
    pub fn new(dispatcher: UseReducerDispatcher<AppState>) -> Rc<Pump> {
        Rc::new(Pump {
            dispatcher,
            latest: RefCell::new(None),
            apply_in_flight: Cell::new(0),
            apply_sent_at: Cell::new(0.0),
            apply_sent: Cell::new(0),
            frame_in_flight: Cell::new(false),
            supersede: RefCell::new(None),
        })
    }

    /// Takes the state just rendered and sends what it waits for.
    pub fn update(self: &Rc<Self>, state: &AppState) {
        *self.latest.borrow_mut() = Some(state.clone());
        self.pump();
    }

    /// Forgets the requests in flight (the engine was restarted: they will not be
    /// answered).
    pub fn reset(&self) {
        self.apply_in_flight.set(0);
        self.apply_sent.set(0);
        self.frame_in_flight.set(false);
    }

    /// True when the state waits for an apply other than `number`.
    fn waits_for_apply_other_than(&self, number: u64) -> bool {
        self.latest
            .borrow()
            .as_ref()
            .and_then(|s| s.pending.as_ref())
            .is_some_and(|p| p.number != number)
    }

    fn pump(self: &Rc<Self>) {
        let Some(state) = self.latest.borrow().clone() else {
            return;
        };
        if let Some(pending) = &state.pending {
            let in_flight = self.apply_in_flight.get();
            if in_flight != 0 && pending.number > in_flight {
                let age = js_sys::Date::now() - self.apply_sent_at.get();
                if age > SUPERSEDE_AFTER_MS {
                    let supersede = self.supersede.borrow().clone();
                    if let Some(supersede) = supersede {
                        return supersede();
                    }
                } else {
                    // Look again once it is old enough: the engine may send nothing until
                    // then (a large run between two progress reports).
                    let pump = Rc::clone(self);
                    let wait = (SUPERSEDE_AFTER_MS - age).ceil() as u32 + 1;
                    gloo::timers::callback::Timeout::new(wait, move || pump.pump()).forget();
                }
            }
            if in_flight == 0 && pending.number > self.apply_sent.get() {
                let number = pending.number;
                self.apply_in_flight.set(number);
                self.apply_sent_at.set(js_sys::Date::now());
                self.apply_sent.set(number);
                perf::start("kubeplay:apply");
                let (pump, progress_to) = (Rc::clone(self), self.dispatcher.clone());
                ask(
                    Request::Apply {
                        text: pending.text.to_string(),
                    },
                    move |response| {
                        perf::end("kubeplay:apply");
                        pump.apply_in_flight.set(0);
                        if let Response::Applied(applied) = response {
                            pump.dispatcher.dispatch(Action::Applied {
                                number,
                                applied: Box::new(applied),
                            });
                        }
                        // A superseded answer changes nothing (no render follows): send
                        // the newest apply now.
                        if pump.waits_for_apply_other_than(number) {
                            pump.pump();
                        }
                    },
                    Some(Rc::new(move |response| {
                        if let Response::Progress {
                            simulated_ms,
                            frames,
                        } = response
                        {
                            progress_to.dispatch(Action::Progress {
                                number,
                                simulated_ms,
                                frames,
                            });
                        }
                    })),
                );
            }
        }
        if self.frame_in_flight.get() || self.apply_in_flight.get() != 0 {
            return;
        }
        if let Some((frame, since)) = state.frame_wanted() {
            self.frame_in_flight.set(true);
            let (pump, run) = (Rc::clone(self), state.run_id);
            ask(
                Request::Show { frame, since },
                move |response| {
                    pump.frame_in_flight.set(false);
                    let stale = pump.latest.borrow().as_ref().map(|s| s.run_id) != Some(run);
                    if let Response::Frame(update) = response {
                        pump.dispatcher.dispatch(Action::Shown {
                            run,
                            update: Box::new(update),
                        });
                    }
                    // A frame of an older run changes nothing (no render follows): ask for
                    // the current run's frame now.
                    if stale {
                        pump.pump();
                    }
                },
                None,
            );
        }
    }
}

/// With requests waiting, this long (real milliseconds) without a word from a worker
/// means it has stopped answering.
const WATCHDOG_MS: f64 = 20_000.0;
/// How often the watchdog looks.
const WATCHDOG_EVERY_MS: u32 = 2_000;
/// A fresh worker is started at most this many times; after that the page says it cannot.
const MAX_RESTARTS: u32 = 3;

/// What a worker's runner tells the page.
enum News {
    /// The worker has started and takes requests.
    Ready,
    /// The worker stopped (why); a fresh one is starting.
    Restarted(String),
    /// The worker cannot run (why); no fresh one is coming.
    Failed(String),
    /// The engine was stopped in the middle of an apply that a newer one replaces.
    Superseded,
}

/// What the tools worker's news changes: once it has failed for good, its requests are
/// refused at once (a restart has already answered the waiting ones with what happened).
fn tools_news(news: News) {
    if let News::Failed(message) = news {
        with_client(Program::Tools, |client| client.refused = Some(message));
    }
}

/// One of the page's workers: started once, started again when it crashes, fails or stops
/// answering (a watchdog). For the engine, the page keeps the editor's text and the last
/// good board, and applies the current run again; the tools worker is given the current
/// run's text before its next request.
pub struct EngineRunner {
    program: Program,
    news: Box<dyn Fn(News)>,
    /// The engine's pump (None for the tools worker).
    pump: Option<Rc<Pump>>,
    link: RefCell<Option<EngineLink>>,
    /// Which start of the worker the link is (news from an older one is ignored).
    generation: Cell<u64>,
    /// When the worker last sent or was sent something (real milliseconds).
    last_activity: Cell<f64>,
    restarts: Cell<u32>,
    /// The run text the tools worker was given (None: none yet).
    run_given: RefCell<Option<Rc<str>>>,
    _watchdog: RefCell<Option<gloo::timers::callback::Interval>>,
}

impl EngineRunner {
    /// Starts the engine; its answers go to `pump`'s requests, its news to `dispatcher`.
    pub fn start(dispatcher: UseReducerDispatcher<AppState>, pump: Rc<Pump>) -> Rc<EngineRunner> {
        let news = Box::new(move |news| {
            dispatcher.dispatch(match news {
                News::Ready => Action::EngineReady,
                News::Restarted(message) => Action::EngineRestarted(message),
                News::Failed(message) => Action::EngineFailed(message),
                News::Superseded => Action::EngineSuperseded,
            })
        });
        let runner = EngineRunner::new(Program::Engine, news, Some(Rc::clone(&pump)));
        let superseding = Rc::downgrade(&runner);
        *pump.supersede.borrow_mut() = Some(Rc::new(move || {
            if let Some(runner) = superseding.upgrade() {
                runner.supersede();
            }
        }));
        runner
    }

    /// Starts `program`'s worker, telling `news` how it is doing.
    fn new(program: Program, news: Box<dyn Fn(News)>, pump: Option<Rc<Pump>>) -> Rc<EngineRunner> {
        let runner = Rc::new(EngineRunner {
            program,
            news,
            pump,
            link: RefCell::new(None),
            generation: Cell::new(0),
            last_activity: Cell::new(js_sys::Date::now()),
            restarts: Cell::new(0),
            run_given: RefCell::new(None),
            _watchdog: RefCell::new(None),
        });
        let watched = Rc::downgrade(&runner);
        *runner._watchdog.borrow_mut() = Some(gloo::timers::callback::Interval::new(
            WATCHDOG_EVERY_MS,
            move || {
                if let Some(runner) = watched.upgrade() {
                    runner.watch();
                }
            },
        ));
        runner.spawn();
        runner
    }

    fn spawn(self: &Rc<Self>) {
        let generation = self.generation.get() + 1;
        self.generation.set(generation);
        *self.run_given.borrow_mut() = None;
        let on_reply: Rc<dyn Fn(Reply)> = {
            let runner = Rc::downgrade(self);
            Rc::new(move |reply: Reply| {
                let Some(runner) = runner
                    .upgrade()
                    .filter(|r| r.generation.get() == generation)
                else {
                    return;
                };
                runner.last_activity.set(js_sys::Date::now());
                match deliver(runner.program, reply) {
                    Some(Response::Ready { .. }) => runner.connected(),
                    Some(Response::Crashed { message }) => runner.restart(message),
                    _ => {}
                }
            })
        };
        let on_failure: Rc<dyn Fn(String)> = {
            let runner = Rc::downgrade(self);
            Rc::new(move |message: String| {
                if let Some(runner) = runner
                    .upgrade()
                    .filter(|r| r.generation.get() == generation)
                {
                    runner.restart(message);
                }
            })
        };
        match EngineLink::start(self.program, Rc::clone(&on_reply), Rc::clone(&on_failure)) {
            Ok((link, said_before)) => {
                // The link is in place before the worker's earlier messages are heard: its
                // Ready among them sends the requests queued meanwhile through the link.
                *self.link.borrow_mut() = Some(link);
                for heard in said_before {
                    match heard {
                        Ok(reply) => on_reply(reply),
                        Err(message) => on_failure(message),
                    }
                }
            }
            Err(message) => (self.news)(News::Failed(message)),
        }
    }

    /// The worker said it is ready: requests flow to it.
    fn connected(self: &Rc<Self>) {
        let runner = Rc::downgrade(self);
        connect(
            self.program,
            Rc::new(move |envelope: &Envelope| {
                if let Some(runner) = runner.upgrade() {
                    runner.last_activity.set(js_sys::Date::now());
                    if let Some(link) = runner.link.borrow().as_ref() {
                        if runner.program == Program::Tools {
                            runner.give_run(link);
                        }
                        link.send(envelope);
                    }
                }
            }),
        );
        (self.news)(News::Ready);
    }

    /// Gives the tools worker the current run's text unless it has it, so that what it
    /// answers next is about the run on screen (its reply to the apply is not awaited: the
    /// worker answers in order).
    fn give_run(&self, link: &EngineLink) {
        let text = RUN_TEXT.with_borrow(Rc::clone);
        if text.is_empty() || self.run_given.borrow().as_deref() == Some(&*text) {
            return;
        }
        let id = with_client(self.program, |client| {
            client.next_id += 1;
            client.next_id
        });
        let request = Request::Apply {
            text: text.to_string(),
        };
        link.send(&Envelope { id, request });
        *self.run_given.borrow_mut() = Some(text);
    }

    /// Stops the worker: its requests fail, the pump forgets them.
    fn stop(&self, message: &str) {
        if let Some(pump) = &self.pump {
            pump.reset();
        }
        fail_waiting(self.program, message);
        if let Some(link) = self.link.borrow_mut().take() {
            link.terminate();
        }
    }

    /// Stops an engine busy with an apply that a newer one replaces, and starts a fresh one
    /// for the newer apply.
    fn supersede(self: &Rc<Self>) {
        self.stop("a newer apply replaced this one");
        (self.news)(News::Superseded);
        self.last_activity.set(js_sys::Date::now());
        self.spawn();
    }

    /// Stops the worker and starts a fresh one (the state applies its run again), unless it
    /// has failed too often.
    fn restart(self: &Rc<Self>, message: String) {
        self.stop(&message);
        let restarts = self.restarts.get() + 1;
        self.restarts.set(restarts);
        if restarts > MAX_RESTARTS {
            (self.news)(News::Failed(message));
            return;
        }
        (self.news)(News::Restarted(message));
        self.last_activity.set(js_sys::Date::now());
        self.spawn();
    }

    /// Restarts a worker that has left requests unanswered for too long.
    fn watch(self: &Rc<Self>) {
        let waiting = with_client(self.program, |client| !client.waiting.is_empty());
        let silent = js_sys::Date::now() - self.last_activity.get();
        if waiting && self.link.borrow().is_some() && silent > WATCHDOG_MS {
            self.restart(format!(
                "the engine did not answer for {} seconds",
                silent as u64 / 1000
            ));
        }
    }
}
