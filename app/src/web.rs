//! The few browser calls the app makes, in one place: fetch, the address
//! bar, timing, downloads and yielding to the event loop.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub fn window() -> web_sys::Window {
    // The app only ever runs in a page.
    web_sys::window().expect("no window")
}

pub fn document() -> web_sys::Document {
    window().document().expect("no document")
}

fn js_message(v: JsValue) -> String {
    v.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| v.as_string())
        .unwrap_or_else(|| format!("{v:?}"))
}

/// GETs `url` (relative to the page) as bytes. A network failure or a
/// status other than 2xx is an error with the reason.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let resp = JsFuture::from(window().fetch_with_str(url))
        .await
        .map_err(js_message)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(js_message)?;
    if !resp.ok() {
        return Err(format!("HTTP {} {}", resp.status(), resp.status_text()));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(js_message)?)
        .await
        .map_err(js_message)?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Milliseconds since the page started loading.
pub fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// Waits `ms` milliseconds; with 0, lets the browser paint and handle input
/// between chunks of work.
pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(p).await;
}

/// A query-string parameter of the page's address.
pub fn param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
        .filter(|v| !v.is_empty())
}

/// `?a=1&b=2` from pairs, skipping empty values.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let Ok(p) = web_sys::UrlSearchParams::new() else {
        return String::new();
    };
    for (k, v) in pairs {
        if !v.is_empty() {
            p.append(k, v);
        }
    }
    let s = String::from(p.to_string());
    if s.is_empty() {
        s
    } else {
        format!("?{s}")
    }
}

/// Puts `search` in the address bar without a reload or a history entry,
/// and points the language toggle at the same state in the other language.
pub fn set_search(search: &str, toggle_base: &str) {
    let w = window();
    let path = w.location().pathname().unwrap_or_default();
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{search}")));
    }
    if let Some(a) = document().query_selector(".lang-toggle a").ok().flatten() {
        let _ = a.set_attribute("href", &format!("{toggle_base}{search}"));
    }
}

/// Offers `text` as a file download; nothing leaves the browser.
pub fn download(name: &str, text: &str, mime: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Sets `window.wiqPerf[key] = value`, the figures the performance test reads.
pub fn perf_record(key: &str, value: f64) {
    let w = window();
    let perf = js_sys::Reflect::get(&w, &"wiqPerf".into())
        .ok()
        .filter(|v| v.is_object())
        .unwrap_or_else(|| {
            let o = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&w, &"wiqPerf".into(), &o);
            o.into()
        });
    let _ = js_sys::Reflect::set(&perf, &key.into(), &value.into());
}

/// Moves focus to the next (or previous) element matching `selector`,
/// starting from the focused one; wraps around. Returns whether it moved.
pub fn move_focus(selector: &str, forward: bool) -> bool {
    let doc = document();
    let Ok(list) = doc.query_selector_all(selector) else {
        return false;
    };
    let n = list.length();
    if n == 0 {
        return false;
    }
    let active = doc.active_element();
    let current = (0..n).find(|&i| {
        list.item(i)
            .zip(active.as_ref())
            .is_some_and(|(a, b)| a.is_same_node(Some(b.as_ref())))
    });
    let next = match (current, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    if let Some(el) = list
        .item(next)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
        return true;
    }
    false
}

/// Reads a chosen file's bytes.
pub async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(js_message)?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}
