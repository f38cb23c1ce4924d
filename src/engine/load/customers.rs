//! Customers: joined across rows and files by id, else name; their firmographics, workloads
//! and yes/no flags folded in from every row.

use crate::engine::dataset::Dataset;
use crate::engine::memory::PushGrowing;
use rustc_hash::FxHashSet as HashSet;

use super::builder::Builder;
use super::fields::{Field, sales_play};
use super::table::Table;
use super::value::{Cell, Unreadable, employees_of, flag_of, id_of, is_placeholder, number_of};
use crate::engine::rules::Segment;
use crate::engine::text::{fold_key, fold_search, trim_cell};

impl Builder {
    /// The customer of a row: by id, else by name (joining a customer of that name
    /// seen with an id), else a customer of its own. An id cell repeated down a chunk is
    /// looked up once.
    pub(super) fn customer_of(&mut self, ds: &mut Dataset, t: usize, row: usize) -> u32 {
        let table = &ds.tables[t];
        let id_code = table.mapping.get(Field::CustomerId).and_then(|col| Some((col, table.cell_code(row, col)?)));
        if let Some((col, at)) = id_code
            && let Some(c) = self.customer_codes.get(t, col, at)
        {
            return c;
        }
        let (c, by_id) = self.customer_of_cells(ds, t, row);
        if let Some((col, at)) = id_code
            && by_id
        {
            self.customer_codes.set(t, col, at, c);
        }
        c
    }

    /// The customer of a row's cells, and whether its id named it.
    fn customer_of_cells(&mut self, ds: &mut Dataset, t: usize, row: usize) -> (u32, bool) {
        let table = &ds.tables[t];
        // the common case, an id seen before, allocates nothing
        let mut id_buf = std::mem::take(&mut self.id_buf);
        let has_id = id_into(table.field_cell(Field::CustomerId, row), &mut id_buf);
        let ids = &ds.customers.id;
        if has_id && let Some(c) = self.by_id.get(&id_buf, |c| ids.get(c as usize) == id_buf) {
            self.id_buf = id_buf;
            return (c, true);
        }
        let id = has_id.then(|| id_buf.clone());
        self.id_buf = id_buf;
        let name_cell = table.field_cell(Field::CustomerName, row);
        let name = match name_cell.text() {
            Some(t) => t.to_string(),
            None => trim_cell(&name_cell.display()).to_string(),
        };
        let name_key = (!name.is_empty() && !is_placeholder(&name)).then(|| fold_search(&name));
        let existing = match (&id, &name_key) {
            (Some(_), _) => None,
            (None, Some(key)) => self.by_name.get(key, |c| fold_search(ds.customers.name.get(c as usize)) == *key),
            (None, None) => None,
        };
        if let Some(c) = existing {
            return (c, false);
        }
        let c = ds.customers.len() as u32;
        let domain = id_of(table.field_cell(Field::Domain, row)).unwrap_or_default();
        let customers = &mut ds.customers;
        customers.id.push(id.as_deref().unwrap_or(""));
        customers.name.push(&name);
        customers.domain.push(&domain);
        customers.city.push_growing(0);
        customers.state.push_growing(0);
        customers.postal_code.push(&id_of(table.field_cell(Field::PostalCode, row)).unwrap_or_default());
        customers.country.push_growing(0);
        customers.area.push_growing(0);
        customers.industry.push_growing(0);
        customers.vertical.push_growing(0);
        customers.employees.push_growing(f64::NAN);
        customers.azure_potential.push_growing(f64::NAN);
        customers.compute_flag.push_growing(None);
        customers.user_flag.push_growing(None);
        customers.label_segment.push_growing(None);
        customers.first_row.push_growing((t as u16, row as u32));
        customers.existing_workloads.push_growing(0);
        customers.recommended_workloads.push_growing(0);
        customers.existing_workload_count.push_growing(f64::NAN);
        customers.recommended_workload_count.push_growing(f64::NAN);
        let by_id = id.is_some();
        if let Some(id) = id {
            // `get` has just missed it
            self.by_id.insert_new(&id, c);
        }
        if let Some(key) = name_key {
            self.by_name.insert_first(&key, c, |c| fold_search(customers.name.get(c as usize)) == key);
        }
        (c, by_id)
    }

    /// Folds one row's firmographics into its customer.
    pub(super) fn describe_customer(&mut self, ds: &mut Dataset, t: usize, row: usize, c: usize) {
        let table = &ds.tables[t];
        let customers = &mut ds.customers;
        for (field, code, interner) in [
            (Field::Country, &mut customers.country[c], &mut ds.countries),
            (Field::Area, &mut customers.area[c], &mut ds.areas),
            (Field::Industry, &mut customers.industry[c], &mut ds.industries),
            (Field::Vertical, &mut customers.vertical[c], &mut ds.verticals),
            (Field::City, &mut customers.city[c], &mut ds.cities),
            (Field::State, &mut customers.state[c], &mut ds.states),
        ] {
            if *code == 0
                && let Some(col) = table.mapping.get(field)
            {
                *code =
                    self.coded.read(t, table, row, col, |cell| id_of(cell).map_or(0, |text| interner.intern(&text)));
            }
        }
        if let Some(col) = table.mapping.get(Field::Employees) {
            match employees_of(table.cell(row, col)) {
                Ok(n) if n >= 0.0 => {
                    let e = &mut ds.customers.employees[c];
                    if e.is_nan() || n > *e {
                        *e = n;
                    }
                }
                Ok(_) => self.issue(table, t, row, col, Field::Employees, Unreadable::OutOfRange),
                Err(Unreadable::Missing) => {}
                Err(reason) => self.issue(table, t, row, col, Field::Employees, reason),
            }
        }
        if let Some(col) = table.mapping.get(Field::AzurePotential) {
            match number_of(table.cell(row, col)) {
                Ok(n) => {
                    let a = &mut ds.customers.azure_potential[c];
                    if a.is_nan() || n > *a {
                        *a = n;
                    }
                }
                Err(Unreadable::Missing) => {}
                Err(_) if is_placeholder(&table.cell(row, col).display()) => {}
                Err(reason) => self.issue(table, t, row, col, Field::AzurePotential, reason),
            }
        }
        for (field, slot) in [
            (Field::TopComputeFlag, &mut ds.customers.compute_flag[c]),
            (Field::TopUserFlag, &mut ds.customers.user_flag[c]),
        ] {
            if let Some(col) = table.mapping.get(field) {
                match flag_of(table.cell(row, col)) {
                    Ok(Some(v)) => *slot = Some(slot.unwrap_or(false) || v),
                    Ok(None) => {}
                    Err(reason) => self.issue(table, t, row, col, field, reason),
                }
            }
        }
        if ds.customers.label_segment[c].is_none()
            && let Some(text) = table.field_cell(Field::Segment, row).text()
        {
            ds.customers.label_segment[c] = Segment::from_label(text);
        }
        let customers = &mut ds.customers;
        for (list, count, lists, counts) in [
            (
                Field::ExistingWorkloads,
                Field::ExistingWorkloadCount,
                &mut customers.existing_workloads,
                &mut customers.existing_workload_count,
            ),
            (
                Field::RecommendedWorkloads,
                Field::RecommendedWorkloadCount,
                &mut customers.recommended_workloads,
                &mut customers.recommended_workload_count,
            ),
        ] {
            if lists[c] == 0
                && let Some(text) = table.field_cell(list, row).text()
                && !is_placeholder(text)
            {
                lists[c] = ds.workloads.intern(text);
            }
            if counts[c].is_nan()
                && let Ok(n) = number_of(table.field_cell(count, row))
            {
                counts[c] = n;
            }
        }
    }

    /// Finds the table's yes/no columns, numbers the flags across tables, and sets them for
    /// the customers whose rows say yes.
    pub(super) fn flags(&mut self, ds: &mut Dataset, t: usize, row_customer: &[u32]) -> Vec<(usize, usize)> {
        let table = &ds.tables[t];
        let group_cols: HashSet<usize> =
            table.mapping.groups.iter().flat_map(|g| [g.fit, g.intent, g.cluster]).flatten().collect();
        let mut found = Vec::new();
        for (c, header) in table.headers.iter().enumerate() {
            let eligible = match ds.field_of(t, c) {
                None => !group_cols.contains(&c),
                Some(f) => matches!(f, Field::TopComputeFlag | Field::TopUserFlag | Field::ExpiringFlag),
            };
            if !eligible || header.trim().is_empty() {
                continue;
            }
            // a sales play's values are undocumented: 1/0 alone are flags there
            let numbers_are_flags = sales_play(header).is_some();
            let Some(yes_rows) = flag_column_yes_rows(table, c, numbers_are_flags) else { continue };
            let key = fold_key(header);
            let next = self.flag_index.len();
            let flag = *self.flag_index.entry(key).or_insert_with(|| {
                ds.flag_names.push(header.trim().to_string());
                next
            });
            if self.customer_flags.len() <= flag {
                self.customer_flags.resize(flag + 1, Vec::new());
            }
            let bits = &mut self.customer_flags[flag];
            for row in yes_rows {
                let customer = row_customer[row as usize] as usize;
                let (word, bit) = (customer / 64, customer % 64);
                if bits.len() <= word {
                    bits.resize(word + 1, 0);
                }
                bits[word] |= 1 << bit;
            }
            found.push((c, flag));
        }
        found
    }
}

/// Writes a cell's id text into `out` (whole numbers without ".0"); false when blank.
pub(super) fn id_into(cell: Cell<'_>, out: &mut String) -> bool {
    use std::fmt::Write;
    out.clear();
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
            let _ = write!(out, "{}", n as i64);
        }
        Cell::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Cell::Text(t) => {
            let t = trim_cell(t);
            if !is_placeholder(t) {
                out.push_str(t);
            }
        }
        _ => {}
    }
    !out.is_empty()
}

/// The rows saying yes, when yes/no values and nothing else fill the column (1/0 numbers
/// only count with at least one text yes/no, so a numeric column is not taken for flags).
pub(super) fn flag_column_yes_rows(table: &Table, col: usize, numbers_are_flags: bool) -> Option<Vec<u32>> {
    let mut seen_text = false;
    let mut yes = Vec::new();
    for row in 0..table.rows() {
        let cell = table.cell(row, col);
        if cell.is_blank() {
            continue;
        }
        match flag_of(cell) {
            Ok(Some(v)) => {
                if v {
                    yes.push(row as u32);
                }
                seen_text |= matches!(cell, Cell::Text(_) | Cell::Bool(_));
            }
            _ => return None,
        }
    }
    (seen_text || numbers_are_flags).then_some(yes)
}
