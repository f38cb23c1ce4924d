//! The shape of the code, checked like behaviour (ARCHITECTURE.md): no import cycle between
//! modules, an engine that imports nothing from the words layer, the app or the command
//! line, and files short enough to read. Every source file is parsed with `syn`; each path
//! it names (`use` trees, types, calls, macros) that leads to a module of this crate is an
//! edge from its module to that module.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // tests: a failed unwrap is a failed test

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// Most lines a source file may have, outside tests and the sample generator.
const MAX_FILE_LINES: usize = 700;

/// Module path ("crate::engine::load::table") of every source file.
fn modules() -> BTreeMap<String, PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap().with_extension("");
            let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                parts.pop();
            }
            if parts.first().is_some_and(|p| p == "bin") {
                continue;
            }
            let name = std::iter::once("crate".to_string()).chain(parts).collect::<Vec<_>>().join("::");
            // main.rs is the binary's root, not the library's: give it a name of its own
            let name = if path.ends_with("main.rs") && path.parent() == Some(root.as_path()) {
                "main".to_string()
            } else {
                name
            };
            out.insert(name, path);
        }
    }
    out
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && a.meta.require_list().is_ok_and(|l| l.tokens.to_string().contains("test")))
}

/// Collects the paths a file names, outside `#[cfg(test)]` items.
#[derive(Default)]
struct Paths {
    found: Vec<Vec<String>>,
}

impl Paths {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut path = prefix.clone();
                path.push(n.ident.to_string());
                self.found.push(path);
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix.clone();
                path.push(r.ident.to_string());
                self.found.push(path);
            }
            syn::UseTree::Glob(_) => self.found.push(prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Impl(i) => &i.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }

    /// `pub(super)` names who may see an item, not a module it uses.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_path(&mut self, p: &'ast syn::Path) {
        self.found.push(p.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, p);
    }
}

/// The module a path leads to from module `from`, if it is one of this crate's.
fn resolve(from: &str, path: &[String], modules: &BTreeMap<String, PathBuf>) -> Option<String> {
    let mut base: Vec<String> =
        if from == "main" { vec!["crate".into()] } else { from.split("::").map(str::to_string).collect() };
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base = vec!["crate".into()];
            rest = &rest[1..];
        }
        Some("ascent_viewer") if from == "main" => {
            base = vec!["crate".into()];
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        // a child module named bare (`views::icon()`; a lone name is a value, not a module)
        Some(first) if rest.len() > 1 && modules.contains_key(&format!("{}::{first}", base.join("::"))) => {}
        _ => return None,
    }
    let mut best = None;
    let mut candidate = base;
    if modules.contains_key(&candidate.join("::")) {
        best = Some(candidate.join("::"));
    }
    for seg in rest {
        candidate.push(seg.clone());
        let name = candidate.join("::");
        if modules.contains_key(&name) {
            best = Some(name);
        }
    }
    best
}

/// Module -> the modules it imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let mut edges = BTreeMap::new();
    for (name, path) in &modules {
        let text = std::fs::read_to_string(path).unwrap();
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut paths = Paths::default();
        paths.visit_file(&file);
        let targets: BTreeSet<String> = paths
            .found
            .iter()
            .filter_map(|p| resolve(name, p, &modules))
            // a module naming itself or an ancestor's own items through `self`
            .filter(|t| t != name && !(name.starts_with(&format!("{t}::")) && t == "crate"))
            .collect();
        edges.insert(name.clone(), targets);
    }
    edges
}

/// Strongly connected components of more than one module (Tarjan).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn connect<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                connect(s, w);
                let lw = s.low[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(lw));
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            connect(&mut s, v);
        }
    }
    s.out
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let edges = graph();
    let found = cycles(&edges);
    let described: Vec<String> = found
        .iter()
        .map(|c| {
            let links: Vec<String> = c
                .iter()
                .flat_map(|m| edges[m].iter().filter(|t| c.contains(t)).map(move |t| format!("{m} -> {t}")))
                .collect();
            links.join(", ")
        })
        .collect();
    assert!(found.is_empty(), "import cycles:\n{}", described.join("\n"));
}

#[test]
fn the_engine_imports_no_words_no_app_and_no_command_line() {
    let edges = graph();
    let outside = ["crate::output", "crate::i18n", "crate::app", "crate::cli", "crate::console"];
    let mut wrong = Vec::new();
    for (module, targets) in edges.iter().filter(|(m, _)| m.starts_with("crate::engine")) {
        for t in targets {
            if outside.iter().any(|o| t == o || t.starts_with(&format!("{o}::"))) {
                wrong.push(format!("{module} -> {t}"));
            }
        }
    }
    assert!(wrong.is_empty(), "the engine imports:\n{}", wrong.join("\n"));
}

#[test]
fn no_source_file_is_too_long_to_read() {
    let mut long = Vec::new();
    for (module, path) in modules() {
        if module.starts_with("crate::engine::sample") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // the unit tests at the end of a file do not count
        let code = text.split("\n#[cfg(test)]").next().unwrap_or("");
        let lines = code.lines().count();
        if lines > MAX_FILE_LINES {
            long.push(format!("{} ({lines} lines)", path.display()));
        }
    }
    assert!(long.is_empty(), "files over {MAX_FILE_LINES} lines:\n{}", long.join("\n"));
}

#[test]
fn the_checker_sees_a_cycle_and_a_clean_graph() {
    let edge = |pairs: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in pairs {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    };
    assert_eq!(cycles(&edge(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])), [vec!["a", "b", "c"]]);
    assert!(cycles(&edge(&[("a", "b"), ("b", "c"), ("a", "c")])).is_empty());
    // and it finds real edges: the app imports the engine
    let g = graph();
    assert!(g["crate::app"].iter().any(|t| t.starts_with("crate::engine")), "{:?}", g["crate::app"]);
}

/// Method calls that put things in order.
#[derive(Default)]
struct Orderings {
    found: Vec<String>,
}

impl<'ast> Visit<'ast> for Orderings {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            _ => &Vec::new(),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let name = call.method.to_string();
        if name.starts_with("sort") || name.starts_with("select_nth") || name == "reverse" {
            self.found.push(name);
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.segments.iter().any(|s| s.ident == "BinaryHeap") {
            self.found.push("BinaryHeap".into());
        }
        syn::visit::visit_path(self, p);
    }
}

/// The files of the app and the words layer that may order something, and what: none of
/// it is data rows (the engine's `query` orders those).
const ORDERS_OF_THEIR_OWN: [(&str, &str); 3] = [
    ("crate::app::file_dialog", "the folders and files of the app's own file dialog"),
    ("crate::app::settings_file", "a settings file's keys, so it reads the same each time"),
    ("crate::output::report::fonts", "the system's fonts (regular faces first), a right-to-left run's pieces"),
];

#[test]
fn no_view_orders_data_rows() {
    let mut wrong = Vec::new();
    for (module, path) in modules() {
        let layer_above = ["crate::app", "crate::output", "crate::cli"].iter().any(|l| module.starts_with(l));
        if !layer_above || ORDERS_OF_THEIR_OWN.iter().any(|(m, _)| *m == module) {
            continue;
        }
        let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut calls = Orderings::default();
        calls.visit_file(&file);
        if !calls.found.is_empty() {
            wrong.push(format!("{} ({})", path.display(), calls.found.join(", ")));
        }
    }
    assert!(wrong.is_empty(), "ordered outside the engine's query layer:\n{}", wrong.join("\n"));
}

/// Every module of the first two levels (`engine`, `engine/query`...) is named in
/// ARCHITECTURE.md, in its layer's section for the second level.
#[test]
fn architecture_md_names_every_module() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md")).unwrap();
    let section = |layer: &str| -> String {
        doc.split("\n## ").find(|s| s.starts_with(&format!("{layer}/"))).unwrap_or("").to_string()
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut missing = Vec::new();
    for (module, path) in modules() {
        let rel = path.strip_prefix(&root).unwrap();
        let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        let is_dir = parts.last().is_some_and(|f| f == "mod.rs");
        let named = match (parts.len(), is_dir) {
            (1, _) => doc.contains(&format!("`{}`", parts[0])) || doc.contains(&parts[0]),
            (2, true) => doc.contains(&format!("{}/", parts[0])),
            (2, false) => section(&parts[0]).contains(&format!("`{}`", parts[1])),
            (3, true) => section(&parts[0]).contains(&format!("`{}/`", parts[1])),
            _ => true,
        };
        if !named {
            missing.push(module);
        }
    }
    assert!(missing.is_empty(), "modules ARCHITECTURE.md does not name:\n{}", missing.join("\n"));
}

/// The import graph, module by module (run it with `-- --ignored --nocapture`).
#[test]
#[ignore]
fn print_edges() {
    for (m, t) in graph() {
        println!("{m} -> {t:?}");
    }
}
