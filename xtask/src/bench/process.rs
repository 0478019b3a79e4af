//! Child processes measured: wall time, CPU time and the peak memory of the
//! largest process among a child and its descendants (`wait4`).

use std::fs::File;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// What one child process cost.
pub struct Usage {
    pub wall: Duration,
    /// User + system time of the child and all its waited-for descendants.
    pub cpu: Duration,
    /// Max RSS of the largest process among the child and its descendants.
    pub max_rss: u64,
}

/// Runs `command` with its output appended to `log`; an error quotes the log's end.
pub fn run_logged(mut command: Command, log: &Path) -> Result<Usage, String> {
    let out = File::options().create(true).append(true).open(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| format!("{}: {e}", log.display()))?;
    command.stdin(std::process::Stdio::null()).stdout(out).stderr(err);
    let start = Instant::now();
    let child = command.spawn().map_err(|e| format!("{command:?}: {e}"))?;
    let (status, usage) = wait_with_usage(child.id())?;
    let wall = start.elapsed();
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!("{command:?} failed (log: {}):\n{}", log.display(), tail.join("\n")));
    }
    Ok(Usage { wall, cpu: cpu_time(&usage), max_rss: kib(usage.ru_maxrss) })
}

/// `wait4`: the exit status and the resource usage of this one child (its
/// own descendants included, as they were waited for).
fn wait_with_usage(pid: u32) -> Result<(libc::c_int, libc::rusage), String> {
    let pid = libc::pid_t::try_from(pid).map_err(|e| e.to_string())?;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live, writable locals of the right type.
        let done = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if done == pid {
            return Ok((status, usage));
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("wait4: {e}"));
        }
    }
}

/// Max RSS in bytes of this process (`RUSAGE_SELF`) or of its largest waited-for child.
pub fn max_rss(who: libc::c_int) -> Result<u64, String> {
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a live, writable `rusage`.
    if unsafe { libc::getrusage(who, &mut usage) } != 0 {
        return Err(format!("getrusage: {}", std::io::Error::last_os_error()));
    }
    Ok(kib(usage.ru_maxrss))
}

/// `ru_maxrss` is in KiB on Linux.
fn kib(value: libc::c_long) -> u64 {
    u64::try_from(value).unwrap_or(0) * 1024
}

fn cpu_time(usage: &libc::rusage) -> Duration {
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}
