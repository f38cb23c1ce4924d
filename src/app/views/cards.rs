//! The four summary cards: the current filter's figure, with the whole data's beside it.

use eframe::egui;

use super::super::{Month, tokens};
use crate::engine::Summary;
use crate::i18n::{self, t, tr};

pub fn cards_ui(ui: &mut egui::Ui, month: &Month, filtered: &Summary, whole: &Summary) {
    let _ = month;
    let cards: [(String, String, String, String); 4] = [
        (
            tr("card.customers"),
            i18n::format_count(filtered.cards.customers),
            i18n::format_count(whole.cards.customers),
            tr("tip.card.customers"),
        ),
        (
            tr("card.expiring_agreements"),
            i18n::format_count(filtered.cards.expiring_agreements),
            i18n::format_count(whole.cards.expiring_agreements),
            tr("tip.card.expiring_agreements"),
        ),
        (
            tr("card.expiring_revenue"),
            i18n::format_usd(filtered.cards.expiring_revenue, false),
            i18n::format_usd(whole.cards.expiring_revenue, false),
            tr("tip.card.expiring_revenue"),
        ),
        (
            tr("card.open_expiring_revenue"),
            i18n::format_usd(filtered.cards.open_expiring_revenue, false),
            i18n::format_usd(whole.cards.open_expiring_revenue, false),
            tr("tip.card.open_expiring_revenue"),
        ),
    ];
    ui.columns(4, |columns| {
        for (ui, (label, value, of_whole, tip)) in columns.iter_mut().zip(cards) {
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
