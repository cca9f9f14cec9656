//! Writing synthetic posyandu through the real tables, as the bot would
//! have: posyandu, their kader (a person, an invite used up, the kader
//! role), and per section of each month a `report` at revision 1, its
//! `report_revision` (figures, what changed, what was confirmed), its
//! `report_value` rows and a `red_flag` row per urgent indicator above 0;
//! the balita section also its `report_total` row, judged against the
//! posyandu's earlier months as a save would.
//! Rows are buffered and written in multi-row INSERTs with ids taken
//! after the highest stored ones, the same SQL on both backends.
//!
//! Seeded people are no chat account: their channel is `seed`, which no
//! channel sends to, and their invite codes (`seed-12`) cannot be typed.

use chrono::{DateTime, Utc};

use super::figures::{SectionReport, SyntheticPosyandu};
use crate::domain::digest::Unusual;
use crate::domain::form::BALITA;
use crate::domain::periode::Periode;
use crate::store::{Db, Tx, on_db, on_tx, report_total};

/// Rows per INSERT. PostgreSQL wrote fewer rows a second with 1,000 or
/// more (and with 100 or fewer); SQLite gains little beyond this. Far
/// below the bound parameters either allows (32,766 and 65,535).
const ROWS_PER_STATEMENT: usize = 250;

/// One bound value.
enum Cell {
    Int(i64),
    Text(String),
    Time(DateTime<Utc>),
    /// A name, or NULL.
    Name(Option<&'static str>),
    /// A real number, or NULL.
    Real(Option<f64>),
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Int(n)
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

impl Cell {
    /// A judgement's three columns (`report_total.unusual_*`).
    fn judged(judged: Option<Unusual>) -> [Cell; 3] {
        [
            Cell::Name(judged.map(|u| u.measure.key())),
            Cell::Real(judged.map(|u| u.median)),
            Cell::Real(judged.map(|u| u.score)),
        ]
    }
}

impl From<DateTime<Utc>> for Cell {
    fn from(t: DateTime<Utc>) -> Cell {
        Cell::Time(t)
    }
}

/// One table's rows waiting to be written: the INSERT head, one row's
/// tuple with `?` where a value is bound, and the values.
struct Table {
    head: String,
    row: &'static str,
    width: usize,
    cells: Vec<Cell>,
}

impl Table {
    /// `into` is the table and its columns: `posyandu (id, name)`.
    fn new(into: &str, row: &'static str) -> Table {
        Table { head: format!("INSERT INTO {into} VALUES "), row, width: row.matches('?').count(), cells: Vec::new() }
    }

    fn push(&mut self, cells: impl IntoIterator<Item = Cell>) {
        self.cells.extend(cells);
    }

    fn rows(&self) -> usize {
        self.cells.len() / self.width
    }

    /// Writes the waiting rows, [`ROWS_PER_STATEMENT`] at a time.
    async fn flush(&mut self, tx: &mut Tx) -> sqlx::Result<()> {
        let numbered = matches!(tx, Tx::Postgres(_));
        for chunk in self.cells.chunks(ROWS_PER_STATEMENT * self.width) {
            let sql = statement(&self.head, self.row, chunk.len() / self.width, numbered);
            on_tx!(tx, c => {
                let mut query = sqlx::query(&sql);
                for cell in chunk {
                    query = match cell {
                        Cell::Int(n) => query.bind(*n),
                        Cell::Text(s) => query.bind(s.as_str()),
                        Cell::Time(t) => query.bind(*t),
                        Cell::Name(n) => query.bind(*n),
                        Cell::Real(r) => query.bind(*r),
                    };
                }
                query.execute(&mut *c).await?;
            });
        }
        self.cells.clear();
        Ok(())
    }
}

/// `head` followed by `rows` copies of `row`, its `?` numbered `$1`, `$2`, …
/// for PostgreSQL. SQLite keeps the plain `?`: it looks a numbered
/// parameter up by name in a list, which made binding thousands of them
/// quadratic.
fn statement(head: &str, row: &str, rows: usize, numbered: bool) -> String {
    if !numbered {
        return format!("{head}{}", vec![row; rows].join(", "));
    }
    let mut sql = String::with_capacity(head.len() + rows * (row.len() + 16));
    sql.push_str(head);
    let mut n = 0;
    for i in 0..rows {
        if i > 0 {
            sql.push_str(", ");
        }
        for (j, part) in row.split('?').enumerate() {
            if j > 0 {
                n += 1;
                sql.push('$');
                sql.push_str(&n.to_string());
            }
            sql.push_str(part);
        }
    }
    sql
}

/// What a seed wrote, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub posyandu: u64,
    pub kader: u64,
    /// Months reported, each in one report per section.
    pub reports: u64,
    pub sections: u64,
    pub red_flags: u64,
    /// Every row of every table.
    pub rows: u64,
}

/// The waiting rows of each table.
struct Tables {
    posyandu: Table,
    invite: Table,
    person: Table,
    kader: Table,
    report: Table,
    revision: Table,
    value: Table,
    total: Table,
    red_flag: Table,
}

impl Tables {
    fn new() -> Tables {
        Tables {
            posyandu: Table::new("posyandu (id, name, desa_code, created_at, expected_from)", "(?, ?, ?, ?, ?)"),
            invite: Table::new(
                "invite (id, code, role, posyandu_id, max_uses, used, expires_at, created_at)",
                "(?, ?, 'kader', ?, ?, ?, ?, ?)",
            ),
            person: Table::new(
                "person (id, channel, external_id, name, language, created_at)",
                "(?, 'seed', ?, ?, 'id', ?)",
            ),
            kader: Table::new("kader (person_id, posyandu_id, invite_id, joined_at)", "(?, ?, ?, ?)"),
            report: Table::new(
                "report (id, posyandu_id, periode, section, revision, form_version, updated_by, updated_at)",
                "(?, ?, ?, ?, 1, ?, ?, ?)",
            ),
            revision: Table::new(
                "report_revision (report_id, revision, person_id, form_version, figures, changed, confirmed, created_at)",
                "(?, 1, ?, ?, ?, ?, ?, ?)",
            ),
            value: Table::new(
                "report_value (report_id, code, value, periode, desa_code, posyandu_id)",
                "(?, ?, ?, ?, ?, ?)",
            ),
            total: Table::new(
                "report_total (periode, desa_code, posyandu_id, first_sent_at, s, k, d, n, t, o, b, bgm, two_t, \
                 unusual_measure, unusual_median, unusual_score)",
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ),
            red_flag: Table::new(
                "red_flag (id, posyandu_id, periode, desa_code, section, code, value, person_id, created_at)",
                "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ),
        }
    }

    /// Every table, in the order foreign keys need.
    fn in_order(&mut self) -> [&mut Table; 9] {
        [
            &mut self.posyandu,
            &mut self.invite,
            &mut self.person,
            &mut self.kader,
            &mut self.report,
            &mut self.revision,
            &mut self.value,
            &mut self.total,
            &mut self.red_flag,
        ]
    }
}

/// The tables whose ids the writer assigns.
const IDS: [&str; 5] = ["posyandu", "person", "invite", "report", "red_flag"];

/// Whose a section's report is: the posyandu, its desa, the month and
/// the kader (a person id) who sent it.
#[derive(Clone, Copy)]
struct Owner<'a> {
    posyandu: i64,
    desa: &'a str,
    periode: &'a str,
    person: i64,
}

/// Buffers posyandu and writes them in bulk.
pub struct Writer {
    form_version: String,
    next_posyandu: i64,
    next_person: i64,
    next_invite: i64,
    next_report: i64,
    next_red_flag: i64,
    tables: Tables,
    pub written: Written,
}

impl Writer {
    /// A writer whose ids follow the highest stored ones; on SQLite, with
    /// a page cache of 512 MB for the rest of the process.
    pub async fn new(db: &Db, form_version: &str) -> sqlx::Result<Writer> {
        let mut next = [0; 5];
        for (id, table) in next.iter_mut().zip(IDS) {
            let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
            *id = on_db!(db, p => sqlx::query_scalar(&sql).fetch_one(p).await?);
        }
        let [next_posyandu, next_person, next_invite, next_report, next_red_flag] = next;
        // Every section's values go into report_value's area index at a
        // dozen months times some 80 codes at once: SQLite's default 2 MB
        // cache could not hold those pages, and the seed took twice as long.
        if let Db::Sqlite(sqlite) = db {
            sqlx::query("PRAGMA cache_size = -524288").execute(&mut *sqlite.lock().await?).await?;
        }
        Ok(Writer {
            form_version: form_version.to_owned(),
            next_posyandu,
            next_person,
            next_invite,
            next_report,
            next_red_flag,
            tables: Tables::new(),
            written: Written::default(),
        })
    }

    /// Buffers one posyandu of `desa`, which exists (with its kader) from
    /// `since` and is expected to report from the month before.
    pub fn add(&mut self, desa: &str, since: DateTime<Utc>, posyandu: &SyntheticPosyandu) -> anyhow::Result<()> {
        let id = self.next_posyandu;
        self.next_posyandu += 1;
        // Expected from the month before the one it joined, as `store::posyandu::add` has it.
        let expected_from = Periode::containing(since, chrono_tz::Tz::UTC).previous().to_string();
        self.tables.posyandu.push([
            id.into(),
            posyandu.name.as_str().into(),
            desa.into(),
            since.into(),
            expected_from.as_str().into(),
        ]);
        let invite = self.next_invite;
        self.next_invite += 1;
        let used = posyandu.kader.len() as i64;
        let code = format!("seed-{id}");
        self.tables.invite.push([
            invite.into(),
            code.into(),
            id.into(),
            used.into(),
            used.into(),
            since.into(),
            since.into(),
        ]);
        let first_person = self.next_person;
        for (n, name) in posyandu.kader.iter().enumerate() {
            let person = self.next_person;
            self.next_person += 1;
            let external = format!("{id}-{}", n + 1);
            self.tables.person.push([person.into(), external.into(), name.as_str().into(), since.into()]);
            self.tables.kader.push([person.into(), id.into(), invite.into(), since.into()]);
        }
        self.add_months(id, desa, first_person, posyandu)?;
        self.written.posyandu += 1;
        self.written.kader += used as u64;
        self.written.reports += posyandu.reports.len() as u64;
        Ok(())
    }

    /// Buffers the months of posyandu `id` of `desa`, sent by its kader
    /// (the first of whom is person `first_person`): every section, and
    /// the balita totals judged against the months before.
    fn add_months(
        &mut self,
        id: i64,
        desa: &str,
        first_person: i64,
        posyandu: &SyntheticPosyandu,
    ) -> anyhow::Result<()> {
        let mut balita = Vec::new();
        for month in &posyandu.reports {
            let periode = month.periode.to_string();
            for report in &month.sections {
                let person = first_person + report.sent_by as i64;
                self.add_section(Owner { posyandu: id, desa, periode: &periode, person }, report)?;
                if report.section == BALITA {
                    balita.push((month.periode, report));
                }
            }
        }
        let months: Vec<_> = balita.iter().map(|(periode, r)| (*periode, report_total::totals(&r.values))).collect();
        for ((periode, report), judged) in balita.iter().zip(report_total::unusual::judge_all(&months)) {
            let totals = report_total::totals_of(&report.values).map(Cell::from);
            let key = [periode.to_string().into(), desa.into(), id.into(), report.sent_at.into()];
            self.tables.total.push(key.into_iter().chain(totals).chain(Cell::judged(judged)));
        }
        Ok(())
    }

    /// Buffers one section's report of `owner`: the report, its first
    /// revision, its values and its red flags.
    fn add_section(&mut self, owner: Owner, report: &SectionReport) -> anyhow::Result<()> {
        let Owner { posyandu, desa, periode, person } = owner;
        let report_id = self.next_report;
        self.next_report += 1;
        let version = self.form_version.as_str();
        let section = report.section.as_str();
        self.tables.report.push([
            report_id.into(),
            posyandu.into(),
            periode.into(),
            section.into(),
            version.into(),
            person.into(),
            report.sent_at.into(),
        ]);
        // A first revision changed every value from nothing.
        let changed: std::collections::BTreeMap<&String, [Option<i64>; 2]> =
            report.values.iter().map(|(code, value)| (code, [None, Some(*value)])).collect();
        self.tables.revision.push([
            report_id.into(),
            person.into(),
            version.into(),
            serde_json::to_string(&report.values)?.into(),
            serde_json::to_string(&changed)?.into(),
            serde_json::to_string(&report.confirmed)?.into(),
            report.sent_at.into(),
        ]);
        for (code, value) in &report.values {
            let row = [report_id.into(), code.as_str().into(), (*value).into(), periode.into(), desa.into()];
            self.tables.value.push(row.into_iter().chain([posyandu.into()]));
        }
        for (code, value) in &report.red_flags {
            let flag = self.next_red_flag;
            self.next_red_flag += 1;
            let row = [flag.into(), posyandu.into(), periode.into(), desa.into(), section.into(), code.as_str().into()];
            self.tables.red_flag.push(row.into_iter().chain([(*value).into(), person.into(), report.sent_at.into()]));
        }
        self.written.sections += 1;
        self.written.red_flags += report.red_flags.len() as u64;
        Ok(())
    }

    /// Rows waiting to be written.
    pub fn waiting(&mut self) -> usize {
        self.tables.in_order().iter().map(|t| t.rows()).sum()
    }

    /// Writes every waiting row in `tx`.
    pub async fn flush(&mut self, tx: &mut Tx) -> sqlx::Result<()> {
        let rows = self.waiting() as u64;
        for table in self.tables.in_order() {
            table.flush(tx).await?;
        }
        self.written.rows += rows;
        Ok(())
    }

    /// After the last commit: on PostgreSQL, the identity sequences move past
    /// the ids written here, so the bot's own inserts do not collide with
    /// them, and the planner learns the new sizes.
    pub async fn finish(db: &Db) -> sqlx::Result<()> {
        let Db::Postgres(pool) = db else { return Ok(()) };
        for table in IDS {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            );
            sqlx::query(&sql).execute(pool).await?;
        }
        // Marks the pages all-visible, so digests read report_total and
        // report (silence, the missing list) from their indexes alone from
        // the start (autovacuum would, later).
        sqlx::query("VACUUM report_total, report").execute(pool).await?;
        sqlx::query("ANALYZE").execute(pool).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_number_every_bound_value() {
        let sql = statement("INSERT INTO t (a, b, c) VALUES ", "(?, 'x', ?)", 3, true);
        assert_eq!(sql, "INSERT INTO t (a, b, c) VALUES ($1, 'x', $2), ($3, 'x', $4), ($5, 'x', $6)");
        let sql = statement("INSERT INTO t (a, b, c) VALUES ", "(?, 'x', ?)", 2, false);
        assert_eq!(sql, "INSERT INTO t (a, b, c) VALUES (?, 'x', ?), (?, 'x', ?)");
    }
}
