//! The app's UI strings, from `content/site.<lang>.toml`'s `[app]` table,
//! which the site writes into the page as JSON: the wasm carries no prose.

use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct Strings(Arc<BTreeMap<String, String>>);

impl Strings {
    pub fn from_json(json: &str) -> Strings {
        Strings(Arc::new(serde_json::from_str(json).unwrap_or_default()))
    }

    /// The string for `key`; the key itself if the page lacks it (a test
    /// checks that every key the app uses is in both languages).
    pub fn t(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// [`t`](Self::t) with `{name}` placeholders filled.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key);
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_falls_back_to_the_key() {
        let s = Strings::from_json(r#"{"hits":"{n} results for {q}"}"#);
        assert_eq!(
            s.f("hits", &[("n", "3"), ("q", "welder")]),
            "3 results for welder"
        );
        assert_eq!(s.t("missing"), "missing");
    }
}
