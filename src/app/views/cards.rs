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

pub fn cards_ui(ui: &mut egui::Ui, filtered: &Summary, whole: &Summary) {
    ui.columns(4, |columns| {
        for (ui, CardText { label, value, of_whole, tip }) in columns.iter_mut().zip(card_texts(filtered, whole)) {
            egui::Frame::group(ui.style())
                .inner_margin(tokens::SPACING)
                .show(ui, |ui| {
                    ui.set_min_width(ui.available_width());
                    ui.label(egui::RichText::new(&label).weak());
                    ui.label(egui::RichText::new(&value).size(24.0).strong());
                    ui.label(egui::RichText::new(t!("card.of_whole", value = of_whole)).weak().small());
                })
                .response
                .on_hover_text(tip)
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, format!("{label}: {value}")));
        }
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
    ui.columns(4, |columns| {
        for (ui, (label, before, after, change, delta, tip)) in columns.iter_mut().zip(cards) {
            egui::Frame::group(ui.style())
                .inner_margin(tokens::SPACING)
                .show(ui, |ui| {
                    ui.set_min_width(ui.available_width());
                    ui.label(egui::RichText::new(&label).weak());
                    ui.label(egui::RichText::new(&after).size(24.0).strong());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(egui::RichText::new(t!("card.was", value = before.clone())).weak().small());
                        let color = if delta > 0.0 {
                            tokens::direction_color(crate::engine::compare::Direction::Up)
                        } else if delta < 0.0 {
                            tokens::direction_color(crate::engine::compare::Direction::Down)
                        } else {
                            ui.visuals().weak_text_color()
                        };
                        ui.label(egui::RichText::new(&change).small().color(color));
                    });
                })
                .response
                .on_hover_text(tip)
                .widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Label,
                        true,
                        format!("{label}: {before} -> {after} ({change})"),
                    )
                });
        }
    });
}
