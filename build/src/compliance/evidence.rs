//! Evidence checks: figures measured on what this build produced.

use std::collections::BTreeMap;

use super::Evidence;

/// What the build measured, gathered once for every check.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// table → rows
    pub tables: BTreeMap<String, usize>,
    pub input_files: usize,
    pub input_rows: u64,
    pub rejected_rows: usize,
    pub unbalanced_files: usize,
    pub relationships: usize,
    pub orphan_keys: usize,
    /// (level, value_source) → cells of the coverage report
    pub coverage: BTreeMap<(String, String), usize>,
    /// resolution tier → job-architecture rows
    pub tiers: BTreeMap<String, usize>,
    /// "language method" → descriptions
    pub described: BTreeMap<String, usize>,
    pub undescribed: usize,
    pub unmapped_unit_groups: Vec<String>,
    pub lineage_stages: usize,
    /// table → licence(s), from catalog_tables
    pub licences: BTreeMap<String, String>,
    pub profiles_inheriting: usize,
    /// HTML pages of the site.
    pub pages: usize,
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

fn ev(check: &str, en: &str, fr: &str, artefact: &str, figure: String, passed: bool) -> Evidence {
    Evidence {
        check: check.into(),
        label_en: en.into(),
        label_fr: fr.into(),
        artefact: artefact.into(),
        figure,
        passed,
    }
}

impl Facts {
    fn rows(&self, t: &str) -> usize {
        self.tables.get(t).copied().unwrap_or(0)
    }

    fn coverage_at(&self, level: &str) -> (usize, usize) {
        let total: usize = self
            .coverage
            .iter()
            .filter(|((l, _), _)| l == level)
            .map(|(_, n)| n)
            .sum();
        let missing = self
            .coverage
            .get(&(level.to_string(), "missing".to_string()))
            .copied()
            .unwrap_or(0);
        (total - missing, total)
    }
}

/// The names of every check, for content validation and documentation.
pub const CHECKS: &[&str] = &[
    "provenance_coverage",
    "resolution_explained",
    "review_queue",
    "published_open",
    "licences_recorded",
    "rejects_report",
    "row_accounting",
    "relationships_checked",
    "catalogue_complete",
    "lineage_events",
    "noc_reference",
    "crosswalk_coverage",
    "inheritance",
    "descriptions",
    "model_size",
];

/// Runs one named check; `None` for an unknown name.
pub fn check(name: &str, f: &Facts) -> Option<Evidence> {
    Some(match name {
        "provenance_coverage" => {
            let (have, total) = f.coverage_at("L6");
            let p = pct(have, total);
            ev(
                name,
                "Profile attribute values with a recorded source",
                "Valeurs d’attributs des profils dont la source est consignée",
                "data/imputation_coverage.parquet",
                format!("{p:.1}% of {total}"),
                total > 0 && p >= 90.0,
            )
        }
        "resolution_explained" => {
            let resolved: usize = f
                .tiers
                .iter()
                .filter(|(t, _)| *t != "UNRESOLVED")
                .map(|(_, n)| n)
                .sum();
            let total: usize = f.tiers.values().sum();
            let tiers = f
                .tiers
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            ev(
                name,
                "Job titles resolved with a tier, confidence and EN/FR rationale",
                "Titres de poste résolus avec niveau, confiance et justification EN/FR",
                "data/job_architecture_resolution.parquet",
                format!("{resolved} of {total} ({tiers})"),
                resolved > 0 && f.rows("job_architecture_resolution") == total,
            )
        }
        "review_queue" => {
            let queue = f.tiers.get("UG_IMPUTATION").copied().unwrap_or(0)
                + f.tiers.get("UNRESOLVED").copied().unwrap_or(0);
            ev(
                name,
                "Rows queued for human review (no specific profile, or no unit group)",
                "Lignes à réviser par une personne (aucun profil précis ou aucun groupe de base)",
                "data/job_architecture_resolution.parquet",
                format!("{queue} rows"),
                f.rows("job_architecture_resolution") > 0,
            )
        }
        "published_open" => {
            let n = f.tables.len();
            ev(
                name,
                "Tables published as open parquet with their catalogue",
                "Tables publiées en parquet ouvert avec leur catalogue",
                "data/catalog_tables.parquet",
                format!("{n} tables"),
                n > 0 && f.rows("catalog_tables") > 0,
            )
        }
        "licences_recorded" => {
            let unknown = f
                .licences
                .values()
                .filter(|l| l.contains("unknown") || l.is_empty())
                .count();
            ev(
                name,
                "Tables whose source licence is recorded",
                "Tables dont la licence de la source est consignée",
                "data/catalog_tables.parquet",
                format!("{} of {}", f.licences.len() - unknown, f.licences.len()),
                !f.licences.is_empty() && unknown == 0,
            )
        }
        "rejects_report" => ev(
            name,
            "Input rows set aside with file, line, column and reason",
            "Lignes d’entrée écartées avec fichier, ligne, colonne et raison",
            "data/rejects.parquet",
            format!(
                "{} of {} rows from {} files",
                f.rejected_rows, f.input_rows, f.input_files
            ),
            f.input_rows > 0 && f.rows("rejects") == f.rejected_rows,
        ),
        "row_accounting" => ev(
            name,
            "Files where rows in = rows out + rows rejected",
            "Fichiers où lignes lues = lignes écrites + lignes écartées",
            "data/source_files.parquet",
            format!(
                "{} of {}",
                f.input_files - f.unbalanced_files,
                f.input_files
            ),
            f.input_files > 0 && f.unbalanced_files == 0,
        ),
        "relationships_checked" => ev(
            name,
            "Joins of the model checked for orphan keys",
            "Jointures du modèle vérifiées pour les clés orphelines",
            "data/catalog_relationships.parquet",
            format!("{} joins, {} orphan keys", f.relationships, f.orphan_keys),
            f.relationships > 0 && f.orphan_keys == 0,
        ),
        "catalogue_complete" => {
            let cols = f.rows("catalog_columns");
            ev(
                name,
                "Tables and columns described in English and French",
                "Tables et colonnes décrites en anglais et en français",
                "data/catalog_columns.parquet",
                format!(
                    "{} of {} columns described",
                    cols.saturating_sub(f.undescribed),
                    cols
                ),
                cols > 0 && f.undescribed == 0,
            )
        }
        "lineage_events" => ev(
            name,
            "Build stages with START and COMPLETE lineage events",
            "Étapes de construction avec événements de lignage START et COMPLETE",
            "data/lineage/",
            format!(
                "{} stages; {} lineage edges",
                f.lineage_stages,
                f.rows("lineage")
            ),
            f.lineage_stages >= 3 && f.rows("lineage") > 0,
        ),
        "noc_reference" => ev(
            name,
            "NOC 2021 codes as the reference classification",
            "Codes de la CNP 2021 comme classification de référence",
            "data/dim_noc.parquet",
            format!("{} codes", f.rows("dim_noc")),
            f.rows("dim_noc") == 822,
        ),
        "crosswalk_coverage" => {
            let unmapped = f.unmapped_unit_groups.len();
            ev(
                name,
                "Unit groups mapped to O*NET through the crosswalk (unmapped ones reported)",
                "Groupes de base reliés à O*NET par la concordance (les autres sont signalés)",
                "data/bridge_noc_onet.parquet",
                format!(
                    "{} mappings; unmapped: {}",
                    f.rows("bridge_noc_onet"),
                    if unmapped == 0 {
                        "none".into()
                    } else {
                        f.unmapped_unit_groups.join(", ")
                    }
                ),
                f.rows("bridge_noc_onet") > 0,
            )
        }
        "inheritance" => ev(
            name,
            "Profiles that inherit their unit group's attributes",
            "Profils qui héritent des attributs de leur groupe de base",
            "data/profile_attributes.parquet",
            format!(
                "{} of {}",
                f.profiles_inheriting,
                f.rows("dim_oasis_profile")
            ),
            f.profiles_inheriting > 0 && f.profiles_inheriting == f.rows("dim_oasis_profile"),
        ),
        "descriptions" => {
            let total: usize = f.described.values().sum();
            let missing: usize = f
                .described
                .iter()
                .filter(|(k, _)| k.ends_with("MISSING"))
                .map(|(_, n)| n)
                .sum();
            ev(name, "Job-architecture descriptions with a source (the rest reported missing)", "Descriptions de l’architecture d’emplois avec une source (les autres signalées manquantes)", "data/descriptions.parquet", format!("{} of {} ({:.1}%)", total - missing, total, pct(total - missing, total)), total > 0 && missing * 2 < total)
        }
        "model_size" => {
            let rows: usize = f.tables.values().sum();
            ev(
                name,
                "Gold tables and rows in the model",
                "Tables et lignes du modèle",
                "data/catalog_tables.parquet",
                format!("{} tables, {rows} rows", f.tables.len()),
                rows > 0,
            )
        }
        _ => return None,
    })
}
