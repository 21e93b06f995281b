//! The SQL console's wasm: a separate binary, so the search page never
//! loads the SQL engine.
fn main() {
    wiq_app::ui::start_query();
}
