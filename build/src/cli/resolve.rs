//! `jobforge resolve --unit-group 13110 "Administrative assistant" [--json]`.

use jobforge_core::resolve::Resolution;

/// The human-readable form of a resolution.
pub fn text(r: &Resolution) -> String {
    let mut s = format!("{} (confidence {:.2})\n", r.tier.as_str(), r.confidence);
    s += &format!("unit group   {}\n", r.unit_group);
    if let (Some(c), Some(l)) = (&r.profile_code, &r.profile_label) {
        s += &format!("profile      {c} {l}\n");
    }
    if let Some(m) = &r.matched_text {
        s += &format!("matched      {m}");
        if let (Some(sc), Some(v)) = (&r.scorer, r.score) {
            s += &format!(" ({sc} {v:.1})");
        }
        s += "\n";
    }
    if let Some(t) = &r.source_table {
        s += &format!("source       {t}\n");
    }
    s += &format!(
        "why          {}\npourquoi     {}\n",
        r.rationale_en, r.rationale_fr
    );
    s
}
