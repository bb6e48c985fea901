//! Motion on the board: a pod bound since the board was last drawn travels from where it
//! waited in the pending area to its node. The board records where its pending pods are
//! after each render; when one of them is next drawn on a node card, the card's pod starts
//! at the old place and slides to the new one (the "FLIP" technique: first, last, invert,
//! play). The stylesheet's `.travelling` gives the slide its duration; under
//! `prefers-reduced-motion` the stylesheet turns transitions off and the pod simply appears.

use std::collections::BTreeMap;

use web_sys::Element;

/// At most this many pending pods are followed: beyond it the pending area is a long list
/// and measuring it on every frame would cost more than the motion is worth.
const MOST_FOLLOWED: u32 = 50;

/// Where the pending pods were when the board was last drawn: page coordinates of their
/// top-left corner, by `namespace/name`.
#[derive(Default)]
pub struct Waiting(BTreeMap<String, (f64, f64)>);

/// The page's scroll offsets (page coordinates = viewport coordinates + these).
fn scroll() -> (f64, f64) {
    web_sys::window().map_or((0.0, 0.0), |w| {
        (w.scroll_x().unwrap_or(0.0), w.scroll_y().unwrap_or(0.0))
    })
}

/// The elements under `root` that match `selector`.
fn all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length().min(MOST_FOLLOWED))
        .filter_map(|i| list.item(i))
        .filter_map(|node| wasm_bindgen::JsCast::dyn_into::<Element>(node).ok())
        .collect()
}

impl Waiting {
    /// Called after each render of the board (`root`): pods that waited last time and are
    /// now on a node slide there from the pending area; then the pending pods on screen
    /// now are recorded for the next render.
    pub fn after_render(&mut self, root: &Element) {
        let (sx, sy) = scroll();
        for (key, (x, y)) in std::mem::take(&mut self.0) {
            let selector = format!("[data-testid=pod][data-key=\"{key}\"]");
            let Ok(Some(pod)) = root.query_selector(&selector) else {
                continue;
            };
            let rect = pod.get_bounding_client_rect();
            let (dx, dy) = (x - (rect.left() + sx), y - (rect.top() + sy));
            if dx.abs() < 1.0 && dy.abs() < 1.0 {
                continue;
            }
            // Drawn where it waited (no transition), laid out there, then let go: the
            // `.travelling` transition carries it to its place on the node.
            let _ = pod.class_list().add_1("travelling");
            let _ = pod.set_attribute(
                "style",
                &format!("transform: translate({dx:.0}px, {dy:.0}px); transition: none"),
            );
            let _ = pod.client_width();
            let _ = pod.remove_attribute("style");
        }
        for pending in all(root, "[data-testid=pending-pod][data-key]") {
            if let Some(key) = pending.get_attribute("data-key") {
                let rect = pending.get_bounding_client_rect();
                self.0.insert(key, (rect.left() + sx, rect.top() + sy));
            }
        }
    }
}
