//! Motion on the board: a pod bound since the board was last drawn travels from where it
//! waited in the pending area to its node. The board records where its pending pods are
//! after each render; when one of them is next drawn on a node card, the card's pod starts
//! at the old place and slides to the new one (the "FLIP" technique: first, last, invert,
//! play). The stylesheet's `.travelling` gives the slide its duration; under
//! `prefers-reduced-motion` the stylesheet turns transitions off and the pod simply appears.

use web_sys::Element;

/// At most this many pending pods are followed: beyond it the pending area is a long list
/// and measuring it on every frame would cost more than the motion is worth.
const MOST_FOLLOWED: u32 = 50;

/// Where the pending pods were when the board was last drawn: `namespace/name` and the page
/// coordinates of the top-left corner, in whole pixels (a short list: see [`MOST_FOLLOWED`]).
#[derive(Default)]
pub struct Waiting(Vec<(String, i32, i32)>);

/// The page's scroll offsets in whole pixels (page coordinates = viewport coordinates +
/// these).
fn scroll() -> (i32, i32) {
    web_sys::window().map_or((0, 0), |w| {
        let offset = |o: Result<f64, _>| o.unwrap_or(0.0).round() as i32;
        (offset(w.scroll_x()), offset(w.scroll_y()))
    })
}

/// The top-left corner of `element` in page coordinates, in whole pixels.
fn corner(element: &Element, (sx, sy): (i32, i32)) -> (i32, i32) {
    let rect = element.get_bounding_client_rect();
    (
        rect.left().round() as i32 + sx,
        rect.top().round() as i32 + sy,
    )
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
        let scrolled = scroll();
        for (key, x, y) in std::mem::take(&mut self.0) {
            let selector = format!("[data-testid=pod][data-key=\"{key}\"]");
            let Ok(Some(pod)) = root.query_selector(&selector) else {
                continue;
            };
            let (left, top) = corner(&pod, scrolled);
            let (dx, dy) = (x - left, y - top);
            if dx == 0 && dy == 0 {
                continue;
            }
            // Drawn where it waited (no transition), laid out there, then let go: the
            // `.travelling` transition carries it to its place on the node.
            let _ = pod.class_list().add_1("travelling");
            let _ = pod.set_attribute(
                "style",
                &format!("transform: translate({dx}px, {dy}px); transition: none"),
            );
            let _ = pod.client_width();
            let _ = pod.remove_attribute("style");
        }
        for pending in all(root, "[data-testid=pending-pod][data-key]") {
            if let Some(key) = pending.get_attribute("data-key") {
                let (x, y) = corner(&pending, scrolled);
                self.0.push((key, x, y));
            }
        }
    }
}
