//! Keyboard focus, seen and followed: the widget Tab reaches is ringed (egui draws no ring
//! for a collapsing header, and a faint fill for a menu item) and scrolled into view (a
//! filter below the panel's visible part). The ring shows while the keyboard drives, not
//! after a click.

use eframe::egui;

/// What the last frames said of the focus.
#[derive(Default)]
pub struct FocusFollower {
    last: Option<egui::Id>,
    keyboard: bool,
}

/// Where the widget newly focused from the keyboard waits for its scroll area to bring it
/// into view ([`keep_in_view`]).
fn pending_id() -> egui::Id {
    egui::Id::unique("focus_to_show")
}

impl FocusFollower {
    /// At the start of a frame: notes a widget focused from the keyboard since the last one.
    pub fn follow(&mut self, ctx: &egui::Context) {
        let (key, pointer) = ctx.input(|i| {
            let key = i.events.iter().any(|e| matches!(e, egui::Event::Key { pressed: true, .. }));
            (key, i.pointer.any_pressed())
        });
        if pointer {
            self.keyboard = false;
        } else if key {
            self.keyboard = true;
        }
        let focused = ctx.memory(|m| m.focused());
        if focused != self.last
            && self.keyboard
            && let Some(id) = focused
        {
            ctx.data_mut(|d| d.insert_temp(pending_id(), id));
        }
        self.last = focused;
    }

    /// At the end of a frame: a ring around the focused widget, above everything.
    pub fn ring(&self, ctx: &egui::Context) {
        if !self.keyboard {
            return;
        }
        let Some(response) = ctx.memory(|m| m.focused()).and_then(|id| ctx.read_response(id)) else { return };
        let layer = egui::LayerId::new(egui::Order::Tooltip, egui::Id::unique("focus_ring"));
        let stroke = super::tokens::focus_stroke(&ctx.global_style().visuals);
        ctx.layer_painter(layer).rect_stroke(response.rect.expand(2.0), 3.0, stroke, egui::StrokeKind::Outside);
    }
}

/// Whether a scroll area sits in another (a list of values in the filter panel).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nesting {
    /// Scrolls within itself and leaves the widget for the area around it.
    Nested,
    Outermost,
}

/// At the end of a scroll area's content: scrolls to the widget just focused from the
/// keyboard if it is part of this content (egui leaves a focused widget where it is).
pub fn keep_in_view(ui: &mut egui::Ui, nesting: Nesting) {
    let Some(id) = ui.ctx().data(|d| d.get_temp::<egui::Id>(pending_id())) else { return };
    let Some(response) = ui.ctx().read_response(id) else { return };
    // only where it is out of sight: a widget in view stays where the eye left it
    if ui.min_rect().contains_rect(response.rect) && !ui.clip_rect().contains_rect(response.rect) {
        // at once: the focus ring follows the widget, not an animation
        let centre = Some(egui::Align::Center);
        ui.scroll_to_rect_animation(response.rect, centre, egui::style::ScrollAnimation::none());
        if nesting == Nesting::Outermost {
            ui.ctx().data_mut(|d| d.remove::<egui::Id>(pending_id()));
        }
    }
}
