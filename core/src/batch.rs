//! Batch coding of one title: the columns `jobforge code` appends and the app
//! shows, computed the same way in both.

use crate::resolve::ResolverData;
use crate::search::{Lang, SearchIndex};

/// The columns appended to every input row, in order.
pub const ADDED_COLUMNS: [&str; 8] = [
    "noc_code",
    "noc_title",
    "oasis_profile_code",
    "confidence",
    "method",
    "matched_title",
    "alternatives",
    "needs_review",
];

/// The `method` of a row whose title is empty or unreadable.
pub const INVALID_INPUT: &str = "INVALID_INPUT";
/// The `method` of a row coded by free-text search.
pub const SEARCH: &str = "SEARCH";

/// The longest title coded, in characters. A longer cell (a pasted
/// document, a 10 MB export error) is no job title, and normalising and
/// searching it took seconds (14 s natively for 10 MB, with the app's page
/// frozen meanwhile): it is kept and marked `INVALID_INPUT` instead, as an
/// empty title is, rather than cut and guessed from its start. The longest
/// title in the sources is under 200 characters.
pub const MAX_TITLE_CHARS: usize = 1_000;

/// Resolver tiers at or above this confidence do not need review.
const TIER_REVIEW_BELOW: f64 = 0.7;

/// The coding of one row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coded {
    pub noc_code: String,
    pub noc_title: String,
    pub oasis_profile_code: String,
    pub confidence: String,
    pub method: String,
    pub matched_title: String,
    pub alternatives: String,
    pub needs_review: bool,
}

impl Coded {
    /// The cells in the order of [`ADDED_COLUMNS`].
    pub fn cells(&self) -> [String; 8] {
        [
            self.noc_code.clone(),
            self.noc_title.clone(),
            self.oasis_profile_code.clone(),
            self.confidence.clone(),
            self.method.clone(),
            self.matched_title.clone(),
            self.alternatives.clone(),
            self.needs_review.to_string(),
        ]
    }

    pub fn is_invalid(&self) -> bool {
        self.method == INVALID_INPUT
    }
}

/// Codes one title: through the 5-tier resolver when a unit group is given
/// (and known), otherwise by free-text search. `None` is an empty or
/// unreadable title: the row is kept and marked. So is a title with U+FFFD,
/// the mark [`crate::table_file::decode`] leaves for bytes that were not
/// UTF-8 in a UTF-8 file: part of the title is lost, and so is a title
/// longer than [`MAX_TITLE_CHARS`].
pub fn code_one(
    index: &SearchIndex,
    resolver: Option<&ResolverData>,
    title: Option<&str>,
    unit_group: Option<&str>,
) -> Coded {
    code_one_for(index, resolver, title, unit_group, None)
}

/// As [`code_one`], for a reader of `reader`: the matched title is in the
/// reader's language where the evidence allows
/// ([`SearchIndex::search_for`]); the coding itself is the same.
pub fn code_one_for(
    index: &SearchIndex,
    resolver: Option<&ResolverData>,
    title: Option<&str>,
    unit_group: Option<&str>,
    reader: Option<Lang>,
) -> Coded {
    let readable =
        |t: &&str| !t.is_empty() && !t.contains(char::REPLACEMENT_CHARACTER) && !too_long(t);
    let Some(title) = title.map(str::trim).filter(readable) else {
        return Coded {
            method: INVALID_INPUT.into(),
            needs_review: true,
            ..Coded::default()
        };
    };
    let r = match reader {
        Some(l) => index.search_for(title, None, l, 5),
        None => index.search(title, 5),
    };
    let codes: Vec<&str> = r.hits.iter().map(|h| h.unit_group.as_str()).collect();
    if let (Some(res), Some(ug)) = (resolver, unit_group) {
        let ug = pad_code(ug);
        if let Ok(x) = res.resolve(title, &ug) {
            let noc_title = index
                .unit_group(&x.unit_group)
                .map(|u| u.title_en.clone())
                .unwrap_or_default();
            return Coded {
                noc_code: x.unit_group.clone(),
                noc_title,
                oasis_profile_code: x.profile_code.clone().unwrap_or_default(),
                confidence: format!("{:.3}", x.confidence),
                method: x.tier.as_str().to_string(),
                matched_title: x.matched_text.clone().unwrap_or_default(),
                alternatives: codes
                    .iter()
                    .filter(|c| **c != x.unit_group)
                    .take(4)
                    .copied()
                    .collect::<Vec<_>>()
                    .join("|"),
                needs_review: x.confidence < TIER_REVIEW_BELOW,
            };
        }
        // An unknown unit group falls through to search, flagged for review.
    }
    let Some(best) = r.hits.first() else {
        return Coded {
            method: SEARCH.into(),
            needs_review: true,
            confidence: "0.000".into(),
            ..Coded::default()
        };
    };
    Coded {
        noc_code: best.unit_group.clone(),
        noc_title: best.title_en.clone(),
        oasis_profile_code: best.profile_code.clone().unwrap_or_default(),
        confidence: format!("{:.3}", best.confidence),
        method: SEARCH.into(),
        matched_title: best.matched_title.clone().unwrap_or_default(),
        alternatives: codes[1..].join("|"),
        needs_review: r.needs_review() || unit_group.is_some(),
    }
}

/// Whether `title` has more than [`MAX_TITLE_CHARS`] characters; counts at
/// most that many, so a huge cell costs no more than a long title.
pub fn too_long(title: &str) -> bool {
    title.len() > MAX_TITLE_CHARS && title.chars().nth(MAX_TITLE_CHARS).is_some()
}

/// `1241` → `01241`: spreadsheets drop leading zeros.
pub fn pad_code(s: &str) -> String {
    let s = s.trim();
    if !s.is_empty() && s.len() < 5 && s.bytes().all(|b| b.is_ascii_digit()) {
        format!("{s:0>5}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_codes_that_lost_leading_zeros() {
        assert_eq!(pad_code("1241"), "01241");
        assert_eq!(pad_code(" 21231 "), "21231");
        assert_eq!(pad_code("abc"), "abc");
        assert_eq!(pad_code(""), "");
    }

    #[test]
    fn the_title_limit_counts_characters_not_bytes() {
        let at_limit = "é".repeat(MAX_TITLE_CHARS);
        assert!(
            !too_long(&at_limit),
            "1,000 two-byte characters are allowed"
        );
        assert!(too_long(&format!("{at_limit}e")));
        assert!(!too_long("Registered nurse"));
    }
}
