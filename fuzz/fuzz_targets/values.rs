//! The value readers on any text: numbers, currencies, percentages, dates, flags, size
//! bands, ids and labels. Nothing may panic; a number read is finite.
#![no_main]

use ascent_viewer::engine::load::value::{
    Cell, DateOrder, cell_from_csv_field, date_of, employees_of, flag_of, id_of, number_of, parse_date_text,
    parse_number_text,
};
use ascent_viewer::engine::{Band, Cluster, Segment, text::fold_key};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(p) = parse_number_text(text) {
        assert!(p.value.is_finite());
    }
    let cell = Cell::Text(text);
    let _ = number_of(cell);
    let _ = employees_of(cell);
    let _ = flag_of(cell);
    let _ = id_of(cell);
    for order in [DateOrder::Unknown, DateOrder::DayFirst, DateOrder::MonthFirst] {
        let _ = parse_date_text(text, order);
        let _ = date_of(cell, order);
    }
    let _ = cell_from_csv_field(text);
    let _ = (Cluster::from_label(text), Band::from_label(text), Segment::from_label(text), fold_key(text));
});
