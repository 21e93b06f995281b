//! From sqlparser's expressions to [`BExpr`]: names become column
//! positions (with the position of the name in the SQL when it is unknown),
//! literals become values, functions are looked up and their arguments
//! counted. Uncorrelated subqueries (`IN (SELECT …)`, scalar, EXISTS) run
//! here, once, and become constants.

use std::collections::HashSet;
use std::sync::Arc;

use sqlparser::ast::{
    self, BinaryOperator, CastKind, CeilFloorKind, DateTimeField, DuplicateTreatment, Expr,
    Function, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, InTarget, Spanned,
    TrimWhereField, UnaryOperator,
};

use crate::aggregate::{self, AggCall, AggFunc};
use crate::error::{closest, pos};
use crate::exec::{Ctes, Exec, Field};
use crate::expr::{Arith, BExpr, Cmp, ValueSet};
use crate::func::{self, Func};
use crate::like::Pattern;
use crate::value::{row_key, Key};
use crate::{DataType, QueryError, Value};

pub(crate) struct Binder<'a> {
    exec: &'a Exec<'a>,
    fields: &'a [Field],
    ctes: &'a Ctes,
    /// `Some(clause)` where aggregates are not allowed, for the message.
    no_agg: Option<&'static str>,
}

fn b(e: BExpr) -> Box<BExpr> {
    Box::new(e)
}

/// An unsupported construct, quoted (shortened) in the message.
pub(crate) fn unsupported(node: &(impl Spanned + std::fmt::Display), what: &str) -> QueryError {
    let mut text = node.to_string();
    if text.chars().count() > 60 {
        text = text.chars().take(57).collect::<String>() + "…";
    }
    QueryError::unsupported(format!("{what}: `{text}`"), pos(node.span()))
}

impl<'a> Binder<'a> {
    pub(crate) fn new(exec: &'a Exec<'a>, fields: &'a [Field], ctes: &'a Ctes) -> Binder<'a> {
        Binder {
            exec,
            fields,
            ctes,
            no_agg: None,
        }
    }

    /// The same binder, refusing aggregates (in WHERE, ON, GROUP BY…).
    pub(crate) fn no_agg(&self, clause: &'static str) -> Binder<'a> {
        Binder {
            exec: self.exec,
            fields: self.fields,
            ctes: self.ctes,
            no_agg: Some(clause),
        }
    }

    /// Resolves `[qualifier.]name` to a column position.
    pub(crate) fn resolve(&self, qual: Option<&Ident>, name: &Ident) -> Result<usize, QueryError> {
        let n = name.value.to_lowercase();
        let q = qual.map(|q| q.value.to_lowercase());
        let qualified_by = |f: &Field, q: &str| {
            f.qualifier
                .as_deref()
                .is_some_and(|fq| fq.to_lowercase() == q)
        };
        let mut hits = self.fields.iter().enumerate().filter(|(_, f)| {
            f.name.to_lowercase() == n
                && match &q {
                    Some(q) => qualified_by(f, q),
                    None => !f.hidden,
                }
        });
        let first = hits.next();
        let position = pos(qual.map_or(name.span, |q| q.span));
        let shown = match qual {
            Some(q) => format!("{}.{}", q.value, name.value),
            None => name.value.clone(),
        };
        match (first, hits.next()) {
            (Some((i, _)), None) => Ok(i),
            (Some(_), Some(_)) => Err(QueryError::AmbiguousColumn {
                name: shown,
                position,
            }),
            (None, _) => {
                if let (Some(q), Some(qi)) = (&q, qual) {
                    if !self.fields.iter().any(|f| qualified_by(f, q)) {
                        let mut quals: Vec<&str> = self
                            .fields
                            .iter()
                            .filter_map(|f| f.qualifier.as_deref())
                            .collect();
                        quals.dedup();
                        return Err(QueryError::UnknownTable {
                            name: qi.value.clone(),
                            position,
                            suggestion: closest(&qi.value, quals.into_iter()),
                        });
                    }
                }
                let candidates = self.fields.iter().filter(|f| match &q {
                    Some(q) => qualified_by(f, q),
                    None => true,
                });
                Err(QueryError::UnknownColumn {
                    name: shown,
                    position,
                    suggestion: closest(&name.value, candidates.map(|f| f.name.as_str())),
                })
            }
        }
    }

    pub(crate) fn bind(&self, e: &Expr) -> Result<BExpr, QueryError> {
        Ok(match e {
            Expr::Identifier(id) => BExpr::Col(self.resolve(None, id)?),
            Expr::CompoundIdentifier(ids) => match ids.as_slice() {
                [q, n] => BExpr::Col(self.resolve(Some(q), n)?),
                _ => return Err(unsupported(e, "names with more than two parts")),
            },
            Expr::Value(v) => BExpr::Lit(literal(&v.value, e)?),
            Expr::Nested(inner) => self.bind(inner)?,
            Expr::UnaryOp { op, expr } => {
                let x = self.bind(expr)?;
                match op {
                    UnaryOperator::Minus => BExpr::Neg(b(x)),
                    UnaryOperator::Plus => x,
                    UnaryOperator::Not => BExpr::Not(b(x)),
                    _ => return Err(unsupported(e, "this operator is not supported")),
                }
            }
            Expr::BinaryOp { left, op, right } => {
                let (l, r) = (b(self.bind(left)?), b(self.bind(right)?));
                match op {
                    BinaryOperator::Plus => BExpr::Arith(Arith::Add, l, r),
                    BinaryOperator::Minus => BExpr::Arith(Arith::Sub, l, r),
                    BinaryOperator::Multiply => BExpr::Arith(Arith::Mul, l, r),
                    BinaryOperator::Divide => BExpr::Arith(Arith::Div, l, r),
                    BinaryOperator::DuckIntegerDivide | BinaryOperator::MyIntegerDivide => {
                        BExpr::Arith(Arith::IntDiv, l, r)
                    }
                    BinaryOperator::Modulo => BExpr::Arith(Arith::Mod, l, r),
                    BinaryOperator::StringConcat => BExpr::Concat(l, r),
                    BinaryOperator::Eq => BExpr::Cmp(Cmp::Eq, l, r),
                    BinaryOperator::NotEq => BExpr::Cmp(Cmp::NotEq, l, r),
                    BinaryOperator::Lt => BExpr::Cmp(Cmp::Lt, l, r),
                    BinaryOperator::LtEq => BExpr::Cmp(Cmp::LtEq, l, r),
                    BinaryOperator::Gt => BExpr::Cmp(Cmp::Gt, l, r),
                    BinaryOperator::GtEq => BExpr::Cmp(Cmp::GtEq, l, r),
                    BinaryOperator::And => BExpr::And(l, r),
                    BinaryOperator::Or => BExpr::Or(l, r),
                    _ => return Err(unsupported(e, &format!("operator {op} is not supported"))),
                }
            }
            Expr::IsNull(x) => BExpr::IsNull(b(self.bind(x)?), false),
            Expr::IsNotNull(x) => BExpr::IsNull(b(self.bind(x)?), true),
            Expr::IsTrue(x) => BExpr::IsBool(b(self.bind(x)?), true, false),
            Expr::IsNotTrue(x) => BExpr::IsBool(b(self.bind(x)?), true, true),
            Expr::IsFalse(x) => BExpr::IsBool(b(self.bind(x)?), false, false),
            Expr::IsNotFalse(x) => BExpr::IsBool(b(self.bind(x)?), false, true),
            Expr::IsDistinctFrom(l, r) => {
                BExpr::DistinctFrom(b(self.bind(l)?), b(self.bind(r)?), false)
            }
            Expr::IsNotDistinctFrom(l, r) => {
                BExpr::DistinctFrom(b(self.bind(l)?), b(self.bind(r)?), true)
            }
            Expr::In {
                expr,
                target,
                negated,
                global: false,
            } => {
                let x = b(self.bind(expr)?);
                match target {
                    InTarget::List(list) => BExpr::InList {
                        expr: x,
                        list: list
                            .iter()
                            .map(|i| self.bind(i))
                            .collect::<Result<_, _>>()?,
                        negated: *negated,
                    },
                    InTarget::Subquery(q) => {
                        let rel = self.subquery(q, e)?;
                        let mut set = ValueSet {
                            keys: HashSet::new(),
                            has_null: false,
                        };
                        for row in &rel.rows {
                            match row.first() {
                                Some(Value::Null) | None => set.has_null = true,
                                Some(v) => {
                                    set.keys.insert(Key::from(v));
                                }
                            }
                        }
                        BExpr::InSet {
                            expr: x,
                            set: Arc::new(set),
                            negated: *negated,
                        }
                    }
                    _ => return Err(unsupported(e, "this form of IN is not supported")),
                }
            }
            Expr::Between {
                expr,
                negated,
                low,
                high,
            } => BExpr::Between {
                expr: b(self.bind(expr)?),
                low: b(self.bind(low)?),
                high: b(self.bind(high)?),
                negated: *negated,
            },
            Expr::Like {
                negated,
                any: false,
                expr,
                pattern,
                escape_char,
            } => self.like(expr, pattern, escape_char.as_deref(), *negated, false)?,
            Expr::ILike {
                negated,
                any: false,
                expr,
                pattern,
                escape_char,
            } => self.like(expr, pattern, escape_char.as_deref(), *negated, true)?,
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => BExpr::Case {
                operand: operand.as_deref().map(|o| self.bind(o)).transpose()?.map(b),
                whens: conditions
                    .iter()
                    .map(|w| Ok((self.bind(&w.condition)?, self.bind(&w.result)?)))
                    .collect::<Result<_, QueryError>>()?,
                otherwise: else_result
                    .as_deref()
                    .map(|o| self.bind(o))
                    .transpose()?
                    .map(b),
            },
            Expr::Cast {
                kind,
                expr,
                data_type,
                format: None,
            } => BExpr::Cast {
                expr: b(self.bind(expr)?),
                to: cast_type(data_type, e)?,
                try_cast: matches!(kind, CastKind::TryCast | CastKind::SafeCast),
            },
            Expr::Function(f) => self.function(f, e)?,
            Expr::Substring {
                expr,
                substring_from,
                substring_for,
                ..
            } => {
                let Some(from) = substring_from else {
                    return Err(QueryError::invalid(
                        "substr takes 2 to 3 arguments, got 1",
                        pos(e.span()),
                    ));
                };
                let mut args = vec![self.bind(expr)?, self.bind(from)?];
                if let Some(f) = substring_for {
                    args.push(self.bind(f)?);
                }
                BExpr::Func(Func::Substr, args)
            }
            Expr::Trim {
                trim_where,
                trim_what,
                expr,
                trim_characters,
            } => {
                let f = match trim_where {
                    None | Some(TrimWhereField::Both) => Func::Trim,
                    Some(TrimWhereField::Leading) => Func::Ltrim,
                    Some(TrimWhereField::Trailing) => Func::Rtrim,
                };
                let mut args = vec![self.bind(expr)?];
                let chars = match (trim_what, trim_characters.as_deref()) {
                    (Some(w), _) => Some(w.as_ref()),
                    (None, Some([c])) => Some(c),
                    (None, None) => None,
                    (None, Some(_)) => {
                        return Err(unsupported(e, "TRIM takes one set of characters"))
                    }
                };
                if let Some(c) = chars {
                    args.push(self.bind(c)?);
                }
                BExpr::Func(f, args)
            }
            Expr::Ceil {
                expr,
                field: CeilFloorKind::DateTimeField(DateTimeField::NoDateTime),
            } => BExpr::Func(Func::Ceil, vec![self.bind(expr)?]),
            Expr::Floor {
                expr,
                field: CeilFloorKind::DateTimeField(DateTimeField::NoDateTime),
            } => BExpr::Func(Func::Floor, vec![self.bind(expr)?]),
            Expr::Position { expr, r#in } => {
                BExpr::Func(Func::StrPos, vec![self.bind(r#in)?, self.bind(expr)?])
            }
            Expr::Subquery(q) => {
                let rel = self.subquery(q, e)?;
                if rel.rows.len() > 1 {
                    return Err(QueryError::eval(
                        "more than one row returned by a subquery used as an expression",
                    ));
                }
                BExpr::Lit(
                    rel.rows
                        .first()
                        .and_then(|r| r.first())
                        .cloned()
                        .unwrap_or(Value::Null),
                )
            }
            Expr::Exists { subquery, negated } => {
                let rel = self
                    .exec
                    .query(subquery, self.ctes)
                    .map_err(|err| self.correlated(err))?;
                BExpr::Lit(Value::Bool(rel.rows.is_empty() == *negated))
            }
            _ => return Err(unsupported(e, "this expression is not supported")),
        })
    }

    /// Runs an uncorrelated subquery that must give one column.
    fn subquery(&self, q: &ast::Query, e: &Expr) -> Result<crate::exec::Relation, QueryError> {
        let rel = self
            .exec
            .query(q, self.ctes)
            .map_err(|err| self.correlated(err))?;
        if rel.fields.len() != 1 {
            return Err(QueryError::invalid(
                format!(
                    "the subquery returns {} columns where one is expected",
                    rel.fields.len()
                ),
                pos(e.span()),
            ));
        }
        Ok(rel)
    }

    /// A name unknown inside a subquery but known outside it: the subquery
    /// is correlated, which the engine does not run. Saying so beats
    /// "unknown table".
    fn correlated(&self, err: QueryError) -> QueryError {
        let outer = |n: &str| {
            let n = n.to_lowercase();
            self.fields.iter().any(|f| {
                f.name.to_lowercase() == n
                    || f.qualifier
                        .as_deref()
                        .is_some_and(|q| q.to_lowercase() == n)
            })
        };
        match err {
            QueryError::UnknownTable { name, position, .. } if outer(&name) => {
                QueryError::unsupported(
                    format!("`{name}` refers to the outer query: correlated subqueries are not supported (use a JOIN)"),
                    position,
                )
            }
            QueryError::UnknownColumn { name, position, .. }
                if outer(name.rsplit('.').next().unwrap_or(&name)) =>
            {
                QueryError::unsupported(
                    format!("`{name}` refers to the outer query: correlated subqueries are not supported (use a JOIN)"),
                    position,
                )
            }
            other => other,
        }
    }

    fn like(
        &self,
        expr: &Expr,
        pattern: &Expr,
        escape: Option<&Expr>,
        negated: bool,
        fold_case: bool,
    ) -> Result<BExpr, QueryError> {
        let escape = match escape {
            None => None,
            Some(x) => match self.bind(x)? {
                BExpr::Lit(Value::Text(s)) if s.chars().count() == 1 => s.chars().next(),
                _ => {
                    return Err(QueryError::invalid(
                        "ESCAPE takes a single character",
                        pos(x.span()),
                    ))
                }
            },
        };
        let pattern = self.bind(pattern)?;
        let compiled = match &pattern {
            BExpr::Lit(Value::Text(p)) => Some(Arc::new(Pattern::new(p, escape, fold_case)?)),
            _ => None,
        };
        Ok(BExpr::Like {
            expr: b(self.bind(expr)?),
            compiled,
            pattern: b(pattern),
            escape,
            fold_case,
            negated,
        })
    }

    fn function(&self, f: &Function, e: &Expr) -> Result<BExpr, QueryError> {
        let position = pos(f.name.span());
        let name = match f.name.0.as_slice() {
            [part] => part
                .as_ident()
                .map(|i| i.value.to_lowercase())
                .ok_or_else(|| unsupported(e, "this function name is not supported"))?,
            _ => return Err(unsupported(e, "qualified function names are not supported")),
        };
        if f.over.is_some() {
            return Err(unsupported(e, "window functions (OVER) are not supported"));
        }
        if !f.within_group.is_empty()
            || f.null_treatment.is_some()
            || !matches!(f.parameters, FunctionArguments::None)
        {
            return Err(unsupported(e, "this function syntax is not supported"));
        }
        let (args, distinct) = match &f.args {
            FunctionArguments::None => (&[][..], false),
            FunctionArguments::List(l) => {
                if !l.clauses.is_empty() {
                    return Err(unsupported(
                        e,
                        "clauses inside function arguments are not supported",
                    ));
                }
                (
                    l.args.as_slice(),
                    l.duplicate_treatment == Some(DuplicateTreatment::Distinct),
                )
            }
            FunctionArguments::Subquery(_) => {
                return Err(unsupported(e, "a subquery as function argument"))
            }
        };

        if let Some(agg) = aggregate::lookup(&name) {
            if let Some(clause) = self.no_agg {
                return Err(QueryError::invalid(
                    format!("aggregate functions are not allowed in {clause}"),
                    position,
                ));
            }
            let inner = self.no_agg("the argument of an aggregate function");
            let (func, arg) = match (agg, args) {
                (AggFunc::Count, [FunctionArg::Unnamed(FunctionArgExpr::Wildcard)])
                    if !distinct =>
                {
                    (AggFunc::CountStar, None)
                }
                (AggFunc::Count, []) if !distinct => (AggFunc::CountStar, None),
                (_, [FunctionArg::Unnamed(FunctionArgExpr::Expr(a))]) => {
                    (agg, Some(inner.bind(a)?))
                }
                _ => {
                    return Err(QueryError::invalid(
                        format!("{name} takes one argument"),
                        position,
                    ))
                }
            };
            let filter = f
                .filter
                .as_deref()
                .map(|x| self.no_agg("FILTER").bind(x))
                .transpose()?;
            return Ok(BExpr::Agg(Box::new(AggCall {
                func,
                arg,
                distinct,
                filter,
            })));
        }
        if distinct || f.filter.is_some() {
            return Err(QueryError::invalid(
                format!("DISTINCT and FILTER apply to aggregate functions, not to {name}"),
                position,
            ));
        }
        let Some((func, lo, hi)) = func::lookup(&name) else {
            let hint = closest(
                &name,
                func::names().chain(aggregate::AGG_NAMES.iter().copied()),
            )
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
            return Err(QueryError::invalid(
                format!("unknown function `{name}`{hint}"),
                position,
            ));
        };
        if args.len() < lo || args.len() > hi {
            let expected = if lo == hi {
                format!("{lo}")
            } else if hi == usize::MAX {
                format!("at least {lo}")
            } else {
                format!("{lo} to {hi}")
            };
            return Err(QueryError::invalid(
                format!("{name} takes {expected} argument(s), got {}", args.len()),
                position,
            ));
        }
        let args = args
            .iter()
            .map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => self.bind(x),
                _ => Err(unsupported(e, "this kind of function argument")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(BExpr::Func(func, args))
    }
}

fn literal(v: &ast::Value, e: &Expr) -> Result<Value, QueryError> {
    Ok(match v {
        ast::Value::Number(s, _) => {
            if let Ok(i) = s.parse::<i64>() {
                Value::Int(i)
            } else {
                Value::Float(
                    s.parse::<f64>().map_err(|_| {
                        QueryError::invalid(format!("bad number {s}"), pos(e.span()))
                    })?,
                )
            }
        }
        ast::Value::Boolean(b) => Value::Bool(*b),
        ast::Value::Null => Value::Null,
        ast::Value::Placeholder(_) => {
            return Err(unsupported(e, "query parameters are not supported"))
        }
        other => match other.clone().into_string() {
            Some(s) => Value::from(s),
            None => return Err(unsupported(e, "this literal is not supported")),
        },
    })
}

/// The engine type a SQL type name maps to. DECIMAL and NUMERIC become
/// DOUBLE: the engine has no fixed-point type.
fn cast_type(t: &ast::DataType, e: &Expr) -> Result<DataType, QueryError> {
    let name = t.to_string().to_uppercase();
    let base = name.split('(').next().unwrap_or_default().trim();
    Ok(match base {
        "INT" | "INTEGER" | "BIGINT" | "SMALLINT" | "TINYINT" | "HUGEINT" | "INT2" | "INT4"
        | "INT8" | "INT16" | "INT32" | "INT64" | "LONG" | "UBIGINT" | "UINTEGER" | "USMALLINT"
        | "UTINYINT" | "SIGNED" => DataType::Int,
        "DOUBLE" | "FLOAT" | "REAL" | "DECIMAL" | "NUMERIC" | "FLOAT4" | "FLOAT8" | "FLOAT64"
        | "DOUBLE PRECISION" => DataType::Float,
        "VARCHAR" | "TEXT" | "STRING" | "CHAR" | "CHARACTER" | "CHARACTER VARYING" | "BPCHAR"
        | "NVARCHAR" => DataType::Text,
        "BOOLEAN" | "BOOL" | "LOGICAL" => DataType::Bool,
        _ => {
            return Err(QueryError::unsupported(
                format!("CAST to {name}: use INTEGER, DOUBLE, VARCHAR or BOOLEAN"),
                pos(e.span()),
            ))
        }
    })
}

/// The column name of an unaliased select item: a column keeps its name,
/// anything else is named by its SQL text.
pub(crate) fn output_name(e: &Expr) -> String {
    match e {
        Expr::Identifier(i) => i.value.clone(),
        Expr::CompoundIdentifier(ids) => ids.last().map(|i| i.value.clone()).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// Replaces, in an expression bound against the input rows, each GROUP BY
/// key by its position in the grouped row and each aggregate call by the
/// position of its result (collected into `aggs`). A column left over is
/// neither grouped nor aggregated: that is the classic SQL error.
pub(crate) fn lift(
    e: &BExpr,
    keys: &[BExpr],
    aggs: &mut Vec<AggCall>,
    fields: &[Field],
) -> Result<BExpr, QueryError> {
    if let Some(i) = keys.iter().position(|k| k == e) {
        return Ok(BExpr::Col(i));
    }
    match e {
        BExpr::Agg(call) => {
            let j = match aggs.iter().position(|a| a == call.as_ref()) {
                Some(j) => j,
                None => {
                    aggs.push(call.as_ref().clone());
                    aggs.len() - 1
                }
            };
            Ok(BExpr::Col(keys.len() + j))
        }
        BExpr::Col(i) => Err(QueryError::invalid(
            format!(
                "column `{}` must appear in the GROUP BY clause or be used in an aggregate function",
                fields.get(*i).map_or("?", |f| f.name.as_str())
            ),
            None,
        )),
        other => other.try_map_children(&mut |c| lift(c, keys, aggs, fields)),
    }
}

/// Distinct rows, first occurrence kept.
pub(crate) fn dedupe<T>(rows: Vec<(Vec<Value>, T)>) -> Vec<(Vec<Value>, T)> {
    let mut seen = HashSet::new();
    rows.into_iter()
        .filter(|(r, _)| seen.insert(row_key(r)))
        .collect()
}
