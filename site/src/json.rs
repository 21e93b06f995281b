//! JSON for inline `<script type="application/ld+json">` blocks.

/// Serialises `v` so that it can sit inside a `<script>` element: `<`, `>`
/// and `&` become `\u003c`, `\u003e` and `\u0026`, which JSON readers decode
/// back, so data containing `</script>` cannot close the element.
pub fn script_safe(v: &serde_json::Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_else(|_| "{}".to_string());
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Line and paragraph separators end a line in old JS parsers.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_end_tags_cannot_escape_the_block() {
        let v = serde_json::json!({"name": "</script><script>alert(1)</script> & co"});
        let s = script_safe(&v);
        assert!(!s.contains('<') && !s.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
