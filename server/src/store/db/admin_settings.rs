//! The admin's settings as stored (`shared::settings`), and the copy each process holds, checked
//! against their generation before use so that a save in any process applies in every other.

use super::unit::{Statement, Unit};
use super::{Database, DbError, generations, rows_of};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use shared::settings::Settings;
use std::sync::RwLock;

/// The settings as stored, with who saved them last and when (`None` for the shipped defaults).
#[derive(Debug, Clone, Serialize)]
pub struct Stored {
    pub settings: Settings,
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Clone)]
struct Held {
    generation: String,
    stored: Stored,
}

#[derive(Deserialize)]
struct Row {
    doc: String,
    updated_by: String,
    updated_at: String,
}

/// The generation and the row in one round trip: a save landing between the two leaves newer
/// settings under an older generation, which the next check finds moved and reads again.
async fn read(db: &Database) -> Result<Held, DbError> {
    let mut vars = Map::new();
    generations::bind(&[generations::SETTINGS.to_owned()], &mut vars);
    let sql = format!(
        "{}\nSELECT doc, updated_by, <string> updated_at AS updated_at FROM admin_setting:current;",
        generations::read_sql(1)
    );
    let mut results = db.run(&sql, Value::Object(vars)).await?.into_iter();
    let generation = generations::generation_of(results.next());
    let rows: Vec<Row> = rows_of(results.next().unwrap_or(Value::Null))?;
    let stored = match rows.into_iter().next() {
        None => Stored {
            settings: Settings::default(),
            updated_by: None,
            updated_at: None,
        },
        Some(r) => Stored {
            settings: serde_json::from_str(&r.doc)?,
            updated_by: Some(r.updated_by),
            updated_at: Some(r.updated_at),
        },
    };
    Ok(Held { generation, stored })
}

/// The settings as this process last read them, checked against the database before each use.
pub struct Shared {
    held: RwLock<Held>,
}

impl Shared {
    pub async fn load(db: &Database) -> Result<Shared, DbError> {
        Ok(Shared {
            held: RwLock::new(read(db).await?),
        })
    }

    /// The settings as stored now: one read of their generation, and the row read again only
    /// when a save moved it since.
    pub async fn current(&self, db: &Database) -> Result<Settings, DbError> {
        Ok(self.current_stored(db).await?.1.settings)
    }

    /// The same with who saved them and the generation, a mark for what is computed with them.
    pub async fn current_stored(&self, db: &Database) -> Result<(String, Stored), DbError> {
        let now = generations::read(db, &[generations::SETTINGS.to_owned()]).await?;
        let held = self.held();
        if held.generation == now {
            return Ok((held.generation, held.stored));
        }
        let fresh = read(db).await?;
        *self.held.write().unwrap_or_else(|p| p.into_inner()) = fresh.clone();
        Ok((fresh.generation, fresh.stored))
    }

    fn held(&self) -> Held {
        // Writers replace the whole value, so a poisoned lock still holds whole settings.
        self.held.read().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// The write that replaces the stored settings (already checked) with a new generation, which
/// every process sees before it next applies them.
pub fn save(settings: &Settings, updated_by: &str) -> Result<Unit, DbError> {
    let save = Statement::new(
        "UPSERT admin_setting:current SET doc = $doc, updated_by = $by, updated_at = time::now()
         RETURN NONE;",
    )
    .bind("doc", serde_json::to_string(settings)?)
    .bind("by", updated_by);
    let mut unit = Unit::from(save);
    unit.bump(generations::SETTINGS);
    Ok(unit)
}
