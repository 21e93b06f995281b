//! Batch coding over Arrow arrays: the titles are read in place (the C data
//! interface hands over pyarrow's buffers, no copy), coded by the CLI's
//! `code_rows`, and the coding columns built as Arrow arrays.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, StringBuilder};
use arrow_array::{
    make_array, Array, ArrayRef, LargeStringArray, RecordBatch, StringArray, StringViewArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use jobforge_core::batch::{Coded, ADDED_COLUMNS};
use jobforge_core::resolve::ResolverData;
use jobforge_core::search::SearchIndex;

#[derive(Debug, thiserror::Error)]
pub enum CodingError {
    #[error("{what} must be an array of strings, not {found}")]
    NotText { what: &'static str, found: DataType },
    #[error("unit_groups has {found} rows but titles has {expected}: give one per title")]
    Length { expected: usize, found: usize },
    #[error(transparent)]
    Arrow(#[from] ArrowError),
}

/// A string column of any of Arrow's three layouts (pyarrow's `string`,
/// Polars' `large_string` or `string_view`), or all nulls.
pub enum Text {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
    Null(usize),
}

impl Text {
    pub fn new(array: ArrayRef, what: &'static str) -> Result<Text, CodingError> {
        let any = array.as_any();
        if let Some(a) = any.downcast_ref::<StringArray>() {
            return Ok(Text::Utf8(a.clone()));
        }
        if let Some(a) = any.downcast_ref::<LargeStringArray>() {
            return Ok(Text::Large(a.clone()));
        }
        if let Some(a) = any.downcast_ref::<StringViewArray>() {
            return Ok(Text::View(a.clone()));
        }
        match array.data_type() {
            DataType::Null => Ok(Text::Null(array.len())),
            t => Err(CodingError::NotText {
                what,
                found: t.clone(),
            }),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Text::Utf8(a) => a.len(),
            Text::Large(a) => a.len(),
            Text::View(a) => a.len(),
            Text::Null(n) => *n,
        }
    }

    /// Row `i`, `None` when null.
    pub fn get(&self, i: usize) -> Option<&str> {
        match self {
            Text::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Text::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Text::View(a) => a.is_valid(i).then(|| a.value(i)),
            Text::Null(_) => None,
        }
    }
}

/// The output's columns: the input's (`title`, and `unit_group` when
/// given), then [`ADDED_COLUMNS`]; `confidence` is a float (null where the
/// CLI writes an empty cell), `needs_review` a boolean, the rest text as
/// the CLI writes it.
pub fn schema(titles: &ArrayRef, unit_groups: Option<&ArrayRef>) -> Schema {
    let mut fields = vec![Field::new("title", titles.data_type().clone(), true)];
    if let Some(u) = unit_groups {
        fields.push(Field::new("unit_group", u.data_type().clone(), true));
    }
    for name in ADDED_COLUMNS {
        let t = match name {
            "confidence" => DataType::Float64,
            "needs_review" => DataType::Boolean,
            _ => DataType::Utf8,
        };
        fields.push(Field::new(name, t, name == "confidence"));
    }
    Schema::new(fields)
}

/// Codes one chunk as `jobforge code` codes a file's rows: the same
/// `code_rows`, a blank unit group read as none (the CLI's blank cell).
pub fn code_chunk(
    index: &SearchIndex,
    resolver: Option<&ResolverData>,
    titles: ArrayRef,
    unit_groups: Option<ArrayRef>,
    threads: usize,
) -> Result<RecordBatch, CodingError> {
    let t = Text::new(titles.clone(), "titles")?;
    let u = unit_groups
        .clone()
        .map(|u| Text::new(u, "unit_groups"))
        .transpose()?;
    if let Some(u) = &u {
        if u.len() != t.len() {
            return Err(CodingError::Length {
                expected: t.len(),
                found: u.len(),
            });
        }
    }
    let coded = jobforge::cli::code::code_rows(index, resolver, t.len(), threads, |i| {
        let ug = u
            .as_ref()
            .and_then(|u| u.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty());
        (t.get(i), ug)
    });
    let schema = Arc::new(schema(&titles, unit_groups.as_ref()));
    let mut columns: Vec<ArrayRef> = vec![titles];
    columns.extend(unit_groups);
    columns.extend(added_columns(&coded));
    Ok(RecordBatch::try_new(schema, columns)?)
}

/// [`ADDED_COLUMNS`] as Arrow arrays.
fn added_columns(coded: &[Coded]) -> Vec<ArrayRef> {
    let text = |f: fn(&Coded) -> &str| -> ArrayRef {
        let bytes = coded.iter().map(|c| f(c).len()).sum();
        let mut b = StringBuilder::with_capacity(coded.len(), bytes);
        for c in coded {
            b.append_value(f(c));
        }
        Arc::new(b.finish())
    };
    let mut confidence = Float64Builder::with_capacity(coded.len());
    let mut review = BooleanBuilder::with_capacity(coded.len());
    for c in coded {
        // The CLI's own 3-decimal text, so the float is exactly its value.
        confidence.append_option(c.confidence.parse::<f64>().ok());
        review.append_value(c.needs_review);
    }
    vec![
        text(|c| &c.noc_code),
        text(|c| &c.noc_title),
        text(|c| &c.oasis_profile_code),
        Arc::new(confidence.finish()),
        text(|c| &c.method),
        text(|c| &c.matched_title),
        text(|c| &c.alternatives),
        Arc::new(review.finish()),
    ]
}

/// An imported array as an [`ArrayRef`].
pub fn array(data: arrow_data::ArrayData) -> ArrayRef {
    make_array(data)
}
