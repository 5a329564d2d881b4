//! The working-day calendar as stored: admin-loaded years override the shipped official ones.

use super::unit::{Statement, Unit};
use super::{Database, DbError, generations, rows_of};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use shared::{Calendar, YearSchedule};
use std::sync::RwLock;

/// A year an admin saved, with who saved it and when.
#[derive(Debug, Clone, Deserialize)]
pub struct StoredYear {
    pub year: i32,
    pub source: String,
    pub holidays: Vec<NaiveDate>,
    pub makeup_workdays: Vec<NaiveDate>,
    pub updated_by: String,
    pub updated_at: String,
}

impl StoredYear {
    pub fn schedule(&self) -> YearSchedule {
        YearSchedule {
            year: self.year,
            source: self.source.clone(),
            holidays: self.holidays.clone(),
            makeup_workdays: self.makeup_workdays.clone(),
        }
    }
}

const SELECT: &str = "SELECT year, source, holidays, makeup_workdays, updated_by, <string> updated_at AS updated_at FROM calendar_year";

/// The calendar the rules use: the official schedules, then every year an admin saved.
pub async fn load(db: &Database) -> Result<Calendar, DbError> {
    Ok(read(db).await?.calendar)
}

/// The calendar with the generation it was read under (`generations::CALENDAR`).
#[derive(Clone)]
struct Held {
    generation: String,
    calendar: Calendar,
}

/// The generation first, then the years, in one round trip: a save landing between the two
/// leaves newer years under an older generation, which the next check finds moved and reads
/// again, never older years under a newer one.
async fn read(db: &Database) -> Result<Held, DbError> {
    let mut vars = Map::new();
    generations::bind(&[generations::CALENDAR.to_owned()], &mut vars);
    let sql = format!("{}\n{SELECT} ORDER BY year;", generations::read_sql(1));
    let mut results = db.run(&sql, Value::Object(vars)).await?.into_iter();
    let generation = generations::generation_of(results.next());
    let stored: Vec<StoredYear> = rows_of(results.next().unwrap_or(Value::Null))?;
    let calendar = stored
        .iter()
        .try_fold(Calendar::official(), |calendar, y| {
            calendar.with_year(y.schedule())
        })
        // Only a row changed behind the server's back can fail here: every save was validated.
        .map_err(|e| {
            DbError::Decode(<serde_json::Error as serde::de::Error>::custom(format!(
                "stored calendar year: {e}"
            )))
        })?;
    Ok(Held {
        generation,
        calendar,
    })
}

/// The calendar as this process last read it, checked against the database before it is used:
/// an admin's save in any process on the same database reaches the next deadline computed in
/// every other, which a copy kept only in memory would not.
pub struct Shared {
    held: RwLock<Held>,
}

impl Shared {
    pub async fn load(db: &Database) -> Result<Shared, DbError> {
        Ok(Shared {
            held: RwLock::new(read(db).await?),
        })
    }

    /// As last read, without asking the database: for work at startup, before any request
    /// (demo data, the scale seed), right after `load`.
    pub fn as_loaded(&self) -> Calendar {
        self.held().calendar
    }

    /// The calendar as stored now: one read of its generation, and the years read again only
    /// when a save moved it since.
    pub async fn current(&self, db: &Database) -> Result<Calendar, DbError> {
        Ok(self.current_with_generation(db).await?.1)
    }

    /// The same, with its generation: a mark for what is computed with it (the report cache).
    pub async fn current_with_generation(
        &self,
        db: &Database,
    ) -> Result<(String, Calendar), DbError> {
        let now = generations::read(db, &[generations::CALENDAR.to_owned()]).await?;
        let held = self.held();
        if held.generation == now {
            return Ok((held.generation, held.calendar));
        }
        let fresh = read(db).await?;
        *self.held.write().unwrap_or_else(|p| p.into_inner()) = fresh.clone();
        Ok((fresh.generation, fresh.calendar))
    }

    fn held(&self) -> Held {
        // Writers replace the whole value, so a poisoned lock still holds a whole calendar.
        self.held.read().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

pub async fn find_year(db: &Database, year: i32) -> Result<Option<StoredYear>, DbError> {
    db.first(
        &format!("{SELECT} WHERE year = $year LIMIT 1"),
        json!({ "year": year }),
    )
    .await
}

/// The write that replaces the stored year with `schedule`, with a new calendar generation, which
/// every process sees before its next deadline.
pub fn save_year(schedule: &YearSchedule, updated_by: &str) -> Unit {
    let save = Statement::new(
        "DELETE calendar_year WHERE year = $year;
         CREATE calendar_year SET year = $year, source = $source, holidays = $holidays,
             makeup_workdays = $makeup, updated_by = $by, updated_at = time::now() RETURN NONE;",
    )
    .bind("year", schedule.year)
    .bind("source", schedule.source.clone())
    .bind("holidays", json!(schedule.holidays))
    .bind("makeup", json!(schedule.makeup_workdays))
    .bind("by", updated_by);
    let mut unit = Unit::from(save);
    unit.bump(generations::CALENDAR);
    unit
}
