//! `jobforge-site`: WiQ's public site as a page model and askama templates.
//!
//! This crate does no I/O. The build's site emitter (`jobforge::emit::site`)
//! turns the built tables into the plain structs of [`pages`], renders them
//! with the templates in `site/templates/` (escaped by askama: data never
//! reaches the page as markup) and writes the files. Everything a page links
//! to is relative to the page ([`route::Route::href_from`]), so the same files
//! work at the root of a domain, under a sub-path such as `/wiq/` and from
//! disk; only the 404 page, which a server returns for any path, uses the
//! configured base path.

pub mod assets;
pub mod json;
pub mod lang;
pub mod layout;
pub mod pages;
pub mod route;
pub mod strings;
pub mod svg;
pub mod text;

// The build renders pages through this askama, whatever version it resolves.
pub use askama;
pub use lang::Lang;
pub use layout::{Crumb, Layout};
pub use route::Route;
pub use strings::{SiteConfig, Strings};
pub use text::Text;

/// Renders any page; askama's errors only arise from a `Display` impl that
/// fails, which the page model does not have.
pub fn render<T: askama::Template>(page: &T) -> Result<String, askama::Error> {
    page.render()
}
