//! The Leptos front end: one mount point in the site's search page, five
//! views, and the data they share, loaded once and on demand.

mod ask;
mod batch;
mod load;
mod query;
mod replay;
mod replay_diagram;
mod resolve;
mod result_table;
mod search;
mod sql_worker;

use std::sync::Arc;

use jobforge_core::ask::Catalog;
use jobforge_core::resolve::ResolverData;
use jobforge_core::search::SearchIndex;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::strings::Strings;
use crate::web;
pub use load::Load;

/// The views, in the order of the view menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Search,
    Resolve,
    Batch,
    Ask,
    Replay,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Search,
        View::Resolve,
        View::Batch,
        View::Ask,
        View::Replay,
    ];

    /// The `view=` value in the address.
    pub fn slug(self) -> &'static str {
        match self {
            View::Search => "search",
            View::Resolve => "resolve",
            View::Batch => "batch",
            View::Ask => "ask",
            View::Replay => "replay",
        }
    }

    pub fn from_slug(s: &str) -> View {
        View::ALL
            .into_iter()
            .find(|v| v.slug() == s)
            .unwrap_or(View::Search)
    }
}

/// What the page tells the app: its language, where the data is, and how
/// links to the site's pages are formed (relative, so any sub-path works).
#[derive(Debug, Clone)]
pub struct Config {
    pub lang: String,
    pub data: String,
    noc_href: String,
    profile_href: String,
    pub table_href: String,
    /// The SQL console's page, without a query.
    pub query_href: String,
    /// The other language's app page, without a query.
    pub toggle_base: String,
}

impl Config {
    fn from_element(el: &web_sys::Element) -> Config {
        let a = |k: &str| el.get_attribute(k).unwrap_or_default();
        let toggle_base = web::document()
            .query_selector(".lang-toggle a")
            .ok()
            .flatten()
            .and_then(|a| a.get_attribute("href"))
            .map(|h| h.split('?').next().unwrap_or_default().to_string())
            .unwrap_or_default();
        Config {
            lang: a("data-lang"),
            data: a("data-data"),
            noc_href: a("data-noc-href"),
            profile_href: a("data-profile-href"),
            table_href: a("data-table-href"),
            query_href: a("data-query-href"),
            toggle_base,
        }
    }

    pub fn is_fr(&self) -> bool {
        self.lang == "fr"
    }

    pub fn noc_href(&self, code: &str) -> String {
        self.noc_href.replace("{code}", code)
    }

    pub fn profile_href(&self, code: &str) -> String {
        self.profile_href.replace("{code}", code)
    }

    pub fn table_href(&self, table: &str) -> String {
        self.table_href.replace("{table}", table)
    }

    pub fn data_url(&self, file: &str) -> String {
        format!("{}{file}", self.data)
    }
}

/// Shared by every view.
#[derive(Clone)]
pub struct Ctx {
    pub cfg: Arc<Config>,
    pub t: Strings,
    pub index: RwSignal<Load<Arc<SearchIndex>>>,
    pub resolver: RwSignal<Load<Arc<ResolverData>>>,
    pub catalog: RwSignal<Load<Arc<Catalog>>>,
    pub view: RwSignal<View>,
    /// Each view's part of the address (`q=…`, `title=…&noc=…`).
    pub state: RwSignal<Vec<(&'static str, String)>>,
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        self.t.t(key)
    }

    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.t.f(key, args)
    }

    /// The `key_one`/`key_other` string for `n` in the page's language
    /// ([`Strings::n`]).
    pub fn n(&self, key: &str, n: usize, args: &[(&str, &str)]) -> String {
        self.t.n(key, n, self.cfg.is_fr(), args)
    }

    /// The "(English only)" notice after English text on a French page:
    /// nothing on an English page.
    pub fn english_only(&self, english: bool) -> Option<String> {
        (english && self.cfg.is_fr()).then(|| format!(" {}", self.t("english_only")))
    }

    /// Puts the view and its state in the address bar and the language
    /// toggle, so a search can be shared and survives a language switch.
    fn sync_address(&self) {
        let view = self.view.get();
        let state = self.state.get();
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if view != View::Search {
            pairs.push(("view", view.slug()));
        }
        pairs.extend(state.iter().map(|(k, v)| (*k, v.as_str())));
        web::set_search(&web::query_string(&pairs), &self.cfg.toggle_base);
    }
}

/// The page's mount point, its settings and the app's strings.
fn mount_point(id: &str) -> Option<(web_sys::HtmlElement, Arc<Config>, Strings)> {
    let doc = web::document();
    let el = doc.get_element_by_id(id)?;
    let cfg = Arc::new(Config::from_element(&el));
    let t = doc
        .get_element_by_id("wiq-strings")
        .and_then(|s| s.text_content())
        .map(|j| Strings::from_json(&j))
        .unwrap_or_default();
    let el: web_sys::HtmlElement = el.unchecked_into();
    // The placeholder ("loading…", the no-script notice) gives way to the app.
    el.set_inner_html("");
    Some((el, cfg, t))
}

fn new_ctx(cfg: Arc<Config>, t: Strings, view: View) -> Ctx {
    Ctx {
        cfg,
        t,
        index: RwSignal::new(Load::Idle),
        resolver: RwSignal::new(Load::Idle),
        catalog: RwSignal::new(Load::Idle),
        view: RwSignal::new(view),
        state: RwSignal::new(Vec::new()),
    }
}

/// Mounts the app into `#wiq-app`, if the page has one.
pub fn start() {
    if let Some((el, cfg, t)) = mount_point("wiq-app") {
        leptos::mount::mount_to(el, move || view! { <App cfg=cfg.clone() t=t.clone() /> }).forget();
    }
}

/// Mounts the SQL console into `#wiq-query`, if the page has one; in the
/// console's Web Worker (no window), serves its queries instead.
pub fn start_query() {
    if web_sys::window().is_none() {
        crate::query_worker::serve();
        return;
    }
    if let Some((el, cfg, t)) = mount_point("wiq-query") {
        leptos::mount::mount_to(el, move || {
            provide_context(new_ctx(cfg.clone(), t.clone(), View::Search));
            view! { <query::QueryView /> }
        })
        .forget();
    }
}

#[component]
fn App(cfg: Arc<Config>, t: Strings) -> impl IntoView {
    let view = web::param("view").map_or(View::Search, |v| View::from_slug(&v));
    let ctx = new_ctx(cfg, t, view);
    provide_context(ctx.clone());
    load::index(&ctx);
    let sync = ctx.clone();
    Effect::new(move |_| sync.sync_address());

    let menu = View::ALL
        .into_iter()
        .map(|v| {
            let (view, state) = (ctx.view, ctx.state);
            let href = if v == View::Search {
                "?".to_string()
            } else {
                format!("?view={}", v.slug())
            };
            let label = ctx.t(&format!("view_{}", v.slug()));
            let current = move || (view.get() == v).then_some("page");
            let click = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                state.set(Vec::new());
                view.set(v);
            };
            view! { <li><a href=href aria-current=current on:click=click>{label}</a></li> }
        })
        .collect_view();
    let body = {
        let ctx = ctx.clone();
        move || match ctx.view.get() {
            View::Search => view! { <search::SearchView /> }.into_any(),
            View::Resolve => view! { <resolve::ResolveView /> }.into_any(),
            View::Batch => view! { <batch::BatchView /> }.into_any(),
            View::Ask => view! { <ask::AskView /> }.into_any(),
            View::Replay => view! { <replay::ReplayView /> }.into_any(),
        }
    };
    view! {
        <nav class="app-views" aria-label=ctx.t("views_label")>
            <ul>{menu}</ul>
        </nav>
        <div class="app-view">{body}</div>
    }
}
