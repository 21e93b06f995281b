//! NOC 2021 codes and levels.
//!
//! NOC 2021 is a five-level hierarchy whose codes are digit strings: the
//! length of a code *is* its level (1 digit: broad category … 5 digits: unit
//! group). OaSIS adds a sixth level, the profile (`NNNNN.NN`), and its
//! example titles form a seventh. Codes are kept as strings so that leading
//! zeros survive (`00010` is not `10`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Levels of the WiQ occupational hierarchy (L1–L7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NocLevel {
    BroadCategory = 1,
    MajorGroup = 2,
    SubMajorGroup = 3,
    MinorGroup = 4,
    UnitGroup = 5,
    /// An OaSIS profile (`NNNNN.NN`).
    Profile = 6,
    /// An example title inside a profile.
    ExampleTitle = 7,
}

impl NocLevel {
    /// The level of a NOC structure code, from its digit count.
    pub fn of_noc_digits(len: usize) -> Option<NocLevel> {
        match len {
            1 => Some(NocLevel::BroadCategory),
            2 => Some(NocLevel::MajorGroup),
            3 => Some(NocLevel::SubMajorGroup),
            4 => Some(NocLevel::MinorGroup),
            5 => Some(NocLevel::UnitGroup),
            _ => None,
        }
    }

    pub fn number(self) -> u8 {
        self as u8
    }

    /// `L1` … `L7`, as the provenance columns spell it.
    pub fn tag(self) -> &'static str {
        match self {
            NocLevel::BroadCategory => "L1",
            NocLevel::MajorGroup => "L2",
            NocLevel::SubMajorGroup => "L3",
            NocLevel::MinorGroup => "L4",
            NocLevel::UnitGroup => "L5",
            NocLevel::Profile => "L6",
            NocLevel::ExampleTitle => "L7",
        }
    }

    /// The English level name used by the StatCan structure file.
    pub fn name_en(self) -> &'static str {
        match self {
            NocLevel::BroadCategory => "Broad Category",
            NocLevel::MajorGroup => "Major Group",
            NocLevel::SubMajorGroup => "Sub-major Group",
            NocLevel::MinorGroup => "Minor Group",
            NocLevel::UnitGroup => "Unit Group",
            NocLevel::Profile => "OaSIS Profile",
            NocLevel::ExampleTitle => "Example Title",
        }
    }

    /// The French level name, as in the CNP 2021 structure.
    pub fn name_fr(self) -> &'static str {
        match self {
            NocLevel::BroadCategory => "Grande catégorie",
            NocLevel::MajorGroup => "Grand groupe",
            NocLevel::SubMajorGroup => "Sous-grand groupe",
            NocLevel::MinorGroup => "Groupe intermédiaire",
            NocLevel::UnitGroup => "Groupe de base",
            NocLevel::Profile => "Profil OaSIS",
            NocLevel::ExampleTitle => "Appellation d'emploi",
        }
    }
}

/// Why a string is not a NOC code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("empty code")]
    Empty,
    #[error("{0:?} is not all digits")]
    NotDigits(String),
    #[error("{0:?} has {1} digits; NOC codes have 1 to 5")]
    BadLength(String, usize),
    #[error("{0:?} is not an OaSIS profile code (NNNNN.NN)")]
    NotProfile(String),
}

/// A NOC 2021 structure code (1 to 5 digits, leading zeros kept).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NocCode(String);

impl NocCode {
    /// Parses a code exactly as written (no padding).
    pub fn parse(raw: &str) -> Result<NocCode, CodeError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(CodeError::Empty);
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::NotDigits(s.to_string()));
        }
        if NocLevel::of_noc_digits(s.len()).is_none() {
            return Err(CodeError::BadLength(s.to_string(), s.len()));
        }
        Ok(NocCode(s.to_string()))
    }

    /// Parses a unit-group code that a source wrote without its leading zeros
    /// (the Brookfield crosswalk writes `10` for `00010`).
    pub fn unit_group_unpadded(raw: &str) -> Result<NocCode, CodeError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(CodeError::Empty);
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::NotDigits(s.to_string()));
        }
        if s.len() > 5 {
            return Err(CodeError::BadLength(s.to_string(), s.len()));
        }
        Ok(NocCode(format!("{s:0>5}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> NocLevel {
        // Parsing guarantees 1..=5 digits.
        NocLevel::of_noc_digits(self.0.len()).unwrap_or(NocLevel::UnitGroup)
    }

    /// The code one level up, or `None` for a broad category.
    pub fn parent(&self) -> Option<NocCode> {
        (self.0.len() > 1).then(|| NocCode(self.0[..self.0.len() - 1].to_string()))
    }

    /// The TEER of a unit group: its second digit (NOC 2021 design).
    pub fn teer(&self) -> Option<u8> {
        (self.0.len() >= 2).then(|| self.0.as_bytes()[1] - b'0')
    }

    /// The broad category: the first digit.
    pub fn broad_category(&self) -> NocCode {
        NocCode(self.0[..1].to_string())
    }
}

impl fmt::Display for NocCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An OaSIS profile code, `NNNNN.NN`; its first five digits are the unit group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ProfileCode(String);

impl ProfileCode {
    pub fn parse(raw: &str) -> Result<ProfileCode, CodeError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(CodeError::Empty);
        }
        let b = s.as_bytes();
        let ok = b.len() == 8
            && b[5] == b'.'
            && b[..5].iter().all(u8::is_ascii_digit)
            && b[6..].iter().all(u8::is_ascii_digit);
        if !ok {
            return Err(CodeError::NotProfile(s.to_string()));
        }
        Ok(ProfileCode(s.to_string()))
    }

    /// Parses a profile code as publishers' spreadsheets write it: the
    /// number lost its formatting, so `10010` means `10010.00`, `31100.1`
    /// means `31100.10` and `10.01` means `00010.01`. Anything else is an error.
    pub fn parse_published(raw: &str) -> Result<ProfileCode, CodeError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(CodeError::Empty);
        }
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty()
            || int.len() > 5
            || frac.len() > 2
            || !digits(int)
            || !digits(frac)
            || (s.contains('.') && frac.is_empty())
        {
            return Err(CodeError::NotProfile(s.to_string()));
        }
        Ok(ProfileCode(format!("{int:0>5}.{frac:0<2}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn unit_group(&self) -> NocCode {
        NocCode(self.0[..5].to_string())
    }
}

impl fmt::Display for ProfileCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_follows_digit_count() {
        assert_eq!(
            NocCode::parse("0").unwrap().level(),
            NocLevel::BroadCategory
        );
        assert_eq!(
            NocCode::parse("00010").unwrap().level(),
            NocLevel::UnitGroup
        );
        assert_eq!(
            NocCode::parse("2123").unwrap().level(),
            NocLevel::MinorGroup
        );
    }

    #[test]
    fn rejects_bad_codes() {
        assert_eq!(NocCode::parse(""), Err(CodeError::Empty));
        assert!(matches!(
            NocCode::parse("12a"),
            Err(CodeError::NotDigits(_))
        ));
        assert!(matches!(
            NocCode::parse("123456"),
            Err(CodeError::BadLength(_, 6))
        ));
        assert!(ProfileCode::parse("21231.1").is_err());
        assert!(ProfileCode::parse("21231-01").is_err());
    }

    #[test]
    fn pads_unpadded_unit_groups() {
        assert_eq!(
            NocCode::unit_group_unpadded("10").unwrap().as_str(),
            "00010"
        );
        assert_eq!(
            NocCode::unit_group_unpadded("21231").unwrap().as_str(),
            "21231"
        );
        assert!(NocCode::unit_group_unpadded("123456").is_err());
    }

    #[test]
    fn parent_teer_and_profile_unit_group() {
        let c = NocCode::parse("21231").unwrap();
        assert_eq!(c.parent().unwrap().as_str(), "2123");
        assert_eq!(c.teer(), Some(1));
        assert_eq!(c.broad_category().as_str(), "2");
        assert!(NocCode::parse("2").unwrap().parent().is_none());
        let p = ProfileCode::parse("21231.01").unwrap();
        assert_eq!(
            ProfileCode::parse_published("10010").unwrap().as_str(),
            "10010.00"
        );
        assert_eq!(
            ProfileCode::parse_published("31100.1").unwrap().as_str(),
            "31100.10"
        );
        assert_eq!(
            ProfileCode::parse_published("10.01").unwrap().as_str(),
            "00010.01"
        );
        assert!(ProfileCode::parse_published("10010.").is_err());
        assert!(ProfileCode::parse_published("10010.123").is_err());
        assert!(ProfileCode::parse_published("1001a").is_err());
        assert_eq!(p.unit_group().as_str(), "21231");
    }
}
