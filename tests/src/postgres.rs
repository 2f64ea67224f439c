//! A PostgreSQL server of a test's own (Debian's binaries, which the test command installs):
//! a new cluster in a temporary folder, on 127.0.0.1 and a free port, stopped and removed when
//! dropped. The tests of several servers on one database, of the change feed and of a
//! database restart use it.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use tempfile::TempDir;

/// A running PostgreSQL server.
pub struct Postgres {
    bin: PathBuf,
    dir: TempDir,
    port: u16,
    running: bool,
    databases: u32,
}

fn as_owner(cmd: &mut Command) -> &mut Command {
    cmd.stdout(Stdio::null()).stderr(Stdio::null())
}

impl Postgres {
    /// Starts a new cluster (initdb, then pg_ctl start).
    pub fn start() -> Postgres {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL is installed (the test command installs Debian's postgresql)")
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|p| p.join("initdb").exists())
            .max()
            .expect("a PostgreSQL version with initdb");
        let dir = tempfile::Builder::new()
            .prefix("caremap-test-pg")
            .tempdir()
            .unwrap();
        let root = is_root();
        if root {
            chown_postgres(dir.path());
        }
        let data = dir.path().join("data");
        run(
            root,
            Command::new(bin.join("initdb")).arg("-D").arg(&data).args([
                "-U",
                "caremap",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]),
        );
        let port = free_port();
        let mut pg = Postgres {
            bin,
            dir,
            port,
            running: false,
            databases: 0,
        };
        pg.pg_ctl("start");
        pg
    }

    fn pg_ctl(&mut self, action: &str) {
        let data = self.dir.path().join("data");
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let mut cmd = Command::new(self.bin.join("pg_ctl"));
        cmd.arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(self.dir.path().join("log"))
            .args(["-w", "-m", "fast", "-o", &options, action]);
        run(is_root(), &mut cmd);
        self.running = action != "stop";
    }

    /// Stops the server (fast shutdown: sessions are cut).
    pub fn stop(&mut self) {
        self.pg_ctl("stop");
    }

    /// Starts it again after [`Postgres::stop`], on the same port.
    pub fn resume(&mut self) {
        self.pg_ctl("start");
    }

    /// The URL of a new, empty database.
    pub fn new_database(&mut self) -> String {
        self.databases += 1;
        let name = format!("caremap_{}", self.databases);
        let admin = format!("postgres://caremap@127.0.0.1:{}/postgres", self.port);
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                use sea_orm::ConnectionTrait;
                let db = sea_orm::Database::connect(&admin).await.unwrap();
                db.execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .unwrap();
                db.close().await.unwrap();
            });
        format!("postgres://caremap@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if self.running {
            self.stop();
        }
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

fn chown_postgres(path: &std::path::Path) {
    let ok = Command::new("chown")
        .arg("postgres")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "chown postgres {}", path.display());
}

/// Runs a PostgreSQL tool, as the `postgres` user when this is root (PostgreSQL refuses root).
fn run(root: bool, cmd: &mut Command) {
    let status = if root {
        let mut r = Command::new("runuser");
        r.args(["-u", "postgres", "--"])
            .arg(cmd.get_program())
            .args(cmd.get_args());
        as_owner(&mut r).status()
    } else {
        as_owner(cmd).status()
    };
    let status = status.expect("PostgreSQL tool runs");
    assert!(status.success(), "{:?} failed: {status}", cmd.get_program());
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
