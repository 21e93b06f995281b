//! A cache of trained search indexes for `jobforge search` and `jobforge
//! code`, so that only the first query after a change pays for training
//! (about 45 s on 2 cores).
//!
//! The file name is a sha256 of everything the index depends on: the
//! titles and unit groups it is trained from, the search settings, and a
//! salt naming the program (the CLI passes a hash of its own executable, so
//! a rebuilt `jobforge` never reads an index trained by another version's
//! code). A file that does not decode is a miss and is overwritten. Storing
//! an index removes the folder's other indexes: they were trained for other
//! sources, settings or programs, and each is 2 MB.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use jobforge_core::search::{SearchConfig, SearchIndex};
use sha2::{Digest, Sha256};

use crate::clients::cache::key_of;
use crate::search_data::SearchData;

/// The cache file for this data, these settings and this program.
pub fn path(dir: &Path, data: &SearchData, config: &SearchConfig, salt: &[u8]) -> PathBuf {
    // Serialising these plain structs cannot fail; an error still changes
    // the key rather than colliding with another input.
    let json = |r: serde_json::Result<String>| r.unwrap_or_else(|e| e.to_string());
    let key = key_of(&[
        &hex::encode(salt),
        &json(serde_json::to_string(config)),
        &json(serde_json::to_string(&data.entries)),
        &json(serde_json::to_string(&data.unit_groups)),
    ]);
    dir.join(format!("search-index-{key}.bin"))
}

/// A salt naming this program: the sha256 of its executable, read in
/// blocks (a debug build is hundreds of MB).
pub fn program_salt() -> std::io::Result<Vec<u8>> {
    let mut f = std::fs::File::open(std::env::current_exe()?)?;
    let (mut h, mut buf) = (Sha256::new(), vec![0u8; 1 << 16]);
    loop {
        match f.read(&mut buf)? {
            0 => return Ok(h.finalize().to_vec()),
            n => h.update(&buf[..n]),
        }
    }
}

/// The cached index, if the file exists and decodes.
pub fn load(path: &Path) -> Option<SearchIndex> {
    let bytes = std::fs::read(path).ok()?;
    SearchIndex::from_bytes(&bytes).ok()
}

/// Writes the index through a temporary file and a rename, so a reader
/// never sees half a file, then removes the folder's other indexes.
pub fn store(path: &Path, index: &SearchIndex) -> std::io::Result<()> {
    let bytes = index
        .to_bytes()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    for entry in std::fs::read_dir(dir)? {
        let other = entry?.path();
        let name = other.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if other != path && name.starts_with("search-index-") && name.ends_with(".bin") {
            std::fs::remove_file(&other)?;
        }
    }
    Ok(())
}

/// The index from the cache, or trained and stored. A failure to store is
/// returned beside the index: the answer does not depend on the cache.
pub fn get_or_build(
    dir: &Path,
    data: SearchData,
    config: &SearchConfig,
    salt: &[u8],
) -> Result<(SearchIndex, Option<std::io::Error>), jobforge_core::search::SearchError> {
    let path = path(dir, &data, config, salt);
    if let Some(index) = load(&path) {
        return Ok((index, None));
    }
    let index = SearchIndex::build(&data.entries, data.unit_groups, config)?;
    let stored = store(&path, &index).err();
    Ok((index, stored))
}

/// A cache folder and the salt naming the program whose indexes it keeps.
#[derive(Debug, Clone)]
pub struct IndexCache {
    pub dir: PathBuf,
    pub salt: Vec<u8>,
}

/// [`index_of`], with a failure to store said on standard error: the index
/// is right either way, only the next run trains again.
pub fn index_or_warn(
    gold: &crate::model::Gold,
    config: &SearchConfig,
    cache: Option<&IndexCache>,
) -> Result<SearchIndex, crate::search_data::SearchDataError> {
    let (index, store_error) = index_of(gold, config, cache)?;
    if let (Some(e), Some(c)) = (store_error, cache) {
        eprintln!(
            "warning: could not cache the search index in {}: {e}",
            c.dir.display()
        );
    }
    Ok(index)
}

/// The search index of a build's gold tables: from `cache` when it has this
/// one, else trained (and stored there). A failure to store is returned
/// beside the index, which is right either way.
pub fn index_of(
    gold: &crate::model::Gold,
    config: &SearchConfig,
    cache: Option<&IndexCache>,
) -> Result<(SearchIndex, Option<std::io::Error>), crate::search_data::SearchDataError> {
    match cache {
        None => Ok((crate::search_data::build_index(gold, config)?, None)),
        Some(c) => {
            let data = crate::search_data::gather(gold)?;
            Ok(get_or_build(&c.dir, data, config, &c.salt)?)
        }
    }
}
