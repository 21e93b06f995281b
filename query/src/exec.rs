//! Running a query: WITH, FROM (scans, subqueries, joins), WHERE, GROUP BY
//! and HAVING, the select list, DISTINCT, ORDER BY, LIMIT/OFFSET and set
//! operations.
//!
//! Intermediate results are row-major [`Relation`]s: joins and sorts move
//! whole rows, and the tables are small enough (tens of thousands of rows)
//! that materialising each step is simpler and fast enough. Names are
//! resolved against a relation's fields when each clause is bound.

use std::cell::Cell;
use std::sync::Arc;

use sqlparser::ast::{
    Distinct, Expr, GroupByExpr, JoinConstraint, JoinOperator, LimitClause, ObjectName,
    OrderByKind, OrderBySort, Query, Select, SelectItem, SelectItemQualifiedWildcardKind, SetExpr,
    SetOperator, SetQuantifier, Spanned, TableAlias, TableFactor, TableWithJoins,
    Value as SqlValue, WildcardAdditionalOptions,
};

use crate::bind::{dedupe, lift, output_name, unsupported, Binder};
use crate::error::{closest, pos};
use crate::expr::{truth, BExpr};
use crate::join::{and_all, conjuncts, join, JoinKind};
use crate::sort::{sort, SortSpec};
use crate::value::row_key;
use crate::{aggregate, Database, QueryError, QueryOptions, Table, Value};

/// Execution limits and the cancellation check, polled every
/// `check_every` rows of work.
pub(crate) struct Ctx<'a> {
    stop: &'a dyn Fn() -> bool,
    every: usize,
    countdown: Cell<usize>,
    max_intermediate: usize,
    /// Plan only: every table scans as empty, so names and types are checked
    /// without reading data.
    pub dry_run: bool,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(stop: &'a dyn Fn() -> bool, opts: &QueryOptions, dry_run: bool) -> Ctx<'a> {
        Ctx {
            stop,
            every: opts.check_every.max(1),
            // 0: the first tick asks at once, so a query cancelled before it
            // starts stops before any work.
            countdown: Cell::new(0),
            max_intermediate: opts.max_intermediate_rows,
            dry_run,
        }
    }

    pub(crate) fn tick(&self) -> Result<(), QueryError> {
        let n = self.countdown.get();
        if n == 0 {
            self.countdown.set(self.every - 1);
            if (self.stop)() {
                return Err(QueryError::Cancelled);
            }
        } else {
            self.countdown.set(n - 1);
        }
        Ok(())
    }

    pub(crate) fn check_size(&self, rows: usize) -> Result<(), QueryError> {
        if rows > self.max_intermediate {
            return Err(QueryError::TooLarge {
                limit: self.max_intermediate,
                // Set by `Database::query_with`, which sees the whole query.
                query_has_limit: false,
            });
        }
        Ok(())
    }
}

/// A column of an intermediate result: its name, the table name or alias
/// that qualifies it, and whether `*` and unqualified names skip it (the
/// right-hand copy of a `USING` column).
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub qualifier: Option<String>,
    pub name: String,
    pub hidden: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Relation {
    pub fields: Vec<Field>,
    pub rows: Vec<Vec<Value>>,
}

/// Common table expressions in scope, later ones shadowing earlier ones.
pub(crate) type Ctes = Vec<(String, Arc<Relation>)>;

/// What an ORDER BY item sorts on: an output column, or an expression
/// evaluated on the input row (a column that is not selected).
enum Target {
    Out(usize),
    Expr(BExpr),
}

enum Order<'q> {
    None,
    All(SortSpec),
    Items(Vec<(&'q Expr, SortSpec)>),
}

pub(crate) struct Exec<'a> {
    pub db: &'a Database,
    pub ctx: &'a Ctx<'a>,
}

impl<'a> Exec<'a> {
    pub(crate) fn query(&self, q: &Query, outer: &Ctes) -> Result<Relation, QueryError> {
        if q.fetch.is_some()
            || !q.locks.is_empty()
            || q.for_clause.is_some()
            || q.settings.is_some()
            || q.format_clause.is_some()
            || !q.pipe_operators.is_empty()
        {
            return Err(unsupported(q, "this query clause is not supported"));
        }
        let mut ctes = outer.clone();
        if let Some(with) = &q.with {
            if with.recursive {
                return Err(unsupported(q, "WITH RECURSIVE is not supported"));
            }
            for cte in &with.cte_tables {
                let mut rel = self.query(&cte.query, &ctes)?;
                apply_alias(&mut rel, &cte.alias)?;
                ctes.push((cte.alias.name.value.clone(), Arc::new(rel)));
            }
        }
        let order = match &q.order_by {
            None => Order::None,
            Some(o) => {
                if o.interpolate.is_some() {
                    return Err(unsupported(o, "INTERPOLATE is not supported"));
                }
                match &o.kind {
                    OrderByKind::All(opts) => Order::All(sort_spec(o, opts)?),
                    OrderByKind::Expressions(items) => Order::Items(
                        items
                            .iter()
                            .map(|i| {
                                if i.with_fill.is_some() {
                                    return Err(unsupported(i, "WITH FILL is not supported"));
                                }
                                Ok((&i.expr, sort_spec(i, &i.options)?))
                            })
                            .collect::<Result<_, QueryError>>()?,
                    ),
                }
            }
        };
        let (limit, offset) = match &q.limit_clause {
            None => (None, None),
            Some(LimitClause::LimitOffset {
                limit,
                offset,
                limit_by,
            }) => {
                if !limit_by.is_empty() {
                    return Err(unsupported(q, "LIMIT BY is not supported"));
                }
                (
                    limit.as_ref().map(|l| self.count(l, "LIMIT")).transpose()?,
                    offset
                        .as_ref()
                        .map(|o| self.count(&o.value, "OFFSET"))
                        .transpose()?,
                )
            }
            Some(LimitClause::OffsetCommaLimit { offset, limit }) => (
                Some(self.count(limit, "LIMIT")?),
                Some(self.count(offset, "OFFSET")?),
            ),
        };
        let mut rel = match q.body.as_ref() {
            SetExpr::Select(s) => self.select(s, &order, &ctes)?,
            other => {
                let mut rel = self.set_expr(other, &ctes)?;
                self.order_output(&mut rel, &order, &ctes)?;
                rel
            }
        };
        let offset = offset.flatten().unwrap_or(0);
        let limit = limit.flatten().unwrap_or(usize::MAX);
        if offset > 0 || limit < rel.rows.len() {
            rel.rows = rel.rows.into_iter().skip(offset).take(limit).collect();
        }
        Ok(rel)
    }

    /// A LIMIT or OFFSET: a constant non-negative integer, or NULL (none).
    fn count(&self, e: &Expr, what: &str) -> Result<Option<usize>, QueryError> {
        let empty = Vec::new();
        let v = Binder::new(self, &[], &empty).bind(e)?.eval(&[])?;
        match v {
            Value::Null => Ok(None),
            Value::Int(n) if n >= 0 => Ok(Some(usize::try_from(n).unwrap_or(usize::MAX))),
            _ => Err(QueryError::invalid(
                format!("{what} must be a non-negative integer"),
                pos(e.span()),
            )),
        }
    }

    fn set_expr(&self, body: &SetExpr, ctes: &Ctes) -> Result<Relation, QueryError> {
        match body {
            SetExpr::Select(s) => self.select(s, &Order::None, ctes),
            SetExpr::Query(q) => self.query(q, ctes),
            SetExpr::SetOperation {
                left,
                op,
                set_quantifier,
                right,
            } => {
                let l = self.set_expr(left, ctes)?;
                let r = self.set_expr(right, ctes)?;
                if l.fields.len() != r.fields.len() {
                    return Err(QueryError::invalid(
                        format!(
                            "the two sides of {op} have {} and {} columns",
                            l.fields.len(),
                            r.fields.len()
                        ),
                        pos(body.span()),
                    ));
                }
                let all = match set_quantifier {
                    SetQuantifier::All => true,
                    SetQuantifier::Distinct | SetQuantifier::None => false,
                    _ => return Err(unsupported(body, "this set quantifier is not supported")),
                };
                let fields = l
                    .fields
                    .into_iter()
                    .map(|f| Field {
                        qualifier: None,
                        ..f
                    })
                    .collect();
                let tagged = |rows: Vec<Vec<Value>>| rows.into_iter().map(|r| (r, ())).collect();
                let rows: Vec<Vec<Value>> = match (op, all) {
                    (SetOperator::Union, true) => {
                        let mut rows = l.rows;
                        rows.extend(r.rows);
                        self.ctx.check_size(rows.len())?;
                        rows
                    }
                    (SetOperator::Union, false) => {
                        let mut rows = l.rows;
                        rows.extend(r.rows);
                        dedupe(tagged(rows)).into_iter().map(|(r, _)| r).collect()
                    }
                    (SetOperator::Intersect | SetOperator::Except | SetOperator::Minus, false) => {
                        let right: std::collections::HashSet<_> =
                            r.rows.iter().map(|x| row_key(x)).collect();
                        let keep_if_in = *op == SetOperator::Intersect;
                        dedupe(tagged(l.rows))
                            .into_iter()
                            .map(|(r, _)| r)
                            .filter(|x| right.contains(&row_key(x)) == keep_if_in)
                            .collect()
                    }
                    _ => return Err(unsupported(body, &format!("{op} ALL is not supported"))),
                };
                Ok(Relation { fields, rows })
            }
            SetExpr::Values(v) => {
                let empty = Vec::new();
                let binder = Binder::new(self, &[], &empty);
                let mut rows = Vec::with_capacity(v.rows.len());
                for r in &v.rows {
                    let row = r
                        .content
                        .iter()
                        .map(|e| binder.bind(e)?.eval(&[]))
                        .collect::<Result<Vec<_>, _>>()?;
                    if rows
                        .first()
                        .is_some_and(|f: &Vec<Value>| f.len() != row.len())
                    {
                        return Err(QueryError::invalid(
                            "VALUES rows have different lengths",
                            pos(body.span()),
                        ));
                    }
                    rows.push(row);
                }
                let width = rows.first().map_or(0, Vec::len);
                Ok(Relation {
                    fields: (0..width)
                        .map(|i| Field {
                            qualifier: None,
                            name: format!("col{i}"),
                            hidden: false,
                        })
                        .collect(),
                    rows,
                })
            }
            SetExpr::Insert(_) | SetExpr::Update(_) | SetExpr::Delete(_) | SetExpr::Merge(_) => {
                Err(QueryError::ReadOnly {
                    message: "only SELECT queries can run".into(),
                    position: pos(body.span()),
                })
            }
            SetExpr::Table(_) => Err(unsupported(body, "TABLE is not supported: use SELECT *")),
        }
    }

    /// ORDER BY after a set operation or VALUES: output columns only.
    fn order_output(
        &self,
        rel: &mut Relation,
        order: &Order,
        ctes: &Ctes,
    ) -> Result<(), QueryError> {
        let (targets, specs) = match order {
            Order::None => return Ok(()),
            Order::All(s) => (
                (0..rel.fields.len()).map(Target::Out).collect(),
                vec![*s; rel.fields.len()],
            ),
            Order::Items(items) => {
                let names: Vec<String> = rel.fields.iter().map(|f| f.name.clone()).collect();
                let binder = Binder::new(self, &rel.fields, ctes);
                let mut targets = Vec::new();
                for (e, _) in items {
                    targets.push(match out_target(e, &names)? {
                        Some(i) => Target::Out(i),
                        None => Target::Expr(binder.no_agg("ORDER BY").bind(e)?),
                    });
                }
                (targets, items.iter().map(|(_, s)| *s).collect::<Vec<_>>())
            }
        };
        let mut keyed = Vec::with_capacity(rel.rows.len());
        for row in std::mem::take(&mut rel.rows) {
            self.ctx.tick()?;
            let k = sort_keys(&targets, &row, &row)?;
            keyed.push((row, k));
        }
        sort(&mut keyed, &specs);
        rel.rows = keyed.into_iter().map(|(r, _)| r).collect();
        Ok(())
    }

    fn select(&self, s: &Select, order: &Order, ctes: &Ctes) -> Result<Relation, QueryError> {
        check_select(s)?;
        let input = self.from(&s.from, s.selection.as_ref(), ctes)?;
        let fields = &input.fields;
        let binder = Binder::new(self, fields, ctes);

        // The select list, with `*` expanded.
        let mut items: Vec<(BExpr, String)> = Vec::new();
        // DuckDB's `FROM t` alone selects every column.
        if s.projection.is_empty() {
            for (i, f) in fields.iter().enumerate().filter(|(_, f)| !f.hidden) {
                items.push((BExpr::Col(i), f.name.clone()));
            }
        }
        for item in &s.projection {
            match item {
                SelectItem::Wildcard(opts) => {
                    let excluded = wildcard_exclusions(opts)?;
                    for (i, f) in fields.iter().enumerate() {
                        if !f.hidden && !excluded.contains(&f.name.to_lowercase()) {
                            items.push((BExpr::Col(i), f.name.clone()));
                        }
                    }
                }
                SelectItem::QualifiedWildcard(
                    SelectItemQualifiedWildcardKind::ObjectName(name),
                    opts,
                ) => {
                    let excluded = wildcard_exclusions(opts)?;
                    let q = last_ident(name).to_lowercase();
                    let before = items.len();
                    for (i, f) in fields.iter().enumerate() {
                        if f.qualifier
                            .as_deref()
                            .is_some_and(|fq| fq.to_lowercase() == q)
                            && !excluded.contains(&f.name.to_lowercase())
                        {
                            items.push((BExpr::Col(i), f.name.clone()));
                        }
                    }
                    if items.len() == before {
                        let mut quals: Vec<&str> = fields
                            .iter()
                            .filter_map(|f| f.qualifier.as_deref())
                            .collect();
                        quals.dedup();
                        return Err(QueryError::UnknownTable {
                            name: last_ident(name),
                            position: pos(name.span()),
                            suggestion: closest(&last_ident(name), quals.into_iter()),
                        });
                    }
                }
                SelectItem::UnnamedExpr(e) => items.push((binder.bind(e)?, output_name(e))),
                SelectItem::ExprWithAlias { expr, alias } => {
                    items.push((binder.bind(expr)?, alias.value.clone()))
                }
                other => return Err(unsupported(other, "this select item is not supported")),
            }
        }
        let names: Vec<String> = items.iter().map(|(_, n)| n.clone()).collect();

        // ORDER BY: an output column (by position, name or same expression),
        // else an expression over the input.
        let (mut targets, specs): (Vec<Target>, Vec<SortSpec>) = match order {
            Order::None => (Vec::new(), Vec::new()),
            Order::All(spec) => (
                (0..items.len()).map(Target::Out).collect(),
                vec![*spec; items.len()],
            ),
            Order::Items(list) => {
                let mut t = Vec::new();
                for (e, _) in list {
                    t.push(match out_target(e, &names)? {
                        Some(i) => Target::Out(i),
                        None => {
                            let x = binder.bind(e)?;
                            match items.iter().position(|(ie, _)| *ie == x) {
                                Some(i) => Target::Out(i),
                                None => Target::Expr(x),
                            }
                        }
                    });
                }
                (t, list.iter().map(|(_, s)| *s).collect())
            }
        };

        let group_list: &[Expr] = match &s.group_by {
            GroupByExpr::Expressions(list, mods) if mods.is_empty() => list,
            GroupByExpr::All(mods) if mods.is_empty() => &[],
            _ => return Err(unsupported(s, "GROUP BY modifiers are not supported")),
        };
        let group_all = matches!(s.group_by, GroupByExpr::All(_));
        let having = s.having.as_ref().map(|h| binder.bind(h)).transpose()?;
        let aggregated = group_all
            || !group_list.is_empty()
            || having.is_some()
            || items.iter().any(|(e, _)| e.contains_agg())
            || targets
                .iter()
                .any(|t| matches!(t, Target::Expr(e) if e.contains_agg()));

        let rows: Vec<Vec<Value>>;
        let having = if aggregated {
            let keys = self.group_keys(group_list, group_all, &items, &names, fields, ctes)?;
            let mut aggs = Vec::new();
            for (e, _) in items.iter_mut() {
                *e = lift(e, &keys, &mut aggs, fields)?;
            }
            for t in targets.iter_mut() {
                if let Target::Expr(e) = t {
                    *e = lift(e, &keys, &mut aggs, fields)?;
                }
            }
            let having = having
                .map(|h| lift(&h, &keys, &mut aggs, fields))
                .transpose()?;
            rows = aggregate::group(&input.rows, &keys, &aggs, self.ctx)?;
            having
        } else {
            rows = input.rows;
            None
        };

        let mut out: Vec<(Vec<Value>, Vec<Value>)> = Vec::with_capacity(rows.len());
        for row in &rows {
            self.ctx.tick()?;
            if let Some(h) = &having {
                if truth(&h.eval(row)?)? != Some(true) {
                    continue;
                }
            }
            let o = items
                .iter()
                .map(|(e, _)| e.eval(row))
                .collect::<Result<Vec<_>, _>>()?;
            let k = sort_keys(&targets, &o, row)?;
            out.push((o, k));
        }
        match &s.distinct {
            None | Some(Distinct::All) => {}
            Some(Distinct::Distinct) => {
                if targets.iter().any(|t| matches!(t, Target::Expr(_))) {
                    return Err(QueryError::invalid(
                        "for SELECT DISTINCT, ORDER BY expressions must appear in the select list",
                        None,
                    ));
                }
                out = dedupe(out);
            }
            Some(Distinct::On(_)) => return Err(unsupported(s, "DISTINCT ON is not supported")),
        }
        if !specs.is_empty() {
            sort(&mut out, &specs);
        }
        Ok(Relation {
            fields: names
                .into_iter()
                .map(|name| Field {
                    qualifier: None,
                    name,
                    hidden: false,
                })
                .collect(),
            rows: out.into_iter().map(|(o, _)| o).collect(),
        })
    }

    /// The GROUP BY keys, bound over the input. An item may be a position
    /// in the select list (`GROUP BY 1`) or a select alias; `GROUP BY ALL`
    /// groups on every select item without an aggregate.
    fn group_keys(
        &self,
        list: &[Expr],
        all: bool,
        items: &[(BExpr, String)],
        names: &[String],
        fields: &[Field],
        ctes: &Ctes,
    ) -> Result<Vec<BExpr>, QueryError> {
        let binder = Binder::new(self, fields, ctes);
        let binder = binder.no_agg("GROUP BY");
        let mut keys: Vec<BExpr> = Vec::new();
        if all {
            for (e, _) in items {
                if !e.contains_agg() && !keys.contains(e) {
                    keys.push(e.clone());
                }
            }
            return Ok(keys);
        }
        for g in list {
            let key = match out_target(g, names)? {
                Some(i) if matches!(g, Expr::Value(_)) => items[i].0.clone(),
                alias => match (binder.bind(g), alias) {
                    (Ok(k), _) => k,
                    // A select alias, when no input column has that name.
                    (Err(QueryError::UnknownColumn { .. }), Some(i)) => items[i].0.clone(),
                    (Err(e), _) => return Err(e),
                },
            };
            if key.contains_agg() {
                return Err(QueryError::invalid(
                    "GROUP BY cannot refer to an aggregate",
                    pos(g.span()),
                ));
            }
            keys.push(key);
        }
        Ok(keys)
    }

    /// FROM and WHERE. Several FROM items are joined; WHERE terms that link
    /// an item to the ones before it become that join's condition, so the
    /// old comma style (`FROM a, b WHERE a.k = b.k`) hash-joins too.
    fn from(
        &self,
        items: &[TableWithJoins],
        selection: Option<&Expr>,
        ctes: &Ctes,
    ) -> Result<Relation, QueryError> {
        let rels = if items.is_empty() {
            vec![Relation {
                fields: Vec::new(),
                rows: vec![Vec::new()],
            }]
        } else {
            items
                .iter()
                .map(|t| self.table_with_joins(t, ctes))
                .collect::<Result<Vec<_>, _>>()?
        };
        let all_fields: Vec<Field> = rels.iter().flat_map(|r| r.fields.clone()).collect();
        let mut terms = Vec::new();
        if let Some(w) = selection {
            let cond = Binder::new(self, &all_fields, ctes)
                .no_agg("WHERE")
                .bind(w)?;
            conjuncts(cond, &mut terms);
        }
        let mut rels = rels.into_iter();
        let Some(mut acc) = rels.next() else {
            return Ok(Relation {
                fields: Vec::new(),
                rows: Vec::new(),
            });
        };
        // Terms on the first item alone filter it before any join.
        let (now, later) = split_terms(terms, 0, acc.fields.len());
        terms = later;
        acc = self.filter(acc, and_all(now))?;
        for r in rels {
            let start = acc.fields.len();
            let end = start + r.fields.len();
            let (now, later) = split_terms(terms, start, end);
            terms = later;
            acc = join(acc, r, JoinKind::Inner, and_all(now), self.ctx)?;
        }
        self.filter(acc, and_all(terms))
    }

    fn filter(&self, rel: Relation, cond: Option<BExpr>) -> Result<Relation, QueryError> {
        let Some(cond) = cond else {
            return Ok(rel);
        };
        let mut rows = Vec::new();
        for row in rel.rows {
            self.ctx.tick()?;
            if truth(&cond.eval(&row)?)? == Some(true) {
                rows.push(row);
            }
        }
        Ok(Relation {
            fields: rel.fields,
            rows,
        })
    }

    fn table_with_joins(&self, t: &TableWithJoins, ctes: &Ctes) -> Result<Relation, QueryError> {
        let mut acc = self.factor(&t.relation, ctes)?;
        for j in &t.joins {
            let mut right = self.factor(&j.relation, ctes)?;
            let (kind, constraint) =
                match &j.join_operator {
                    JoinOperator::Join(c) | JoinOperator::Inner(c) | JoinOperator::CrossJoin(c) => {
                        (JoinKind::Inner, c)
                    }
                    JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => (JoinKind::Left, c),
                    JoinOperator::Right(c) | JoinOperator::RightOuter(c) => (JoinKind::Right, c),
                    JoinOperator::FullOuter(c) => (JoinKind::Full, c),
                    _ => return Err(QueryError::unsupported(
                        "this kind of join is not supported: use [INNER|LEFT|RIGHT|FULL] JOIN … ON",
                        pos(j.relation.span()),
                    )),
                };
            let on = match constraint {
                JoinConstraint::On(e) => {
                    let mut fields = acc.fields.clone();
                    fields.extend(right.fields.iter().cloned());
                    Some(
                        Binder::new(self, &fields, ctes)
                            .no_agg("JOIN … ON")
                            .bind(e)?,
                    )
                }
                JoinConstraint::Using(cols) => {
                    let mut pairs = Vec::new();
                    {
                        let (lb, rb) = (
                            Binder::new(self, &acc.fields, ctes),
                            Binder::new(self, &right.fields, ctes),
                        );
                        for c in cols {
                            let Some(id) = c.0.last().and_then(|p| p.as_ident()) else {
                                return Err(unsupported(c, "USING takes column names"));
                            };
                            pairs.push((lb.resolve(None, id)?, rb.resolve(None, id)?));
                        }
                    }
                    let split = acc.fields.len();
                    let mut terms = Vec::new();
                    for (li, ri) in pairs {
                        // One copy of the column for `*` and bare names: the
                        // right one hides, except in a RIGHT JOIN where the
                        // left one can be NULL.
                        let hide = if kind == JoinKind::Right {
                            acc.fields.get_mut(li)
                        } else {
                            right.fields.get_mut(ri)
                        };
                        if let Some(f) = hide {
                            f.hidden = true;
                        }
                        terms.push(BExpr::Cmp(
                            crate::expr::Cmp::Eq,
                            Box::new(BExpr::Col(li)),
                            Box::new(BExpr::Col(split + ri)),
                        ));
                    }
                    and_all(terms)
                }
                JoinConstraint::None => None,
                JoinConstraint::Natural | JoinConstraint::UsingAlias(..) => {
                    return Err(QueryError::unsupported(
                        "NATURAL joins are not supported: use JOIN … ON",
                        pos(j.relation.span()),
                    ))
                }
            };
            acc = join(acc, right, kind, on, self.ctx)?;
        }
        Ok(acc)
    }

    fn factor(&self, f: &TableFactor, ctes: &Ctes) -> Result<Relation, QueryError> {
        match f {
            TableFactor::Table {
                name,
                alias,
                args,
                with_hints,
                version,
                with_ordinality,
                partitions,
                json_path,
                sample,
                index_directives,
                inheritance,
            } => {
                if args.is_some() {
                    return Err(QueryError::unsupported(
                        "table functions are not available: query the loaded tables by name",
                        pos(f.span()),
                    ));
                }
                if !with_hints.is_empty()
                    || version.is_some()
                    || *with_ordinality
                    || !partitions.is_empty()
                    || json_path.is_some()
                    || sample.is_some()
                    || !index_directives.is_empty()
                    || inheritance.is_some()
                {
                    return Err(unsupported(f, "this table syntax is not supported"));
                }
                let mut rel = self.named(name, ctes)?;
                if let Some(a) = alias {
                    apply_alias(&mut rel, a)?;
                }
                Ok(rel)
            }
            TableFactor::Derived {
                lateral: false,
                subquery,
                alias,
                sample: None,
            } => {
                let mut rel = self.query(subquery, ctes)?;
                match alias {
                    Some(a) => apply_alias(&mut rel, a)?,
                    None => rel.fields.iter_mut().for_each(|f| f.qualifier = None),
                }
                Ok(rel)
            }
            TableFactor::NestedJoin {
                table_with_joins,
                alias,
            } => {
                let mut rel = self.table_with_joins(table_with_joins, ctes)?;
                if let Some(a) = alias {
                    apply_alias(&mut rel, a)?;
                }
                Ok(rel)
            }
            other => Err(unsupported(
                other,
                "this kind of FROM item is not supported",
            )),
        }
    }

    /// A table or CTE by name. `main.t` is accepted for `t` (DuckDB's
    /// default schema), since generated SQL often qualifies names.
    fn named(&self, name: &ObjectName, ctes: &Ctes) -> Result<Relation, QueryError> {
        let parts: Vec<_> = name.0.iter().filter_map(|p| p.as_ident()).collect();
        let position = pos(name.span());
        let table = match parts.as_slice() {
            [t] => *t,
            [s, t] if s.value.eq_ignore_ascii_case("main") => *t,
            _ => {
                return Err(QueryError::UnknownTable {
                    name: name.to_string(),
                    position,
                    suggestion: None,
                })
            }
        };
        let lower = table.value.to_lowercase();
        if parts.len() == 1 {
            if let Some((_, rel)) = ctes.iter().rev().find(|(n, _)| n.to_lowercase() == lower) {
                let mut rel = rel.as_ref().clone();
                for f in &mut rel.fields {
                    f.qualifier = Some(table.value.clone());
                }
                return Ok(rel);
            }
        }
        match self.db.table(&table.value) {
            Some(t) => self.scan(t, &table.value),
            None => Err(QueryError::UnknownTable {
                name: table.value.clone(),
                position,
                suggestion: closest(
                    &table.value,
                    self.db
                        .tables()
                        .iter()
                        .map(Table::name)
                        .chain(ctes.iter().map(|(n, _)| n.as_str())),
                ),
            }),
        }
    }

    fn scan(&self, t: &Table, qualifier: &str) -> Result<Relation, QueryError> {
        let fields = t
            .columns()
            .iter()
            .map(|c| Field {
                qualifier: Some(qualifier.to_string()),
                name: c.name().to_string(),
                hidden: false,
            })
            .collect();
        let n = if self.ctx.dry_run { 0 } else { t.len() };
        let mut rows = Vec::with_capacity(n);
        for i in 0..n {
            self.ctx.tick()?;
            rows.push(
                t.columns()
                    .iter()
                    .map(|c| c.values().get(i).cloned().unwrap_or(Value::Null))
                    .collect(),
            );
        }
        Ok(Relation { fields, rows })
    }
}

/// WHERE terms that can be applied once columns `< end` exist and that read
/// a column `>= start`, apart from the others. Terms reading no column wait
/// for the end.
fn split_terms(terms: Vec<BExpr>, start: usize, end: usize) -> (Vec<BExpr>, Vec<BExpr>) {
    terms.into_iter().partition(|t| {
        t.column_range()
            .is_some_and(|(_, hi)| hi < end && hi >= start)
    })
}

/// An ORDER BY / GROUP BY item that names an output column: a position
/// (`1`) or a bare name equal to a select-list name.
fn out_target(e: &Expr, names: &[String]) -> Result<Option<usize>, QueryError> {
    match e {
        Expr::Value(v) => match &v.value {
            SqlValue::Number(n, _) => {
                let k: usize = n.parse().unwrap_or(0);
                if k == 0 || k > names.len() {
                    return Err(QueryError::invalid(
                        format!(
                            "position {n} is not in the select list (1 to {})",
                            names.len()
                        ),
                        pos(e.span()),
                    ));
                }
                Ok(Some(k - 1))
            }
            _ => Ok(None),
        },
        Expr::Identifier(id) => {
            let n = id.value.to_lowercase();
            Ok(names.iter().position(|x| x.to_lowercase() == n))
        }
        _ => Ok(None),
    }
}

fn sort_keys(targets: &[Target], out: &[Value], input: &[Value]) -> Result<Vec<Value>, QueryError> {
    targets
        .iter()
        .map(|t| match t {
            Target::Out(i) => Ok(out.get(*i).cloned().unwrap_or(Value::Null)),
            Target::Expr(e) => e.eval(input),
        })
        .collect()
}

fn sort_spec(
    node: &(impl Spanned + std::fmt::Display),
    o: &sqlparser::ast::OrderByOptions,
) -> Result<SortSpec, QueryError> {
    let desc = match &o.sort {
        None => None,
        Some(OrderBySort::Asc) => Some(false),
        Some(OrderBySort::Desc) => Some(true),
        Some(OrderBySort::Using(_)) => {
            return Err(unsupported(node, "ORDER BY … USING is not supported"))
        }
    };
    Ok(SortSpec::new(desc, o.nulls_first))
}

fn last_ident(name: &ObjectName) -> String {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .map(|i| i.value.clone())
        .unwrap_or_default()
}

/// `AS alias [(c1, c2…)]`: requalifies the fields and renames the first
/// ones.
fn apply_alias(rel: &mut Relation, a: &TableAlias) -> Result<(), QueryError> {
    if a.columns.len() > rel.fields.len() {
        return Err(QueryError::invalid(
            format!(
                "alias {} names {} columns but there are {}",
                a.name.value,
                a.columns.len(),
                rel.fields.len()
            ),
            pos(a.name.span),
        ));
    }
    for (i, f) in rel.fields.iter_mut().enumerate() {
        f.qualifier = Some(a.name.value.clone());
        if let Some(c) = a.columns.get(i) {
            f.name = c.name.value.clone();
        }
    }
    Ok(())
}

/// `* EXCLUDE (a, b)` (DuckDB); the other wildcard options are refused.
fn wildcard_exclusions(o: &WildcardAdditionalOptions) -> Result<Vec<String>, QueryError> {
    if o.opt_ilike.is_some()
        || o.opt_except.is_some()
        || o.opt_replace.is_some()
        || o.opt_rename.is_some()
        || o.opt_alias.is_some()
    {
        return Err(QueryError::unsupported(
            "only EXCLUDE is supported after *",
            pos(o.wildcard_token.0.span),
        ));
    }
    Ok(match &o.opt_exclude {
        None => Vec::new(),
        Some(sqlparser::ast::ExcludeSelectItem::Single(n)) => vec![last_ident(n).to_lowercase()],
        Some(sqlparser::ast::ExcludeSelectItem::Multiple(ns)) => {
            ns.iter().map(|n| last_ident(n).to_lowercase()).collect()
        }
    })
}

/// Refuses the clauses of other dialects that parse but that the engine
/// does not run, rather than silently ignoring them.
fn check_select(s: &Select) -> Result<(), QueryError> {
    if s.into.is_some() {
        return Err(QueryError::ReadOnly {
            message: "SELECT … INTO writes a table".into(),
            position: pos(s.span()),
        });
    }
    let other = s.top.is_some()
        || !s.lateral_views.is_empty()
        || s.prewhere.is_some()
        || !s.connect_by.is_empty()
        || !s.cluster_by.is_empty()
        || !s.distribute_by.is_empty()
        || !s.sort_by.is_empty()
        || !s.named_window.is_empty()
        || s.qualify.is_some()
        || s.value_table_mode.is_some()
        || s.exclude.is_some();
    if other {
        return Err(unsupported(s, "this SELECT clause is not supported"));
    }
    Ok(())
}
