//! The four summary cards: the current filter's figure, with the whole data's beside it.

use eframe::egui;

use super::super::tokens;
use crate::engine::Summary;
use crate::output::i18n::{self, Cents, t, tr};

/// One card as shown: title, the filter's figure, the whole data's, and the tooltip.
pub struct CardText {
    pub label: String,
    pub value: String,
    pub of_whole: String,
    pub tip: String,
}

/// The four cards' words and figures, as [`cards_ui`] shows them.
pub fn card_texts(filtered: &Summary, whole: &Summary) -> [CardText; 4] {
    let card = |label: &str, value: String, of_whole: String, tip: &str| CardText {
        label: tr(label),
        value,
        of_whole,
        tip: tr(tip),
    };
    let (f, w) = (&filtered.cards, &whole.cards);
    [
        card("card.customers", i18n::format_count(f.customers), i18n::format_count(w.customers), "tip.card.customers"),
        card(
            "card.expiring_agreements",
            i18n::format_count(f.expiring_agreements),
            i18n::format_count(w.expiring_agreements),
            "tip.card.expiring_agreements",
        ),
        card(
            "card.expiring_revenue",
            i18n::format_usd(f.expiring_revenue, Cents::Hide),
            i18n::format_usd(w.expiring_revenue, Cents::Hide),
            "tip.card.expiring_revenue",
        ),
        card(
            "card.open_expiring_revenue",
            i18n::format_usd(f.open_expiring_revenue, Cents::Hide),
            i18n::format_usd(w.open_expiring_revenue, Cents::Hide),
            "tip.card.open_expiring_revenue",
        ),
    ]
}

/// Four cards in a row, or two rows of two where a card would be narrower than this.
const CARD_MIN_WIDTH: f32 = 150.0;

/// The cards in a grid that fits the width: four across, or two by two.
fn card_grid<T>(ui: &mut egui::Ui, cards: impl IntoIterator<Item = T>, card: impl Fn(&mut egui::Ui, T)) {
    let per_row = if ui.available_width() >= 4.0 * CARD_MIN_WIDTH { 4 } else { 2 };
    let cards: Vec<T> = cards.into_iter().collect();
    let mut cards = cards.into_iter();
    for _ in 0..(4 / per_row) {
        ui.columns(per_row, |columns| {
            for ui in columns.iter_mut() {
                if let Some(c) = cards.next() {
                    card(ui, c);
                }
            }
        });
    }
}

/// A line of words on a card: wrapped between words where the card is narrow.
fn card_line(ui: &mut egui::Ui, text: egui::RichText) {
    // not justified (the columns' layout is): wrapped titles keep their word spacing
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| ui.add(egui::Label::new(text).wrap()));
}

/// A card's figure, on one line whatever the card's width: smaller type where it would not
/// fit (never under 16 px), never broken inside the number.
fn figure(ui: &mut egui::Ui, text: &str) {
    let width = |size: f32| {
        let galley: egui::WidgetText = egui::RichText::new(text).size(size).strong().into();
        galley.into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, egui::TextStyle::Body).size().x
    };
    let room = ui.available_width();
    let natural = width(tokens::TEXT_FIGURE);
    let size =
        if natural <= room { tokens::TEXT_FIGURE } else { (tokens::TEXT_FIGURE * room / natural).floor().max(16.0) };
    ui.add(egui::Label::new(egui::RichText::new(text).size(size).strong()).truncate());
}

/// One card: its frame, title and figure, `below` under them, the tooltip, and what a
/// screen reader says of it.
fn card_ui(
    ui: &mut egui::Ui,
    (label, value): (&str, &str),
    tip: String,
    spoken: String,
    below: impl FnOnce(&mut egui::Ui),
) {
    egui::Frame::group(ui.style())
        .inner_margin(tokens::SPACING)
        .show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            card_line(ui, egui::RichText::new(label).weak());
            figure(ui, value);
            below(ui);
        })
        .response
        .on_hover_text(tip)
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &spoken));
}

pub fn cards_ui(ui: &mut egui::Ui, filtered: &Summary, whole: &Summary) {
    card_grid(ui, card_texts(filtered, whole), |ui, CardText { label, value, of_whole, tip }| {
        let spoken = i18n::labelled(&label, &value);
        card_ui(ui, (&label, &value), tip, spoken, |ui| {
            card_line(ui, egui::RichText::new(t!("card.of_whole", value = of_whole)).weak().small());
        });
    });
}

/// The four cards of a comparison: the figure after, and before -> after with the change.
pub fn compare_cards_ui(ui: &mut egui::Ui, before: &Summary, after: &Summary) {
    let signed = |d: f64, text: String| {
        if d > 0.0 {
            format!("+{text}")
        } else if d < 0.0 {
            format!("-{text}")
        } else {
            text
        }
    };
    let card = |key: &str, b: f64, a: f64, money: bool| {
        let shown =
            |v: f64| if money { i18n::format_usd(v, Cents::Hide) } else { i18n::format_count(v.round() as usize) };
        let delta = a - b;
        (
            tr(&format!("card.{key}")),
            shown(b),
            shown(a),
            signed(delta, shown(delta.abs())),
            delta,
            tr(&format!("tip.card.{key}")),
        )
    };
    let (b, a) = (&before.cards, &after.cards);
    let cards = [
        card("customers", b.customers as f64, a.customers as f64, false),
        card("expiring_agreements", b.expiring_agreements as f64, a.expiring_agreements as f64, false),
        card("expiring_revenue", b.expiring_revenue, a.expiring_revenue, true),
        card("open_expiring_revenue", b.open_expiring_revenue, a.open_expiring_revenue, true),
    ];
    card_grid(ui, cards, |ui, (label, before, after, change, delta, tip)| {
        let spoken = i18n::labelled(&label, &format!("{before} → {after} ({change})"));
        card_ui(ui, (&label, &after), tip, spoken, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(t!("card.was", value = before.clone())).weak().small());
                let color = if delta > 0.0 {
                    tokens::direction_text(crate::engine::compare::Direction::Up, ui.visuals())
                } else if delta < 0.0 {
                    tokens::direction_text(crate::engine::compare::Direction::Down, ui.visuals())
                } else {
                    ui.visuals().weak_text_color()
                };
                ui.label(egui::RichText::new(&change).small().color(color));
            });
        });
    });
}
