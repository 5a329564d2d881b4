use super::*;

/// A log written the way SurrealKV's `wal::Writer` writes one, with where each record ends.
#[derive(Default)]
struct Log {
    bytes: Vec<u8>,
    ends: Vec<u64>,
}

impl Log {
    fn with(sizes: &[usize]) -> Log {
        let mut log = Log::default();
        for (i, &size) in sizes.iter().enumerate() {
            log.add(&vec![i as u8 + 1; size]);
        }
        log
    }

    fn add(&mut self, mut payload: &[u8]) {
        let mut first = true;
        loop {
            let left = BLOCK - self.bytes.len() % BLOCK;
            if left < HEADER {
                self.bytes.extend(std::iter::repeat_n(0, left));
            }
            let room = BLOCK - self.bytes.len() % BLOCK - HEADER;
            let (fragment, rest) = payload.split_at(payload.len().min(room));
            let kind = match (first, rest.is_empty()) {
                (true, true) => FULL,
                (true, false) => FIRST,
                (false, false) => MIDDLE,
                (false, true) => LAST,
            };
            let mut crc = crc32fast::Hasher::new();
            crc.update(&[kind]);
            crc.update(fragment);
            self.bytes.extend(crc.finalize().to_be_bytes());
            self.bytes.extend((fragment.len() as u16).to_be_bytes());
            self.bytes.push(kind);
            self.bytes.extend(fragment);
            payload = rest;
            first = false;
            if payload.is_empty() {
                break;
            }
        }
        self.ends.push(self.bytes.len() as u64);
    }

    /// What a crash that cut the log at `cut` leaves for the scan to find.
    fn expected_at(&self, cut: usize) -> Tail {
        let cut = cut as u64;
        let last = self
            .ends
            .iter()
            .copied()
            .filter(|&e| e <= cut)
            .max()
            .unwrap_or(0);
        if cut == last || (cut.is_multiple_of(BLOCK as u64) && cut - last < HEADER as u64) {
            Tail::Whole
        } else {
            Tail::Torn { keep: last }
        }
    }
}

/// Small records, one that fills its block to the byte, one that leaves less than a header's room
/// (so padding follows), and ones split over two and over four blocks.
fn varied() -> Log {
    let mut log = Log::with(&[10, 40_000, 3]);
    let room = |log: &Log| BLOCK - log.bytes.len() % BLOCK - HEADER;
    log.add(&vec![4; room(&log)]);
    assert_eq!(log.bytes.len() % BLOCK, 0, "fills its block");
    log.add(&[5; 5]);
    log.add(&vec![6; room(&log) - 3]);
    assert_eq!(BLOCK - log.bytes.len() % BLOCK, 3, "padding follows");
    log.add(&vec![7; 100_000]);
    log.add(&[8; 9]);
    log
}

#[test]
fn a_log_of_whole_records_is_left_alone() {
    let log = varied();
    assert_eq!(scan(&log.bytes[..]).unwrap(), Tail::Whole);
    assert_eq!(scan(&[][..]).unwrap(), Tail::Whole);
}

#[test]
fn a_log_cut_anywhere_by_a_crash_goes_back_to_its_last_whole_record() {
    let log = varied();
    // Every 61st byte, and every byte near a record's end or a block's edge.
    let mut cuts: Vec<usize> = (0..log.bytes.len()).step_by(61).collect();
    for edge in log
        .ends
        .iter()
        .map(|&e| e as usize)
        .chain((0..8).map(|b| b * BLOCK))
    {
        cuts.extend(edge.saturating_sub(HEADER + 1)..(edge + HEADER + 1).min(log.bytes.len()));
    }
    for cut in cuts {
        assert_eq!(
            scan(&log.bytes[..cut]).unwrap(),
            log.expected_at(cut),
            "cut at byte {cut}"
        );
    }
}

#[test]
fn the_start_of_a_split_record_with_nothing_after_it_is_torn() {
    // The shape CI found: a First fragment that fills its block, and the log ends there.
    let mut log = Log::with(&[10]);
    let whole = log.bytes.len() as u64;
    log.add(&vec![7; BLOCK]);
    assert_eq!(
        scan(&log.bytes[..BLOCK]).unwrap(),
        Tail::Torn { keep: whole }
    );
}

#[test]
fn a_bad_record_with_whole_ones_after_it_is_damage_not_a_crash() {
    let mut log = Log::with(&[10, 2 * BLOCK, 10]);
    log.bytes[HEADER + 2] ^= 0xff;
    assert_eq!(scan(&log.bytes[..]).unwrap(), Tail::Damaged { at: 0 });
}

#[test]
fn a_bad_record_in_the_last_block_is_a_torn_tail() {
    let mut log = Log::with(&[10, 20, 30]);
    let second = log.ends[0] as usize;
    log.bytes[second + HEADER] ^= 0xff;
    assert_eq!(
        scan(&log.bytes[..]).unwrap(),
        Tail::Torn { keep: log.ends[0] }
    );
}

fn store_with(segments: &[(&str, &[u8])]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("duban-wal-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("wal")).unwrap();
    for (name, bytes) in segments {
        std::fs::write(dir.join("wal").join(name), bytes).unwrap();
    }
    dir
}

#[test]
fn only_the_newest_segment_is_cut_and_only_to_its_last_whole_record() {
    let log = varied();
    let cut = log.ends[2] as usize + 100;
    let dir = store_with(&[
        ("00000000000000000003.wal", &log.bytes[..cut]),
        ("00000000000000000004.wal", &log.bytes[..cut]),
        ("00000000000000000004.wal.repair", &log.bytes[..cut]),
    ]);
    let trimmed = trim_torn_tail(&dir).unwrap();
    let newest = dir.join("wal/00000000000000000004.wal");
    assert_eq!(
        trimmed,
        Some(Trimmed {
            segment: newest.clone(),
            from: cut as u64,
            to: log.ends[2],
        })
    );
    assert_eq!(std::fs::metadata(&newest).unwrap().len(), log.ends[2]);
    let older = dir.join("wal/00000000000000000003.wal");
    assert_eq!(std::fs::metadata(older).unwrap().len(), cut as u64);
    // A second look finds it whole.
    assert_eq!(trim_torn_tail(&dir).unwrap(), None);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_store_another_process_holds_is_not_touched() {
    let log = Log::with(&[10, 20]);
    let dir = store_with(&[("00000000000000000000.wal", &log.bytes[..25])]);
    let held = File::create(dir.join("LOCK")).unwrap();
    held.try_lock().unwrap();
    assert_eq!(trim_torn_tail(&dir).unwrap(), None);
    let segment = dir.join("wal/00000000000000000000.wal");
    assert_eq!(std::fs::metadata(&segment).unwrap().len(), 25);
    drop(held);
    assert!(trim_torn_tail(&dir).unwrap().is_some());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_store_without_a_log_is_left_alone() {
    let dir = std::env::temp_dir().join(format!("duban-wal-{}", uuid::Uuid::new_v4()));
    assert_eq!(trim_torn_tail(&dir).unwrap(), None);
    assert!(!dir.exists(), "looking does not create the store");
}
