//! `data/SHA256SUMS`: the sha256 of every file the build published under
//! `data/`, in the format `sha256sum -c` reads ("<hex>  <path>", paths
//! relative to `data/`, sorted). Data teams check their downloads with it,
//! and the browser app checks every parquet file against it before decoding:
//! the parquet crate's record reader can panic on corrupt pages, and a panic
//! in the wasm would kill the page.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The file's name under `data/`.
pub const FILE: &str = "SHA256SUMS";

/// Writes `dir/SHA256SUMS` for every other file under `dir`, recursively.
pub fn write(dir: &Path) -> std::io::Result<PathBuf> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.retain(|(rel, _)| rel != FILE);
    files.sort();
    let mut text = String::new();
    for (rel, path) in &files {
        let digest = Sha256::digest(std::fs::read(path)?);
        text.push_str(&format!("{}  {rel}\n", hex::encode(digest)));
    }
    let out = dir.join(FILE);
    std::fs::write(&out, text)?;
    Ok(out)
}

/// (path relative to `root` with `/` separators, full path) of every file.
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_file_sorted_with_its_sha256_as_sha256sum_writes_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("lineage")).expect("sub-folder");
        std::fs::write(dir.path().join("b.parquet"), b"abc").expect("write");
        std::fs::write(dir.path().join("lineage/a.json"), b"").expect("write");
        write(dir.path()).expect("sums");
        // Rewriting does not list the sums file itself.
        write(dir.path()).expect("sums again");
        let text = std::fs::read_to_string(dir.path().join(FILE)).expect("read");
        assert_eq!(
            text,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  b.parquet\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  lineage/a.json\n"
        );
    }
}
