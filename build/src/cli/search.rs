//! `jobforge search "sofware developer" [--top 5] [--json]`.

use jobforge_core::search::SearchResult;

/// The human-readable form of a search result.
pub fn text(r: &SearchResult) -> String {
    let mut s = format!("query        {} ({})\n", r.query, r.lang.as_str());
    if let Some(t) = &r.translation {
        s += &format!("read as      {t}\n");
    }
    s += &format!("status       {}\n", r.status.as_str());
    for (i, h) in r.hits.iter().enumerate() {
        s += &format!(
            "\n{}. {} {}  ({:.0}%)\n",
            i + 1,
            h.unit_group,
            h.title_en,
            h.confidence * 100.0
        );
        if let Some(fr) = &h.title_fr {
            s += &format!("   fr       {fr}\n");
        }
        if let (Some(c), Some(l)) = (&h.profile_code, &h.profile_label) {
            s += &format!("   profile  {c} {l}\n");
        }
        if let (Some(t), Some(src)) = (&h.matched_title, h.matched_source) {
            s += &format!("   matched  {t} [{}]\n", src.as_str());
        }
        s += &format!(
            "   why      {}\n   pourquoi {}\n",
            h.explanation_en, h.explanation_fr
        );
    }
    s
}
