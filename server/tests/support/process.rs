//! The `duban` binary as a child process, started and awaited the one way the process, crash and
//! cluster tests need: the first line it prints is `listening on http://…`, and until then it may
//! only warn (a log cut back after a crash). Each test crate includes this file with `#[path]`.

// Each test crate uses part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The test binary's `duban`, with its log as plain text so lines compare as text.
pub fn duban() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_duban"));
    cmd.env("NO_COLOR", "1");
    cmd
}

pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:<port>`, as the process printed it.
    pub base: String,
    /// What the process printed before it said where it listens.
    pub before_ready: Vec<String>,
    /// Every line printed after that (stdout, and stderr when the command pipes it).
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `cmd` and waits until it says where it listens. Its output is read to the end on
    /// threads of its own, passed on to the test's output and kept in `log`: a closed pipe would
    /// stop the server's logging.
    pub fn start(mut cmd: Command) -> Server {
        let mut child = cmd
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let mut out = BufReader::new(child.stdout.take().expect("stdout piped"));
        let mut before_ready = Vec::new();
        let base = loop {
            let mut line = String::new();
            assert!(
                out.read_line(&mut line).expect("reads a line") > 0,
                "the server stopped before it said where it listens: {before_ready:#?}"
            );
            match line.trim().strip_prefix("listening on ") {
                Some(base) => break base.to_owned(),
                None => {
                    eprint!("server before ready: {line}");
                    before_ready.push(line.trim_end().to_owned());
                }
            }
        };
        let log = Arc::new(Mutex::new(Vec::new()));
        keep_reading(out, Arc::clone(&log));
        if let Some(err) = child.stderr.take() {
            keep_reading(BufReader::new(err), Arc::clone(&log));
        }
        Server {
            child,
            base,
            before_ready,
            log,
        }
    }

    /// The lines logged so far that contain `text`.
    pub fn lines_with(&self, text: &str) -> Vec<String> {
        self.log
            .lock()
            .map(|l| l.iter().filter(|x| x.contains(text)).cloned().collect())
            .unwrap_or_default()
    }

    /// SIGTERM, then the exit status once it stops (at most a minute: a stop writes the store out).
    pub async fn terminate(&mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        for _ in 0..600 {
            if let Some(code) = self.child.try_wait().expect("the child's status") {
                return code;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not stop on SIGTERM");
    }

    /// SIGKILL, and the process reaped.
    pub fn kill9(mut self) {
        self.kill();
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn keep_reading(from: BufReader<impl Read + Send + 'static>, log: Arc<Mutex<Vec<String>>>) {
    std::thread::spawn(move || {
        for line in from.lines().map_while(Result::ok) {
            eprintln!("server: {line}");
            if let Ok(mut l) = log.lock() {
                l.push(line);
            }
        }
    });
}
