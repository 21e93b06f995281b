//! The static assets of `public/` (CSS, fonts, icon), compiled into the
//! binary like the source manifest, so `jobforge build` writes a complete
//! site from any folder. The GC Design System files are vendored by
//! `tests/e2e/vendor-gcds.mjs`.

macro_rules! assets {
    ($($path:literal),* $(,)?) => {
        /// (path under the site root, bytes), for every file of `public/`.
        pub const ALL: &[(&str, &[u8])] = &[
            $(($path, include_bytes!(concat!("../../public/", $path)))),*
        ];
    };
}

assets!(
    "assets/css/wiq.css",
    "assets/fonts/LICENSE-lato.txt",
    "assets/fonts/LICENSE-noto-sans-mono.txt",
    "assets/fonts/LICENSE-noto-sans.txt",
    "assets/fonts/lato-700.woff2",
    "assets/fonts/noto-sans-400-italic.woff2",
    "assets/fonts/noto-sans-400.woff2",
    "assets/fonts/noto-sans-700.woff2",
    "assets/fonts/noto-sans-mono-400.woff2",
    "assets/gcds/LICENSE-gcds.txt",
    "assets/gcds/gcds.css",
    "assets/img/favicon.svg",
);

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn files(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).expect("public/") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                files(&p, root, out);
            } else {
                let rel: PathBuf = p.strip_prefix(root).expect("prefix").into();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }

    #[test]
    fn every_public_file_is_listed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public");
        let mut on_disk = Vec::new();
        files(&root, &root, &mut on_disk);
        on_disk.sort();
        let mut listed: Vec<String> = super::ALL.iter().map(|(p, _)| p.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed, "public/ and site/src/assets.rs differ");
    }
}
