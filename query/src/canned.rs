//! Ready-made questions for the SQL console, in English and French, over
//! the gold tables. Each one is tested on the real build and compared with
//! DuckDB (`build/tests/query.rs`); every ORDER BY ends on a unique key so
//! the order is the same in both engines.

/// A question the console offers: its SQL, and its title in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CannedQuery {
    pub id: &'static str,
    pub title_en: &'static str,
    pub title_fr: &'static str,
    pub sql: &'static str,
}

pub const CANNED: &[CannedQuery] = &[
    CannedQuery {
        id: "teer1-job-openings",
        title_en: "Unit groups in TEER 1 with the most projected job openings (2024–2033)",
        title_fr: "Groupes de base de la FÉER 1 avec le plus de débouchés projetés (2024-2033)",
        sql: "SELECT n.unit_group_id, n.title_en, n.title_fr,
       s.job_openings, s.employment_2023
FROM dim_noc AS n
JOIN cops_summary AS s ON s.unit_group_id = n.unit_group_id
WHERE n.level = 5 AND n.teer = 1
ORDER BY s.job_openings DESC, n.unit_group_id
LIMIT 20",
    },
    CannedQuery {
        id: "mostly-imputed-profiles",
        title_en: "OaSIS profiles whose attribute values are mostly imputed from O*NET",
        title_fr: "Profils OaSIS dont les valeurs d’attributs sont surtout imputées d’O*NET",
        sql: "SELECT a.oasis_profile_code, p.label_en,
       COUNT(*) AS attribute_values,
       COUNT(*) FILTER (WHERE a.method = 'ONET_CROSSWALK') AS imputed,
       COUNT(*) FILTER (WHERE a.value_source = 'native') AS native,
       ROUND(100.0 * COUNT(*) FILTER (WHERE a.method = 'ONET_CROSSWALK') / COUNT(*), 1) AS imputed_pct
FROM profile_attributes AS a
JOIN dim_oasis_profile AS p ON p.oasis_profile_code = a.oasis_profile_code
GROUP BY a.oasis_profile_code, p.label_en
HAVING COUNT(*) FILTER (WHERE a.method = 'ONET_CROSSWALK') * 2 > COUNT(*)
ORDER BY imputed_pct DESC, a.oasis_profile_code
LIMIT 100",
    },
    CannedQuery {
        id: "titles-needing-review",
        title_en: "Job-architecture titles that need review (no unit group, or no specific profile)",
        title_fr: "Titres de l’architecture d’emplois à réviser (sans groupe de base ou sans profil précis)",
        sql: "SELECT r.jt_id, r.job_title_en, j.job_title_fr, r.unit_group_id,
       COALESCE(r.tier, 'UNRESOLVED') AS tier, r.confidence,
       COALESCE(r.error, r.rationale_en) AS reason
FROM job_architecture_resolution AS r
JOIN job_architecture AS j ON j.jt_id = r.jt_id
WHERE r.tier IS NULL OR r.tier = 'UG_IMPUTATION'
ORDER BY r.tier IS NOT NULL, r.jt_id",
    },
    CannedQuery {
        id: "largest-unit-groups",
        title_en: "Largest unit groups by employment in 2023",
        title_fr: "Groupes de base les plus importants selon l’emploi en 2023",
        sql: "SELECT s.unit_group_id, n.title_en, n.title_fr, n.teer,
       s.employment_2023, s.job_openings, s.job_seekers
FROM cops_summary AS s
LEFT JOIN dim_noc AS n ON n.noc_code = s.unit_group_id
ORDER BY s.employment_2023 DESC, s.unit_group_id
LIMIT 25",
    },
    CannedQuery {
        id: "openings-exceed-seekers",
        title_en: "Unit groups where projected job openings exceed job seekers the most",
        title_fr: "Groupes de base où les débouchés projetés dépassent le plus les chercheurs d’emploi",
        sql: "SELECT s.unit_group_id, s.occupation_name_en, s.occupation_name_fr,
       s.job_openings, s.job_seekers,
       s.job_openings - s.job_seekers AS gap,
       s.future_conditions_en
FROM cops_summary AS s
WHERE s.job_openings > s.job_seekers
ORDER BY gap DESC, s.unit_group_id
LIMIT 25",
    },
    CannedQuery {
        id: "resolution-tiers",
        title_en: "Job-architecture titles by resolution tier",
        title_fr: "Titres de l’architecture d’emplois par niveau de résolution",
        sql: "SELECT COALESCE(tier, 'UNRESOLVED') AS tier,
       COUNT(*) AS titles,
       ROUND(AVG(confidence), 2) AS mean_confidence,
       COUNT(DISTINCT unit_group_id) AS unit_groups
FROM job_architecture_resolution
GROUP BY 1
ORDER BY titles DESC, tier",
    },
    CannedQuery {
        id: "tables-by-rows",
        title_en: "Published tables by number of rows",
        title_fr: "Tables publiées selon le nombre de lignes",
        sql: "SELECT table_name, domain, row_count, column_count,
       ROUND(file_bytes / 1024.0, 1) AS file_kib
FROM catalog_tables
ORDER BY row_count DESC, table_name",
    },
];

/// The question with that id.
pub fn find(id: &str) -> Option<&'static CannedQuery> {
    CANNED.iter().find(|q| q.id == id)
}
